// The compiled API the bench runs: a copy of apps/api/dist taken once per run, so the API (also when it is
// restarted) and the baseline run the same build even if apps/api/dist is rebuilt meanwhile. Node still
// finds the packages in the repository's node_modules from there.
import { existsSync } from 'node:fs';
import { cp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from '../../scripts/build-if-stale.mjs';

export const DIST = join(ROOT, '.tmp/bench/api-dist');
const require = createRequire(import.meta.url);

export async function snapshotDist() {
  const source = join(ROOT, 'apps/api/dist');
  if (!existsSync(join(source, 'main.js'))) throw new Error('apps/api/dist/main.js is missing: build the API first (npm run build:api)');
  await rm(DIST, { recursive: true, force: true });
  await cp(source, DIST, { recursive: true, filter: (path) => !path.endsWith('.map') });
}

export function dist(path) {
  return require(join(DIST, path));
}
