// Write scenarios: single ingest (32 clients, one lead per request) and bulk ingest (1,000 per request).
import { withClient } from '../lib/database.mjs';
import { CONNECTIONS, load } from '../lib/load.mjs';
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
    apiSummary: `${loadSummary(api, 'leads/s')}; ${int(apiIds.length)} acknowledged (warm-up included), ${int(lost)} lost`,
    baselineSummary: loadSummary(baseline, 'leads/s'),
    ratio: baseline?.reqPerSec ? `${(api.reqPerSec / baseline.reqPerSec).toFixed(2)}x leads/s` : '-',
    checks,
    pass: checksPass(checks),
    note: `\`POST /api/v1/leads\` with an API key, each request a new lead (fresh email and phone). Lost = acknowledged ids (2xx bodies) missing from the database afterwards: ${int(apiStored)} of ${int(apiIds.length)} found. The baseline does one INSERT ... ON CONFLICT DO NOTHING RETURNING plus the lead-event INSERT in a tenant transaction, without validation, dedup look-ups, idempotency or audit.`,
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
  const apiRate = apiCreated / api.durationS;
  const baseRate = baseCreated / baseline.durationS;
  const checks = [{ what: '>= 20,000 leads/s', ok: apiRate >= 20_000 }];
  return {
    ...base,
    available: true,
    api: { ...api, created: apiCreated, leadsPerSec: Math.round(apiRate) },
    baseline: { ...baseline, created: baseCreated, leadsPerSec: Math.round(baseRate) },
    apiSummary: `${int(apiRate)} leads/s (${int(api.reqPerSec)} req/s; p50 ${ms(api.p50)} / p95 ${ms(api.p95)} per request)${api.non2xx + api.errors ? `; ${api.non2xx + api.errors} failed` : ''}`,
    baselineSummary: `${int(baseRate)} leads/s (p95 ${ms(baseline.p95)} per request)`,
    ratio: baseRate ? `${(apiRate / baseRate).toFixed(2)}x leads/s` : '-',
    checks,
    pass: checksPass(checks),
    note: `\`POST /api/v1/leads/bulk\` with ${BULK_SIZE} new leads per request from ${BULK_CONNECTIONS} clients (BENCH_BULK_CONNECTIONS), no warm-up; leads/s counts the \`created\` of each 2xx answer.`,
  };
}
