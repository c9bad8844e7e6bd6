import { Client } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { TenantDb } from '../src/common/db/tenant-db.service';
import { EXACT_COUNT_LIMIT } from '../src/modules/leads/lead-list-query';
import { LeadTrashPurgeJob } from '../src/modules/leads/trash/lead-trash-purge.job';
import { addUser, createTenantWithUser, signIn, uniqueEmail, type SignedIn, type TestUser } from './support/factories';
import { tenantSql } from './support/tenant-sql';
import { createTestApp, type TestApp } from './support/test-app';

type Row = Record<string, unknown>;
interface Lead {
  id: string;
  status: string;
  priority: string;
  version: number;
  assigneeId: string | null;
  tags: string[];
  respondBy: string | null;
  firstContactedAt: string | null;
  slaBreached: boolean;
  deletedAt: string | null;
  email: string | null;
  createdAt: string;
}

describe('lead triage API', () => {
  let t: TestApp;
  let owner: TestUser;
  let session: SignedIn;
  let agentA: SignedIn & { id: string };
  let agentB: SignedIn & { id: string };
  let viewer: SignedIn;

  const sql = <T = Row>(query: string, params: unknown[] = []) => tenantSql<T>(t.app, owner.tenantId, query, params);
  const create = async (body: Row = {}, auth = session.auth): Promise<Lead> =>
    (await t.http.post('/api/v1/leads').set(auth).send({ email: uniqueEmail('lead'), ...body }).expect(201)).body;
  const list = (query: Row, auth = session.auth) => t.http.get('/api/v1/leads').query(query).set(auth);
  const patch = (id: string, body: Row, headers: Record<string, string> = session.auth) => t.http.patch(`/api/v1/leads/${id}`).set(headers).send(body);
  const eventTypes = async (id: string) => (await sql<{ type: string }>(`select type from lead_events where lead_id = $1 order by created_at, id`, [id])).map((e) => e.type);
  const auditFor = (action: string, id?: string) =>
    sql<{ resource_id: string | null; changes: Row | null; metadata: Row | null }>(
      `select resource_id, changes, metadata from audit_logs where action = $1 ${id ? 'and resource_id = $2' : ''} order by created_at`,
      id ? [action, id] : [action],
    );

  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_DEFAULT: '100000', RATE_LIMIT_LOGIN: '1000' } });
    owner = await createTenantWithUser(t.app, 'owner');
    session = await signIn(t.http, owner.email, owner.password);
    const a = await addUser(t.app, owner.tenantId, owner.roleIds.agent, 'agent-a');
    const b = await addUser(t.app, owner.tenantId, owner.roleIds.agent, 'agent-b');
    const v = await addUser(t.app, owner.tenantId, owner.roleIds.viewer, 'viewer');
    agentA = { ...(await signIn(t.http, a.email, a.password)), id: a.id };
    agentB = { ...(await signIn(t.http, b.email, b.password)), id: b.id };
    viewer = await signIn(t.http, v.email, v.password);
  });

  afterAll(async () => {
    await t.close();
  });

  describe('GET /leads', () => {
    let tag: string;
    let ids: Record<string, string>;

    beforeAll(async () => {
      tag = `filter-${Date.now()}`;
      const hot = await create({ name: 'Grace Hopper', company: 'Compilers Ltd', priority: 'urgent', tags: [tag, 'vip'], type: 'collaboration' });
      const cold = await create({ name: 'Alan Turing', company: 'Bombe Works', priority: 'low', tags: [tag], qualityScore: 90 });
      const mine = await create({ name: 'Ada Lovelace', company: 'Engines', priority: 'high', tags: [tag] });
      await t.http.post(`/api/v1/leads/${mine.id}/claim`).set(agentA.auth).expect(200);
      ids = { hot: hot.id, cold: cold.id, mine: mine.id };
    });

    it('filters by status, priority, type, tag and assignee, and combines them with AND', async () => {
      const byTag = (await list({ tag }).expect(200)).body;
      expect(byTag.data.map((l: Lead) => l.id).sort()).toEqual(Object.values(ids).sort());
      expect(byTag).toMatchObject({ total: 3, totalIsEstimate: false, nextCursor: null });
      expect((await list({ tag, priority: 'urgent,high' }).expect(200)).body.data.map((l: Lead) => l.id).sort()).toEqual([ids.hot, ids.mine].sort());
      expect((await list({ tag, type: 'collaboration' }).expect(200)).body.data.map((l: Lead) => l.id)).toEqual([ids.hot]);
      expect((await list({ tag: [tag, 'vip'] }).expect(200)).body.data.map((l: Lead) => l.id)).toEqual([ids.hot]);
      expect((await list({ tag, status: 'processing' }).expect(200)).body.data.map((l: Lead) => l.id)).toEqual([ids.mine]);
      expect((await list({ tag, status: ['unread', 'processing'] }).expect(200)).body.total).toBe(3);
      expect((await list({ tag, assignee: 'none' }).expect(200)).body.data.map((l: Lead) => l.id).sort()).toEqual([ids.hot, ids.cold].sort());
      expect((await list({ tag, assignee: 'me' }, agentA.auth).expect(200)).body.data.map((l: Lead) => l.id)).toEqual([ids.mine]);
      expect((await list({ tag, assignee: agentA.id }).expect(200)).body.data.map((l: Lead) => l.id)).toEqual([ids.mine]);
    });

    it('searches name, email, company and phone by substring, case-insensitively', async () => {
      expect((await list({ q: 'hopper' }).expect(200)).body.data.map((l: Lead) => l.id)).toEqual([ids.hot]);
      expect((await list({ q: 'BOMBE' }).expect(200)).body.data.map((l: Lead) => l.id)).toEqual([ids.cold]);
      expect((await list({ q: '100%' }).expect(200)).body.data).toEqual([]);
      const phoned = await create({ phone: '+44 20 7946 0999', name: 'Phone Person' });
      expect((await list({ q: '79460999' }).expect(200)).body.data.map((l: Lead) => l.id)).toEqual([phoned.id]);
    });

    it('finds a phone typed in any common format, and a lead by its external reference', async () => {
      const berlin = await create({ phone: '+49 30 3644053', name: 'Berliner Anruf' });
      for (const q of ['+49 30 3644053', '030 3644053', '0303644053', '49303644053', '0049 30 364-4053', '+49 (0)30 3644053', '(030) 364 40 53']) {
        expect({ q, ids: (await list({ q }).expect(200)).body.data.map((l: Lead) => l.id) }).toEqual({ q, ids: [berlin.id] });
      }
      // Too few digits to be a phone: searched as typed.
      expect((await list({ q: '030 36' }).expect(200)).body.data).toEqual([]);
      const ref = `ext-${Date.now()}`;
      const referenced = await create({ name: 'Referenced Lead', source: 'crm', sourceRef: ref });
      expect((await list({ q: ref }).expect(200)).body.data.map((l: Lead) => l.id)).toEqual([referenced.id]);
      // Exactly, not as a substring or in another case.
      expect((await list({ q: ref.slice(0, -1) }).expect(200)).body.data).toEqual([]);
      // Combined with other filters like any search.
      expect((await list({ q: ref, status: 'archived' }).expect(200)).body.data).toEqual([]);
    });

    it('finds a lead by its new details after an edit, and no longer by the old ones', async () => {
      const lead = await create({ name: 'Quentin Oldname', company: 'Obsolete Inc' });
      expect((await list({ q: 'oldname' }).expect(200)).body.data.map((l: Lead) => l.id)).toEqual([lead.id]);
      await patch(lead.id, { name: 'Quentin Newname' }).expect(200);
      expect((await list({ q: 'oldname' }).expect(200)).body.data).toEqual([]);
      expect((await list({ q: 'newname' }).expect(200)).body.data.map((l: Lead) => l.id)).toEqual([lead.id]);
      await t.http.post('/api/v1/leads/bulk-update').set(session.auth).send({ ids: [lead.id], set: { priority: 'low' } }).expect(200);
      expect((await list({ q: 'obsolete inc' }).expect(200)).body.data.map((l: Lead) => l.id)).toEqual([lead.id]);
    });

    it('keeps the search text right across one transaction of a score-only change, a priority change and a rename', async () => {
      const lead = await create({ name: 'Petra Firstname', company: 'Stable Co', priority: 'medium' });
      const deltas = async (m: EntityManager) => Number((await m.query(`select count(*) as n from lead_stats_deltas`))[0].n);
      const grew = await t.app.get(TenantDb).run(owner.tenantId, async (m) => {
        const before = await deltas(m);
        // A score-only statement (the rescoring's promise): no stats rows, search untouched.
        await m.query(`select set_config('hotleads.score_only', 'on', true)`);
        await m.query(`update leads set score = 42 where id = $1`, [lead.id]);
        await m.query(`select set_config('hotleads.score_only', 'off', true)`);
        const afterScore = await deltas(m);
        // Nothing searchable, then a rename, in one transaction.
        await m.query(`update leads set priority = 'low' where id = $1`, [lead.id]);
        const afterPriority = await deltas(m);
        await m.query(`update leads set name = 'Petra Secondname' where id = $1`, [lead.id]);
        return { score: afterScore - before, priority: afterPriority - afterScore };
      });
      expect(grew.score).toBe(0);
      expect(grew.priority).toBeGreaterThan(0);
      expect((await list({ q: 'secondname' }).expect(200)).body.data.map((l: Lead) => l.id)).toEqual([lead.id]);
      expect((await list({ q: 'firstname' }).expect(200)).body.data).toEqual([]);
      expect((await list({ q: 'stable co' }).expect(200)).body.data.map((l: Lead) => l.id)).toEqual([lead.id]);
    });

    it('has the search and tag look-ups served by their indexes', async () => {
      // As the functions run them: as the table owner, outside row-level security.
      const owner_ = new Client({ connectionString: t.db.url });
      await owner_.connect();
      try {
        await owner_.query(`set enable_seqscan = off`);
        const explain = async (condition: string) =>
          (await owner_.query(`explain select id from leads where ${condition}`)).rows.map((r) => r['QUERY PLAN']).join('\n');
        const search = (await owner_.query(`explain select lead_id from lead_search where document like '%hopper%'`)).rows.map((r) => r['QUERY PLAN']).join('\n');
        expect(search).toContain('ix_lead_search_trgm');
        expect(await explain(`tags @> array['vip']`)).toContain('ix_leads_tags');
        expect(await explain(`tenant_id = '${owner.tenantId}' and source_ref = 'x'`)).toContain('ix_leads_source_ref_lookup');
      } finally {
        await owner_.end();
      }
    });

    it('scopes the indexed look-ups to the transaction’s tenant', async () => {
      const ds = t.app.get(DataSource);
      expect(await ds.query(`select lead_ids_matching('%')`)).toEqual([]);
      // The search text itself is out of the app role's reach: only the function reads it.
      await expect(sql(`select document from lead_search limit 1`)).rejects.toThrow(/permission denied/);
      expect(await ds.query(`select lead_ids_tagged(array[$1])`, [tag])).toEqual([]);
      const other = await createTenantWithUser(t.app, 'owner', 'Elsewhere');
      expect(await tenantSql(t.app, other.tenantId, `select lead_ids_tagged(array[$1])`, [tag])).toEqual([]);
      expect(await sql(`select lead_ids_tagged(array[$1])`, [tag])).toHaveLength(3);
    });

    it('sorts by priority by urgency, by quality score with empty scores last, and by respond-by time', async () => {
      const byPriority = (await list({ tag, sort: '-priority' }).expect(200)).body.data.map((l: Lead) => l.priority);
      expect(byPriority).toEqual(['urgent', 'high', 'low']);
      const byQuality = (await list({ tag, sort: '-qualityScore' }).expect(200)).body.data.map((l: Lead) => l.id);
      expect(byQuality[0]).toBe(ids.cold);
      const byRespondBy = (await list({ tag, sort: 'respondBy' }).expect(200)).body.data as Lead[];
      const times = byRespondBy.map((l) => new Date(l.respondBy!).getTime());
      expect([...times].sort((x, y) => x - y)).toEqual(times);
      expect(byRespondBy[0].id).toBe(ids.hot);
    });

    it('pages with a keyset cursor that neither skips nor repeats leads while new ones arrive', async () => {
      const pageTag = `page-${Date.now()}`;
      const created: string[] = [];
      for (let i = 0; i < 7; i++) created.push((await create({ tags: [pageTag] })).id);
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const res = await list({ tag: pageTag, limit: 3, ...(cursor ? { cursor } : {}) }).expect(200);
        seen.push(...res.body.data.map((l: Lead) => l.id));
        cursor = res.body.nextCursor ?? undefined;
        // Newer leads arriving mid-walk belong before the cursor and must not shift later pages.
        if (pages === 0) await create({ tags: [pageTag] });
        pages += 1;
      } while (cursor);
      expect(seen).toEqual([...created].reverse());
      expect(new Set(seen).size).toBe(seen.length);
    });

    it('keeps the microsecond order of leads created in the same millisecond', async () => {
      const sameTag = `same-ms-${Date.now()}`;
      await sql(
        `insert into leads (tenant_id, email, source, tags, created_at)
         select $1, 'ms' || g || '-' || $2 || '@example.com', 'api', array[$2], timestamptz '2026-01-01 00:00:00.000001' + g * interval '1 microsecond'
         from generate_series(1, 5) g`,
        [owner.tenantId, sameTag],
      );
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const res = await list({ tag: sameTag, limit: 2, sort: 'createdAt', ...(cursor ? { cursor } : {}) }).expect(200);
        seen.push(...res.body.data.map((l: Lead) => l.email));
        cursor = res.body.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual([1, 2, 3, 4, 5].map((g) => `ms${g}-${sameTag}@example.com`));
    });

    it('filters by creation time and by SLA breach', async () => {
      const slaTag = `sla-${Date.now()}`;
      const late = await create({ tags: [slaTag], priority: 'urgent' });
      const onTime = await create({ tags: [slaTag], priority: 'low' });
      await sql(`update leads set created_at = now() - interval '1 hour', respond_by = now() - interval '45 minutes' where id = $1`, [late.id]);
      const breached = (await list({ tag: slaTag, slaBreached: 'true' }).expect(200)).body.data as Lead[];
      expect(breached.map((l) => l.id)).toEqual([late.id]);
      expect(breached[0].slaBreached).toBe(true);
      expect((await list({ tag: slaTag, slaBreached: 'false' }).expect(200)).body.data.map((l: Lead) => l.id)).toEqual([onTime.id]);
      const recent = (await list({ tag: slaTag, createdFrom: new Date(Date.now() - 10 * 60_000).toISOString() }).expect(200)).body.data;
      expect(recent.map((l: Lead) => l.id)).toEqual([onTime.id]);
      const older = (await list({ tag: slaTag, createdTo: new Date(Date.now() - 10 * 60_000).toISOString() }).expect(200)).body.data;
      expect(older.map((l: Lead) => l.id)).toEqual([late.id]);
    });

    it('answers exact totals from the stats rollup for the common views, also beyond the counting limit', async () => {
      const fresh = await createTenantWithUser(t.app, 'owner', 'Totals');
      const auth = (await signIn(t.http, fresh.email, fresh.password)).auth;
      await tenantSql(
        t.app,
        fresh.tenantId,
        `insert into leads (tenant_id, email, source, status, priority)
         select $1, 'tot' || g || '@example.com', 'api', case when g % 3 = 0 then 'processing' else 'unread' end, case when g % 2 = 0 then 'high' else 'low' end
         from generate_series(1, 2500) g`,
        [fresh.tenantId],
      );
      const exact = async (where: string) => (await tenantSql<{ n: number }>(t.app, fresh.tenantId, `select count(*)::int as n from leads where deleted_at is null and ${where}`))[0].n;
      for (const [query, where] of [
        [{}, 'true'],
        [{ status: 'unread' }, `status = 'unread'`],
        [{ status: 'unread,processing' }, `status in ('unread', 'processing')`],
        [{ priority: 'high' }, `priority = 'high'`],
      ] as const) {
        const res = await list({ ...query, limit: 1 }, auth).expect(200);
        expect({ query, total: res.body.total, estimate: res.body.totalIsEstimate }).toEqual({ query, total: await exact(where), estimate: false });
      }
    });

    it('marks the total as an estimate when counting would be slow', async () => {
      const many = `many-${Date.now()}`;
      await sql(
        `insert into leads (tenant_id, email, source, tags) select $1, 'bulk' || g || '-' || $2 || '@example.com', 'api', array[$2] from generate_series(1, 5000) g`,
        [owner.tenantId, many],
      );
      const res = await list({ tag: many, limit: 1 }).expect(200);
      expect(res.body.data).toHaveLength(1);
      expect(res.body.totalIsEstimate).toBe(true);
      expect(res.body.total).toBeGreaterThan(EXACT_COUNT_LIMIT);
      await sql(`delete from leads where tags @> array[$1]`, [many]);
    });

    it('refuses bad input with a problem body', async () => {
      for (const query of [{ status: 'nope' }, { sort: 'name' }, { limit: 500 }, { cursor: 'garbage' }, { assignee: 'someone' }, { q: 'a' }, { createdFrom: 'yesterday' }]) {
        const res = await list(query).expect(400);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.body.code).toMatch(/validation_failed|invalid_cursor/);
      }
      const first = await list({ limit: 1 }).expect(200);
      // A cursor belongs to its sort.
      expect((await list({ limit: 1, sort: 'createdAt', cursor: first.body.nextCursor }).expect(400)).body.code).toBe('invalid_cursor');
    });

    it('hides leads in the trash unless asked', async () => {
      const lead = await create({ tags: ['trash-filter'] });
      await t.http.delete(`/api/v1/leads/${lead.id}`).set(session.auth).expect(204);
      expect((await list({ tag: 'trash-filter' }).expect(200)).body.data).toEqual([]);
      expect((await list({ tag: 'trash-filter', includeDeleted: 'true' }).expect(200)).body.data.map((l: Lead) => l.id)).toEqual([lead.id]);
    });
  });

  describe('GET /leads/{id} and PATCH', () => {
    it('answers the lead with its version as ETag, and 404 for an unknown id', async () => {
      const lead = await create();
      const res = await t.http.get(`/api/v1/leads/${lead.id}`).set(viewer.auth).expect(200);
      expect(res.headers.etag).toBe(`"${lead.version}"`);
      expect(res.body).toMatchObject({ id: lead.id, status: 'unread', slaBreached: false });
      expect((await t.http.get('/api/v1/leads/00000000-0000-4000-8000-000000000000').set(session.auth).expect(404)).body.code).toBe('lead_not_found');
      const malformed = await t.http.get('/api/v1/leads/not-a-uuid').set(session.auth).expect(400);
      expect(malformed.body).toMatchObject({ code: 'invalid_id', errors: [{ field: 'id' }] });
    });

    it('takes an id in any letter case as the same lead, and records it in its one spelling', async () => {
      const lead = await create();
      const shouting = lead.id.toUpperCase();
      expect((await t.http.get(`/api/v1/leads/${shouting}`).set(session.auth).expect(200)).body.id).toBe(lead.id);
      await patch(shouting, { priority: 'high' }).expect(200);
      // The audit entry is found by the id as stored, not as the client spelt it.
      expect(await auditFor('lead.update', lead.id)).toHaveLength(1);
      expect(await auditFor('lead.update', shouting)).toEqual([]);
    });

    it('changes the fields sent, bumps the version, and leaves an event and an audit entry with the changes', async () => {
      const lead = await create({ phone: '+44 20 7946 0333' });
      const res = await patch(lead.id, { priority: 'high', qualityScore: 77, tags: ['a', 'A', ' b '], notes: 'call after 5', company: 'New Co', phone: '+44 (0)20 7946 0444', followUpAt: '2030-01-01T09:00:00Z' })
        .set('If-Match', `"${lead.version}"`)
        .expect(200);
      expect(res.body).toMatchObject({ priority: 'high', qualityScore: 77, tags: ['a', 'b'], notes: 'call after 5', company: 'New Co', version: lead.version + 1 });
      expect(res.headers.etag).toBe(`"${lead.version + 1}"`);
      expect(await eventTypes(lead.id)).toEqual(['created', 'updated']);
      const [audit] = await auditFor('lead.update', lead.id);
      expect(audit.changes).toMatchObject({ priority: { from: 'medium', to: 'high' }, qualityScore: { from: null, to: 77 } });
      const bad = await patch(lead.id, { phone: 'call me maybe' }).expect(400);
      expect(bad.body.errors[0].field).toBe('phone');
    });

    it('answers 412 with the current version when If-Match is stale, and changes nothing', async () => {
      const lead = await create();
      await patch(lead.id, { priority: 'low' }).set('If-Match', `"${lead.version}"`).expect(200);
      const stale = await patch(lead.id, { priority: 'urgent' }).set('If-Match', `"${lead.version}"`).expect(412);
      expect(stale.body).toMatchObject({ code: 'precondition_failed', currentVersion: lead.version + 1 });
      expect(stale.headers.etag).toBe(`"${lead.version + 1}"`);
      const [row] = await sql<{ priority: string }>(`select priority from leads where id = $1`, [lead.id]);
      expect(row.priority).toBe('low');
      await patch(lead.id, { priority: 'urgent' }).set('If-Match', 'seven').expect(400);
      await patch(lead.id, { priority: 'urgent' }).set('If-Match', '*').expect(200);
    });

    it('follows the status lifecycle: 409 invalid_status_transition with the allowed next states', async () => {
      const lead = await create();
      const res = await patch(lead.id, { status: 'converted' }).expect(409);
      expect(res.body).toMatchObject({ code: 'invalid_status_transition', from: 'unread', to: 'converted', allowed: ['processing', 'archived'] });
      await patch(lead.id, { status: 'processing' }).expect(200);
      const contacted = await patch(lead.id, { status: 'contacted' }).expect(200);
      expect(contacted.body.firstContactedAt).not.toBeNull();
      await patch(lead.id, { status: 'archived' }).expect(200);
      expect((await patch(lead.id, { status: 'qualified' }).expect(409)).body.allowed).toEqual(['processing']);
      await patch(lead.id, { status: 'processing' }).expect(200);
    });

    it('refuses to clear both email and phone, and a duplicate email of another open lead', async () => {
      const lead = await create();
      expect((await patch(lead.id, { email: null }).expect(400)).body.code).toBe('validation_failed');
      const other = await create();
      expect((await patch(lead.id, { email: other.email }).expect(409)).body.code).toBe('duplicate_lead');
    });

    it('lets a viewer read but not write', async () => {
      const lead = await create();
      await patch(lead.id, { priority: 'low' }, viewer.auth).expect(403);
    });
  });

  describe('speed-to-lead SLA', () => {
    it('sets respondBy from the workspace targets at creation and recomputes it on a priority change until the first contact', async () => {
      const lead = await create({ priority: 'urgent' });
      const created = new Date(lead.createdAt).getTime();
      expect(new Date(lead.respondBy!).getTime() - created).toBe(15 * 60_000);
      const high = await patch(lead.id, { priority: 'high' }).expect(200);
      expect(new Date(high.body.respondBy).getTime() - created).toBe(60 * 60_000);
      const settings = await t.http.patch('/api/v1/settings').set(session.auth).send({ slaMinutes: { low: 5 } }).expect(200);
      expect(settings.body.slaMinutes).toEqual({ urgent: 15, high: 60, medium: 240, low: 5 });
      await t.http.patch('/api/v1/settings').set(session.auth).send({ slaMinutes: { low: 0 } }).expect(400);
      const low = await create({ priority: 'low' });
      expect(new Date(low.respondBy!).getTime() - new Date(low.createdAt).getTime()).toBe(5 * 60_000);
      await t.http.post(`/api/v1/leads/${lead.id}/activities`).set(session.auth).send({ channel: 'call', outcome: 'voicemail' }).expect(201);
      const contacted = await patch(lead.id, { priority: 'low' }).expect(200);
      expect(contacted.body.firstContactedAt).not.toBeNull();
      expect(new Date(contacted.body.respondBy).getTime() - created).toBe(60 * 60_000);
    });

    it('records activities and notes on the timeline, newest first, paged', async () => {
      const lead = await create();
      const first = await t.http.post(`/api/v1/leads/${lead.id}/activities`).set(session.auth).send({ channel: 'email', outcome: 'sent', note: 'intro' }).expect(201);
      expect(first.body).toMatchObject({ type: 'activity', data: { channel: 'email', outcome: 'sent', note: 'intro', firstContact: true } });
      await t.http.post(`/api/v1/leads/${lead.id}/notes`).set(session.auth).send({ body: 'Prefers mornings' }).expect(201);
      await t.http.post(`/api/v1/leads/${lead.id}/activities`).set(session.auth).send({ channel: 'fax' }).expect(400);
      const page1 = await t.http.get(`/api/v1/leads/${lead.id}/events`).query({ limit: 2 }).set(viewer.auth).expect(200);
      expect(page1.body.data.map((e: Row) => e.type)).toEqual(['note', 'activity']);
      const page2 = await t.http.get(`/api/v1/leads/${lead.id}/events`).query({ limit: 2, cursor: page1.body.nextCursor }).set(viewer.auth).expect(200);
      expect(page2.body).toMatchObject({ data: [expect.objectContaining({ type: 'created' })], nextCursor: null });
      const [row] = await sql<{ first_contacted_at: Date; last_contacted_at: Date }>(`select first_contacted_at, last_contacted_at from leads where id = $1`, [lead.id]);
      expect(row.first_contacted_at).toBeInstanceOf(Date);
    });
  });

  describe('claim and agent restrictions', () => {
    it('gives the lead to exactly one of two agents claiming at once', async () => {
      for (let round = 0; round < 5; round++) {
        const lead = await create();
        const [a, b] = await Promise.all([
          t.http.post(`/api/v1/leads/${lead.id}/claim`).set(agentA.auth),
          t.http.post(`/api/v1/leads/${lead.id}/claim`).set(agentB.auth),
        ]);
        expect([a.status, b.status].sort()).toEqual([200, 409]);
        const winner = a.status === 200 ? agentA.id : agentB.id;
        const loser = a.status === 200 ? b : a;
        expect(loser.body).toMatchObject({ code: 'lead_claimed', assigneeId: winner, assigneeName: expect.any(String), claimedAt: expect.any(String) });
        const [claimedAt] = await sql<{ created_at: Date }>(`select created_at from lead_events where lead_id = $1 and type = 'claimed'`, [lead.id]);
        expect(new Date(loser.body.claimedAt as string).getTime()).toBe(claimedAt.created_at.getTime());
        const [winnerRow] = await sql<{ name: string }>(`select name from users where id = $1`, [winner]);
        expect(loser.body.assigneeName).toBe(winnerRow.name);
        const [row] = await sql<{ assignee_id: string; status: string }>(`select assignee_id, status from leads where id = $1`, [lead.id]);
        expect(row).toEqual({ assignee_id: winner, status: 'processing' });
        expect(await eventTypes(lead.id)).toEqual(['created', 'claimed']);
      }
    });

    it('lets an agent change unassigned leads and their own, not a colleague’s; managers change any', async () => {
      const lead = await create();
      await patch(lead.id, { priority: 'high' }, agentA.auth).expect(200);
      await t.http.post(`/api/v1/leads/${lead.id}/claim`).set(agentA.auth).expect(200);
      // Claiming your own lead again is fine.
      await t.http.post(`/api/v1/leads/${lead.id}/claim`).set(agentA.auth).expect(200);
      expect((await patch(lead.id, { priority: 'low' }, agentB.auth).expect(403)).body.code).toBe('lead_not_assigned_to_you');
      await t.http.post(`/api/v1/leads/${lead.id}/release`).set(agentB.auth).expect(403);
      await t.http.post(`/api/v1/leads/${lead.id}/activities`).set(agentB.auth).send({ channel: 'call' }).expect(403);
      expect((await patch(lead.id, { assigneeId: agentB.id }, agentA.auth).expect(403)).body.code).toBe('assign_not_allowed');
      await patch(lead.id, { priority: 'low' }, agentA.auth).expect(200);
      await patch(lead.id, { assigneeId: agentB.id }).expect(200);
      expect((await patch(lead.id, { assigneeId: '00000000-0000-4000-8000-000000000000' }).expect(422)).body.code).toBe('invalid_assignee');
      const released = await t.http.post(`/api/v1/leads/${lead.id}/release`).set(agentB.auth).expect(200);
      expect(released.body.assigneeId).toBeNull();
      expect(await eventTypes(lead.id)).toEqual(['created', 'updated', 'claimed', 'updated', 'updated', 'released']);
    });
  });

  describe('trash', () => {
    it('moves a lead to the trash and back, with events and audit entries', async () => {
      const lead = await create();
      await t.http.delete(`/api/v1/leads/${lead.id}`).set(agentA.auth).expect(403);
      await t.http.delete(`/api/v1/leads/${lead.id}`).set(session.auth).expect(204);
      await t.http.delete(`/api/v1/leads/${lead.id}`).set(session.auth).expect(204);
      const trashed = await t.http.get(`/api/v1/leads/${lead.id}`).set(session.auth).expect(200);
      expect(trashed.body.deletedAt).not.toBeNull();
      expect((await patch(lead.id, { priority: 'low' }).expect(409)).body.code).toBe('lead_in_trash');
      expect((await t.http.post(`/api/v1/leads/${lead.id}/claim`).set(agentA.auth).expect(409)).body.code).toBe('lead_in_trash');
      const restored = await t.http.post(`/api/v1/leads/${lead.id}/restore`).set(session.auth).expect(200);
      expect(restored.body.deletedAt).toBeNull();
      expect(await eventTypes(lead.id)).toEqual(['created', 'deleted', 'restored']);
      expect(await auditFor('lead.delete', lead.id)).toHaveLength(1);
      expect(await auditFor('lead.restore', lead.id)).toHaveLength(1);
    });

    it('frees the email while in the trash, and refuses a restore that would duplicate an open lead', async () => {
      const lead = await create();
      await t.http.delete(`/api/v1/leads/${lead.id}`).set(session.auth).expect(204);
      const twin = await create({ email: lead.email });
      expect(twin.id).not.toBe(lead.id);
      expect((await t.http.post(`/api/v1/leads/${lead.id}/restore`).set(session.auth).expect(409)).body.code).toBe('duplicate_lead');
    });
    it('purges leads that stayed in the trash past the workspace retention, with their timeline', async () => {
      const old = await create();
      const recent = await create();
      const live = await create();
      await sql(`update leads set deleted_at = now() - interval '31 days' where id = $1`, [old.id]);
      await sql(`update leads set deleted_at = now() - interval '5 days' where id = $1`, [recent.id]);
      const job = t.app.get(LeadTrashPurgeJob);
      const first = await job.run();
      expect(first[owner.tenantId]).toBeGreaterThanOrEqual(1);
      const left = async () => (await sql<{ id: string }>(`select id from leads where id = any($1)`, [[old.id, recent.id, live.id]])).map((r) => r.id).sort();
      expect(await left()).toEqual([recent.id, live.id].sort());
      expect(await sql(`select 1 from lead_events where lead_id = $1`, [old.id])).toEqual([]);
      await t.http.patch('/api/v1/settings').set(session.auth).send({ trashRetentionDays: 3 }).expect(200);
      await job.run();
      expect(await left()).toEqual([live.id]);
      const audits = await auditFor('lead.purge');
      expect(audits.length).toBeGreaterThanOrEqual(2);
      await t.http.patch('/api/v1/settings').set(session.auth).send({ trashRetentionDays: 30 }).expect(200);
    });
  });

  describe('bulk actions', () => {
    it('updates by ids, skipping illegal transitions and reporting them', async () => {
      const fresh = await create();
      const archived = await create();
      await patch(archived.id, { status: 'archived' }).expect(200);
      const res = await t.http
        .post('/api/v1/leads/bulk-update')
        .set(session.auth)
        .send({ ids: [fresh.id, archived.id], set: { status: 'processing', priority: 'urgent', addTags: ['bulk', 'x'], removeTags: ['X'] } })
        .expect(200);
      expect(res.body).toEqual({ matched: 2, updated: 2, skippedCount: 0, skipped: [] });
      const converted = await t.http.post('/api/v1/leads/bulk-update').set(session.auth).send({ ids: [fresh.id, archived.id], set: { status: 'contacted' } }).expect(200);
      expect(converted.body).toMatchObject({ matched: 2, updated: 2, skippedCount: 0 });
      const skip = await t.http.post('/api/v1/leads/bulk-update').set(session.auth).send({ ids: [fresh.id], set: { status: 'unread' } }).expect(200);
      expect(skip.body).toEqual({ matched: 1, updated: 0, skippedCount: 1, skipped: [{ id: fresh.id, reason: 'invalid_status_transition' }] });
      const rows = await sql<{ id: string; status: string; priority: string; tags: string[]; first_contacted_at: Date | null }>(
        `select id, status, priority, tags, first_contacted_at from leads where id = any($1)`,
        [[fresh.id, archived.id]],
      );
      for (const row of rows) expect(row).toMatchObject({ status: 'contacted', priority: 'urgent', tags: ['bulk'] });
      expect(rows.every((r) => r.first_contacted_at !== null)).toBe(true);
      const [event] = await sql<{ data: Row }>(`select data from lead_events where lead_id = $1 and type = 'updated' order by created_at limit 1`, [fresh.id]);
      expect(event.data).toMatchObject({ bulk: true, changes: { status: { from: 'unread', to: 'processing' }, priority: { from: 'medium', to: 'urgent' } } });
      const audits = await auditFor('lead.bulk_update');
      expect(audits[audits.length - 1].metadata).toMatchObject({ ids: 1, matched: 1, updated: 0, skipped: 1 });
    });

    it('updates everything matching a filter, set-based, with one audit entry and an event per lead', async () => {
      const bulkTag = `by-filter-${Date.now()}`;
      await sql(
        `insert into leads (tenant_id, email, source, tags) select $1, 'f' || g || '-' || $2 || '@example.com', 'api', array[$2] from generate_series(1, 1500) g`,
        [owner.tenantId, bulkTag],
      );
      const before = (await auditFor('lead.bulk_update')).length;
      const res = await t.http.post('/api/v1/leads/bulk-update').set(session.auth).send({ filter: { tag: [bulkTag], status: ['unread'] }, set: { status: 'processing', assigneeId: agentA.id } }).expect(200);
      expect(res.body).toMatchObject({ matched: 1500, updated: 1500, skippedCount: 0 });
      const [{ n }] = await sql<{ n: number }>(`select count(*)::int as n from leads where tags @> array[$1] and status = 'processing' and assignee_id = $2`, [bulkTag, agentA.id]);
      expect(n).toBe(1500);
      const [{ events }] = await sql<{ events: number }>(
        `select count(*)::int as events from lead_events e join leads l on l.id = e.lead_id where l.tags @> array[$1] and e.type = 'updated'`,
        [bulkTag],
      );
      expect(events).toBe(1500);
      const audits = await auditFor('lead.bulk_update');
      expect(audits).toHaveLength(before + 1);
      expect(audits[audits.length - 1].metadata).toMatchObject({ filter: { tag: [bulkTag], status: ['unread'] }, matched: 1500, updated: 1500 });
      // Running it again changes nothing: everything already matches.
      const again = await t.http.post('/api/v1/leads/bulk-update').set(session.auth).send({ filter: { tag: [bulkTag] }, set: { status: 'processing' } }).expect(200);
      expect(again.body).toMatchObject({ matched: 1500, updated: 0 });
      const deleted = await t.http.post('/api/v1/leads/bulk-delete').set(session.auth).send({ filter: { tag: [bulkTag] } }).expect(200);
      expect(deleted.body).toEqual({ deleted: 1500 });
      expect((await list({ tag: bulkTag }).expect(200)).body.total).toBe(0);
    });

    it('skips colleagues’ leads for an agent and refuses assigning to others', async () => {
      const own = await create();
      const theirs = await create();
      await t.http.post(`/api/v1/leads/${own.id}/claim`).set(agentA.auth).expect(200);
      await t.http.post(`/api/v1/leads/${theirs.id}/claim`).set(agentB.auth).expect(200);
      const res = await t.http.post('/api/v1/leads/bulk-update').set(agentA.auth).send({ ids: [own.id, theirs.id], set: { priority: 'high' } }).expect(200);
      expect(res.body).toEqual({ matched: 2, updated: 1, skippedCount: 1, skipped: [{ id: theirs.id, reason: 'lead_not_assigned_to_you' }] });
      await t.http.post('/api/v1/leads/bulk-update').set(agentA.auth).send({ ids: [own.id], set: { assigneeId: agentB.id } }).expect(403);
    });

    it('refuses a body with both or neither of ids and filter, or nothing to set', async () => {
      const lead = await create();
      expect((await t.http.post('/api/v1/leads/bulk-update').set(session.auth).send({ set: { priority: 'low' } }).expect(400)).body.code).toBe('bulk_target_required');
      await t.http.post('/api/v1/leads/bulk-update').set(session.auth).send({ ids: [lead.id], filter: {}, set: { priority: 'low' } }).expect(400);
      await t.http.post('/api/v1/leads/bulk-update').set(session.auth).send({ ids: [lead.id], set: {} }).expect(400);
      await t.http.post('/api/v1/leads/bulk-update').set(session.auth).send({ ids: [lead.id], set: { status: 'bogus' } }).expect(400);
      await t.http.post('/api/v1/leads/bulk-delete').set(viewer.auth).send({ ids: [lead.id] }).expect(403);
    });
  });

  it('keeps tenants apart: another workspace neither lists nor changes these leads', async () => {
    const other = await createTenantWithUser(t.app, 'owner', 'Other');
    const otherSession = await signIn(t.http, other.email, other.password);
    const lead = await create({ tags: ['isolated'] });
    expect((await list({ tag: 'isolated' }, otherSession.auth).expect(200)).body).toMatchObject({ data: [], total: 0 });
    const res = await t.http.post('/api/v1/leads/bulk-update').set(otherSession.auth).send({ ids: [lead.id], set: { priority: 'low' } }).expect(200);
    expect(res.body).toMatchObject({ matched: 0, updated: 0 });
    const deleted = await t.http.post('/api/v1/leads/bulk-delete').set(otherSession.auth).send({ filter: {} }).expect(200);
    expect(deleted.body.deleted).toBe(0);
    expect((await t.http.get(`/api/v1/leads/${lead.id}`).set(session.auth).expect(200)).body.deletedAt).toBeNull();
  });
});
