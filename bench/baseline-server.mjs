#!/usr/bin/env node
// The benchmark's baseline: a minimal node:http + pg server that runs the same SQL as the API for each
// scenario, with nothing else (no framework, validation, auth, audit, idempotency or logging). For list and
// stats it calls the API's own compiled services with a plain pg client in place of TypeORM. It connects
// as the API's own role (hotleads_app, row-level security on) and runs each request in a transaction with
// `hotleads.tenant_id` set, as the API does. The tenant comes from the X-Tenant-Id header.
//
// Env: BASELINE_DATABASE_URL (required), BASELINE_POOL_SIZE (default 10, the API's DATABASE_POOL_SIZE),
// BASELINE_PORT (default 0: a free port). Prints `listening <port>` once ready.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import pg from 'pg';
import { DIST as API_DIST } from './lib/dist.mjs';

const require = createRequire(import.meta.url);
const DIST = join(API_DIST, 'modules/leads');

// The API's own services and SQL builders, compiled (the run's copy of apps/api/dist). Optional: a
// scenario whose module is missing answers 404.
function optional(path) {
  try {
    return require(join(DIST, path));
  } catch (error) {
    if (error.code === 'MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}
const triageModule = optional('triage/lead-triage.service.js');
const statsModule = optional('stats/lead-stats.service.js');
const repositoryModule = optional('stats/lead-stats.repository.js');
const leadRepositoryModule = optional('lead.repository.js');

const pool = new pg.Pool({ connectionString: process.env.BASELINE_DATABASE_URL, max: Number(process.env.BASELINE_POOL_SIZE ?? 10) });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Like the API's TenantDb.run: BEGIN and the tenant setting in one round trip (the id is checked to be a
// UUID before it is written into the SQL), then the work, then COMMIT.
async function inTenant(tenantId, fn) {
  if (!UUID.test(tenantId)) throw new Error('X-Tenant-Id must be a UUID');
  const client = await pool.connect();
  try {
    await client.query(`START TRANSACTION; SELECT set_config('hotleads.tenant_id', '${tenantId}', true)`);
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

// The stand-in for TypeORM's EntityManager that the API's compiled services get: query() answers rows.
// The API's inlining of parameters, for reads it sends together in one simple-protocol round trip.
const { inlineParams } = require(join(API_DIST, 'common/db/inline-params.js'));

const tenantDb = {
  run: (tenantId, fn) => inTenant(tenantId, (c) => fn({ query: (sql, values) => c.query(sql, values).then((r) => r.rows) })),
  // What TenantDb.reads sends: the opening, every read and COMMIT as one query.
  reads: async (tenantId, reads) => {
    if (!UUID.test(tenantId)) throw new Error('X-Tenant-Id must be a UUID');
    const text = `START TRANSACTION READ ONLY; SELECT set_config('hotleads.tenant_id', '${tenantId}', true); ${reads.map((r) => inlineParams(r.sql, r.params)).join('; ')}; COMMIT`;
    const client = await pool.connect();
    try {
      const results = await client.query(text);
      const first = results.length - 1 - reads.length;
      return reads.map((r, i) => r.map(results[first + i].rows));
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  },
};

const listOf = (params, name) => params.getAll(name).flatMap((v) => v.split(',')).filter(Boolean);

// The list query as the API's validation pipe hands it to the service (ListLeadsQueryDto).
function filterOf(params) {
  const filter = {};
  for (const name of ['status', 'priority', 'type', 'source', 'tag']) {
    const values = listOf(params, name);
    if (values.length) filter[name] = values;
  }
  if (params.get('assignee')) filter.assignee = params.get('assignee');
  if (params.get('q')) filter.q = params.get('q');
  if (params.get('createdFrom')) filter.createdFrom = params.get('createdFrom');
  if (params.get('createdTo')) filter.createdTo = params.get('createdTo');
  if (params.get('slaBreached')) filter.slaBreached = params.get('slaBreached') === 'true';
  if (params.get('includeDeleted') === 'true') filter.includeDeleted = true;
  return filter;
}

// GET /leads: the API's own LeadTriageService.list (a plain class once compiled; the list needs no audit):
// the page query of buildLeadListQuery and the total (stats rollup, bounded count or estimate), the same
// SQL in the same order.
const triage =
  triageModule && repositoryModule && leadRepositoryModule
    ? new triageModule.LeadTriageService(tenantDb, undefined, new leadRepositoryModule.LeadRepository(), new repositoryModule.LeadStatsRepository())
    : undefined;

function listLeads(tenantId, params) {
  const query = {
    ...filterOf(params),
    sort: params.get('sort') ?? undefined,
    limit: params.get('limit') ? Number(params.get('limit')) : undefined,
    cursor: params.get('cursor') ?? undefined,
  };
  return triage.list({ principal: { kind: 'api_key', tenantId } }, query);
}

// GET /leads/stats: the API's own LeadStatsService and LeadStatsRepository: the same SQL and the same
// assembly in JavaScript.
const statsService = statsModule && repositoryModule ? new statsModule.LeadStatsService(tenantDb, new repositoryModule.LeadStatsRepository()) : undefined;

function stats(tenantId, params) {
  return statsService.stats({ principal: { tenantId } }, { from: params.get('from') ?? undefined, to: params.get('to') ?? undefined });
}

const INSERT = `
  INSERT INTO leads (id, tenant_id, type, priority, name, email, phone, company, subject, message, source, tags, metadata)
  SELECT gen_random_uuid(), $1, i.type, i.priority, i.name, i.email, i.phone, i.company, i.subject, i.message, i.source, t.tags, i.metadata
  FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::jsonb[])
       WITH ORDINALITY AS i(type, priority, name, email, phone, company, subject, message, source, tags_json, metadata, ord)
       CROSS JOIN LATERAL (SELECT ARRAY(SELECT jsonb_array_elements_text(i.tags_json::jsonb)) AS tags) t
  ORDER BY i.ord
  ON CONFLICT DO NOTHING
  RETURNING id`;

// POST /leads and /leads/bulk: one INSERT ... ON CONFLICT DO NOTHING RETURNING and one lead-event INSERT in
// one transaction. Conflicting items are only counted (the API merges them: more work than measured here).
async function ingest(tenantId, leads) {
  const col = (f) => leads.map(f);
  return inTenant(tenantId, async (c) => {
    const { rows } = await c.query(INSERT, [
      tenantId,
      col((l) => l.type ?? 'contact'),
      col((l) => l.priority ?? 'medium'),
      col((l) => l.name ?? null),
      col((l) => (l.email ? String(l.email).trim().toLowerCase() : null)),
      col((l) => l.phone ?? null),
      col((l) => l.company ?? null),
      col((l) => l.subject ?? null),
      col((l) => l.message ?? null),
      col((l) => l.source ?? 'api'),
      col((l) => JSON.stringify(l.tags ?? [])),
      col((l) => JSON.stringify(l.metadata ?? {})),
    ]);
    if (rows.length > 0) {
      await c.query(
        `INSERT INTO lead_events (tenant_id, lead_id, type, actor_type, data, created_at)
         SELECT $1, id, 'created', 'api_key', jsonb_build_object('source', 'api'), clock_timestamp() FROM unnest($2::uuid[]) AS id`,
        [tenantId, rows.map((r) => r.id)],
      );
    }
    return { created: rows.length, conflicted: leads.length - rows.length, ids: rows.map((r) => r.id) };
  });
}

// The minimal hand-written answers (/min/...): what a server with the obvious query does, no count, no
// framework. Named prepared statements, like the API's hot reads.
const MIN_COLUMNS = `l.id, l.type, l.status, l.priority, l.quality_score, l.name, l.email, l.phone, l.company, l.subject, l.message,
  l.role, l.notes, l.source, l.source_ref, l.form_id, l.tags, l.metadata, l.assignee_id, l.follow_up_at, l.first_contacted_at,
  l.last_contacted_at, l.respond_by, l.version, l.created_at, l.updated_at, l.deleted_at`;

function minimalList(tenantId, params) {
  const limit = Number(params.get('limit') ?? 50);
  const values = [tenantId, limit];
  const where = ['l.tenant_id = $1', 'l.deleted_at IS NULL'];
  let name = 'min_list';
  const status = params.get('status');
  if (status) {
    values.push(status);
    where.push(`l.status = $${values.length}`);
    name += '_status';
  }
  const q = params.get('q');
  if (q) {
    values.push(`%${q.toLowerCase()}%`);
    // The trigram index on lead_search, through the function the app role may call.
    where.push(`l.id IN (SELECT lead_ids_matching($${values.length}))`);
    name += '_q';
  }
  const cursor = params.get('cursor');
  if (cursor) {
    // The API's cursor for newest first: ["-createdAt", created_at, id].
    const [, k0, k1] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    values.push(k0, k1);
    where.push(`(l.created_at, l.id) < ($${values.length - 1}::timestamptz, $${values.length}::uuid)`);
    name += '_after';
  }
  const text = `SELECT ${MIN_COLUMNS} FROM leads l WHERE ${where.join(' AND ')} ORDER BY l.created_at DESC, l.id DESC LIMIT $2`;
  return inTenant(tenantId, async (c) => ({ data: (await c.query({ name, text, values })).rows }));
}

// Stats from one rollup read: the last 30 days by dimension.
function minimalStats(tenantId) {
  const text = `SELECT dimension, value, sum(count)::bigint AS count FROM lead_stats_daily
                WHERE tenant_id = $1 AND day >= (now() AT TIME ZONE 'UTC')::date - 30 GROUP BY dimension, value`;
  return inTenant(tenantId, async (c) => ({ rows: (await c.query({ name: 'min_stats', text, values: [tenantId] })).rows }));
}

// POST /webhooks/acuity: what the webhook endpoint must do before it answers, and nothing more: the HMAC
// of the raw bytes compared in constant time, then the delivery and its processing job inserted in one
// transaction (the job the way pg-boss's send inserts it, joined to its queue's policy). The connection
// and its key come in headers (X-Connection-Id, X-Bench-Api-Key): no look-up, no decryption.
const WEBHOOK_JOB = 'integrations.webhook-delivery';
async function acuityWebhook(tenantId, req, body) {
  const connectionId = req.headers['x-connection-id'];
  const expected = createHmac('sha256', String(req.headers['x-bench-api-key'])).update(body).digest();
  const given = Buffer.from(String(req.headers['x-acuity-signature'] ?? ''), 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { status: 401, body: { error: 'bad signature' } };
  const fields = new URLSearchParams(body.toString('utf8'));
  const bodySha256 = createHash('sha256').update(body).digest('hex');
  const dedupeKey = `${fields.get('action')}:${fields.get('id')}:${bodySha256}`;
  const headers = { 'content-type': req.headers['content-type'], 'x-acuity-signature': req.headers['x-acuity-signature'] };
  return inTenant(tenantId, async (c) => {
    const { rows } = await c.query(
      `INSERT INTO webhook_deliveries (tenant_id, connection_id, body, body_size, body_sha256, headers, source_ip, signature, dedupe_key, action, state)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'valid', $8, $9, 'received')
       ON CONFLICT (connection_id, dedupe_key) WHERE dedupe_key IS NOT NULL AND state NOT IN ('rejected', 'duplicate') DO NOTHING
       RETURNING id`,
      [tenantId, connectionId, body, body.length, bodySha256, JSON.stringify(headers), req.socket.remoteAddress ?? null, dedupeKey, fields.get('action')],
    );
    if (rows.length === 0) return { status: 200, body: { received: true, duplicate: true } };
    await c.query(
      `INSERT INTO pgboss.job (name, data, dead_letter, expire_in, keep_until, retry_limit, retry_delay, retry_backoff, policy)
       SELECT q.name, $2::jsonb, q.dead_letter, COALESCE(q.expire_seconds, 900) * interval '1s', now() + COALESCE(q.retention_minutes, 20160) * interval '1 minute',
              q.retry_limit, q.retry_delay, q.retry_backoff, q.policy
       FROM pgboss.queue q WHERE q.name = $1`,
      [WEBHOOK_JOB, JSON.stringify({ tenantId, deliveryId: rows[0].id })],
    );
    return { status: 200, body: { received: true, deliveryId: rows[0].id, duplicate: false } };
  });
}

function readRaw(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const server = createServer(async (req, res) => {
  try {
    const url = new URL(req.url, 'http://baseline');
    const tenantId = req.headers['x-tenant-id'];
    if (typeof tenantId !== 'string') return send(res, 400, { error: 'X-Tenant-Id header required' });
    if (req.method === 'GET' && url.pathname === '/min/leads') return send(res, 200, await minimalList(tenantId, url.searchParams));
    if (req.method === 'GET' && url.pathname === '/min/leads/stats') return send(res, 200, await minimalStats(tenantId));
    if (req.method === 'GET' && url.pathname === '/leads' && triage) return send(res, 200, await listLeads(tenantId, url.searchParams));
    if (req.method === 'GET' && url.pathname === '/leads/stats' && statsService) return send(res, 200, await stats(tenantId, url.searchParams));
    if (req.method === 'POST' && url.pathname === '/leads') {
      const result = await ingest(tenantId, [JSON.parse(await readBody(req))]);
      return send(res, result.created === 1 ? 201 : 200, { id: result.ids[0] ?? null });
    }
    if (req.method === 'POST' && url.pathname === '/leads/bulk') {
      const { leads } = JSON.parse(await readBody(req));
      const { created, conflicted } = await ingest(tenantId, leads);
      return send(res, 200, { created, conflicted });
    }
    if (req.method === 'POST' && url.pathname === '/webhooks/acuity') {
      const result = await acuityWebhook(tenantId, req, await readRaw(req));
      return send(res, result.status, result.body);
    }
    send(res, 404, { error: 'not found' });
  } catch (error) {
    send(res, 500, { error: error.message });
  }
});

server.listen(Number(process.env.BASELINE_PORT ?? 0), '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close();
    void pool.end().finally(() => process.exit(0));
  });
}
