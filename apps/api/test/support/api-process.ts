import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const MAIN_JS = join(__dirname, '..', '..', 'dist', 'main.js');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface ApiProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

// Started and not yet exited. A test that fails or times out before its own kill() leaves its API running,
// with the embedded PostgreSQL, the output pipes and the health polling: the Jest worker then cannot exit.
const running = new Set<ApiProcess>();
const STOP_GRACE_MS = 30_000;

// Runs the built server exactly as `npm start` does, with only the given environment.
export function startApi(env: Record<string, string>): ApiProcess {
  if (!existsSync(MAIN_JS)) throw new Error(`${MAIN_JS} is missing: build the API first (npm run build)`);
  const child = spawn(process.execPath, [MAIN_JS], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const proc = { child, output: () => out, exited };
  running.add(proc);
  void exited.then(() => running.delete(proc));
  return proc;
}

// Stops every API a test left running: SIGTERM, so it stops its embedded PostgreSQL, then SIGKILL if it hangs.
export async function stopLeftoverApis(): Promise<void> {
  await Promise.all(
    [...running].map(async ({ child, exited }) => {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    }),
  );
}

// A cold embedded PostgreSQL and its migrations took over 90 s on a loaded 2-core machine.
export async function waitForHealth(port: number, proc: ApiProcess, timeoutMs = 150_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`API exited early (${proc.child.exitCode}):\n${proc.output()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`API did not become healthy:\n${proc.output()}`);
}
