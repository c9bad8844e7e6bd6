// The first Zoho CRM sync (issue 13): BENCH_SYNC_RECORDS leads in the test suite's fake Zoho, pulled by the
// sync engine of an API with workers (`Sync now` on a paused connection), timed from the request until the
// `leads` stream's run has finished; then an incremental run with nothing changed, which must make one
// request per stream and write nothing. Baseline: the same pages read from the same fake and upserted
// directly (one multi-row INSERT ... ON CONFLICT of the leads and one of their events per page, in a tenant
// transaction), into the second workspace.
import { join } from 'node:path';
import pg from 'pg';
import { ROOT } from '../../scripts/build-if-stale.mjs';
import { call, expectOk, startApi, stopApi } from '../lib/api.mjs';
import { withClient } from '../lib/database.mjs';
import { loadFakeZoho } from '../lib/fake-zoho.mjs';
import { checksPass, int } from '../lib/report.mjs';

const RECORDS = Number(process.env.BENCH_SYNC_RECORDS ?? 100_000);
const TIMEOUT_S = Number(process.env.BENCH_SYNC_TIMEOUT ?? 600);
// Two seconds apart: the engine's 5-minute lookback then holds 150 records, one page of 200.
const STEP_MS = 2_000;

async function restart(ctx, zohoUrl) {
  await stopApi(ctx.api);
  ctx.api = await startApi({ ownerUrl: ctx.ownerUrl, dataDir: join(ROOT, '.tmp/bench'), env: { ZOHO_ACCOUNTS_URL: zohoUrl, ZOHO_API_URL: zohoUrl, SYNC_MAX_REQUESTS_PER_RUN: '100000' } });
  ctx.log(`  API restarted (pid ${ctx.api.pid}, ZOHO_API_URL=${zohoUrl})`);
}

// Waits until the connection has `count` finished runs; answers them.
async function finishedRuns(ownerUrl, connectionId, count) {
  const deadline = Date.now() + TIMEOUT_S * 1000;
  return withClient(ownerUrl, async (c) => {
    for (;;) {
      const { rows } = await c.query(
        `SELECT stream, status, pages, fetched, created, merged, updated, unchanged, deleted, failed, requests, error, extract(epoch FROM finished_at - started_at) * 1000 AS ms
         FROM sync_runs WHERE connection_id = $1 AND status <> 'running' ORDER BY started_at`,
        [connectionId],
      );
      if (rows.length >= count) return rows;
      if (Date.now() > deadline) throw new Error(`only ${rows.length} of ${count} runs finished within ${TIMEOUT_S} s`);
      await new Promise((r) => setTimeout(r, 50));
    }
  });
}

const counts = (ownerUrl, tenantId) =>
  withClient(ownerUrl, async (c) => {
    const leads = (await c.query(`SELECT count(*)::int AS n FROM leads WHERE tenant_id = $1 AND source = 'zoho'`, [tenantId])).rows[0].n;
    const events = (await c.query(`SELECT count(*)::int AS n FROM lead_events e JOIN leads l ON l.id = e.lead_id WHERE l.tenant_id = $1 AND l.source = 'zoho'`, [tenantId])).rows[0].n;
    return { leads, events };
  });

// Baseline: every page read from the fake as the engine reads it, and upserted directly.
async function directSync(appUrl, tenantId, zoho, client) {
  const token = await (await fetch(`${zoho.baseUrl}/oauth/v2/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'refresh_token', ...{ client_id: client.clientId, client_secret: client.clientSecret, refresh_token: client.refreshToken } }) })).json();
  const headers = { authorization: `Zoho-oauthtoken ${token.access_token}` };
  const db = new pg.Client({ connectionString: appUrl });
  await db.connect();
  let done = 0;
  const started = Date.now();
  try {
    let page = 1;
    let pageToken = null;
    for (;;) {
      const q = new URLSearchParams({ fields: 'First_Name,Last_Name,Email,Phone,Company,Lead_Source,Lead_Status,Description,Owner,Created_Time,Modified_Time', sort_by: 'Modified_Time', sort_order: 'asc', per_page: '200' });
      if (pageToken) q.set('page_token', pageToken);
      else q.set('page', String(page));
      const res = await fetch(`${zoho.baseUrl}/crm/v8/Leads?${q}`, { headers });
      if (res.status === 204) break;
      if (!res.ok) throw new Error(`fake Zoho answered ${res.status}`);
      const body = await res.json();
      const data = body.data;
      await db.query(`START TRANSACTION; SELECT set_config('hotleads.tenant_id', '${tenantId}', true)`);
      const { rows } = await db.query(
        `INSERT INTO leads (tenant_id, type, priority, name, email, company, source, source_ref, tags, metadata)
         SELECT $1, 'contact', 'medium', r.name, r.email, r.company, 'zoho', r.ref, '{}', r.meta
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[]) AS r(name, email, company, ref, meta)
         ON CONFLICT (tenant_id, source, source_ref) WHERE source_ref IS NOT NULL DO UPDATE SET metadata = EXCLUDED.metadata
         RETURNING id`,
        [
          tenantId,
          data.map((l) => `${l.First_Name ?? ''} ${l.Last_Name}`.trim()),
          data.map((l) => l.Email.toLowerCase()),
          data.map((l) => l.Company),
          data.map((l) => l.id),
          data.map((l) => JSON.stringify({ zoho: { id: l.id, leadStatus: l.Lead_Status, modifiedTime: l.Modified_Time } })),
        ],
      );
      await db.query(`INSERT INTO lead_events (tenant_id, lead_id, type, actor_type, data, created_at) SELECT $1, id, 'created', 'system', '{}', clock_timestamp() FROM unnest($2::uuid[]) AS id`, [tenantId, rows.map((r) => r.id)]);
      await db.query('COMMIT');
      done += data.length;
      if (!body.info.more_records) break;
      if (!pageToken && page < 10) page++;
      else pageToken = body.info.next_page_token;
    }
  } finally {
    await db.end();
  }
  const elapsedMs = Date.now() - started;
  return { done, elapsedMs, perSec: Math.round(done / (elapsedMs / 1000)) };
}

export async function syncZohoFirst(ctx) {
  const [tenant, other] = ctx.tenants;
  const { FakeZoho } = await loadFakeZoho();
  const zoho = new FakeZoho();
  await zoho.start();
  try {
    await restart(ctx, zoho.baseUrl);
    const client = zoho.addClient();
    zoho.addLeads(RECORDS, Date.now() - RECORDS * STEP_MS - 60_000, STEP_MS);
    const connection = await expectOk(
      call(ctx.api.base, 'POST', '/api/v1/integrations/connections', { headers: tenant.bearer, body: { provider: 'zoho', name: 'Bench Zoho', credentials: { dataCentre: 'us', ...client } } }),
      'Zoho connection',
    );
    // Paused: only the bench's `Sync now` runs it.
    await expectOk(call(ctx.api.base, 'POST', `/api/v1/integrations/connections/${connection.id}/pause`, { headers: tenant.bearer }), 'pause');
    const before = await counts(ctx.ownerUrl, tenant.tenantId);

    const started = Date.now();
    await expectOk(call(ctx.api.base, 'POST', `/api/v1/integrations/connections/${connection.id}/sync`, { headers: tenant.bearer, body: {} }), 'Sync now');
    const first = await finishedRuns(ctx.ownerUrl, connection.id, 2);
    const elapsedMs = Date.now() - started;
    const leadsRun = first.find((r) => r.stream === 'leads');
    const after = await counts(ctx.ownerUrl, tenant.tenantId);
    const created = after.leads - before.leads;
    const rate = created / (elapsedMs / 1000);
    ctx.log(`  first sync: ${int(created)} leads in ${(elapsedMs / 1000).toFixed(1)} s (${int(rate)}/s), run ${JSON.stringify(leadsRun)}`);
    await ctx.settle();

    // Incremental with nothing changed: one request per stream, nothing written.
    zoho.reset();
    await expectOk(call(ctx.api.base, 'POST', `/api/v1/integrations/connections/${connection.id}/sync`, { headers: tenant.bearer, body: {} }), 'Sync now (incremental)');
    const second = (await finishedRuns(ctx.ownerUrl, connection.id, 4)).slice(2);
    const unchanged = await counts(ctx.ownerUrl, tenant.tenantId);
    const requests = { leads: zoho.requests.filter((r) => r.path === '/crm/v8/Leads').length, deleted: zoho.requests.filter((r) => r.path === '/crm/v8/Leads/deleted').length };
    const incremental = second.find((r) => r.stream === 'leads');
    const wrote = unchanged.leads - after.leads + (unchanged.events - after.events) + second.reduce((n, r) => n + r.created + r.updated + r.merged + r.deleted, 0);
    ctx.log(`  incremental: requests ${JSON.stringify(requests)}, token requests ${zoho.tokenRequests}, run ${JSON.stringify(incremental)}`);
    await ctx.settle();

    // Baseline: the same records again, directly, into the other workspace.
    const baseline = await directSync(ctx.appUrl, other.tenantId, zoho, client);
    const checks = [
      { what: '>= 5,000 records/s', ok: rate >= 5_000 },
      { what: `all ${int(RECORDS)} created`, ok: created === RECORDS && leadsRun?.status === 'succeeded' && leadsRun.failed === 0 },
      { what: 'incremental: one request per stream', ok: requests.leads === 1 && requests.deleted === 1 },
      { what: 'incremental: nothing written', ok: wrote === 0 },
    ];
    return {
      id: 'sync-zoho-first',
      scenario: `first Zoho sync, ${int(RECORDS)} records`,
      target: '>= 5,000 records/s end to end; an unchanged incremental run makes one request per stream and writes nothing',
      available: true,
      api: { records: RECORDS, created, elapsedMs, recordsPerSec: Math.round(rate), firstRuns: first, incrementalRuns: second, incrementalRequests: requests, incrementalWrites: wrote },
      baseline,
      apiSummary: `${int(rate)} records/s (${int(created)} leads in ${(elapsedMs / 1000).toFixed(1)} s, ${int(leadsRun?.pages)} pages, ${int(leadsRun?.requests)} requests); incremental: ${requests.leads} + ${requests.deleted} requests, ${int(incremental?.unchanged)} unchanged, ${wrote} writes`,
      baselineSummary: `${int(baseline.perSec)} records/s (${int(baseline.done)} in ${(baseline.elapsedMs / 1000).toFixed(1)} s)`,
      ratio: baseline.perSec ? `${(rate / baseline.perSec).toFixed(2)}x records/s` : '-',
      checks,
      pass: checksPass(checks),
      note: `${int(RECORDS)} leads (BENCH_SYNC_RECORDS) in the fake Zoho (apps/api/test/support/fake-zoho.ts), Modified_Time ${STEP_MS / 1000} s apart, pulled by \`Sync now\` on a paused connection of an API with workers: 200 per page, pages 1-10 then page_token, each page's intake upserts (dedup by source reference, email and phone, events, SLA, audit-free system actor), record versions, counters and checkpoint in one transaction. Timed from the request until both streams' runs (leads, deleted leads) finished. The incremental run starts from the checkpoint minus the 5-minute lookback (150 records, one page) and must skip all of them by version. The baseline reads the same pages from the same fake and upserts each page with one multi-row INSERT ... ON CONFLICT on the source reference and one multi-row lead-event INSERT in a tenant transaction: no normalisation, dedup by email/phone, versions, checkpoint, lease or job queue.`,
    };
  } finally {
    await ctx.restartApi();
    await zoho.close();
  }
}
