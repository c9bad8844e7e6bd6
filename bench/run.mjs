#!/usr/bin/env node
// `npm run bench`: a fresh database with 1,000,000 generated leads, the built API and a minimal baseline
// server against it, and each scenario measured on both. Writes bench/results/latest.{md,json}, or
// bench/results/partial-<scenarios>.{md,json} when BENCH_SCENARIOS picks some.
// See bench/README.md for what each scenario measures and the environment variables.
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { buildIfStale, ROOT } from '../scripts/build-if-stale.mjs';
import { ENCRYPTION_KEY, setUpCredentials, startApi, stopApi } from './lib/api.mjs';
import { startBaseline } from './lib/baseline.mjs';
import { appRoleUrl, migrate, prepareDatabase, settle, withClient } from './lib/database.mjs';
import { snapshotDist } from './lib/dist.mjs';
import { CONNECTIONS, DURATION_S, WARMUP_S } from './lib/load.mjs';
import { writeReport } from './lib/report.mjs';
import { seed } from './lib/seed.mjs';
import { backup, restore } from './scenarios/backup.mjs';
import { bulkUpdate } from './scenarios/bulk-update.mjs';
import { rescore } from './scenarios/rescore.mjs';
import { intakeWithRules } from './scenarios/rules.mjs';
import { exportCsv, importCsv } from './scenarios/import-export.mjs';
import { bulkIngest, singleIngest } from './scenarios/ingest.mjs';
import { listDeepPage, listFirstPage, listFirstPageUnfiltered, listUnderWrites, readsAfterBulkUpdate, search, stats } from './scenarios/reads.mjs';
import { spa } from './scenarios/spa.mjs';
import { syncZohoFirst } from './scenarios/sync.mjs';
import { webhooks } from './scenarios/webhooks.mjs';
import { intakeWithEndpoints, intakeWithEndpointsAndNotifications, outboundDrain } from './scenarios/webhooks-out.mjs';

const LEADS = Number(process.env.BENCH_LEADS ?? 1_000_000);
const DATA_DIR = join(ROOT, '.tmp/bench');
const RESULTS = join(ROOT, 'bench/results');

// Reads first, on the freshly seeded data (the admin app in the browser after the API reads); then the writes;
// the export last so it can take the imported rows.
const SCENARIOS = [
  ['list-first-page', listFirstPage],
  ['list-first-page-all', listFirstPageUnfiltered],
  ['list-deep-page', listDeepPage],
  ['search', search],
  ['stats', stats],
  ['list-under-writes', listUnderWrites],
  ['spa', spa],
  ['ingest-single', singleIngest],
  ['ingest-bulk', bulkIngest],
  ['webhooks', webhooks],
  ['sync-zoho-first', syncZohoFirst],
  ['webhooks-out-drain', outboundDrain],
  ['ingest-webhooks-out', intakeWithEndpoints],
  ['ingest-rules', intakeWithRules],
  ['ingest-webhooks-notify', intakeWithEndpointsAndNotifications],
  ['bulk-update', bulkUpdate],
  ['rescore', rescore],
  ['reads-after-bulk-update', readsAfterBulkUpdate],
  ['import', importCsv],
  ['export', exportCsv],
  // Last: the backup holds whatever the scenarios before it added.
  ['backup', backup],
  ['restore', restore],
];

const t0 = Date.now();
const log = (message) => console.log(`[bench ${String(Math.round((Date.now() - t0) / 1000)).padStart(4)} s] ${message}`);

async function main() {
  const startedAt = new Date().toISOString();
  const picked = (process.env.BENCH_SCENARIOS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const only = picked.length ? picked : undefined;
  const unknown = only?.filter((id) => !SCENARIOS.some(([known]) => known === id)) ?? [];
  if (unknown.length) throw new Error(`unknown scenario ${unknown.join(', ')} in BENCH_SCENARIOS (known: ${SCENARIOS.map(([id]) => id).join(', ')})`);
  const selected = SCENARIOS.filter(([id]) => !only || only.includes(id));
  // A run of some scenarios must not replace the full run's results.
  const reportName = only ? `partial-${selected.map(([id]) => id).join('+')}` : 'latest';
  // The SPA is built, copied and served only for the browser scenario.
  const web = selected.some(([id]) => id === 'spa');
  buildIfStale('shared', 'api', ...(web ? ['web'] : []));
  const webDir = await snapshotDist({ web });
  // Other work on the machine skews every number: the load average is reported with the results.
  const loadBefore = loadavg()[0];
  if (loadBefore > 1) log(`warning: load average ${loadBefore.toFixed(1)} before the run; other processes will skew the results`);

  const external = process.env.BENCH_DATABASE_URL;
  const db = await prepareDatabase({ externalUrl: external, name: process.env.BENCH_DATABASE_NAME ?? 'hotleads_bench', dataDir: DATA_DIR, log });
  let api;
  let baseline;
  let ctx;
  try {
    log(`database ${db.name} on PostgreSQL ${db.version} (${db.embedded ? 'embedded, .tmp/bench/postgres' : 'BENCH_DATABASE_URL'})`);
    const applied = await migrate(db.ownerUrl);
    log(`${applied.length} migrations applied`);
    api = await startApi({ ownerUrl: db.ownerUrl, dataDir: DATA_DIR, webDir });
    log(`API started (pid ${api.pid}, port ${api.port})`);
    const tenantOfUser = (userId) => withClient(db.ownerUrl, async (c) => (await c.query('SELECT tenant_id FROM users WHERE id = $1', [userId])).rows[0].tenant_id);
    const tenants = await setUpCredentials(api, tenantOfUser);

    const first = Math.round(LEADS * 0.7);
    log(`seeding ${LEADS.toLocaleString('en-US')} leads (${first.toLocaleString('en-US')} + ${(LEADS - first).toLocaleString('en-US')})`);
    const seeded = await seed(db.ownerUrl, [
      { tenantId: tenants[0].tenantId, leads: first, rare: true },
      { tenantId: tenants[1].tenantId, leads: LEADS - first, rare: false },
    ], log);
    const s = (msValue) => (msValue / 1000).toFixed(1);
    const seedSummary = `${LEADS.toLocaleString('en-US')} leads (${first.toLocaleString('en-US')} + ${(LEADS - first).toLocaleString('en-US')} in two tenants) in ${s(seeded.totalMs)} s: insert ${s(seeded.insertMs)} s, index rebuild ${s(seeded.indexMs)} s, VACUUM ANALYZE ${s(seeded.vacuumMs)} s`;
    log(`seeded: ${seedSummary}`);

    const appUrl = await appRoleUrl(db.ownerUrl, ENCRYPTION_KEY);
    baseline = await startBaseline(appUrl);
    log(`baseline server started (pid ${baseline.pid})`);

    ctx = { api, baseline, tenants, ownerUrl: db.ownerUrl, appUrl, log, seeded: seeded.counts, results: [] };
    ctx.settle = async () => {
      if (!(await settle(db.ownerUrl, db.name))) log('  the database still had running queries after 2 minutes');
    };
    // A fresh API process, for a scenario that measures the process's own memory.
    ctx.restartApi = async ({ workers = 'on' } = {}) => {
      await stopApi(ctx.api);
      api = ctx.api = await startApi({ ownerUrl: db.ownerUrl, dataDir: DATA_DIR, workers, webDir });
      log(`  API restarted (pid ${api.pid}, WORKERS=${workers})`);
    };
    for (const [id, run] of selected) {
      await ctx.settle();
      log(`scenario ${id}`);
      // A scenario gives one row of the results table, or several (the browser scenario: one per measurement).
      let results;
      try {
        results = [await run(ctx)].flat();
      } catch (error) {
        log(`  failed: ${error.stack ?? error}`);
        results = [{ id, scenario: id, target: '-', available: true, pass: false, apiSummary: `error: ${error.message}`, baselineSummary: '-', ratio: '-' }];
      }
      for (const result of results) {
        ctx.results.push(result);
        if (results.length > 1) log(`  ${result.id}:`);
        log(`  API: ${result.apiSummary}`);
        log(`  baseline: ${result.baselineSummary}; ${result.ratio}; ${result.pass === true ? 'pass' : result.pass === false ? 'FAIL' : 'n/a'}`);
      }
    }

    const pgVersion = await withClient(db.ownerUrl, async (c) => (await c.query('show server_version')).rows[0].server_version);
    const machine = {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model?.trim() ?? 'unknown',
      memoryGb: Math.round(totalmem() / 1024 ** 3),
      node: process.version,
      postgres: pgVersion,
      database: db.embedded ? 'embedded' : 'BENCH_DATABASE_URL',
      connections: CONNECTIONS,
      durationS: DURATION_S,
      warmupS: WARMUP_S,
      loadAverageBefore: Number(loadBefore.toFixed(2)),
      loadAverageAfter: Number(loadavg()[0].toFixed(2)),
      browser: ctx.browser,
    };
    await writeReport(RESULTS, reportName, {
      machine,
      seed: { leads: LEADS, summary: seedSummary, ...seeded, agents: undefined },
      rows: ctx.results,
      scenarios: only ? selected.map(([id]) => id) : undefined,
      startedAt,
      finishedAt: new Date().toISOString(),
    });
    log(`wrote bench/results/${reportName}.md and ${reportName}.json`);
    if (ctx.api.child.exitCode !== null) log(`the API exited during the run:\n${ctx.api.output()}`);
  } finally {
    await baseline?.stop();
    // Scenarios replace ctx.api when they restart the API with their own settings: stop the one running now
    // (stopping only the first left the last one polling the next run's database of the same name).
    if (ctx?.api && ctx.api !== api) await stopApi(ctx.api);
    await stopApi(api);
    await db.stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`bench: ${error.stack ?? error}`);
    process.exit(1);
  },
);
