// Runs bench/baseline-server.mjs as its own process, like the API, so each gets a core's worth of event loop.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../../scripts/build-if-stale.mjs';

export async function startBaseline(databaseUrl) {
  const child = spawn(process.execPath, [join(ROOT, 'bench/baseline-server.mjs')], {
    env: { PATH: process.env.PATH ?? '', BASELINE_DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const port = await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk.toString();
      const match = output.match(/listening (\d+)/);
      if (match) resolve(Number(match[1]));
    });
    child.stderr.on('data', (chunk) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`the baseline server exited (${code}):\n${output}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    base: `http://127.0.0.1:${port}`,
    pid: child.pid,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
