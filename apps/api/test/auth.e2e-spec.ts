import { TenantDb } from '../src/common/db/tenant-db.service';
import { createTenantWithUser, refreshCookieFrom, signIn, type TestUser, SAME_ORIGIN } from './support/factories';
import { createTestApp, TEST_OWNER_EMAIL, TEST_OWNER_PASSWORD, type TestApp } from './support/test-app';

describe('staff authentication', () => {
  let t: TestApp;
  let owner: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_LOGIN: '1000', CORS_ORIGINS: 'https://crm.example.test,*' } });
    owner = await createTenantWithUser(t.app, 'owner');
  });

  afterAll(async () => {
    await t.close();
  });

  it('creates the first owner from ADMIN_EMAIL / ADMIN_PASSWORD on first start', async () => {
    const session = await signIn(t.http, TEST_OWNER_EMAIL, TEST_OWNER_PASSWORD);
    const me = await t.http.get('/api/v1/auth/me').set(session.auth).expect(200);
    expect(me.body.user).toMatchObject({ email: TEST_OWNER_EMAIL, roleName: 'Owner', mfaEnabled: false });
    expect(me.body.user.permissions).toContain('settings:manage');
  });

  it('signs in and answers /me and /validate', async () => {
    const res = await t.http.post('/api/v1/auth/login').send({ email: owner.email.toUpperCase(), password: owner.password }).expect(200);
    expect(res.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, user: { email: owner.email } });
    const cookie = [res.headers['set-cookie']].flat().find((c: string) => c.startsWith('hl_refresh='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\/api\/v1\/auth/);
    const auth = { Authorization: `Bearer ${res.body.accessToken}` };
    const me = await t.http.get('/api/v1/auth/me').set(auth).expect(200);
    expect(me.body.tenant).toMatchObject({ id: owner.tenantId, name: 'Acme', settings: { requireMfa: false } });
    const validate = await t.http.get('/api/v1/auth/validate').set(auth).expect(200);
    expect(validate.body.valid).toBe(true);
    expect(new Date(validate.body.expiresAt).getTime()).toBeGreaterThan(Date.now());
  });

  it('answers wrong password and unknown email with the same 401 body', async () => {
    const wrong = await t.http.post('/api/v1/auth/login').send({ email: owner.email, password: 'not the password at all' }).expect(401);
    const unknown = await t.http.post('/api/v1/auth/login').send({ email: 'nobody@example.com', password: 'not the password at all' }).expect(401);
    const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
    expect(strip(wrong.body)).toEqual(strip(unknown.body));
    expect(wrong.body.code).toBe('invalid_credentials');
  });

  it('rotates the refresh token and revokes the family when an old one is reused', async () => {
    const session = await signIn(t.http, owner.email, owner.password);
    const first = await t.http.post('/api/v1/auth/refresh').set('Cookie', session.refreshCookie).set(SAME_ORIGIN).expect(200);
    const rotated = refreshCookieFrom(first.headers['set-cookie']);
    expect(rotated).not.toBe(session.refreshCookie);
    const newAccess = { Authorization: `Bearer ${first.body.accessToken}` };
    await t.http.get('/api/v1/auth/me').set(newAccess).expect(200);

    // The old token again: reuse. The session dies, including the newest tokens.
    await t.http.post('/api/v1/auth/refresh').set('Cookie', session.refreshCookie).set(SAME_ORIGIN).expect(401);
    await t.http.post('/api/v1/auth/refresh').set('Cookie', rotated).set(SAME_ORIGIN).expect(401);
    await t.http.get('/api/v1/auth/me').set(newAccess).expect(401);
  });

  it('answers refresh and logout only to the app itself: a matching Origin or Sec-Fetch-Site same-origin', async () => {
    const session = await signIn(t.http, owner.email, owner.password);
    const refresh = () => t.http.post('/api/v1/auth/refresh').set('Cookie', session.refreshCookie);
    const foreign: Array<Record<string, string>> = [
      {},
      { Origin: 'https://evil.example' },
      { Origin: 'null' },
      // A wildcard in CORS_ORIGINS opens reads, never the cookie endpoints.
      { Origin: 'https://anything.example', 'Sec-Fetch-Site': 'same-origin' },
      { 'Sec-Fetch-Site': 'cross-site' },
      { 'Sec-Fetch-Site': 'same-site' },
      { Host: 'leads.example.test', Origin: 'https://leads.example.test.evil.example' },
    ];
    for (const headers of foreign) {
      const res = await refresh().set(headers).expect(403);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('cross_origin_refused');
      expect(res.headers['set-cookie']).toBeUndefined();
      const logout = await t.http.post('/api/v1/auth/logout').set(session.auth).set(headers).expect(403);
      expect(logout.body.code).toBe('cross_origin_refused');
    }
    // None of those used up or revoked anything.
    await t.http.get('/api/v1/auth/me').set(session.auth).expect(200);

    // The app's own host (one-process mode, or the dev server's proxy), a listed origin, or same-origin fetch metadata.
    const own = await refresh().set({ Host: 'leads.example.test', Origin: 'https://leads.example.test' }).expect(200);
    const listed = await t.http
      .post('/api/v1/auth/refresh')
      .set('Cookie', refreshCookieFrom(own.headers['set-cookie']))
      .set('Origin', 'https://crm.example.test')
      .expect(200);
    await t.http.post('/api/v1/auth/refresh').set('Cookie', refreshCookieFrom(listed.headers['set-cookie'])).set(SAME_ORIGIN).expect(200);
    await t.http.post('/api/v1/auth/logout').set(session.auth).set('Origin', 'https://crm.example.test').expect(204);
  });

  it('logout makes the access token useless at once', async () => {
    const session = await signIn(t.http, owner.email, owner.password);
    await t.http.post('/api/v1/auth/logout').set(session.auth).set(SAME_ORIGIN).expect(204);
    await t.http.get('/api/v1/auth/me').set(session.auth).expect(401);
    await t.http.post('/api/v1/auth/refresh').set('Cookie', session.refreshCookie).set(SAME_ORIGIN).expect(401);
  });

  it('lists and revokes own sessions', async () => {
    const a = await signIn(t.http, owner.email, owner.password);
    const b = await signIn(t.http, owner.email, owner.password);
    const list = await t.http.get('/api/v1/auth/sessions').set(a.auth).expect(200);
    const current = list.body.find((s: { current: boolean }) => s.current);
    const other = list.body.find((s: { id: string; current: boolean }) => !s.current);
    expect(current).toBeDefined();
    expect(other).toBeDefined();
    await t.http.delete(`/api/v1/auth/sessions/${other.id}`).set(a.auth).expect(204);
    await t.http.delete(`/api/v1/auth/sessions/${other.id}`).set(a.auth).expect(404);
    // b was the other session only if ids match; revoke-others covers the rest.
    await t.http.post('/api/v1/auth/sessions/revoke-others').set(a.auth).expect(200);
    await t.http.get('/api/v1/auth/me').set(b.auth).expect(401);
    await t.http.get('/api/v1/auth/me').set(a.auth).expect(200);
  });

  it('records sign-in events in the audit log', async () => {
    const rows: Array<{ action: string; outcome: string }> = await t.app
      .get(TenantDb)
      .run(owner.tenantId, (m) => m.query(`select action, outcome from audit_logs where actor_id = $1`, [owner.id]));
    const actions = rows.map((r) => `${r.action}:${r.outcome}`);
    expect(actions).toEqual(expect.arrayContaining(['auth.login:success', 'auth.login:failure', 'auth.logout:success', 'auth.refresh.reuse_detected:denied']));
  });
});
