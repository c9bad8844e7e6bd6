import { addUser, createTenantWithUser, signIn, uniqueEmail, type SignedIn, type TestUser } from './support/factories';
import { tenantSql } from './support/tenant-sql';
import { createTestApp, type TestApp } from './support/test-app';

type Row = Record<string, unknown>;
interface Lead {
  id: string;
  followUpAt: string | null;
  status: string;
  version: number;
}
interface Section {
  reason: string;
  more: boolean;
  items: Array<{ lead: Lead; dueAt: string | null }>;
}

// A fixed-offset zone in which it is around noon now, so "today" has room on both sides of the clock.
function zoneAtNoon(): string {
  const offset = 12 - new Date().getUTCHours();
  return offset === 0 ? 'UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

const HOUR = 3_600_000;
const at = (ms: number) => new Date(Date.now() + ms).toISOString();

describe('follow-ups and My day', () => {
  let t: TestApp;
  let owner: TestUser;
  let session: SignedIn;
  let agentA: SignedIn & { id: string };
  let agentB: SignedIn & { id: string };
  let outsider: SignedIn;
  const tz = zoneAtNoon();

  const sql = <T = Row>(query: string, params: unknown[] = []) => tenantSql<T>(t.app, owner.tenantId, query, params);
  // Intake takes no follow-up; it is set by a change afterwards, as staff do.
  const create = async ({ followUpAt, ...body }: Row = {}, auth = session.auth): Promise<Lead> => {
    const lead: Lead = (await t.http.post('/api/v1/leads').set(auth).send({ email: uniqueEmail('fu'), ...body }).expect(201)).body;
    if (followUpAt === undefined || followUpAt === null) return lead;
    return (await t.http.patch(`/api/v1/leads/${lead.id}`).set(auth).send({ followUpAt }).expect(200)).body;
  };
  const list = (query: Row, auth = session.auth) => t.http.get('/api/v1/leads').query(query).set(auth);
  const ids = (body: { data: Lead[] }) => body.data.map((l) => l.id);
  const myDay = (auth: Record<string, string>, query: Row = { tz }) => t.http.get('/api/v1/leads/my-day').query(query).set(auth);

  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_DEFAULT: '100000', RATE_LIMIT_LOGIN: '1000' } });
    owner = await createTenantWithUser(t.app, 'owner');
    session = await signIn(t.http, owner.email, owner.password);
    const a = await addUser(t.app, owner.tenantId, owner.roleIds.agent, 'agent-a');
    const b = await addUser(t.app, owner.tenantId, owner.roleIds.agent, 'agent-b');
    agentA = { ...(await signIn(t.http, a.email, a.password)), id: a.id };
    agentB = { ...(await signIn(t.http, b.email, b.password)), id: b.id };
    const other = await createTenantWithUser(t.app, 'owner', 'Other');
    outsider = await signIn(t.http, other.email, other.password);
  });

  afterAll(async () => {
    await t.close();
  });

  describe('followUp filter and followUpAt sort', () => {
    const tag = `fu-${Date.now()}`;
    let lead: Record<'overdue' | 'laterToday' | 'inThreeDays' | 'inTenDays' | 'none', string>;

    beforeAll(async () => {
      const make = async (followUpAt: string | null) => (await create({ tags: [tag], followUpAt })).id;
      lead = {
        inTenDays: await make(at(240 * HOUR)),
        overdue: await make(at(-2 * HOUR)),
        none: await make(null),
        inThreeDays: await make(at(72 * HOUR)),
        laterToday: await make(at(HOUR)),
      };
    });

    it('filters by overdue, today, week and none in the given time zone', async () => {
      expect(ids((await list({ tag, followUp: 'overdue' }).expect(200)).body)).toEqual([lead.overdue]);
      expect(ids((await list({ tag, followUp: 'today', tz }).expect(200)).body).sort()).toEqual([lead.overdue, lead.laterToday].sort());
      expect(ids((await list({ tag, followUp: 'week', tz }).expect(200)).body).sort()).toEqual([lead.overdue, lead.laterToday, lead.inThreeDays].sort());
      expect(ids((await list({ tag, followUp: 'none' }).expect(200)).body)).toEqual([lead.none]);
      const counted = (await list({ tag, followUp: 'week', tz }).expect(200)).body;
      expect(counted).toMatchObject({ total: 3, totalIsEstimate: false });
    });

    it('sorts soonest follow-up first with leads without one last, across pages', async () => {
      const expected = [lead.overdue, lead.laterToday, lead.inThreeDays, lead.inTenDays, lead.none];
      const first = (await list({ tag, sort: 'followUpAt', limit: 2 }).expect(200)).body;
      const second = (await list({ tag, sort: 'followUpAt', limit: 2, cursor: first.nextCursor }).expect(200)).body;
      const third = (await list({ tag, sort: 'followUpAt', limit: 2, cursor: second.nextCursor }).expect(200)).body;
      expect([...ids(first), ...ids(second), ...ids(third)]).toEqual(expected);
      expect(third.nextCursor).toBeNull();
      // A cursor of another sort is refused rather than misread.
      await list({ tag, sort: '-createdAt', cursor: first.nextCursor }).expect(400);
    });

    it('refuses a bad window or time zone with a problem, never a 500', async () => {
      for (const query of [
        { followUp: 'yesterday' },
        { followUp: ['overdue', 'none'] },
        { followUp: 'today', tz: 'Mars/Olympus' },
        { followUp: 'today', tz: '+02:00' },
        { followUp: 'today', tz: 'UTC\u0000' },
        { followUp: 'today', tz: 'x'.repeat(5_000) },
        { tz: "UTC'; drop table leads; --" },
      ]) {
        const res = await list(query).expect(400);
        expect(res.headers['content-type']).toContain('application/problem+json');
        // NUL bytes are refused at the edge, before validation (decision 0013).
        expect(res.body.code).toBe(String(query.tz ?? '').includes('\u0000') ? 'invalid_text' : 'validation_failed');
      }
    });

    it('applies the filter to bulk actions too', async () => {
      const res = await t.http.post('/api/v1/leads/bulk-update').set(session.auth).send({ filter: { tag: [tag], followUp: 'overdue' }, set: { priority: 'high' } }).expect(200);
      expect(res.body.updated).toBe(1);
      const [{ priority }] = await sql<{ priority: string }>(`select priority from leads where id = $1`, [lead.overdue]);
      expect(priority).toBe('high');
    });
  });

  describe('logging a contact with the next follow-up', () => {
    it('sets the follow-up in the same step and records it on the timeline', async () => {
      const lead = await create();
      const next = at(48 * HOUR);
      await t.http.post(`/api/v1/leads/${lead.id}/activities`).set(session.auth).send({ channel: 'call', outcome: 'voicemail', nextFollowUpAt: next }).expect(201);
      const after = (await t.http.get(`/api/v1/leads/${lead.id}`).set(session.auth).expect(200)).body;
      expect(after.followUpAt).toBe(next);
      expect(after.firstContactedAt).not.toBeNull();
      const events = await sql<{ type: string; data: Row }>(`select type, data from lead_events where lead_id = $1 order by created_at, id`, [lead.id]);
      // Both written in one transaction, so with the same time: compared without their order.
      expect(events.map((e) => e.type).sort()).toEqual(['activity', 'created', 'updated']);
      expect(events.find((e) => e.type === 'updated')!.data).toEqual({ changes: { followUpAt: { from: null, to: next } } });

      await t.http.post(`/api/v1/leads/${lead.id}/activities`).set(session.auth).send({ channel: 'email', nextFollowUpAt: null }).expect(201);
      expect((await t.http.get(`/api/v1/leads/${lead.id}`).set(session.auth).expect(200)).body.followUpAt).toBeNull();
    });

    it('refuses a bad date without recording the contact', async () => {
      const lead = await create();
      for (const nextFollowUpAt of ['tomorrow', 42, { at: 'x' }, '2026-13-01T00:00:00Z', 'x'.repeat(100_000)]) {
        const res = await t.http.post(`/api/v1/leads/${lead.id}/activities`).set(session.auth).send({ channel: 'call', nextFollowUpAt }).expect(400);
        expect(res.body.code).toBe('validation_failed');
      }
      const [row] = await sql<{ first_contacted_at: Date | null; n: number }>(
        `select first_contacted_at, (select count(*)::int from lead_events e where e.lead_id = l.id) as n from leads l where id = $1`,
        [lead.id],
      );
      expect(row).toEqual({ first_contacted_at: null, n: 1 });
    });
  });

  describe('GET /leads/my-day', () => {
    let mine: Record<'overdueOld' | 'overdueNew' | 'today' | 'unread' | 'responseDue' | 'later', string>;
    let notMine: string;

    beforeAll(async () => {
      const assigned = async (body: Row, userId = agentA.id) => {
        const lead = await create(body);
        await t.http.patch(`/api/v1/leads/${lead.id}`).set(session.auth).send({ assigneeId: userId }).expect(200);
        return lead.id;
      };
      // Contacted leads (status contacted) so only their follow-up puts them on the list.
      const contacted = async (followUpAt: string) => {
        const id = await assigned({ followUpAt, priority: 'low' });
        await t.http.post(`/api/v1/leads/${id}/activities`).set(session.auth).send({ channel: 'call' }).expect(201);
        await t.http.patch(`/api/v1/leads/${id}`).set(session.auth).send({ status: 'processing' }).expect(200);
        await t.http.patch(`/api/v1/leads/${id}`).set(session.auth).send({ status: 'contacted' }).expect(200);
        return id;
      };
      mine = {
        today: await contacted(at(HOUR)),
        overdueNew: await contacted(at(-HOUR)),
        overdueOld: await contacted(at(-5 * HOUR)),
        later: await contacted(at(72 * HOUR)),
        unread: await assigned({ priority: 'low' }),
        responseDue: '',
      };
      // Urgent (15 minutes): due within the hour; opened, so not unread any more.
      mine.responseDue = await assigned({ priority: 'urgent' });
      await t.http.patch(`/api/v1/leads/${mine.responseDue}`).set(agentA.auth).send({ status: 'processing' }).expect(200);
      notMine = await assigned({ followUpAt: at(-3 * HOUR) }, agentB.id);
    });

    it('lists overdue follow-ups first, then today, unread and response due, each with its reason', async () => {
      const res = await myDay(agentA.auth).expect(200);
      const sections: Section[] = res.body.sections;
      expect(sections.map((s) => s.reason)).toEqual(['follow_up_overdue', 'follow_up_today', 'unread', 'response_due']);
      const byReason = Object.fromEntries(sections.map((s) => [s.reason, s.items.map((i) => i.lead.id)]));
      expect(byReason).toEqual({
        follow_up_overdue: [mine.overdueOld, mine.overdueNew],
        follow_up_today: [mine.today],
        unread: [mine.unread],
        response_due: [mine.responseDue],
      });
      expect(sections[0].items[0].dueAt).toBe(sections[0].items[0].lead.followUpAt);
      expect(sections.every((s) => s.more === false)).toBe(true);
    });

    it('lists a lead once, under its first reason', async () => {
      const both = await create({ priority: 'urgent', followUpAt: at(-HOUR) });
      await t.http.patch(`/api/v1/leads/${both.id}`).set(session.auth).send({ assigneeId: agentA.id }).expect(200);
      const sections: Section[] = (await myDay(agentA.auth).expect(200)).body.sections;
      const where = sections.filter((s) => s.items.some((i) => i.lead.id === both.id)).map((s) => s.reason);
      expect(where).toEqual(['follow_up_overdue']);
      await t.http.delete(`/api/v1/leads/${both.id}`).set(session.auth).expect(204);
      const after: Section[] = (await myDay(agentA.auth).expect(200)).body.sections;
      expect(after.flatMap((s) => s.items.map((i) => i.lead.id))).not.toContain(both.id);
    });

    it("shows only the caller's own leads, never another tenant's", async () => {
      const bs: Section[] = (await myDay(agentB.auth).expect(200)).body.sections;
      expect(bs[0].items.map((i) => i.lead.id)).toEqual([notMine]);
      expect(bs.flatMap((s) => s.items.map((i) => i.lead.id))).not.toContain(mine.overdueOld);
      const other: Section[] = (await myDay(outsider.auth).expect(200)).body.sections;
      expect(other.flatMap((s) => s.items)).toEqual([]);
    });

    it('needs a signed-in user and a valid time zone', async () => {
      await t.http.get('/api/v1/leads/my-day').expect(401);
      const key = await t.http.post('/api/v1/api-keys').set(session.auth).send({ name: 'day bot', scopes: ['leads:read'] }).expect(201);
      await t.http.get('/api/v1/leads/my-day').set('X-API-Key', key.body.secret).expect(403);
      for (const query of [{ tz: 'Nowhere/City' }, { tz: ['UTC', 'UTC'] }, { tz: '\u0000' }, { tz: 'a/b/c/d/e' }]) {
        const res = await myDay(agentA.auth, query).expect(400);
        expect(res.body.code).toBe(String(query.tz).includes('\u0000') ? 'invalid_text' : 'validation_failed');
      }
    });
  });

  describe('undoing a status change', () => {
    const patchAs = (auth: Record<string, string>, id: string, body: Row, version?: number) =>
      t.http.patch(`/api/v1/leads/${id}`).set({ ...auth, ...(version === undefined ? {} : { 'If-Match': `"${version}"` }) }).send(body);

    it('takes an archive back to the status before, with the version the change produced', async () => {
      const lead = await create({ priority: 'high' });
      const archived = (await patchAs(agentA.auth, lead.id, { status: 'archived' }, lead.version).expect(200)).body;
      expect(archived.status).toBe('archived');
      const undone = (await patchAs(agentA.auth, lead.id, { status: 'unread' }, archived.version).expect(200)).body;
      expect(undone).toMatchObject({ status: 'unread', priority: 'high', version: archived.version + 1 });
      const events = await sql<{ type: string; data: Row }>(`select type, data from lead_events where lead_id = $1 order by created_at, id`, [lead.id]);
      expect(events.map((e) => e.data.changes ?? e.type)).toEqual(['created', { status: { from: 'unread', to: 'archived' } }, { status: { from: 'archived', to: 'unread' } }]);
    });

    it('refuses a move against the lifecycle that is not an undo', async () => {
      const lead = await create();
      const moved = (await patchAs(agentA.auth, lead.id, { status: 'processing' }, lead.version).expect(200)).body;
      // No If-Match: an ordinary change, so the lifecycle applies.
      expect((await patchAs(agentA.auth, lead.id, { status: 'unread' }).expect(409)).body.code).toBe('invalid_status_transition');
      // Someone else's change is not theirs to undo.
      expect((await patchAs(session.auth, lead.id, { status: 'unread' }, moved.version).expect(409)).body.code).toBe('invalid_status_transition');
      // Not back to where it came from.
      expect((await patchAs(agentA.auth, lead.id, { status: 'qualified' }, moved.version).expect(409)).body.code).toBe('invalid_status_transition');
      // A change since: the undo's version is stale.
      await patchAs(session.auth, lead.id, { priority: 'low' }).expect(200);
      expect((await patchAs(agentA.auth, lead.id, { status: 'unread' }, moved.version).expect(412)).body.code).toBe('precondition_failed');
      const [row] = await sql<{ status: string; priority: string }>(`select status, priority from leads where id = $1`, [lead.id]);
      expect(row).toEqual({ status: 'processing', priority: 'low' });
    });

    it('does not reach across tenants', async () => {
      const lead = await create();
      const moved = (await patchAs(agentA.auth, lead.id, { status: 'processing' }, lead.version).expect(200)).body;
      await patchAs(outsider.auth, lead.id, { status: 'unread' }, moved.version).expect(404);
      const [row] = await sql<{ status: string }>(`select status from leads where id = $1`, [lead.id]);
      expect(row.status).toBe('processing');
    });
  });
});
