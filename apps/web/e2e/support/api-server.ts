import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_MAIN, REPO_ROOT, WEB_INDEX } from './paths';
import { createTestDatabase } from './test-database';

// Boot and migrations of a fresh embedded PostgreSQL took over 90 s on a loaded 2-core machine; the hook allows 180 s.
const READY_TIMEOUT_MS = 150_000;
const STOP_TIMEOUT_MS = 60_000;
const OUTPUT_LIMIT = 20_000;

export interface ApiServer {
  baseUrl: string;
  // Sends SIGTERM and resolves with the exit code once the process has exited and its data is removed.
  stop(): Promise<number | null>;
  output(): string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function healthStatus(url: string): Promise<number | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    await response.body?.cancel();
    return response.status;
  } catch {
    return undefined;
  }
}

// The real API from apps/api/dist, serving the built SPA, with its own data directory (and database).
export interface StartApiOptions {
  // Extra environment for the API process (e.g. short heartbeats), over the defaults below.
  env?: Record<string, string>;
}

// The first start makes a workspace whose owner signs in with these.
export const OWNER = { email: 'owner@e2e.hotleads.test', password: 'Lantern-harbor-violet-92!' } as const;

export async function startApi({ env = {} }: StartApiOptions = {}): Promise<ApiServer> {
  for (const file of [API_MAIN, WEB_INDEX]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run "npm run build" at the repo root first`);
  }
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const dataDir = await mkdtemp(join(tmpdir(), 'hotleads-e2e-'));
  // Run as root, the API starts its embedded PostgreSQL as the "postgres" user, who must be able to enter it.
  await chmod(dataDir, 0o755);
  const database = process.env.TEST_DATABASE_URL ? await createTestDatabase(process.env.TEST_DATABASE_URL) : undefined;

  const child = spawn(process.execPath, [API_MAIN], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      // Empty counts as unset: the caller's shell or a .env file must not point the API at another database.
      DATABASE_URL: database?.url ?? '',
      ADMIN_EMAIL: OWNER.email,
      ADMIN_PASSWORD: OWNER.password,
      PUBLIC_URL: baseUrl,
      // Every browser and Node client of a test file signs in from 127.0.0.1: the per-IP budgets are sized for
      // real users, not for a test suite. A test about rate limits sets its own.
      RATE_LIMIT_LOGIN: '1000',
      RATE_LIMIT_PUBLIC: '1000',
      RATE_LIMIT_DEFAULT: '20000',
      RATE_LIMIT_API_KEY: '20000',
      RATE_LIMIT_AUTH_FAILURE: '20000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  let stopped: Promise<number | null> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const code = await Promise.race([exited, sleep(STOP_TIMEOUT_MS).then(() => 'timeout' as const)]);
      if (code === 'timeout') {
        child.kill('SIGKILL');
        await exited;
      }
      await database?.drop();
      await rm(dataDir, { recursive: true, force: true });
      if (code === 'timeout') throw new Error(`The API did not exit within ${STOP_TIMEOUT_MS / 1000} s of SIGTERM:\n${output}`);
      return code;
    })();
    return stopped;
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while ((await healthStatus(`${baseUrl}/health`)) !== 200) {
    if (child.exitCode !== null || Date.now() > deadline) {
      const reason = child.exitCode !== null ? `exited with code ${child.exitCode}` : `did not answer 200 on /health within ${READY_TIMEOUT_MS / 1000} s`;
      await stop().catch(() => undefined);
      throw new Error(`The API ${reason}. Its output:\n${output}`);
    }
    await sleep(250);
  }
  return { baseUrl, stop, output: () => output };
}
