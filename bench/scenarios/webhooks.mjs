// Inbound webhooks (issue 12): Acuity Scheduling deliveries, form-encoded and signed with the account's API
// key, posted to POST /api/v1/webhooks/{connectionId} by 32 clients, against the test suite's fake Acuity.
//
// Two rows:
// - acknowledgements: 2 s warm-up + 10 s measured against an API that only receives (WORKERS=off, as a
//   receiving replica runs), every 2xx checked afterwards to have its delivery row and its job. Baseline:
//   the baseline server's /webhooks/acuity (HMAC + the delivery and its job in one transaction).
// - processing: BENCH_WEBHOOK_DELIVERIES new appointments posted as fast as 32 clients can to an API with
//   workers, timed from the first post until every delivery is `processed` (and its lead exists).
//   Baseline: the same appointments fetched from the fake and upserted as leads with their event, directly
//   on the database, by as many workers as the API's pool has connections.
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { ROOT } from '../../scripts/build-if-stale.mjs';
import { call, expectOk, startApi, stopApi } from '../lib/api.mjs';
import { withClient } from '../lib/database.mjs';
import { loadFakeAcuity } from '../lib/fake-acuity.mjs';
import { CONNECTIONS, DURATION_S, load, WARMUP_S } from '../lib/load.mjs';
import { checksPass, int, loadSummary, ms } from '../lib/report.mjs';

const DELIVERIES = Number(process.env.BENCH_WEBHOOK_DELIVERIES ?? 3_000);
const TIMEOUT_S = Number(process.env.BENCH_WEBHOOK_TIMEOUT ?? 120);
const JOB = 'integrations.webhook-delivery';
const ACUITY_USER = '2718281';
const POOL = 10;

const cpu = (m) => (m.cpuMsPerRequest === null ? '-' : `${m.cpuMsPerRequest.toFixed(2)} ms`);
const sign = (apiKey, body) => createHmac('sha256', apiKey).update(body).digest('base64');
const formBody = (id) => `action=scheduled&id=${id}&calendarID=27238&appointmentTypeID=1`;

// One signed Acuity delivery per request, each for an appointment id no other request names.
function deliveryRequests(path, headers, apiKey, nextId, onOk) {
  return [
    {
      method: 'POST',
      path,
      setupRequest: (req) => {
        const body = formBody(nextId());
        return { ...req, body, headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded', 'x-acuity-signature': sign(apiKey, body) } };
      },
      onResponse: (status, text) => {
        if (status === 200) onOk(JSON.parse(text));
      },
    },
  ];
}

// Acknowledged ids missing their delivery row or their job: both are committed before the 200.
async function lostOf(ownerUrl, ids) {
  return withClient(ownerUrl, async (c) => {
    const deliveries = (await c.query(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE id = ANY($1::uuid[])`, [ids])).rows[0].n;
    const jobs = (await c.query(`SELECT count(DISTINCT data->>'deliveryId')::int AS n FROM pgboss.job WHERE name = $1 AND data->>'deliveryId' = ANY($2::text[])`, [JOB, ids])).rows[0].n;
    return { deliveries, jobs, lost: ids.length - Math.min(deliveries, jobs) };
  });
}

// CPU time (user + system) a process has used so far, from /proc (Linux; clock ticks of 10 ms).
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

// A warm-up, then the measured run with the server process's CPU time per acknowledged delivery: on a
// loaded machine the rate mostly says how much CPU the process got; CPU per delivery says what it needs.
async function measured(opts, pid) {
  await load(opts, { duration: WARMUP_S, warmup: 0 });
  const before = cpuMs(pid);
  const result = await load(opts, { duration: DURATION_S, warmup: 0 });
  const after = cpuMs(pid);
  const cpuMsPerRequest = before !== null && after !== null && result.ok > 0 ? Math.round(((after - before) / result.ok) * 100) / 100 : null;
  return { ...result, cpuMsPerRequest };
}

async function restart(ctx, workers, acuityBaseUrl) {
  await stopApi(ctx.api);
  ctx.api = await startApi({ ownerUrl: ctx.ownerUrl, dataDir: join(ROOT, '.tmp/bench'), workers, env: { ACUITY_BASE_URL: acuityBaseUrl } });
  ctx.log(`  API restarted (pid ${ctx.api.pid}, WORKERS=${workers}, ACUITY_BASE_URL=${acuityBaseUrl})`);
}

async function acknowledgements(ctx, { acuity, connectionId, apiKey, tenant }) {
  await restart(ctx, 'off', acuity.baseUrl);
  let next = 1_000_000;
  const apiIds = [];
  const api = await measured(
    { url: ctx.api.base, requests: deliveryRequests(`/api/v1/webhooks/${connectionId}`, {}, apiKey, () => next++, (b) => apiIds.push(b.deliveryId)) },
    ctx.api.pid,
  );
  const stored = await lostOf(ctx.ownerUrl, apiIds);
  await ctx.settle();
  const baseline = await measured(
    {
      url: ctx.baseline.base,
      requests: deliveryRequests('/webhooks/acuity', { 'x-tenant-id': tenant.tenantId, 'x-connection-id': connectionId, 'x-bench-api-key': apiKey }, apiKey, () => next++, () => undefined),
    },
    ctx.baseline.pid,
  );
  // Nothing of this phase is to be processed by the next one's workers.
  await withClient(ctx.ownerUrl, (c) => c.query(`DELETE FROM pgboss.job WHERE name = $1 AND state = 'created'`, [JOB]));
  const checks = [
    { what: '>= 1,000 acknowledged/s', ok: api.reqPerSec >= 1_000 },
    { what: 'p95 <= 50 ms', ok: api.p95 !== null && api.p95 <= 50 },
    { what: '0 lost', ok: apiIds.length > 0 && stored.lost === 0 },
  ];
  return {
    id: 'webhooks-ack',
    scenario: `webhook acknowledgements, ${CONNECTIONS} clients`,
    target: '>= 1,000 acknowledged/s, p95 <= 50 ms, 0 lost',
    available: true,
    api: { ...api, acknowledged: apiIds.length, ...stored },
    baseline,
    apiSummary: `${loadSummary(api, 'acks/s')}; ${int(apiIds.length)} acknowledged (warm-up included), ${int(stored.lost)} lost; ${cpu(api)} CPU per ack`,
    baselineSummary: `${loadSummary(baseline, 'acks/s')}; ${cpu(baseline)} CPU per ack`,
    ratio: baseline.reqPerSec
      ? `${(api.reqPerSec / baseline.reqPerSec).toFixed(2)}x acks/s, p95 ${(api.p95 / baseline.p95).toFixed(1)}x${api.cpuMsPerRequest && baseline.cpuMsPerRequest ? `, ${(api.cpuMsPerRequest / baseline.cpuMsPerRequest).toFixed(1)}x CPU per ack` : ''}`
      : '-',
    checks,
    pass: checksPass(checks),
    note: `Acuity deliveries (form-encoded, \`X-Acuity-Signature\`), each for a new appointment id, to an API started with WORKERS=off (a receiving replica; the processing row measures the workers). Lost = 2xx answers whose delivery row or pg-boss job is missing afterwards: ${int(stored.deliveries)} rows and ${int(stored.jobs)} jobs for ${int(apiIds.length)} acknowledged. The baseline verifies the HMAC in constant time and inserts the delivery and its job in one tenant transaction, with the connection and key given in headers (no look-up, no decryption, no framework). CPU per ack: the server process's user + system CPU time over the measured run (from /proc) divided by its acknowledgements; PostgreSQL's share is not in it. On an idle machine the API's event loop saturates at about 1,000 / (CPU ms per ack) acks/s.`,
  };
}

async function processing(ctx, { acuity, fakeAppointment, connectionId, apiKey, tenant }) {
  await restart(ctx, 'on', acuity.baseUrl);
  const firstId = 5_000_000;
  for (let i = 0; i < DELIVERIES * 2; i++) {
    acuity.addAppointment(fakeAppointment(firstId + i, { email: `acuity.${firstId + i}@bench.example`, phone: `+1415${String(2_000_000 + i).padStart(7, '0')}` }));
  }
  const ids = Array.from({ length: DELIVERIES }, (_, i) => firstId + i);
  let next = 0;
  const acked = [];
  const started = Date.now();
  const posted = await load(
    {
      url: ctx.api.base,
      amount: DELIVERIES,
      requests: deliveryRequests(`/api/v1/webhooks/${connectionId}`, {}, apiKey, () => ids[next++], (b) => acked.push(b.deliveryId)),
    },
    { warmup: 0 },
  );
  const postedMs = Date.now() - started;
  let done = { processed: 0, other: 0 };
  await withClient(ctx.ownerUrl, async (c) => {
    // At least one look after the posting, however long it took.
    const deadline = started + TIMEOUT_S * 1000;
    for (let first = true; first || Date.now() < deadline; first = false) {
      const { rows } = await c.query(
        `SELECT count(*) FILTER (WHERE state = 'processed')::int AS processed, count(*) FILTER (WHERE state IN ('dead', 'failed'))::int AS other
         FROM webhook_deliveries WHERE id = ANY($1::uuid[])`,
        [acked],
      );
      done = rows[0];
      if (done.processed + done.other >= acked.length) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  const elapsedMs = Date.now() - started;
  const leads = await withClient(ctx.ownerUrl, async (c) =>
    (await c.query(`SELECT count(*)::int AS n FROM leads WHERE tenant_id = $1 AND source = 'acuity' AND source_ref = ANY($2::text[])`, [tenant.tenantId, ids.map(String)])).rows[0].n,
  );
  const rate = done.processed / (elapsedMs / 1000);
  await ctx.settle();

  // Baseline: the other half of the appointments, fetched and upserted directly.
  const baseIds = Array.from({ length: DELIVERIES }, (_, i) => firstId + DELIVERIES + i);
  const baseline = await directUpserts(ctx.appUrl, tenant.tenantId, acuity.baseUrl, apiKey, baseIds);
  const checks = [
    { what: '>= 300 deliveries/s', ok: rate >= 300 },
    { what: 'all processed', ok: done.processed === DELIVERIES && leads === DELIVERIES },
  ];
  return {
    id: 'webhooks-processing',
    scenario: `webhook processing, ${int(DELIVERIES)} Acuity deliveries`,
    target: '>= 300 deliveries/s end to end',
    available: true,
    api: { deliveries: DELIVERIES, acknowledged: acked.length, processed: done.processed, failedOrDead: done.other, leads, elapsedMs, postedMs, deliveriesPerSec: Math.round(rate), post: posted },
    baseline,
    apiSummary: `${int(rate)} deliveries/s (${int(done.processed)} of ${int(DELIVERIES)} processed in ${(elapsedMs / 1000).toFixed(1)} s, ${int(leads)} leads; posting took ${(postedMs / 1000).toFixed(1)} s, ack p95 ${ms(posted.p95)})`,
    baselineSummary: `${int(baseline.perSec)} deliveries/s (${int(baseline.done)} in ${(baseline.elapsedMs / 1000).toFixed(1)} s)`,
    ratio: baseline.perSec ? `${(rate / baseline.perSec).toFixed(2)}x deliveries/s` : '-',
    checks,
    pass: checksPass(checks),
    note: `${int(DELIVERIES)} signed Acuity deliveries (BENCH_WEBHOOK_DELIVERIES), each a new appointment in the fake Acuity (apps/api/test/support/fake-acuity.ts, loaded by the bench), posted by ${CONNECTIONS} clients to an API with workers; timed from the first post until every acknowledged delivery is processed (or failed/dead), polled every 50 ms, at most BENCH_WEBHOOK_TIMEOUT (${TIMEOUT_S} s). The baseline fetches each appointment from the fake (Basic auth) and upserts its lead (INSERT ... ON CONFLICT on the source reference) with one lead event in a tenant transaction, ${POOL} at a time on a pool of ${POOL}: no job queue, no ledger, no normalisation, dedup by email/phone, audit or live events.`,
  };
}

async function directUpserts(appUrl, tenantId, acuityBaseUrl, apiKey, ids) {
  const pool = new pg.Pool({ connectionString: appUrl, max: POOL });
  const auth = `Basic ${Buffer.from(`${ACUITY_USER}:${apiKey}`).toString('base64')}`;
  let cursor = 0;
  let done = 0;
  const started = Date.now();
  const worker = async () => {
    while (cursor < ids.length) {
      const id = ids[cursor++];
      const res = await fetch(`${acuityBaseUrl}/appointments/${id}`, { headers: { authorization: auth } });
      if (!res.ok) throw new Error(`fake Acuity answered ${res.status}`);
      const a = await res.json();
      const client = await pool.connect();
      try {
        await client.query(`START TRANSACTION; SELECT set_config('hotleads.tenant_id', '${tenantId}', true)`);
        const { rows } = await client.query(
          `INSERT INTO leads (tenant_id, type, priority, name, email, phone, source, source_ref, tags, metadata)
           VALUES ($1, 'contact', 'medium', $2, $3, $4, 'acuity', $5, '{}', $6)
           ON CONFLICT (tenant_id, source, source_ref) WHERE source_ref IS NOT NULL DO UPDATE SET metadata = EXCLUDED.metadata
           RETURNING id`,
          [tenantId, `${a.firstName} ${a.lastName}`, a.email.toLowerCase(), a.phone.replace(/[^\d+]/g, ''), String(a.id), JSON.stringify({ acuity: { type: a.type, calendar: a.calendar, datetime: a.datetime, price: a.price } })],
        );
        await client.query(
          `INSERT INTO lead_events (tenant_id, lead_id, type, actor_type, data, created_at) VALUES ($1, $2, 'appointment.scheduled', 'system', $3, clock_timestamp())`,
          [tenantId, rows[0].id, JSON.stringify({ appointmentId: a.id })],
        );
        await client.query('COMMIT');
        done++;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: POOL }, worker));
  } finally {
    await pool.end();
  }
  const elapsedMs = Date.now() - started;
  return { done, elapsedMs, perSec: Math.round(done / (elapsedMs / 1000)) };
}

export async function webhooks(ctx) {
  const [tenant] = ctx.tenants;
  const { FakeAcuity, fakeAppointment } = await loadFakeAcuity();
  const acuity = new FakeAcuity();
  await acuity.start();
  const apiKey = randomBytes(24).toString('base64url');
  acuity.addAccount(ACUITY_USER, apiKey);
  try {
    const connection = await expectOk(
      call(ctx.api.base, 'POST', '/api/v1/integrations/connections', {
        headers: tenant.bearer,
        body: { provider: 'acuity', name: 'Bench Acuity', credentials: { userId: ACUITY_USER, apiKey } },
      }),
      'Acuity connection',
    );
    const setup = { acuity, fakeAppointment, connectionId: connection.id, apiKey, tenant };
    const rows = [];
    for (const phase of [acknowledgements, processing]) {
      try {
        rows.push(await phase(ctx, setup));
      } catch (error) {
        ctx.log(`  ${phase.name} failed: ${error.stack ?? error}`);
        rows.push({ id: `webhooks-${phase.name}`, scenario: `webhook ${phase.name}`, target: '-', available: true, pass: false, apiSummary: `error: ${error.message}`, baselineSummary: '-', ratio: '-' });
      }
      await ctx.settle();
    }
    return rows;
  } finally {
    // The next scenario gets the API as run.mjs starts it.
    await ctx.restartApi();
    await acuity.close();
  }
}
