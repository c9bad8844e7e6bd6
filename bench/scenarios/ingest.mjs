// Write scenarios: single ingest (32 clients, one lead per request) and bulk ingest (1,000 per request).
import { withClient } from '../lib/database.mjs';
import { CONNECTIONS, DURATION_S, load, WARMUP_S } from '../lib/load.mjs';
import { closedLoop, literal, PG_ALONE_POOL, tenantScript } from '../lib/pg-alone.mjs';
import { checksPass, int, loadSummary, ms } from '../lib/report.mjs';

const BULK_SIZE = 1_000;
const BULK_CONNECTIONS = Number(process.env.BENCH_BULK_CONNECTIONS ?? 4);

let serial = 0;
// A lead no other request sends: a fresh email and phone, so each one creates a lead (no merge).
function lead(tag) {
  const n = ++serial;
  return {
    name: `Ingest ${tag} ${n}`,
    email: `${tag}.${n}@ingest.bench.example`,
    phone: `+4930${String(70_000_000 + n).padStart(8, '0')}`,
    company: 'Bench Ingest AG',
    subject: 'Demo request',
    message: 'Hello, we would like a demo of your product next week.',
    tags: ['bench-ingest'],
    metadata: { utm: { source: 'bench' } },
  };
}

// 2xx ids are collected from the response bodies so that "lost" can be checked against the database.
function singleRequests(path, headers, tag, ids) {
  return [
    {
      method: 'POST',
      path,
      headers: { ...headers, 'content-type': 'application/json' },
      setupRequest: (req) => ({ ...req, body: JSON.stringify(lead(tag)) }),
      onResponse: (status, body) => {
        if (status >= 200 && status < 300) ids.push(JSON.parse(body).id);
      },
    },
  ];
}

// The leads as one plain multi-row INSERT ... ON CONFLICT DO NOTHING into leads (same indexes, same
// triggers), in a tenant transaction of one round trip: what PostgreSQL alone does with the same rows.
function plainInsert(client, tenantId, leads) {
  const values = leads.map(
    (l) =>
      `(${literal(client, tenantId)}, ${literal(client, l.name)}, ${literal(client, l.email)}, ${literal(client, l.phone)}, ${literal(client, l.company)}, ` +
      `${literal(client, l.subject)}, ${literal(client, l.message)}, 'api', ARRAY[${l.tags.map((t) => literal(client, t)).join(',')}]::text[], ${literal(client, JSON.stringify(l.metadata))}::jsonb)`,
  );
  return tenantScript(
    client,
    tenantId,
    `INSERT INTO leads (tenant_id, name, email, phone, company, subject, message, source, tags, metadata) VALUES ${values.join(',')} ON CONFLICT DO NOTHING`,
  );
}

async function pgAlone(ctx, tenantId, { workers, perOp, tag }) {
  const result = await closedLoop({
    url: ctx.appUrl,
    workers,
    durationS: DURATION_S,
    warmupS: perOp === 1 ? WARMUP_S : 0,
    op: async (client, measured) => {
      const leads = Array.from({ length: perOp }, () => lead(measured ? tag : `${tag}-warm`));
      await client.query(plainInsert(client, tenantId, leads));
      return leads.length;
    },
  });
  // Checked against the table: the leads of the measured run that are there.
  const found = await withClient(ctx.ownerUrl, async (c) => (await c.query(`SELECT count(*)::int AS n FROM leads WHERE tenant_id = $1 AND email LIKE $2`, [tenantId, `${tag}.%`])).rows[0].n);
  // The table is the measure: the leads sent that are there.
  return { ...result, sent: result.rows, rows: found, rowsPerSec: Math.round(found / result.durationS) };
}

const pgAloneNote = (what) =>
  ` Second baseline, "PostgreSQL alone": ${what} as one plain \`INSERT ... VALUES ... ON CONFLICT DO NOTHING\` into \`leads\` (its indexes and triggers), sent by the bench process as the app role in a tenant transaction of one round trip, pool of ${PG_ALONE_POOL}: no HTTP, no validation, no lead event, audit or idempotency.`;

async function stored(ownerUrl, ids) {
  return withClient(ownerUrl, async (c) => (await c.query(`SELECT count(*)::int AS n FROM leads WHERE id = ANY($1::uuid[])`, [ids])).rows[0].n);
}

export async function singleIngest(ctx) {
  const [t1] = ctx.tenants;
  const base = { id: 'ingest-single', scenario: `single ingest, ${CONNECTIONS} clients`, target: '>= 1,000 leads/s, p95 <= 50 ms, 0 lost' };
  const apiIds = [];
  const api = await load({ url: ctx.api.base, requests: singleRequests('/api/v1/leads', t1.apiKey, 'api', apiIds) });
  const apiStored = await stored(ctx.ownerUrl, apiIds);
  const created = api.statusCodes['201'] ?? 0;
  await ctx.settle();
  const baseIds = [];
  const baseline = await load({ url: ctx.baseline.base, requests: singleRequests('/leads', { 'x-tenant-id': t1.tenantId }, 'base', baseIds) });
  await ctx.settle();
  const alone = await pgAlone(ctx, t1.tenantId, { workers: CONNECTIONS, perOp: 1, tag: 'alone' });
  const lost = apiIds.length - apiStored;
  const checks = [
    { what: '>= 1,000 leads/s', ok: api.reqPerSec >= 1_000 },
    { what: 'p95 <= 50 ms', ok: api.p95 !== null && api.p95 <= 50 },
    { what: '0 lost', ok: apiIds.length > 0 && lost === 0 },
  ];
  return {
    ...base,
    available: true,
    api: { ...api, acknowledged: apiIds.length, storedOfAcknowledged: apiStored, lost, created },
    baseline,
    pgAlone: alone,
    apiSummary: `${loadSummary(api, 'leads/s')}; ${int(apiIds.length)} acknowledged (warm-up included), ${int(lost)} lost`,
    baselineSummary: `server: ${loadSummary(baseline, 'leads/s')}; PostgreSQL alone: ${int(alone.rowsPerSec)} leads/s, p50 ${ms(alone.p50)} / p95 ${ms(alone.p95)}`,
    ratio: `${baseline?.reqPerSec ? `${(api.reqPerSec / baseline.reqPerSec).toFixed(2)}x server` : '-'}; ${alone.rowsPerSec ? `${(api.reqPerSec / alone.rowsPerSec).toFixed(2)}x PostgreSQL alone` : '-'} (leads/s)`,
    checks,
    pass: checksPass(checks),
    note: `\`POST /api/v1/leads\` with an API key, each request a new lead (fresh email and phone). Lost = acknowledged ids (2xx bodies) missing from the database afterwards: ${int(apiStored)} of ${int(apiIds.length)} found. The baseline does one INSERT ... ON CONFLICT DO NOTHING RETURNING plus the lead-event INSERT in a tenant transaction, without validation, dedup look-ups, idempotency or audit.${pgAloneNote('each lead')}`,
  };
}

export async function bulkIngest(ctx) {
  const [t1] = ctx.tenants;
  const base = { id: 'ingest-bulk', scenario: `bulk ingest, ${BULK_SIZE.toLocaleString('en-US')} per request`, target: '>= 20,000 leads/s' };
  const body = (tag) => JSON.stringify({ leads: Array.from({ length: BULK_SIZE }, () => lead(tag)) });
  let apiCreated = 0;
  const api = await load(
    {
      url: ctx.api.base,
      connections: BULK_CONNECTIONS,
      requests: [
        {
          method: 'POST',
          path: '/api/v1/leads/bulk',
          headers: { ...t1.apiKey, 'content-type': 'application/json' },
          setupRequest: (req) => ({ ...req, body: body('bulk') }),
          onResponse: (status, text) => {
            if (status === 200) apiCreated += JSON.parse(text).created;
          },
        },
      ],
    },
    { warmup: 0 },
  );
  await ctx.settle();
  let baseCreated = 0;
  const baseline = await load(
    {
      url: ctx.baseline.base,
      connections: BULK_CONNECTIONS,
      requests: [
        {
          method: 'POST',
          path: '/leads/bulk',
          headers: { 'x-tenant-id': t1.tenantId, 'content-type': 'application/json' },
          setupRequest: (req) => ({ ...req, body: body('bulkbase') }),
          onResponse: (status, text) => {
            if (status === 200) baseCreated += JSON.parse(text).created;
          },
        },
      ],
    },
    { warmup: 0 },
  );
  await ctx.settle();
  const alone = await pgAlone(ctx, t1.tenantId, { workers: BULK_CONNECTIONS, perOp: BULK_SIZE, tag: 'bulkalone' });
  const apiRate = apiCreated / api.durationS;
  const baseRate = baseCreated / baseline.durationS;
  const checks = [{ what: '>= 20,000 leads/s', ok: apiRate >= 20_000 }];
  return {
    ...base,
    available: true,
    api: { ...api, created: apiCreated, leadsPerSec: Math.round(apiRate) },
    baseline: { ...baseline, created: baseCreated, leadsPerSec: Math.round(baseRate) },
    pgAlone: alone,
    apiSummary: `${int(apiRate)} leads/s (${int(api.reqPerSec)} req/s; p50 ${ms(api.p50)} / p95 ${ms(api.p95)} per request)${api.non2xx + api.errors ? `; ${api.non2xx + api.errors} failed` : ''}`,
    baselineSummary: `server: ${int(baseRate)} leads/s (p95 ${ms(baseline.p95)} per request); PostgreSQL alone: ${int(alone.rowsPerSec)} leads/s (p95 ${ms(alone.p95)} per ${BULK_SIZE})`,
    ratio: `${baseRate ? `${(apiRate / baseRate).toFixed(2)}x server` : '-'}; ${alone.rowsPerSec ? `${(apiRate / alone.rowsPerSec).toFixed(2)}x PostgreSQL alone` : '-'} (leads/s)`,
    checks,
    pass: checksPass(checks),
    note: `\`POST /api/v1/leads/bulk\` with ${BULK_SIZE} new leads per request from ${BULK_CONNECTIONS} clients (BENCH_BULK_CONNECTIONS), no warm-up; leads/s counts the \`created\` of each 2xx answer.${pgAloneNote(`each batch of ${BULK_SIZE}`)}`,
  };
}
