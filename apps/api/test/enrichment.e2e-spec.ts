import { EnrichmentFeed } from '../src/modules/enrichment/enrichment-feed';
import { createTenantWithUser, signIn, uniqueEmail, type SignedIn, type TestUser } from './support/factories';
import { FakeKickbox } from './support/fake-kickbox';
import { FakeTwilioLookup } from './support/fake-twilio-lookup';
import { rememberSecret } from './support/log-capture';
import { tenantSql } from './support/tenant-sql';
import { createTestApp, type TestApp } from './support/test-app';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read loosely here; the OpenAPI traffic check validates their shape
type Row = Record<string, any>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(150);
  }
}

let phoneSeq = 0;
// A fresh US number per call, so the workspace cache never answers one test with another's lookup.
const newPhone = () => `+1415555${String(1000 + ++phoneSeq).padStart(4, '0')}`;

describe('Lead enrichment (Twilio Lookup and Kickbox)', () => {
  const twilio = new FakeTwilioLookup();
  const kickbox = new FakeKickbox();
  let t: TestApp;
  let owner: TestUser;
  let session: SignedIn;
  let twilioConnection: string;
  let kickboxConnection: string;
  let twilioAccount: { accountSid: string; authToken: string };
  let kickboxKey: string;

  const sql = <T = Row>(text: string, params: unknown[] = [], tenantId = owner.tenantId) => tenantSql<T>(t.app, tenantId, text, params);
  const createLead = async (body: Row, auth = session.auth): Promise<Row> => (await t.http.post('/api/v1/leads').set(auth).send(body).expect(201)).body;
  const getLead = async (id: string): Promise<Row> => (await t.http.get(`/api/v1/leads/${id}`).set(session.auth).expect(200)).body;
  const enrichments = async (id: string): Promise<Row[]> => (await t.http.get(`/api/v1/leads/${id}/enrichments`).set(session.auth).expect(200)).body.items;
  const settle = (id: string, provider: string, count = 1) =>
    until(`${count} finished ${provider} lookups of ${id}`, async () => {
      const rows = (await enrichments(id)).filter((e) => e.provider === provider && e.status !== 'queued');
      return rows.length >= count ? rows : undefined;
    });
  const feed = () => t.app.get(EnrichmentFeed).tick();
  const setSettings = async (body: Row) => (await t.http.patch('/api/v1/enrichment/settings').set(session.auth).send(body).expect(200)).body;

  beforeAll(async () => {
    await twilio.start();
    await kickbox.start();
    t = await createTestApp({
      env: {
        RATE_LIMIT_LOGIN: '1000',
        TWILIO_LOOKUP_BASE_URL: twilio.baseUrl,
        KICKBOX_BASE_URL: kickbox.baseUrl,
        ENRICHMENT_RETRY_LIMIT: '2',
        ENRICHMENT_RETRY_DELAY_SECONDS: '1',
        PROVIDER_TIMEOUT_MS: '1500',
      },
    });
    owner = await createTenantWithUser(t.app, 'owner', 'Enrich Co');
    session = await signIn(t.http, owner.email, owner.password);
    twilioAccount = twilio.addAccount();
    kickboxKey = kickbox.addKey();
    rememberSecret(twilioAccount.authToken, kickboxKey);
    twilioConnection = (await t.http.post('/api/v1/integrations/connections').set(session.auth).send({ provider: 'twilio_lookup', name: 'Twilio', credentials: twilioAccount }).expect(201)).body.id;
    kickboxConnection = (await t.http.post('/api/v1/integrations/connections').set(session.auth).send({ provider: 'kickbox', name: 'Kickbox', credentials: { apiKey: kickboxKey } }).expect(201)).body.id;
  }, 90_000);

  afterAll(async () => {
    await t.close();
    await twilio.close();
    await kickbox.close();
  });

  afterEach(() => {
    twilio.reset();
    kickbox.reset();
  });

  it('tests both connections against the providers, and stores nothing secret in the clear', async () => {
    const tw = await t.http.post(`/api/v1/integrations/connections/${twilioConnection}/test`).set(session.auth).expect(200);
    expect(tw.body).toMatchObject({ ok: true });
    // The free validation: no line type package is bought by a test.
    expect(twilio.requests.at(-1)).toMatchObject({ fields: null, user: twilioAccount.accountSid });
    const kb = await t.http.post(`/api/v1/integrations/connections/${kickboxConnection}/test`).set(session.auth).expect(200);
    expect(kb.body).toMatchObject({ ok: true });
    const [stored] = await sql<{ credentials: string }>(`select credentials from integration_connections where id = $1`, [twilioConnection]);
    expect(stored.credentials).not.toContain(twilioAccount.authToken);
    const listed = await t.http.get(`/api/v1/integrations/connections/${kickboxConnection}`).set(session.auth).expect(200);
    expect(JSON.stringify(listed.body)).not.toContain(kickboxKey);
  });

  it('accepts an API key SID and secret for Twilio, and refuses malformed credentials with field errors', async () => {
    const key = twilio.addApiKey(twilioAccount.accountSid);
    const created = await t.http.post('/api/v1/integrations/connections').set(session.auth).send({ provider: 'twilio_lookup', name: 'Twilio key', credentials: key }).expect(201);
    const test = await t.http.post(`/api/v1/integrations/connections/${created.body.id}/test`).set(session.auth).expect(200);
    expect(test.body.ok).toBe(true);
    expect(twilio.requests.at(-1)?.user).toBe(key.apiKeySid);
    await t.http.delete(`/api/v1/integrations/connections/${created.body.id}`).set(session.auth).expect(204);

    const bad = await t.http.post('/api/v1/integrations/connections').set(session.auth).send({ provider: 'twilio_lookup', name: 'x', credentials: { accountSid: 'nope', authToken: 1 } }).expect(400);
    expect(bad.body.errors.map((e: Row) => e.field).sort()).toEqual(['credentials.accountSid', 'credentials.authToken']);
    const both = await t.http.post('/api/v1/integrations/connections').set(session.auth).send({ provider: 'twilio_lookup', name: 'x', credentials: { ...twilioAccount, apiKeySid: key.apiKeySid, apiKeySecret: key.apiKeySecret } }).expect(400);
    expect(both.body.code).toBe('validation_failed');
    const kb = await t.http.post('/api/v1/integrations/connections').set(session.auth).send({ provider: 'kickbox', name: 'x', credentials: { apiKey: 'a b', extra: 'y' } }).expect(400);
    expect(kb.body.errors.map((e: Row) => e.field).sort()).toEqual(['credentials.apiKey', 'credentials.extra']);
  });

  it('enriches a new lead automatically: line type, carrier and email verdict on the lead, an enriched event for each', async () => {
    const phone = newPhone();
    const email = uniqueEmail('lead');
    twilio.addNumber(phone, { lineType: 'mobile', carrier: 'T-Mobile USA, Inc.', nationalFormat: '(415) 555-0000' });
    kickbox.setVerdict(email, { result: 'risky', reason: 'low_deliverability', accept_all: true });
    const lead = await createLead({ name: 'Auto', email, phone });
    expect(lead).toMatchObject({ emailVerdict: null, phoneValid: null, phoneLineType: null });
    await feed();
    const [phoneRow] = await settle(lead.id, 'twilio_lookup');
    const [emailRow] = await settle(lead.id, 'kickbox');
    expect(phoneRow).toMatchObject({ status: 'succeeded', kind: 'phone', value: phone, cached: false, trigger: 'auto' });
    expect(phoneRow.summary).toMatchObject({ valid: true, lineType: 'mobile', carrier: 'T-Mobile USA, Inc.', countryCode: 'US' });
    expect(emailRow.summary).toMatchObject({ result: 'risky', reason: 'low_deliverability', acceptAll: true });
    expect(twilio.requests.find((r) => r.number === phone)?.fields).toBe('line_type_intelligence');
    expect(await getLead(lead.id)).toMatchObject({ emailVerdict: 'risky', phoneValid: true, phoneLineType: 'mobile' });
    const events = await sql<{ data: Row }>(`select data from lead_events where lead_id = $1 and type = 'enriched' order by created_at`, [lead.id]);
    expect(events.map((e) => e.data.kind).sort()).toEqual(['email', 'phone']);
    expect(events.find((e) => e.data.kind === 'phone')?.data).toMatchObject({ provider: 'twilio_lookup', lineType: 'mobile', cached: false });
    // A second pass of the feed queues nothing new.
    expect(await feed()).toBe(0);
  });

  it('records an invalid number (200 with valid:false) as a verdict, not an error', async () => {
    const lead = await createLead({ name: 'Bad number', phone: '+14155550199' });
    const [row] = await (async () => {
      await feed();
      return settle(lead.id, 'twilio_lookup');
    })();
    expect(row).toMatchObject({ status: 'succeeded' });
    expect(row.summary).toMatchObject({ valid: false, lineType: null, validationErrors: ['INVALID_BUT_POSSIBLE'] });
    expect(await getLead(lead.id)).toMatchObject({ phoneValid: false, phoneLineType: null });
  });

  it('records a 200 with success:false as a failed request, leaving the verdict unset', async () => {
    const email = uniqueEmail('sf');
    kickbox.failNext({ successFalse: 'Insufficient balance' });
    const lead = await createLead({ name: 'SF', email });
    await feed();
    const [row] = await settle(lead.id, 'kickbox');
    expect(row.status).toBe('failed');
    expect(row.reason).toContain('Insufficient balance');
    expect((await getLead(lead.id)).emailVerdict).toBeNull();
    expect(await sql(`select 1 from lead_events where lead_id = $1 and type = 'enriched'`, [lead.id])).toHaveLength(0);
  });

  it('retries a 429 and a 5xx with backoff and then succeeds, charging the budget once', async () => {
    const phone = newPhone();
    twilio.addNumber(phone, { lineType: 'landline', carrier: 'AT&T' });
    twilio.failNext({ status: 429 }, { status: 503 });
    const before = (await t.http.get('/api/v1/enrichment/settings').set(session.auth).expect(200)).body.providers.find((p: Row) => p.provider === 'twilio_lookup').usedToday;
    const lead = await createLead({ name: 'Retry', phone });
    await feed();
    const [row] = await settle(lead.id, 'twilio_lookup', 1);
    expect(row).toMatchObject({ status: 'succeeded', attempts: 3 });
    expect(twilio.lookupsOf(phone)).toBe(3);
    const after = (await t.http.get('/api/v1/enrichment/settings').set(session.auth).expect(200)).body.providers.find((p: Row) => p.provider === 'twilio_lookup').usedToday;
    expect(after - before).toBe(1);
  }, 30_000);

  it('records a lookup that keeps timing out as failed after the retries', async () => {
    const phone = newPhone();
    twilio.addNumber(phone, { lineType: 'mobile', carrier: 'X' });
    twilio.failNext({ stallMs: 2500 }, { stallMs: 2500 }, { stallMs: 2500 });
    const lead = await createLead({ name: 'Slow', phone });
    await feed();
    const [row] = await settle(lead.id, 'twilio_lookup', 1);
    expect(row.status).toBe('failed');
    expect(row.reason).toMatch(/did not answer within 1500 ms/);
    expect(row.attempts).toBe(3);
  }, 40_000);

  it('answers the same phone from the workspace cache, and force pays for it again', async () => {
    const phone = newPhone();
    twilio.addNumber(phone, { lineType: 'nonFixedVoip', carrier: 'Twilio' });
    const first = await createLead({ name: 'First', phone, email: uniqueEmail('c1') });
    await feed();
    await settle(first.id, 'twilio_lookup');
    // The first lead is archived, so a new lead may carry the same number.
    await t.http.patch(`/api/v1/leads/${first.id}`).set(session.auth).send({ status: 'archived' }).expect(200);
    const second = await createLead({ name: 'Second', phone, email: uniqueEmail('c2') });
    await feed();
    const [cached] = await settle(second.id, 'twilio_lookup');
    expect(cached).toMatchObject({ status: 'succeeded', cached: true });
    expect(cached.summary.lineType).toBe('nonFixedVoip');
    expect(twilio.lookupsOf(phone)).toBe(1);
    expect((await getLead(second.id)).phoneLineType).toBe('nonFixedVoip');

    const recheck = await t.http.post(`/api/v1/leads/${second.id}/enrich`).set(session.auth).send({ force: true }).expect(202);
    expect(recheck.body.queued.length).toBe(2);
    const rows = await settle(second.id, 'twilio_lookup', 2);
    expect(rows[0]).toMatchObject({ status: 'succeeded', cached: false, trigger: 'manual' });
    expect(twilio.lookupsOf(phone)).toBe(2);
  });

  it('re-enriches a lead whose phone changed', async () => {
    const a = newPhone();
    const b = newPhone();
    twilio.addNumber(a, { lineType: 'landline', carrier: 'Old' });
    twilio.addNumber(b, { lineType: 'mobile', carrier: 'New' });
    const lead = await createLead({ name: 'Mover', phone: a });
    await feed();
    await settle(lead.id, 'twilio_lookup');
    expect((await getLead(lead.id)).phoneLineType).toBe('landline');
    await t.http.patch(`/api/v1/leads/${lead.id}`).set(session.auth).send({ phone: b }).expect(200);
    await feed();
    const rows = await settle(lead.id, 'twilio_lookup', 2);
    expect(rows[0]).toMatchObject({ value: b, status: 'succeeded' });
    expect(await getLead(lead.id)).toMatchObject({ phoneValid: true, phoneLineType: 'mobile' });
  });

  it('moves the score in the transaction of the lookup when the answer changes the phone line type', async () => {
    const rule = (
      await t.http
        .post('/api/v1/settings/scoring-rules')
        .set(session.auth)
        .send({ name: 'Mobile and tagged', condition: { all: [{ field: 'phoneLineType', op: 'in', value: ['mobile'] }, { field: 'tags', op: 'hasAny', value: ['score-on-lookup'] }] }, points: 40 })
        .expect(201)
    ).body;
    try {
      // The rescoring the new rule queued is over before the lead exists: only the lookup can move its score.
      await until('the rescoring after the new rule', async () => {
        const scoring = (await t.http.get('/api/v1/settings/scoring').set(session.auth).expect(200)).body;
        return scoring.rescore.status === 'done';
      });
      const phone = newPhone();
      twilio.addNumber(phone, { lineType: 'mobile', carrier: 'Mobile Co' });
      const lead = await createLead({ name: 'Scored by lookup', phone, tags: ['score-on-lookup'] });
      const before = await getLead(lead.id);
      expect(before.scoreReasons.map((r: Row) => r.rule)).not.toContain('Mobile and tagged');
      await feed();
      await settle(lead.id, 'twilio_lookup');
      const after = await getLead(lead.id);
      expect(after.phoneLineType).toBe('mobile');
      expect(after.scoreReasons).toContainEqual({ rule: 'Mobile and tagged', points: 40 });
      expect(after.score).toBe(Math.min(100, after.scoreReasons.reduce((sum: number, r: Row) => sum + r.points, 0)));
      expect(after.score).toBeGreaterThan(before.score);
      // A score-only write: the lookup's own update moved the version, the rescoring did not move it again.
      const [{ version }] = await sql<{ version: number }>(`select version from leads where id = $1`, [lead.id]);
      expect(version).toBe(before.version + 1);
    } finally {
      await t.http.delete(`/api/v1/settings/scoring-rules/${rule.id}`).set(session.auth).expect(204);
    }
  });

  it('skips lookups beyond the daily budget with the reason, and shows the usage', async () => {
    const settings = (await t.http.get('/api/v1/enrichment/settings').set(session.auth).expect(200)).body;
    const used = settings.providers.find((p: Row) => p.provider === 'kickbox').usedToday;
    await setSettings({ providers: { kickbox: { dailyBudget: used + 1 } } });
    const one = await createLead({ name: 'B1', email: uniqueEmail('b1') });
    const two = await createLead({ name: 'B2', email: uniqueEmail('b2') });
    await feed();
    const outcomes = [(await settle(one.id, 'kickbox'))[0], (await settle(two.id, 'kickbox'))[0]];
    expect(outcomes.map((o) => o.status).sort()).toEqual(['skipped', 'succeeded']);
    expect(outcomes.find((o) => o.status === 'skipped')?.reason).toBe('daily_budget_reached');
    const after = (await t.http.get('/api/v1/enrichment/settings').set(session.auth).expect(200)).body.providers.find((p: Row) => p.provider === 'kickbox');
    expect(after).toMatchObject({ usedToday: used + 1, dailyBudget: used + 1 });
    expect(after.skippedToday).toBeGreaterThanOrEqual(1);
    await setSettings({ providers: { kickbox: { dailyBudget: 500 } } });
  });

  it('runs nothing automatically on demand-only workspaces, but enriches on request', async () => {
    await setSettings({ mode: 'on_demand' });
    const phone = newPhone();
    twilio.addNumber(phone, { lineType: 'tollFree', carrier: 'Z' });
    const lead = await createLead({ name: 'Quiet', phone });
    expect(await feed()).toBe(0);
    expect(await enrichments(lead.id)).toEqual([]);
    const queued = await t.http.post(`/api/v1/leads/${lead.id}/enrich`).set(session.auth).send({}).expect(202);
    expect(queued.body.skipped).toEqual([{ provider: 'kickbox', reason: 'no_value' }]);
    await settle(lead.id, 'twilio_lookup');
    expect((await getLead(lead.id)).phoneLineType).toBe('tollFree');
    await setSettings({ mode: 'auto' });
  });

  it('filters the lead list by email verdict and line type', async () => {
    const email = uniqueEmail('undeliv');
    kickbox.setVerdict(email, { result: 'undeliverable', reason: 'rejected_email' });
    const lead = await createLead({ name: 'Filter', email });
    await feed();
    await settle(lead.id, 'kickbox');
    const undeliverable = (await t.http.get('/api/v1/leads').query({ emailVerdict: 'undeliverable' }).set(session.auth).expect(200)).body.data;
    expect(undeliverable.map((l: Row) => l.id)).toEqual([lead.id]);
    const mobiles = (await t.http.get('/api/v1/leads').query({ phoneLineType: 'mobile' }).set(session.auth).expect(200)).body.data;
    expect(mobiles.length).toBeGreaterThan(0);
    expect(mobiles.every((l: Row) => l.phoneLineType === 'mobile')).toBe(true);
    const bad = await t.http.get('/api/v1/leads').query({ emailVerdict: 'great' }).set(session.auth).expect(400);
    expect(bad.body.code).toBe('validation_failed');
  });

  it('bulk-enriches by filter with progress to poll', async () => {
    await setSettings({ mode: 'on_demand' });
    const tag = `bulk${Date.now()}`;
    const leads = [];
    for (let i = 0; i < 3; i++) leads.push(await createLead({ name: `Bulk ${i}`, email: uniqueEmail('bulk'), tags: [tag] }));
    const run = await t.http.post('/api/v1/leads/bulk-enrich').set(session.auth).send({ filter: { tag: [tag] } }).expect(202);
    expect(run.body).toMatchObject({ leads: 3, queued: 3 });
    const done = await until('the bulk run', async () => {
      const progress = (await t.http.get(`/api/v1/leads/bulk-enrich/${run.body.id}`).set(session.auth).expect(200)).body;
      return progress.done ? progress : undefined;
    });
    expect(done).toMatchObject({ pending: 0, succeeded: 3 });
    await t.http.post('/api/v1/leads/bulk-enrich').set(session.auth).send({ ids: [leads[0].id], filter: { tag: [tag] } }).expect(400);
    await setSettings({ mode: 'auto' });
  });

  it('puts the connection in needs_attention on a 401 and skips further lookups until it is fixed', async () => {
    twilio.revoke(twilioAccount.accountSid);
    const phone = newPhone();
    const lead = await createLead({ name: 'Revoked', phone });
    await feed();
    const [row] = await settle(lead.id, 'twilio_lookup');
    expect(row.status).toBe('failed');
    expect(row.reason).toMatch(/refused the credentials \(401\)/);
    const connection = (await t.http.get(`/api/v1/integrations/connections/${twilioConnection}`).set(session.auth).expect(200)).body;
    expect(connection.status).toBe('needs_attention');
    const again = await t.http.post(`/api/v1/leads/${lead.id}/enrich`).set(session.auth).send({ force: true }).expect(202);
    expect(again.body.queued.length).toBe(1);
    const rows = await settle(lead.id, 'twilio_lookup', 2);
    expect(rows[0]).toMatchObject({ status: 'skipped', reason: 'connection_needs_attention' });
    // New credentials are the fix.
    twilioAccount = twilio.addAccount();
    rememberSecret(twilioAccount.authToken);
    await t.http.patch(`/api/v1/integrations/connections/${twilioConnection}`).set(session.auth).send({ credentials: twilioAccount }).expect(200);
  });

  it('keeps workspaces apart: lookups, settings and the cache', async () => {
    const other = await createTenantWithUser(t.app, 'owner', 'Other Co');
    const otherSession = await signIn(t.http, other.email, other.password);
    const otherLead = (await t.http.post('/api/v1/leads').set(otherSession.auth).send({ name: 'Theirs', email: uniqueEmail('o') }).expect(201)).body;
    // Not connected: nothing runs for them, and they cannot see or enrich our leads.
    expect(await feed()).toBeGreaterThanOrEqual(0);
    expect(await sql(`select 1 from lead_enrichments where lead_id = $1`, [otherLead.id], other.tenantId)).toHaveLength(0);
    const ours = await createLead({ name: 'Ours', email: uniqueEmail('ours') });
    await t.http.get(`/api/v1/leads/${ours.id}/enrichments`).set(otherSession.auth).expect(404);
    await t.http.post(`/api/v1/leads/${ours.id}/enrich`).set(otherSession.auth).send({}).expect(404);
    const theirSettings = (await t.http.get('/api/v1/enrichment/settings').set(otherSession.auth).expect(200)).body;
    expect(theirSettings.providers.every((p: Row) => p.connection === undefined && p.usedToday === 0)).toBe(true);
    // Row-level security: their transaction sees none of our lookups or usage.
    expect(await sql(`select 1 from lead_enrichments`, [], other.tenantId)).toHaveLength(0);
    expect(await sql(`select 1 from enrichment_usage`, [], other.tenantId)).toHaveLength(0);
    expect(await sql(`select 1 from enrichment_settings`, [], other.tenantId)).toHaveLength(0);
  });

  it('answers bad input with problem+json and stable codes', async () => {
    const lead = await createLead({ name: 'Fuzz', email: uniqueEmail('fz') });
    const cases: Array<[string, string, unknown]> = [
      ['post', `/api/v1/leads/${lead.id}/enrich`, { force: 'yes' }],
      ['post', `/api/v1/leads/${lead.id}/enrich`, { force: null }],
      ['post', `/api/v1/leads/${lead.id}/enrich`, { force: true, extra: 1 }],
      ['post', '/api/v1/leads/bulk-enrich', {}],
      ['post', '/api/v1/leads/bulk-enrich', { ids: ['not-a-uuid'] }],
      ['post', '/api/v1/leads/bulk-enrich', { ids: null }],
      ['post', '/api/v1/leads/bulk-enrich', { filter: { emailVerdict: ['nope'] } }],
      ['post', '/api/v1/leads/bulk-enrich', { filter: { q: 'a\u0000b' } }],
      ['patch', '/api/v1/enrichment/settings', { mode: 'sometimes' }],
      ['patch', '/api/v1/enrichment/settings', { providers: { kickbox: { dailyBudget: -1 } } }],
      ['patch', '/api/v1/enrichment/settings', { providers: { kickbox: { dailyBudget: 1.5 } } }],
      ['patch', '/api/v1/enrichment/settings', { providers: { courts: { enabled: true } } }],
      ['patch', '/api/v1/enrichment/settings', { providers: null }],
      ['patch', '/api/v1/enrichment/settings', { mode: { $ne: 1 } }],
    ];
    for (const [method, url, body] of cases) {
      const res = await (method === 'post' ? t.http.post(url) : t.http.patch(url)).set(session.auth).send(body as object);
      expect([400, 422]).toContain(res.status);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(typeof res.body.code).toBe('string');
    }
    const deep: Row = {};
    let cursor = deep;
    for (let i = 0; i < 200; i++) cursor = cursor.filter = {};
    const deepRes = await t.http.post('/api/v1/leads/bulk-enrich').set(session.auth).send(deep);
    expect(deepRes.status).toBeGreaterThanOrEqual(400);
    expect(deepRes.status).toBeLessThan(500);
    const huge = await t.http.post(`/api/v1/leads/${lead.id}/enrich`).set(session.auth).send({ force: 'x'.repeat(2_000_000) });
    expect([400, 413]).toContain(huge.status);
    await t.http.post('/api/v1/leads/not-an-id/enrich').set(session.auth).send({}).expect(400);
    const missing = await t.http.post('/api/v1/leads/00000000-0000-4000-8000-000000000000/enrich').set(session.auth).send({}).expect(404);
    expect(missing.body.code).toBe('lead_not_found');
    await t.http.get('/api/v1/leads/bulk-enrich/00000000-0000-4000-8000-000000000000').set(session.auth).expect(404);
  });
});
