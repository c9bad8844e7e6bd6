#!/usr/bin/env node
// `npm start`: build what is missing or stale, then run API + SPA in one process (see README).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { buildIfStale, ROOT } from './build-if-stale.mjs';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`hotleads: Node ${process.versions.node} is too old; Hot Leads needs Node 20.19 or newer.`);
  process.exit(1);
}

try {
  buildIfStale('shared', 'api', 'web');
} catch {
  console.error('hotleads: the build failed; see the output above.');
  process.exit(1);
}

const child = spawn(process.execPath, [join(ROOT, 'apps/api/dist/main.js')], { cwd: ROOT, stdio: 'inherit' });
// Ctrl-C reaches the child through the terminal; a SIGTERM sent to this process is passed on.
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
