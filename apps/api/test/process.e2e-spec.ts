import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { descendantsOf, freePort, isAlive, startApi, startNpm, stopLeftoverApis, waitForHealth } from './support/api-process';
import { createTestDatabase } from './support/test-database';
// The shared test server has one hotleads_app role; its password derives from ENCRYPTION_KEY, so every
// process on that server must use the same key or it would change the password under the others.
import { TEST_ENCRYPTION_KEY } from './support/test-app';

const OWNER = { email: 'process-owner@example.com', password: 'process owner passphrase 4 tests' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function eventually(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await sleep(50);
  return condition();
}

function postmasterPid(dataDir: string): number {
  return Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

async function occupy(port: number, host: string): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}

// A request whose headers (and the start of its body) are sent now and the rest when the test says: it
// is in flight, routed and waiting, while the server is told to stop.
function slowRequest(port: number, path: string, body: unknown): { sendRest(): void; response: Promise<{ status: number; body: string }> } {
  const payload = Buffer.from(JSON.stringify(body));
  const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': payload.length } });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (res) => {
      let data = '';
      res.on('data', (chunk: Buffer) => (data += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
    });
  });
  req.write(payload.subarray(0, 5));
  return { sendRest: () => req.end(payload.subarray(5)), response };
}

function postgresProcessesFor(dataDir: string): string[] {
  try {
    return execFileSync('pgrep', ['-af', dataDir], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.includes('postgres'));
  } catch {
    return [];
  }
}

// The built server as an operator runs it: config errors, embedded PostgreSQL, SIGTERM, restart.
describe('the API process', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hotleads-process-'));
    await chmod(dataDir, 0o755);
  });

  afterEach(async () => {
    // Before its data goes: a failed or timed-out test has not stopped its API.
    await stopLeftoverApis();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses a malformed setting with one clear line and exit code 1', async () => {
    const proc = startApi({ PORT: 'abc', DATA_DIR: dataDir });
    expect(await proc.exited).toBe(1);
    const lines = proc.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^hotleads: Invalid configuration: PORT must be a whole number/);
  });

  it('refuses to start in production without its secrets', async () => {
    const proc = startApi({ NODE_ENV: 'production', DATA_DIR: dataDir });
    expect(await proc.exited).toBe(1);
    expect(proc.output()).toMatch(/JWT_SECRET is required when NODE_ENV=production/);
  });

  // Two cold starts of an embedded PostgreSQL: each took over 60 s on a loaded 2-core machine.
  it('starts embedded PostgreSQL in DATA_DIR, stops cleanly on SIGTERM and reuses the data', async () => {
    const port = await freePort();
    const env = { PORT: String(port), DATA_DIR: dataDir, NODE_ENV: 'test', LOG_LEVEL: 'info', LOG_FORMAT: 'json' };

    const first = startApi(env);
    await waitForHealth(port, first);
    expect(existsSync(join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);
    expect(first.output()).toContain('migration applied');
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(postgresProcessesFor(dataDir)).toEqual([]);
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);

    const second = startApi(env);
    await waitForHealth(port, second);
    expect(second.output()).not.toContain('migration applied');
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
    expect(postgresProcessesFor(dataDir)).toEqual([]);
  }, 300_000);

  it('runs workers without an HTTP server when WORKERS=only, and stops cleanly', async () => {
    const db = await createTestDatabase();
    try {
      // The test holds the port itself: a server that tried to listen on it would fail to start. (Probing a
      // port picked earlier raced with other suites' APIs, one of which once took it and answered.)
      const port = await freePort();
      const guard = await occupy(port, '127.0.0.1');
      try {
        const proc = startApi({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, NODE_ENV: 'test', LOG_LEVEL: 'info', LOG_FORMAT: 'json', DATABASE_URL: db.url, ENCRYPTION_KEY: TEST_ENCRYPTION_KEY, WORKERS: 'only' });
        const deadline = Date.now() + 60_000;
        while (!proc.output().includes('background workers only') && Date.now() < deadline && proc.child.exitCode === null) {
          await sleep(200);
        }
        expect(proc.output()).toContain('background workers only');
        await sleep(500);
        expect(proc.child.exitCode).toBeNull();
        expect(proc.output()).not.toContain('EADDRINUSE');
        proc.child.kill('SIGTERM');
        expect(await proc.exited).toBe(0);
      } finally {
        guard.close();
      }
    } finally {
      await db.drop();
    }
  });

  it('uses DATABASE_URL when set and starts no embedded server', async () => {
    const db = await createTestDatabase();
    try {
      const port = await freePort();
      const proc = startApi({ PORT: String(port), DATA_DIR: dataDir, NODE_ENV: 'test', DATABASE_URL: db.url, ENCRYPTION_KEY: TEST_ENCRYPTION_KEY });
      await waitForHealth(port, proc);
      expect(existsSync(join(dataDir, 'postgres'))).toBe(false);
      proc.child.kill('SIGTERM');
      expect(await proc.exited).toBe(0);
    } finally {
      await db.drop();
    }
  });
});

// Ways a start must be refused before it does anything lasting, and how it leaves DATA_DIR when it fails.
describe('the API process refusing to start', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hotleads-refuse-'));
    await chmod(dataDir, 0o755);
  });

  afterEach(async () => {
    await stopLeftoverApis();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses a second instance on the same DATA_DIR with one line, leaving the first untouched, and takes over only from an owner that is gone', async () => {
    const port = await freePort();
    const env = { PORT: String(port), DATA_DIR: dataDir, NODE_ENV: 'test', LOG_LEVEL: 'warn', LOG_FORMAT: 'json' };
    const first = startApi(env);
    let third: ReturnType<typeof startApi> | undefined;
    try {
      await waitForHealth(port, first);
      const postmaster = postmasterPid(dataDir);

      const second = startApi({ ...env, PORT: String(await freePort()) });
      expect(await second.exited).toBe(1);
      expect(second.output().trim().split('\n')).toEqual([
        `hotleads: another Hot Leads (pid ${first.child.pid}) is using DATA_DIR ${dataDir}; stop it first or choose another DATA_DIR`,
      ]);
      expect(isAlive(postmaster)).toBe(true);
      expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200);

      // The first dies without cleaning up (SIGKILL): its PostgreSQL, in its own process group, lives on.
      first.child.kill('SIGKILL');
      await first.exited;
      expect(isAlive(postmaster)).toBe(true);
      third = startApi(env);
      await waitForHealth(port, third);
      expect(isAlive(postmaster)).toBe(false);
      third.child.kill('SIGTERM');
      expect(await third.exited).toBe(0);
      expect(postgresProcessesFor(dataDir)).toEqual([]);
    } finally {
      first.child.kill('SIGKILL');
      third?.child.kill('SIGKILL');
    }
    // Two starts of an embedded server (the first with initdb and migrations) on a loaded machine.
  }, 240_000);

  it('refuses a port in use with one line, before creating anything', async () => {
    const port = await freePort();
    const blocker = await occupy(port, '0.0.0.0');
    try {
      const target = join(dataDir, 'fresh');
      const proc = startApi({ PORT: String(port), DATA_DIR: target, NODE_ENV: 'test', LOG_LEVEL: 'info', LOG_FORMAT: 'json' });
      expect(await proc.exited).toBe(1);
      expect(proc.output().trim().split('\n')).toEqual([`hotleads: port ${port} on 0.0.0.0 is already in use; stop what listens there or choose another PORT`]);
      expect(existsSync(target)).toBe(false);
    } finally {
      blocker.close();
    }
  });

  it('refuses a DATA_DIR under /proc at once, with one line', async () => {
    const startedAt = Date.now();
    const proc = startApi({ PORT: String(await freePort()), DATA_DIR: '/proc/hotleads/data', NODE_ENV: 'test', LOG_LEVEL: 'info', LOG_FORMAT: 'json' });
    expect(await proc.exited).toBe(1);
    expect(Date.now() - startedAt).toBeLessThan(20_000);
    expect(proc.output().trim().split('\n')).toEqual(['hotleads: DATA_DIR /proc/hotleads/data is under /proc, a kernel file system; choose a folder on disk']);
  });

  it('undoes a first start that fails half-way: no postgres/, no secrets.json, no server left', async () => {
    const pgPort = await freePort();
    const blocker = await occupy(pgPort, '127.0.0.1');
    try {
      const target = join(dataDir, 'fresh');
      const proc = startApi({ PORT: String(await freePort()), DATA_DIR: target, EMBEDDED_POSTGRES_PORT: String(pgPort), NODE_ENV: 'test', LOG_LEVEL: 'info', LOG_FORMAT: 'json' });
      expect(await proc.exited).toBe(1);
      const lines = proc.output().trim().split('\n');
      expect(lines[lines.length - 1]).toMatch(/^hotleads: Embedded PostgreSQL exited during start/);
      expect(lines.findIndex((line) => line.includes('starting embedded PostgreSQL'))).toBe(0);
      expect(existsSync(target)).toBe(false);
      expect(postgresProcessesFor(target)).toEqual([]);
    } finally {
      blocker.close();
    }
  });

  it('logs what an operator needs at info: no line per module or route, none for the SPA files or health probes', async () => {
    const db = await createTestDatabase();
    const web = join(dataDir, 'web');
    await mkdir(join(web, 'assets'), { recursive: true });
    await writeFile(join(web, 'index.html'), '<!doctype html><title>x</title>');
    await writeFile(join(web, 'assets', 'app.js'), 'console.log(1)');
    const port = await freePort();
    const proc = startApi({
      PORT: String(port),
      DATA_DIR: dataDir,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      DATABASE_URL: db.url,
      ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      WEB_DIST_DIR: web,
      ADMIN_EMAIL: OWNER.email,
      ADMIN_PASSWORD: OWNER.password,
    });
    try {
      await waitForHealth(port, proc);
      const startLines = proc.output().trim().split('\n');
      expect(proc.output()).not.toMatch(/RouterExplorer|RoutesResolver|InstanceLoader|Mapped \{/);
      // The job queue, the first workspace, "listening" (and room for a few more): not ~110 lines.
      expect(startLines.length).toBeLessThanOrEqual(6);

      for (const path of ['/', '/assets/app.js', '/health', '/health/ready', '/api/v1/auth/me']) await fetch(`http://127.0.0.1:${port}${path}`);
      proc.child.kill('SIGTERM');
      expect(await proc.exited).toBe(0);
      const requestLines = proc
        .output()
        .trim()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => (JSON.parse(line) as { msg: string }).msg)
        .filter((msg) => /^(GET|POST) /.test(msg));
      expect(requestLines).toEqual(['GET /api/v1/auth/me 401']);
    } finally {
      proc.child.kill('SIGKILL');
      await db.drop();
    }
  });
});

// `npm start` as a user or a supervisor runs and stops it: npm -> node scripts/start.mjs (the API) -> postgres.
describe('`npm start`', () => {
  let dataDir: string;
  let port: number;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hotleads-npm-start-'));
    await chmod(dataDir, 0o755);
    port = await freePort();
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it.each([
    ['SIGINT to its process group (Ctrl-C)', 'group', 'SIGINT'],
    ['SIGTERM to its process group', 'group', 'SIGTERM'],
    ['SIGTERM to the npm process alone (a supervisor)', 'npm', 'SIGTERM'],
  ] as const)('stops on %s: finishes the request in flight, stops PostgreSQL, exits 0, leaves no process', async (_name, target, signal) => {
    const proc = startNpm({
      PORT: String(port),
      DATA_DIR: dataDir,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      ADMIN_EMAIL: OWNER.email,
      ADMIN_PASSWORD: OWNER.password,
    });
    const npmPid = proc.child.pid!;
    let processes: number[] = [];
    try {
      await waitForHealth(port, proc, 180_000);
      processes = descendantsOf(npmPid);
      expect(processes).toContain(postmasterPid(dataDir));

      const slow = slowRequest(port, '/api/v1/auth/login', OWNER);
      await sleep(500);
      process.kill(target === 'group' ? -npmPid : npmPid, signal);
      expect(await eventually(() => proc.output().includes('shutting down'), 10_000)).toBe(true);
      slow.sendRest();
      const res = await slow.response;
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toHaveProperty('accessToken');

      expect(await proc.exited).toBe(0);
      expect(proc.output().match(/shutting down/g)).toHaveLength(1);
      expect(proc.output()).toContain('embedded PostgreSQL stopped');
      expect(await eventually(() => processes.every((pid) => !isAlive(pid)), 5_000)).toBe(true);
      expect(postgresProcessesFor(dataDir)).toEqual([]);
    } finally {
      for (const pid of [npmPid, ...processes]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      await proc.exited;
    }
    // npm, a stale-build check and (the first time) initdb and migrations, on a loaded machine.
  }, 240_000);
});
