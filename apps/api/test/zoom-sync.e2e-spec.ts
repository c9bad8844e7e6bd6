import { createHmac } from 'node:crypto';
import { SyncEngine, type SyncJobData } from '../src/modules/integrations/sync/sync-engine.service';
import { createTenantWithUser, signIn, type SignedIn, type TestUser } from './support/factories';
import { FakeZoom, type FakeZoomApp } from './support/fake-zoom';
import { rememberSecret } from './support/log-capture';
import { tenantSql } from './support/tenant-sql';
import { createTestApp, type TestApp } from './support/test-app';
import { deliveriesOf, waitForDelivery } from './support/webhooks';

interface RunRow {
  status: string;
  pages: number;
  fetched: number;
  created: number;
  updated: number;
  merged: number;
  unchanged: number;
  deleted: number;
  failed: number;
  error: string | null;
}

const DAY = 86_400_000;
// Computed here from Zoom's documentation, independently of our verifier.
const zmSign = (secret: string, timestamp: string, body: string) => `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;

describe('Sync engine with Zoom', () => {
  const zoom = new FakeZoom();
  let t: TestApp;
  let owner: TestUser;
  let session: SignedIn;

  beforeAll(async () => {
    await zoom.start();
    t = await createTestApp({ env: { RATE_LIMIT_LOGIN: '1000', ZOOM_OAUTH_URL: zoom.baseUrl, ZOOM_API_URL: `${zoom.baseUrl}/v2`, SYNC_RETRY_BASE_MS: '5', SYNC_MAX_ATTEMPTS: '3' } });
    owner = await createTenantWithUser(t.app, 'owner', 'Webinar Co');
    session = await signIn(t.http, owner.email, owner.password);
  }, 60_000);

  afterAll(async () => {
    await t.close();
    await zoom.close();
  });

  afterEach(() => {
    zoom.clear();
    zoom.afterRequest = null;
    zoom.pageSizeCap = 300;
  });

  const connect = async (extra: Record<string, string> = {}, app: FakeZoomApp = zoom.addApp(), as: SignedIn = session) => {
    rememberSecret(app.clientSecret, ...Object.values(extra));
    const res = await t.http
      .post('/api/v1/integrations/connections')
      .set(as.auth)
      .send({ provider: 'zoom', name: 'Zoom webinars', credentials: { ...app, ...extra } })
      .expect(201);
    await t.http.post(`/api/v1/integrations/connections/${res.body.id}/pause`).set(as.auth).expect(200);
    return { id: res.body.id as string, app, body: res.body };
  };
  const run = (connectionId: string, trigger: SyncJobData['trigger'] = 'manual', tenantId = owner.tenantId) => t.app.get(SyncEngine).run({ tenantId, connectionId, stream: 'registrants', trigger });
  const runRow = async (runId: string) =>
    (await tenantSql<RunRow>(t.app, owner.tenantId, `select status, pages, fetched, created, updated, merged, unchanged, deleted, failed, error from sync_runs where id = $1`, [runId]))[0];
  const leadsOf = (refs: string[], tenantId = owner.tenantId) =>
    tenantSql<{ id: string; email: string | null; name: string; subject: string | null; company: string | null; metadata: Record<string, Record<string, unknown>> }>(
      t.app,
      tenantId,
      `select id, email, name, subject, company, metadata from leads where source = 'zoom' and source_ref = any($1::text[]) order by source_ref`,
      [refs],
    );

  it('pulls every scheduled meeting\'s approved and pending registrants page by page, and an unchanged run writes nothing', async () => {
    const c = await connect();
    expect(c.body).toMatchObject({ provider: 'zoom', credentials: { accountId: expect.any(String), clientId: expect.any(String), clientSecret: `…${c.app.clientSecret.slice(-4)}` }, sync: { intervalMinutes: 5 } });
    expect(JSON.stringify(c.body)).not.toContain(c.app.clientSecret);
    zoom.pageSizeCap = 2;
    const webinar = zoom.addMeeting('Pricing webinar', 3 * DAY);
    const recent = zoom.addMeeting('Onboarding call', -DAY);
    const people = [
      zoom.addRegistrant(webinar.id, { custom_questions: [{ title: 'Team size', value: '50-200' }], job_title: 'Head of Sales' }),
      zoom.addRegistrant(webinar.id),
      zoom.addRegistrant(webinar.id, { status: 'pending' }),
      zoom.addRegistrant(webinar.id, { status: 'denied' }),
      zoom.addRegistrant(recent.id),
      zoom.addRegistrant(recent.id),
      zoom.addRegistrant(recent.id),
    ];
    const scrape = async (name: string, labels: string) => {
      const line = (await t.http.get('/metrics').expect(200)).text.split('\n').find((l) => l.startsWith(`${name}{${labels}} `));
      return line ? Number(line.split(' ').pop()) : 0;
    };
    const runsBefore = await scrape('hotleads_sync_runs_total', 'provider="zoom",outcome="succeeded"');
    const ingestedBefore = await scrape('hotleads_leads_ingested_total', 'channel="sync"');
    const first = await run(c.id);
    expect(first.status).toBe('succeeded');
    expect(await runRow(first.runId!)).toMatchObject({ status: 'succeeded', fetched: 6, created: 6, failed: 0, deleted: 0 });
    // The engine counts its runs and its leads under the `sync` intake channel.
    expect(await scrape('hotleads_sync_runs_total', 'provider="zoom",outcome="succeeded"')).toBe(runsBefore + 1);
    expect(await scrape('hotleads_leads_ingested_total', 'channel="sync"')).toBe(ingestedBefore + 6);
    // Paged: the webinar's two approved registrants fit one page of 2, the recent meeting's three need two.
    const registrantCalls = zoom.requests.filter((r) => r.path.endsWith('/registrants'));
    expect(registrantCalls.filter((r) => r.query.get('next_page_token')).length).toBeGreaterThanOrEqual(1);
    expect(new Set(registrantCalls.map((r) => r.query.get('status')))).toEqual(new Set(['approved', 'pending']));
    expect(zoom.requests.find((r) => r.path === '/users/me/meetings')?.query.get('type')).toBe('scheduled');

    const leads = await leadsOf(people.map((p) => p.id));
    expect(leads).toHaveLength(6);
    expect(leads.map((l) => l.email)).not.toContain(people[3].email);
    const [withAnswers] = await leadsOf([people[0].id]);
    expect(withAnswers).toMatchObject({
      email: people[0].email,
      name: 'Jill Chill',
      company: 'Chill Corp',
      subject: 'Pricing webinar',
      metadata: { zoom: { meetingId: String(webinar.id), topic: 'Pricing webinar', startTime: webinar.start_time, registrantId: people[0].id, status: 'approved', customQuestions: [{ title: 'Team size', value: '50-200' }] } },
    });

    const second = await run(c.id);
    expect(await runRow(second.runId!)).toMatchObject({ status: 'succeeded', fetched: 6, created: 0, updated: 0, merged: 0, unchanged: 6 });
    // One token for both runs: the shared cache, not a token per run.
    expect(zoom.tokenRequests).toBe(1);
    const events = await tenantSql<{ n: string }>(t.app, owner.tenantId, `select count(*) as n from lead_events e join leads l on l.id = e.lead_id where l.source = 'zoom' and l.source_ref = any($1::text[])`, [people.map((p) => p.id)]);
    expect(Number(events[0].n)).toBe(6);

    // A rescheduled meeting updates its registrants' leads.
    zoom.addMeeting('unused', DAY);
    webinar.start_time = new Date(Date.now() + 4 * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const third = await run(c.id);
    expect(await runRow(third.runId!)).toMatchObject({ status: 'succeeded', updated: 3, unchanged: 3 });
    expect((await leadsOf([people[1].id]))[0].metadata.zoom.startTime).toBe(webinar.start_time);
  });

  it('pulls webinars\' registrants too, and an account without the webinar plan is no failure', async () => {
    const c = await connect();
    const meeting = zoom.addMeeting('Demo call', DAY);
    const webinar = zoom.addWebinar('Quarterly product webinar', 2 * DAY);
    const attendee = zoom.addRegistrant(meeting.id);
    const [early, late] = [zoom.addRegistrant(webinar.id, { job_title: 'CFO' }), zoom.addRegistrant(webinar.id, { status: 'pending' })];

    const first = await run(c.id);
    expect(await runRow(first.runId!)).toMatchObject({ status: 'succeeded', fetched: 3, created: 3, failed: 0 });
    expect(zoom.requests.find((r) => r.path === '/users/me/webinars')?.query.get('type')).toBe('scheduled');
    expect(new Set(zoom.requests.filter((r) => r.path === `/webinars/${webinar.id}/registrants`).map((r) => r.query.get('status')))).toEqual(new Set(['approved', 'pending']));
    const [lead] = await leadsOf([early.id]);
    expect(lead).toMatchObject({ email: early.email, subject: 'Quarterly product webinar', metadata: { zoom: { kind: 'webinar', meetingId: String(webinar.id), topic: 'Quarterly product webinar', registrantId: early.id } } });
    expect((await leadsOf([attendee.id]))[0].metadata.zoom.kind).toBe('meeting');
    const records = await tenantSql<{ source_ref: string }>(t.app, owner.tenantId, `select source_ref from sync_records where connection_id = $1 order by source_ref`, [c.id]);
    expect(records.map((r) => r.source_ref)).toEqual([`${meeting.id}/${attendee.id}`, ...[`webinar:${webinar.id}/${early.id}`, `webinar:${webinar.id}/${late.id}`].sort()]);

    // Unchanged: nothing written. A registrant gone from the webinar: one lead event, the lead stays.
    zoom.removeRegistrant(webinar.id, late.id);
    const second = await run(c.id);
    expect(await runRow(second.runId!)).toMatchObject({ status: 'succeeded', created: 0, updated: 0, unchanged: 2, deleted: 1 });
    const [gone] = await leadsOf([late.id]);
    const events = await tenantSql<{ data: Record<string, unknown> }>(t.app, owner.tenantId, `select data from lead_events where lead_id = $1 and type = 'zoom.removed'`, [gone.id]);
    expect(events).toEqual([expect.objectContaining({ data: expect.objectContaining({ kind: 'webinar', meetingId: String(webinar.id), message: 'registration removed in Zoom' }) })]);

    // No webinar plan: Zoom answers the listing 400; meetings still sync, and no webinar registrant is called gone.
    zoom.webinarPlan = false;
    zoom.requests.length = 0;
    const third = await run(c.id);
    expect(await runRow(third.runId!)).toMatchObject({ status: 'succeeded', fetched: 1, unchanged: 1, deleted: 0, failed: 0, error: null });
    expect(zoom.requests.filter((r) => r.path === '/users/me/webinars')).toHaveLength(1);
    expect(zoom.requests.filter((r) => r.path.startsWith('/webinars/'))).toHaveLength(0);
    expect(await tenantSql(t.app, owner.tenantId, `select 1 from lead_events where lead_id = $1 and type = 'zoom.removed'`, [lead.id])).toHaveLength(0);
  });

  it('restarts a listing whose page token expired, without twins', async () => {
    const c = await connect();
    zoom.pageSizeCap = 2;
    const meeting = zoom.addMeeting('Long webinar', DAY);
    const people = Array.from({ length: 7 }, () => zoom.addRegistrant(meeting.id));
    let expired = false;
    zoom.afterRequest = (path) => {
      // After the first registrants page, every token handed out so far is older than 15 minutes.
      if (!expired && path.endsWith('/registrants')) {
        expired = true;
        zoom.expirePageTokens();
      }
    };
    const outcome = await run(c.id);
    expect(outcome.status).toBe('succeeded');
    const expiredAnswers = zoom.requests.filter((r) => r.path.endsWith('/registrants') && r.query.get('status') === 'approved' && !r.query.get('next_page_token'));
    expect(expiredAnswers.length).toBe(2);
    expect(await runRow(outcome.runId!)).toMatchObject({ status: 'succeeded', created: 7, failed: 0 });
    const counts = await tenantSql<{ source_ref: string; n: string }>(t.app, owner.tenantId, `select source_ref, count(*) as n from leads where source = 'zoom' and source_ref = any($1::text[]) group by source_ref`, [people.map((p) => p.id)]);
    expect(counts).toHaveLength(7);
    expect(counts.every((r) => r.n === '1')).toBe(true);
  });

  it('records a registrant with no email and no phone as failed, and the run goes on', async () => {
    const c = await connect();
    const meeting = zoom.addMeeting('Demo', DAY);
    const nobody = zoom.addRegistrant(meeting.id, { email: '', phone: '' });
    const somebody = zoom.addRegistrant(meeting.id, { email: '', phone: '+1 415 555 2671' });
    const outcome = await run(c.id);
    expect(await runRow(outcome.runId!)).toMatchObject({ status: 'succeeded', created: 1, failed: 1 });
    expect(await leadsOf([somebody.id])).toHaveLength(1);
    const failures = await t.http.get(`/api/v1/integrations/connections/${c.id}/runs/${outcome.runId}/failures`).set(session.auth).expect(200);
    expect(failures.body).toEqual([expect.objectContaining({ sourceRef: `${meeting.id}/${nobody.id}`, error: expect.stringContaining('email') })]);
  });

  it('turns a registrant gone from Zoom into a lead event and keeps the lead', async () => {
    const c = await connect();
    const meeting = zoom.addMeeting('Demo', DAY);
    const stays = zoom.addRegistrant(meeting.id);
    const leaves = zoom.addRegistrant(meeting.id);
    await run(c.id);
    zoom.removeRegistrant(meeting.id, leaves.id);
    const outcome = await run(c.id);
    expect(await runRow(outcome.runId!)).toMatchObject({ status: 'succeeded', deleted: 1, unchanged: 1 });
    const [lead] = await leadsOf([leaves.id]);
    expect(lead).toBeDefined();
    const events = await tenantSql<{ type: string; data: Record<string, unknown> }>(t.app, owner.tenantId, `select type, data from lead_events where lead_id = $1 and type = 'zoom.removed'`, [lead.id]);
    expect(events).toEqual([expect.objectContaining({ data: expect.objectContaining({ message: 'registration removed in Zoom', meetingId: String(meeting.id) }) })]);
    // Once only; and a meeting that vanished entirely calls nobody gone.
    zoom.clear();
    const again = await run(c.id);
    expect(await runRow(again.runId!)).toMatchObject({ status: 'succeeded', deleted: 0 });
    expect(await leadsOf([stays.id])).toHaveLength(1);
  });

  it('verifies webhooks with x-zm-signature, answers the URL validation at once, and stores new registrations', async () => {
    const secret = 'zoomSecretToken1234567';
    const c = await connect({ webhookSecretToken: secret });
    expect(c.body.credentials).toMatchObject({ webhookSecretToken: `…${secret.slice(-4)}` });
    const post = (body: string, headers: Record<string, string>) => t.http.post(`/api/v1/webhooks/${c.id}`).set('Content-Type', 'application/json').set(headers).send(body);
    const now = () => String(Math.floor(Date.now() / 1000));

    const validation = JSON.stringify({ payload: { plainToken: 'qgg8vlvZRS6UYooatFL8Aw' }, event_ts: Date.now(), event: 'endpoint.url_validation' });
    let ts = now();
    const started = Date.now();
    const answered = await post(validation, { 'x-zm-request-timestamp': ts, 'x-zm-signature': zmSign(secret, ts, validation) }).expect(200);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(answered.body).toEqual({ plainToken: 'qgg8vlvZRS6UYooatFL8Aw', encryptedToken: createHmac('sha256', secret).update('qgg8vlvZRS6UYooatFL8Aw').digest('hex') });
    // The validation is signed too: a wrong signature gets no token back.
    const forged = await post(validation, { 'x-zm-request-timestamp': ts, 'x-zm-signature': zmSign('another-secret-token', ts, validation) }).expect(401);
    expect(forged.headers['content-type']).toContain('application/problem+json');
    expect(forged.body).toMatchObject({ code: 'invalid_webhook_signature' });
    expect(JSON.stringify(forged.body)).not.toContain('encryptedToken');

    const registration = JSON.stringify({
      event: 'meeting.registration_created',
      event_ts: Date.now(),
      payload: {
        account_id: c.app.accountId,
        object: { id: 85746065123, uuid: 'aDYlohsHRtCd4ii1uC2+hA==', topic: 'Launch webinar', start_time: '2030-01-01T10:00:00Z', timezone: 'UTC', registrant: { id: 'hookRegistrant0001', first_name: 'Hook', last_name: 'Person', email: 'hook.person@registrant.example', status: 'approved', custom_questions: [{ title: 'Role', value: 'CTO' }] } },
      },
    });
    ts = now();
    const received = await post(registration, { 'x-zm-request-timestamp': ts, 'x-zm-signature': zmSign(secret, ts, registration) }).expect(200);
    expect(received.body).toMatchObject({ received: true, duplicate: false });
    const delivery = await waitForDelivery(t.app, owner.tenantId, received.body.deliveryId, ['processed', 'dead', 'failed']);
    expect(delivery.state).toBe('processed');
    const [lead] = await leadsOf(['hookRegistrant0001']);
    expect(lead).toMatchObject({ email: 'hook.person@registrant.example', metadata: { zoom: { topic: 'Launch webinar', customQuestions: [{ title: 'Role', value: 'CTO' }] } } });

    // Tampered body, stale timestamp, missing headers: refused and recorded as rejected.
    ts = now();
    await post(registration.replace('Hook', 'Evil'), { 'x-zm-request-timestamp': ts, 'x-zm-signature': zmSign(secret, ts, registration) }).expect(401);
    const old = String(Math.floor(Date.now() / 1000) - 600);
    const stale = await post(registration, { 'x-zm-request-timestamp': old, 'x-zm-signature': zmSign(secret, old, registration) }).expect(401);
    expect(stale.body.code).toBe('invalid_webhook_signature');
    await post(registration, {}).expect(401);
    const states = (await deliveriesOf(t.app, owner.tenantId, c.id)).map((d) => [d.state, d.signature]);
    expect(states).toEqual(expect.arrayContaining([['processed', 'valid'], ['rejected', 'invalid'], ['rejected', 'stale'], ['rejected', 'missing']]));

    // The poll reconciles the same registrant: merged into the webhook's lead, never a twin.
    const meeting = zoom.addMeeting('Launch webinar', DAY);
    zoom.addRegistrant(meeting.id, { id: 'hookRegistrant0001', email: 'hook.person@registrant.example', first_name: 'Hook', last_name: 'Person' });
    const polled = await run(c.id);
    expect(await runRow(polled.runId!)).toMatchObject({ status: 'succeeded', created: 0, failed: 0 });
    expect(await leadsOf(['hookRegistrant0001'])).toHaveLength(1);
  });

  it('refuses webhooks on a connection without a secret token, and signed bodies it cannot use', async () => {
    const c = await connect();
    const body = JSON.stringify({ event: 'meeting.registration_created', payload: {} });
    const ts = String(Math.floor(Date.now() / 1000));
    await t.http.post(`/api/v1/webhooks/${c.id}`).set('Content-Type', 'application/json').set({ 'x-zm-request-timestamp': ts, 'x-zm-signature': zmSign('whatever-secret', ts, body) }).send(body).expect(401);

    const secret = 'zoomSecretToken7654321';
    const s = await connect({ webhookSecretToken: secret });
    const signed = (raw: string) => {
      const at = String(Math.floor(Date.now() / 1000));
      return t.http.post(`/api/v1/webhooks/${s.id}`).set('Content-Type', 'application/json').set({ 'x-zm-request-timestamp': at, 'x-zm-signature': zmSign(secret, at, raw) }).send(raw);
    };
    for (const raw of ['not json', 'null', '[]', '{"event":42}', '{"event":"endpoint.url_validation","payload":{"plainToken":null}}', '{"event":"\u0000y"}']) {
      const res = await signed(raw);
      expect([200, 400]).toContain(res.status);
      if (res.status === 400) expect(res.body).toMatchObject({ code: 'invalid_webhook_payload' });
    }
    expect((await signed('not json')).status).toBe(400);
    // A registration without a registrant is acknowledged, then dead, never a 500 or a half lead.
    const empty = await signed(JSON.stringify({ event: 'meeting.registration_created', event_ts: 1, payload: { object: { id: 1 } } })).expect(200);
    const dead = await waitForDelivery(t.app, owner.tenantId, empty.body.deliveryId, ['dead', 'processed', 'failed']);
    expect(dead.state).toBe('dead');
    // Other events are acknowledged and store nothing.
    const other = await signed(JSON.stringify({ event: 'meeting.started', event_ts: 2, payload: { object: { id: 1 } } })).expect(200);
    expect((await waitForDelivery(t.app, owner.tenantId, other.body.deliveryId, ['dead', 'processed', 'failed'])).state).toBe('processed');
    const huge = await t.http.post(`/api/v1/webhooks/${s.id}`).set('Content-Type', 'application/json').send(`{"event":"${'x'.repeat(300 * 1024)}"}`);
    expect(huge.status).toBe(413);
  });

  it('refuses bad credentials with field errors, never a 500', async () => {
    const app = zoom.addApp();
    const bad: unknown[] = [
      null,
      'string',
      [],
      {},
      { ...app, accountId: null },
      { ...app, clientId: 12345678 },
      { ...app, clientSecret: 'short' },
      { ...app, clientSecret: `abc\u0000defghijk` },
      { ...app, clientSecret: 'x'.repeat(10_000) },
      { ...app, webhookSecretToken: { deep: { deeper: [1, 2, 3] } } },
      { ...app, refreshToken: 'not-a-zoom-field' },
    ];
    for (const credentials of bad) {
      const res = await t.http.post('/api/v1/integrations/connections').set(session.auth).send({ provider: 'zoom', name: 'Bad', credentials });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.code).toEqual(expect.any(String));
      expect(JSON.stringify(res.body)).not.toContain(app.clientSecret);
    }
  });

  it('puts refused credentials in needs_attention, where Sync now answers 409 until Test succeeds; a paused connection still syncs when asked', async () => {
    const app = zoom.addApp();
    const c = await connect({}, { ...app, clientSecret: 'wrong-secret-value-123' });
    const outcome = await run(c.id);
    expect(outcome).toMatchObject({ status: 'failed', error: expect.stringContaining('Zoom refused the app') });
    const conn = await t.http.get(`/api/v1/integrations/connections/${c.id}`).set(session.auth).expect(200);
    expect(conn.body).toMatchObject({ status: 'needs_attention', sync: { paused: true } });
    const refused = await t.http.post(`/api/v1/integrations/connections/${c.id}/sync`).set(session.auth).send({}).expect(409);
    expect(refused.body).toMatchObject({ code: 'connection_needs_attention' });
    // Fixed credentials: Test goes through the shared token cache and clears needs_attention.
    await t.http.patch(`/api/v1/integrations/connections/${c.id}`).set(session.auth).send({ credentials: app }).expect(200);
    zoom.tokenRequests = 0;
    const tested = await t.http.post(`/api/v1/integrations/connections/${c.id}/test`).set(session.auth).expect(200);
    expect(tested.body).toEqual({ ok: true, message: 'Connected to Zoom' });
    await t.http.post(`/api/v1/integrations/connections/${c.id}/test`).set(session.auth).expect(200);
    expect(zoom.tokenRequests).toBe(1);
    const meeting = zoom.addMeeting('After the fix', DAY);
    zoom.addRegistrant(meeting.id);
    // Still paused: Sync now runs it all the same, on the token Test got.
    const queued = await t.http.post(`/api/v1/integrations/connections/${c.id}/sync`).set(session.auth).send({}).expect(202);
    expect(queued.body).toEqual({ queued: 1 });
    const deadline = Date.now() + 20_000;
    let runs: Array<{ status: string; created: number }> = [];
    while (Date.now() < deadline) {
      runs = (await t.http.get(`/api/v1/integrations/connections/${c.id}/runs`).set(session.auth).expect(200)).body.data;
      if (runs.some((r) => r.status === 'succeeded')) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(runs.find((r) => r.status === 'succeeded')).toMatchObject({ created: 1 });
    expect(zoom.tokenRequests).toBe(1);
  });

  it('keeps tenants apart', async () => {
    const c = await connect();
    const meeting = zoom.addMeeting('Private', DAY);
    const person = zoom.addRegistrant(meeting.id);
    const first = await run(c.id);
    const other = await createTenantWithUser(t.app, 'owner', 'Other Co');
    const otherSession = await signIn(t.http, other.email, other.password);
    await t.http.get(`/api/v1/integrations/connections/${c.id}/runs`).set(otherSession.auth).expect(404);
    await t.http.get(`/api/v1/integrations/connections/${c.id}/runs/${first.runId}/failures`).set(otherSession.auth).expect(404);
    await t.http.post(`/api/v1/integrations/connections/${c.id}/sync`).set(otherSession.auth).send({}).expect(404);
    expect(await leadsOf([person.id], other.tenantId)).toEqual([]);
    expect(await tenantSql(t.app, other.tenantId, `select 1 from sync_runs where connection_id = $1`, [c.id])).toEqual([]);
    // A job naming the other workspace finds no such connection there.
    expect(await run(c.id, 'manual', other.tenantId)).toEqual({ runId: null, status: 'skipped' });
  });
});
