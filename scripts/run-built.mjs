#!/usr/bin/env node
// Runs one of the API's compiled scripts (apps/api/src/scripts/*.ts), building the API first when stale.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildIfStale, ROOT } from './build-if-stale.mjs';

const [script, ...args] = process.argv.slice(2);
buildIfStale('shared', 'api');
const result = spawnSync(process.execPath, [join(ROOT, 'apps/api/dist/scripts', `${script}.js`), ...args], {
  cwd: ROOT,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
