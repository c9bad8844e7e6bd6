import { addUser, createTenantWithUser, signIn, uniqueEmail, type SignedIn, type TestUser } from './support/factories';
import { FakeTwilioMessaging } from './support/fake-twilio-messaging';
import { rememberSecret } from './support/log-capture';
import { tenantSql } from './support/tenant-sql';
import { createTestApp, type TestApp } from './support/test-app';

const PUBLIC_URL = 'https://leads.example.com';
const FROM = '+14155552671';

const waitUntil = async (probe: () => Promise<boolean>, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('SMS notifications through Twilio', () => {
  let twilio: FakeTwilioMessaging;
  let t: TestApp;
  let env: Record<string, string>;
  let owner: TestUser;
  let session: SignedIn;
  let account: { accountSid: string; authToken: string };
  let connectionId: string;
  let phones = 0;

  // A fresh valid mobile number per call (libphonenumber accepts the 07911 range).
  const nextPhone = () => `+4479111234${String(50 + phones++).padStart(2, '0')}`;
  const member = async (label: string): Promise<{ user: TestUser; auth: SignedIn['auth'] }> => {
    const user = await addUser(t.app, owner.tenantId, owner.roleIds.agent, label);
    return { user, auth: (await signIn(t.http, user.email, user.password)).auth };
  };
  const verifyNumber = async (auth: SignedIn['auth'], phone: string) => {
    await t.http.post('/api/v1/me/sms-number').set(auth).send({ phone }).expect(200);
    return (await t.http.post('/api/v1/me/sms-number/verify').set(auth).send({ code: twilio.lastCode(phone) }).expect(200)).body;
  };
  const optIn = (auth: SignedIn['auth'], on = true) =>
    t.http.put('/api/v1/notification-preferences').set(auth).send({ smsChoices: [{ kind: 'hot_lead', sms: on }] }).expect(200);
  const createLead = async (body: Record<string, unknown> = {}): Promise<string> =>
    (await t.http.post('/api/v1/leads').set(session.auth).send({ email: uniqueEmail('lead'), name: 'Grace Hopper', company: 'Navy', source: 'web_form', priority: 'urgent', ...body }).expect(201))
      .body.id as string;
  const smsRows = (leadId: string) =>
    tenantSql<{ recipient_id: string; status: string; last_error: string | null; attempts: number; next_attempt_at: Date }>(
      t.app,
      owner.tenantId,
      `SELECT n.recipient_id, d.status, d.last_error, d.attempts, d.next_attempt_at FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
       WHERE n.lead_id = $1 AND d.channel = 'sms'`,
      [leadId],
    );
  const rowOf = async (leadId: string, userId: string) => (await smsRows(leadId)).find((r) => r.recipient_id === userId);

  beforeAll(async () => {
    twilio = await new FakeTwilioMessaging().start();
    env = { RATE_LIMIT_DEFAULT: '100000', RATE_LIMIT_LOGIN: '1000', PUBLIC_URL, TWILIO_API_BASE_URL: twilio.baseUrl };
    t = await createTestApp({ env });
    owner = await createTenantWithUser(t.app, 'owner', 'Sms A');
    session = await signIn(t.http, owner.email, owner.password);
    account = twilio.addAccount();
    rememberSecret(account.authToken);
  });

  afterAll(async () => {
    await t.close();
    await twilio.close();
  });

  it('refuses a number while the workspace has no Twilio connection, then connects one without ever showing the token', async () => {
    const before = await t.http.get('/api/v1/me/sms-number').set(session.auth).expect(200);
    expect(before.body).toEqual({ smsAvailable: false, phone: null, verified: false, codeExpiresAt: null, invalidReason: null });
    const refused = await t.http.post('/api/v1/me/sms-number').set(session.auth).send({ phone: nextPhone() }).expect(409);
    expect(refused.body.code).toBe('sms_not_available');

    for (const config of [undefined, {}, { fromNumber: '4155552671' }, { fromNumber: FROM, extra: 1 }]) {
      const bad = await t.http.post('/api/v1/integrations/connections').set(session.auth).send({ provider: 'twilio', name: 'SMS', credentials: account, config }).expect(400);
      expect(bad.headers['content-type']).toContain('application/problem+json');
    }
    const wrong = await t.http.post('/api/v1/integrations/connections/test').set(session.auth).send({ provider: 'twilio', credentials: { ...account, authToken: 'x'.repeat(32) } }).expect(200);
    expect(wrong.body).toMatchObject({ ok: false });
    const created = await t.http.post('/api/v1/integrations/connections').set(session.auth).send({ provider: 'twilio', name: 'SMS', credentials: account, config: { fromNumber: FROM } }).expect(201);
    connectionId = created.body.id as string;
    expect(created.body).toMatchObject({ provider: 'twilio', config: { fromNumber: FROM }, status: 'active' });
    const listed = await t.http.get('/api/v1/integrations/connections').set(session.auth).expect(200);
    expect(JSON.stringify([created.body, listed.body])).not.toContain(account.authToken);
    const tested = await t.http.post(`/api/v1/integrations/connections/${connectionId}/test`).set(session.auth).expect(200);
    expect(tested.body).toEqual({ ok: true, message: 'Connected to Twilio (SMS)' });
    expect(twilio.requests).toContainEqual({ method: 'GET', path: `/2010-04-01/Accounts/${account.accountSid}.json` });
  });

  it('verifies a number with the code it texted, once, and refuses bad input', async () => {
    const { auth } = await member('smsverify');
    const phone = nextPhone();
    for (const body of [{}, { phone: 12 }, { phone: 'not a number' }, { phone: '+1' }, { phone, extra: true }]) {
      const res = await t.http.post('/api/v1/me/sms-number').set(auth).send(body);
      expect([res.status, res.body.code]).toEqual([400, 'validation_failed']);
    }
    const started = await t.http.post('/api/v1/me/sms-number').set(auth).send({ phone: phone.replace('+44', '+44 ') }).expect(200);
    expect(started.body).toMatchObject({ smsAvailable: true, phone, verified: false, invalidReason: null });
    expect(new Date(started.body.codeExpiresAt).getTime()).toBeGreaterThan(Date.now() + 9 * 60_000);
    const [text] = twilio.to(phone);
    expect(text).toMatchObject({ from: FROM, user: account.accountSid });
    expect(text.body).toMatch(/^Your Hot Leads code is \d{6}\. It expires in 10 minutes\.$/);
    // The code is stored as a hash only.
    const [stored] = await tenantSql<{ code_hash: string }>(t.app, owner.tenantId, `SELECT code_hash FROM notification_sms_numbers WHERE phone = $1`, [phone]);
    expect(stored.code_hash).not.toContain(twilio.lastCode(phone));

    // A second code within the minute is refused.
    const again = await t.http.post('/api/v1/me/sms-number').set(auth).send({ phone }).expect(429);
    expect([again.body.code, Number(again.headers['retry-after'])]).toEqual(['rate_limited', expect.any(Number)]);
    expect(twilio.to(phone)).toHaveLength(1);

    for (const code of ['12345', 'abcdef', 123456]) expect((await t.http.post('/api/v1/me/sms-number/verify').set(auth).send({ code })).status).toBe(400);
    const good = twilio.lastCode(phone);
    const wrongCode = good === '000000' ? '111111' : '000000';
    const wrong = await t.http.post('/api/v1/me/sms-number/verify').set(auth).send({ code: wrongCode }).expect(422);
    expect(wrong.body).toMatchObject({ code: 'wrong_verification_code', attemptsLeft: 4 });
    const ok = await t.http.post('/api/v1/me/sms-number/verify').set(auth).send({ code: good }).expect(200);
    expect(ok.body).toMatchObject({ phone, verified: true, codeExpiresAt: null });
    // The code was for one use.
    expect((await t.http.post('/api/v1/me/sms-number/verify').set(auth).send({ code: good }).expect(422)).body.code).toBe('verification_code_expired');

    await t.http.delete('/api/v1/me/sms-number').set(auth).expect(204);
    expect((await t.http.get('/api/v1/me/sms-number').set(auth).expect(200)).body).toMatchObject({ phone: null, verified: false });
  });

  it('refuses an expired code and a code tried five times', async () => {
    const late = await member('smslate');
    const latePhone = nextPhone();
    await t.http.post('/api/v1/me/sms-number').set(late.auth).send({ phone: latePhone }).expect(200);
    await tenantSql(t.app, owner.tenantId, `UPDATE notification_sms_numbers SET code_expires_at = now() - interval '1 second' WHERE user_id = $1`, [late.user.id]);
    const expired = await t.http.post('/api/v1/me/sms-number/verify').set(late.auth).send({ code: twilio.lastCode(latePhone) }).expect(422);
    expect(expired.body.code).toBe('verification_code_expired');

    const guesser = await member('smsguess');
    const phone = nextPhone();
    await t.http.post('/api/v1/me/sms-number').set(guesser.auth).send({ phone }).expect(200);
    const good = twilio.lastCode(phone);
    const wrongCode = good === '999999' ? '888888' : '999999';
    const left: number[] = [];
    for (let i = 0; i < 5; i++) left.push((await t.http.post('/api/v1/me/sms-number/verify').set(guesser.auth).send({ code: wrongCode }).expect(422)).body.attemptsLeft as number);
    expect(left).toEqual([4, 3, 2, 1, 0]);
    const exhausted = await t.http.post('/api/v1/me/sms-number/verify').set(guesser.auth).send({ code: good }).expect(409);
    expect(exhausted.body.code).toBe('verification_attempts_exhausted');
    expect((await t.http.get('/api/v1/me/sms-number').set(guesser.auth).expect(200)).body).toMatchObject({ verified: false, codeExpiresAt: null });
  });

  it('answers 422 when Twilio refuses the number a code goes to', async () => {
    const { auth } = await member('smsbadnumber');
    const phone = nextPhone();
    twilio.refuse(phone, 21211);
    const res = await t.http.post('/api/v1/me/sms-number').set(auth).send({ phone }).expect(422);
    expect(res.body.code).toBe('phone_number_refused');
    expect((await t.http.get('/api/v1/me/sms-number').set(auth).expect(200)).body).toMatchObject({ phone, verified: false, codeExpiresAt: null });
  });

  it('texts an urgent lead once to a verified user who opted in, and to nobody else', async () => {
    const wanted = await member('smswanted');
    const unverified = await member('smsunverified');
    const optedOut = await member('smsoptedout');
    const quiet = await member('smsquiet');
    const wantedPhone = nextPhone();
    const optedOutPhone = nextPhone();
    const quietPhone = nextPhone();
    await verifyNumber(wanted.auth, wantedPhone);
    await verifyNumber(optedOut.auth, optedOutPhone);
    await verifyNumber(quiet.auth, quietPhone);
    await t.http.post('/api/v1/me/sms-number').set(unverified.auth).send({ phone: nextPhone() }).expect(200);
    await optIn(wanted.auth);
    await optIn(unverified.auth);
    await optIn(quiet.auth);
    // SMS is off unless turned on; this one turned it on and off again.
    await optIn(optedOut.auth);
    const off = await optIn(optedOut.auth, false);
    expect(off.body.smsChoices).toEqual([{ kind: 'hot_lead', sms: false }, { kind: 'sla_breach', sms: false }]);
    const minute = new Date().getUTCHours() * 60 + new Date().getUTCMinutes();
    await t.http
      .put('/api/v1/notification-preferences')
      .set(quiet.auth)
      .send({ quietStart: (minute + 1440 - 60) % 1440, quietEnd: (minute + 120) % 1440, timeZone: 'UTC' })
      .expect(200);
    await t.http.put('/api/v1/notification-settings').set(session.auth).send({ onDutyUserIds: [wanted.user.id, unverified.user.id, optedOut.user.id, quiet.user.id] }).expect(200);

    const leadId = await createLead({ name: 'Ada Lovelace', company: 'Engines' });
    await waitUntil(async () => (await rowOf(leadId, wanted.user.id))?.status === 'sent' && (await rowOf(leadId, optedOut.user.id))?.status === 'skipped');
    expect(twilio.to(wantedPhone).slice(1).map((m) => m.body)).toEqual([`New hot lead: Ada Lovelace (Engines). Priority urgent. ${PUBLIC_URL}/leads/${leadId}`]);
    expect(await rowOf(leadId, optedOut.user.id)).toMatchObject({ last_error: 'turned off in the preferences' });
    // No row at all for an unverified number; quiet hours hold the text until they end.
    expect(await rowOf(leadId, unverified.user.id)).toBeUndefined();
    // Taken once by the sender and put back until the window ends (about two hours from now).
    const postponed = async () => {
      const row = await rowOf(leadId, quiet.user.id);
      return row !== undefined && new Date(row.next_attempt_at).getTime() > Date.now() + 60 * 60_000;
    };
    await waitUntil(postponed);
    expect(await rowOf(leadId, quiet.user.id)).toMatchObject({ status: 'pending', attempts: 1 });
    expect(twilio.to(optedOutPhone)).toHaveLength(1);
    expect(twilio.to(quietPhone)).toHaveLength(1);

    // The app shows how each channel went.
    const list = await t.http.get('/api/v1/notifications').set(wanted.auth).expect(200);
    const item = (list.body.data as Array<{ lead?: { id: string }; deliveries: unknown[] }>).find((n) => n.lead?.id === leadId);
    expect(item?.deliveries).toContainEqual({ channel: 'sms', status: 'sent', lastError: null });

    // Twilio's 429 with Retry-After is waited out and the text sent once.
    twilio.failNext({ status: 429, retryAfter: '1' });
    const second = await createLead({ name: 'Katherine Johnson', company: 'NASA' });
    await waitUntil(async () => (await rowOf(second, wanted.user.id))?.status === 'sent');
    // The first attempt met the 429; the second, a second later, went through.
    expect(await rowOf(second, wanted.user.id)).toMatchObject({ attempts: 2, last_error: null });
    expect(twilio.to(wantedPhone).filter((m) => m.body.includes(second))).toHaveLength(1);

    // Another process on the same database (a restart, a replica) finds the texts sent and sends nothing.
    const sentSoFar = twilio.messages.length;
    const replica = await createTestApp({ env, database: t.db });
    try {
      await sleep(3000);
    } finally {
      await replica.close();
    }
    expect(twilio.messages.length).toBe(sentSoFar);
    await t.http.put('/api/v1/notification-settings').set(session.auth).send({ onDutyUserIds: [owner.id] }).expect(200);
  });

  it('stops texting a number Twilio refuses, and tells its owner in the app', async () => {
    const { user, auth } = await member('smsrefused');
    const phone = nextPhone();
    await verifyNumber(auth, phone);
    await optIn(auth);
    twilio.refuse(phone, 21614);
    // A Slack channel for integration trouble must not hear of a person's number.
    const ops = await t.http
      .post('/api/v1/notification-settings/slack-channels')
      .set(session.auth)
      .send({ name: '#ops', url: 'https://hooks.slack.com/services/T000/B000/XXXXXXXX', kinds: ['integration_trouble'] })
      .expect(201);
    await t.http.put('/api/v1/notification-settings').set(session.auth).send({ onDutyUserIds: [user.id] }).expect(200);
    const leadId = await createLead();
    await waitUntil(async () => (await rowOf(leadId, user.id))?.status === 'failed');
    expect((await rowOf(leadId, user.id))?.last_error).toContain('21614');
    const mine = await t.http.get('/api/v1/me/sms-number').set(auth).expect(200);
    expect(mine.body).toMatchObject({ phone, verified: false, invalidReason: expect.stringContaining('21614') });
    const notices = await t.http.get('/api/v1/notifications').set(auth).expect(200);
    expect(notices.body.data).toContainEqual(expect.objectContaining({ kind: 'integration_trouble', title: 'Text messages to your number stopped' }));
    const posted = await tenantSql(
      t.app,
      owner.tenantId,
      `SELECT 1 FROM notification_slack_deliveries d JOIN notifications n ON n.id = d.notification_id WHERE n.data->>'reason' = 'sms_number_refused'`,
    );
    expect(posted).toEqual([]);
    await t.http.delete(`/api/v1/notification-settings/slack-channels/${ops.body.id as string}`).set(session.auth).expect(204);
    await t.http.put('/api/v1/notification-settings').set(session.auth).send({ onDutyUserIds: [owner.id] }).expect(200);
  });

  it('tells the people who may assign leads of an unassigned hot lead when the on-duty group is empty', async () => {
    const boss = await createTenantWithUser(t.app, 'owner', 'Sms B');
    const bossSession = await signIn(t.http, boss.email, boss.password);
    const manager = await addUser(t.app, boss.tenantId, boss.roleIds.manager, 'smsmanager');
    const agent = await addUser(t.app, boss.tenantId, boss.roleIds.agent, 'smsagent');
    const settings = await t.http.get('/api/v1/notification-settings').set(bossSession.auth).expect(200);
    expect(settings.body.onDutyUserIds).toEqual([]);
    const leadId = (await t.http.post('/api/v1/leads').set(bossSession.auth).send({ email: uniqueEmail('lead'), name: 'Hedy Lamarr', priority: 'urgent' }).expect(201)).body.id as string;
    const told = await tenantSql<{ recipient_id: string }>(t.app, boss.tenantId, `SELECT recipient_id FROM notifications WHERE lead_id = $1 AND kind = 'hot_lead'`, [leadId]);
    expect(told.map((r) => r.recipient_id).sort()).toEqual([boss.id, manager.id].sort());
    expect(told.map((r) => r.recipient_id)).not.toContain(agent.id);

    // With an on-duty group, only the group.
    await t.http.put('/api/v1/notification-settings').set(bossSession.auth).send({ onDutyUserIds: [agent.id] }).expect(200);
    const next = (await t.http.post('/api/v1/leads').set(bossSession.auth).send({ email: uniqueEmail('lead'), name: 'Mary Jackson', priority: 'urgent' }).expect(201)).body.id as string;
    const group = await tenantSql<{ recipient_id: string }>(t.app, boss.tenantId, `SELECT recipient_id FROM notifications WHERE lead_id = $1 AND kind = 'hot_lead'`, [next]);
    expect(group.map((r) => r.recipient_id)).toEqual([agent.id]);
  });
});
