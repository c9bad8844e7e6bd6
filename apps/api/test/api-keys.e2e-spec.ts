import type { Permission } from '@hotleads/shared';
import { sha256 } from '../src/common/crypto/tokens';
import { TenantDb } from '../src/common/db/tenant-db.service';
import { Role } from '../src/modules/users/role.entity';
import { addUser, createTenantWithUser, signIn, type SignedIn, type TestUser } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

const SECRET_SHAPE = /^hl_[0-9A-Za-z]{12}_[A-Za-z0-9_-]{43}$/;

describe('API keys', () => {
  let t: TestApp;
  let owner: TestUser;
  let session: SignedIn;

  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_LOGIN: '1000' } });
    owner = await createTenantWithUser(t.app, 'owner');
    session = await signIn(t.http, owner.email, owner.password);
  });

  afterAll(async () => {
    await t.close();
  });

  const createKey = async (auth: SignedIn, name: string, scopes: Permission[], expected = 201) =>
    t.http.post('/api/v1/api-keys').set(auth.auth).send({ name, scopes }).expect(expected);

  const sql = <T>(tenantId: string, query: string, params: unknown[] = []): Promise<T[]> =>
    t.app.get(TenantDb).run(tenantId, (m) => m.query(query, params));

  it('creates a key whose secret is shown once and stored only as a hash', async () => {
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const res = await t.http
      .post('/api/v1/api-keys')
      .set(session.auth)
      .send({ name: '  Website backend  ', scopes: ['leads:write', 'audit:read'], expiresAt })
      .expect(201);
    const { apiKey, secret } = res.body;
    expect(secret).toMatch(SECRET_SHAPE);
    expect(apiKey).toEqual({
      id: expect.any(String),
      name: 'Website backend',
      prefix: secret.slice(0, 15),
      // Canonical permission order, whatever order was sent.
      scopes: ['leads:write', 'audit:read'],
      status: 'active',
      createdAt: expect.any(String),
      lastUsedAt: null,
      expiresAt,
      revokedAt: null,
      createdBy: owner.id,
    });

    const list = await t.http.get('/api/v1/api-keys').set(session.auth).expect(200);
    expect(list.body.map((k: { id: string }) => k.id)).toContain(apiKey.id);
    expect(JSON.stringify(list.body)).not.toContain(secret);
    expect(JSON.stringify(list.body)).not.toContain(sha256(secret));

    const [row] = await sql<{ prefix: string; key_hash: string; all_columns: string }>(
      owner.tenantId,
      `select prefix, key_hash, row_to_json(k)::text as all_columns from api_keys k where id = $1`,
      [apiKey.id],
    );
    expect(row.prefix).toBe(secret.slice(0, 15));
    expect(row.key_hash).toBe(sha256(secret));
    expect(row.all_columns).not.toContain(secret);
    expect(row.all_columns).not.toContain(secret.slice(16));
  });

  it('works as X-API-Key or Bearer on a route within its scopes, records its use, and dies when revoked', async () => {
    const { body } = await createKey(session, 'Reporting', ['audit:read']);
    const key: string = body.secret;
    const id: string = body.apiKey.id;

    await t.http.get('/api/v1/audit-logs').set('X-API-Key', key).expect(200);
    await t.http.get('/api/v1/audit-logs').set('Authorization', `Bearer ${key}`).expect(200);
    const listed = await t.http.get('/api/v1/api-keys').set(session.auth).expect(200);
    const entry = listed.body.find((k: { id: string }) => k.id === id);
    expect(entry.lastUsedAt).not.toBeNull();
    expect(Date.now() - new Date(entry.lastUsedAt).getTime()).toBeLessThan(60_000);

    await t.http.delete(`/api/v1/api-keys/${id}`).set(session.auth).expect(204);
    const denied = await t.http.get('/api/v1/audit-logs').set('X-API-Key', key).expect(401);
    expect(denied.body.code).toBe('unauthenticated');
    await t.http.get('/api/v1/audit-logs').set('Authorization', `Bearer ${key}`).expect(401);

    const after = await t.http.get('/api/v1/api-keys').set(session.auth).expect(200);
    const revoked = after.body.find((k: { id: string }) => k.id === id);
    expect(revoked.status).toBe('revoked');
    expect(revoked.revokedAt).not.toBeNull();
    // Revoking again is a no-op.
    await t.http.delete(`/api/v1/api-keys/${id}`).set(session.auth).expect(204);
  });

  it('answers 403 on a route outside the key scopes, and a key never manages keys', async () => {
    const { body } = await createKey(session, 'Leads only', ['leads:read']);
    const outside = await t.http.get('/api/v1/audit-logs').set('X-API-Key', body.secret).expect(403);
    expect(outside.body.code).toBe('forbidden');

    const { body: broad } = await createKey(session, 'Everything grantable', ['leads:read', 'audit:read', 'settings:manage', 'forms:manage']);
    await t.http.get('/api/v1/api-keys').set('X-API-Key', broad.secret).expect(403);
    await t.http.post('/api/v1/api-keys').set('X-API-Key', broad.secret).send({ name: 'child', scopes: ['leads:read'] }).expect(403);
    await t.http.delete(`/api/v1/api-keys/${body.apiKey.id}`).set('X-API-Key', broad.secret).expect(403);
  });

  it('refuses an expired key', async () => {
    const { body } = await createKey(session, 'Short lived', ['audit:read']);
    await t.http.get('/api/v1/audit-logs').set('X-API-Key', body.secret).expect(200);
    await sql(owner.tenantId, `update api_keys set expires_at = now() - interval '1 minute' where id = $1`, [body.apiKey.id]);
    await t.http.get('/api/v1/audit-logs').set('X-API-Key', body.secret).expect(401);
    const list = await t.http.get('/api/v1/api-keys').set(session.auth).expect(200);
    expect(list.body.find((k: { id: string }) => k.id === body.apiKey.id).status).toBe('expired');
  });

  it('refuses a tampered secret with a valid prefix', async () => {
    const { body } = await createKey(session, 'Tamper target', ['audit:read']);
    const secret: string = body.secret;
    const tampered = secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A');
    await t.http.get('/api/v1/audit-logs').set('X-API-Key', tampered).expect(401);
  });

  it('validates the request: grantable scopes only, a future expiry, a name', async () => {
    for (const scopes of [['users:manage'], ['api-keys:manage'], ['leads:read', 'api-keys:manage'], ['leads:fly'], [], ['leads:read', 'leads:read']]) {
      const res = await t.http.post('/api/v1/api-keys').set(session.auth).send({ name: 'x', scopes }).expect(400);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('scopes');
    }
    const past = await t.http
      .post('/api/v1/api-keys')
      .set(session.auth)
      .send({ name: 'x', scopes: ['leads:read'], expiresAt: new Date(Date.now() - 1000).toISOString() })
      .expect(400);
    expect(past.body.errors).toEqual([{ field: 'expiresAt', message: 'expiresAt must be in the future' }]);
    await t.http.post('/api/v1/api-keys').set(session.auth).send({ name: 'x', scopes: ['leads:read'], expiresAt: 'tomorrow' }).expect(400);
    await t.http.post('/api/v1/api-keys').set(session.auth).send({ name: '   ', scopes: ['leads:read'] }).expect(400);
    await t.http.post('/api/v1/api-keys').set(session.auth).send({ scopes: ['leads:read'] }).expect(400);
    await t.http.post('/api/v1/api-keys').set(session.auth).send({ name: 'x', scopes: ['leads:read'], tenantId: owner.tenantId }).expect(400);
  });

  it('lets a creator grant only scopes they hold', async () => {
    const role = await t.app
      .get(TenantDb)
      .run(owner.tenantId, (m) =>
        m.save(m.create(Role, { tenantId: owner.tenantId, key: null, name: 'Key keeper', permissions: ['api-keys:manage', 'leads:read'] })),
      );
    const keeper = await addUser(t.app, owner.tenantId, role.id, 'keeper');
    const keeperSession = await signIn(t.http, keeper.email, keeper.password);
    const refused = await createKey(keeperSession, 'Too much', ['leads:read', 'audit:read'], 403);
    expect(refused.body).toMatchObject({ code: 'scope_not_held', missing: ['audit:read'] });
    const allowed = await createKey(keeperSession, 'Enough', ['leads:read']);
    expect(allowed.body.apiKey.createdBy).toBe(keeper.id);
  });

  it('is refused to staff without api-keys:manage', async () => {
    const viewer = await addUser(t.app, owner.tenantId, owner.roleIds.viewer, 'viewer');
    const viewerSession = await signIn(t.http, viewer.email, viewer.password);
    await t.http.get('/api/v1/api-keys').set(viewerSession.auth).expect(403);
    await createKey(viewerSession, 'Nope', ['leads:read'], 403);
    await t.http.get('/api/v1/api-keys').expect(401);
  });

  it("answers 404 for another workspace's key and leaves it working", async () => {
    const other = await createTenantWithUser(t.app, 'owner', 'Other');
    const otherSession = await signIn(t.http, other.email, other.password);
    const { body } = await createKey(otherSession, 'Theirs', ['audit:read']);

    const res = await t.http.delete(`/api/v1/api-keys/${body.apiKey.id}`).set(session.auth).expect(404);
    expect(res.body.code).toBe('not_found');
    const mine = await t.http.get('/api/v1/api-keys').set(session.auth).expect(200);
    expect(mine.body.map((k: { id: string }) => k.id)).not.toContain(body.apiKey.id);
    await t.http.get('/api/v1/audit-logs').set('X-API-Key', body.secret).expect(200);

    await t.http.delete('/api/v1/api-keys/00000000-0000-4000-8000-000000000000').set(session.auth).expect(404);
    await t.http.delete('/api/v1/api-keys/not-a-uuid').set(session.auth).expect(400);
  });

  it('records creation and revocation in the audit log, never the secret', async () => {
    const { body } = await createKey(session, 'Audited', ['leads:read']);
    await t.http.delete(`/api/v1/api-keys/${body.apiKey.id}`).set(session.auth).expect(204);
    const rows = await sql<{ action: string; actor_id: string; actor_type: string; changes: unknown; metadata: unknown; everything: string }>(
      owner.tenantId,
      `select action, actor_id, actor_type, changes, metadata, row_to_json(a)::text as everything
         from audit_logs a where resource_type = 'api_key' and resource_id = $1 order by created_at`,
      [body.apiKey.id],
    );
    expect(rows.map((r) => r.action)).toEqual(['api_key.create', 'api_key.revoke']);
    expect(rows.every((r) => r.actor_id === owner.id && r.actor_type === 'user')).toBe(true);
    expect(rows[0].changes).toEqual({ name: 'Audited', scopes: ['leads:read'], expiresAt: null });
    expect(rows[0].metadata).toEqual({ prefix: body.apiKey.prefix });
    expect(rows[1].metadata).toEqual({ name: 'Audited', prefix: body.apiKey.prefix });
    for (const row of rows) {
      expect(row.everything).not.toContain(body.secret);
      expect(row.everything).not.toContain(sha256(body.secret));
    }
  });
});
