// The compiled API the bench runs: a copy of apps/api/dist taken once per run, so the API (also when it is
// restarted) and the baseline run the same build even if apps/api/dist is rebuilt meanwhile. Node still
// finds the packages in the repository's node_modules from there. The built SPA (apps/web/dist) is copied
// with it when a browser scenario runs, and the API serves that copy.
import { existsSync } from 'node:fs';
import { cp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from '../../scripts/build-if-stale.mjs';

export const DIST = join(ROOT, '.tmp/bench/api-dist');
export const WEB_DIST = join(ROOT, '.tmp/bench/web-dist');
const require = createRequire(import.meta.url);

async function snapshot(source, target, entry, build) {
  if (!existsSync(join(source, entry))) throw new Error(`${join(source, entry)} is missing: build it first (${build})`);
  await rm(target, { recursive: true, force: true });
  await cp(source, target, { recursive: true, filter: (path) => !path.endsWith('.map') });
}

// Returns the SPA copy's directory (for the API's WEB_DIST_DIR), or undefined when no SPA was asked for.
export async function snapshotDist({ web = false } = {}) {
  await snapshot(join(ROOT, 'apps/api/dist'), DIST, 'main.js', 'npm run build:api');
  await rm(WEB_DIST, { recursive: true, force: true });
  if (!web) return undefined;
  await snapshot(join(ROOT, 'apps/web/dist'), WEB_DIST, 'index.html', 'npm run build:web');
  return WEB_DIST;
}

export function dist(path) {
  return require(join(DIST, path));
}
