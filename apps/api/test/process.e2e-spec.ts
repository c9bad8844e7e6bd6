import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startApi, stopLeftoverApis, waitForHealth } from './support/api-process';
import { createTestDatabase } from './support/test-database';
// The shared test server has one hotleads_app role; its password derives from ENCRYPTION_KEY, so every
// process on that server must use the same key or it would change the password under the others.
import { TEST_ENCRYPTION_KEY } from './support/test-app';

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
      const port = await freePort();
      const proc = startApi({ PORT: String(port), DATA_DIR: dataDir, NODE_ENV: 'test', LOG_LEVEL: 'info', LOG_FORMAT: 'json', DATABASE_URL: db.url, ENCRYPTION_KEY: TEST_ENCRYPTION_KEY, WORKERS: 'only' });
      const deadline = Date.now() + 60_000;
      while (!proc.output().includes('background workers only') && Date.now() < deadline && proc.child.exitCode === null) {
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(proc.output()).toContain('background workers only');
      await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
      proc.child.kill('SIGTERM');
      expect(await proc.exited).toBe(0);
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
