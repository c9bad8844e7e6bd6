#!/usr/bin/env node
// The hot read queries of a benchmark database, with their plans: runs the API's compiled list and stats
// services once per hot request (list first page by status, unfiltered, the deep page, search, stats)
// with a client that records every statement, then for each statement prints its
// `EXPLAIN (ANALYZE, BUFFERS)` plan and its mean time over HOT_RUNS executions, measured in the same way
// pg_stat_statements does (server-side execution, from pg_stat_statements when the server preloads it,
// otherwise EXPLAIN ANALYZE's execution plus planning time). Markdown on stdout, for bench/README.md.
//
// Env: HOT_DATABASE_URL: the owner's URL of a database `npm run bench` seeded (the bench leaves it in
// place); HOT_RUNS (default 30).
import pg from 'pg';
import { ENCRYPTION_KEY } from './lib/api.mjs';
import { appRoleUrl } from './lib/database.mjs';
import { dist } from './lib/dist.mjs';

const OWNER_URL = process.env.HOT_DATABASE_URL;
if (!OWNER_URL) throw new Error('HOT_DATABASE_URL is required');
const RUNS = Number(process.env.HOT_RUNS ?? 30);

const owner = new pg.Client({ connectionString: OWNER_URL });
await owner.connect();
const { rows: tenants } = await owner.query(`SELECT tenant_id, count(*)::int AS n FROM leads GROUP BY 1 ORDER BY 2 DESC LIMIT 1`);
const tenantId = tenants[0].tenant_id;
const { rows: deep } = await owner.query(
  `SELECT created_at::text AS k0, id::text AS k1 FROM leads WHERE tenant_id = $1 AND deleted_at IS NULL ORDER BY created_at DESC, id DESC OFFSET $2 LIMIT 1`,
  [tenantId, Math.floor((tenants[0].n * 5) / 7)],
);
const app = new pg.Client({ connectionString: await appRoleUrl(OWNER_URL, ENCRYPTION_KEY) });
await app.connect();

const recorded = [];
let label = '';
const tenantDb = {
  run: async (tenant, fn) => {
    await app.query(`START TRANSACTION; SELECT set_config('hotleads.tenant_id', '${tenant}', true)`);
    try {
      return await fn({
        query: async (sql, params) => {
          if (!sql.startsWith('EXPLAIN')) recorded.push({ label, sql, params });
          return (await app.query(sql, params)).rows;
        },
      });
    } finally {
      await app.query('COMMIT');
    }
  },
  // The API sends these in one round trip; here each is recorded and run on its own, in one transaction.
  reads: (tenant, reads) =>
    tenantDb.run(tenant, async (m) => {
      const out = [];
      for (const read of reads) out.push(read.map(await m.query(read.sql, read.params)));
      return out;
    }),
};

const { LeadTriageService } = dist('modules/leads/triage/lead-triage.service.js');
const { LeadRepository } = dist('modules/leads/lead.repository.js');
const { LeadStatsRepository } = dist('modules/leads/stats/lead-stats.repository.js');
const { LeadStatsService } = dist('modules/leads/stats/lead-stats.service.js');
const { encodeLeadCursor } = dist('modules/leads/lead-list-query.js');
const triage = new LeadTriageService(tenantDb, undefined, new LeadRepository(), new LeadStatsRepository());
const statsService = new LeadStatsService(tenantDb, new LeadStatsRepository());
const ctx = { principal: { kind: 'api_key', tenantId, permissions: [] } };

const requests = [
  ['list, status=unread', () => triage.list(ctx, { status: ['unread'], limit: 50 })],
  ['list, status=processing', () => triage.list(ctx, { status: ['processing'], limit: 50 })],
  ['list, no filter', () => triage.list(ctx, { limit: 50 })],
  ['list, deep page', () => triage.list(ctx, { limit: 50, cursor: encodeLeadCursor({ sort: '-createdAt', keys: [deep[0].k0, deep[0].k1] }) })],
  ['search q=zyxwerk', () => triage.list(ctx, { q: 'zyxwerk', limit: 50 })],
  ['stats (30 days)', () => statsService.stats(ctx, {})],
];
for (const [name, run] of requests) {
  label = name;
  await run();
}

const { rows: pss } = await owner.query(`SELECT count(*)::int AS n FROM pg_extension WHERE extname = 'pg_stat_statements'`);
const withPss = pss[0].n > 0;
console.log(`Tenant of ${tenants[0].n.toLocaleString('en-US')} leads; mean of ${RUNS} runs each (${withPss ? 'pg_stat_statements' : 'EXPLAIN ANALYZE execution + planning time; pg_stat_statements not loaded on this server'}).\n`);
const seen = new Set();
for (const q of recorded) {
  const key = q.sql + JSON.stringify(q.params);
  if (seen.has(key)) continue;
  seen.add(key);
  await app.query(`START TRANSACTION; SELECT set_config('hotleads.tenant_id', '${tenantId}', true)`);
  try {
    if (withPss) await owner.query(`SELECT pg_stat_statements_reset()`);
    let total = 0;
    let plan = '';
    for (let i = 0; i < RUNS; i++) {
      const { rows } = await app.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${q.sql}`, q.params);
      const json = rows[0]['QUERY PLAN'][0];
      total += json['Execution Time'] + json['Planning Time'];
    }
    const { rows: text } = await app.query(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, q.params);
    plan = text.map((r) => r['QUERY PLAN']).join('\n');
    let mean = total / RUNS;
    if (withPss) {
      const { rows: s } = await owner.query(`SELECT mean_exec_time FROM pg_stat_statements WHERE query LIKE 'EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)%' ORDER BY calls DESC LIMIT 1`);
      if (s[0]) mean = s[0].mean_exec_time;
    }
    console.log(`#### ${q.label}: mean ${mean.toFixed(2)} ms\n\n\`\`\`sql\n${q.sql.replace(/\s+/g, ' ').slice(0, 600)}\n\`\`\`\n\n\`\`\`\n${plan}\n\`\`\`\n`);
  } finally {
    await app.query('ROLLBACK');
  }
}
await app.end();
await owner.end();
