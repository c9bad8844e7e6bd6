import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const MAIN_JS = join(__dirname, '..', '..', 'dist', 'main.js');
export const REPO_ROOT = join(__dirname, '..', '..', '..', '..');

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
  return watch(child);
}

// `npm start` itself, as a user types it, in a process group of its own (as a terminal or a supervisor
// gives it), so the test can signal the group or npm alone.
export function startNpm(env: Record<string, string>): ApiProcess {
  const child = spawn('npm', ['start'], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  return watch(child);
}

// Every process below `pid` (children, their children...), from ps.
export function descendantsOf(pid: number): number[] {
  const table = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number));
  const found: number[] = [];
  const queue = [pid];
  while (queue.length) {
    const parent = queue.shift()!;
    for (const [child, ppid] of table) {
      if (ppid === parent && !found.includes(child)) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

// A zombie (exited, not yet reaped by whoever inherited it) counts as gone.
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function watch(child: ChildProcess): ApiProcess {
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
