#!/usr/bin/env node
// `npm start`: build what is missing or stale, then run API + SPA in this very process (see README).
// In-process rather than a child: a stop signal then has one process to reach (npm forwards SIGINT and
// SIGTERM to us, and Ctrl-C reaches the whole group), main.js ignores the duplicate, and there is no
// middle process whose death could orphan the API (decision 0014).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
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

// If whoever started us (npm, a shell, a supervisor) dies without stopping us, we are re-parented: stop
// as if we had been sent SIGTERM, so an orphaned API and its PostgreSQL never linger.
const parent = process.ppid;
const watch = setInterval(() => {
  if (process.ppid === parent) return;
  clearInterval(watch);
  process.kill(process.pid, 'SIGTERM');
}, 1000);
watch.unref();

// As before: .env and the default DATA_DIR (./.data) are found in the checkout, wherever we were started.
process.chdir(ROOT);
await import(pathToFileURL(join(ROOT, 'apps/api/dist/main.js')).href);
