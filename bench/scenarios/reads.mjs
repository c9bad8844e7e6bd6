// Read scenarios: list (first page, deep page), search, stats; each against the API and the baseline.
import { withClient } from '../lib/database.mjs';
import { dist } from '../lib/dist.mjs';
import { CONNECTIONS, load, probe } from '../lib/load.mjs';
import { checksPass, loadSummary, ms, notAvailable } from '../lib/report.mjs';
import { RARE_COMPANY } from '../lib/seed.mjs';

const DEEP_ROWS = 500_000;

const ratioOf = (api, baseline) => (api && baseline && baseline.reqPerSec ? `${(api.reqPerSec / baseline.reqPerSec).toFixed(2)}x req/s` : '-');

// Loads the same query on both servers. Returns null metrics for a side that is not there (404).
async function measure(ctx, tenant, query, { expect } = {}) {
  const apiUrl = `${ctx.api.base}/api/v1/leads${query}`;
  const first = await probe(apiUrl, { headers: tenant.bearer });
  if (first.status === 404) return { missing: 'the API answers 404' };
  if (first.status !== 200) throw new Error(`GET /api/v1/leads${query}: HTTP ${first.status} ${first.text.slice(0, 500)}`);
  expect?.(JSON.parse(first.text));
  const api = await load({ url: apiUrl, headers: tenant.bearer });
  await ctx.settle();
  let baseline = null;
  const baseUrl = `${ctx.baseline.base}/leads${query}`;
  const headers = { 'x-tenant-id': tenant.tenantId };
  const base = await probe(baseUrl, { headers });
  if (base.status === 200) baseline = await load({ url: baseUrl, headers });
  else ctx.log(`  baseline for ${query}: HTTP ${base.status} ${base.text.slice(0, 300)}`);
  return { api, baseline };
}

function row(base, measured, checks, note) {
  if (measured.missing) return notAvailable(base, measured.missing);
  return {
    ...base,
    available: true,
    api: measured.api,
    baseline: measured.baseline,
    apiSummary: loadSummary(measured.api),
    baselineSummary: loadSummary(measured.baseline),
    ratio: ratioOf(measured.api, measured.baseline),
    checks,
    pass: checksPass(checks),
    note,
  };
}

export async function listFirstPage(ctx) {
  const [t1] = ctx.tenants;
  const base = { id: 'list-first-page', scenario: `list first page, filtered by status, ${CONNECTIONS} clients`, target: 'p95 <= 25 ms, >= 0.6x baseline req/s' };
  const m = await measure(ctx, t1, '?status=unread&limit=50', {
    expect: (body) => {
      if (!Array.isArray(body.data) || body.data.length !== 50) throw new Error(`expected 50 unread leads, got ${body.data?.length}`);
    },
  });
  if (m.missing) return notAvailable(base, m.missing);
  const checks = [
    { what: 'p95 <= 25 ms', ok: m.api.p95 !== null && m.api.p95 <= 25 },
    { what: '>= 0.6x baseline req/s', ok: Boolean(m.baseline) && m.api.reqPerSec >= 0.6 * m.baseline.reqPerSec },
  ];
  ctx.firstPage = m.api;
  return row(base, m, checks, '`GET /api/v1/leads?status=unread&limit=50` as the owner (bearer token) of the 700k-lead tenant. The list baselines call the API\'s compiled `LeadTriageService.list` on a plain pg client: the same page and total SQL.');
}

// Reference for the deep page: the same listing (no filter, newest first) without a cursor.
export async function listFirstPageUnfiltered(ctx) {
  const [t1] = ctx.tenants;
  const base = { id: 'list-first-page-all', scenario: 'list first page, no filter (reference for the deep page)', target: '-' };
  const m = await measure(ctx, t1, '?limit=50');
  if (m.missing) return notAvailable(base, m.missing);
  ctx.firstPageAll = m.api;
  return row(base, m, [], undefined);
}

export async function listDeepPage(ctx) {
  const [t1] = ctx.tenants;
  const base = { id: 'list-deep-page', scenario: 'list deep page by cursor (after 500k rows)', target: 'p95 within 1.2x of the first page' };
  const reference = ctx.firstPageAll ?? ctx.firstPage;
  if (!reference) return notAvailable(base, 'no first-page measurement');
  // The 500,000th lead of the default order (newest first), encoded as the API encodes its cursors
  // (with a smaller BENCH_LEADS: five sevenths down the tenant, the same relative depth).
  const { encodeLeadCursor } = dist('modules/leads/lead-list-query.js');
  const depth = Math.min(DEEP_ROWS, Math.floor((ctx.seeded[t1.tenantId] * 5) / 7));
  const keys = await withClient(ctx.ownerUrl, async (c) => {
    const { rows } = await c.query(
      `SELECT created_at::text AS k0, id::text AS k1 FROM leads WHERE tenant_id = $1 AND deleted_at IS NULL ORDER BY created_at DESC, id DESC OFFSET $2 LIMIT 1`,
      [t1.tenantId, depth - 1],
    );
    return [rows[0].k0, rows[0].k1];
  });
  const cursor = encodeLeadCursor({ sort: '-createdAt', keys });
  const m = await measure(ctx, t1, `?limit=50&cursor=${encodeURIComponent(cursor)}`, {
    expect: (body) => {
      if (body.data?.length !== 50) throw new Error(`the deep page has ${body.data?.length} rows`);
    },
  });
  if (m.missing) return notAvailable(base, m.missing);
  const ratio = m.api.p95 !== null && reference.p95 ? m.api.p95 / reference.p95 : Infinity;
  const checks = [{ what: 'p95 <= 1.2x first page', ok: ratio <= 1.2 }];
  const r = row(base, m, checks, `Cursor after the ${depth.toLocaleString('en-US')}th lead of the 700k tenant (newest first), built with the API's \`encodeLeadCursor\`. Compared with the unfiltered first page (p95 ${ms(reference.p95)}): ${ratio.toFixed(2)}x.`);
  return { ...r, ratio: `${ratio.toFixed(2)}x first-page p95; ${r.ratio}` };
}

export async function search(ctx) {
  const [t1] = ctx.tenants;
  const base = { id: 'search', scenario: 'search `q` (selective term)', target: 'p95 <= 50 ms' };
  const term = RARE_COMPANY.split(' ')[0].toLowerCase();
  let found = 0;
  const m = await measure(ctx, t1, `?q=${term}&limit=50`, {
    expect: (body) => {
      found = body.data?.length ?? 0;
      if (found === 0) throw new Error(`search for ${term} found nothing`);
    },
  });
  if (m.missing) return notAvailable(base, m.missing);
  const checks = [{ what: 'p95 <= 50 ms', ok: m.api.p95 !== null && m.api.p95 <= 50 }];
  return row(base, m, checks, `\`q=${term}\` matches ${found} of 700k leads (company "${RARE_COMPANY}").`);
}

export async function stats(ctx) {
  const [t1] = ctx.tenants;
  const base = { id: 'stats', scenario: 'stats', target: 'p95 <= 50 ms' };
  const apiUrl = `${ctx.api.base}/api/v1/leads/stats`;
  const first = await probe(apiUrl, { headers: t1.bearer });
  if (first.status === 404) return notAvailable(base, 'the API answers 404');
  if (first.status !== 200) throw new Error(`GET /api/v1/leads/stats: HTTP ${first.status} ${first.text.slice(0, 500)}`);
  const api = await load({ url: apiUrl, headers: t1.bearer });
  await ctx.settle();
  let baseline = null;
  const headers = { 'x-tenant-id': t1.tenantId };
  const b = await probe(`${ctx.baseline.base}/leads/stats`, { headers });
  if (b.status === 200) baseline = await load({ url: `${ctx.baseline.base}/leads/stats`, headers });
  const checks = [{ what: 'p95 <= 50 ms', ok: api.p95 !== null && api.p95 <= 50 }];
  const how = baseline ? ' Baseline: the API\'s compiled `LeadStatsService` and `LeadStatsRepository` on a plain pg client.' : ' Baseline: not available.';
  return row(base, { api, baseline }, checks, `\`GET /api/v1/leads/stats\` (default: the last 30 days) of the 700k-lead tenant.${how}`);
}
