import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { createTenantWithUser, signIn, type SignedIn, type TestUser } from './support/factories';
import { rememberSecret } from './support/log-capture';
import { tenantSql } from './support/tenant-sql';
import { createTestApp, type TestApp } from './support/test-app';
import { deliveriesOf, waitForDelivery } from './support/webhooks';

// The generic signed source (Standard Webhooks). Senders here sign with the official `standardwebhooks`
// package, an implementation that is not ours.
describe('generic signed webhook source', () => {
  let t: TestApp;
  let owner: TestUser;
  let session: SignedIn;

  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_LOGIN: '1000', WEBHOOK_RETRY_DELAY_SECONDS: '1' } });
    owner = await createTenantWithUser(t.app, 'owner', 'Acme Studio');
    session = await signIn(t.http, owner.email, owner.password);
  });

  afterAll(async () => {
    await t.close();
  });

  const createSource = async () => {
    const res = await t.http.post('/api/v1/integrations/connections').set(session.auth).send({ provider: 'webhook', name: 'Website booking', config: { note: 'from n8n' } }).expect(201);
    rememberSecret(res.body.secret);
    return { id: res.body.id as string, secret: res.body.secret as string, body: res.body };
  };
  const send = (connectionId: string, secret: string, payload: unknown, options: { id?: string; at?: Date; raw?: string } = {}) => {
    const id = options.id ?? `msg_${randomUUID()}`;
    const at = options.at ?? new Date();
    const body = options.raw ?? JSON.stringify(payload);
    const signature = new Webhook(secret).sign(id, at, body);
    return t.http
      .post(`/api/v1/webhooks/${connectionId}`)
      .set('Content-Type', 'application/json')
      .set('webhook-id', id)
      .set('webhook-timestamp', String(Math.floor(at.getTime() / 1000)))
      .set('webhook-signature', signature)
      .send(body);
  };
  const unique = (label: string) => `${label}-${randomUUID().slice(0, 8)}@example.com`;
  const leadByEmail = async (email: string) =>
    (await tenantSql<{ id: string; source: string; name: string | null; tags: string[] }>(t.app, owner.tenantId, `select id, source, name, tags from leads where email = $1`, [email]))[0];

  it('generates a whsec_ secret shown once, and never again', async () => {
    const source = await createSource();
    expect(source.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(source.body).toMatchObject({ provider: 'webhook', status: 'active', credentials: { secret: `…${source.secret.slice(-4)}` }, webhookUrl: expect.stringMatching(new RegExp(`/api/v1/webhooks/${source.id}$`)) });
    const got = await t.http.get(`/api/v1/integrations/connections/${source.id}`).set(session.auth).expect(200);
    expect(JSON.stringify(got.body)).not.toContain(source.secret.slice(6));
    expect(got.body).not.toHaveProperty('secret');
    const audit = await tenantSql(t.app, owner.tenantId, `select changes, metadata from audit_logs where resource_id = $1`, [source.id]);
    expect(JSON.stringify(audit)).not.toContain(source.secret.slice(6));
    // A webhook source takes no credentials of the caller's.
    await t.http.post('/api/v1/integrations/connections').set(session.auth).send({ provider: 'webhook', name: 'x', credentials: { secret: 'mine' } }).expect(400);
    // Secrets do not belong in config, which is shown and audited in the clear.
    await t.http.post('/api/v1/integrations/connections').set(session.auth).send({ provider: 'webhook', name: 'x', config: { apiKey: 'oops' } }).expect(400);
  });

  it('stores one signed lead, with the event label on its lead event', async () => {
    const source = await createSource();
    const email = unique('ada');
    const res = await send(source.id, source.secret, { name: 'Ada Lovelace', email, phone: '+44 20 7946 0958', tags: ['cal.com'], event: 'booking.created' }).expect(200);
    expect(res.body).toEqual({ received: true, deliveryId: expect.any(String), duplicate: false });
    const delivery = await waitForDelivery(t.app, owner.tenantId, res.body.deliveryId, ['processed']);
    const lead = await leadByEmail(email);
    expect(lead).toMatchObject({ source: 'webhook', name: 'Ada Lovelace', tags: ['cal.com'] });
    expect(delivery.lead_id).toBe(lead.id);
    const [event] = await tenantSql<{ type: string; data: Record<string, unknown> }>(t.app, owner.tenantId, `select type, data from lead_events where lead_id = $1`, [lead.id]);
    expect(event).toMatchObject({ type: 'created', data: { event: 'booking.created', connectionId: source.id, deliveryId: res.body.deliveryId } });
    const detail = await t.http.get(`/api/v1/integrations/connections/${source.id}/deliveries/${res.body.deliveryId}`).set(session.auth).expect(200);
    expect(detail.body).toMatchObject({ action: 'booking.created', state: 'processed', leadId: lead.id, result: { created: 1, failed: 0 } });
  });

  it('stores the valid leads of a batch and records field errors for the others', async () => {
    const source = await createSource();
    const good = [unique('one'), unique('two')];
    const res = await send(source.id, source.secret, { event: 'import', leads: [{ email: good[0] }, { email: 'not-an-email' }, { email: good[1], priority: 'whenever' }, { phone: '+1 415 555 0100', name: 'Phone only' }] }).expect(200);
    const delivery = await waitForDelivery(t.app, owner.tenantId, res.body.deliveryId, ['processed']);
    expect(delivery.result).toMatchObject({
      created: 2,
      failed: 2,
      items: [
        { index: 0, status: 'created' },
        { index: 1, status: 'error', errors: [{ field: 'email', message: expect.any(String) }] },
        { index: 2, status: 'error', errors: [{ field: 'priority', message: expect.any(String) }] },
        { index: 3, status: 'created' },
      ],
    });
    expect(await leadByEmail(good[0])).toBeDefined();
    expect(await leadByEmail(good[1])).toBeUndefined();
  });

  it('refuses a body it cannot use with 400, before storing any lead', async () => {
    const source = await createSource();
    await send(source.id, source.secret, null, { raw: '{"email": "broken' }).expect(400);
    await send(source.id, source.secret, null, { raw: '{"__proto__": {"x": 1}, "email": "a@example.com"}' }).expect(400);
    await send(source.id, source.secret, { leads: Array.from({ length: 101 }, (_, i) => ({ email: `n${i}@example.com` })) }).expect(400);
    const res = await send(source.id, source.secret, [{ email: 'a@example.com' }]).expect(400);
    expect(res.body).toMatchObject({ code: 'invalid_webhook_payload' });
    expect((await deliveriesOf(t.app, owner.tenantId, source.id)).map((d) => d.state)).toEqual(['dead', 'dead', 'dead', 'dead']);
  });

  it('refuses stale, future, missing and wrong signatures with 401', async () => {
    const source = await createSource();
    const lead = { email: unique('late') };
    const stale = await send(source.id, source.secret, lead, { at: new Date(Date.now() - 6 * 60_000) }).expect(401);
    expect(stale.body).toMatchObject({ code: 'invalid_webhook_signature', detail: 'The signed timestamp is more than 5 minutes away from now' });
    await send(source.id, source.secret, lead, { at: new Date(Date.now() + 6 * 60_000) }).expect(401);
    await send(source.id, `whsec_${Buffer.alloc(32, 1).toString('base64')}`, lead).expect(401);
    const missing = await t.http.post(`/api/v1/webhooks/${source.id}`).set('Content-Type', 'application/json').send(JSON.stringify(lead)).expect(401);
    expect(missing.body.detail).toBe('The signature headers are missing');
    // Four minutes off is within the tolerance.
    await send(source.id, source.secret, lead, { at: new Date(Date.now() - 4 * 60_000) }).expect(200);
    const states = (await deliveriesOf(t.app, owner.tenantId, source.id)).map((d) => [d.state, d.signature]);
    expect(states).toEqual([
      ['rejected', 'stale'],
      ['rejected', 'stale'],
      ['rejected', 'invalid'],
      ['rejected', 'missing'],
      ['received', 'valid'],
    ].map(([state, signature]) => (state === 'received' ? [expect.stringMatching(/received|processed/), signature] : [state, signature])));
  });

  it('passes when any v1 signature matches', async () => {
    const source = await createSource();
    const id = `msg_${randomUUID()}`;
    const now = new Date();
    const body = JSON.stringify({ email: unique('multi') });
    const good = new Webhook(source.secret).sign(id, now, body);
    const other = new Webhook(`whsec_${Buffer.alloc(32, 9).toString('base64')}`).sign(id, now, body);
    await t.http
      .post(`/api/v1/webhooks/${source.id}`)
      .set('Content-Type', 'application/json')
      .set('webhook-id', id)
      .set('webhook-timestamp', String(Math.floor(now.getTime() / 1000)))
      .set('webhook-signature', `${other} ${good}`)
      .send(body)
      .expect(200);
  });

  it('dedupes on webhook-id', async () => {
    const source = await createSource();
    const email = unique('twice');
    const first = await send(source.id, source.secret, { email }, { id: 'msg_same' }).expect(200);
    await waitForDelivery(t.app, owner.tenantId, first.body.deliveryId, ['processed']);
    const again = await send(source.id, source.secret, { email }, { id: 'msg_same' }).expect(200);
    expect(again.body.duplicate).toBe(true);
    expect((await deliveriesOf(t.app, owner.tenantId, source.id)).map((d) => d.state)).toEqual(['processed', 'duplicate']);
  });

  it('rotates the secret: the new one is shown once and both verify meanwhile', async () => {
    const source = await createSource();
    const rotated = await t.http.post(`/api/v1/integrations/connections/${source.id}/rotate-secret`).set(session.auth).expect(200);
    rememberSecret(rotated.body.secret);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(source.secret);
    expect(rotated.body.credentials).toMatchObject({ secret: `…${rotated.body.secret.slice(-4)}`, previousSecretValidUntil: expect.any(String) });
    const until = Date.parse(rotated.body.credentials.previousSecretValidUntil);
    expect(Math.abs(until - (Date.now() + 24 * 3_600_000))).toBeLessThan(60_000);
    await send(source.id, source.secret, { email: unique('old') }).expect(200);
    await send(source.id, rotated.body.secret, { email: unique('new') }).expect(200);
    const audit = await tenantSql<{ action: string }>(t.app, owner.tenantId, `select action, changes, metadata from audit_logs where resource_id = $1 order by created_at`, [source.id]);
    expect(audit.map((a) => a.action)).toEqual(['integration.create', 'integration.rotate_secret']);
    expect(JSON.stringify(audit)).not.toContain(rotated.body.secret.slice(6));
  });

  it('refuses to rotate an Acuity connection, which has no generated secret', async () => {
    const res = await t.http.post('/api/v1/integrations/connections').set(session.auth).send({ provider: 'acuity', name: 'A', credentials: { userId: '123', apiKey: 'abcdefgh12345678' } }).expect(201);
    rememberSecret('abcdefgh12345678');
    await t.http.post(`/api/v1/integrations/connections/${res.body.id}/rotate-secret`).set(session.auth).expect(409);
  });

  it('keeps its own rate-limit budget per connection', async () => {
    const limited = await createTestApp({ env: { RATE_LIMIT_LOGIN: '1000', RATE_LIMIT_WEBHOOK: '2', RATE_LIMIT_DEFAULT: '1000' } });
    try {
      const o = await createTenantWithUser(limited.app, 'owner', 'Limited');
      const s = await signIn(limited.http, o.email, o.password);
      const a = await limited.http.post('/api/v1/integrations/connections').set(s.auth).send({ provider: 'webhook', name: 'a' }).expect(201);
      const b = await limited.http.post('/api/v1/integrations/connections').set(s.auth).send({ provider: 'webhook', name: 'b' }).expect(201);
      rememberSecret(a.body.secret, b.body.secret);
      const hit = (id: string) => limited.http.post(`/api/v1/webhooks/${id}`).set('Content-Type', 'application/json').send('{}');
      await hit(a.body.id).expect(401);
      await hit(a.body.id).expect(401);
      const throttled = await hit(a.body.id).expect(429);
      expect(throttled.headers['retry-after']).toBeDefined();
      // Another connection has its own budget.
      await hit(b.body.id).expect(401);
    } finally {
      await limited.close();
    }
  });

  it('purges bodies past the retention and keeps the rows', async () => {
    const source = await createSource();
    const res = await send(source.id, source.secret, { email: unique('purge') }).expect(200);
    await waitForDelivery(t.app, owner.tenantId, res.body.deliveryId, ['processed']);
    await tenantSql(t.app, owner.tenantId, `update webhook_deliveries set received_at = now() - interval '31 days' where id = $1`, [res.body.deliveryId]);
    const { WebhookPayloadPurgeJob } = await import('../src/modules/integrations/webhook-payload-purge.job');
    await expect(t.app.get(WebhookPayloadPurgeJob).run()).resolves.toBeGreaterThanOrEqual(1);
    const detail = await t.http.get(`/api/v1/integrations/connections/${source.id}/deliveries/${res.body.deliveryId}`).set(session.auth).expect(200);
    expect(detail.body).toMatchObject({ state: 'processed', body: null, bodyPurgedAt: expect.any(String) });
    await t.http.post(`/api/v1/integrations/connections/${source.id}/deliveries/${res.body.deliveryId}/replay`).set(session.auth).expect(409);
  });
});
