// Rescoring every lead of a workspace after its scoring rules change: a rule is added through the API and
// the background job's progress is polled until it is done. The target is a million leads in under 60 s,
// checked on the rate (leads per second) the job reached on this run's tenant.
import pg from 'pg';
import { call } from '../lib/api.mjs';
import { checksPass, int } from '../lib/report.mjs';
import { BULK_TAG } from '../lib/seed.mjs';

const LIMIT_S = 600;

export async function rescore(ctx) {
  const [t1] = ctx.tenants;
  const base = { id: 'rescore', scenario: 'rescore every lead after a rule change', target: '1,000,000 leads under 60 s' };
  // Counted now, not taken from the seed: earlier scenarios of the same run add leads to this workspace.
  const leads = await liveLeads(ctx.appUrl, t1.tenantId);
  const posted = performance.now();
  const res = await call(ctx.api.base, 'POST', '/api/v1/settings/scoring-rules', {
    headers: t1.bearer,
    body: { name: 'Bench tag', condition: { field: 'tags', op: 'hasAny', value: [BULK_TAG] }, points: 25 },
  });
  if (res.status === 404) return { ...base, available: false, pass: null, apiSummary: 'not available (the API answers 404)', baselineSummary: '-', ratio: '-' };
  if (res.status !== 201) throw new Error(`rescore: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
  let progress;
  for (;;) {
    const got = await call(ctx.api.base, 'GET', '/api/v1/settings/scoring', { headers: t1.bearer });
    progress = got.body.rescore;
    if (progress.status === 'done' || progress.status === 'failed') break;
    if ((performance.now() - posted) / 1000 > LIMIT_S) throw new Error(`rescore: not done after ${LIMIT_S} s: ${JSON.stringify(progress)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (progress.status !== 'done') throw new Error(`rescore: the job failed: ${JSON.stringify(progress)}`);
  const wallSeconds = (performance.now() - posted) / 1000;
  // The job's own time, from its start to its end (the wall time adds the delay before it starts).
  const jobSeconds = (Date.parse(progress.finishedAt) - Date.parse(progress.startedAt)) / 1000;
  const rate = progress.done / jobSeconds;

  // Baseline: the least the database does for the same change, one UPDATE of every lead of the tenant.
  const client = new pg.Client({ connectionString: ctx.appUrl });
  await client.connect();
  let baseSeconds;
  try {
    const t0 = performance.now();
    await client.query('BEGIN');
    await client.query(`SELECT set_config('hotleads.tenant_id', $1, true)`, [t1.tenantId]);
    await client.query(`SELECT set_config('hotleads.score_only', 'on', true)`);
    await client.query(`UPDATE leads SET score = CASE WHEN tags && $2::text[] THEN 26 ELSE 1 END WHERE tenant_id = $1`, [t1.tenantId, [BULK_TAG]]);
    await client.query('ROLLBACK');
    baseSeconds = (performance.now() - t0) / 1000;
  } finally {
    await client.end();
  }
  const checks = [
    { what: 'every lead rescored', ok: progress.done === leads },
    { what: 'a million leads under 60 s at this rate', ok: 1_000_000 / rate < 60 },
  ];
  return {
    ...base,
    available: true,
    api: { leads, done: progress.done, jobSeconds, wallSeconds, rate },
    baseline: { seconds: baseSeconds },
    apiSummary: `${int(progress.done)} leads in ${jobSeconds.toFixed(2)} s (${int(rate)} leads/s; ${(1_000_000 / rate).toFixed(1)} s per million), ${wallSeconds.toFixed(1)} s from the rule change`,
    baselineSummary: `${baseSeconds.toFixed(2)} s for one UPDATE of ${int(leads)} leads`,
    ratio: `${(jobSeconds / baseSeconds).toFixed(2)}x time`,
    checks,
    pass: checksPass(checks),
    note: 'POST /api/v1/settings/scoring-rules (a tag rule), then GET /api/v1/settings/scoring until the rescoring job is done; the job scores in batches of 10,000 leads per transaction, writing only rows whose score or reasons change. Baseline: one UPDATE of every lead of the tenant with a constant CASE, rolled back.',
  };
}

async function liveLeads(appUrl, tenantId) {
  const client = new pg.Client({ connectionString: appUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT set_config('hotleads.tenant_id', $1, true)`, [tenantId]);
    const { rows } = await client.query('SELECT count(*)::int AS n FROM leads WHERE tenant_id = $1', [tenantId]);
    await client.query('COMMIT');
    return rows[0].n;
  } finally {
    await client.end();
  }
}
