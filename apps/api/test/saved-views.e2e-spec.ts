import { MAX_SAVED_VIEWS_PER_USER } from '../src/modules/saved-views/saved-views.service';
import { addUser, createTenantWithUser, signIn, type SignedIn, type TestUser } from './support/factories';
import { createApiKey } from './support/identity';
import { tenantSql } from './support/tenant-sql';
import { createTestApp, type TestApp } from './support/test-app';

interface SavedView {
  id: string;
  name: string;
  query: string;
  createdAt: string;
  updatedAt: string;
}

describe('saved views (/api/v1/saved-views)', () => {
  let t: TestApp;
  let owner: TestUser;
  let session: SignedIn;
  let colleague: SignedIn;
  let colleagueId: string;

  const save = (body: Record<string, unknown>, auth = session.auth) => t.http.post('/api/v1/saved-views').set(auth).send(body);
  const list = async (auth = session.auth): Promise<SavedView[]> => (await t.http.get('/api/v1/saved-views').set(auth).expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_DEFAULT: '100000', RATE_LIMIT_LOGIN: '1000' } });
    owner = await createTenantWithUser(t.app, 'owner', 'Views');
    session = await signIn(t.http, owner.email, owner.password);
    const agent = await addUser(t.app, owner.tenantId, owner.roleIds.viewer, 'viewer');
    colleagueId = agent.id;
    colleague = await signIn(t.http, agent.email, agent.password);
  });

  afterAll(async () => {
    await t.close();
  });

  it('creates, lists by name, renames and deletes a view of the caller', async () => {
    const created = await save({ name: '  Hot and unread  ', query: '?status=unread&priority=high,urgent' }).expect(201);
    const view: SavedView = created.body;
    expect(view).toEqual({ id: expect.any(String), name: 'Hot and unread', query: 'status=unread&priority=high,urgent', createdAt: expect.any(String), updatedAt: expect.any(String) });
    await save({ name: 'All leads', query: '' }).expect(201);
    expect((await list()).map((v) => v.name)).toEqual(['All leads', 'Hot and unread']);

    const renamed = await t.http.patch(`/api/v1/saved-views/${view.id}`).set(session.auth).send({ name: 'Urgent inbox' }).expect(200);
    expect(renamed.body).toMatchObject({ id: view.id, name: 'Urgent inbox', query: 'status=unread&priority=high,urgent' });
    expect(new Date(renamed.body.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(view.updatedAt).getTime());
    const requeried = await t.http.patch(`/api/v1/saved-views/${view.id}`).set(session.auth).send({ query: 'sort=-priority' }).expect(200);
    expect(requeried.body).toMatchObject({ name: 'Urgent inbox', query: 'sort=-priority' });

    await t.http.delete(`/api/v1/saved-views/${view.id}`).set(session.auth).expect(204);
    expect((await list()).map((v) => v.name)).toEqual(['All leads']);
    const gone = await t.http.delete(`/api/v1/saved-views/${view.id}`).set(session.auth).expect(404);
    expect(gone.body.code).toBe('saved_view_not_found');
  });

  it('keeps names unique per user (409 saved_view_exists), not across users', async () => {
    await save({ name: 'Mine', query: 'status=unread' }).expect(201);
    const twin = await save({ name: 'Mine', query: 'status=processing' }).expect(409);
    expect(twin.body).toMatchObject({ code: 'saved_view_exists', errors: [{ field: 'name', message: expect.any(String) }] });
    const other = await save({ name: 'Other', query: '' }).expect(201);
    const renamed = await t.http.patch(`/api/v1/saved-views/${other.body.id}`).set(session.auth).send({ name: 'Mine' }).expect(409);
    expect(renamed.body.code).toBe('saved_view_exists');
    // The same name is free for someone else.
    await save({ name: 'Mine', query: 'assignee=me' }, colleague.auth).expect(201);
  });

  it("shows, changes and deletes only the caller's own views (404 saved_view_not_found for a colleague's)", async () => {
    const mine = (await save({ name: 'Private', query: 'tag=vip' }).expect(201)).body as SavedView;
    expect((await list(colleague.auth)).map((v) => v.id)).not.toContain(mine.id);
    const patch = await t.http.patch(`/api/v1/saved-views/${mine.id}`).set(colleague.auth).send({ name: 'Taken over' }).expect(404);
    expect(patch.body.code).toBe('saved_view_not_found');
    await t.http.delete(`/api/v1/saved-views/${mine.id}`).set(colleague.auth).expect(404);
    expect((await list()).find((v) => v.id === mine.id)).toMatchObject({ name: 'Private', query: 'tag=vip' });
  });

  it('validates the name (1 to 80 characters) and the query (a string of at most 2,000)', async () => {
    for (const body of [{ name: '   ', query: '' }, { name: 'x'.repeat(81), query: '' }, { name: 'Long', query: 'q='.padEnd(2001, 'x') }, { name: 'No query' }, { name: 'Number', query: 5 }]) {
      const res = await save(body).expect(400);
      expect(res.body.code).toBe('validation_failed');
    }
    await save({ name: 'y'.repeat(80), query: 'q='.padEnd(2000, 'x') }).expect(201);
    expect((await save({ name: 'Extra', query: '', shared: true }).expect(400)).body.code).toBe('validation_failed');
    await t.http.patch('/api/v1/saved-views/not-a-uuid').set(session.auth).send({ name: 'x' }).expect(400);
  });

  it('refuses the 51st view of a user (422 saved_view_limit)', async () => {
    const user = await createTenantWithUser(t.app, 'viewer', 'Views limit');
    const own = await signIn(t.http, user.email, user.password);
    for (let i = 0; i < MAX_SAVED_VIEWS_PER_USER; i++) await save({ name: `View ${i}`, query: `page=${i}` }, own.auth).expect(201);
    const refused = await save({ name: 'One too many', query: '' }, own.auth).expect(422);
    expect(refused.body).toMatchObject({ code: 'saved_view_limit', limit: MAX_SAVED_VIEWS_PER_USER });
    expect(await list(own.auth)).toHaveLength(MAX_SAVED_VIEWS_PER_USER);
    // Deleting one makes room again.
    const [first] = await list(own.auth);
    await t.http.delete(`/api/v1/saved-views/${first.id}`).set(own.auth).expect(204);
    await save({ name: 'One too many', query: '' }, own.auth).expect(201);
  });

  it('is for signed-in users only: API keys get 403, no credential 401', async () => {
    const key = await createApiKey(t.app, owner.tenantId, ['leads:read']);
    await t.http.get('/api/v1/saved-views').set('X-API-Key', key).expect(403);
    await t.http.get('/api/v1/saved-views').expect(401);
  });

  it("goes with its user: deleting the user deletes the user's views", async () => {
    await save({ name: 'Soon gone', query: '' }, colleague.auth).expect(201);
    const count = async () => (await tenantSql<{ n: number }>(t.app, owner.tenantId, `select count(*)::int as n from saved_views where user_id = $1`, [colleagueId]))[0].n;
    expect(await count()).toBeGreaterThan(0);
    await tenantSql(t.app, owner.tenantId, `delete from users where id = $1`, [colleagueId]);
    expect(await count()).toBe(0);
  });
});
