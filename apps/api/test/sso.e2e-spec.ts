import { TenantDb } from '../src/common/db/tenant-db.service';
import { CredentialsVault } from '../src/modules/integrations/credentials-vault';
import { addUser, createTenantWithUser, refreshCookieFrom, SAME_ORIGIN, signIn, type SignedIn, type TestUser } from './support/factories';
import { rememberSecret } from './support/log-capture';
import { startLocalOidcProvider, signInAtProvider, type LocalOidcProvider } from './support/local-oidc-provider';
import { enrolMfa, passwordStep, totpCode } from './support/mfa';
import { createTestApp, TEST_ENCRYPTION_KEY, type TestApp } from './support/test-app';
import { NetworkAccess } from '../src/modules/access/network-access.service';

const PUBLIC_URL = 'http://hotleads.test';
const REDIRECT_URI = `${PUBLIC_URL}/api/v1/auth/sso/callback`;
const CLIENT_ID = 'hotleads-tests';
const CLIENT_SECRET = 'local provider client secret 8c1f2e';

describe('single sign-on (OpenID Connect against a local provider)', () => {
  let t: TestApp;
  let provider: LocalOidcProvider;

  beforeAll(async () => {
    rememberSecret(CLIENT_SECRET);
    provider = await startLocalOidcProvider([{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [REDIRECT_URI] }]);
    t = await createTestApp({ env: { RATE_LIMIT_LOGIN: '1000', PUBLIC_URL } });
  });

  afterAll(async () => {
    await t?.close();
    await provider?.stop();
  });

  afterEach(async () => {
    await provider.tamper(false);
  });

  const sql = <T>(tenantId: string, query: string, params: unknown[] = []): Promise<T[]> => t.app.get(TenantDb).run(tenantId, (m) => m.query(query, params));

  interface Workspace {
    owner: TestUser;
    session: SignedIn;
  }

  const settings = (w: Workspace, overrides: Record<string, unknown> = {}) => ({
    displayName: 'Local IdP',
    issuerUrl: provider.issuer,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    allowedDomains: ['example.org'],
    jitRoleId: w.owner.roleIds.agent,
    enabled: true,
    requireSso: false,
    ...overrides,
  });

  const workspaceWithSso = async (overrides: Record<string, unknown> = {}): Promise<Workspace> => {
    const owner = await createTenantWithUser(t.app, 'owner', 'SSO Co');
    const w = { owner, session: await signIn(t.http, owner.email, owner.password) };
    await t.http.put('/api/v1/settings/sso').set(w.session.auth).send(settings(w, overrides)).expect(200);
    return w;
  };

  // The browser's whole trip: our start URL, the provider's login form, back to our callback.
  const ssoSignIn = async (tenantId: string, email: string, tweak?: (authorizationUrl: URL) => void) => {
    const start = await t.http.get(`/api/v1/auth/sso/${tenantId}/start`).expect(302);
    const authorizationUrl = new URL(start.headers.location);
    expect(authorizationUrl.origin).toBe(provider.issuer);
    expect(authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorizationUrl.searchParams.get('state')).toBeTruthy();
    expect(authorizationUrl.searchParams.get('nonce')).toBeTruthy();
    tweak?.(authorizationUrl);
    const params = await signInAtProvider(authorizationUrl.toString(), REDIRECT_URI, email);
    const callback = await t.http.get(`/api/v1/auth/sso/callback?${params.toString()}`).expect(302);
    return { callback, params };
  };

  const errorOf = (location: string) => new URL(location, PUBLIC_URL).searchParams.get('sso_error');

  const refresh = (cookie: string) => t.http.post('/api/v1/auth/refresh').set('Cookie', cookie).set(SAME_ORIGIN);

  const ssoAudit = (tenantId: string) =>
    sql<{ outcome: string; actor_id: string | null; metadata: Record<string, unknown> }>(
      tenantId,
      `select outcome, actor_id, metadata from audit_logs where action = 'auth.sso.login' order by created_at, id`,
    );

  it('saves the settings with the client secret sealed, never returned, and only for people who may manage settings', async () => {
    const owner = await createTenantWithUser(t.app, 'owner', 'Settings Co');
    const session = await signIn(t.http, owner.email, owner.password);
    const w = { owner, session };
    const empty = await t.http.get('/api/v1/settings/sso').set(session.auth).expect(200);
    expect(empty.body).toMatchObject({ configured: false, clientSecretSet: false, redirectUri: REDIRECT_URI });

    const withoutSecret = await t.http.put('/api/v1/settings/sso').set(session.auth).send({ ...settings(w), clientSecret: undefined }).expect(422);
    expect(withoutSecret.body.code).toBe('client_secret_required');

    const saved = await t.http
      .put('/api/v1/settings/sso')
      .set(session.auth)
      .send({ ...settings(w), allowedDomains: [' Example.ORG ', '@example.net'] })
      .expect(200);
    expect(saved.body).toMatchObject({ configured: true, clientSecretSet: true, allowedDomains: ['example.org', 'example.net'], issuerUrl: provider.issuer });
    expect(JSON.stringify(saved.body)).not.toContain(CLIENT_SECRET);
    const [row] = await sql<{ id: string; client_secret: string; client_secret_key_id: string }>(owner.tenantId, `select id, client_secret, client_secret_key_id from sso_connections`);
    expect(row.client_secret).not.toContain(CLIENT_SECRET);
    const vault = new CredentialsVault(Buffer.from(TEST_ENCRYPTION_KEY, 'base64'), [], 'sso_connection');
    expect(vault.open(row.id, { ciphertext: row.client_secret, keyId: row.client_secret_key_id })).toEqual({ clientSecret: CLIENT_SECRET });
    // Sealed for this row only: the integrations' associated data does not open it.
    expect(() => new CredentialsVault(Buffer.from(TEST_ENCRYPTION_KEY, 'base64')).open(row.id, { ciphertext: row.client_secret, keyId: row.client_secret_key_id })).toThrow();

    // Omitting the secret later keeps it.
    await t.http.put('/api/v1/settings/sso').set(session.auth).send({ ...settings(w), clientSecret: undefined, displayName: 'Renamed', allowedDomains: ['example.org', 'example.net'] }).expect(200);
    const [kept] = await sql<{ client_secret: string }>(owner.tenantId, `select client_secret from sso_connections`);
    expect(kept.client_secret).toBe(row.client_secret);
    const audit = await sql<{ changes: Record<string, unknown> }>(owner.tenantId, `select changes from audit_logs where action = 'sso.settings.update' order by created_at`);
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toContain(CLIENT_SECRET);
    expect(audit[1].changes).toEqual({ displayName: { from: 'Local IdP', to: 'Renamed' } });

    const viewer = await addUser(t.app, owner.tenantId, owner.roleIds.viewer, 'viewer');
    const viewerSession = await signIn(t.http, viewer.email, viewer.password);
    await t.http.get('/api/v1/settings/sso').set(viewerSession.auth).expect(403);
    await t.http.put('/api/v1/settings/sso').set(viewerSession.auth).send(settings(w)).expect(403);
    const key = await t.http.post('/api/v1/api-keys').set(session.auth).send({ name: 'k', scopes: ['settings:manage'] }).expect(201);
    await t.http.put('/api/v1/settings/sso').set('X-API-Key', key.body.secret).send(settings(w)).expect(403);

    // An admin cannot hand the owner role to whoever signs in.
    const admin = await addUser(t.app, owner.tenantId, owner.roleIds.admin, 'admin');
    const adminSession = await signIn(t.http, admin.email, admin.password);
    const grant = await t.http.put('/api/v1/settings/sso').set(adminSession.auth).send({ ...settings(w), jitRoleId: owner.roleIds.owner }).expect(403);
    expect(grant.body.code).toBe('grant_not_allowed');
    const unknownRole = await t.http.put('/api/v1/settings/sso').set(session.auth).send({ ...settings(w), jitRoleId: '00000000-0000-4000-8000-000000000000' }).expect(422);
    expect(unknownRole.body.code).toBe('unknown_role');

    for (const bad of [
      { issuerUrl: 'ftp://idp.example.org' },
      { issuerUrl: 'https://idp.example.org/?x=1' },
      { allowedDomains: ['not a domain'] },
      { allowedDomains: 'example.org' },
      { displayName: '' },
      { enabled: 'yes' },
      { jitRoleId: 'nope' },
      { clientSecret: null },
      { displayName: 'a\u0000b' },
    ]) {
      const res = await t.http.put('/api/v1/settings/sso').set(session.auth).send({ ...settings(w), ...bad });
      expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('shows the sign-in page the provider of a workspace with single sign-on, and nothing for others', async () => {
    const w = await workspaceWithSso();
    const info = await t.http.get(`/api/v1/auth/sso/${w.owner.tenantId}`).expect(200);
    expect(info.body).toEqual({ workspaceId: w.owner.tenantId, workspaceName: 'SSO Co', providerName: 'Local IdP', startUrl: `/api/v1/auth/sso/${w.owner.tenantId}/start` });
    const plain = await createTenantWithUser(t.app, 'owner', 'No SSO');
    expect((await t.http.get(`/api/v1/auth/sso/${plain.tenantId}`).expect(404)).body.code).toBe('sso_not_configured');
    await t.http.get('/api/v1/auth/sso/not-a-workspace').expect(404);
    const start = await t.http.get(`/api/v1/auth/sso/${plain.tenantId}/start`).expect(404);
    expect(start.body.code).toBe('sso_not_configured');
  });

  it('provisions a new person just in time, with a session like a password sign-in that meets the MFA requirement', async () => {
    const w = await workspaceWithSso();
    await t.http.patch('/api/v1/settings').set(w.session.auth).send({ requireMfa: true }).expect(200);
    const { callback } = await ssoSignIn(w.owner.tenantId, 'new.person@example.org');
    expect(callback.headers.location).toBe('/sign-in?sso=signed-in');
    const cookie = refreshCookieFrom(callback.headers['set-cookie']);
    expect(callback.headers['set-cookie'][0]).toMatch(/HttpOnly/i);

    const refreshed = await refresh(cookie).expect(200);
    const me = await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${refreshed.body.accessToken}`).expect(200);
    expect(me.body.user).toMatchObject({ email: 'new.person@example.org', roleId: w.owner.roleIds.agent, name: 'new.person' });
    // The refresh cookie rotates like any other: the first one is spent.
    await refresh(cookie).expect(401);

    const [session] = await sql<{ mfa: boolean }>(w.owner.tenantId, `select s.mfa from sessions s join users u on u.id = s.user_id where u.email = 'new.person@example.org'`);
    expect(session.mfa).toBe(true);
    const audit = await ssoAudit(w.owner.tenantId);
    expect(audit).toEqual([{ outcome: 'success', actor_id: me.body.user.id, metadata: expect.objectContaining({ amr: ['pwd', 'mfa'], provisioned: true, provider: 'Local IdP' }) }]);

    // The second time, the same account.
    const again = await ssoSignIn(w.owner.tenantId, 'new.person@example.org');
    expect(again.callback.headers.location).toBe('/sign-in?sso=signed-in');
    const users = await sql<{ count: string }>(w.owner.tenantId, `select count(*) from users where email = 'new.person@example.org'`);
    expect(users[0].count).toBe('1');
  });

  it('with provisioning off, signs in only invited or existing people', async () => {
    const w = await workspaceWithSso({ jitRoleId: null });
    const stranger = await ssoSignIn(w.owner.tenantId, 'stranger@example.org');
    expect(errorOf(stranger.callback.headers.location)).toBe('no_invitation');
    expect(stranger.callback.headers['set-cookie']).toBeUndefined();

    await t.http.post('/api/v1/users').set(w.session.auth).send({ email: 'invited@example.org', roleId: w.owner.roleIds.manager }).expect(201);
    const invited = await ssoSignIn(w.owner.tenantId, 'invited@example.org');
    expect(invited.callback.headers.location).toBe('/sign-in?sso=signed-in');
    const [user] = await sql<{ status: string; role_id: string }>(w.owner.tenantId, `select status, role_id from users where email = 'invited@example.org'`);
    expect(user).toEqual({ status: 'active', role_id: w.owner.roleIds.manager });
    const audit = await ssoAudit(w.owner.tenantId);
    expect(audit.map((a) => [a.outcome, a.metadata.reason ?? null])).toEqual([
      ['failure', 'no_invitation'],
      ['success', null],
    ]);
  });

  it('refuses a domain that is not allowed, an unverified email and a disabled user, creating nothing', async () => {
    const w = await workspaceWithSso();
    const outsider = await ssoSignIn(w.owner.tenantId, 'someone@elsewhere.com');
    expect(errorOf(outsider.callback.headers.location)).toBe('domain_not_allowed');
    const unverified = await ssoSignIn(w.owner.tenantId, 'unverified.person@example.org');
    expect(errorOf(unverified.callback.headers.location)).toBe('email_not_verified');

    const disabled = await addUser(t.app, w.owner.tenantId, w.owner.roleIds.agent, 'disabled');
    const email = disabled.email.replace('@example.com', '@example.org');
    await sql(w.owner.tenantId, `update users set email = $2, status = 'disabled' where id = $1`, [disabled.id, email]);
    const refused = await ssoSignIn(w.owner.tenantId, email);
    expect(errorOf(refused.callback.headers.location)).toBe('user_disabled');

    for (const res of [outsider, unverified, refused]) expect(res.callback.headers['set-cookie']).toBeUndefined();
    const users = await sql<{ email: string }>(w.owner.tenantId, `select email from users where email like '%elsewhere.com' or email like 'unverified%'`);
    expect(users).toEqual([]);
    const sessions = await sql<{ count: string }>(w.owner.tenantId, `select count(*) from sessions where user_id <> $1`, [w.owner.id]);
    expect(sessions[0].count).toBe('0');
    const audit = await ssoAudit(w.owner.tenantId);
    expect(audit.map((a) => a.metadata.reason)).toEqual(['domain_not_allowed', 'email_not_verified', 'user_disabled']);
  });

  it('refuses a sign-in from outside the staff allowlist, like a password', async () => {
    const w = await workspaceWithSso();
    await sql(w.owner.tenantId, `update tenants set staff_ip_ranges = '{10.9.0.0/16}' where id = $1`, [w.owner.tenantId]);
    t.app.get(NetworkAccess).forget(w.owner.tenantId);
    const refused = await ssoSignIn(w.owner.tenantId, 'new.person@example.org');
    expect(errorOf(refused.callback.headers.location)).toBe('ip_not_allowed');
    expect(refused.callback.headers['set-cookie']).toBeUndefined();
    expect(await sql(w.owner.tenantId, `select id from users where email = 'new.person@example.org'`)).toEqual([]);
    const [audit] = await ssoAudit(w.owner.tenantId);
    expect(audit).toMatchObject({ outcome: 'failure', metadata: { reason: 'ip_not_allowed' } });
  });

  it('refuses a replayed state', async () => {
    const w = await workspaceWithSso();
    const { callback, params } = await ssoSignIn(w.owner.tenantId, 'replay@example.org');
    expect(callback.headers.location).toBe('/sign-in?sso=signed-in');
    const replay = await t.http.get(`/api/v1/auth/sso/callback?${params.toString()}`).expect(302);
    expect(errorOf(replay.headers.location)).toBe('expired');
    expect(replay.headers['set-cookie']).toBeUndefined();
    const forged = await t.http.get('/api/v1/auth/sso/callback?code=abc&state=made-up').expect(302);
    expect(errorOf(forged.headers.location)).toBe('expired');
  });

  it('refuses an ID token whose nonce is not the one this sign-in sent', async () => {
    const w = await workspaceWithSso();
    const { callback } = await ssoSignIn(w.owner.tenantId, 'nonce@example.org', (url) => url.searchParams.set('nonce', 'a-nonce-from-another-request'));
    expect(errorOf(callback.headers.location)).toBe('invalid_response');
    expect(callback.headers['set-cookie']).toBeUndefined();
    const [audit] = await ssoAudit(w.owner.tenantId);
    expect(audit.metadata).toMatchObject({ reason: 'invalid_response', detail: expect.stringMatching(/nonce/) });
  });

  it('refuses an ID token altered on its way from the provider', async () => {
    const w = await workspaceWithSso();
    await provider.tamper(true);
    const { callback } = await ssoSignIn(w.owner.tenantId, 'tampered@example.org');
    expect(errorOf(callback.headers.location)).toBe('invalid_response');
    expect(callback.headers['set-cookie']).toBeUndefined();
    const users = await sql<{ email: string }>(w.owner.tenantId, `select email from users where email like '%tampered@example.org'`);
    expect(users).toEqual([]);
    const [audit] = await ssoAudit(w.owner.tenantId);
    expect(audit.metadata).toMatchObject({ reason: 'invalid_response' });
  });

  it('with single sign-on required, refuses passwords to everyone but owners, whose break-glass password needs MFA', async () => {
    const w = await workspaceWithSso();
    const agent = await addUser(t.app, w.owner.tenantId, w.owner.roleIds.agent, 'agent');
    const admin = await addUser(t.app, w.owner.tenantId, w.owner.roleIds.admin, 'admin');
    const enrolled = await enrolMfa(t.http, w.owner.email, w.owner.password);
    await t.http.put('/api/v1/settings/sso').set(enrolled.session.auth).send({ ...settings(w), clientSecret: undefined, requireSso: true }).expect(200);

    for (const user of [agent, admin]) {
      const refused = await t.http.post('/api/v1/auth/login').send({ email: user.email, password: user.password }).expect(403);
      expect(refused.body.code).toBe('sso_required');
      expect(refused.headers['set-cookie']).toBeUndefined();
    }
    // A wrong password still gets the same 401 as anywhere else.
    await t.http.post('/api/v1/auth/login').send({ email: agent.email, password: 'wrong password entirely' }).expect(401);

    const mfaToken = await passwordStep(t.http, w.owner.email, w.owner.password);
    const done = await t.http.post('/api/v1/auth/mfa/verify').send({ mfaToken, code: totpCode(enrolled.secret, 1) }).expect(200);
    expect(done.body.accessToken).toEqual(expect.any(String));

    // An owner without MFA must enrol before the password gets a session.
    const secondOwner = await addUser(t.app, w.owner.tenantId, w.owner.roleIds.owner, 'owner2');
    await passwordStep(t.http, secondOwner.email, secondOwner.password, 'mfaEnrollmentRequired');

    // Turned off again, passwords work for everyone.
    await t.http.put('/api/v1/settings/sso').set(done.body.accessToken ? { Authorization: `Bearer ${done.body.accessToken}` } : {}).send({ ...settings(w), clientSecret: undefined, requireSso: false }).expect(200);
    await signIn(t.http, agent.email, agent.password);
  });

  it('runs a test sign-in that reports the claims and creates no session', async () => {
    const w = await workspaceWithSso({ enabled: false });
    const started = await t.http.post('/api/v1/settings/sso/test').set(w.session.auth).expect(201);
    const pending = await t.http.get(`/api/v1/settings/sso/test/${started.body.id}`).set(w.session.auth).expect(200);
    expect(pending.body).toEqual({ status: 'pending' });
    const params = await signInAtProvider(started.body.url, REDIRECT_URI, 'tester@example.org');
    const page = await t.http.get(`/api/v1/auth/sso/callback?${params.toString()}`).expect(200);
    expect(page.text).toContain('Test sign-in finished');
    expect(page.headers['set-cookie']).toBeUndefined();
    const result = await t.http.get(`/api/v1/settings/sso/test/${started.body.id}`).set(w.session.auth).expect(200);
    expect(result.body).toMatchObject({ status: 'succeeded', claims: { email: 'tester@example.org', email_verified: true, iss: provider.issuer, aud: CLIENT_ID } });
    const users = await sql<{ email: string }>(w.owner.tenantId, `select email from users where email = 'tester@example.org'`);
    expect(users).toEqual([]);

    // Someone else in the workspace cannot read it.
    const admin = await addUser(t.app, w.owner.tenantId, w.owner.roleIds.admin, 'admin');
    const adminSession = await signIn(t.http, admin.email, admin.password);
    await t.http.get(`/api/v1/settings/sso/test/${started.body.id}`).set(adminSession.auth).expect(404);

    // A tampered answer is reported as such.
    await provider.tamper(true);
    const second = await t.http.post('/api/v1/settings/sso/test').set(w.session.auth).expect(201);
    const secondParams = await signInAtProvider(second.body.url, REDIRECT_URI, 'tester@example.org');
    await t.http.get(`/api/v1/auth/sso/callback?${secondParams.toString()}`).expect(200);
    const failed = await t.http.get(`/api/v1/settings/sso/test/${second.body.id}`).set(w.session.auth).expect(200);
    expect(failed.body).toMatchObject({ status: 'failed', error: 'invalid_response', message: expect.any(String) });

    // Disabled, it is not offered on the sign-in page.
    await t.http.get(`/api/v1/auth/sso/${w.owner.tenantId}`).expect(404);
  });
});
