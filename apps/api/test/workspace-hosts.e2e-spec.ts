import { createApiKey } from './support/identity';
import { addUser, createTenantWithUser, refreshCookieFrom, SAME_ORIGIN, strongPassword, uniqueEmail, type TestUser } from './support/factories';
import { tenantSql } from './support/tenant-sql';
import { SmtpReceiver, type ReceivedMail } from './support/smtp-receiver';
import { createTestApp, type TestApp } from './support/test-app';
import { TenantDb } from '../src/common/db/tenant-db.service';
import { PasswordHasher } from '../src/common/crypto/password-hasher.service';

const BASE = 'hotleads.test';

// Quoted-printable soft line breaks and escapes undone, so links can be read back.
const plain = (mail: ReceivedMail) => mail.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
// Every http(s) link of a mail, by origin.
const linkOrigins = (mail: ReceivedMail) => [...plain(mail).matchAll(/https?:\/\/[^\s/]+/g)].map(([url]) => url);

// Two API instances and argon2 sign-ins: generous on a busy machine.
jest.setTimeout(180_000);

describe('workspaces on their own host names (BASE_DOMAIN)', () => {
  let t: TestApp;
  let direct: TestApp;
  let smtp: SmtpReceiver;
  let acme: TestUser;
  let globex: TestUser;

  const slugOf = async (user: TestUser) => (await tenantSql<{ slug: string }>(t.app, user.tenantId, `select slug from tenants`))[0].slug;
  const hostOf = async (user: TestUser) => `${await slugOf(user)}.${BASE}`;
  const login = (host: string, user: TestUser) => t.http.post('/api/v1/auth/login').set('Host', host).send({ email: user.email, password: user.password });

  beforeAll(async () => {
    smtp = await SmtpReceiver.start();
    t = await createTestApp({
      env: { BASE_DOMAIN: BASE, TRUST_PROXY: 'true', PUBLIC_URL: `http://${BASE}:8080`, RATE_LIMIT_LOGIN: '1000', SMTP_URL: smtp.url, ALLOW_SIGNUP: 'true' },
    });
    // The same database behind an API that trusts no proxy.
    // Only answers requests (WORKERS=off): its workers would otherwise take the notification emails of the
    // app above, with another mail setup and other secrets.
    direct = await createTestApp({ database: t.db, env: { BASE_DOMAIN: BASE, RATE_LIMIT_LOGIN: '1000', WORKERS: 'off' } });
    acme = await createTenantWithUser(t.app, 'owner', 'Acme Legal');
    globex = await createTenantWithUser(t.app, 'owner', 'Globex');
  });

  afterAll(async () => {
    await direct?.close();
    await t?.close();
    await smtp?.close();
  });

  it('gives every new workspace a DNS-safe slug from its name, unique across workspaces', async () => {
    expect(await slugOf(acme)).toMatch(/^acme-legal(-[0-9a-f]{6})?$/);
    const twin = await createTenantWithUser(t.app, 'owner', 'Acme Legal');
    expect(await slugOf(twin)).toMatch(/^acme-legal-[0-9a-f]{6}$/);
    expect(await slugOf(twin)).not.toBe(await slugOf(acme));
    const reserved = await createTenantWithUser(t.app, 'owner', 'WWW');
    expect(await slugOf(reserved)).toMatch(/^www-[0-9a-f]{6}$/);
  });

  it("signs in on the workspace's own host and answers its name to the sign-in page", async () => {
    const host = await hostOf(acme);
    const res = await login(host, acme).expect(200);
    expect(res.body.accessToken).toEqual(expect.any(String));
    expect(String(res.headers['set-cookie'])).not.toMatch(/domain=/i);
    await t.http.get('/api/v1/auth/me').set('Host', host).set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
    const info = await t.http.get('/api/v1/workspace-by-host').set('Host', host).expect(200);
    expect(info.body).toEqual({ host: 'workspace', name: 'Acme Legal', slug: await slugOf(acme), apexUrl: `http://${BASE}:8080`, signupAllowed: false });
    await expect(t.http.get('/api/v1/workspace-by-host').set('Host', BASE).expect(200)).resolves.toMatchObject({ body: { host: 'apex', name: null, signupAllowed: true } });
  });

  it("refuses another workspace's member with the same 401 as a wrong password", async () => {
    const host = await hostOf(acme);
    const other = await login(host, globex).expect(401);
    const wrong = await t.http.post('/api/v1/auth/login').set('Host', host).send({ email: acme.email, password: strongPassword() }).expect(401);
    expect(other.body.code).toBe('invalid_credentials');
    expect({ ...other.body, requestId: undefined, instance: undefined }).toEqual({ ...wrong.body, requestId: undefined, instance: undefined });
    // Staff sessions live on workspace hosts; the apex signs no one in.
    await login(BASE, acme).expect(401);
  });

  it('refuses a token minted for one workspace host on another, and on the apex', async () => {
    const acmeHost = await hostOf(acme);
    const globexHost = await hostOf(globex);
    const { body } = await login(acmeHost, acme).expect(200);
    const bearer = { Authorization: `Bearer ${body.accessToken}` };
    await t.http.get('/api/v1/auth/me').set('Host', acmeHost).set(bearer).expect(200);
    const refused = await t.http.get('/api/v1/auth/me').set('Host', globexHost).set(bearer).expect(401);
    expect(refused.body.code).toBe('unauthenticated');
    await t.http.get('/api/v1/leads').set('Host', globexHost).set(bearer).expect(401);
    await t.http.get('/api/v1/auth/me').set('Host', BASE).set(bearer).expect(401);
  });

  it('refreshes only on the host the session belongs to', async () => {
    const acmeHost = await hostOf(acme);
    const res = await login(acmeHost, acme).expect(200);
    const cookie = refreshCookieFrom(res.headers['set-cookie']);
    await t.http.post('/api/v1/auth/refresh').set('Host', await hostOf(globex)).set(SAME_ORIGIN).set('Cookie', cookie).expect(401);
    // That refused attempt spent nothing the owner needs to be told about, but the cookie it carried
    // was rotated; a fresh sign-in refreshes on its own host.
    const again = await login(acmeHost, acme).expect(200);
    await t.http.post('/api/v1/auth/refresh').set('Host', acmeHost).set(SAME_ORIGIN).set('Cookie', refreshCookieFrom(again.headers['set-cookie'])).expect(200);
  });

  it("takes API keys of the host's workspace (and anywhere on the apex), not another's", async () => {
    const key = await createApiKey(t.app, globex.tenantId, ['leads:read']);
    await t.http.get('/api/v1/leads').set('Host', await hostOf(globex)).set('X-API-Key', key).expect(200);
    await t.http.get('/api/v1/leads').set('Host', BASE).set('X-API-Key', key).expect(200);
    await t.http.get('/api/v1/leads').set('Host', await hostOf(acme)).set('X-API-Key', key).expect(401);
  });

  it('answers a plain 404 for an unknown sub-domain or a host that is not ours', async () => {
    const page = await t.http.get('/sign-in').set('Host', `nobody-here.${BASE}`).expect(404);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('No workspace here');
    const api = await t.http.post('/api/v1/auth/login').set('Host', `nobody-here.${BASE}`).send({ email: acme.email, password: acme.password }).expect(404);
    expect(api.body.code).toBe('workspace_not_found');
    await t.http.get('/api/v1/workspace-by-host').set('Host', 'evil.example').expect(404);
    await t.http.get('/api/v1/workspace-by-host').set('Host', `a.b.${BASE}`).expect(404);
    // Health checks come by address.
    await t.http.get('/health/live').set('Host', '10.0.0.7').expect(200);
  });

  it('takes the forwarded host only from a trusted proxy (TRUST_PROXY)', async () => {
    const host = await hostOf(acme);
    const trusted = await t.http.get('/api/v1/workspace-by-host').set('Host', '127.0.0.1').set('X-Forwarded-Host', host).expect(200);
    expect(trusted.body).toMatchObject({ host: 'workspace', name: 'Acme Legal' });
    // Without TRUST_PROXY the header is ignored: the Host is an address, not ours.
    await direct.http.get('/api/v1/workspace-by-host').set('Host', '127.0.0.1').set('X-Forwarded-Host', host).expect(404);
    const own = await direct.http.get('/api/v1/workspace-by-host').set('Host', `${await slugOf(globex)}.${BASE}`).set('X-Forwarded-Host', host).expect(200);
    expect(own.body.name).toBe('Globex');
  });

  it('lets the owner change the slug (checked, unique, reserved refused) and the old host stops answering', async () => {
    const owner = await createTenantWithUser(t.app, 'owner', 'Mover');
    const oldHost = await hostOf(owner);
    const { body } = await login(oldHost, owner).expect(200);
    const auth = { Authorization: `Bearer ${body.accessToken}` };
    const got = await t.http.get('/api/v1/workspace/address').set('Host', oldHost).set(auth).expect(200);
    expect(got.body).toEqual({ slug: await slugOf(owner), url: `http://${oldHost}:8080`, baseDomain: BASE });

    for (const slug of ['ab', 'Bad_Slug', '-edge', 'double--dash', 'admin', 'x'.repeat(41)]) {
      const res = await t.http.put('/api/v1/workspace/address').set('Host', oldHost).set(auth).send({ slug }).expect(400);
      expect(res.body.errors[0].field).toBe('slug');
    }
    for (const bad of [[], { slug: null }, { slug: 42 }, { slug: ['a'] }, { slug: 'ok-slug\u0000' }]) {
      await t.http.put('/api/v1/workspace/address').set('Host', oldHost).set(auth).send(bad).expect(400);
    }
    const taken = await t.http.put('/api/v1/workspace/address').set('Host', oldHost).set(auth).send({ slug: await slugOf(acme) }).expect(409);
    expect(taken.body.code).toBe('slug_taken');

    const admin = await createAdmin(owner);
    const adminLogin = await login(oldHost, admin).expect(200);
    const refused = await t.http.put('/api/v1/workspace/address').set('Host', oldHost).set('Authorization', `Bearer ${adminLogin.body.accessToken}`).send({ slug: 'moved-away' }).expect(403);
    expect(refused.body.code).toBe('owner_only');

    const moved = await t.http.put('/api/v1/workspace/address').set('Host', oldHost).set(auth).send({ slug: 'Moved-Away' }).expect(200);
    expect(moved.body).toEqual({ slug: 'moved-away', url: `http://moved-away.${BASE}:8080`, baseDomain: BASE });
    await t.http.get('/api/v1/workspace-by-host').set('Host', oldHost).expect(404);
    await expect(t.http.get('/api/v1/workspace-by-host').set('Host', `moved-away.${BASE}`).expect(200)).resolves.toMatchObject({ body: { name: 'Mover' } });
    const [entry] = await tenantSql<{ changes: unknown }>(t.app, owner.tenantId, `select changes from audit_logs where action = 'workspace.address.update'`);
    expect(entry.changes).toEqual({ slug: { from: oldHost.split('.')[0], to: 'moved-away' } });
  });

  it('shows public form and webhook URLs with the workspace host', async () => {
    const host = await hostOf(acme);
    const { body } = await login(host, acme).expect(200);
    const forms = await t.http.get('/api/v1/forms').set('Host', host).set('Authorization', `Bearer ${body.accessToken}`).expect(200);
    expect(forms.body.length).toBeGreaterThan(0);
    for (const form of forms.body as Array<Record<string, unknown>>) {
      const urls = Object.values(form).filter((v): v is string => typeof v === 'string' && v.startsWith('http'));
      expect(urls.length).toBeGreaterThan(0);
      for (const url of urls) expect(url.startsWith(`http://${host}:8080/`)).toBe(true);
    }
  });

  it('emails workspace links from the apex "find your workspace" form, and answers the same either way', async () => {
    const known = await t.http.post('/api/v1/workspace-finder').set('Host', BASE).send({ email: acme.email.toUpperCase() }).expect(202);
    const unknown = await t.http.post('/api/v1/workspace-finder').set('Host', BASE).send({ email: 'nobody@example.com' }).expect(202);
    expect(known.body).toEqual({ accepted: true });
    expect(unknown.body).toEqual(known.body);
    const mail = await smtp.waitFor((m) => m.to.includes(acme.email));
    expect(mail.raw).toContain(`http://${await hostOf(acme)}:8080/sign-in`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.to('nobody@example.com')).toHaveLength(0);
    for (const bad of [{}, { email: null }, { email: 7 }, { email: 'x'.repeat(400) }]) {
      await t.http.post('/api/v1/workspace-finder').set('Host', BASE).send(bad).expect(400);
    }
  });

  async function createAdmin(owner: TestUser): Promise<TestUser> {
    const email = `admin-${Date.now()}@example.com`;
    const password = strongPassword();
    const passwordHash = await t.app.get(PasswordHasher).hash(password);
    await t.app.get(TenantDb).run(owner.tenantId, (m) =>
      m.query(`insert into users (tenant_id, email, name, role_id, status, password_hash) values ($1, $2, 'admin', $3, 'active', $4)`, [
        owner.tenantId,
        email,
        owner.roleIds.admin,
        passwordHash,
      ]),
    );
    return { ...owner, email, password };
  }
  it("sends single sign-on back to the workspace's own host, where its session cookie belongs", async () => {
    const host = await hostOf(acme);
    const session = await login(host, acme).expect(200);
    const auth = { Host: host, Authorization: `Bearer ${session.body.accessToken}` };
    const saved = await t.http
      .put('/api/v1/settings/sso')
      .set(auth)
      .send({ displayName: 'IdP', issuerUrl: 'https://idp.example.org', clientId: 'hl', clientSecret: 'secret-value', allowedDomains: ['example.org'], jitRoleId: null, enabled: true, requireSso: false })
      .expect(200);
    expect(saved.body.redirectUri).toBe(`http://${host}:8080/api/v1/auth/sso/callback`);
    expect(saved.body.signInUrl).toBe(`http://${host}:8080/sign-in?workspace=${acme.tenantId}`);
    // The sign-in page of the host learns its workspace's provider without any link; other hosts offer nothing.
    const offered = await t.http.get('/api/v1/auth/sso/by-host').set('Host', host).expect(200);
    expect(offered.body).toEqual({ offer: { workspaceId: acme.tenantId, workspaceName: 'Acme Legal', providerName: 'IdP', startUrl: `/api/v1/auth/sso/${acme.tenantId}/start` } });
    await t.http.get('/api/v1/auth/sso/by-host').set('Host', await hostOf(globex)).expect(200, { offer: null });
    await t.http.get('/api/v1/auth/sso/by-host').set('Host', BASE).expect(200, { offer: null });
  });

  describe('emailed links', () => {
    it("point invitations at the workspace's own host", async () => {
      const host = await hostOf(acme);
      const { body } = await login(host, acme).expect(200);
      const email = uniqueEmail('invited');
      const res = await t.http.post('/api/v1/users').set('Host', host).set('Authorization', `Bearer ${body.accessToken}`).send({ email, roleId: acme.roleIds.agent }).expect(201);
      expect(res.body.invitationUrl.startsWith(`http://${host}:8080/accept-invitation?token=`)).toBe(true);
      const mail = await smtp.waitFor((m) => m.to.includes(email));
      expect(plain(mail)).toContain(res.body.invitationUrl);
      expect(linkOrigins(mail)).toEqual([`http://${host}:8080`]);
    });

    it("point password resets at the workspace's own host, whichever host asked", async () => {
      const user = await addUser(t.app, globex.tenantId, globex.roleIds.agent, 'forgetful');
      await t.http.post('/api/v1/auth/password/forgot').set('Host', BASE).send({ email: user.email }).expect(202);
      const mail = await smtp.waitFor((m) => m.to.includes(user.email));
      expect(plain(mail)).toMatch(new RegExp(`http://${(await hostOf(globex)).replace(/\./g, '\\.')}:8080/reset-password\\?token=[\\w-]+`));
      expect(linkOrigins(mail)).toEqual([`http://${await hostOf(globex)}:8080`]);
    });

    it("point notification emails (the lead, unsubscribing) at the workspace's own host", async () => {
      const host = await hostOf(acme);
      const agent = await addUser(t.app, acme.tenantId, acme.roleIds.agent, 'notified');
      await tenantSql(
        t.app,
        acme.tenantId,
        `insert into notification_settings (tenant_id, on_duty_user_ids) values ($1, $2) on conflict (tenant_id) do update set on_duty_user_ids = $2`,
        [acme.tenantId, [agent.id]],
      );
      const { body } = await login(host, acme).expect(200);
      const lead = await t.http
        .post('/api/v1/leads')
        .set('Host', host)
        .set('Authorization', `Bearer ${body.accessToken}`)
        .send({ email: uniqueEmail('lead'), name: 'Grace Hopper', company: 'Navy', priority: 'urgent' })
        .expect(201);
      const mail = await smtp.waitFor((m) => m.to.includes(agent.email), 15_000);
      const text = plain(mail);
      expect(text).toContain(`http://${host}:8080/leads/${lead.body.id}`);
      const unsubscribe = new RegExp(`http://${host.replace(/\./g, '\\.')}:8080(/api/v1/notifications/unsubscribe\\?token=[A-Za-z0-9_.-]+)`).exec(text);
      expect(unsubscribe).not.toBeNull();
      expect(linkOrigins(mail).every((origin) => origin === `http://${host}:8080`)).toBe(true);
      // The link works on that host.
      await t.http.get(unsubscribe![1]).set('Host', host).expect(200, { kind: 'hot_lead' });
    });
  });

  describe('sign-up', () => {
    const form = (email: string) => ({ tenantName: 'Initech', name: 'Peter Gibbons', email, password: strongPassword() });

    it("is refused on a workspace's host with a problem, before the body is even read", async () => {
      const host = await hostOf(acme);
      const email = uniqueEmail('nosignup');
      const res = await t.http.post('/api/v1/auth/signup').set('Host', host).send(form(email)).expect(403);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 403, code: 'signup_apex_only' });
      expect(res.body.detail).toContain(`http://${BASE}:8080`);
      await t.http.post('/api/v1/auth/signup').set('Host', host).send({ nonsense: true }).expect(403);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(smtp.to(email)).toHaveLength(0);
    });

    it('works on the apex, and its emails link to the new workspace or to the one the address belongs to', async () => {
      const email = uniqueEmail('founder');
      await t.http.post('/api/v1/auth/signup').set('Host', BASE).send(form(email)).expect(202, { accepted: true });
      const ready = await smtp.waitFor((m) => m.to.includes(email));
      const [origin] = linkOrigins(ready);
      expect(origin).toMatch(new RegExp(`^http://initech(-[0-9a-f]{6})?\\.${BASE.replace('.', '\\.')}:8080$`));
      expect(plain(ready)).toContain(`${origin}/sign-in`);
      // The new workspace answers on that host.
      await t.http.get('/api/v1/workspace-by-host').set('Host', new URL(origin).hostname).expect(200);

      await t.http.post('/api/v1/auth/signup').set('Host', BASE).send(form(acme.email)).expect(202, { accepted: true });
      const inUse = await smtp.waitFor((m) => m.to.includes(acme.email) && plain(m).includes('already has an account'));
      expect(linkOrigins(inUse)).toEqual([`http://${await hostOf(acme)}:8080`, `http://${await hostOf(acme)}:8080`]);
    });
  });
});
