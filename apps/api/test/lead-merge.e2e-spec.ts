import { Client } from 'pg';
import { LeadTrashPurgeJob } from '../src/modules/leads/trash/lead-trash-purge.job';
import { createTenantWithUser, signIn, uniqueEmail, type SignedIn } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

type Auth = SignedIn['auth'];
type Lead = Record<string, unknown> & { id: string; version: number; tags: string[]; deletedAt: string | null };

const MERGE = '/api/v1/leads/merge';
const undoPath = (id: string) => `/api/v1/leads/merges/${id}/undo`;
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

// What an undo gives back exactly: everything but the version and updatedAt, which move on with every write
// (so an ETag taken while the leads were merged never matches again; see docs/decisions/0029).
const content = ({ version: _v, updatedAt: _u, ...rest }: Lead) => rest;

describe('lead merge and undo', () => {
  let t: TestApp;
  let admin: Client;

  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_DEFAULT: '100000', RATE_LIMIT_LOGIN: '1000' } });
    admin = new Client({ connectionString: t.db.url });
    await admin.connect();
  });

  afterAll(async () => {
    await admin.end();
    await t.close();
  });

  async function workspace(role: 'owner' | 'agent' = 'owner'): Promise<Auth> {
    const user = await createTenantWithUser(t.app, role, `Merge ${role}`);
    return (await signIn(t.http, user.email, user.password)).auth;
  }

  async function lead(auth: Auth, body: Record<string, unknown>): Promise<Lead> {
    return (await t.http.post('/api/v1/leads').set(auth).send({ source: 'e2e', ...body }).expect(201)).body as Lead;
  }

  const get = async (auth: Auth, id: string) => (await t.http.get(`/api/v1/leads/${id}`).set(auth).expect(200)).body as Lead;

  async function timeline(auth: Auth, id: string): Promise<Array<{ id: string; type: string; data: Record<string, unknown> }>> {
    return (await t.http.get(`/api/v1/leads/${id}/events`).query({ limit: 200 }).set(auth).expect(200)).body.data;
  }

  const total = async (auth: Auth) => (await t.http.get('/api/v1/leads/stats').set(auth).expect(200)).body.total as number;

  async function pair(auth: Auth) {
    const older = await lead(auth, { name: 'Ada Older', email: uniqueEmail('ada'), company: 'Acme', message: 'First message', tags: ['Web', 'vip'] });
    const newer = await lead(auth, { name: 'Ada Newer', phone: `+4930${Math.floor(1_000_000 + Math.random() * 8_999_999)}`, company: null, tags: ['vip', 'Fair'] });
    return { older, newer };
  }

  it('merges two leads: chosen fields win, the newest non-empty value otherwise, tags combined, timeline moved', async () => {
    const auth = await workspace();
    const { older, newer } = await pair(auth);
    await t.http.post(`/api/v1/leads/${newer.id}/notes`).set(auth).send({ body: 'Called back on Monday' }).expect(201);
    await t.http.post(`/api/v1/leads/${newer.id}/activities`).set(auth).send({ channel: 'call', outcome: 'no answer' }).expect(201);
    const enrichment = await admin.query<{ id: string }>(
      `INSERT INTO lead_enrichments (tenant_id, lead_id, provider, kind, value, status, trigger) SELECT tenant_id, id, 'kickbox', 'email', 'x@example.com', 'succeeded', 'manual' FROM leads WHERE id = $1 RETURNING id`,
      [newer.id],
    );
    const newerEvents = (await timeline(auth, newer.id)).map((e) => e.id);
    const totalBefore = await total(auth);

    const res = await t.http
      .post(MERGE)
      .set(auth)
      .send({ survivorId: older.id, leadIds: [newer.id], fields: { name: older.id }, versions: { [older.id]: older.version, [newer.id]: (await get(auth, newer.id)).version } })
      .expect(200);
    const survivor = res.body.survivor as Lead;
    // name chosen from the older lead; phone only on the newer; company and message only on the older.
    expect(survivor).toMatchObject({ id: older.id, name: 'Ada Older', email: older.email, phone: newer.phone, company: 'Acme', message: 'First message' });
    expect(survivor.tags).toEqual(['Web', 'vip', 'Fair']);
    expect(res.body).toMatchObject({ survivorId: older.id, mergedIds: [newer.id], undoneAt: null });
    expect(res.body.fields).toMatchObject({ name: older.id, phone: newer.id, company: older.id });
    expect(new Date(res.body.undoUntil).getTime() - new Date(res.body.createdAt).getTime()).toBe(30 * 24 * 3600_000);

    // The merged-away lead is hidden like the trash: out of the list, the stats and the duplicates.
    expect((await get(auth, newer.id)).deletedAt).not.toBeNull();
    const list = (await t.http.get('/api/v1/leads').set(auth).expect(200)).body.data as Lead[];
    expect(list.map((l) => l.id)).toEqual([older.id]);
    expect(await total(auth)).toBe(totalBefore - 1);
    // Its timeline (the note and the activity included) now is the survivor's, with "merged from".
    const events = await timeline(auth, older.id);
    expect(events.map((e) => e.id)).toEqual(expect.arrayContaining(newerEvents));
    expect(events.find((e) => e.type === 'merged')?.data).toMatchObject({ mergeId: res.body.id, from: [{ id: newer.id, name: 'Ada Newer' }] });
    expect((await timeline(auth, newer.id)).map((e) => e.type)).toEqual(['merged_into']);
    const moved = await admin.query(`SELECT lead_id FROM lead_enrichments WHERE id = $1`, [enrichment.rows[0].id]);
    expect(moved.rows[0].lead_id).toBe(older.id);
    // A hidden lead comes back by undoing the merge, not from the trash.
    expect((await t.http.post(`/api/v1/leads/${newer.id}/restore`).set(auth).expect(409)).body.code).toBe('lead_merged');
    const audit = await admin.query(`SELECT action, resource_id FROM audit_logs WHERE action = 'lead.merge' AND resource_id = $1`, [older.id]);
    expect(audit.rows).toHaveLength(1);
  });

  it('undo puts every lead back exactly as it was, once', async () => {
    const auth = await workspace();
    const { older, newer } = await pair(auth);
    await t.http.post(`/api/v1/leads/${older.id}/notes`).set(auth).send({ body: 'Older note' }).expect(201);
    await t.http.post(`/api/v1/leads/${newer.id}/notes`).set(auth).send({ body: 'Newer note' }).expect(201);
    const before = { older: await get(auth, older.id), newer: await get(auth, newer.id) };
    const eventsBefore = { older: await timeline(auth, older.id), newer: await timeline(auth, newer.id) };
    const totalBefore = await total(auth);

    const merge = (await t.http.post(MERGE).set(auth).send({ survivorId: newer.id, leadIds: [older.id] }).expect(200)).body;
    expect(merge.survivor.email).toBe(older.email);
    const undone = await t.http.post(undoPath(merge.id)).set(auth).expect(200);
    expect(undone.body.leads.map((l: Lead) => l.id)).toEqual([newer.id, older.id]);

    const after = { older: await get(auth, older.id), newer: await get(auth, newer.id) };
    expect(content(after.older)).toEqual(content(before.older));
    expect(content(after.newer)).toEqual(content(before.newer));
    expect(after.newer.version).toBeGreaterThan(before.newer.version);
    expect(await total(auth)).toBe(totalBefore);
    // Each timeline is back on its lead, with the merge and its undo recorded after it.
    for (const side of ['older', 'newer'] as const) {
      const events = await timeline(auth, before[side].id);
      expect(events.filter((e) => !['merged', 'merged_into', 'merge_undone'].includes(e.type))).toEqual(eventsBefore[side]);
      expect(events[0].type).toBe('merge_undone');
    }

    const again = await t.http.post(undoPath(merge.id)).set(auth).expect(409);
    expect(again.body).toMatchObject({ code: 'merge_already_undone' });
    expect(again.headers['content-type']).toContain('application/problem+json');
  });

  it('refuses an undo after 30 days, or once the survivor was edited', async () => {
    const auth = await workspace();
    const first = await pair(auth);
    const old = (await t.http.post(MERGE).set(auth).send({ survivorId: first.older.id, leadIds: [first.newer.id] }).expect(200)).body;
    await admin.query(`UPDATE lead_merges SET created_at = now() - interval '30 days 1 minute' WHERE id = $1`, [old.id]);
    expect((await t.http.post(undoPath(old.id)).set(auth).expect(409)).body.code).toBe('merge_undo_expired');

    const second = await pair(auth);
    const merge = (await t.http.post(MERGE).set(auth).send({ survivorId: second.older.id, leadIds: [second.newer.id] }).expect(200)).body;
    await t.http.patch(`/api/v1/leads/${second.older.id}`).set(auth).send({ priority: 'urgent' }).expect(200);
    expect((await t.http.post(undoPath(merge.id)).set(auth).expect(409)).body.code).toBe('merge_undo_conflict');
  });

  it('keeps a merged-away lead through the trash purge while the merge can be undone', async () => {
    const auth = await workspace();
    await t.http.patch('/api/v1/settings').set(auth).send({ trashRetentionDays: 3 }).expect(200);
    const { older, newer } = await pair(auth);
    const merge = (await t.http.post(MERGE).set(auth).send({ survivorId: older.id, leadIds: [newer.id] }).expect(200)).body;
    await admin.query(`UPDATE leads SET deleted_at = now() - interval '10 days' WHERE id = $1`, [newer.id]);
    await t.app.get(LeadTrashPurgeJob).run();
    expect((await admin.query(`SELECT 1 FROM leads WHERE id = $1`, [newer.id])).rows).toHaveLength(1);
    // Past the undo window it goes like any lead in the trash.
    await admin.query(`UPDATE lead_merges SET created_at = now() - interval '31 days' WHERE id = $1`, [merge.id]);
    await t.app.get(LeadTrashPurgeJob).run();
    expect((await admin.query(`SELECT 1 FROM leads WHERE id = $1`, [newer.id])).rows).toHaveLength(0);
  });

  it('answers 412 when a lead changed after the caller loaded it, and merges nothing', async () => {
    const auth = await workspace();
    const { older, newer } = await pair(auth);
    await t.http.patch(`/api/v1/leads/${newer.id}`).set(auth).send({ subject: 'Edited meanwhile' }).expect(200);
    const res = await t.http.post(MERGE).set(auth).send({ survivorId: older.id, leadIds: [newer.id], versions: { [older.id]: older.version, [newer.id]: newer.version } }).expect(412);
    expect(res.body).toMatchObject({ code: 'precondition_failed', currentVersion: newer.version + 1 });
    expect((await get(auth, newer.id)).deletedAt).toBeNull();
  });

  it('keeps to its workspace', async () => {
    const a = await workspace();
    const b = await workspace();
    const ours = await pair(a);
    const theirs = await lead(b, { name: 'Other', email: uniqueEmail('other') });
    expect((await t.http.post(MERGE).set(a).send({ survivorId: ours.older.id, leadIds: [theirs.id] }).expect(404)).body.code).toBe('lead_not_found');
    expect((await get(b, theirs.id)).deletedAt).toBeNull();
    const merge = (await t.http.post(MERGE).set(a).send({ survivorId: ours.older.id, leadIds: [ours.newer.id] }).expect(200)).body;
    expect((await t.http.post(undoPath(merge.id)).set(b).expect(404)).body.code).toBe('merge_not_found');
    const rows = await admin.query(`SELECT tenant_id FROM lead_merges WHERE id = $1`, [merge.id]);
    expect(rows.rows).toHaveLength(1);
  });

  it('needs leads:delete', async () => {
    const agent = await workspace('agent');
    await t.http.post(MERGE).set(agent).send({ survivorId: UNKNOWN, leadIds: [UNKNOWN.replace('0000-4', '0001-4')] }).expect(403);
    await t.http.post(undoPath(UNKNOWN)).set(agent).expect(403);
    await t.http.post(MERGE).send({}).expect(401);
  });

  it('answers bad input with a problem, never a 500', async () => {
    const auth = await workspace();
    const { older, newer } = await pair(auth);
    const ids = Array.from({ length: 10 }, (_, i) => `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`);
    const bodies: Array<[unknown, number, string]> = [
      [{ survivorId: older.id, leadIds: [UNKNOWN] }, 404, 'lead_not_found'],
      [{ survivorId: older.id, leadIds: [older.id] }, 400, 'validation_failed'],
      [{ survivorId: older.id, leadIds: [newer.id, newer.id] }, 400, 'validation_failed'],
      [{ survivorId: older.id, leadIds: ids }, 400, 'validation_failed'],
      [{ survivorId: older.id, leadIds: [] }, 400, 'validation_failed'],
      [{ survivorId: null, leadIds: [newer.id] }, 400, 'validation_failed'],
      [{ survivorId: older.id, leadIds: null }, 400, 'validation_failed'],
      [{ survivorId: 42, leadIds: [newer.id] }, 400, 'validation_failed'],
      [{ survivorId: older.id, leadIds: 'x' }, 400, 'validation_failed'],
      [{ survivorId: older.id, leadIds: [newer.id], fields: { name: UNKNOWN } }, 400, 'validation_failed'],
      [{ survivorId: older.id, leadIds: [newer.id], fields: { status: older.id } }, 400, 'validation_failed'],
      [{ survivorId: older.id, leadIds: [newer.id], fields: null }, 400, 'validation_failed'],
      [{ survivorId: older.id, leadIds: [newer.id], versions: { [older.id]: 'x' } }, 400, 'validation_failed'],
      [{ survivorId: older.id, leadIds: [newer.id], versions: { [UNKNOWN]: 1 } }, 400, 'validation_failed'],
      [{ survivorId: older.id, leadIds: [newer.id], versions: [1] }, 400, 'validation_failed'],
      [{ survivorId: older.id, leadIds: [newer.id], extra: true }, 400, 'validation_failed'],
    ];
    for (const [body, status, code] of bodies) {
      const res = await t.http.post(MERGE).set(auth).send(body as object);
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status, code });
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect((await t.http.post(undoPath('not-a-uuid')).set(auth).expect(400)).headers['content-type']).toContain('application/problem+json');
    expect((await t.http.post(undoPath(UNKNOWN)).set(auth).expect(404)).body.code).toBe('merge_not_found');
    // A lead in the trash is not merged.
    await t.http.delete(`/api/v1/leads/${newer.id}`).set(auth).expect(204);
    expect((await t.http.post(MERGE).set(auth).send({ survivorId: older.id, leadIds: [newer.id] }).expect(409)).body.code).toBe('lead_in_trash');
  });
});
