// Starts the built API (the run's copy of apps/api/dist/main.js) against the bench database and talks to it.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ROOT } from '../../scripts/build-if-stale.mjs';
import { DIST } from './dist.mjs';

// The test suite's key: the hotleads_app role (and so its password, derived from this key) is shared by
// every database on a server, so the bench must not change it under a test run on the same server.
export const ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');
export const JWT_SECRET = 'hotleads-bench-jwt-secret-not-for-production-0123456789';
export const OWNER = { email: 'owner@bench.hotleads.test', password: 'kestrel harbour lantern 4821', workspace: 'Bench One' };
export const OWNER_2 = { email: 'owner@bench2.hotleads.test', password: 'violet granite orchard 7315', workspace: 'Bench Two' };

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// webDir: a built SPA for the API to serve at / (the browser scenario); without it the API serves none.
// env: extra variables (a scenario's local provider fake, for one).
export async function startApi({ ownerUrl, dataDir, workers = 'on', webDir, env: extra = {} }) {
  const port = await freePort();
  // Its own working directory, so a developer's .env in the repo does not change the measured setup.
  const cwd = join(dataDir, 'api');
  await mkdir(cwd, { recursive: true });
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: cwd,
    DATABASE_URL: ownerUrl,
    LOG_LEVEL: 'warn',
    SERVE_WEB: webDir ? 'true' : 'false',
    // The copy's own path: the API's default (apps/web/dist beside its dist) does not exist beside the copy.
    ...(webDir ? { WEB_DIST_DIR: webDir } : {}),
    WORKERS: workers,
    ENCRYPTION_KEY,
    JWT_SECRET,
    ADMIN_EMAIL: OWNER.email,
    ADMIN_PASSWORD: OWNER.password,
    ADMIN_WORKSPACE: OWNER.workspace,
    ALLOW_SIGNUP: 'true',
    ACCESS_TOKEN_TTL_SECONDS: '3600',
    RATE_LIMIT_DEFAULT: '1000000',
    RATE_LIMIT_API_KEY: '1000000',
    RATE_LIMIT_LOGIN: '10000',
    RATE_LIMIT_PUBLIC: '10000',
    RATE_LIMIT_WEBHOOK: '1000000',
    ...extra,
  };
  // BENCH_API_NODE_ARGS, e.g. `--cpu-prof --cpu-prof-dir=/abs/dir`: where the API's time goes during a run;
  // BENCH_API_CPU_PROF=<dir> is the short form of that (each API process writes a V8 CPU profile there).
  const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  // The production image's Node options (its heap cap), so peak RSS is measured as it would be deployed.
  env.NODE_OPTIONS ??= imageNodeOptions();
  if (process.env.BENCH_API_CPU_PROF) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_API_CPU_PROF}`);
  const child = spawn(process.execPath, [...nodeArgs, join(DIST, 'main.js')], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const api = { port, base: `http://127.0.0.1:${port}`, pid: child.pid, child, output: () => output, exited };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited during start (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${api.base}/health`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the API did not become healthy:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return api;
}

export async function stopApi(api) {
  if (!api || api.child.exitCode !== null) return;
  api.child.kill('SIGTERM');
  const timer = setTimeout(() => api.child.kill('SIGKILL'), 30_000);
  await api.exited;
  clearTimeout(timer);
}

// JSON request; returns { status, body, headers }.
export async function call(base, method, path, { body, headers = {} } = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let parsed = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

export async function expectOk(promise, what) {
  const res = await promise;
  if (res.status < 200 || res.status >= 300) throw new Error(`${what}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

// Signs in both owners (tenant 1 from the first-start owner, tenant 2 through signup) and makes an API key each.
export async function setUpCredentials(api, tenantOfUser) {
  const login = await expectOk(call(api.base, 'POST', '/api/v1/auth/login', { body: { email: OWNER.email, password: OWNER.password } }), 'sign-in of the first owner');
  // Sign-up answers 202 without a session (it reveals nothing about the address); the new owner then signs in.
  await expectOk(
    call(api.base, 'POST', '/api/v1/auth/signup', { body: { tenantName: OWNER_2.workspace, name: 'Bench Owner Two', email: OWNER_2.email, password: OWNER_2.password } }),
    'signup of the second workspace',
  );
  const signup = await expectOk(call(api.base, 'POST', '/api/v1/auth/login', { body: { email: OWNER_2.email, password: OWNER_2.password } }), 'sign-in of the second owner');
  const tenants = [];
  for (const session of [login, signup]) {
    const bearer = { authorization: `Bearer ${session.accessToken}` };
    const key = await expectOk(
      call(api.base, 'POST', '/api/v1/api-keys', { headers: bearer, body: { name: 'bench', scopes: ['leads:read', 'leads:write', 'leads:import', 'leads:export'] } }),
      'API key creation',
    );
    tenants.push({ tenantId: await tenantOfUser(session.user.id), userId: session.user.id, bearer, apiKey: { 'x-api-key': key.secret } });
  }
  return tenants;
}

// Peak resident memory of a process, sampled from /proc while a scenario runs (Linux only).
export function rssSampler(pid, everyMs = 50) {
  const read = (field) => {
    try {
      const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
      return match ? Number(match[1]) * 1024 : undefined;
    } catch {
      return undefined;
    }
  };
  const start = read('VmRSS');
  let peak = start ?? 0;
  const timer = setInterval(() => (peak = Math.max(peak, read('VmRSS') ?? 0)), everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      return { startBytes: start, peakBytes: peak, highWaterMarkBytes: read('VmHWM') };
    },
  };
}

// NODE_OPTIONS as docker/Dockerfile sets it for the runtime image ('' when it sets none).
function imageNodeOptions() {
  const dockerfile = readFileSync(join(ROOT, 'docker', 'Dockerfile'), 'utf8');
  return /^\s*NODE_OPTIONS=(\S+)/m.exec(dockerfile)?.[1] ?? '';
}

// Waits until the workspace's rescoring (queued by a rule change or a bulk edit of priorities, and started
// after a short delay) is done, so the next measurement or statement does not share the rows with it.
export async function waitForRescoring(base, headers, limitS = 600) {
  const started = performance.now();
  for (;;) {
    const got = await call(base, 'GET', '/api/v1/settings/scoring', { headers });
    const status = got.body?.rescore?.status;
    if (status === 'done' || status === 'idle') return;
    if (status === 'failed') throw new Error('the rescoring failed');
    if ((performance.now() - started) / 1000 > limitS) throw new Error(`the rescoring was not done after ${limitS} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
