#!/usr/bin/env node
// `npm test`: type checks, lint, OpenAPI lint, build, API unit + e2e (real PostgreSQL), web component tests and browser tests.
// Stops at the first failing step and ends with one summary line of the test counts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './build-if-stale.mjs';

const reports = join(ROOT, '.tmp', 'test-reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const steps = [
  { name: 'type check', cmd: ['npm', 'run', 'typecheck'] },
  { name: 'lint', cmd: ['npm', 'run', 'lint'] },
  // The committed document, against Redocly's recommended rules (redocly.yaml says which warnings stay).
  { name: 'OpenAPI lint', cmd: ['npx', 'redocly', 'lint', '--format=summary'] },
  { name: 'build', cmd: ['npm', 'run', 'build'] },
  { name: 'initial bundle budget', cmd: ['node', 'scripts/check-bundle.mjs'] },
  {
    name: 'API unit and e2e tests',
    cmd: ['npx', 'jest', '--config', 'apps/api/jest.config.js', '--maxWorkers=2', '--json', `--outputFile=${join(reports, 'api.json')}`],
    report: 'api.json',
  },
  {
    name: 'web component tests',
    cmd: ['npx', 'vitest', 'run', '--root', 'apps/web', '--reporter=default', '--reporter=json', `--outputFile.json=${join(reports, 'web.json')}`],
    report: 'web.json',
  },
  {
    name: 'browser tests',
    cmd: ['npx', 'vitest', 'run', '--root', 'apps/web', '--config', 'e2e/vitest.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${join(reports, 'browser.json')}`],
    report: 'browser.json',
  },
];

const totals = { passed: 0, failed: 0, skipped: 0 };
function count(report) {
  const path = join(reports, report);
  if (!existsSync(path)) return;
  const r = JSON.parse(readFileSync(path, 'utf8'));
  totals.passed += r.numPassedTests ?? 0;
  totals.failed += r.numFailedTests ?? 0;
  totals.skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
}

for (const step of steps) {
  console.log(`\n=== ${step.name}: ${step.cmd.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(step.cmd[0], step.cmd.slice(1), { cwd: ROOT, stdio: 'inherit' });
  if (step.report) count(step.report);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`\n=== ${step.name} FAILED after ${seconds}s`);
    console.log(`tests: ${totals.passed} passed, ${Math.max(totals.failed, 1)} failed, ${totals.skipped} skipped`);
    process.exit(1);
  }
  console.log(`=== ${step.name} passed in ${seconds}s`);
}
console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
