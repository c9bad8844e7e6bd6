import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { createTenantWithUser, signIn, type SignedIn, type TestUser } from './support/factories';
import { FakeWebhookReceiver } from './support/fake-webhook-receiver';
import { rememberSecret } from './support/log-capture';
import { auditActions, tenantSql } from './support/tenant-sql';
import { createTestApp, type TestApp } from './support/test-app';
import { createTestDatabase } from './support/test-database';

// Outbound webhooks against a local receiver. Signatures are checked with the official `standardwebhooks`
// package, an implementation that is not ours.
const SPEEDUP = 100;

describe('outbound webhooks', () => {
  let t: TestApp;
  let owner: TestUser;
  let session: SignedIn;
  let receiver: FakeWebhookReceiver;

  beforeAll(async () => {
    receiver = await new FakeWebhookReceiver().start();
    t = await createTestApp({
      env: { RATE_LIMIT_LOGIN: '1000', WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true', OUTBOUND_WEBHOOK_RETRY_SPEEDUP: String(SPEEDUP), OUTBOUND_WEBHOOK_POLL_MS: '50' },
    });
    owner = await createTenantWithUser(t.app, 'owner', 'Acme Hooks');
    session = await signIn(t.http, owner.email, owner.password);
  });

  afterAll(async () => {
    await t.close();
    await receiver.stop();
  });

  const path = () => `/in/${randomUUID().slice(0, 8)}`;
  const createEndpoint = async (at: string, events: string[] = ['lead.*'], http = t.http, auth = session.auth) => {
    const res = await http.post('/api/v1/webhook-endpoints').set(auth).send({ url: `${receiver.url}${at}`, description: 'CRM sync', events }).expect(201);
    rememberSecret(res.body.secret);
    return res.body as { id: string; secret: string; secretHint: string; enabled: boolean };
  };
  const createLead = async (label: string, http = t.http, auth = session.auth) =>
    (await http.post('/api/v1/leads').set(auth).send({ name: `Lead ${label}`, email: `${label}-${randomUUID().slice(0, 8)}@example.com` }).expect(201)).body as { id: string };
  const verify = (secret: string, received: { body: string; headers: Record<string, unknown> }) =>
    new Webhook(secret).verify(received.body, received.headers as Record<string, string>) as { type: string; timestamp: string; data: { lead: { id: string; name: string } } };
  const deliveries = async (endpointId: string) =>
    (await t.http.get(`/api/v1/webhook-endpoints/${endpointId}/deliveries`).set(session.auth).expect(200)).body as {
      data: Array<{ id: string; event: string; state: string; attempts: number; lastStatusCode: number | null; lastDurationMs: number | null; lastResponseExcerpt: string | null; lastError: string | null; nextAttemptAt: string | null; messageId: string }>;
      nextCursor: string | null;
    };
  const waitForState = async (endpointId: string, predicate: (d: Awaited<ReturnType<typeof deliveries>>['data']) => boolean, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    let last = await deliveries(endpointId);
    while (!predicate(last.data)) {
      if (Date.now() > deadline) throw new Error(`deliveries never matched: ${JSON.stringify(last.data)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      last = await deliveries(endpointId);
    }
    return last.data;
  };

  it('signs lead.created so the official package verifies it, shows the secret once and logs the delivery', async () => {
    const at = path();
    const endpoint = await createEndpoint(at);
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(endpoint.secretHint).toBe(`…${endpoint.secret.slice(-4)}`);
    const got = await t.http.get(`/api/v1/webhook-endpoints/${endpoint.id}`).set(session.auth).expect(200);
    expect(JSON.stringify(got.body)).not.toContain(endpoint.secret.slice(6, 30));
    const listed = await t.http.get('/api/v1/webhook-endpoints').set(session.auth).expect(200);
    expect(listed.body.map((e: { id: string }) => e.id)).toContain(endpoint.id);
    const [stored] = await tenantSql<{ secret: string }>(t.app, owner.tenantId, `select secret from outbound_webhook_endpoints where id = $1`, [endpoint.id]);
    expect(stored.secret).not.toContain(endpoint.secret.slice(6, 30));

    const lead = await createLead('created');
    const [request] = await receiver.waitFor(at, 1);
    const payload = verify(endpoint.secret, request);
    expect(payload).toMatchObject({ type: 'lead.created', data: { lead: { id: lead.id, name: 'Lead created' } } });
    expect(request.headers['webhook-id']).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(Buffer.byteLength(request.body)).toBeLessThan(20 * 1024);
    const [delivery] = await waitForState(endpoint.id, (d) => d[0]?.state === 'succeeded');
    expect(delivery).toMatchObject({ event: 'lead.created', state: 'succeeded', attempts: 1, lastStatusCode: 200, lastResponseExcerpt: 'ok', nextAttemptAt: null, messageId: request.headers['webhook-id'] });
    expect(delivery.lastDurationMs).toEqual(expect.any(Number));
  });

  it('sends only the subscribed events, and several for one change', async () => {
    const statusOnly = path();
    const all = path();
    const a = await createEndpoint(statusOnly, ['lead.status_changed']);
    const b = await createEndpoint(all, ['lead.*']);
    const lead = await createLead('filter');
    await receiver.waitFor(all, 1);
    await t.http.patch(`/api/v1/leads/${lead.id}`).set(session.auth).send({ status: 'processing' }).expect(200);
    const [changed] = await receiver.waitFor(statusOnly, 1);
    expect(verify(a.secret, changed)).toMatchObject({ type: 'lead.status_changed', data: { lead: { id: lead.id, status: 'processing' }, changes: { status: { from: 'unread', to: 'processing' } } } });
    const types = (await receiver.waitFor(all, 3)).map((r) => verify(b.secret, r).type).sort();
    expect(types).toEqual(['lead.created', 'lead.status_changed', 'lead.updated']);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.at(statusOnly)).toHaveLength(1);
  });

  it('creates one delivery per event and endpoint, in the transaction of the change', async () => {
    const at = path();
    const endpoint = await createEndpoint(at, ['lead.created']);
    const lead = await createLead('once');
    await receiver.waitFor(at, 1);
    const rows = await tenantSql<{ n: number }>(
      t.app,
      owner.tenantId,
      `select count(*)::int as n from outbound_webhook_deliveries d join outbound_webhook_events e on e.id = d.event_id where d.endpoint_id = $1 and e.data->'lead'->>'id' = $2`,
      [endpoint.id, lead.id],
    );
    expect(rows[0].n).toBe(1);
    // Fanning the same lead event out again is a no-op (unique per source and type, and per event and endpoint).
    const [event] = await tenantSql<{ id: string }>(t.app, owner.tenantId, `select id from lead_events where lead_id = $1 and type = 'created'`, [lead.id]);
    await expect(
      tenantSql(t.app, owner.tenantId, `insert into outbound_webhook_events (tenant_id, type, source_id, data) values ($1, 'lead.created', $2, '{}')`, [owner.tenantId, event.id]),
    ).rejects.toThrow(/duplicate key/);
  });

  it('sends lead.enriched and sync.run_failed from the events other features write', async () => {
    const at = path();
    const endpoint = await createEndpoint(at, ['lead.enriched', 'sync.run_failed']);
    const lead = await createLead('enriched');
    await tenantSql(t.app, owner.tenantId, `insert into lead_events (tenant_id, lead_id, type, data) values ($1, $2, 'enriched', $3)`, [
      owner.tenantId,
      lead.id,
      JSON.stringify({ provider: 'clearbit', company: 'Acme' }),
    ]);
    const [connection] = await tenantSql<{ id: string }>(t.app, owner.tenantId, `insert into integration_connections (tenant_id, provider, name) values ($1, 'zoho', 'Zoho') returning id`, [owner.tenantId]);
    const [run] = await tenantSql<{ id: string }>(
      t.app,
      owner.tenantId,
      `insert into sync_runs (tenant_id, connection_id, stream, trigger, status) values ($1, $2, 'leads', 'schedule', 'running') returning id`,
      [owner.tenantId, connection.id],
    );
    await tenantSql(t.app, owner.tenantId, `update sync_runs set status = 'failed', error = 'Zoho answered 500' where id = $1`, [run.id]);
    const received = (await receiver.waitFor(at, 2)).map((r) => new Webhook(endpoint.secret).verify(r.body, r.headers as Record<string, string>) as { type: string; data: Record<string, unknown> });
    const byType = Object.fromEntries(received.map((p) => [p.type, p.data]));
    expect(byType['lead.enriched']).toMatchObject({ lead: { id: lead.id }, enrichment: { provider: 'clearbit', company: 'Acme' } });
    expect(byType['sync.run_failed']).toMatchObject({ run: { id: run.id, connectionId: connection.id, provider: 'zoho', stream: 'leads', error: 'Zoho answered 500' } });
  });

  it('retries failures on the (sped-up) schedule and honours Retry-After', async () => {
    const at = path();
    receiver.script(at, { status: 500, body: 'boom' }, { status: 503, headers: { 'retry-after': '30' } }, { status: 200 });
    const endpoint = await createEndpoint(at, ['lead.created']);
    await createLead('retry');
    const attempts = await receiver.waitFor(at, 3, 20_000);
    // 5 s / 100 after the first failure; after the 503 its Retry-After of 30 s / 100, not the schedule's 5 min / 100 = 3 s.
    expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(40);
    expect(attempts[2].at - attempts[1].at).toBeGreaterThanOrEqual(250);
    expect(attempts[2].at - attempts[1].at).toBeLessThan(2_000);
    expect(new Set(attempts.map((a) => a.headers['webhook-id'])).size).toBe(1);
    for (const a of attempts) expect(verify(endpoint.secret, a).type).toBe('lead.created');
    const [delivery] = await waitForState(endpoint.id, (d) => d[0]?.state === 'succeeded');
    expect(delivery.attempts).toBe(3);
  });

  it('gives up after the last attempt, and a retry by hand sends it once more', async () => {
    const at = path();
    receiver.script(at, ...Array.from({ length: 8 }, () => ({ status: 500, body: 'down' })));
    // Past the five-day rule's reach: each run of failures starts now.
    const endpoint = await createEndpoint(at, ['lead.created']);
    await createLead('give-up');
    // Speed the schedule past its hours: push each pending attempt to now.
    const deadline = Date.now() + 30_000;
    let data = (await deliveries(endpoint.id)).data;
    while (data[0]?.state !== 'failed') {
      if (Date.now() > deadline) throw new Error(JSON.stringify(data));
      await tenantSql(t.app, owner.tenantId, `update outbound_webhook_deliveries set next_attempt_at = now() where endpoint_id = $1 and state = 'pending' and next_attempt_at > now() + interval '1 second'`, [endpoint.id]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      data = (await deliveries(endpoint.id)).data;
    }
    expect(data[0]).toMatchObject({ state: 'failed', attempts: 8, lastStatusCode: 500, lastResponseExcerpt: 'down', nextAttemptAt: null });
    expect(receiver.at(at)).toHaveLength(8);
    const retried = await t.http.post(`/api/v1/webhook-endpoints/deliveries/${data[0].id}/retry`).set(session.auth).expect(200);
    expect(retried.body).toMatchObject({ state: 'pending' });
    await receiver.waitFor(at, 9);
    await waitForState(endpoint.id, (d) => d[0]?.state === 'succeeded');
    expect(await auditActions(t.app, owner.tenantId, data[0].id)).toContain('webhook_delivery.retry:success');
  });

  it('disables an endpoint at once on 410, records it for admins, and refuses retries while it is off', async () => {
    const at = path();
    receiver.script(at, { status: 410, body: 'gone' });
    const endpoint = await createEndpoint(at, ['lead.created']);
    await createLead('gone');
    await receiver.waitFor(at, 1);
    const deadline = Date.now() + 10_000;
    let body = (await t.http.get(`/api/v1/webhook-endpoints/${endpoint.id}`).set(session.auth).expect(200)).body;
    while (body.enabled) {
      if (Date.now() > deadline) throw new Error('not disabled');
      await new Promise((resolve) => setTimeout(resolve, 50));
      body = (await t.http.get(`/api/v1/webhook-endpoints/${endpoint.id}`).set(session.auth).expect(200)).body;
    }
    expect(body).toMatchObject({ enabled: false, disabledReason: 'The endpoint answered 410 Gone', disabledAt: expect.any(String) });
    expect(await auditActions(t.app, owner.tenantId, endpoint.id)).toContain('webhook_endpoint.auto_disable:success');
    const [delivery] = (await deliveries(endpoint.id)).data;
    expect(delivery).toMatchObject({ state: 'failed', lastStatusCode: 410 });
    const refused = await t.http.post(`/api/v1/webhook-endpoints/deliveries/${delivery.id}/retry`).set(session.auth).expect(409);
    expect(refused.body.code).toBe('webhook_endpoint_disabled');
    // Off: no new deliveries.
    await createLead('gone-after');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await deliveries(endpoint.id)).data).toHaveLength(1);
    // On again: the automatic disable is cleared.
    const on = await t.http.patch(`/api/v1/webhook-endpoints/${endpoint.id}`).set(session.auth).send({ enabled: true }).expect(200);
    expect(on.body).toMatchObject({ enabled: true, disabledReason: null, disabledAt: null });
  });

  it('disables an endpoint that failed for five days', async () => {
    const at = path();
    receiver.script(at, { status: 500 });
    const endpoint = await createEndpoint(at, ['lead.created']);
    await tenantSql(t.app, owner.tenantId, `update outbound_webhook_endpoints set failing_since = now() - interval '5 days 1 minute' where id = $1`, [endpoint.id]);
    await createLead('five-days');
    await receiver.waitFor(at, 1);
    const deadline = Date.now() + 10_000;
    let body = (await t.http.get(`/api/v1/webhook-endpoints/${endpoint.id}`).set(session.auth).expect(200)).body;
    while (body.enabled && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      body = (await t.http.get(`/api/v1/webhook-endpoints/${endpoint.id}`).set(session.auth).expect(200)).body;
    }
    expect(body).toMatchObject({ enabled: false, disabledReason: 'Every delivery failed for 5 days' });
  });

  it('signs with both secrets for a day after a rotation', async () => {
    const at = path();
    const endpoint = await createEndpoint(at, ['lead.created']);
    const rotated = await t.http.post(`/api/v1/webhook-endpoints/${endpoint.id}/rotate-secret`).set(session.auth).expect(200);
    rememberSecret(rotated.body.secret);
    expect(rotated.body.secret).not.toBe(endpoint.secret);
    expect(Date.parse(rotated.body.previousSecretExpiresAt) - Date.now()).toBeGreaterThan(23.9 * 3600 * 1000);
    await createLead('rotated');
    const [request] = await receiver.waitFor(at, 1);
    expect(String(request.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verify(rotated.body.secret, request).type).toBe('lead.created');
    expect(verify(endpoint.secret, request).type).toBe('lead.created');
    // After the overlap only the new secret signs.
    await tenantSql(t.app, owner.tenantId, `update outbound_webhook_endpoints set previous_secret_expires_at = now() - interval '1 second' where id = $1`, [endpoint.id]);
    await createLead('rotated-later');
    const [, later] = await receiver.waitFor(at, 2);
    expect(String(later.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(() => verify(endpoint.secret, later)).toThrow();
    expect(verify(rotated.body.secret, later).type).toBe('lead.created');
  });

  it('sends a signed ping on "Send test" and answers how it went', async () => {
    const at = path();
    receiver.script(at, { status: 202, body: 'thanks' });
    const endpoint = await createEndpoint(at, ['lead.created']);
    const res = await t.http.post(`/api/v1/webhook-endpoints/${endpoint.id}/test`).set(session.auth).expect(200);
    expect(res.body).toMatchObject({ event: 'ping', state: 'succeeded', attempts: 1, lastStatusCode: 202, lastResponseExcerpt: 'thanks' });
    const [request] = receiver.at(at);
    expect(verify(endpoint.secret, request).type).toBe('ping');
    // A failed ping is not retried.
    receiver.script(at, { status: 500 });
    const failed = await t.http.post(`/api/v1/webhook-endpoints/${endpoint.id}/test`).set(session.auth).expect(200);
    expect(failed.body).toMatchObject({ event: 'ping', state: 'failed', lastStatusCode: 500, nextAttemptAt: null });
  });

  it('pages the deliveries with a keyset cursor', async () => {
    const at = path();
    const endpoint = await createEndpoint(at, ['lead.created']);
    for (let i = 0; i < 3; i++) await createLead(`page${i}`);
    await receiver.waitFor(at, 3);
    const first = await t.http.get(`/api/v1/webhook-endpoints/${endpoint.id}/deliveries?limit=2`).set(session.auth).expect(200);
    expect(first.body.data).toHaveLength(2);
    const second = await t.http.get(`/api/v1/webhook-endpoints/${endpoint.id}/deliveries?limit=2&cursor=${first.body.nextCursor}`).set(session.auth).expect(200);
    expect(second.body.data).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    expect(new Set([...first.body.data, ...second.body.data].map((d: { id: string }) => d.id)).size).toBe(3);
  });

  it('keeps workspaces apart', async () => {
    const other = await createTenantWithUser(t.app, 'owner', 'Other Co');
    const otherSession = await signIn(t.http, other.email, other.password);
    const at = path();
    const mine = await createEndpoint(at, ['lead.*']);
    await createLead('mine');
    await receiver.waitFor(at, 1);
    const [delivery] = (await deliveries(mine.id)).data;
    for (const [method, url] of [
      ['get', `/api/v1/webhook-endpoints/${mine.id}`],
      ['patch', `/api/v1/webhook-endpoints/${mine.id}`],
      ['delete', `/api/v1/webhook-endpoints/${mine.id}`],
      ['post', `/api/v1/webhook-endpoints/${mine.id}/test`],
      ['post', `/api/v1/webhook-endpoints/${mine.id}/rotate-secret`],
      ['get', `/api/v1/webhook-endpoints/${mine.id}/deliveries`],
      ['post', `/api/v1/webhook-endpoints/deliveries/${delivery.id}/retry`],
    ] as const) {
      await t.http[method](url).set(otherSession.auth).send(method === 'patch' ? { enabled: false } : undefined).expect(404);
    }
    expect((await t.http.get('/api/v1/webhook-endpoints').set(otherSession.auth).expect(200)).body).toEqual([]);
    // The other workspace's leads never reach this endpoint.
    await createLead('theirs', t.http, otherSession.auth);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.at(at)).toHaveLength(1);
    expect((await t.http.get(`/api/v1/webhook-endpoints/${mine.id}`).set(session.auth).expect(200)).body.enabled).toBe(true);
  });

  it('answers bad input with problem+json and stores nothing', async () => {
    const before = await tenantSql<{ n: number }>(t.app, owner.tenantId, `select count(*)::int as n from outbound_webhook_endpoints`);
    const bodies: unknown[] = [
      null,
      [],
      'text',
      {},
      { url: null, events: ['lead.*'] },
      { url: 42, events: ['lead.*'] },
      { url: `${receiver.url}/x`, events: [] },
      { url: `${receiver.url}/x`, events: ['lead.nope'] },
      { url: `${receiver.url}/x`, events: 'lead.*' },
      { url: `${receiver.url}/x`, events: [null] },
      { url: `${receiver.url}/x`, events: ['lead.*', 'lead.*'] },
      { url: `${receiver.url}/x\u0000`, events: ['lead.*'] },
      { url: `${receiver.url}/x`, events: ['lead.*'], description: 'a\u0000b' },
      { url: `${receiver.url}/x`, events: ['lead.*'], description: 'x'.repeat(501) },
      { url: `${receiver.url}/x`, events: ['lead.*'], enabled: 'yes' },
      { url: 'ftp://example.com/x', events: ['lead.*'] },
      { url: 'not a url', events: ['lead.*'] },
      { url: `https://example.com/${'a'.repeat(3000)}`, events: ['lead.*'] },
      { url: `${receiver.url}/x`, events: ['lead.*'], nested: JSON.parse('['.repeat(200) + ']'.repeat(200)) },
    ];
    for (const body of bodies) {
      const res = await t.http.post('/api/v1/webhook-endpoints').set(session.auth).set('Content-Type', 'application/json').send(JSON.stringify(body));
      expect([res.status, res.headers['content-type']]).toEqual([expect.any(Number), expect.stringContaining('application/problem+json')]);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.body.code).toEqual(expect.any(String));
    }
    const huge = await t.http.post('/api/v1/webhook-endpoints').set(session.auth).set('Content-Type', 'application/json').send(JSON.stringify({ url: `${receiver.url}/x`, events: ['lead.*'], description: 'x'.repeat(5_000_000) }));
    expect(huge.status).toBe(413);
    const bad = await t.http.post('/api/v1/webhook-endpoints').set(session.auth).send({ url: 'ftp://example.com/x', events: ['lead.*'] }).expect(400);
    expect(bad.body.code).toBe('webhook_url_refused');
    await t.http.get('/api/v1/webhook-endpoints/not-a-uuid').set(session.auth).expect(400);
    await t.http.get(`/api/v1/webhook-endpoints/${randomUUID()}`).set(session.auth).expect(404);
    await t.http.post(`/api/v1/webhook-endpoints/deliveries/${randomUUID()}/retry`).set(session.auth).expect(404);
    const endpoint = await createEndpoint(path(), ['lead.created']);
    for (const query of ['cursor=garbage', 'limit=0', 'limit=abc', 'state=nope']) {
      const res = await t.http.get(`/api/v1/webhook-endpoints/${endpoint.id}/deliveries?${query}`).set(session.auth);
      expect([query, res.status]).toEqual([query, 400]);
    }
    for (const body of [{ url: null }, { events: [] }, { enabled: null }, { url: 'ftp://x' }]) {
      const res = await t.http.patch(`/api/v1/webhook-endpoints/${endpoint.id}`).set(session.auth).send(body);
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 400]);
    }
    const after = await tenantSql<{ n: number }>(t.app, owner.tenantId, `select count(*)::int as n from outbound_webhook_endpoints`);
    expect(after[0].n).toBe(before[0].n + 1);
    // Only admins with integrations:manage.
    await t.http.get('/api/v1/webhook-endpoints').expect(401);
  });
});

describe('outbound webhooks without private networks', () => {
  let t: TestApp;
  let session: SignedIn;
  let owner: TestUser;
  let receiver: FakeWebhookReceiver;

  beforeAll(async () => {
    receiver = await new FakeWebhookReceiver().start();
    t = await createTestApp({ env: { RATE_LIMIT_LOGIN: '1000', OUTBOUND_WEBHOOK_POLL_MS: '50' } });
    owner = await createTenantWithUser(t.app, 'owner', 'Strict Co');
    session = await signIn(t.http, owner.email, owner.password);
  });

  afterAll(async () => {
    await t.close();
    await receiver.stop();
  });

  it('refuses private addresses when saved and again at connect time', async () => {
    for (const url of [`${receiver.url}/x`, 'http://169.254.169.254/latest/meta-data', 'http://[::1]:8080/x', 'http://localhost:8080/x', 'http://10.0.0.5/x']) {
      const res = await t.http.post('/api/v1/webhook-endpoints').set(session.auth).send({ url, events: ['lead.*'] }).expect(400);
      expect(res.body.code).toBe('webhook_url_refused');
    }
    // A host name that resolves to loopback (what DNS rebinding would do) is refused when connecting.
    const port = new URL(receiver.url).port;
    const ok = await t.http.post('/api/v1/webhook-endpoints').set(session.auth).send({ url: 'http://hooks.example.com/x', events: ['lead.created'] }).expect(201);
    rememberSecret(ok.body.secret);
    await tenantSql(t.app, owner.tenantId, `update outbound_webhook_endpoints set url = $2 where id = $1`, [ok.body.id, `http://localhost:${port}/x`]);
    await t.http.post('/api/v1/leads').set(session.auth).send({ name: 'Private', email: 'private@example.com' }).expect(201);
    const deadline = Date.now() + 10_000;
    let rows: Array<{ last_error: string | null }> = [];
    while (Date.now() < deadline) {
      rows = await tenantSql(t.app, owner.tenantId, `select last_error from outbound_webhook_deliveries where endpoint_id = $1`, [ok.body.id]);
      if (rows[0]?.last_error) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(rows[0].last_error).toMatch(/refused: localhost resolves to .*private, loopback or link-local/);
    expect(receiver.received).toHaveLength(0);
  });
});

describe('outbound webhooks across a restart', () => {
  it('delivers after a restart what was changed before it', async () => {
    const receiver = await new FakeWebhookReceiver().start();
    const db = await createTestDatabase();
    const env = { RATE_LIMIT_LOGIN: '1000', WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true', OUTBOUND_WEBHOOK_POLL_MS: '50' };
    try {
      // The first process sends nothing (no workers) and stops.
      const first = await createTestApp({ database: db, env: { ...env, WORKERS: 'off' } });
      const owner = await createTenantWithUser(first.app, 'owner', 'Restart Co');
      const session = await signIn(first.http, owner.email, owner.password);
      const endpoint = await first.http.post('/api/v1/webhook-endpoints').set(session.auth).send({ url: `${receiver.url}/r`, events: ['lead.created'] }).expect(201);
      rememberSecret(endpoint.body.secret);
      const lead = await first.http.post('/api/v1/leads').set(session.auth).send({ name: 'Before restart', email: 'restart@example.com' }).expect(201);
      await first.close();
      expect(receiver.received).toHaveLength(0);
      const second = await createTestApp({ database: db, env });
      try {
        const [request] = await receiver.waitFor('/r', 1);
        expect(new Webhook(endpoint.body.secret).verify(request.body, request.headers as Record<string, string>)).toMatchObject({ type: 'lead.created', data: { lead: { id: lead.body.id } } });
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(receiver.received).toHaveLength(1);
      } finally {
        await second.close();
      }
    } finally {
      await db.drop();
      await receiver.stop();
    }
  });
});
