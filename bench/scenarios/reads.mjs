// Read scenarios: list (first page, deep page), search, stats; each against the API and the baseline.
import autocannon from 'autocannon';
import { call, rssSampler } from '../lib/api.mjs';
import { withClient } from '../lib/database.mjs';
import { dist } from '../lib/dist.mjs';
import { CONNECTIONS, DURATION_S, WARMUP_S, load, probe } from '../lib/load.mjs';
import { checksPass, int, loadSummary, mb, ms, notAvailable } from '../lib/report.mjs';
import { BULK_TAG, RARE_COMPANY } from '../lib/seed.mjs';

const RSS_LIMIT = 300 * 1024 * 1024;

const DEEP_ROWS = 500_000;


// Loads the same query on the API (its peak RSS sampled meanwhile), on the baseline running the API's own
// SQL, and on the minimal hand-written baseline (/min/...). Null metrics for a side that is not there.
async function measure(ctx, tenant, query, { expect, path = '/leads', baseline: withBaseline = true } = {}) {
  const apiUrl = `${ctx.api.base}/api/v1${path}${query}`;
  const first = await probe(apiUrl, { headers: tenant.bearer });
  if (first.status === 404) return { missing: 'the API answers 404' };
  if (first.status !== 200) throw new Error(`GET /api/v1${path}${query}: HTTP ${first.status} ${first.text.slice(0, 500)}`);
  expect?.(JSON.parse(first.text));
  const rss = rssSampler(ctx.api.pid);
  const api = await load({ url: apiUrl, headers: tenant.bearer });
  api.rss = rss.stop();
  const headers = { 'x-tenant-id': tenant.tenantId };
  const other = async (url) => {
    await ctx.settle();
    const res = await probe(url, { headers });
    if (res.status === 200) return load({ url, headers });
    ctx.log(`  baseline ${url}: HTTP ${res.status} ${res.text.slice(0, 300)}`);
    return null;
  };
  const baseline = withBaseline ? await other(`${ctx.baseline.base}${path}${query}`) : null;
  const minimal = await other(`${ctx.baseline.base}/min${path}${query}`);
  return { api, baseline, minimal };
}

const ratioTo = (api, other) => (api && other?.reqPerSec ? api.reqPerSec / other.reqPerSec : null);

function row(base, measured, checks, note) {
  if (measured.missing) return notAvailable(base, measured.missing);
  const { api, baseline, minimal } = measured;
  const rssOk = api.rss?.peakBytes !== undefined && api.rss.peakBytes < RSS_LIMIT;
  const all = [...checks, { what: 'API peak RSS < 300 MB', ok: rssOk }];
  const toMinimal = ratioTo(api, minimal);
  const toBaseline = ratioTo(api, baseline);
  return {
    ...base,
    available: true,
    api,
    baseline,
    minimal,
    apiSummary: `${loadSummary(api)}; peak RSS ${mb(api.rss?.peakBytes)}`,
    baselineSummary: `API's SQL: ${loadSummary(baseline)}. Minimal: ${loadSummary(minimal)}`,
    ratio: `${toMinimal === null ? '-' : toMinimal.toFixed(2)}x minimal, ${toBaseline === null ? '-' : toBaseline.toFixed(2)}x API's SQL (req/s)`,
    checks: all,
    pass: checksPass(all),
    note,
  };
}

const atLeastMinimal = (m, factor = 0.6) => ({ what: `>= ${factor}x minimal baseline req/s`, ok: (ratioTo(m.api, m.minimal) ?? 0) >= factor });

export async function listFirstPage(ctx) {
  const [t1] = ctx.tenants;
  const base = { id: 'list-first-page', scenario: `list first page, filtered by status, ${CONNECTIONS} clients`, target: 'p95 <= 25 ms, >= 0.6x minimal req/s, RSS < 300 MB' };
  const m = await measure(ctx, t1, '?status=unread&limit=50', {
    expect: (body) => {
      if (!Array.isArray(body.data) || body.data.length !== 50) throw new Error(`expected 50 unread leads, got ${body.data?.length}`);
    },
  });
  if (m.missing) return notAvailable(base, m.missing);
  const checks = [{ what: 'p95 <= 25 ms', ok: m.api.p95 !== null && m.api.p95 <= 25 }, atLeastMinimal(m)];
  ctx.firstPage = m.api;
  return row(base, m, checks, '`GET /api/v1/leads?status=unread&limit=50` as the owner (bearer token) of the 700k-lead tenant. Two baselines: the API\'s compiled `LeadTriageService.list` on a plain pg client (the same page and total SQL), and the minimal one: one keyset page on the status index, no count.');
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
  return row(base, m, checks, `\`q=${term}\` matches ${found} of 700k leads (company "${RARE_COMPANY}"). Minimal baseline: the page of the ids the trigram index finds (\`lead_ids_matching\`), newest first, no count.`);
}

export async function stats(ctx) {
  const [t1] = ctx.tenants;
  const base = { id: 'stats', scenario: 'stats', target: 'p95 <= 50 ms' };
  const m = await measure(ctx, t1, '', { path: '/leads/stats' });
  if (m.missing) return notAvailable(base, m.missing);
  const checks = [{ what: 'p95 <= 50 ms', ok: m.api.p95 !== null && m.api.p95 <= 50 }];
  return row(base, m, checks, '`GET /api/v1/leads/stats` (default: the last 30 days) of the 700k-lead tenant. Baselines: the API\'s compiled `LeadStatsService` and `LeadStatsRepository` on a plain pg client; the minimal one reads the daily rollup of the last 30 days once.');
}

// Single ingest at a steady 200 leads/s in the background while the list's first page is measured.
export async function listUnderWrites(ctx) {
  const [t1] = ctx.tenants;
  const base = { id: 'list-under-writes', scenario: `list first page under 200 ingests/s, ${CONNECTIONS} clients`, target: 'p95 <= 25 ms' };
  let n = 0;
  const writer = autocannon({
    url: ctx.api.base,
    connections: 4,
    overallRate: 200,
    duration: WARMUP_S + DURATION_S + 30,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/leads',
        headers: { ...t1.apiKey, 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: JSON.stringify({ email: `bg.${Date.now()}.${++n}@writes.bench.example`, source: 'bench-writes' }) }),
      },
    ],
  });
  const written = new Promise((resolve) => writer.on('done', resolve));
  try {
    const m = await measure(ctx, t1, '?status=unread&limit=50', { baseline: false });
    if (m.missing) return notAvailable(base, m.missing);
    const checks = [{ what: 'p95 <= 25 ms', ok: m.api.p95 !== null && m.api.p95 <= 25 }];
    return row(base, m, checks, 'The first page of the list (status unread) while 4 background connections post single leads at 200/s in total (autocannon `overallRate`), through the API measurement and the minimal baseline.');
  } finally {
    writer.stop();
    const result = await written;
    ctx.log(`  background ingest: ${int(result['2xx'])} leads acknowledged at ${int(result['2xx'] / result.duration)}/s`);
  }
}

// The worst case: a bulk-update of ~100,000 leads to processing, then at once (autovacuum off for
// the leads tables meanwhile, so nothing compacts the table behind the API's back) every read again.
export async function readsAfterBulkUpdate(ctx) {
  const [t1] = ctx.tenants;
  const tables = ['leads', 'lead_search', 'lead_events', 'lead_stats_deltas', 'lead_stats_daily', 'lead_stats_totals'];
  const autovacuum = (on) => withClient(ctx.ownerUrl, (c) => c.query(tables.map((t) => `ALTER TABLE IF EXISTS ${t} SET (autovacuum_enabled = ${on})`).join('; ')));
  await autovacuum(false);
  const rows = [];
  try {
    const started = performance.now();
    const res = await call(ctx.api.base, 'POST', '/api/v1/leads/bulk-update', { headers: t1.bearer, body: { filter: { tag: [BULK_TAG] }, set: { status: 'processing' } } });
    const seconds = (performance.now() - started) / 1000;
    if (res.status !== 200) throw new Error(`bulk-update to processing: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    ctx.log(`  bulk-update to processing: ${res.body.updated} of ${res.body.matched} in ${seconds.toFixed(2)} s`);
    const after = `after a bulk-update of ${int(res.body.updated)} leads to processing (${seconds.toFixed(1)} s), no vacuum`;
    const list = async (id, query, what, target, checks) => {
      const m = await measure(ctx, t1, query, { baseline: false });
      return row({ id, scenario: `${what}, ${after}`, target }, m, checks(m), undefined);
    };
    rows.push(await list('after-bulk-list-processing', '?status=processing&limit=50', 'list first page, status processing', 'p95 <= 25 ms, >= 0.6x minimal', (m) => [{ what: 'p95 <= 25 ms', ok: m.api.p95 !== null && m.api.p95 <= 25 }, atLeastMinimal(m)]));
    rows.push(await list('after-bulk-list-unread', '?status=unread&limit=50', 'list first page, status unread', 'p95 <= 25 ms, >= 0.6x minimal', (m) => [{ what: 'p95 <= 25 ms', ok: m.api.p95 !== null && m.api.p95 <= 25 }, atLeastMinimal(m)]));
    const term = RARE_COMPANY.split(' ')[0].toLowerCase();
    rows.push(await list('after-bulk-search', `?q=${term}&limit=50`, 'search', 'p95 <= 50 ms', (m) => [{ what: 'p95 <= 50 ms', ok: m.api.p95 !== null && m.api.p95 <= 50 }]));
    const st = await measure(ctx, t1, '', { path: '/leads/stats', baseline: false });
    rows.push(row({ id: 'after-bulk-stats', scenario: `stats, ${after}`, target: 'p95 <= 50 ms' }, st, [{ what: 'p95 <= 50 ms', ok: st.api.p95 !== null && st.api.p95 <= 50 }], undefined));
  } finally {
    await autovacuum(true);
  }
  return rows;
}
