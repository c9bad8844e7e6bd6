import { sha256 } from '../src/common/crypto/tokens';
import { TenantDb } from '../src/common/db/tenant-db.service';
import { MailerService } from '../src/modules/mail/mailer.service';
import { addUser, createTenantWithUser, signIn, strongPassword, uniqueEmail, type SignedIn, type TestUser, SAME_ORIGIN } from './support/factories';
import { auditRowsFor, createApiKey } from './support/identity';
import { createTestApp, type TestApp } from './support/test-app';

const PUBLIC_URL = 'https://leads.example.test';
const DAY_MS = 24 * 3_600_000;

describe('users', () => {
  let t: TestApp;
  // A workspace shared by the tests that only read or add to it; tests that change who is owner build their own.
  let owner: TestUser;
  let ownerSession: SignedIn;

  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_LOGIN: '10000', RATE_LIMIT_DEFAULT: '100000', RATE_LIMIT_PUBLIC: '10000', PUBLIC_URL: `${PUBLIC_URL}/` } });
    owner = await createTenantWithUser(t.app, 'owner');
    ownerSession = await signIn(t.http, owner.email, owner.password);
  });

  afterAll(async () => {
    await t.close();
  });

  const invite = (session: SignedIn, body: Record<string, unknown>) => t.http.post('/api/v1/users').set(session.auth).send(body);
  const tokenOf = (invitationUrl: string) => new URL(invitationUrl).searchParams.get('token')!;

  async function tokenRows(tenantId: string, userId: string) {
    const rows: Array<{ token_hash: string; purpose: string; expires_at: Date; used_at: Date | null; created_at: Date }> = await t.app
      .get(TenantDb)
      .run(tenantId, (m) => m.query(`select token_hash, purpose, expires_at, used_at, created_at from user_tokens where user_id = $1 order by created_at`, [userId]));
    return rows;
  }

  async function liveSessions(tenantId: string, userId: string): Promise<number> {
    const [{ count }] = await t.app
      .get(TenantDb)
      .run(tenantId, (m) => m.query(`select count(*)::int as count from sessions where user_id = $1 and revoked_at is null`, [userId]));
    return count;
  }

  describe('invitations', () => {
    it('invites a user with a normalised email, an invitation link and a hashed 7-day token', async () => {
      const email = uniqueEmail('invitee');
      const before = Date.now();
      const res = await invite(ownerSession, { email: `  ${email.toUpperCase()} `, name: ' Ada Lovelace ', roleId: owner.roleIds.agent }).expect(201);
      expect(res.body.user).toEqual({
        id: expect.any(String),
        email,
        name: 'Ada Lovelace',
        roleId: owner.roleIds.agent,
        roleName: 'Agent',
        status: 'invited',
        mfaEnabled: false,
        lastLoginAt: null,
        away: false,
        leadCapacity: null,
        createdAt: expect.any(String),
      });
      // No SMTP_URL in the tests: the mailer reports that nothing went out.
      expect(res.body.emailSent).toBe(false);
      expect(res.body.invitationUrl).toMatch(new RegExp(`^${PUBLIC_URL}/accept-invitation\\?token=[A-Za-z0-9_-]{40,}$`));

      const rows = await tokenRows(owner.tenantId, res.body.user.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ token_hash: sha256(tokenOf(res.body.invitationUrl)), purpose: 'invitation', used_at: null });
      const ttl = rows[0].expires_at.getTime() - before;
      expect(ttl).toBeGreaterThan(7 * DAY_MS - 60_000);
      expect(ttl).toBeLessThan(7 * DAY_MS + 60_000);

      const stored: Array<{ password_hash: string | null }> = await t.app
        .get(TenantDb)
        .run(owner.tenantId, (m) => m.query(`select password_hash from users where id = $1`, [res.body.user.id]));
      expect(stored[0].password_hash).toBeNull();

      const audit = await auditRowsFor(t.app, owner.tenantId, res.body.user.id);
      expect(audit).toEqual([expect.objectContaining({ action: 'user.invite', outcome: 'success', actor_id: owner.id, resource_type: 'user' })]);
      expect(JSON.stringify(audit)).not.toContain(tokenOf(res.body.invitationUrl));
    });

    it('lets the invited person accept the invitation and sign in', async () => {
      const email = uniqueEmail('joiner');
      const res = await invite(ownerSession, { email, roleId: owner.roleIds.viewer }).expect(201);
      const password = strongPassword();
      // An invited user has no password yet, so cannot sign in before accepting.
      await t.http.post('/api/v1/auth/login').send({ email, password }).expect(401);

      await t.http.post('/api/v1/auth/invitations/accept').send({ token: tokenOf(res.body.invitationUrl), name: 'Grace Hopper', password }).expect(200);

      const session = await signIn(t.http, email, password);
      const me = await t.http.get('/api/v1/auth/me').set(session.auth).expect(200);
      expect(me.body.user).toMatchObject({ id: res.body.user.id, email, name: 'Grace Hopper', roleName: 'Viewer' });
      const user = await t.http.get(`/api/v1/users/${res.body.user.id}`).set(ownerSession.auth).expect(200);
      expect(user.body.status).toBe('active');
      // Single use.
      await t.http.post('/api/v1/auth/invitations/accept').send({ token: tokenOf(res.body.invitationUrl), name: 'Again', password }).expect((r) => {
        expect(r.status).toBeGreaterThanOrEqual(400);
        expect(r.status).toBeLessThan(500);
      });
    });

    it('refuses an address already in this workspace (409 email_taken), never one of another workspace', async () => {
      for (const email of [owner.email, ` ${owner.email.toUpperCase()}`]) {
        const res = await invite(ownerSession, { email, roleId: owner.roleIds.agent }).expect(409);
        expect(res.body.code).toBe('email_taken');
      }
      const invited = uniqueEmail('twice');
      await invite(ownerSession, { email: invited, roleId: owner.roleIds.agent }).expect(201);
      expect((await invite(ownerSession, { email: invited, roleId: owner.roleIds.agent }).expect(409)).body.code).toBe('email_taken');
    });

    it('invites an address of another workspace exactly like a new one; the email tells the person, who chooses', async () => {
      const other = await createTenantWithUser(t.app, 'owner', 'Other Co');
      const send = jest.spyOn(t.app.get(MailerService), 'send');
      try {
        const fresh = uniqueEmail('fresh');
        const shape = (r: { status: number; body: { user: Record<string, unknown>; emailSent: boolean; invitationUrl: string } }) => ({
          status: r.status,
          keys: Object.keys(r.body).sort(),
          user: { ...r.body.user, id: undefined, email: undefined, createdAt: undefined },
          emailSent: r.body.emailSent,
        });
        const elsewhere = await invite(ownerSession, { email: other.email, roleId: owner.roleIds.agent }).expect(201);
        const created = await invite(ownerSession, { email: fresh, roleId: owner.roleIds.agent }).expect(201);
        expect(shape(elsewhere)).toEqual(shape(created));
        const mails = send.mock.calls.map(([message]) => message);
        expect(mails.find((m) => m.to === other.email)?.text).toMatch(/already has a Hot Leads account in another workspace/);
        expect(mails.find((m) => m.to === fresh)?.text).not.toMatch(/another workspace/);

        // Their account is untouched; accepting tells only them (the link's holder) why it cannot be done.
        await signIn(t.http, other.email, other.password);
        const accept = await t.http
          .post('/api/v1/auth/invitations/accept')
          .send({ token: tokenOf(elsewhere.body.invitationUrl), name: 'Other', password: strongPassword() })
          .expect(409);
        expect(accept.body.code).toBe('address_has_account');
        await signIn(t.http, other.email, other.password);
        const listed = await t.http.get(`/api/v1/users/${elsewhere.body.user.id}`).set(ownerSession.auth).expect(200);
        expect(listed.body.status).toBe('invited');
      } finally {
        send.mockRestore();
      }
    });

    it("refuses a role of another workspace or an unknown role as a validation error on roleId", async () => {
      const other = await createTenantWithUser(t.app, 'owner', 'Other Co');
      for (const roleId of [other.roleIds.agent, '00000000-0000-4000-8000-000000000000']) {
        const email = uniqueEmail('nobody');
        const res = await invite(ownerSession, { email, roleId }).expect(400);
        expect(res.body.code).toBe('validation_failed');
        expect(res.body.errors).toEqual([expect.objectContaining({ field: 'roleId' })]);
        await invite(ownerSession, { email, roleId: owner.roleIds.agent }).expect(201);
      }
    });

    it('validates the body', async () => {
      const bad = [
        { email: 'not an email', roleId: owner.roleIds.agent },
        { email: uniqueEmail(), roleId: 'not-a-uuid' },
        { email: uniqueEmail(), roleId: owner.roleIds.agent, status: 'active' },
        { roleId: owner.roleIds.agent },
      ];
      for (const body of bad) expect((await invite(ownerSession, body).expect(400)).body.code).toBe('validation_failed');
    });

    it('lets only an owner invite an owner', async () => {
      const admin = await addUser(t.app, owner.tenantId, owner.roleIds.admin, 'admin');
      const adminSession = await signIn(t.http, admin.email, admin.password);
      const refused = await invite(adminSession, { email: uniqueEmail('would-be-owner'), roleId: owner.roleIds.owner }).expect(403);
      expect(refused.body.code).toBe('grant_not_allowed');
      await invite(adminSession, { email: uniqueEmail('new-admin'), roleId: owner.roleIds.admin }).expect(201);
      const ok = await invite(ownerSession, { email: uniqueEmail('co-owner'), roleId: owner.roleIds.owner }).expect(201);
      expect(ok.body.user.roleName).toBe('Owner');
    });

    it('re-issues an invitation, retiring the earlier link', async () => {
      const first = await invite(ownerSession, { email: uniqueEmail('slow'), roleId: owner.roleIds.agent }).expect(201);
      const id = first.body.user.id;
      const again = await t.http.post(`/api/v1/users/${id}/invitation`).set(ownerSession.auth).expect(200);
      expect(again.body).toMatchObject({ user: { id, status: 'invited' }, emailSent: false });
      expect(again.body.invitationUrl).not.toBe(first.body.invitationUrl);

      const rows = await tokenRows(owner.tenantId, id);
      expect(rows).toHaveLength(2);
      expect(rows[0]).toMatchObject({ token_hash: sha256(tokenOf(first.body.invitationUrl)), used_at: expect.any(Date) });
      expect(rows[1]).toMatchObject({ token_hash: sha256(tokenOf(again.body.invitationUrl)), purpose: 'invitation', used_at: null });

      const audit = await auditRowsFor(t.app, owner.tenantId, id);
      expect(audit.map((r) => r.action)).toEqual(['user.invite', 'user.invitation.reissue']);
    });

    it('re-issues only for invited users, and an owner invitation only for an owner', async () => {
      const member = await addUser(t.app, owner.tenantId, owner.roleIds.agent);
      expect((await t.http.post(`/api/v1/users/${member.id}/invitation`).set(ownerSession.auth).expect(409)).body.code).toBe('user_not_invited');

      const invitedOwner = await invite(ownerSession, { email: uniqueEmail('owner-to-be'), roleId: owner.roleIds.owner }).expect(201);
      const admin = await addUser(t.app, owner.tenantId, owner.roleIds.admin, 'admin');
      const adminSession = await signIn(t.http, admin.email, admin.password);
      // The link comes back to the caller, so re-issuing it would hand an admin the owner role.
      await t.http.post(`/api/v1/users/${invitedOwner.body.user.id}/invitation`).set(adminSession.auth).expect(403);
      await t.http.post(`/api/v1/users/${invitedOwner.body.user.id}/invitation`).set(ownerSession.auth).expect(200);
    });

    it('does not activate an invited user through PATCH', async () => {
      const invited = await invite(ownerSession, { email: uniqueEmail('pending'), roleId: owner.roleIds.agent }).expect(201);
      const res = await t.http.patch(`/api/v1/users/${invited.body.user.id}`).set(ownerSession.auth).send({ status: 'active' }).expect(409);
      expect(res.body.code).toBe('invitation_pending');
    });
  });

  describe('listing', () => {
    it('pages through every user exactly once, including rows created in the same instant', async () => {
      const boss = await createTenantWithUser(t.app, 'owner', 'Paged Co');
      const session = await signIn(t.http, boss.email, boss.password);
      const created: string[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await invite(session, { email: uniqueEmail(`paged${i}`), name: `Paged ${i}`, roleId: boss.roleIds.agent }).expect(201);
        created.push(res.body.user.id);
      }
      // Ties on created_at (to the microsecond) must be broken by id, not lost or repeated.
      await t.app
        .get(TenantDb)
        .run(boss.tenantId, (m) => m.query(`update users set created_at = '2030-01-01T00:00:00.123456Z' where id = any($1::uuid[])`, [created.slice(1, 4)]));

      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: Record<string, string | number> = { limit: 2, ...(cursor ? { cursor } : {}) };
        const res = await t.http.get('/api/v1/users').query(query).set(session.auth).expect(200);
        expect(res.body.data.length).toBeLessThanOrEqual(2);
        seen.push(...res.body.data.map((u: { id: string }) => u.id));
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      expect(pages).toBe(3);
      expect(new Set(seen).size).toBe(seen.length);
      expect([...seen].sort()).toEqual([boss.id, ...created].sort());
    });

    it('defaults to 50 a page and filters by status and by email or name', async () => {
      const boss = await createTenantWithUser(t.app, 'owner', 'Filter Co');
      const session = await signIn(t.http, boss.email, boss.password);
      const zed = await invite(session, { email: uniqueEmail('zed'), name: 'Zed 100%_match', roleId: boss.roleIds.viewer }).expect(201);
      const all = await t.http.get('/api/v1/users').set(session.auth).expect(200);
      expect(all.body).toEqual({ data: expect.any(Array), nextCursor: null });
      expect(all.body.data).toHaveLength(2);
      expect(all.body.data[0]).toMatchObject({ id: boss.id, status: 'active', roleName: 'Owner' });

      const invited = await t.http.get('/api/v1/users').query({ status: 'invited' }).set(session.auth).expect(200);
      expect(invited.body.data.map((u: { id: string }) => u.id)).toEqual([zed.body.user.id]);
      const byEmail = await t.http.get('/api/v1/users').query({ q: zed.body.user.email.slice(0, 8).toUpperCase() }).set(session.auth).expect(200);
      expect(byEmail.body.data.map((u: { id: string }) => u.id)).toEqual([zed.body.user.id]);
      const byName = await t.http.get('/api/v1/users').query({ q: '100%_' }).set(session.auth).expect(200);
      expect(byName.body.data.map((u: { id: string }) => u.id)).toEqual([zed.body.user.id]);
      // % and _ are literal characters, not wildcards.
      const literal = await t.http.get('/api/v1/users').query({ q: '1_0' }).set(session.auth).expect(200);
      expect(literal.body.data).toEqual([]);
    });

    it('refuses a bad limit, status or cursor', async () => {
      for (const query of [{ limit: 0 }, { limit: 201 }, { limit: 'many' }, { status: 'deleted' }, { cursor: 'garbage' }]) {
        const res = await t.http.get('/api/v1/users').query(query).set(ownerSession.auth).expect(400);
        expect(res.body.code).toBe('validation_failed');
      }
      await t.http.get('/api/v1/users').query({ limit: 200 }).set(ownerSession.auth).expect(200);
    });

    it('never lists another workspace', async () => {
      const other = await createTenantWithUser(t.app, 'owner', 'Other Co');
      const res = await t.http.get('/api/v1/users').query({ limit: 200, q: other.email }).set(ownerSession.auth).expect(200);
      expect(res.body.data).toEqual([]);
      const mine = await t.http.get(`/api/v1/users/${owner.id}`).set(ownerSession.auth).expect(200);
      expect(mine.body).toMatchObject({ id: owner.id, email: owner.email, status: 'active', lastLoginAt: expect.any(String) });
    });
  });

  describe('access', () => {
    it('refuses users without users:manage and API keys, even with that scope', async () => {
      for (const role of ['manager', 'agent', 'viewer'] as const) {
        const member = await addUser(t.app, owner.tenantId, owner.roleIds[role], role);
        const session = await signIn(t.http, member.email, member.password);
        const res = await t.http.get('/api/v1/users').set(session.auth).expect(403);
        expect(res.body.code).toBe('forbidden');
        await t.http.get(`/api/v1/users/${owner.id}`).set(session.auth).expect(403);
        await invite(session, { email: uniqueEmail(), roleId: owner.roleIds.viewer }).expect(403);
        await t.http.patch(`/api/v1/users/${owner.id}`).set(session.auth).send({ name: 'x' }).expect(403);
        await t.http.delete(`/api/v1/users/${owner.id}`).set(session.auth).expect(403);
      }
      const key = await createApiKey(t.app, owner.tenantId, ['users:manage']);
      await t.http.get('/api/v1/users').set('X-API-Key', key).expect(403);
      await t.http.post('/api/v1/users').set('X-API-Key', key).send({ email: uniqueEmail(), roleId: owner.roleIds.viewer }).expect(403);
      await t.http.get('/api/v1/users').expect(401);
    });

    it('gives anyone who reads leads the people directory (id, name, status), of their own workspace only', async () => {
      const agent = await addUser(t.app, owner.tenantId, owner.roleIds.agent, 'agent');
      const session = await signIn(t.http, agent.email, agent.password);
      const people = (await t.http.get('/api/v1/people').set(session.auth).expect(200)).body as Array<Record<string, unknown>>;
      expect(people.find((p) => p.id === owner.id)).toEqual({ id: owner.id, name: expect.any(String), status: 'active' });
      // Names only: no emails, roles or sign-in details.
      expect(people.every((p) => Object.keys(p).sort().join() === 'id,name,status')).toBe(true);
      const other = await createTenantWithUser(t.app, 'owner', 'Other directory');
      expect(people.some((p) => p.id === other.id)).toBe(false);
      const key = await createApiKey(t.app, owner.tenantId, ['leads:read']);
      await t.http.get('/api/v1/people').set('X-API-Key', key).expect(403);
      await t.http.get('/api/v1/people').expect(401);
    });

    it('applies a role change on the next request of a signed-in user', async () => {
      const agent = await addUser(t.app, owner.tenantId, owner.roleIds.agent, 'agent');
      const session = await signIn(t.http, agent.email, agent.password);
      await t.http.get('/api/v1/users').set(session.auth).expect(403);

      const promoted = await t.http.patch(`/api/v1/users/${agent.id}`).set(ownerSession.auth).send({ roleId: owner.roleIds.admin }).expect(200);
      expect(promoted.body).toMatchObject({ id: agent.id, roleId: owner.roleIds.admin, roleName: 'Admin' });
      await t.http.get('/api/v1/users').set(session.auth).expect(200);

      await t.http.patch(`/api/v1/users/${agent.id}`).set(ownerSession.auth).send({ roleId: owner.roleIds.agent }).expect(200);
      await t.http.get('/api/v1/users').set(session.auth).expect(403);

      const audit = await auditRowsFor(t.app, owner.tenantId, agent.id);
      expect(audit.filter((r) => r.action === 'user.update').map((r) => r.changes)).toEqual([
        { roleId: { from: owner.roleIds.agent, to: owner.roleIds.admin } },
        { roleId: { from: owner.roleIds.admin, to: owner.roleIds.agent } },
      ]);
    });

    it('lets only an owner make someone an owner', async () => {
      const admin = await addUser(t.app, owner.tenantId, owner.roleIds.admin, 'admin');
      const adminSession = await signIn(t.http, admin.email, admin.password);
      const member = await addUser(t.app, owner.tenantId, owner.roleIds.manager);
      const refused = await t.http.patch(`/api/v1/users/${member.id}`).set(adminSession.auth).send({ roleId: owner.roleIds.owner }).expect(403);
      expect(refused.body.code).toBe('grant_not_allowed');
      expect((await t.http.get(`/api/v1/users/${member.id}`).set(ownerSession.auth).expect(200)).body.roleName).toBe('Manager');
      await t.http.patch(`/api/v1/users/${member.id}`).set(ownerSession.auth).send({ roleId: owner.roleIds.owner }).expect(200);
    });
  });

  describe('disable and enable', () => {
    it('disabling signs the user out everywhere at once; re-enabling lets them sign in again', async () => {
      const member = await addUser(t.app, owner.tenantId, owner.roleIds.manager);
      const first = await signIn(t.http, member.email, member.password);
      const second = await signIn(t.http, member.email, member.password);
      await t.http.get('/api/v1/auth/me').set(first.auth).expect(200);

      const res = await t.http.patch(`/api/v1/users/${member.id}`).set(ownerSession.auth).send({ status: 'disabled' }).expect(200);
      expect(res.body.status).toBe('disabled');
      for (const session of [first, second]) {
        await t.http.get('/api/v1/auth/me').set(session.auth).expect(401);
        await t.http.post('/api/v1/auth/refresh').set('Cookie', session.refreshCookie).set(SAME_ORIGIN).expect(401);
      }
      expect(await liveSessions(owner.tenantId, member.id)).toBe(0);
      await t.http.post('/api/v1/auth/login').send({ email: member.email, password: member.password }).expect(401);

      await t.http.patch(`/api/v1/users/${member.id}`).set(ownerSession.auth).send({ status: 'active' }).expect(200);
      const back = await signIn(t.http, member.email, member.password);
      await t.http.get('/api/v1/auth/me').set(back.auth).expect(200);
      // The old sessions stay dead.
      await t.http.get('/api/v1/auth/me').set(first.auth).expect(401);

      const updates = (await auditRowsFor(t.app, owner.tenantId, member.id)).filter((r) => r.action === 'user.update');
      expect(updates).toEqual([
        expect.objectContaining({ changes: { status: { from: 'active', to: 'disabled' } }, metadata: { revokedSessions: 2 } }),
        expect.objectContaining({ changes: { status: { from: 'disabled', to: 'active' } } }),
      ]);
    });

    it('renames and records only the fields that changed', async () => {
      const member = await addUser(t.app, owner.tenantId, owner.roleIds.viewer, 'rename');
      const res = await t.http
        .patch(`/api/v1/users/${member.id}`)
        .set(ownerSession.auth)
        .send({ name: ' Renamed ', roleId: owner.roleIds.viewer, status: 'active' })
        .expect(200);
      expect(res.body).toMatchObject({ name: 'Renamed', roleName: 'Viewer', status: 'active' });
      await t.http.patch(`/api/v1/users/${member.id}`).set(ownerSession.auth).send({ name: 'Renamed' }).expect(200);
      const updates = (await auditRowsFor(t.app, owner.tenantId, member.id)).filter((r) => r.action === 'user.update');
      expect(updates.map((r) => r.changes)).toEqual([{ name: { from: 'rename', to: 'Renamed' } }]);
      await t.http.patch(`/api/v1/users/${member.id}`).set(ownerSession.auth).send({ status: 'invited' }).expect(400);
      await t.http.patch(`/api/v1/users/${member.id}`).set(ownerSession.auth).send({ email: 'x@example.com' }).expect(400);
    });
  });

  describe('protections', () => {
    it('refuses changing your own role, disabling or deleting yourself', async () => {
      const admin = await addUser(t.app, owner.tenantId, owner.roleIds.admin, 'self');
      const session = await signIn(t.http, admin.email, admin.password);
      for (const body of [{ roleId: owner.roleIds.viewer }, { status: 'disabled' }]) {
        const res = await t.http.patch(`/api/v1/users/${admin.id}`).set(session.auth).send(body).expect(409);
        expect(res.body.code).toBe('cannot_modify_self');
      }
      expect((await t.http.delete(`/api/v1/users/${admin.id}`).set(session.auth).expect(409)).body.code).toBe('cannot_modify_self');
      // Your own name is yours to change.
      await t.http.patch(`/api/v1/users/${admin.id}`).set(session.auth).send({ name: 'Me' }).expect(200);
      await t.http.get('/api/v1/users').set(session.auth).expect(200);
    });

    it('lets nobody but an owner change, disable or delete an owner, even with two owners', async () => {
      const boss = await createTenantWithUser(t.app, 'owner', 'Two Owners Co');
      const second = await addUser(t.app, boss.tenantId, boss.roleIds.owner, 'second-owner');
      const admin = await addUser(t.app, boss.tenantId, boss.roleIds.admin, 'admin');
      const adminSession = await signIn(t.http, admin.email, admin.password);
      const secondSession = await signIn(t.http, second.email, second.password);

      const refusals = [
        t.http.patch(`/api/v1/users/${second.id}`).set(adminSession.auth).send({ roleId: boss.roleIds.viewer }),
        t.http.patch(`/api/v1/users/${second.id}`).set(adminSession.auth).send({ status: 'disabled' }),
        t.http.patch(`/api/v1/users/${second.id}`).set(adminSession.auth).send({ name: 'Renamed by an admin' }),
        t.http.delete(`/api/v1/users/${second.id}`).set(adminSession.auth),
      ];
      for (const res of await Promise.all(refusals)) {
        expect(res.status).toBe(403);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body).toMatchObject({ code: 'manage_not_allowed', detail: expect.stringMatching(/owner/) });
      }
      // Nothing changed, and the owner's session lives on.
      const after = await t.http.get(`/api/v1/users/${second.id}`).set(secondSession.auth).expect(200);
      expect(after.body).toMatchObject({ roleName: 'Owner', status: 'active', name: 'second-owner' });
      await t.http.get('/api/v1/auth/me').set(secondSession.auth).expect(200);

      // An owner may do all of it to another owner.
      await t.http.patch(`/api/v1/users/${boss.id}`).set(secondSession.auth).send({ roleId: boss.roleIds.admin }).expect(200);
      await t.http.delete(`/api/v1/users/${boss.id}`).set(secondSession.auth).expect(204);
    });

    it('refuses acting on a user whose custom role holds more than the caller', async () => {
      const boss = await createTenantWithUser(t.app, 'owner', 'Custom Roles Co');
      const bossSession = await signIn(t.http, boss.email, boss.password);
      const roleOf = async (permissions: string[]) =>
        (await t.http.post('/api/v1/roles').set(bossSession.auth).send({ name: `Role ${uniqueEmail()}`, permissions }).expect(201)).body.id as string;
      const peopleOps = await roleOf(['users:manage', 'leads:read']);
      const auditors = await roleOf(['leads:read', 'audit:read']);
      const readers = await roleOf(['leads:read']);
      const manager = await addUser(t.app, boss.tenantId, peopleOps, 'people-ops');
      const session = await signIn(t.http, manager.email, manager.password);
      const auditor = await addUser(t.app, boss.tenantId, auditors, 'auditor');
      const agent = await addUser(t.app, boss.tenantId, boss.roleIds.agent, 'agent');

      for (const target of [auditor, agent]) {
        for (const res of [
          await t.http.patch(`/api/v1/users/${target.id}`).set(session.auth).send({ roleId: readers }),
          await t.http.patch(`/api/v1/users/${target.id}`).set(session.auth).send({ status: 'disabled' }),
          await t.http.delete(`/api/v1/users/${target.id}`).set(session.auth),
        ]) {
          expect(res.status).toBe(403);
          expect(res.body.code).toBe('manage_not_allowed');
        }
      }
      // A user holding no more than the caller stays theirs to manage.
      const reader = await addUser(t.app, boss.tenantId, readers, 'reader');
      await t.http.patch(`/api/v1/users/${reader.id}`).set(session.auth).send({ status: 'disabled' }).expect(200);
      await t.http.delete(`/api/v1/users/${reader.id}`).set(session.auth).expect(204);
    });

    it('keeps the last owner when two owners demote each other at the same time', async () => {
      const boss = await createTenantWithUser(t.app, 'owner', 'Race Co');
      const second = await addUser(t.app, boss.tenantId, boss.roleIds.owner, 'second');
      const sessions = await Promise.all([boss, second].map((u) => signIn(t.http, u.email, u.password)));
      const results = await Promise.all([
        t.http.patch(`/api/v1/users/${second.id}`).set(sessions[0].auth).send({ status: 'disabled' }),
        t.http.patch(`/api/v1/users/${boss.id}`).set(sessions[1].auth).send({ status: 'disabled' }),
      ]);
      // The first change commits; the second finds its author is no longer an owner (or the last one left).
      expect(results.map((r) => r.status).sort()).toEqual([200, expect.any(Number)]);
      const refused = results.find((r) => r.status !== 200)!;
      expect([401, 403, 409]).toContain(refused.status);
      const [{ count }] = await t.app
        .get(TenantDb)
        .run(boss.tenantId, (m) => m.query(`select count(*)::int as count from users where role_id = $1 and status = 'active'`, [boss.roleIds.owner]));
      expect(count).toBe(1);
    });
  });

  describe('deletion', () => {
    it('deletes a user with their sessions and tokens, and audits it', async () => {
      const member = await addUser(t.app, owner.tenantId, owner.roleIds.agent, 'leaver');
      const session = await signIn(t.http, member.email, member.password);
      await t.http.delete(`/api/v1/users/${member.id}`).set(ownerSession.auth).expect(204);
      await t.http.get(`/api/v1/users/${member.id}`).set(ownerSession.auth).expect(404);
      await t.http.delete(`/api/v1/users/${member.id}`).set(ownerSession.auth).expect(404);
      await t.http.get('/api/v1/auth/me').set(session.auth).expect(401);
      await t.http.post('/api/v1/auth/refresh').set('Cookie', session.refreshCookie).set(SAME_ORIGIN).expect(401);
      const [{ count }] = await t.app
        .get(TenantDb)
        .run(owner.tenantId, (m) => m.query(`select count(*)::int as count from sessions where user_id = $1`, [member.id]));
      expect(count).toBe(0);
      const audit = await auditRowsFor(t.app, owner.tenantId, member.id);
      expect(audit).toEqual([expect.objectContaining({ action: 'user.delete', actor_id: owner.id, metadata: expect.objectContaining({ email: member.email }) })]);
    });

    it('withdraws an invitation by deleting the invited user', async () => {
      const invited = await invite(ownerSession, { email: uniqueEmail('withdrawn'), roleId: owner.roleIds.agent }).expect(201);
      await t.http.delete(`/api/v1/users/${invited.body.user.id}`).set(ownerSession.auth).expect(204);
      expect(await tokenRows(owner.tenantId, invited.body.user.id)).toEqual([]);
    });
  });

  it("answers 404 for another workspace's user on every :id route", async () => {
    const other = await createTenantWithUser(t.app, 'owner', 'Other Co');
    const otherInvited = await addUser(t.app, other.tenantId, other.roleIds.agent);
    await t.app.get(TenantDb).run(other.tenantId, (m) => m.query(`update users set status = 'invited' where id = $1`, [otherInvited.id]));
    for (const id of [other.id, otherInvited.id, '00000000-0000-4000-8000-000000000000']) {
      for (const res of [
        await t.http.get(`/api/v1/users/${id}`).set(ownerSession.auth),
        await t.http.patch(`/api/v1/users/${id}`).set(ownerSession.auth).send({ name: 'hijacked', status: 'disabled' }),
        await t.http.post(`/api/v1/users/${id}/invitation`).set(ownerSession.auth),
        await t.http.delete(`/api/v1/users/${id}`).set(ownerSession.auth),
      ]) {
        expect(res.status).toBe(404);
      }
    }
    await t.http.get('/api/v1/users/not-a-uuid').set(ownerSession.auth).expect(400);
    const untouched = await signIn(t.http, other.email, other.password);
    const me = await t.http.get('/api/v1/auth/me').set(untouched.auth).expect(200);
    expect(me.body.user.name).toBe('owner');
    expect(await auditRowsFor(t.app, other.tenantId, other.id)).toEqual([]);
  });
});
