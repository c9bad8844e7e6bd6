// Bulk update of ~100,000 leads selected by a filter (the tag the seed puts on every 7th lead of tenant 1).
import pg from 'pg';
import { call, waitForRescoring } from '../lib/api.mjs';
import { dist } from '../lib/dist.mjs';
import { checksPass, int } from '../lib/report.mjs';
import { BULK_TAG } from '../lib/seed.mjs';

// The baseline is cancelled past this, so a slow database cannot stretch the run.
const BASELINE_LIMIT_S = 60;

export async function bulkUpdate(ctx) {
  const [t1] = ctx.tenants;
  const base = { id: 'bulk-update', scenario: 'bulk-update 100,000 leads by filter', target: 'under 10 s' };
  const body = { filter: { tag: [BULK_TAG] }, set: { priority: 'high', addTags: ['bench-bulk-updated'] } };
  const started = performance.now();
  const res = await call(ctx.api.base, 'POST', '/api/v1/leads/bulk-update', { headers: t1.bearer, body });
  const seconds = (performance.now() - started) / 1000;
  if (res.status === 404) return { ...base, available: false, pass: null, apiSummary: 'not available (the API answers 404)', baselineSummary: '-', ratio: '-' };
  if (res.status !== 200) throw new Error(`bulk-update: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
  const { matched, updated, skipped } = res.body;

  // A priority change rescores the edited leads inside the request (decision 0040); a workspace rescoring
  // still queued by an earlier rule change would run on the same rows, so the baseline waits for any, or
  // the two updates take their row locks in different orders and deadlock.
  await waitForRescoring(ctx.api.base, t1.bearer);
  await ctx.settle();
  // Baseline: the same rows, one set-based UPDATE plus one lead event per lead, in a tenant transaction.
  const { leadWhere } = dist('modules/leads/lead-list-query.js');
  const where = leadWhere(t1.tenantId, { tag: [BULK_TAG] });
  const client = new pg.Client({ connectionString: ctx.appUrl });
  await client.connect();
  let baseSeconds;
  let baseUpdated;
  try {
    const t0 = performance.now();
    await client.query('BEGIN');
    await client.query(`SELECT set_config('hotleads.tenant_id', $1, true)`, [t1.tenantId]);
    await client.query(`SET LOCAL statement_timeout = '${BASELINE_LIMIT_S}s'`);
    const params = [...where.params, 'urgent', ['bench-bulk-base']];
    const { rowCount } = await client.query(
      `WITH changed AS (
         UPDATE leads l SET priority = $${params.length - 1}::text,
                tags = ARRAY(SELECT DISTINCT t FROM unnest(l.tags || $${params.length}::text[]) AS t),
                version = l.version + 1
         WHERE ${where.sql}
         RETURNING l.id, l.tenant_id
       )
       INSERT INTO lead_events (tenant_id, lead_id, type, actor_type, data)
       SELECT tenant_id, id, 'bulk_updated', 'user', '{"priority":"urgent"}'::jsonb FROM changed`,
      params,
    );
    await client.query('COMMIT');
    baseSeconds = (performance.now() - t0) / 1000;
    baseUpdated = rowCount;
  } catch (error) {
    if (error.code !== '57014') throw error;
    // Cancelled by statement_timeout.
    await client.query('ROLLBACK');
    baseSeconds = null;
  } finally {
    await client.end();
  }
  const checks = [{ what: 'under 10 s', ok: seconds < 10 }];
  return {
    ...base,
    available: true,
    api: { seconds, matched, updated, skipped: skipped?.length ?? 0 },
    baseline: { seconds: baseSeconds, updated: baseUpdated },
    apiSummary: `${seconds.toFixed(2)} s for ${int(updated)} of ${int(matched)} matched leads (${int(updated / seconds)} leads/s)`,
    baselineSummary: baseSeconds === null ? `over ${BASELINE_LIMIT_S} s (cancelled)` : `${baseSeconds.toFixed(2)} s for ${int(baseUpdated)} leads`,
    ratio: baseSeconds === null ? '-' : `${(seconds / baseSeconds).toFixed(2)}x time`,
    checks,
    pass: checksPass(checks),
    note: `\`POST /api/v1/leads/bulk-update\` with \`filter: {tag: ["${BULK_TAG}"]}\`, setting priority and adding a tag (every 7th seeded lead of the 700k tenant carries the tag; those in the trash do not match). Baseline: one UPDATE ... RETURNING feeding one lead-event INSERT, as the app role.`,
  };
}
