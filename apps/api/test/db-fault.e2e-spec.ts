import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startApi, waitForHealth } from './support/api-process';
import { createTestApp, TEST_OWNER_EMAIL, TEST_OWNER_PASSWORD, type TestApp } from './support/test-app';
import { createTestDatabase, type TestDatabase } from './support/test-database';

const OWNER = { email: 'fault-owner@example.com', password: 'fault owner passphrase 4 tests' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function postgresProcessesFor(dataDir: string): string[] {
  try {
    return execFileSync('pgrep', ['-af', dataDir], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.includes('postgres'));
  } catch {
    return [];
  }
}

// Polls until `accept` holds for a response, and returns that response (or the last one).
async function until(probe: () => Promise<Response>, accept: (res: Response) => boolean, timeoutMs: number): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (!accept(last) && Date.now() < deadline) {
    await sleep(50);
    last = await probe();
  }
  return last;
}

async function expectDatabaseUnavailable(res: Response): Promise<void> {
  expect(res.status).toBe(503);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.headers.get('retry-after')).toBe('5');
  await expect(res.json()).resolves.toMatchObject({ status: 503, code: 'database_unavailable' });
}

describe('the API while its database is away', () => {
  it('answers 503 problem+json while the embedded PostgreSQL is down, restarts it, and answers 2xx again without an API restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'hotleads-dbfault-'));
    await chmod(dataDir, 0o755);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const proc = startApi({
      PORT: String(port),
      DATA_DIR: dataDir,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      ADMIN_EMAIL: OWNER.email,
      ADMIN_PASSWORD: OWNER.password,
    });
    try {
      await waitForHealth(port, proc);
      const login = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(OWNER),
      });
      expect(login.status).toBe(200);
      const { accessToken } = (await login.json()) as { accessToken: string };
      const me = () => fetch(`${base}/api/v1/auth/me`, { headers: { authorization: `Bearer ${accessToken}` } });
      expect((await me()).status).toBe(200);

      const postmaster = Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
      process.kill(postmaster, 'SIGKILL');

      await expectDatabaseUnavailable(await until(me, (res) => res.status !== 200, 20_000));
      expect((await fetch(`${base}/health/ready`)).status).toBe(503);

      const back = await until(me, (res) => res.status === 200, 90_000);
      expect(back.status).toBe(200);
      expect(proc.child.exitCode).toBeNull();
      expect(proc.output()).toMatch(/embedded PostgreSQL exited unexpectedly \(signal SIGKILL\)/);
      expect(proc.output()).toMatch(/restarting embedded PostgreSQL in \d+ ms \(attempt 1\)/);
      // Requests may succeed a moment before the supervisor's readiness check logs it.
      const deadline = Date.now() + 10_000;
      while (!/embedded PostgreSQL is back on port \d+/.test(proc.output()) && Date.now() < deadline) await sleep(50);
      expect(proc.output()).toMatch(/embedded PostgreSQL is back on port \d+ \(attempt \d+\)/);
      const newPostmaster = Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
      expect(newPostmaster).not.toBe(postmaster);

      proc.child.kill('SIGTERM');
      expect(await proc.exited).toBe(0);
      expect(postgresProcessesFor(dataDir)).toEqual([]);
    } finally {
      proc.child.kill('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    }
    // A first start (initdb, migrations) plus a crash recovery, on a loaded machine.
  }, 240_000);

  describe('with an external database that becomes unreachable', () => {
    let db: TestDatabase;
    let proxy: TcpProxy;
    let t: TestApp;

    beforeAll(async () => {
      db = await createTestDatabase();
      const target = new URL(db.url);
      proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
      await proxy.start(0);
      const proxied = new URL(db.url);
      proxied.hostname = '127.0.0.1';
      proxied.port = String(proxy.port);
      // The app reaches its database only through the proxy, which the test can cut and restore.
      t = await createTestApp({ database: { ...db, url: proxied.toString() } });
    });

    afterAll(async () => {
      // The database back first, so the job workers can finish and stop; then a moment for pg-boss's own
      // stop monitors (they poll each second) to see them stopped before the test environment goes away.
      await proxy?.start(proxy.port).catch(() => undefined);
      await t?.close();
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await proxy?.stop();
      await db?.drop();
    });

    it('answers 503 problem+json while it is unreachable and recovers when it returns', async () => {
      const login = () => t.http.post('/api/v1/auth/login').send({ email: TEST_OWNER_EMAIL, password: TEST_OWNER_PASSWORD });
      const first = await login();
      expect(first.status).toBe(200);
      const me = () => t.http.get('/api/v1/auth/me').set('authorization', `Bearer ${first.body.accessToken as string}`);
      expect((await me()).status).toBe(200);

      await proxy.stop();
      const down = await me();
      expect(down.status).toBe(503);
      expect(down.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(down.headers['retry-after']).toBe('5');
      expect(down.body).toMatchObject({ status: 503, code: 'database_unavailable' });
      expect((await t.http.get('/health/ready')).status).toBe(503);

      await proxy.start(proxy.port);
      const deadline = Date.now() + 30_000;
      let status = (await me()).status;
      while (status !== 200 && Date.now() < deadline) {
        await sleep(100);
        status = (await me()).status;
      }
      expect(status).toBe(200);
    });
  });
});

// A TCP forwarder the test can stop (refusing new connections and cutting open ones) and start again.
class TcpProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(
    private readonly host: string,
    private readonly targetPort: number,
  ) {}

  async start(port: number): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => {
      const upstream = connect(this.targetPort, this.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as { port: number }).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
