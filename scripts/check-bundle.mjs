#!/usr/bin/env node
// The admin app's first load: the JavaScript index.html loads or preloads, gzipped, against a budget.
// Pages and charts are lazy chunks and do not count; they load when a route needs them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from './build-if-stale.mjs';

const BUDGET_BYTES = 200 * 1024;
const dist = process.env.WEB_DIST_DIR || join(ROOT, 'apps', 'web', 'dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');

const initial = new Set();
for (const [tag] of html.matchAll(/<(?:script|link)\b[^>]*>/g)) {
  const isModuleScript = /^<script\b/.test(tag) && /type="module"/.test(tag);
  const isPreload = /^<link\b/.test(tag) && /rel="modulepreload"/.test(tag);
  const src = tag.match(/\b(?:src|href)="([^"]+\.js)"/)?.[1];
  if ((isModuleScript || isPreload) && src) initial.add(src.replace(/^\//, ''));
}

let total = 0;
const rows = [...initial].map((file) => {
  const gzipped = gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
  total += gzipped;
  return { file, kB: (gzipped / 1024).toFixed(1) };
});
console.table(rows);
console.log(`initial JavaScript: ${(total / 1024).toFixed(1)} kB gzipped (budget ${BUDGET_BYTES / 1024} kB)`);
if (total > BUDGET_BYTES) {
  console.error('The initial JavaScript is over budget: lazy-load what the first screen does not need.');
  process.exit(1);
}
