import { randomToken, sha256 } from '../src/common/crypto/tokens';
import { TenantDb } from '../src/common/db/tenant-db.service';
import { UserToken } from '../src/modules/users/user-token.entity';
import { MailerService, type MailMessage } from '../src/modules/mail/mailer.service';
import { Tenant } from '../src/modules/tenants/tenant.entity';
import { User } from '../src/modules/users/user.entity';
import { addUser, createTenantWithUser, refreshCookieFrom, signIn, strongPassword, uniqueEmail, type TestUser, SAME_ORIGIN } from './support/factories';
import { rememberSecret } from './support/log-capture';
import { enrolMfa } from './support/mfa';
import { auditActions, tenantSql } from './support/tenant-sql';
import { createTestApp, type TestApp } from './support/test-app';

const PUBLIC_URL = 'https://leads.example.com';
// Long enough, but trivially guessable: the policy refuses it.
const WEAK_PASSWORD = 'aaaaaaaaaaaaaaaa';

describe('account', () => {
  let t: TestApp;
  let send: jest.SpiedFunction<MailerService['send']>;
  // What was handed to the mailer. It really runs (and, without SMTP_URL, sends nothing): the run's log
  // check then proves the reset token reaches no log line outside development.
  const mailed = (): MailMessage[] => send.mock.calls.map(([message]) => message);

  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_LOGIN: '1000', ALLOW_SIGNUP: 'true', PUBLIC_URL } });
  });

  beforeEach(() => {
    send = jest.spyOn(t.app.get(MailerService), 'send');
  });

  afterEach(() => jest.restoreAllMocks());

  afterAll(async () => {
    await t.close();
  });

  const login = (email: string, password: string) => t.http.post('/api/v1/auth/login').send({ email, password });

  // Asks for a reset link and returns the token in the email that was sent.
  async function resetTokenFor(email: string): Promise<string> {
    await t.http.post('/api/v1/auth/password/forgot').send({ email }).expect(202);
    const message = mailed().filter((m) => m.to === email).at(-1);
    const match = message ? /reset-password\?token=([\w-]+)/.exec(message.text) : null;
    if (!match) throw new Error(`no reset link was mailed to ${email}`);
    rememberSecret(match[1]);
    return match[1];
  }

  const resetTokens = (user: TestUser) =>
    tenantSql<{ token_hash: string; expires_at: Date; used_at: Date | null }>(
      t.app,
      user.tenantId,
      `select token_hash, expires_at, used_at from user_tokens where user_id = $1 and purpose = 'password_reset'`,
      [user.id],
    );

  describe('own profile', () => {
    const profileAudit = (user: TestUser) =>
      tenantSql<{ actor_id: string; resource_id: string; changes: unknown }>(
        t.app,
        user.tenantId,
        `select actor_id, resource_id, changes from audit_logs where action = 'auth.profile.update' order by created_at`,
      );

    it('renames the signed-in user, answers /me and records the change once', async () => {
      const user = await createTenantWithUser(t.app, 'owner');
      const session = await signIn(t.http, user.email, user.password);
      const rename = (body: object) => t.http.patch('/api/v1/auth/me').set(session.auth).send(body);

      const res = await rename({ name: '  Ada Lovelace  ' }).expect(200);
      expect(res.body).toMatchObject({ user: { id: user.id, email: user.email, name: 'Ada Lovelace', roleName: 'Owner' }, tenant: { id: user.tenantId } });
      const me = await t.http.get('/api/v1/auth/me').set(session.auth).expect(200);
      expect(me.body).toEqual(res.body);

      // The same name again changes nothing and records nothing.
      await rename({ name: 'Ada Lovelace' }).expect(200);
      await expect(profileAudit(user)).resolves.toEqual([{ actor_id: user.id, resource_id: user.id, changes: { name: { from: 'owner', to: 'Ada Lovelace' } } }]);
    });

    it('lets a viewer rename themselves, and nothing else', async () => {
      const owner = await createTenantWithUser(t.app, 'owner');
      const viewer = await addUser(t.app, owner.tenantId, owner.roleIds.viewer, 'viewer');
      const session = await signIn(t.http, viewer.email, viewer.password);
      const res = await t.http.patch('/api/v1/auth/me').set(session.auth).send({ name: 'Vera Viewer' }).expect(200);
      expect(res.body.user).toMatchObject({ id: viewer.id, name: 'Vera Viewer', roleName: 'Viewer' });
      expect(res.body.user.permissions).not.toContain('users:manage');
      // Unknown fields are refused, so a role or status cannot ride along.
      const extra = await t.http.patch('/api/v1/auth/me').set(session.auth).send({ name: 'Vera', roleId: owner.roleIds.owner }).expect(400);
      expect(extra.body.code).toBe('validation_failed');
      const [row] = await tenantSql<{ name: string; role_id: string }>(t.app, owner.tenantId, `select name, role_id from users where id = $1`, [viewer.id]);
      expect(row).toEqual({ name: 'Vera Viewer', role_id: owner.roleIds.viewer });
    });

    it('refuses a blank, missing or overlong name', async () => {
      const user = await createTenantWithUser(t.app, 'agent');
      const session = await signIn(t.http, user.email, user.password);
      for (const body of [{ name: '' }, { name: '   ' }, {}, { name: 'x'.repeat(201) }, { name: 42 }, { name: null }]) {
        const res = await t.http.patch('/api/v1/auth/me').set(session.auth).send(body).expect(400);
        expect(res.body.code).toBe('validation_failed');
        expect(res.body.errors.length).toBeGreaterThan(0);
        expect(new Set(res.body.errors.map((e: { field: string }) => e.field))).toEqual(new Set(['name']));
      }
      const me = await t.http.get('/api/v1/auth/me').set(session.auth).expect(200);
      expect(me.body.user.name).toBe('agent');
      await expect(profileAudit(user)).resolves.toEqual([]);
    });

    it('needs a staff session: no token is 401, an API key is 403', async () => {
      const owner = await createTenantWithUser(t.app, 'owner');
      const session = await signIn(t.http, owner.email, owner.password);
      const key = await t.http.post('/api/v1/api-keys').set(session.auth).send({ name: 'profile bot', scopes: ['leads:read'] }).expect(201);
      rememberSecret(key.body.secret);
      await t.http.patch('/api/v1/auth/me').send({ name: 'Nobody' }).expect(401);
      const denied = await t.http.patch('/api/v1/auth/me').set('X-API-Key', key.body.secret).send({ name: 'Key' }).expect(403);
      expect(denied.body.code).toBe('forbidden');
      await expect(profileAudit(owner)).resolves.toEqual([]);
    });
  });

  describe('password change', () => {
    it('changes the password and signs out every other session of the user', async () => {
      const user = await createTenantWithUser(t.app);
      const current = await signIn(t.http, user.email, user.password);
      const other = await signIn(t.http, user.email, user.password);
      const newPassword = strongPassword();
      const change = (body: object) => t.http.post('/api/v1/auth/password').set(current.auth).send(body);

      const wrong = await change({ currentPassword: 'not the password at all', newPassword }).expect(400);
      expect(wrong.body).toMatchObject({ code: 'validation_failed', errors: [{ field: 'currentPassword', message: expect.any(String) }] });

      const weak = await change({ currentPassword: user.password, newPassword: WEAK_PASSWORD }).expect(400);
      expect(weak.body).toMatchObject({ code: 'validation_failed', errors: [{ field: 'newPassword', message: expect.stringMatching(/guess/) }] });
      await t.http.get('/api/v1/auth/me').set(other.auth).expect(200);

      await change({ currentPassword: user.password, newPassword }).expect(204);
      await t.http.get('/api/v1/auth/me').set(current.auth).expect(200);
      await t.http.get('/api/v1/auth/me').set(other.auth).expect(401);
      await t.http.post('/api/v1/auth/refresh').set('Cookie', other.refreshCookie).set(SAME_ORIGIN).expect(401);
      await t.http.post('/api/v1/auth/refresh').set('Cookie', current.refreshCookie).set(SAME_ORIGIN).expect(200);

      await login(user.email, user.password).expect(401);
      await signIn(t.http, user.email, newPassword);
      const [row] = await tenantSql<{ password_changed_at: Date | null }>(t.app, user.tenantId, `select password_changed_at from users where id = $1`, [user.id]);
      expect(row.password_changed_at).not.toBeNull();
      await expect(auditActions(t.app, user.tenantId, user.id)).resolves.toEqual(
        expect.arrayContaining(['auth.password.change:failure', 'auth.password.change:success']),
      );
    });

    it('needs a session', async () => {
      await t.http.post('/api/v1/auth/password').send({ currentPassword: 'x', newPassword: strongPassword() }).expect(401);
    });
  });

  describe('forgotten password', () => {
    it('answers the same for a known and an unknown email, and only the known one gets a token', async () => {
      const user = await createTenantWithUser(t.app);
      const countResetTokens = () => t.app.get(TenantDb).crossTenant((m) => m.count(UserToken, { where: { purpose: 'password_reset' } }));
      const before = await countResetTokens();

      const known = await t.http.post('/api/v1/auth/password/forgot').send({ email: user.email.toUpperCase() }).expect(202);
      expect(await countResetTokens()).toBe(before + 1);
      const unknown = await t.http.post('/api/v1/auth/password/forgot').send({ email: uniqueEmail('nobody') }).expect(202);
      expect(await countResetTokens()).toBe(before + 1);
      expect(known.body).toEqual({ accepted: true });
      expect(unknown.body).toEqual(known.body);

      const tokens = await resetTokens(user);
      expect(tokens).toHaveLength(1);
      const minutes = (new Date(tokens[0].expires_at).getTime() - Date.now()) / 60_000;
      expect(minutes).toBeGreaterThan(28);
      expect(minutes).toBeLessThanOrEqual(30);

      // One email, to the known address, with a link to this installation; the token is stored hashed.
      expect(mailed()).toHaveLength(1);
      expect(mailed()[0].to).toBe(user.email);
      const link = /(\S+reset-password\?token=([\w-]+))/.exec(mailed()[0].text);
      expect(link?.[1].startsWith(`${PUBLIC_URL}/reset-password?token=`)).toBe(true);
      rememberSecret(link![2]);
      expect(tokens[0].token_hash).toBe(sha256(link![2]));
      await expect(auditActions(t.app, user.tenantId, user.id)).resolves.toContain('auth.password.reset_requested:success');
    });

    it('sends nothing to a user who cannot sign in', async () => {
      const owner = await createTenantWithUser(t.app);
      const disabled = await t.app
        .get(TenantDb)
        .run(owner.tenantId, (m) =>
          m.save(
            m.create(User, { tenantId: owner.tenantId, email: uniqueEmail('disabled'), name: 'Gone', roleId: owner.roleIds.agent, status: 'disabled', passwordHash: null }),
          ),
        );
      await t.http.post('/api/v1/auth/password/forgot').send({ email: disabled.email }).expect(202, { accepted: true });
      expect(mailed()).toEqual([]);
      const rows = await tenantSql(t.app, owner.tenantId, `select id from user_tokens where user_id = $1`, [disabled.id]);
      expect(rows).toHaveLength(0);
    });
  });

  describe('password reset', () => {
    it('sets the new password once, signs out everywhere and clears a lockout, without signing in', async () => {
      const user = await createTenantWithUser(t.app);
      const a = await signIn(t.http, user.email, user.password);
      const b = await signIn(t.http, user.email, user.password);
      await tenantSql(t.app, user.tenantId, `update users set failed_login_count = 7, locked_until = now() + interval '1 hour' where id = $1`, [user.id]);
      const token = await resetTokenFor(user.email);
      const newPassword = strongPassword();

      // A refused password does not use the token up.
      const weak = await t.http.post('/api/v1/auth/password/reset').send({ token, newPassword: WEAK_PASSWORD }).expect(400);
      expect(weak.body).toMatchObject({ code: 'validation_failed', errors: [{ field: 'newPassword' }] });

      const res = await t.http.post('/api/v1/auth/password/reset').send({ token, newPassword }).expect(204);
      expect(res.body).toEqual({});
      expect(res.headers['set-cookie']).toBeUndefined();

      for (const session of [a, b]) {
        await t.http.get('/api/v1/auth/me').set(session.auth).expect(401);
        await t.http.post('/api/v1/auth/refresh').set('Cookie', session.refreshCookie).set(SAME_ORIGIN).expect(401);
      }
      const again = await t.http.post('/api/v1/auth/password/reset').send({ token, newPassword: strongPassword() }).expect(400);
      expect(again.body.code).toBe('invalid_token');

      await login(user.email, user.password).expect(401);
      await signIn(t.http, user.email, newPassword);
      await expect(auditActions(t.app, user.tenantId, user.id)).resolves.toContain('auth.password.reset:success');
    });

    it('refuses an expired, unknown or superseded token', async () => {
      const user = await createTenantWithUser(t.app);
      const first = await resetTokenFor(user.email);
      const second = await resetTokenFor(user.email);
      await tenantSql(t.app, user.tenantId, `update user_tokens set expires_at = now() - interval '1 minute' where token_hash = $1`, [sha256(second)]);

      const expired = await t.http.post('/api/v1/auth/password/reset').send({ token: second, newPassword: strongPassword() }).expect(400);
      expect(expired.body.code).toBe('invalid_token');
      const unknown = await t.http.post('/api/v1/auth/password/reset').send({ token: randomToken(32), newPassword: strongPassword() }).expect(400);
      expect({ ...unknown.body, requestId: undefined }).toEqual({ ...expired.body, requestId: undefined });

      // Using one link spends every other outstanding one.
      const third = await resetTokenFor(user.email);
      await t.http.post('/api/v1/auth/password/reset').send({ token: third, newPassword: strongPassword() }).expect(204);
      await t.http.post('/api/v1/auth/password/reset').send({ token: first, newPassword: strongPassword() }).expect(400);
      const unused = (await resetTokens(user)).filter((r) => r.used_at === null);
      expect(unused).toEqual([]);
      await login(user.email, user.password).expect(401);
    });

    it('leaves MFA in place: signing in afterwards still asks for the code', async () => {
      const user = await createTenantWithUser(t.app);
      await enrolMfa(t.http, user.email, user.password);
      const token = await resetTokenFor(user.email);
      const newPassword = strongPassword();
      await t.http.post('/api/v1/auth/password/reset').send({ token, newPassword }).expect(204);

      const res = await login(user.email, newPassword).expect(200);
      expect(res.body).toEqual({ mfaRequired: true, mfaToken: expect.any(String) });
      rememberSecret(res.body.mfaToken);
      expect(res.headers['set-cookie']).toBeUndefined();
    });
  });

  describe('invitation', () => {
    // What the Users module does when inviting: a user without a password and a hashed, 7-day token.
    async function invite(tenantId: string, roleId: string): Promise<{ email: string; userId: string; token: string }> {
      const email = uniqueEmail('invited');
      const token = randomToken(32);
      rememberSecret(token);
      const userId = await t.app.get(TenantDb).run(tenantId, async (m) => {
        const user = await m.save(m.create(User, { tenantId, email, name: '', roleId, status: 'invited', passwordHash: null }));
        await m.insert(UserToken, { tenantId, userId: user.id, purpose: 'invitation', tokenHash: sha256(token), expiresAt: new Date(Date.now() + 7 * 86_400_000) });
        return user.id;
      });
      return { email, userId, token };
    }

    it('sets name and password, activates the user and signs them in, once', async () => {
      const owner = await createTenantWithUser(t.app);
      const { email, userId, token } = await invite(owner.tenantId, owner.roleIds.agent);
      const password = strongPassword();
      await login(email, password).expect(401);

      const weak = await t.http.post('/api/v1/auth/invitations/accept').send({ token, name: 'Grace Hopper', password: WEAK_PASSWORD }).expect(400);
      expect(weak.body).toMatchObject({ code: 'validation_failed', errors: [{ field: 'password' }] });

      const res = await t.http.post('/api/v1/auth/invitations/accept').send({ token, name: '  Grace Hopper ', password }).expect(200);
      expect(res.body).toMatchObject({ tokenType: 'Bearer', user: { id: userId, email, name: 'Grace Hopper', roleName: 'Agent', mfaEnabled: false } });
      refreshCookieFrom(res.headers['set-cookie']);
      rememberSecret(res.body.accessToken);
      const me = await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
      expect(me.body.tenant.id).toBe(owner.tenantId);

      const again = await t.http.post('/api/v1/auth/invitations/accept').send({ token, name: 'Mallory', password: strongPassword() }).expect(400);
      expect(again.body.code).toBe('invalid_token');
      await signIn(t.http, email, password);
      const [row] = await tenantSql<{ status: string; name: string }>(t.app, owner.tenantId, `select status, name from users where id = $1`, [userId]);
      expect(row).toEqual({ status: 'active', name: 'Grace Hopper' });
      await expect(auditActions(t.app, owner.tenantId, userId)).resolves.toEqual(expect.arrayContaining(['user.invitation.accept:success', 'auth.login:success']));
    });

    it('refuses an expired invitation', async () => {
      const owner = await createTenantWithUser(t.app);
      const { token, userId } = await invite(owner.tenantId, owner.roleIds.viewer);
      await tenantSql(t.app, owner.tenantId, `update user_tokens set expires_at = now() - interval '1 second' where user_id = $1`, [userId]);
      const res = await t.http.post('/api/v1/auth/invitations/accept').send({ token, name: 'Late', password: strongPassword() }).expect(400);
      expect(res.body.code).toBe('invalid_token');
    });

    it('asks for MFA enrolment first when the workspace requires it', async () => {
      const owner = await createTenantWithUser(t.app, 'owner', 'Strict');
      await t.app.get(TenantDb).run(owner.tenantId, (m) => m.update(Tenant, { id: owner.tenantId }, { settings: { requireMfa: true } }));
      const { token } = await invite(owner.tenantId, owner.roleIds.manager);
      const res = await t.http.post('/api/v1/auth/invitations/accept').send({ token, name: 'Careful', password: strongPassword() }).expect(200);
      expect(res.body).toEqual({ mfaEnrollmentRequired: true, mfaToken: expect.any(String) });
      rememberSecret(res.body.mfaToken);
      expect(res.headers['set-cookie']).toBeUndefined();
    });
  });

  describe('signup', () => {
    it('creates a workspace with its owner, who then signs in, and emails the address', async () => {
      const email = uniqueEmail('founder');
      const password = strongPassword();
      const res = await t.http
        .post('/api/v1/auth/signup')
        .send({ tenantName: ' Initech ', name: 'Peter Gibbons', email: email.toUpperCase(), password })
        .expect(202);
      expect(res.body).toEqual({ accepted: true });
      expect(res.headers['set-cookie']).toBeUndefined();
      // Handed to the mailer before the answer (not awaited, so a slow mail server tells nothing).
      expect(mailed()).toEqual([expect.objectContaining({ to: email, subject: 'Your Hot Leads workspace Initech is ready' })]);

      const session = await signIn(t.http, email, password);
      const me = await t.http.get('/api/v1/auth/me').set(session.auth).expect(200);
      expect(me.body.user).toMatchObject({ email, name: 'Peter Gibbons', roleName: 'Owner', mfaEnabled: false });
      expect(me.body.tenant).toMatchObject({ name: 'Initech', settings: { requireMfa: false } });
      expect(me.body.user.permissions).toContain('settings:manage');
      await expect(auditActions(t.app, me.body.tenant.id, me.body.user.id)).resolves.toEqual(expect.arrayContaining(['tenant.signup:success']));
    });

    it('answers an address of any workspace exactly like a new one, and emails its owner instead', async () => {
      const existing = await createTenantWithUser(t.app, 'owner', 'Existing Co');
      const fresh = uniqueEmail('fresh');
      const strip = (r: { status: number; body: unknown; headers: Record<string, unknown> }) => ({
        status: r.status,
        body: r.body,
        type: r.headers['content-type'],
        cookie: r.headers['set-cookie'],
      });
      const signup = (email: string) => t.http.post('/api/v1/auth/signup').send({ tenantName: 'Again', name: 'Someone', email, password: strongPassword() });
      const taken = await signup(` ${existing.email.toUpperCase()}`);
      const created = await signup(fresh);
      expect(strip(taken)).toEqual(strip(created));
      expect(taken.status).toBe(202);

      // The owner of the address learns of the attempt; nothing was created for it, and their account is unchanged.
      expect(mailed().map((m) => m.to).sort()).toEqual([existing.email, fresh].sort());
      const warning = mailed().find((m) => m.to === existing.email)!;
      expect(warning.subject).toBe('Someone tried to sign up to Hot Leads with your address');
      expect(warning.text).toContain(`${PUBLIC_URL}/forgot-password`);
      const rows = await t.app.get(TenantDb).crossTenant((m) => m.find(User, { where: { email: existing.email } }));
      expect(rows.map((u) => u.tenantId)).toEqual([existing.tenantId]);
      await signIn(t.http, existing.email, existing.password);
    });

    it('refuses a weak password, whether the address is new or not', async () => {
      const existing = await createTenantWithUser(t.app);
      const email = uniqueEmail('weak');
      for (const address of [email, existing.email]) {
        const weak = await t.http.post('/api/v1/auth/signup').send({ tenantName: 'Weak', name: 'Someone', email: address, password: WEAK_PASSWORD }).expect(400);
        expect(weak.body).toMatchObject({ code: 'validation_failed', errors: [{ field: 'password' }] });
      }
      // Nothing was created.
      const found = await t.app.get(TenantDb).crossTenant((m) => m.count(User, { where: { email } }));
      expect(found).toBe(0);
    });
  });
});

describe('signup when ALLOW_SIGNUP is off', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_LOGIN: '1000' } });
  });

  afterAll(async () => {
    await t.close();
  });

  it('answers 404 like a route that does not exist, whatever the body', async () => {
    const valid = { tenantName: 'Initech', name: 'Peter', email: uniqueEmail('founder'), password: strongPassword() };
    const res = await t.http.post('/api/v1/auth/signup').send(valid).expect(404);
    const missing = await t.http.post('/api/v1/auth/no-such-route').send(valid).expect(404);
    const shape = (body: Record<string, unknown>) => ({ ...body, requestId: undefined, instance: undefined, detail: undefined });
    expect(shape(res.body)).toEqual(shape(missing.body));
    expect(res.body.detail).toBe('Cannot POST /api/v1/auth/signup');
    await t.http.post('/api/v1/auth/signup').send({ nonsense: true }).expect(404);
    const created = await t.app.get(TenantDb).crossTenant((m) => m.count(User, { where: { email: valid.email } }));
    expect(created).toBe(0);
  });
});
