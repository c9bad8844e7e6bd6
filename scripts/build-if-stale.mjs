// Builds a part of the monorepo only when its sources are newer than its output, so `npm start` is quick
// after the first run and never serves a stale build.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    max = Math.max(max, newest(join(path, entry)));
  }
  return max;
}

const PARTS = {
  shared: { output: 'libs/shared/dist/index.js', inputs: ['libs/shared/src'], command: ['run', 'build:shared'] },
  api: {
    output: 'apps/api/dist/main.js',
    inputs: ['apps/api/src', 'libs/shared/src', 'nest-cli.json', 'apps/api/tsconfig.json', 'apps/api/tsconfig.build.json'],
    command: ['run', 'build:api'],
  },
  web: {
    output: 'apps/web/dist/index.html',
    inputs: ['apps/web/src', 'apps/web/index.html', 'apps/web/vite.config.ts', 'libs/api-client/src', 'libs/shared/src'],
    command: ['run', 'build:web'],
  },
};

export function buildIfStale(...names) {
  for (const name of names) {
    const part = PARTS[name];
    const output = join(ROOT, part.output);
    const built = existsSync(output) ? statSync(output).mtimeMs : 0;
    const changed = Math.max(...part.inputs.map((p) => newest(join(ROOT, p))));
    if (built >= changed) continue;
    console.log(`hotleads: building ${name}...`);
    execFileSync('npm', part.command, { cwd: ROOT, stdio: 'inherit' });
  }
}
