// Outbound webhooks (issue 15), against a receiver in this process that answers 200 at once.
//
// - webhooks-out-drain: BENCH_WEBHOOK_BACKLOG (100,000) deliveries of one endpoint made due at once; timed
//   until every one is `succeeded`. The API runs alone with workers (the run's own API is stopped), so one
//   process's sender is measured. Target >= 1,000 deliveries/s.
// - ingest-webhooks-out: single ingest (as ingest-single) with no endpoint, then with three active
//   endpoints subscribed to every lead event (the outbox trigger fans each lead out to three deliveries in
//   the intake's transaction, and the sender posts them meanwhile). Target: with >= 0.8x without.
// - ingest-webhooks-notify: the same with urgent leads, first with nothing listening, then with three
//   endpoints AND notifications on (the owner on duty, so each lead is a hot-lead notification with its email
//   outbox row, and a Slack channel taking hot leads, posted to the same receiver). Target: >= 0.8x.
import { createServer } from 'node:http';
import { join } from 'node:path';
import { ROOT } from '../../scripts/build-if-stale.mjs';
import { call, expectOk, startApi, stopApi } from '../lib/api.mjs';
import { withClient } from '../lib/database.mjs';
import { CONNECTIONS, load } from '../lib/load.mjs';
import { checksPass, int, loadSummary } from '../lib/report.mjs';

const BACKLOG = Number(process.env.BENCH_WEBHOOK_BACKLOG ?? 100_000);
const TIMEOUT_S = Number(process.env.BENCH_WEBHOOK_TIMEOUT ?? 300);
const ENV = { WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true' };

async function receiver() {
  let received = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    received: () => received,
    stop: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(resolve);
    }),
  };
}

// This scenario's API (private receivers allowed) instead of the run's, which is started again afterwards.
async function withOwnApi(ctx, fn) {
  await stopApi(ctx.api);
  const api = await startApi({ ownerUrl: ctx.ownerUrl, dataDir: join(ROOT, '.tmp/bench'), env: ENV });
  ctx.log(`  API restarted for outbound webhooks (pid ${api.pid}, WEBHOOKS_ALLOW_PRIVATE_NETWORKS=true)`);
  try {
    return await fn(api);
  } finally {
    await stopApi(api);
    ctx.api = await startApi({ ownerUrl: ctx.ownerUrl, dataDir: join(ROOT, '.tmp/bench') });
    ctx.log(`  API restarted (pid ${ctx.api.pid})`);
  }
}

const createEndpoint = (api, tenant, url, events) =>
  expectOk(call(api.base, 'POST', '/api/v1/webhook-endpoints', { headers: tenant.bearer, body: { url, events, description: 'bench' } }), 'webhook endpoint creation');

const removeEndpoints = (api, tenant, ids) => Promise.all(ids.map((id) => call(api.base, 'DELETE', `/api/v1/webhook-endpoints/${id}`, { headers: tenant.bearer })));

export async function outboundDrain(ctx) {
  const tenant = ctx.tenants[1];
  const base = { id: 'webhooks-out-drain', scenario: `outbound webhook backlog of ${int(BACKLOG)}`, target: '>= 1,000 deliveries/s' };
  const target = await receiver();
  try {
    return await withOwnApi(ctx, async (api) => {
      const endpoint = await createEndpoint(api, tenant, `${target.url}/drain`, ['lead.created']);
      // The backlog, written straight into the tables (the owner is bound by the tenant policy too), not yet due.
      await withClient(ctx.ownerUrl, async (c) => {
        await c.query('BEGIN');
        await c.query(`SELECT set_config('hotleads.tenant_id', $1, true)`, [tenant.tenantId]);
        await c.query(
          `WITH ev AS (
             INSERT INTO outbound_webhook_events (tenant_id, type, source_id, data)
             SELECT $1, 'lead.created', gen_random_uuid(), jsonb_build_object('lead', jsonb_build_object('id', gen_random_uuid(), 'name', 'Backlog ' || g, 'email', 'backlog' || g || '@bench.example'))
               FROM generate_series(1, $2) g RETURNING id
           )
           INSERT INTO outbound_webhook_deliveries (tenant_id, endpoint_id, event_id, next_attempt_at) SELECT $1, $3, id, 'infinity' FROM ev`,
          [tenant.tenantId, BACKLOG, endpoint.id],
        );
        await c.query('COMMIT');
      });
      await ctx.settle();
      const started = Date.now();
      const done = await withClient(ctx.ownerUrl, async (c) => {
        await c.query('BEGIN');
        await c.query(`SELECT set_config('hotleads.tenant_id', $1, true)`, [tenant.tenantId]);
        await c.query(`UPDATE outbound_webhook_deliveries SET next_attempt_at = now() WHERE endpoint_id = $1`, [endpoint.id]);
        await c.query('COMMIT');
        for (;;) {
          await c.query('BEGIN');
          await c.query(`SELECT set_config('hotleads.tenant_id', $1, true)`, [tenant.tenantId]);
          const { rows } = await c.query(`SELECT count(*) FILTER (WHERE state = 'succeeded')::int AS ok, count(*) FILTER (WHERE state = 'failed')::int AS failed FROM outbound_webhook_deliveries WHERE endpoint_id = $1`, [endpoint.id]);
          await c.query('COMMIT');
          if (rows[0].ok + rows[0].failed >= BACKLOG || Date.now() - started > TIMEOUT_S * 1000) return rows[0];
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      });
      const seconds = (Date.now() - started) / 1000;
      const rate = done.ok / seconds;
      await removeEndpoints(api, tenant, [endpoint.id]);
      const checks = [
        { what: 'all delivered', ok: done.ok === BACKLOG },
        { what: '>= 1,000 deliveries/s', ok: rate >= 1_000 },
      ];
      return {
        ...base,
        available: true,
        api: { delivered: done.ok, failed: done.failed, seconds, perSec: Math.round(rate), received: target.received() },
        apiSummary: `${int(rate)} deliveries/s: ${int(done.ok)} of ${int(BACKLOG)} delivered in ${seconds.toFixed(1)} s${done.failed ? `, ${int(done.failed)} failed` : ''}; the receiver counted ${int(target.received())} requests`,
        baselineSummary: '-',
        ratio: '-',
        checks,
        pass: checksPass(checks),
        note: `One endpoint, ${int(BACKLOG)} deliveries written into the tables not yet due and then made due in one statement; timed until every row is \`succeeded\` (polled every 100 ms). Each is signed (HMAC-SHA256, Standard Webhooks) and POSTed over keep-alive connections to a receiver in the bench process; one API process with the default batch (500) and concurrency (64).`,
      };
    });
  } finally {
    await target.stop();
  }
}

let serial = 0;
const newLead = (tag) => {
  const n = ++serial;
  return { name: `Hooks ${tag} ${n}`, email: `${tag}.${n}@hooks.bench.example`, phone: `+4931${String(70_000_000 + n).padStart(8, '0')}`, company: 'Bench Hooks AG', tags: ['bench-hooks'] };
};
const ingestRequests = (apiKey, tag, extra = {}) => [
  { method: 'POST', path: '/api/v1/leads', headers: { ...apiKey, 'content-type': 'application/json' }, setupRequest: (req) => ({ ...req, body: JSON.stringify({ ...newLead(tag), ...extra }) }) },
];

export async function intakeWithEndpoints(ctx) {
  const tenant = ctx.tenants[0];
  const base = { id: 'ingest-webhooks-out', scenario: `single ingest with 3 webhook endpoints, ${CONNECTIONS} clients`, target: '>= 0.8x of no endpoints' };
  const target = await receiver();
  try {
    return await withOwnApi(ctx, async (api) => {
      const without = await load({ url: api.base, requests: ingestRequests(tenant.apiKey, 'hooks0') });
      await ctx.settle();
      const endpoints = [];
      for (let i = 0; i < 3; i++) endpoints.push(await createEndpoint(api, tenant, `${target.url}/intake/${i}`, ['lead.*']));
      const withThree = await load({ url: api.base, requests: ingestRequests(tenant.apiKey, 'hooks3') });
      // Let the sender catch up before the endpoints go (their deletion would take the rest with them).
      const deadline = Date.now() + 60_000;
      const expected = 3 * (withThree.requests ?? 0);
      while (target.received() < expected * 0.99 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
      const received = target.received();
      await removeEndpoints(api, tenant, endpoints.map((e) => e.id));
      const ratio = without.reqPerSec ? withThree.reqPerSec / without.reqPerSec : 0;
      const checks = [{ what: '>= 0.8x of no endpoints', ok: ratio >= 0.8 }];
      return {
        ...base,
        available: true,
        api: withThree,
        baseline: without,
        apiSummary: `3 endpoints: ${loadSummary(withThree, 'leads/s')}; the receiver got ${int(received)} deliveries`,
        baselineSummary: `no endpoint: ${loadSummary(without, 'leads/s')}`,
        ratio: `${ratio.toFixed(2)}x (leads/s with 3 endpoints / without)`,
        checks,
        pass: checksPass(checks),
        note: '`POST /api/v1/leads` with an API key, each a new lead, on the same API process twice: with no webhook endpoint, then with three subscribed to `lead.*` (three deliveries per lead written in the intake transaction, sent by the same process while the load runs).',
      };
    });
  } finally {
    await target.stop();
  }
}

export async function intakeWithEndpointsAndNotifications(ctx) {
  const tenant = ctx.tenants[0];
  const base = { id: 'ingest-webhooks-notify', scenario: `single ingest of urgent leads with 3 webhook endpoints and notifications on, ${CONNECTIONS} clients`, target: '>= 0.8x of nothing listening' };
  const target = await receiver();
  const urgent = { priority: 'urgent' };
  try {
    return await withOwnApi(ctx, async (api) => {
      const put = (body) => expectOk(call(api.base, 'PUT', '/api/v1/notification-settings', { headers: tenant.bearer, body }), 'notification settings');
      await put({ onDutyUserIds: [] });
      const without = await load({ url: api.base, requests: ingestRequests(tenant.apiKey, 'notify0', urgent) });
      await ctx.settle();
      const endpoints = [];
      for (let i = 0; i < 3; i++) endpoints.push(await createEndpoint(api, tenant, `${target.url}/intake/${i}`, ['lead.*']));
      const slack = await expectOk(
        call(api.base, 'POST', '/api/v1/notification-settings/slack-channels', { headers: tenant.bearer, body: { name: '#bench', url: `${target.url}/slack`, kinds: ['hot_lead'] } }),
        'Slack channel creation',
      );
      await put({ onDutyUserIds: [tenant.userId] });
      const withAll = await load({ url: api.base, requests: ingestRequests(tenant.apiKey, 'notify3', urgent) });
      const deadline = Date.now() + 60_000;
      const expected = 4 * (withAll.requests ?? 0);
      while (target.received() < expected * 0.99 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
      const received = target.received();
      await put({ onDutyUserIds: [] });
      await call(api.base, 'DELETE', `/api/v1/notification-settings/slack-channels/${slack.id}`, { headers: tenant.bearer });
      await removeEndpoints(api, tenant, endpoints.map((e) => e.id));
      const ratio = without.reqPerSec ? withAll.reqPerSec / without.reqPerSec : 0;
      const checks = [{ what: '>= 0.8x of nothing listening', ok: ratio >= 0.8 }];
      return {
        ...base,
        available: true,
        api: withAll,
        baseline: without,
        apiSummary: `3 endpoints + notifications: ${loadSummary(withAll, 'leads/s')}; the receiver got ${int(received)} webhook deliveries and Slack posts`,
        baselineSummary: `nothing listening: ${loadSummary(without, 'leads/s')}`,
        ratio: `${ratio.toFixed(2)}x (leads/s with endpoints and notifications / without)`,
        checks,
        pass: checksPass(checks),
        note: '`POST /api/v1/leads` of urgent leads with an API key, on the same API process twice: with no endpoint and nobody on duty, then with three endpoints on `lead.*`, the owner on duty (a hot-lead notification and its email outbox row per lead, no SMTP server so emails are skipped) and a Slack channel for hot leads posting to the bench receiver.',
      };
    });
  } finally {
    await target.stop();
  }
}
