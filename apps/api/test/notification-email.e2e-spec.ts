import { addUser, createTenantWithUser, signIn, uniqueEmail, type SignedIn, type TestUser } from './support/factories';
import { SmtpReceiver, type ReceivedMail } from './support/smtp-receiver';
import { tenantSql } from './support/tenant-sql';
import { createTestApp, type TestApp } from './support/test-app';

const PUBLIC_URL = 'https://leads.example.com';
const ENV = { RATE_LIMIT_DEFAULT: '100000', RATE_LIMIT_LOGIN: '1000', PUBLIC_URL };

// Quoted-printable soft line breaks and escapes undone, so links can be read back.
const plain = (mail: ReceivedMail) => mail.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');

describe('notification emails', () => {
  let smtp: SmtpReceiver;
  let t: TestApp;
  let owner: TestUser;
  let session: SignedIn;

  const createLead = async (body: Record<string, unknown> = {}): Promise<string> =>
    (await t.http.post('/api/v1/leads').set(session.auth).send({ email: uniqueEmail('lead'), name: 'Grace Hopper', company: 'Navy', priority: 'urgent', ...body }).expect(201)).body.id as string;
  const onDuty = (userIds: string[]) =>
    tenantSql(t.app, owner.tenantId, `INSERT INTO notification_settings (tenant_id, on_duty_user_ids) VALUES ($1, $2) ON CONFLICT (tenant_id) DO UPDATE SET on_duty_user_ids = $2`, [owner.tenantId, userIds]);
  const deliveriesOf = (leadId: string) =>
    tenantSql<{ status: string; next_attempt_at: Date; last_error: string | null }>(
      t.app,
      owner.tenantId,
      `SELECT d.status, d.next_attempt_at, d.last_error FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id WHERE n.lead_id = $1`,
      [leadId],
    );
  const waitUntil = async (probe: () => Promise<boolean>, timeoutMs = 5000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await probe())) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    smtp = await SmtpReceiver.start();
    t = await createTestApp({ env: { ...ENV, SMTP_URL: smtp.url } });
    owner = await createTenantWithUser(t.app, 'owner', 'Mail A');
    session = await signIn(t.http, owner.email, owner.password);
  });

  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('emails a hot lead with a link to it and an unsubscribe link that works without signing in', async () => {
    const agent = await addUser(t.app, owner.tenantId, owner.roleIds.agent, 'mailagent');
    await onDuty([agent.id]);
    const leadId = await createLead();
    const mail = await smtp.waitFor((m) => m.to.includes(agent.email));
    const text = plain(mail);
    expect(text).toContain('Subject: New hot lead: Grace Hopper (Navy)');
    expect(text).toContain(`${PUBLIC_URL}/leads/${leadId}`);
    const link = /https:\/\/leads\.example\.com(\/api\/v1\/notifications\/unsubscribe\?token=[A-Za-z0-9_.-]+)/.exec(text);
    expect(link).not.toBeNull();
    await waitUntil(async () => (await deliveriesOf(leadId))[0]?.status === 'sent');

    const done = await t.http.get(link![1]).expect(200);
    expect(done.body).toEqual({ kind: 'hot_lead' });
    const forged = link![1].replace(/token=./, (s) => (s.endsWith('A') ? `${s.slice(0, -1)}B` : `${s.slice(0, -1)}A`));
    expect((await t.http.get(forged).expect(400)).body.code).toBe('invalid_unsubscribe_token');
    for (const bad of ['', '%00', 'x'.repeat(500), 'a.b']) {
      const res = await t.http.get(`/api/v1/notifications/unsubscribe?token=${bad}`);
      expect(res.status).toBe(400);
    }

    // The next hot lead is still in the app, but no longer emailed.
    const before = smtp.to(agent.email).length;
    const second = await createLead();
    await waitUntil(async () => (await deliveriesOf(second))[0]?.status === 'skipped');
    expect((await deliveriesOf(second))[0].last_error).toBe('turned off in the preferences');
    expect(smtp.to(agent.email)).toHaveLength(before);
  });

  it('holds email back during quiet hours in the user time zone and sends it when they end', async () => {
    const agent = await addUser(t.app, owner.tenantId, owner.roleIds.agent, 'quiet');
    await onDuty([agent.id]);
    const now = new Date();
    const minutes = now.getUTCHours() * 60 + now.getUTCMinutes();
    // Quiet from an hour ago to an hour from now, in UTC+05:30 (Asia/Kolkata has no daylight saving).
    const local = (minutes + 330 + 24 * 60) % (24 * 60);
    await tenantSql(t.app, owner.tenantId, `INSERT INTO notification_preferences (user_id, tenant_id, quiet_start, quiet_end, time_zone) VALUES ($1, $2, $3, $4, 'Asia/Kolkata')`, [
      agent.id,
      owner.tenantId,
      (local - 60 + 24 * 60) % (24 * 60),
      (local + 60) % (24 * 60),
    ]);
    const leadId = await createLead();
    await waitUntil(async () => {
      const [d] = await deliveriesOf(leadId);
      return d !== undefined && d.next_attempt_at.getTime() > Date.now() + 30 * 60_000;
    });
    const [held] = await deliveriesOf(leadId);
    expect(held.status).toBe('pending');
    expect(Math.abs(held.next_attempt_at.getTime() - (now.getTime() + 60 * 60_000))).toBeLessThan(2 * 60_000);
    expect(smtp.to(agent.email)).toHaveLength(0);
    // The window ends: the mail goes.
    await tenantSql(t.app, owner.tenantId, `UPDATE notification_preferences SET quiet_start = NULL, quiet_end = NULL WHERE user_id = $1`, [agent.id]);
    await tenantSql(t.app, owner.tenantId, `UPDATE notification_deliveries d SET next_attempt_at = now() FROM notifications n WHERE n.id = d.notification_id AND n.lead_id = $1`, [leadId]);
    await smtp.waitFor((m) => m.to.includes(agent.email));
  });

  it('gathers the notifications of a user who chose the hourly digest into one email', async () => {
    const agent = await addUser(t.app, owner.tenantId, owner.roleIds.agent, 'digest');
    await onDuty([agent.id]);
    await tenantSql(t.app, owner.tenantId, `INSERT INTO notification_preferences (user_id, tenant_id, email_mode) VALUES ($1, $2, 'digest')`, [agent.id, owner.tenantId]);
    const leads = [await createLead({ name: 'First' }), await createLead({ name: 'Second' })];
    await waitUntil(async () => (await Promise.all(leads.map(deliveriesOf))).every(([d]) => d && d.next_attempt_at.getTime() > Date.now()));
    expect(smtp.to(agent.email)).toHaveLength(0);
    // An hour later (moved back rather than waited for).
    await tenantSql(
      t.app,
      owner.tenantId,
      `UPDATE notifications SET created_at = created_at - interval '1 hour' WHERE recipient_id = $1;
       `.trim(),
      [agent.id],
    );
    await tenantSql(t.app, owner.tenantId, `UPDATE notification_deliveries d SET next_attempt_at = now() FROM notifications n WHERE n.id = d.notification_id AND n.recipient_id = $1`, [agent.id]);
    const digest = await smtp.waitFor((m) => m.to.includes(agent.email));
    const text = plain(digest);
    expect(text).toContain('Subject: 2 notifications from Hot Leads');
    expect(text).toContain('New hot lead: First (Navy)');
    expect(text).toContain('New hot lead: Second (Navy)');
    await waitUntil(async () => (await Promise.all(leads.map(deliveriesOf))).every(([d]) => d.status === 'sent'));
    await new Promise((r) => setTimeout(r, 1500));
    expect(smtp.to(agent.email)).toHaveLength(1);
  });

  it('loses nothing when the process stops between the change and the delivery', async () => {
    const agent = await addUser(t.app, owner.tenantId, owner.roleIds.agent, 'restart');
    await onDuty([agent.id]);
    // A process without workers takes the lead and stops; another one, started later, sends the email.
    const api = await createTestApp({ env: { ...ENV, SMTP_URL: smtp.url, WORKERS: 'off' }, database: t.db });
    const apiSession = await signIn(api.http, owner.email, owner.password);
    const leadId = (await api.http.post('/api/v1/leads').set(apiSession.auth).send({ email: uniqueEmail('restart'), name: 'Restart', priority: 'urgent' }).expect(201)).body.id as string;
    await api.close();
    const [pending] = await deliveriesOf(leadId);
    expect(pending.status === 'pending' || pending.status === 'sent').toBe(true);
    const mail = await smtp.waitFor((m) => m.to.includes(agent.email));
    expect(plain(mail)).toContain(`/leads/${leadId}`);
    await new Promise((r) => setTimeout(r, 1500));
    expect(smtp.to(agent.email)).toHaveLength(1);
  });
});
