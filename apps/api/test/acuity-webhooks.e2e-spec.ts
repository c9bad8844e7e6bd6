import { createHmac, randomBytes } from 'node:crypto';
import { addUser, createTenantWithUser, signIn, type SignedIn, type TestUser } from './support/factories';
import { FakeAcuity, fakeAppointment } from './support/fake-acuity';
import { rememberSecret } from './support/log-capture';
import { tenantSql } from './support/tenant-sql';
import { createTestApp, type TestApp } from './support/test-app';
import { acuitySignature, deliveriesOf, waitForDelivery } from './support/webhooks';

interface LeadRow {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  subject: string | null;
  source: string;
  source_ref: string | null;
  tags: string[];
  metadata: Record<string, unknown>;
  deleted_at: Date | null;
}

const FORM = 'application/x-www-form-urlencoded';
const RETRY_LIMIT = 2;

describe('Acuity Scheduling webhooks', () => {
  const acuity = new FakeAcuity();
  let t: TestApp;
  let owner: TestUser;
  let session: SignedIn;
  let nextId = 54_000;

  beforeAll(async () => {
    await acuity.start();
    t = await createTestApp({
      env: {
        RATE_LIMIT_LOGIN: '1000',
        ACUITY_BASE_URL: acuity.baseUrl,
        PROVIDER_TIMEOUT_MS: '300',
        WEBHOOK_RETRY_LIMIT: String(RETRY_LIMIT),
        WEBHOOK_RETRY_DELAY_SECONDS: '1',
        WEBHOOK_REJECTED_PER_HOUR: '3',
        PUBLIC_URL: 'https://leads.example.com',
      },
    });
    owner = await createTenantWithUser(t.app, 'owner', 'Acme Studio');
    session = await signIn(t.http, owner.email, owner.password);
  });

  afterAll(async () => {
    await t.close();
    await acuity.close();
  });

  afterEach(() => acuity.reset());

  // A new Acuity account and connection per test, so states and budgets never mix.
  const connect = async (as: SignedIn = session) => {
    const userId = String(100_000 + Math.floor(Math.random() * 800_000));
    const apiKey = randomBytes(16).toString('hex');
    rememberSecret(apiKey);
    acuity.addAccount(userId, apiKey);
    const res = await t.http.post('/api/v1/integrations/connections').set(as.auth).send({ provider: 'acuity', name: 'Sales calendar', credentials: { userId, apiKey } }).expect(201);
    return { id: res.body.id as string, userId, apiKey, body: res.body };
  };
  const appointment = (overrides = {}) => {
    const a = fakeAppointment(nextId++, overrides);
    acuity.addAppointment(a);
    return a;
  };
  const formBody = (action: string, id: number | string) => `action=${action}&id=${id}&calendarID=27238&appointmentTypeID=1`;
  const post = (connectionId: string, body: Buffer | string, signature: string | null, contentType = FORM) => {
    const req = t.http.post(`/api/v1/webhooks/${connectionId}`).set('Content-Type', contentType);
    if (signature !== null) req.set('X-Acuity-Signature', signature);
    // As a string: superagent would serialise a Buffer sent as a form into `0=97&1=99...`.
    return req.send(typeof body === 'string' ? body : body.toString('utf8'));
  };
  const deliver = (c: { id: string; apiKey: string }, body: string) => post(c.id, body, acuitySignature(c.apiKey, body));
  const leadsByRef = (ref: string | number) => tenantSql<LeadRow>(t.app, owner.tenantId, `select * from leads where source = 'acuity' and source_ref = $1`, [String(ref)]);
  const eventsOf = (leadId: string) => tenantSql<{ type: string; data: Record<string, unknown> }>(t.app, owner.tenantId, `select type, data from lead_events where lead_id = $1 order by created_at, id`, [leadId]);

  it('creates a connection whose response carries the webhook URL and no credential', async () => {
    const c = await connect();
    expect(c.body).toMatchObject({
      provider: 'acuity',
      name: 'Sales calendar',
      status: 'active',
      webhookUrl: `https://leads.example.com/api/v1/webhooks/${c.id}`,
      credentials: { userId: `…${c.userId.slice(-4)}`, apiKey: `…${c.apiKey.slice(-4)}` },
    });
    expect(c.body).not.toHaveProperty('secret');
    const listed = await t.http.get('/api/v1/integrations/connections').set(session.auth).expect(200);
    const got = await t.http.get(`/api/v1/integrations/connections/${c.id}`).set(session.auth).expect(200);
    for (const text of [JSON.stringify(c.body), JSON.stringify(listed.body), JSON.stringify(got.body)]) expect(text).not.toContain(c.apiKey);
    const audit = await tenantSql<{ changes: unknown; metadata: unknown }>(t.app, owner.tenantId, `select changes, metadata from audit_logs where resource_id = $1`, [c.id]);
    expect(audit.length).toBeGreaterThan(0);
    expect(JSON.stringify(audit)).not.toContain(c.apiKey);
    // At rest the key is sealed.
    const [row] = await tenantSql<{ credentials: string }>(t.app, owner.tenantId, `select credentials from integration_connections where id = $1`, [c.id]);
    expect(row.credentials).not.toContain(c.apiKey);
  });

  it('refuses credentials that are not an Acuity User ID and API key', async () => {
    const res = await t.http
      .post('/api/v1/integrations/connections')
      .set(session.auth)
      .send({ provider: 'acuity', name: 'Bad', credentials: { userId: 'me', apiKey: 'x', password: 'nope' } })
      .expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['credentials.apiKey', 'credentials.password', 'credentials.userId']);
    await t.http.post('/api/v1/integrations/connections').set(session.auth).send({ provider: 'acuity', name: 'None' }).expect(400);
  });

  it('tests the credentials with GET /me and reports a refusal in plain words', async () => {
    const c = await connect();
    await expect(t.http.post(`/api/v1/integrations/connections/${c.id}/test`).set(session.auth).expect(200).then((r) => r.body)).resolves.toEqual({
      ok: true,
      message: 'Connected to Acuity as Fake Studio, owner@fake-studio.example',
    });
    acuity.failNext(401);
    const refused = await t.http.post(`/api/v1/integrations/connections/${c.id}/test`).set(session.auth).expect(200);
    expect(refused.body).toEqual({ ok: false, message: expect.stringContaining('Acuity refused the API key') });
    expect(acuity.requests.filter((r) => r.path === '/api/v1/me' && r.user === c.userId)).toHaveLength(2);
  });

  it('stores a scheduled appointment as a lead, after answering 200', async () => {
    const c = await connect();
    const a = appointment({ phone: '+1 415 555 0199' });
    const res = await deliver(c, formBody('scheduled', a.id)).expect(200);
    expect(res.body).toEqual({ received: true, deliveryId: expect.any(String), duplicate: false });
    const delivery = await waitForDelivery(t.app, owner.tenantId, res.body.deliveryId, ['processed']);
    const [lead] = await leadsByRef(a.id);
    expect(delivery.lead_id).toBe(lead.id);
    expect(lead).toMatchObject({ name: 'Bob McTest', email: a.email, phone: '+14155550199', source: 'acuity', source_ref: String(a.id), subject: 'Regular Visit' });
    expect(lead.metadata.appointment).toMatchObject({
      id: String(a.id),
      type: 'Regular Visit',
      calendar: 'My Calendar',
      datetime: '2013-07-02T10:15:00-0700',
      price: '10.00',
      notes: 'Notes',
      answers: [{ form: 'Example Intake Form', question: 'Is this your first visit?', answer: 'yes' }],
    });
    const events = await eventsOf(lead.id);
    expect(events.map((e) => e.type)).toEqual(['created', 'appointment.scheduled']);
    expect(events[1].data).toMatchObject({ appointmentId: String(a.id), calendar: 'My Calendar', datetime: '2013-07-02T10:15:00-0700', deliveryId: res.body.deliveryId });
  });

  it('updates the same lead on reschedule and cancel, tagging it and never deleting it', async () => {
    const c = await connect();
    const a = appointment();
    const first = await deliver(c, formBody('scheduled', a.id)).expect(200);
    await waitForDelivery(t.app, owner.tenantId, first.body.deliveryId, ['processed']);
    acuity.addAppointment({ ...a, datetime: '2013-07-09T11:00:00-0700' });
    const moved = await deliver(c, formBody('appointment.rescheduled', a.id)).expect(200);
    await waitForDelivery(t.app, owner.tenantId, moved.body.deliveryId, ['processed']);
    acuity.addAppointment({ ...a, datetime: '2013-07-09T11:00:00-0700', canceled: true });
    const cancel = await deliver(c, formBody('canceled', a.id)).expect(200);
    await waitForDelivery(t.app, owner.tenantId, cancel.body.deliveryId, ['processed']);

    const leads = await leadsByRef(a.id);
    expect(leads).toHaveLength(1);
    expect(leads[0].deleted_at).toBeNull();
    expect(leads[0].tags).toContain('appointment-canceled');
    expect((leads[0].metadata.appointment as Record<string, unknown>).datetime).toBe('2013-07-09T11:00:00-0700');
    const types = (await eventsOf(leads[0].id)).map((e) => e.type);
    expect(types).toEqual(['created', 'appointment.scheduled', 'updated_from_source', 'appointment.rescheduled', 'updated_from_source', 'appointment.canceled']);
  });

  it('attaches an appointment to the open lead with the same email', async () => {
    const c = await connect();
    const a = appointment();
    const [existing] = await tenantSql<{ id: string }>(t.app, owner.tenantId, `insert into leads (tenant_id, email, source) values ($1, $2, 'api') returning id`, [owner.tenantId, a.email]);
    const res = await deliver(c, formBody('scheduled', a.id)).expect(200);
    const delivery = await waitForDelivery(t.app, owner.tenantId, res.body.deliveryId, ['processed']);
    expect(delivery.lead_id).toBe(existing.id);
    expect(await leadsByRef(a.id)).toHaveLength(0);
    expect((await eventsOf(existing.id)).map((e) => e.type)).toEqual(['resubmitted', 'appointment.scheduled']);
  });

  it('verifies the exact bytes of a body that re-encoding would change', async () => {
    const c = await connect();
    const a = appointment();
    // `+` for a space, %20, a raw non-ASCII character: a parser that re-encodes would break the signature.
    const body = Buffer.from(`${formBody('scheduled', a.id)}&note=caf%C3%A9+au+lait%20%2B&x=naïve`, 'utf8');
    const res = await post(c.id, body, acuitySignature(c.apiKey, body)).expect(200);
    const delivery = await waitForDelivery(t.app, owner.tenantId, res.body.deliveryId, ['processed']);
    expect(delivery.body?.equals(body)).toBe(true);
  });

  it('answers 401 and records `rejected` for a bad or missing signature, and keeps only a bounded number', async () => {
    const c = await connect();
    const body = formBody('scheduled', 1);
    const bad = await post(c.id, body, acuitySignature('not-the-key-0000', body)).expect(401);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body).toMatchObject({ code: 'invalid_webhook_signature', detail: 'The signature does not match this endpoint' });
    const missing = await post(c.id, body, null).expect(401);
    expect(missing.body).toMatchObject({ code: 'invalid_webhook_signature', detail: 'The signature headers are missing' });
    // Hex instead of base64 is wrong too.
    await post(c.id, body, createHmac('sha256', c.apiKey).update(body).digest('hex')).expect(401);
    for (let i = 0; i < 3; i++) await post(c.id, body, 'AAAA').expect(401);
    const rows = await deliveriesOf(t.app, owner.tenantId, c.id);
    // WEBHOOK_REJECTED_PER_HOUR=3: three rows, the rest counted.
    expect(rows.map((r) => [r.state, r.signature])).toEqual([
      ['rejected', 'invalid'],
      ['rejected', 'missing'],
      ['rejected', 'invalid'],
    ]);
    const conn = await t.http.get(`/api/v1/integrations/connections/${c.id}`).set(session.auth).expect(200);
    expect(conn.body.rejectedUnrecorded).toBe(3);
    expect(acuity.requests.filter((r) => r.user === c.userId)).toHaveLength(0);
  });

  it('answers 413 to a body over 256 KB', async () => {
    const c = await connect();
    const body = `${formBody('scheduled', 1)}&pad=${'a'.repeat(256 * 1024)}`;
    const res = await deliver(c, body).expect(413);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(await deliveriesOf(t.app, owner.tenantId, c.id)).toHaveLength(0);
  });

  it('answers 400 to a signed body it cannot use, and keeps it as `dead`', async () => {
    const c = await connect();
    const noId = 'action=scheduled&calendarID=1';
    const res = await deliver(c, noId).expect(400);
    expect(res.body).toMatchObject({ code: 'invalid_webhook_payload', detail: 'the body needs `action` and `id`' });
    const json = JSON.stringify({ action: 'scheduled', id: 1 });
    await post(c.id, json, acuitySignature(c.apiKey, json), 'application/json').expect(400);
    const rows = await deliveriesOf(t.app, owner.tenantId, c.id);
    expect(rows.map((r) => r.state)).toEqual(['dead', 'dead']);
  });

  it('acknowledges an action that carries no appointment and stores nothing', async () => {
    const c = await connect();
    const res = await deliver(c, 'action=order.completed&id=777').expect(200);
    const delivery = await waitForDelivery(t.app, owner.tenantId, res.body.deliveryId, ['processed']);
    expect(delivery.lead_id).toBeNull();
    expect(delivery.result).toMatchObject({ ignored: expect.stringContaining('order.completed') });
    expect(acuity.requests.filter((r) => r.user === c.userId)).toHaveLength(0);
  });

  it('records a delivery sent again as `duplicate` and processes it once', async () => {
    const c = await connect();
    const a = appointment();
    const first = await deliver(c, formBody('scheduled', a.id)).expect(200);
    await waitForDelivery(t.app, owner.tenantId, first.body.deliveryId, ['processed']);
    const again = await deliver(c, formBody('scheduled', a.id)).expect(200);
    expect(again.body).toMatchObject({ duplicate: true });
    const rows = await deliveriesOf(t.app, owner.tenantId, c.id);
    expect(rows.map((r) => r.state)).toEqual(['processed', 'duplicate']);
    expect(acuity.requests.filter((r) => r.path === `/api/v1/appointments/${a.id}`)).toHaveLength(1);
  });

  it('stores two identical deliveries arriving at once once: one lead, one processed, one duplicate', async () => {
    const c = await connect();
    const a = appointment();
    const body = formBody('scheduled', a.id);
    const results = await Promise.all([deliver(c, body), deliver(c, body)]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(results.map((r) => r.body.duplicate).sort()).toEqual([false, true]);
    const original = results.find((r) => !r.body.duplicate)!;
    await waitForDelivery(t.app, owner.tenantId, original.body.deliveryId, ['processed']);
    expect((await deliveriesOf(t.app, owner.tenantId, c.id)).map((r) => r.state).sort()).toEqual(['duplicate', 'processed']);
    expect(await leadsByRef(a.id)).toHaveLength(1);
  });

  it('replays a processed delivery without making a twin', async () => {
    const c = await connect();
    const a = appointment();
    const res = await deliver(c, formBody('scheduled', a.id)).expect(200);
    await waitForDelivery(t.app, owner.tenantId, res.body.deliveryId, ['processed']);
    const replay = await t.http.post(`/api/v1/integrations/connections/${c.id}/deliveries/${res.body.deliveryId}/replay`).set(session.auth).expect(202);
    expect(replay.body).toEqual({ deliveryId: res.body.deliveryId, queued: true });
    const done = await waitForDelivery(t.app, owner.tenantId, res.body.deliveryId, ['processed']);
    expect(done.attempts).toBe(2);
    expect(await leadsByRef(a.id)).toHaveLength(1);
    expect(acuity.requests.filter((r) => r.path === `/api/v1/appointments/${a.id}`)).toHaveLength(2);
  });

  it('marks the connection as needing attention when Acuity refuses the key, and resumes once credentials are saved again', async () => {
    const c = await connect();
    const a = appointment();
    acuity.failNext(401);
    const res = await deliver(c, formBody('scheduled', a.id)).expect(200);
    const failed = await waitForDelivery(t.app, owner.tenantId, res.body.deliveryId, ['failed']);
    expect(failed.last_error).toContain('Acuity refused the API key');
    const conn = await t.http.get(`/api/v1/integrations/connections/${c.id}`).set(session.auth).expect(200);
    expect(conn.body).toMatchObject({ status: 'needs_attention', lastError: expect.stringContaining('Acuity refused the API key'), lastErrorAt: expect.any(String) });
    // The fix: the credentials saved again (here the same ones, which Acuity now accepts).
    const fixed = await t.http.patch(`/api/v1/integrations/connections/${c.id}`).set(session.auth).send({ credentials: { userId: c.userId, apiKey: c.apiKey } }).expect(200);
    expect(fixed.body).toMatchObject({ status: 'active', lastError: null });
    await waitForDelivery(t.app, owner.tenantId, res.body.deliveryId, ['processed']);
    expect(await leadsByRef(a.id)).toHaveLength(1);
  });

  it('gives up on an appointment Acuity does not have, with the reason', async () => {
    const c = await connect();
    const res = await deliver(c, formBody('scheduled', 999_999_999)).expect(200);
    const dead = await waitForDelivery(t.app, owner.tenantId, res.body.deliveryId, ['dead']);
    expect(dead.last_error).toBe('Acuity has no appointment 999999999 (404)');
    expect(dead.attempts).toBe(1);
  });

  it.each([429, 500])('retries after Acuity answers %i, then stores the lead', async (status) => {
    const c = await connect();
    const a = appointment();
    acuity.failNext(status);
    const res = await deliver(c, formBody('scheduled', a.id)).expect(200);
    const done = await waitForDelivery(t.app, owner.tenantId, res.body.deliveryId, ['processed']);
    expect(done.attempts).toBe(2);
    expect(await leadsByRef(a.id)).toHaveLength(1);
  });

  it('retries a timeout with backoff and ends `dead` when retries run out', async () => {
    const c = await connect();
    const a = appointment();
    acuity.hangNext(1500, RETRY_LIMIT + 1);
    const res = await deliver(c, formBody('scheduled', a.id)).expect(200);
    const dead = await waitForDelivery(t.app, owner.tenantId, res.body.deliveryId, ['dead'], 30_000);
    expect(dead.attempts).toBe(RETRY_LIMIT + 1);
    expect(dead.last_error).toBe(`Acuity did not answer within 300 ms (gave up after ${RETRY_LIMIT + 1} attempts)`);
    expect(await leadsByRef(a.id)).toHaveLength(0);
  });

  it('lists deliveries newest first with a state filter and keyset pages, and shows one in full', async () => {
    const c = await connect();
    const bodies = [1, 2, 3].map((i) => `action=order.completed&id=${i}`);
    for (const body of bodies) await deliver(c, body).expect(200);
    await post(c.id, 'action=scheduled&id=9', 'AAAA').expect(401);
    const base = `/api/v1/integrations/connections/${c.id}/deliveries`;
    const page1 = await t.http.get(`${base}?limit=2`).set(session.auth).expect(200);
    expect(page1.body.data).toHaveLength(2);
    expect(page1.body.data[0].state).toBe('rejected');
    const page2 = await t.http.get(`${base}?limit=2&cursor=${page1.body.nextCursor}`).set(session.auth).expect(200);
    expect(page2.body.data).toHaveLength(2);
    expect(page2.body.nextCursor).toBeNull();
    const ids = [...page1.body.data, ...page2.body.data].map((d: { id: string }) => d.id);
    expect(new Set(ids).size).toBe(4);
    const rejected = await t.http.get(`${base}?state=rejected`).set(session.auth).expect(200);
    expect(rejected.body.data.map((d: { state: string }) => d.state)).toEqual(['rejected']);
    await t.http.get(`${base}?cursor=bogus`).set(session.auth).expect(400);
    const detail = await t.http.get(`${base}/${ids[3]}`).set(session.auth).expect(200);
    expect(detail.body).toMatchObject({ body: bodies[0], headers: { 'content-type': FORM, 'x-acuity-signature': expect.any(String) }, signature: 'valid', action: 'order.completed' });
    // A rejected delivery is not known to be authentic: no replay.
    await t.http.post(`${base}/${rejected.body.data[0].id}/replay`).set(session.auth).expect(409);
  });

  it('answers the same 404 for an unknown, a disabled and a deleted connection', async () => {
    const disabled = await connect();
    await t.http.post(`/api/v1/integrations/connections/${disabled.id}/disable`).set(session.auth).expect(200);
    const deleted = await connect();
    await t.http.delete(`/api/v1/integrations/connections/${deleted.id}`).set(session.auth).expect(204);
    const body = formBody('scheduled', 1);
    const answers = [];
    for (const c of [disabled, deleted, { id: '0b7d4a8e-5c1f-4f3e-9a2b-1c0d9e8f7a6b', apiKey: 'x' }, { id: 'not-a-uuid', apiKey: 'x' }]) {
      const res = await post(c.id, body, acuitySignature(c.apiKey, body)).expect(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const { requestId: _ignored, instance: _instance, ...rest } = res.body;
      answers.push(rest);
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toMatchObject({ status: 404, code: 'webhook_endpoint_not_found' });
    // Enabled again, it answers.
    await t.http.post(`/api/v1/integrations/connections/${disabled.id}/enable`).set(session.auth).expect(200);
    await post(disabled.id, body, null).expect(401);
  });

  it("never writes a delivery of workspace A's connection into workspace B", async () => {
    const other = await createTenantWithUser(t.app, 'owner', 'Other Studio');
    const otherSession = await signIn(t.http, other.email, other.password);
    const mine = await connect();
    const theirs = await connect(otherSession);
    const a = appointment();
    const res = await deliver(theirs, formBody('scheduled', a.id)).expect(200);
    await waitForDelivery(t.app, other.tenantId, res.body.deliveryId, ['processed']);
    expect(await leadsByRef(a.id)).toHaveLength(0);
    const inB = await tenantSql(t.app, other.tenantId, `select id from leads where source = 'acuity' and source_ref = $1`, [String(a.id)]);
    expect(inB).toHaveLength(1);
    // Signed with A's key for B's endpoint: refused.
    const body = formBody('scheduled', a.id);
    await post(theirs.id, body, acuitySignature(mine.apiKey, body)).expect(401);
    await t.http.get(`/api/v1/integrations/connections/${theirs.id}`).set(session.auth).expect(404);
    await t.http.get(`/api/v1/integrations/connections/${theirs.id}/deliveries/${res.body.deliveryId}`).set(session.auth).expect(404);
  });

  it('lets only integrations:manage holders manage connections', async () => {
    const manager = await addUser(t.app, owner.tenantId, owner.roleIds.manager, 'manager');
    const managerSession = await signIn(t.http, manager.email, manager.password);
    await t.http.get('/api/v1/integrations/connections').set(managerSession.auth).expect(403);
    const admin = await addUser(t.app, owner.tenantId, owner.roleIds.admin, 'admin');
    const adminSession = await signIn(t.http, admin.email, admin.password);
    await t.http.get('/api/v1/integrations/connections').set(adminSession.auth).expect(200);
  });
});
