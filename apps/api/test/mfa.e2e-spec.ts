import { EncryptionService } from '../src/common/crypto/encryption.service';
import { TenantDb } from '../src/common/db/tenant-db.service';
import { Tenant } from '../src/modules/tenants/tenant.entity';
import { createTenantWithUser, refreshCookieFrom, signIn, type TestUser, SAME_ORIGIN } from './support/factories';
import { rememberSecret } from './support/log-capture';
import { enrolMfa, passwordStep, totpCode } from './support/mfa';
import { auditActions, tenantSql } from './support/tenant-sql';
import { createTestApp, type TestApp } from './support/test-app';

const PROBLEM_JSON = /^application\/problem\+json/;

// A six-digit code that is not the current one (nor, barring a one-in-a-million draw, its neighbours).
const wrongCode = (secret: string) => String((Number(totpCode(secret)) + 500_000) % 1_000_000).padStart(6, '0');

describe('multi-factor authentication', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_LOGIN: '1000' } });
  });

  afterAll(async () => {
    await t.close();
  });

  const userRow = async (user: TestUser) =>
    (
      await tenantSql<{ mfa_enabled: boolean; mfa_secret_enc: string | null; mfa_pending_secret_enc: string | null; failed_login_count: number }>(
        t.app,
        user.tenantId,
        `select mfa_enabled, mfa_secret_enc, mfa_pending_secret_enc, failed_login_count from users where id = $1`,
        [user.id],
      )
    )[0];

  const verify = (mfaToken: string, code: string) => t.http.post('/api/v1/auth/mfa/verify').send({ mfaToken, code });

  it('enrols with setup and enable, and keeps the secret encrypted at rest', async () => {
    const user = await createTenantWithUser(t.app);
    const session = await signIn(t.http, user.email, user.password);

    const setup = await t.http.post('/api/v1/auth/mfa/setup').set(session.auth).send({}).expect(200);
    const { secret, otpauthUri, qrCode } = setup.body as { secret: string; otpauthUri: string; qrCode: string };
    rememberSecret(secret);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    expect(otpauthUri).toContain(`secret=${secret}`);
    expect(qrCode).toMatch(/^data:image\/png;base64,/);

    // Pending until confirmed with a code.
    const pending = await userRow(user);
    expect(pending.mfa_enabled).toBe(false);
    expect(pending.mfa_secret_enc).toBeNull();
    expect(pending.mfa_pending_secret_enc).not.toContain(secret);

    await t.http.post('/api/v1/auth/mfa/enable').set(session.auth).send({ code: wrongCode(secret) }).expect(400)
      .expect('content-type', PROBLEM_JSON)
      .expect((res) => expect(res.body.code).toBe('invalid_mfa_code'));

    const enabled = await t.http.post('/api/v1/auth/mfa/enable').set(session.auth).send({ code: totpCode(secret) }).expect(200);
    const codes: string[] = enabled.body.recoveryCodes;
    rememberSecret(...codes);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    // Enabling from a session starts no new one.
    expect(enabled.body.accessToken).toBeUndefined();
    expect(enabled.headers['set-cookie']).toBeUndefined();

    const me = await t.http.get('/api/v1/auth/me').set(session.auth).expect(200);
    expect(me.body.user.mfaEnabled).toBe(true);

    const row = await userRow(user);
    expect(row.mfa_enabled).toBe(true);
    expect(row.mfa_pending_secret_enc).toBeNull();
    expect(row.mfa_secret_enc).not.toContain(secret);
    // Encrypted for this user only: the user id is the associated data.
    const encryption = t.app.get(EncryptionService);
    expect(encryption.decrypt(row.mfa_secret_enc!, user.id)).toBe(secret);
    expect(() => encryption.decrypt(row.mfa_secret_enc!, user.tenantId)).toThrow();

    const stored = await tenantSql<{ code_hash: string }>(t.app, user.tenantId, `select code_hash from recovery_codes where user_id = $1`, [user.id]);
    expect(stored).toHaveLength(10);
    expect(stored.filter((r) => codes.includes(r.code_hash))).toEqual([]);

    await expect(auditActions(t.app, user.tenantId, user.id)).resolves.toEqual(expect.arrayContaining(['auth.mfa.setup:success', 'auth.mfa.enable:success']));

    // A second authenticator cannot replace the first without turning MFA off.
    const again = await t.http.post('/api/v1/auth/mfa/setup').set(session.auth).send({}).expect(409);
    expect(again.body.code).toBe('mfa_already_enabled');
  });

  it('refuses setup without a session or an enrolment token', async () => {
    const res = await t.http.post('/api/v1/auth/mfa/setup').send({}).expect(401);
    expect(res.body.code).toBe('unauthenticated');
    await t.http.post('/api/v1/auth/mfa/setup').set('Authorization', 'Bearer not-a-token').send({}).expect(401);
    await t.http.post('/api/v1/auth/mfa/setup').send({ mfaToken: 'made-up' }).expect(401);
    await t.http.post('/api/v1/auth/mfa/enable').send({ code: '123456', mfaToken: 'made-up' }).expect(401);
  });

  it('asks for the TOTP step at sign-in and refuses a replayed code', async () => {
    const user = await createTenantWithUser(t.app);
    const { secret } = await enrolMfa(t.http, user.email, user.password);

    const mfaToken = await passwordStep(t.http, user.email, user.password);
    // The current step was used to enrol; the next one is accepted (one step of drift).
    const code = totpCode(secret, 1);
    const res = await verify(mfaToken, code).expect(200);
    expect(res.body).toMatchObject({ tokenType: 'Bearer', user: { email: user.email, mfaEnabled: true } });
    refreshCookieFrom(res.headers['set-cookie']);
    const sessions = await t.http.get('/api/v1/auth/sessions').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
    expect(sessions.body.find((s: { current: boolean }) => s.current)).toMatchObject({ mfa: true });

    // The mfaToken is single use, and so is the code.
    await verify(mfaToken, code).expect(401);
    const second = await passwordStep(t.http, user.email, user.password);
    const replay = await verify(second, code).expect(401);
    expect(replay.body.code).toBe('invalid_mfa_code');
  });

  it('accepts each recovery code once', async () => {
    const user = await createTenantWithUser(t.app);
    const { recoveryCodes } = await enrolMfa(t.http, user.email, user.password);

    await verify(await passwordStep(t.http, user.email, user.password), recoveryCodes[0]).expect(200);
    await verify(await passwordStep(t.http, user.email, user.password), recoveryCodes[0]).expect(401);
    // Typed by hand: case and separators do not matter.
    await verify(await passwordStep(t.http, user.email, user.password), recoveryCodes[1].toUpperCase().replace(/-/g, ' ')).expect(200);

    const used = await tenantSql<{ count: number }>(
      t.app,
      user.tenantId,
      `select count(*)::int as count from recovery_codes where user_id = $1 and used_at is not null`,
      [user.id],
    );
    expect(used[0].count).toBe(2);
  });

  it('counts a wrong code toward the account lockout', async () => {
    const user = await createTenantWithUser(t.app);
    const { secret } = await enrolMfa(t.http, user.email, user.password);
    const mfaToken = await passwordStep(t.http, user.email, user.password);

    const wrong = await verify(mfaToken, wrongCode(secret)).expect(401);
    // The password step passed: the answer is about the code, not the email or password.
    expect(wrong.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(wrong.body).toMatchObject({ code: 'invalid_mfa_code', detail: expect.stringMatching(/code is wrong/) });
    expect(wrong.body.detail).not.toMatch(/email or password/i);
    expect((await userRow(user)).failed_login_count).toBe(1);
    await expect(auditActions(t.app, user.tenantId, user.id)).resolves.toContain('auth.mfa.verify:failure');

    for (let i = 0; i < 4; i++) await verify(mfaToken, wrongCode(secret)).expect(401);
    expect((await userRow(user)).failed_login_count).toBe(5);
    // Locked: the right code and the right password are refused too.
    await verify(mfaToken, totpCode(secret, 1)).expect(401);
    await t.http.post('/api/v1/auth/login').send({ email: user.email, password: user.password }).expect(401);
    await expect(auditActions(t.app, user.tenantId, user.id)).resolves.toContain('auth.lockout:denied');
  });

  it('turns MFA off only with the password and a code', async () => {
    const user = await createTenantWithUser(t.app);
    const { secret, recoveryCodes, session } = await enrolMfa(t.http, user.email, user.password);
    const disable = (body: object) => t.http.post('/api/v1/auth/mfa/disable').set(session.auth).send(body);

    const badPassword = await disable({ password: 'not the password at all', code: recoveryCodes[0] }).expect(400);
    expect(badPassword.body.code).toBe('reauthentication_failed');
    const badCode = await disable({ password: user.password, code: wrongCode(secret) }).expect(400);
    // The same answer either way: a stolen session cannot tell whether the password was right.
    expect({ ...badCode.body, requestId: undefined }).toEqual({ ...badPassword.body, requestId: undefined });
    expect((await userRow(user)).mfa_enabled).toBe(true);

    // The recovery code sent with the wrong password was not used up.
    await disable({ password: user.password, code: recoveryCodes[0] }).expect(204);
    const row = await userRow(user);
    expect(row).toMatchObject({ mfa_enabled: false, mfa_secret_enc: null, mfa_pending_secret_enc: null });
    const left = await tenantSql(t.app, user.tenantId, `select id from recovery_codes where user_id = $1`, [user.id]);
    expect(left).toHaveLength(0);
    await expect(auditActions(t.app, user.tenantId, user.id)).resolves.toEqual(expect.arrayContaining(['auth.mfa.disable:failure', 'auth.mfa.disable:success']));

    // Sign-in no longer asks for a code.
    await signIn(t.http, user.email, user.password);
    const again = await disable({ password: user.password, code: recoveryCodes[1] }).expect(409);
    expect(again.body.code).toBe('mfa_not_enabled');
  });

  it('regenerates the recovery codes with a TOTP code, and the old ones stop working', async () => {
    const user = await createTenantWithUser(t.app);
    const { secret, recoveryCodes: old, session } = await enrolMfa(t.http, user.email, user.password);
    const regenerate = (code: string) => t.http.post('/api/v1/auth/mfa/recovery-codes').set(session.auth).send({ code });

    // Recovery codes cannot mint new ones.
    const refused = await regenerate(old[0]).expect(400);
    expect(refused.body.code).toBe('invalid_mfa_code');

    const res = await regenerate(totpCode(secret, 1)).expect(200);
    const fresh: string[] = res.body.recoveryCodes;
    rememberSecret(...fresh);
    expect(fresh).toHaveLength(10);
    expect(fresh.filter((c) => old.includes(c))).toEqual([]);
    await expect(auditActions(t.app, user.tenantId, user.id)).resolves.toContain('auth.mfa.recovery_codes.regenerate:success');

    await verify(await passwordStep(t.http, user.email, user.password), old[1]).expect(401);
    await verify(await passwordStep(t.http, user.email, user.password), fresh[0]).expect(200);
  });

  it('refuses to enrol with the mfaToken of a user who already has MFA', async () => {
    const user = await createTenantWithUser(t.app);
    const { secret } = await enrolMfa(t.http, user.email, user.password);
    const mfaToken = await passwordStep(t.http, user.email, user.password);

    // The password alone must never be enough to replace the second factor.
    await t.http.post('/api/v1/auth/mfa/setup').send({ mfaToken }).expect(401);
    await t.http.post('/api/v1/auth/mfa/enable').send({ mfaToken, code: totpCode(secret, 1) }).expect(401);
    const row = await userRow(user);
    expect(row.mfa_pending_secret_enc).toBeNull();
    expect(t.app.get(EncryptionService).decrypt(row.mfa_secret_enc!, user.id)).toBe(secret);
  });

  describe('in a workspace that requires MFA', () => {
    let user: TestUser;

    beforeAll(async () => {
      user = await createTenantWithUser(t.app, 'owner', 'Strict');
      await t.app.get(TenantDb).run(user.tenantId, (m) => m.update(Tenant, { id: user.tenantId }, { settings: { requireMfa: true } }));
    });

    it('makes a user without MFA enrol during sign-in, which then yields a session', async () => {
      const login = await t.http.post('/api/v1/auth/login').send({ email: user.email, password: user.password }).expect(200);
      expect(login.body).toEqual({ mfaEnrollmentRequired: true, mfaToken: expect.any(String) });
      expect(login.headers['set-cookie']).toBeUndefined();
      const mfaToken: string = login.body.mfaToken;
      rememberSecret(mfaToken);

      // Not a way around enrolment.
      await verify(mfaToken, '123456').expect(401);

      const setup = await t.http.post('/api/v1/auth/mfa/setup').send({ mfaToken }).expect(200);
      const secret: string = setup.body.secret;
      rememberSecret(secret);

      const wrong = await t.http.post('/api/v1/auth/mfa/enable').send({ mfaToken, code: wrongCode(secret) }).expect(400);
      expect(wrong.body.code).toBe('invalid_mfa_code');

      const enabled = await t.http.post('/api/v1/auth/mfa/enable').send({ mfaToken, code: totpCode(secret) }).expect(200);
      rememberSecret(...enabled.body.recoveryCodes);
      expect(enabled.body).toMatchObject({ tokenType: 'Bearer', user: { email: user.email, mfaEnabled: true } });
      expect(enabled.body.recoveryCodes).toHaveLength(10);
      const cookie = refreshCookieFrom(enabled.headers['set-cookie']);
      const auth = { Authorization: `Bearer ${enabled.body.accessToken}` };
      await t.http.get('/api/v1/auth/me').set(auth).expect(200);
      await t.http.post('/api/v1/auth/refresh').set('Cookie', cookie).set(SAME_ORIGIN).expect(200);

      // The enrolment token is spent.
      await t.http.post('/api/v1/auth/mfa/enable').send({ mfaToken, code: totpCode(secret, 1) }).expect(401);

      // And MFA cannot be turned off here.
      const disable = await t.http
        .post('/api/v1/auth/mfa/disable')
        .set(auth)
        .send({ password: user.password, code: enabled.body.recoveryCodes[0] })
        .expect(409);
      expect(disable.body.code).toBe('mfa_required_by_workspace');
      expect((await userRow(user)).mfa_enabled).toBe(true);
    });
  });
});
