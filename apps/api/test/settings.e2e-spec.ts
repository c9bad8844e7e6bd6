import { TenantDb } from '../src/common/db/tenant-db.service';
import { addUser, createTenantWithUser, refreshCookieFrom, SAME_ORIGIN, signIn, type SignedIn, type TestUser } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

describe('workspace settings', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_LOGIN: '1000' } });
  });

  afterAll(async () => {
    await t.close();
  });

  const workspace = async (name = 'Acme'): Promise<{ owner: TestUser; session: SignedIn }> => {
    const owner = await createTenantWithUser(t.app, 'owner', name);
    return { owner, session: await signIn(t.http, owner.email, owner.password) };
  };

  const sql = <T>(tenantId: string, query: string, params: unknown[] = []): Promise<T[]> =>
    t.app.get(TenantDb).run(tenantId, (m) => m.query(query, params));

  const settingsAudit = (tenantId: string) =>
    sql<{ actor_id: string; resource_id: string; changes: unknown }>(
      tenantId,
      `select actor_id, resource_id, changes from audit_logs where action = 'settings.update' order by created_at`,
    );

  it('answers the settings to any staff member, not to API keys', async () => {
    const { owner, session } = await workspace('Read Me');
    await expect(t.http.get('/api/v1/settings').set(session.auth).expect(200)).resolves.toMatchObject({ body: { name: 'Read Me', requireMfa: false } });
    const viewer = await addUser(t.app, owner.tenantId, owner.roleIds.viewer, 'viewer');
    const viewerSession = await signIn(t.http, viewer.email, viewer.password);
    const res = await t.http.get('/api/v1/settings').set(viewerSession.auth).expect(200);
    expect(res.body).toEqual({ name: 'Read Me', requireMfa: false, slaMinutes: { urgent: 15, high: 60, medium: 240, low: 1440 }, trashRetentionDays: 30, phoneCountry: null });

    const key = await t.http.post('/api/v1/api-keys').set(session.auth).send({ name: 'k', scopes: ['settings:manage'] }).expect(201);
    await t.http.get('/api/v1/settings').set('X-API-Key', key.body.secret).expect(403);
    await t.http.get('/api/v1/settings').expect(401);
  });

  it('updates name and requireMfa for settings:manage, records the change, refuses others', async () => {
    const { owner, session } = await workspace('Before');
    for (const role of ['viewer', 'agent', 'manager'] as const) {
      const user = await addUser(t.app, owner.tenantId, owner.roleIds[role], role);
      const userSession = await signIn(t.http, user.email, user.password);
      const refused = await t.http.patch('/api/v1/settings').set(userSession.auth).send({ name: 'Hijacked' }).expect(403);
      expect(refused.body.code).toBe('forbidden');
    }

    const res = await t.http.patch('/api/v1/settings').set(session.auth).send({ name: '  After  ', requireMfa: true }).expect(200);
    expect(res.body).toEqual({ name: 'After', requireMfa: true, slaMinutes: { urgent: 15, high: 60, medium: 240, low: 1440 }, trashRetentionDays: 30, phoneCountry: null });
    await expect(t.http.get('/api/v1/settings').set(session.auth).expect(200)).resolves.toMatchObject({ body: { name: 'After', requireMfa: true } });
    const [tenant] = await sql<{ name: string; settings: unknown }>(owner.tenantId, `select name, settings from tenants`);
    expect(tenant).toEqual({ name: 'After', settings: { requireMfa: true } });

    const audit = await settingsAudit(owner.tenantId);
    expect(audit).toEqual([
      {
        actor_id: owner.id,
        resource_id: owner.tenantId,
        changes: { name: { from: 'Before', to: 'After' }, requireMfa: { from: false, to: true } },
      },
    ]);

    // Only what is sent changes, and only real changes are recorded.
    const partial = await t.http.patch('/api/v1/settings').set(session.auth).send({ requireMfa: false }).expect(200);
    expect(partial.body).toEqual({ name: 'After', requireMfa: false, slaMinutes: { urgent: 15, high: 60, medium: 240, low: 1440 }, trashRetentionDays: 30, phoneCountry: null });
    await t.http.patch('/api/v1/settings').set(session.auth).send({ name: 'After', requireMfa: false }).expect(200);
    await t.http.patch('/api/v1/settings').set(session.auth).send({}).expect(200);
    const later = await settingsAudit(owner.tenantId);
    expect(later.map((a) => a.changes)).toEqual([audit[0].changes, { requireMfa: { from: true, to: false } }]);
  });

  it('merges into the settings document, keeping keys written by other features', async () => {
    const { owner, session } = await workspace();
    await sql(owner.tenantId, `update tenants set settings = $1::jsonb`, [JSON.stringify({ slaTargets: { urgent: 15 }, requireMfa: false })]);
    await t.http.patch('/api/v1/settings').set(session.auth).send({ requireMfa: true }).expect(200);
    const [tenant] = await sql<{ settings: unknown }>(owner.tenantId, `select settings from tenants`);
    expect(tenant.settings).toEqual({ slaTargets: { urgent: 15 }, requireMfa: true });
  });

  it('changes only the own workspace, also through an API key with settings:manage', async () => {
    const { owner, session } = await workspace('Mine');
    const other = await workspace('Theirs');
    const key = await t.http.post('/api/v1/api-keys').set(session.auth).send({ name: 'settings bot', scopes: ['settings:manage'] }).expect(201);
    const res = await t.http.patch('/api/v1/settings').set('X-API-Key', key.body.secret).send({ name: 'Renamed by key' }).expect(200);
    expect(res.body.name).toBe('Renamed by key');
    await expect(t.http.get('/api/v1/settings').set(other.session.auth).expect(200)).resolves.toMatchObject({ body: { name: 'Theirs' } });
    const [entry] = await sql<{ actor_type: string; actor_id: string }>(owner.tenantId, `select actor_type, actor_id from audit_logs where action = 'settings.update'`);
    expect(entry).toEqual({ actor_type: 'api_key', actor_id: key.body.apiKey.id });
  });

  it('validates the input', async () => {
    const { session } = await workspace();
    for (const body of [{ name: '' }, { name: '   ' }, { name: 'x'.repeat(101) }, { name: 42 }, { requireMfa: 'yes' }, { requireMfa: null }, { slaTargets: {} }, { slaMinutes: { urgent: null } }, { slaMinutes: { high: 1.5 } }, { slaMinutes: { later: 5 } }]) {
      const res = await t.http.patch('/api/v1/settings').set(session.auth).send(body).expect(400);
      expect(res.body.code).toBe('validation_failed');
    }
    await expect(t.http.get('/api/v1/settings').set(session.auth).expect(200)).resolves.toMatchObject({ body: { name: 'Acme', requireMfa: false } });
  });

  it('keeps the workspace country for phones, shows it on the session, clears it and refuses anything but a country code', async () => {
    const { session } = await workspace();
    const set = await t.http.patch('/api/v1/settings').set(session.auth).send({ phoneCountry: 'de' }).expect(200);
    expect(set.body.phoneCountry).toBe('DE');
    const me = await t.http.get('/api/v1/auth/me').set(session.auth).expect(200);
    expect(me.body.tenant.settings).toEqual({ requireMfa: false, phoneCountry: 'DE' });
    for (const phoneCountry of ['DEU', 'd', '49', 7, '']) {
      const res = await t.http.patch('/api/v1/settings').set(session.auth).send({ phoneCountry }).expect(400);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.errors[0].field).toBe('phoneCountry');
    }
    const cleared = await t.http.patch('/api/v1/settings').set(session.auth).send({ phoneCountry: null }).expect(200);
    expect(cleared.body.phoneCountry).toBeNull();
  });

  describe('authentication settings need a recent sign-in', () => {
    const patch = (headers: Record<string, string>, body: object) => t.http.patch('/api/v1/settings').set(headers).send(body);
    const expectRefused = async (res: { status: number; headers: Record<string, string>; body: { code?: string; reason?: string } }, reason: string) => {
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ code: 'recent_authentication_required', reason });
    };

    it('refuses an API key with settings:manage a change of requireMfa, but not of other settings', async () => {
      const { owner, session } = await workspace('Key Co');
      await patch(session.auth, { requireMfa: true }).expect(200);
      const key = await t.http.post('/api/v1/api-keys').set(session.auth).send({ name: 'settings bot', scopes: ['settings:manage'] }).expect(201);
      const apiKey = { 'X-API-Key': key.body.secret };
      await expectRefused(await patch(apiKey, { requireMfa: false }), 'api_key');
      await expectRefused(await patch(apiKey, { name: 'Sneaky', requireMfa: false }), 'api_key');
      // Nothing of a refused request is kept; sending the current value changes nothing and is fine.
      await expect(t.http.get('/api/v1/settings').set(session.auth).expect(200)).resolves.toMatchObject({ body: { name: 'Key Co', requireMfa: true } });
      await patch(apiKey, { requireMfa: true, trashRetentionDays: 10 }).expect(200);
      expect((await settingsAudit(owner.tenantId)).map((a) => Object.keys(a.changes as object))).toEqual([['requireMfa'], ['trashRetentionDays']]);
    });

    it('refuses a session signed in more than 15 minutes ago until the password is confirmed again', async () => {
      const { owner, session } = await workspace('Stale Co');
      const age = (minutes: number) =>
        sql(owner.tenantId, `update sessions set authenticated_at = now() - make_interval(mins => $2) where user_id = $1`, [owner.id, minutes]);
      await age(14);
      await patch(session.auth, { requireMfa: true }).expect(200);
      await age(16);
      await expectRefused(await patch(session.auth, { requireMfa: false }), 'stale');
      // Other settings need no fresh sign-in.
      await patch(session.auth, { name: 'Still Stale Co' }).expect(200);

      // A refresh keeps the sign-in time: it proves the cookie, not the person.
      const refreshed = await t.http.post('/api/v1/auth/refresh').set('Cookie', session.refreshCookie).set(SAME_ORIGIN).expect(200);
      refreshCookieFrom(refreshed.headers['set-cookie']);
      const newAuth = { Authorization: `Bearer ${refreshed.body.accessToken}` };
      await expectRefused(await patch(newAuth, { requireMfa: false }), 'stale');

      const wrong = await t.http.post('/api/v1/auth/reauthenticate').set(newAuth).send({ password: 'not the password at all' }).expect(400);
      expect(wrong.body.code).toBe('reauthentication_failed');
      await expectRefused(await patch(newAuth, { requireMfa: false }), 'stale');
      await t.http.post('/api/v1/auth/reauthenticate').set(newAuth).send({ password: owner.password }).expect(204);
      await patch(newAuth, { requireMfa: false }).expect(200);
      const actions = await sql<{ action: string; outcome: string }>(owner.tenantId, `select action, outcome from audit_logs where action = 'auth.reauthenticate' order by created_at`);
      expect(actions).toEqual([
        { action: 'auth.reauthenticate', outcome: 'failure' },
        { action: 'auth.reauthenticate', outcome: 'success' },
      ]);
    });
  });
});
