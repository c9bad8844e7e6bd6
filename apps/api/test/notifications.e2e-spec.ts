import type { AddressInfo } from 'node:net';
import { BUILT_IN_ROLE_PERMISSIONS, BUILT_IN_ROLES, PERMISSIONS } from '@hotleads/shared';
import { NotificationTimersJob } from '../src/modules/notifications/notification-timers.job';
import { addUser, createTenantWithUser, signIn, uniqueEmail, type SignedIn, type TestUser } from './support/factories';
import { SseClient } from './support/sse-client';
import { tenantSql } from './support/tenant-sql';
import { createTestApp, type TestApp } from './support/test-app';

interface NotificationItem {
  id: string;
  kind: string;
  title: string;
  body: string | null;
  lead: { id: string; name: string | null; company: string | null; priority: string | null; deleted: boolean } | null;
  createdAt: string;
  readAt: string | null;
}
interface Page {
  data: NotificationItem[];
  nextCursor: string | null;
  unreadCount: number;
}

const ENV = { RATE_LIMIT_DEFAULT: '100000', RATE_LIMIT_LOGIN: '1000', LIVE_HEARTBEAT_SECONDS: '1' };

describe('notifications (/api/v1/notifications)', () => {
  let t: TestApp;
  let base: string;
  let owner: TestUser;
  let session: SignedIn;
  let agent: TestUser & { roleId: string };
  let agentSession: SignedIn;
  let manager: TestUser & { roleId: string };
  let managerSession: SignedIn;
  let other: TestUser;
  let otherSession: SignedIn;
  const opened: SseClient[] = [];

  const page = async (auth: Record<string, string>, query = ''): Promise<Page> => (await t.http.get(`/api/v1/notifications${query}`).set(auth).expect(200)).body as Page;
  const createLead = async (body: Record<string, unknown> = {}, auth = session.auth): Promise<string> =>
    (await t.http.post('/api/v1/leads').set(auth).send({ email: uniqueEmail('lead'), name: 'Ada Lovelace', company: 'Engines Ltd', ...body }).expect(201)).body.id as string;
  const setOnDuty = (tenantId: string, userIds: string[], extra = '') =>
    tenantSql(t.app, tenantId, `INSERT INTO notification_settings (tenant_id, on_duty_user_ids) VALUES ($1, $2) ON CONFLICT (tenant_id) DO UPDATE SET on_duty_user_ids = $2 ${extra}`, [tenantId, userIds]);
  const kinds = (p: Page, leadId?: string) => p.data.filter((n) => leadId === undefined || n.lead?.id === leadId).map((n) => n.kind);

  beforeAll(async () => {
    t = await createTestApp({ env: ENV });
    const server = t.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    owner = await createTenantWithUser(t.app, 'owner', 'Notify A');
    session = await signIn(t.http, owner.email, owner.password);
    agent = await addUser(t.app, owner.tenantId, owner.roleIds.agent, 'agent');
    agentSession = await signIn(t.http, agent.email, agent.password);
    manager = await addUser(t.app, owner.tenantId, owner.roleIds.manager, 'manager');
    managerSession = await signIn(t.http, manager.email, manager.password);
    other = await createTenantWithUser(t.app, 'owner', 'Notify B');
    otherSession = await signIn(t.http, other.email, other.password);
  });

  afterEach(() => {
    for (const client of opened.splice(0)) client.close();
  });

  afterAll(async () => {
    // Node's fetch keeps a spare connection after an aborted stream, which would hold the close.
    t.app.getHttpServer().closeAllConnections();
    await t.close();
  });

  it('tells the on-duty group of a new urgent lead, live within a second, linking to the lead', async () => {
    await setOnDuty(owner.tenantId, [agent.id]);
    const stream = await SseClient.open(`${base}/api/v1/events`, agentSession.auth);
    opened.push(stream);
    expect(stream.status).toBe(200);
    await stream.next('ready');
    const before = (await page(agentSession.auth)).unreadCount;

    const started = Date.now();
    const leadId = await createLead({ priority: 'urgent' });
    await stream.next('notification.changed', 1000);
    expect(Date.now() - started).toBeLessThan(1000);

    const after = await page(agentSession.auth);
    expect(after.unreadCount).toBe(before + 1);
    expect(after.data[0]).toMatchObject({
      kind: 'hot_lead',
      title: 'New hot lead: Ada Lovelace (Engines Ltd)',
      lead: { id: leadId, name: 'Ada Lovelace', company: 'Engines Ltd', priority: 'urgent', deleted: false },
      readAt: null,
    });
    // Nobody outside the group, and not for a lead that is not hot.
    expect(kinds(await page(managerSession.auth), leadId)).toEqual([]);
    const calm = await createLead({ priority: 'low' });
    expect(kinds(await page(agentSession.auth), calm)).toEqual([]);
  });

  it('tells the assignee rather than the group when a hot lead is already assigned, and uses the score threshold', async () => {
    await setOnDuty(owner.tenantId, [manager.id], ', hot_lead_score = 70');
    const leadId = await createLead({ priority: 'medium' });
    // Not hot at medium priority without a score.
    expect(kinds(await page(managerSession.auth), leadId)).toEqual([]);
    // A lead scored at the threshold when it is created is hot (scoring fills the column in the same transaction).
    const scored = await tenantSql<{ id: string }>(
      t.app,
      owner.tenantId,
      `WITH l AS (INSERT INTO leads (tenant_id, email, name, source, score, assignee_id) VALUES ($1, $2, 'Scored', 'api', 75, $3) RETURNING id, tenant_id)
       INSERT INTO lead_events (tenant_id, lead_id, type) SELECT tenant_id, id, 'created' FROM l RETURNING lead_id AS id`,
      [owner.tenantId, uniqueEmail('scored'), agent.id],
    );
    expect(kinds(await page(agentSession.auth), scored[0].id)).toEqual(['hot_lead']);
    expect(kinds(await page(managerSession.auth), scored[0].id)).toEqual([]);
    await setOnDuty(owner.tenantId, [], ', hot_lead_score = NULL');
  });

  it('tells a user a lead was assigned to them by someone else, not when they take it themselves', async () => {
    const leadId = await createLead();
    await t.http.patch(`/api/v1/leads/${leadId}`).set(session.auth).send({ assigneeId: agent.id }).expect(200);
    const mine = await page(agentSession.auth);
    expect(mine.data.find((n) => n.lead?.id === leadId)).toMatchObject({ kind: 'lead_assigned', title: 'Ada Lovelace (Engines Ltd) was assigned to you by owner' });

    const claimed = await createLead();
    await t.http.post(`/api/v1/leads/${claimed}/claim`).set(managerSession.auth).expect(200);
    const self = await createLead();
    await t.http.patch(`/api/v1/leads/${self}`).set(managerSession.auth).send({ assigneeId: manager.id }).expect(200);
    expect(kinds(await page(managerSession.auth), claimed)).toEqual([]);
    expect(kinds(await page(managerSession.auth), self)).toEqual([]);
  });

  it('tells a user mentioned in a note (by the start of their address or their name), not the author', async () => {
    const leadId = await createLead();
    const handle = agent.email.split('@')[0];
    await t.http.post(`/api/v1/leads/${leadId}/notes`).set(session.auth).send({ body: `Can you call back, @${handle}? And @owner, and @nobody-here.` }).expect(201);
    const mentioned = (await page(agentSession.auth)).data.find((n) => n.lead?.id === leadId);
    expect(mentioned).toMatchObject({ kind: 'mention', title: 'owner mentioned you on Ada Lovelace (Engines Ltd)', body: expect.stringContaining('Can you call back') });
    expect(kinds(await page(session.auth), leadId)).toEqual([]);
    await t.http.post(`/api/v1/leads/${leadId}/notes`).set(managerSession.auth).send({ body: 'cc @Manager.' }).expect(201);
    expect(kinds(await page(managerSession.auth), leadId)).toEqual([]);
    await t.http.post(`/api/v1/leads/${leadId}/notes`).set(agentSession.auth).send({ body: 'over to you @MANAGER' }).expect(201);
    expect(kinds(await page(managerSession.auth), leadId)).toEqual(['mention']);
  });

  it('marks one and all read, pages by keyset, and keeps each user to their own', async () => {
    const user = await addUser(t.app, owner.tenantId, owner.roleIds.agent, 'reader');
    const userSession = await signIn(t.http, user.email, user.password);
    const leads: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = await createLead({ name: `Lead ${i}` });
      leads.push(id);
      await t.http.patch(`/api/v1/leads/${id}`).set(session.auth).send({ assigneeId: user.id }).expect(200);
    }
    const first = await page(userSession.auth, '?limit=2');
    expect(first.unreadCount).toBe(5);
    expect(first.data.map((n) => n.lead?.id)).toEqual([leads[4], leads[3]]);
    const second = await page(userSession.auth, `?limit=2&cursor=${first.nextCursor}`);
    expect(second.data.map((n) => n.lead?.id)).toEqual([leads[2], leads[1]]);
    const third = await page(userSession.auth, `?limit=2&cursor=${second.nextCursor}`);
    expect(third.data.map((n) => n.lead?.id)).toEqual([leads[0]]);
    expect(third.nextCursor).toBeNull();

    const target = first.data[0].id;
    // Not someone else's, in this workspace or another.
    expect((await t.http.post(`/api/v1/notifications/${target}/read`).set(agentSession.auth).expect(404)).body.code).toBe('notification_not_found');
    expect((await t.http.post(`/api/v1/notifications/${target}/read`).set(otherSession.auth).expect(404)).body.code).toBe('notification_not_found');
    await t.http.post(`/api/v1/notifications/${target}/read`).set(userSession.auth).expect(204);
    await t.http.post(`/api/v1/notifications/${target}/read`).set(userSession.auth).expect(204);
    const afterOne = await page(userSession.auth);
    expect(afterOne.unreadCount).toBe(4);
    expect(afterOne.data[0].readAt).not.toBeNull();
    expect((await page(userSession.auth, '?unread=true')).data.map((n) => n.lead?.id)).toEqual([leads[3], leads[2], leads[1], leads[0]]);

    const all = await t.http.post('/api/v1/notifications/read-all').set(userSession.auth).expect(200);
    expect(all.body).toEqual({ marked: 4 });
    expect((await page(userSession.auth)).unreadCount).toBe(0);
    expect((await page(otherSession.auth)).data).toEqual([]);
  });

  it('answers bad input with a problem, never a 500', async () => {
    for (const query of ['?cursor=nope', '?cursor=%00', `?cursor=${'x'.repeat(101)}`, '?limit=0', '?limit=1000', '?limit=abc', '?unread=maybe', '?limit[]=1']) {
      const res = await t.http.get(`/api/v1/notifications${query}`).set(agentSession.auth);
      expect([400, 422]).toContain(res.status);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    for (const id of ['abc', '-1', '99999999999999999999', '%00', '1%20OR%201=1']) {
      const res = await t.http.post(`/api/v1/notifications/${id}/read`).set(agentSession.auth);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('notification_not_found');
    }
    await t.http.get('/api/v1/notifications').expect(401);
  });

  it('warns the assignee at 80% of the response target and tells assignee and managers at breach, once each', async () => {
    const leadId = await createLead({ priority: 'urgent' });
    await t.http.patch(`/api/v1/leads/${leadId}`).set(session.auth).send({ assigneeId: agent.id }).expect(200);
    const [lead] = await tenantSql<{ created_at: Date; respond_by: Date }>(t.app, owner.tenantId, `SELECT created_at, respond_by FROM leads WHERE id = $1`, [leadId]);
    const at = (minutes: number) => new Date(lead.created_at.getTime() + minutes * 60_000);
    const timers = t.app.get(NotificationTimersJob);
    const slaKinds = async (auth: Record<string, string>) => kinds(await page(auth, '?limit=100'), leadId).filter((k) => k.startsWith('sla_'));

    await timers.run(at(11.9));
    expect(await slaKinds(agentSession.auth)).toEqual([]);
    await timers.run(at(12.1));
    await timers.run(at(13));
    expect(await slaKinds(agentSession.auth)).toEqual(['sla_warning']);
    expect(await slaKinds(managerSession.auth)).toEqual([]);

    await timers.run(at(15.1));
    await timers.run(at(20));
    expect(await slaKinds(agentSession.auth)).toEqual(['sla_breach', 'sla_warning']);
    expect(await slaKinds(managerSession.auth)).toEqual(['sla_breach']);
    // The owner holds leads:assign too.
    expect(await slaKinds(session.auth)).toEqual(['sla_breach']);
    // Another workspace's users hear nothing of it.
    expect((await page(otherSession.auth)).data).toEqual([]);
  });

  it('warns the on-duty group about an unassigned lead, and whoever may assign leads when the group names nobody active', async () => {
    const timers = t.app.get(NotificationTimersJob);
    const warned = async (auth: Record<string, string>, leadId: string) => kinds(await page(auth, '?limit=100'), leadId).filter((k) => k === 'sla_warning');
    const waitingLead = async () => {
      const id = await createLead({ priority: 'urgent' });
      const [row] = await tenantSql<{ created_at: Date }>(t.app, owner.tenantId, `SELECT created_at FROM leads WHERE id = $1`, [id]);
      return { id, at: (minutes: number) => new Date(row.created_at.getTime() + minutes * 60_000) };
    };

    await setOnDuty(owner.tenantId, [agent.id]);
    const covered = await waitingLead();
    await timers.run(covered.at(12.1));
    expect(await warned(agentSession.auth, covered.id)).toEqual(['sla_warning']);
    expect(await warned(managerSession.auth, covered.id)).toEqual([]);
    expect(await warned(session.auth, covered.id)).toEqual([]);

    // Nobody on duty: the owner and the manager hold leads:assign, the agent does not.
    await setOnDuty(owner.tenantId, []);
    const uncovered = await waitingLead();
    await timers.run(uncovered.at(12.1));
    await timers.run(uncovered.at(13));
    expect(await warned(managerSession.auth, uncovered.id)).toEqual(['sla_warning']);
    expect(await warned(session.auth, uncovered.id)).toEqual(['sla_warning']);
    expect(await warned(agentSession.auth, uncovered.id)).toEqual([]);
    expect((await page(otherSession.auth)).data).toEqual([]);
  });

  it('decides who holds a permission in SQL exactly as the roles of libs/shared say', async () => {
    const rows = await tenantSql<{ role: string; permission: string; granted: boolean }>(
      t.app,
      owner.tenantId,
      `SELECT r AS role, p AS permission, role_grants(r, '{}', p) AS granted FROM unnest($1::text[]) r, unnest($2::text[]) p`,
      [BUILT_IN_ROLES, PERMISSIONS],
    );
    expect(rows).toHaveLength(BUILT_IN_ROLES.length * PERMISSIONS.length);
    for (const row of rows) {
      expect(row).toEqual({ ...row, granted: (BUILT_IN_ROLE_PERMISSIONS[row.role as (typeof BUILT_IN_ROLES)[number]] as readonly string[]).includes(row.permission) });
    }
    // A custom role (no key) holds what it lists, and only that.
    const [custom] = await tenantSql<{ listed: boolean; unlisted: boolean; unknownKey: boolean }>(
      t.app,
      owner.tenantId,
      `SELECT role_grants(NULL, ARRAY['leads:assign'], 'leads:assign') AS listed, role_grants(NULL, ARRAY['leads:read'], 'leads:assign') AS unlisted,
              role_grants('intern', ARRAY['leads:assign'], 'leads:assign') AS "unknownKey"`,
    );
    expect(custom).toEqual({ listed: true, unlisted: false, unknownKey: false });
  });

  it('does not warn about a lead that was contacted in time, and honours the workspace share', async () => {
    await setOnDuty(owner.tenantId, [], ', escalation_percent = 50');
    const contacted = await createLead({ priority: 'urgent' });
    const waiting = await createLead({ priority: 'urgent' });
    for (const id of [contacted, waiting]) await t.http.patch(`/api/v1/leads/${id}`).set(session.auth).send({ assigneeId: agent.id }).expect(200);
    await t.http.post(`/api/v1/leads/${contacted}/activities`).set(agentSession.auth).send({ channel: 'call' }).expect(201);
    const [lead] = await tenantSql<{ created_at: Date }>(t.app, owner.tenantId, `SELECT created_at FROM leads WHERE id = $1`, [waiting]);
    await t.app.get(NotificationTimersJob).run(new Date(lead.created_at.getTime() + 8 * 60_000));
    const mine = await page(agentSession.auth, '?limit=100');
    expect(kinds(mine, waiting)).toContain('sla_warning');
    expect(kinds(mine, contacted)).not.toContain('sla_warning');
    await setOnDuty(owner.tenantId, [], ', escalation_percent = 80');
  });

  it('reminds the assignee when a follow-up date is reached, once', async () => {
    const leadId = await createLead();
    const due = new Date(Date.now() + 3 * 60 * 60_000);
    await t.http.patch(`/api/v1/leads/${leadId}`).set(session.auth).send({ assigneeId: agent.id, followUpAt: due.toISOString() }).expect(200);
    const timers = t.app.get(NotificationTimersJob);
    await timers.run(new Date(due.getTime() - 60_000));
    expect(kinds(await page(agentSession.auth, '?limit=100'), leadId)).not.toContain('follow_up_due');
    await timers.run(new Date(due.getTime() + 1000));
    await timers.run(new Date(due.getTime() + 60_000));
    const reminders = (await page(agentSession.auth, '?limit=100')).data.filter((n) => n.lead?.id === leadId && n.kind === 'follow_up_due');
    expect(reminders).toHaveLength(1);
    expect(reminders[0].title).toBe('Follow-up due: Ada Lovelace (Engines Ltd)');
  });

  it('tells whoever manages integrations when a connection needs attention', async () => {
    const [connection] = await tenantSql<{ id: string }>(
      t.app,
      owner.tenantId,
      `INSERT INTO integration_connections (tenant_id, provider, name) VALUES ($1, 'webhook', 'Website hook') RETURNING id`,
      [owner.tenantId],
    );
    await tenantSql(t.app, owner.tenantId, `UPDATE integration_connections SET status = 'needs_attention' WHERE id = $1`, [connection.id]);
    const trouble = (await page(session.auth)).data.find((n) => n.kind === 'integration_trouble');
    expect(trouble).toMatchObject({ title: 'Website hook needs attention' });
    expect(trouble).not.toHaveProperty('lead');
    expect(kinds(await page(agentSession.auth))).not.toContain('integration_trouble');
  });

  it('lets admins set the on-duty group, threshold and share', async () => {
    const initial = await t.http.get('/api/v1/notification-settings').set(session.auth).expect(200);
    expect(initial.body).toMatchObject({ escalationPercent: expect.any(Number) });
    const saved = await t.http.put('/api/v1/notification-settings').set(session.auth).send({ onDutyUserIds: [agent.id], hotLeadScore: 80 }).expect(200);
    expect(saved.body).toEqual({ onDutyUserIds: [agent.id], hotLeadScore: 80, escalationPercent: initial.body.escalationPercent, defaults: initial.body.defaults });
    const kept = await t.http.put('/api/v1/notification-settings').set(session.auth).send({ escalationPercent: 75 }).expect(200);
    expect(kept.body).toEqual({ onDutyUserIds: [agent.id], hotLeadScore: 80, escalationPercent: 75, defaults: initial.body.defaults });
    // A user of another workspace is no member here.
    expect((await t.http.put('/api/v1/notification-settings').set(session.auth).send({ onDutyUserIds: [other.id] }).expect(422)).body.code).toBe('unknown_user');
    await t.http.put('/api/v1/notification-settings').set(agentSession.auth).send({ hotLeadScore: 1 }).expect(403);
    expect((await t.http.get('/api/v1/notification-settings').set(otherSession.auth).expect(200)).body.onDutyUserIds).toEqual([]);
    await t.http.put('/api/v1/notification-settings').set(session.auth).send({ onDutyUserIds: [], hotLeadScore: null, escalationPercent: 80 }).expect(200);
  });
});
