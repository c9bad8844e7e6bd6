import { addUser, createTenantWithUser, signIn, uniqueEmail, type SignedIn, type TestUser } from './support/factories';
import { FakeWebhookReceiver } from './support/fake-webhook-receiver';
import { rememberSecret } from './support/log-capture';
import { tenantSql } from './support/tenant-sql';
import { createTestApp, type TestApp } from './support/test-app';

const PUBLIC_URL = 'https://leads.example.com';
const ENV = { RATE_LIMIT_DEFAULT: '100000', RATE_LIMIT_LOGIN: '1000', PUBLIC_URL, WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true' };

interface SlackChannel {
  id: string;
  name: string;
  kinds: string[];
  enabled: boolean;
  urlHost: string;
  disabledReason: string | null;
  lastSentAt: string | null;
  lastFailedAt: string | null;
  lastError: string | null;
  pending: number;
  failed: number;
}

const waitUntil = async (probe: () => Promise<boolean>, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('notification preferences and Slack', () => {
  let slack: FakeWebhookReceiver;
  let t: TestApp;
  let owner: TestUser;
  let session: SignedIn;
  let agent: TestUser & { roleId: string };
  let agentSession: SignedIn;
  let other: TestUser;
  let otherSession: SignedIn;

  const createLead = async (body: Record<string, unknown> = {}): Promise<string> =>
    (await t.http.post('/api/v1/leads').set(session.auth).send({ email: uniqueEmail('lead'), name: 'Grace Hopper', company: 'Navy', source: 'web_form', priority: 'urgent', ...body }).expect(201))
      .body.id as string;
  const addChannel = async (path: string, kinds: string[], name = '#sales'): Promise<SlackChannel> =>
    (await t.http.post('/api/v1/notification-settings/slack-channels').set(session.auth).send({ name, url: `${slack.url}${path}`, kinds }).expect(201)).body as SlackChannel;
  const channels = async (): Promise<SlackChannel[]> => (await t.http.get('/api/v1/notification-settings/slack-channels').set(session.auth).expect(200)).body as SlackChannel[];
  const channel = async (id: string): Promise<SlackChannel> => (await channels()).find((c) => c.id === id)!;

  beforeAll(async () => {
    slack = await new FakeWebhookReceiver().start();
    t = await createTestApp({ env: ENV });
    owner = await createTenantWithUser(t.app, 'owner', 'Slack A');
    session = await signIn(t.http, owner.email, owner.password);
    agent = await addUser(t.app, owner.tenantId, owner.roleIds.agent, 'slackagent');
    agentSession = await signIn(t.http, agent.email, agent.password);
    other = await createTenantWithUser(t.app, 'owner', 'Slack B');
    otherSession = await signIn(t.http, other.email, other.password);
    await t.http.put('/api/v1/notification-settings').set(session.auth).send({ onDutyUserIds: [agent.id, owner.id] }).expect(200);
  });

  afterAll(async () => {
    await t.close();
    await slack.stop();
  });

  it('keeps a user\'s own choices over the workspace defaults, and the email sender follows them', async () => {
    const initial = (await t.http.get('/api/v1/notification-preferences').set(agentSession.auth).expect(200)).body;
    expect(initial).toMatchObject({ emailMode: 'instant', quietStart: null, quietEnd: null, timeZone: 'UTC', ownChoices: [] });
    expect(initial.choices).toContainEqual({ kind: 'hot_lead', email: true });

    // An admin turns mention emails off by default; the agent turns hot-lead emails off for themselves.
    const settings = await t.http.put('/api/v1/notification-settings').set(session.auth).send({ defaults: [{ kind: 'mention', email: false }] }).expect(200);
    expect(settings.body.defaults).toContainEqual({ kind: 'mention', email: false });
    const mine = await t.http
      .put('/api/v1/notification-preferences')
      .set(agentSession.auth)
      .send({ choices: [{ kind: 'hot_lead', email: false }], emailMode: 'digest', quietStart: 22 * 60, quietEnd: 7 * 60, timeZone: 'Europe/Berlin' })
      .expect(200);
    expect(mine.body).toMatchObject({ emailMode: 'digest', quietStart: 1320, quietEnd: 420, timeZone: 'Europe/Berlin', ownChoices: ['hot_lead'] });
    expect(mine.body.choices).toEqual(expect.arrayContaining([{ kind: 'hot_lead', email: false }, { kind: 'mention', email: false }, { kind: 'lead_assigned', email: true }]));
    // Another user is untouched, and sees the workspace default.
    const owners = (await t.http.get('/api/v1/notification-preferences').set(session.auth).expect(200)).body;
    expect(owners.choices).toEqual(expect.arrayContaining([{ kind: 'hot_lead', email: true }, { kind: 'mention', email: false }]));
    // Back to the default, and quiet hours off.
    const reset = await t.http.put('/api/v1/notification-preferences').set(agentSession.auth).send({ resetKinds: ['hot_lead'], quietStart: null, quietEnd: null, emailMode: 'instant' }).expect(200);
    expect(reset.body).toMatchObject({ ownChoices: [], quietStart: null, quietEnd: null });

    // The email outbox skips a kind the user turned off.
    await t.http.put('/api/v1/notification-preferences').set(agentSession.auth).send({ choices: [{ kind: 'hot_lead', email: false }] }).expect(200);
    const leadId = await createLead();
    const outbox = (userId: string) =>
      tenantSql<{ status: string; last_error: string | null }>(
        t.app,
        owner.tenantId,
        `SELECT d.status, d.last_error FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id WHERE n.lead_id = $1 AND n.recipient_id = $2`,
        [leadId, userId],
      );
    await waitUntil(async () => (await outbox(agent.id))[0]?.status === 'skipped' && (await outbox(owner.id))[0]?.status === 'skipped');
    // No SMTP server here: the owner's email got as far as sending; the agent's stopped at the preference.
    expect(await outbox(agent.id)).toEqual([{ status: 'skipped', last_error: 'turned off in the preferences' }]);
    expect(await outbox(owner.id)).toEqual([{ status: 'skipped', last_error: 'SMTP_URL is not set' }]);
  });

  it('refuses bad preference and settings bodies with problem+json', async () => {
    const bad: unknown[] = [
      { quietStart: 60 },
      { quietStart: 60, quietEnd: 60 },
      { quietStart: 1440, quietEnd: 0 },
      { quietStart: '60', quietEnd: 120 },
      { timeZone: 'Mars/Olympus' },
      { timeZone: null },
      { emailMode: 'weekly' },
      { choices: null },
      { choices: [{ kind: 'nope', email: true }] },
      { choices: [{ kind: 'hot_lead', email: 'yes' }] },
      { choices: 'hot_lead' },
      { resetKinds: ['x\u0000'] },
      { choices: Array.from({ length: 50 }, () => ({ kind: 'hot_lead', email: true })) },
    ];
    for (const body of bad) {
      const res = await t.http.put('/api/v1/notification-preferences').set(agentSession.auth).send(body as object);
      expect([res.status, res.headers['content-type']]).toEqual([400, expect.stringContaining('application/problem+json')]);
    }
    expect((await t.http.put('/api/v1/notification-preferences').set(agentSession.auth).send({ quietStart: 60 })).body.code).toBe('invalid_quiet_hours');
    for (const body of [{ defaults: [{ kind: 'hot_lead' }] }, { defaults: null }, { defaults: [{ kind: 'hot_lead', email: true, extra: 1 }] }]) {
      expect((await t.http.put('/api/v1/notification-settings').set(session.auth).send(body)).status).toBe(400);
    }
    // Agents may keep their own preferences but not set the workspace's.
    expect((await t.http.put('/api/v1/notification-settings').set(agentSession.auth).send({ defaults: [] })).status).toBe(403);
  });

  it('posts a hot lead once to the Slack channel that takes hot leads, with its facts and a link, and keeps the URL secret', async () => {
    {
      // The global teardown fails the run if the URL shows up in any log line.
      rememberSecret(`${slack.url}/sales`);
      const sales = await addChannel('/sales', ['hot_lead', 'sla_breach']);
      const ops = await addChannel('/ops', ['integration_trouble'], '#ops');
      expect(sales).toMatchObject({ name: '#sales', kinds: ['hot_lead', 'sla_breach'], enabled: true, urlHost: new URL(slack.url).host, pending: 0, failed: 0 });
      expect(JSON.stringify(sales)).not.toContain('/sales');
      expect(JSON.stringify(await channels())).not.toContain('/sales');

      const leadId = await createLead({ name: 'Ada Lovelace', company: 'Engines', score: undefined });
      const [post] = await slack.waitFor('/sales', 1);
      expect(post.headers['content-type']).toBe('application/json');
      const body = JSON.parse(post.body) as { text: string; blocks: unknown[] };
      // Two people are on duty, but the channel hears of the lead once.
      expect(body.text).toContain('*New hot lead: Ada Lovelace (Engines)*');
      expect(body.text).toContain('Name: Ada Lovelace · Company: Engines · Source: web_form · Priority: urgent');
      expect(body.text).toContain(`<${PUBLIC_URL}/leads/${leadId}|Open the lead>`);
      await waitUntil(async () => (await channel(sales.id)).lastSentAt !== null);
      await new Promise((r) => setTimeout(r, 1500));
      expect(slack.at('/sales')).toHaveLength(1);
      expect(slack.at('/ops')).toHaveLength(0);
      const rows = await tenantSql<{ status: string; attempts: number }>(t.app, owner.tenantId, `SELECT status, attempts FROM notification_slack_deliveries WHERE slack_channel_id = $1`, [sales.id]);
      expect(rows).toEqual([{ status: 'sent', attempts: 1 }]);
      // A lead that is not hot is not posted.
      await createLead({ priority: 'low' });
      await new Promise((r) => setTimeout(r, 1500));
      expect(slack.at('/sales')).toHaveLength(1);

      // The other workspace sees none of it.
      expect((await t.http.get('/api/v1/notification-settings/slack-channels').set(otherSession.auth).expect(200)).body).toEqual([]);
      expect((await t.http.patch(`/api/v1/notification-settings/slack-channels/${sales.id}`).set(otherSession.auth).send({ name: 'x' })).status).toBe(404);
      expect((await t.http.delete(`/api/v1/notification-settings/slack-channels/${ops.id}`).set(otherSession.auth)).status).toBe(404);
      // The URL never reaches the audit log, and is stored sealed.
      const audit = await tenantSql<{ metadata: unknown }>(t.app, owner.tenantId, `SELECT metadata FROM audit_logs WHERE resource_id = $1`, [sales.id]);
      expect(audit.length).toBeGreaterThan(0);
      expect(JSON.stringify(audit)).not.toContain('/sales');
      const stored = await tenantSql<{ url: string }>(t.app, owner.tenantId, `SELECT url FROM notification_slack_channels WHERE id = $1`, [sales.id]);
      expect(stored[0].url).not.toContain('sales');
      await t.http.delete(`/api/v1/notification-settings/slack-channels/${sales.id}`).set(session.auth).expect(204);
      await t.http.delete(`/api/v1/notification-settings/slack-channels/${ops.id}`).set(session.auth).expect(204);
    }
  });

  it('waits out a 429 for its Retry-After and posts once', async () => {
    slack.script('/limited', { status: 429, headers: { 'retry-after': '2' }, body: 'rate_limited' });
    const limited = await addChannel('/limited', ['hot_lead']);
    await createLead();
    const [first, second] = await slack.waitFor('/limited', 2, 15_000);
    expect(second.at - first.at).toBeGreaterThanOrEqual(1900);
    expect(second.body).toBe(first.body);
    await waitUntil(async () => (await channel(limited.id)).lastSentAt !== null);
    const state = await channel(limited.id);
    expect(state).toMatchObject({ enabled: true, pending: 0, failed: 0, lastError: 'Slack answered 429: rate_limited' });
    await new Promise((r) => setTimeout(r, 1200));
    expect(slack.at('/limited')).toHaveLength(2);
    await t.http.delete(`/api/v1/notification-settings/slack-channels/${limited.id}`).set(session.auth).expect(204);
  });

  it('turns a channel off when Slack says the webhook is gone, and tells the admins (and the trouble channel)', async () => {
    slack.script('/gone', { status: 404, body: 'no_service' });
    const gone = await addChannel('/gone', ['hot_lead']);
    const ops = await addChannel('/ops2', ['integration_trouble'], '#ops');
    await createLead();
    await slack.waitFor('/gone', 1);
    await waitUntil(async () => !(await channel(gone.id)).enabled);
    const state = await channel(gone.id);
    expect(state).toMatchObject({ enabled: false, failed: 1, pending: 0, disabledReason: 'Slack answered 404: the incoming webhook no longer exists', lastError: 'Slack answered 404: no_service' });
    // The owner (an admin) is told in the app; the agent is not.
    const page = (await t.http.get('/api/v1/notifications').set(session.auth).expect(200)).body as { data: Array<{ kind: string; title: string; body: string | null }> };
    expect(page.data.find((n) => n.title === 'Slack channel "#sales" was turned off')).toMatchObject({ kind: 'integration_trouble' });
    const agents = (await t.http.get('/api/v1/notifications').set(agentSession.auth).expect(200)).body as { data: Array<{ title: string }> };
    expect(agents.data.some((n) => n.title.startsWith('Slack channel'))).toBe(false);
    const [trouble] = await slack.waitFor('/ops2', 1);
    expect((JSON.parse(trouble.body) as { text: string }).text).toContain('Slack channel "#sales" was turned off');
    // Nothing more goes to the channel that is off; turning it on again clears the reason.
    await createLead();
    await new Promise((r) => setTimeout(r, 1500));
    expect(slack.at('/gone')).toHaveLength(1);
    const on = await t.http.patch(`/api/v1/notification-settings/slack-channels/${gone.id}`).set(session.auth).send({ enabled: true }).expect(200);
    expect(on.body).toMatchObject({ enabled: true, disabledReason: null });
    await t.http.delete(`/api/v1/notification-settings/slack-channels/${gone.id}`).set(session.auth).expect(204);
    await t.http.delete(`/api/v1/notification-settings/slack-channels/${ops.id}`).set(session.auth).expect(204);
  });

  it('validates Slack channels, and refuses non-Slack URLs unless private networks are allowed', async () => {
    for (const body of [
      {},
      { name: '#x', url: `${slack.url}/x`, kinds: [] },
      { name: '#x', url: `${slack.url}/x`, kinds: ['mention'] },
      { name: '', url: `${slack.url}/x`, kinds: ['hot_lead'] },
      { name: '#x', url: null, kinds: ['hot_lead'] },
      { name: '#x\u0000', url: `${slack.url}/x`, kinds: ['hot_lead'] },
      { name: '#x', url: `${slack.url}/${'x'.repeat(3000)}`, kinds: ['hot_lead'] },
      { name: '#x', url: 'ftp://example.com/x', kinds: ['hot_lead'] },
    ]) {
      const res = await t.http.post('/api/v1/notification-settings/slack-channels').set(session.auth).send(body);
      expect([res.status, res.headers['content-type']]).toEqual([400, expect.stringContaining('application/problem+json')]);
    }
    expect((await t.http.post('/api/v1/notification-settings/slack-channels').set(agentSession.auth).send({ name: '#x', url: `${slack.url}/x`, kinds: ['hot_lead'] })).status).toBe(403);
    expect((await t.http.patch('/api/v1/notification-settings/slack-channels/not-a-uuid').set(session.auth).send({})).status).toBe(400);

    const strict = await createTestApp({ env: { ...ENV, WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'false', WORKERS: 'off' } });
    try {
      const admin = await createTenantWithUser(strict.app, 'owner', 'Slack strict');
      const auth = (await signIn(strict.http, admin.email, admin.password)).auth;
      for (const url of [`${slack.url}/x`, 'https://example.com/services/x', 'http://hooks.slack.com/services/x', 'https://169.254.169.254/x']) {
        const res = await strict.http.post('/api/v1/notification-settings/slack-channels').set(auth).send({ name: '#x', url, kinds: ['hot_lead'] });
        expect([res.status, res.body.code]).toEqual([400, 'slack_url_refused']);
      }
      const ok = await strict.http.post('/api/v1/notification-settings/slack-channels').set(auth).send({ name: '#x', url: 'https://hooks.slack.com/services/T0/B0/abc', kinds: ['hot_lead'] }).expect(201);
      expect(ok.body.urlHost).toBe('hooks.slack.com');
    } finally {
      await strict.close();
    }
  });
});
