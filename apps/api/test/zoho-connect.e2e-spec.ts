import { CredentialsVault } from '../src/modules/integrations/credentials-vault';
import { addUser, createTenantWithUser, signIn, type SignedIn, type TestUser } from './support/factories';
import { FakeZoho, type FakeZohoClient } from './support/fake-zoho';
import { rememberSecret } from './support/log-capture';
import { tenantSql } from './support/tenant-sql';
import { createTestApp, TEST_ENCRYPTION_KEY, type TestApp } from './support/test-app';

const PUBLIC_URL = 'http://hotleads.test';
const REDIRECT_URI = `${PUBLIC_URL}/api/v1/integrations/zoho/callback`;

interface Started {
  url: URL;
  state: string;
  cookie: string;
}

describe('Connecting Zoho CRM through Zoho’s sign-in', () => {
  const zoho = new FakeZoho();
  // Stands for a host named by a forged `accounts-server`: it must never be called.
  const forged = new FakeZoho();
  let t: TestApp;
  let owner: TestUser;
  let session: SignedIn;

  beforeAll(async () => {
    await Promise.all([zoho.start(), forged.start()]);
    t = await createTestApp({ env: { RATE_LIMIT_LOGIN: '1000', PUBLIC_URL, ZOHO_ACCOUNTS_URL: zoho.baseUrl, ZOHO_API_URL: zoho.baseUrl, PROVIDER_TIMEOUT_MS: '2000' } });
    owner = await createTenantWithUser(t.app, 'owner', 'Zoho Connect Co');
    session = await signIn(t.http, owner.email, owner.password);
  }, 60_000);

  afterAll(async () => {
    await t.close();
    await Promise.all([zoho.close(), forged.close()]);
  });

  const newClient = (): FakeZohoClient => {
    const client = zoho.addClient();
    rememberSecret(client.clientSecret, client.refreshToken);
    return client;
  };

  const authorize = async (auth: Record<string, string>, body: Record<string, unknown>): Promise<Started> => {
    const res = await t.http.post('/api/v1/integrations/zoho/authorize').set(auth).send(body).expect(200);
    const url = new URL(res.body.url);
    const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('hl_zoho_connect='));
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toContain('Path=/api/v1/integrations/zoho/callback');
    return { url, state: url.searchParams.get('state')!, cookie: setCookie!.split(';')[0] };
  };

  // What Zoho's consent screen would do: a code for the client, sent back with the state.
  const consent = (started: Started, client: FakeZohoClient) => zoho.issueCode(client, started.url.searchParams.get('redirect_uri')!, started.url.searchParams.get('code_challenge'));

  const callback = async (params: Record<string, string>, cookie?: string) => {
    const req = t.http.get(`/api/v1/integrations/zoho/callback?${new URLSearchParams(params).toString()}`);
    if (cookie) req.set('Cookie', cookie);
    const res = await req.expect(302);
    return new URL(res.headers.location as string);
  };

  const zohoConnections = (tenantId: string) => tenantSql<{ id: string; name: string; status: string; credentials: string; credentials_key_id: string }>(t.app, tenantId, `select id, name, status, credentials, credentials_key_id from integration_connections where provider = 'zoho' order by created_at`);

  it('says the flow is available with the redirect URI to register', async () => {
    const res = await t.http.get('/api/v1/integrations/zoho/oauth').set(session.auth).expect(200);
    expect(res.body).toEqual({ available: true, redirectUri: REDIRECT_URI, scopes: ['ZohoCRM.modules.leads.ALL', 'ZohoCRM.settings.fields.READ'] });
  });

  it('connects: Zoho’s URL from the configured host, the code exchanged with PKCE, the refresh token kept encrypted and never shown', async () => {
    const w = await createTenantWithUser(t.app, 'owner', 'Happy Path Co');
    const s = await signIn(t.http, w.email, w.password);
    const client = newClient();
    const started = await authorize(s.auth, { name: 'Zoho: sales', dataCentre: 'eu', clientId: client.clientId, clientSecret: client.clientSecret });
    expect(started.url.origin + started.url.pathname).toBe(`${zoho.baseUrl}/oauth/v2/auth`);
    expect(Object.fromEntries(started.url.searchParams)).toMatchObject({
      client_id: client.clientId,
      response_type: 'code',
      access_type: 'offline',
      prompt: 'consent',
      redirect_uri: REDIRECT_URI,
      scope: 'ZohoCRM.modules.leads.ALL,ZohoCRM.settings.fields.READ',
      code_challenge_method: 'S256',
    });
    expect(started.state.length).toBeGreaterThanOrEqual(40);
    expect(started.url.searchParams.get('client_secret')).toBeNull();
    // Stored hashed: the state itself is nowhere in the database row.
    const [trip] = await tenantSql<{ state_hash: string; client_secret: string }>(t.app, w.tenantId, `select state_hash, client_secret from zoho_authorizations`);
    expect(trip.state_hash).not.toBe(started.state);
    expect(trip.client_secret).not.toContain(client.clientSecret);

    const code = consent(started, client);
    const location = await callback({ code, state: started.state, location: 'eu', 'accounts-server': 'https://accounts.zoho.eu' }, started.cookie);
    const [connection] = await zohoConnections(w.tenantId);
    expect(location.toString()).toBe(`${PUBLIC_URL}/integrations/${connection.id}?zoho=connected`);
    expect(connection).toMatchObject({ name: 'Zoho: sales', status: 'active' });

    // The refresh token is Zoho's new one, sealed for this connection only.
    const vault = new CredentialsVault(Buffer.from(TEST_ENCRYPTION_KEY, 'base64'));
    const credentials = vault.open(connection.id, { ciphertext: connection.credentials, keyId: connection.credentials_key_id });
    expect(credentials).toMatchObject({ dataCentre: 'eu', clientId: client.clientId, clientSecret: client.clientSecret, refreshToken: expect.stringMatching(/^1000\./) });
    rememberSecret(credentials.refreshToken);
    expect(connection.credentials).not.toContain(credentials.refreshToken);

    const shown = await t.http.get(`/api/v1/integrations/connections/${connection.id}`).set(s.auth).expect(200);
    expect(JSON.stringify(shown.body)).not.toContain(credentials.refreshToken);
    expect(JSON.stringify(shown.body)).not.toContain(client.clientSecret);
    expect(shown.body.credentials.refreshToken).toContain(credentials.refreshToken.slice(-4));
    // The stored token works: the connection's test asks Zoho for an access token with it.
    const tested = await t.http.post(`/api/v1/integrations/connections/${connection.id}/test`).set(s.auth).expect(200);
    expect(tested.body).toEqual({ ok: true, message: 'Connected to Zoho CRM' });

    const audit = await tenantSql<{ action: string; outcome: string; actor_id: string; metadata: Record<string, unknown>; changes: Record<string, unknown> }>(
      t.app,
      w.tenantId,
      `select action, outcome, actor_id, metadata, changes from audit_logs where resource_id = $1 order by created_at`,
      [connection.id],
    );
    expect(audit[0]).toMatchObject({ action: 'integration.create', outcome: 'success', actor_id: w.id, metadata: { via: 'oauth' } });
    expect(JSON.stringify(audit)).not.toContain(credentials.refreshToken);
  }, 60_000);

  it('refuses a replayed state, and a state past its 10 minutes', async () => {
    const client = newClient();
    const started = await authorize(session.auth, { dataCentre: 'us', clientId: client.clientId, clientSecret: client.clientSecret });
    const first = await callback({ code: consent(started, client), state: started.state }, started.cookie);
    expect(first.searchParams.get('zoho')).toBe('connected');
    const before = (await zohoConnections(owner.tenantId)).length;
    const replay = await callback({ code: consent(started, client), state: started.state }, started.cookie);
    expect(replay.toString()).toBe(`${PUBLIC_URL}/integrations?zoho_error=expired`);

    const late = await authorize(session.auth, { dataCentre: 'us', clientId: client.clientId, clientSecret: client.clientSecret });
    await tenantSql(t.app, owner.tenantId, `update zoho_authorizations set expires_at = now() - interval '1 second' where used_at is null`);
    const expired = await callback({ code: consent(late, client), state: late.state }, late.cookie);
    expect(expired.searchParams.get('zoho_error')).toBe('expired');
    const unknown = await callback({ code: 'x', state: 'not-a-state-we-made' }, late.cookie);
    expect(unknown.searchParams.get('zoho_error')).toBe('expired');
    expect(await zohoConnections(owner.tenantId)).toHaveLength(before);
  }, 60_000);

  it('refuses a state carried to another user’s browser or workspace, and a user who lost the permission', async () => {
    const client = newClient();
    const started = await authorize(session.auth, { dataCentre: 'us', clientId: client.clientId, clientSecret: client.clientSecret });
    // Another workspace's owner, with a cookie of their own trip.
    const other = await createTenantWithUser(t.app, 'owner', 'Other Co');
    const otherSession = await signIn(t.http, other.email, other.password);
    const theirs = await authorize(otherSession.auth, { dataCentre: 'us', clientId: client.clientId, clientSecret: client.clientSecret });
    const before = (await zohoConnections(owner.tenantId)).length;
    const carried = await callback({ code: consent(started, client), state: started.state }, theirs.cookie);
    expect(carried.searchParams.get('zoho_error')).toBe('other_browser');
    // Spent: the right browser cannot finish it afterwards either.
    expect((await callback({ code: consent(started, client), state: started.state }, started.cookie)).searchParams.get('zoho_error')).toBe('expired');
    const noCookie = await authorize(session.auth, { dataCentre: 'us', clientId: client.clientId, clientSecret: client.clientSecret });
    expect((await callback({ code: consent(noCookie, client), state: noCookie.state })).searchParams.get('zoho_error')).toBe('other_browser');
    expect(await zohoConnections(owner.tenantId)).toHaveLength(before);
    expect(await zohoConnections(other.tenantId)).toHaveLength(0);

    // Reconnecting another workspace's connection: not found from here.
    const [mine] = await zohoConnections(owner.tenantId);
    if (mine) {
      const res = await t.http.post('/api/v1/integrations/zoho/authorize').set(otherSession.auth).send({ connectionId: mine.id }).expect(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }

    // An admin demoted to viewer while at Zoho.
    const admin = await addUser(t.app, owner.tenantId, owner.roleIds.admin, 'admin');
    const adminSession = await signIn(t.http, admin.email, admin.password);
    const demoted = await authorize(adminSession.auth, { dataCentre: 'us', clientId: client.clientId, clientSecret: client.clientSecret });
    await tenantSql(t.app, owner.tenantId, `update users set role_id = $1 where id = $2`, [owner.roleIds.viewer, admin.id]);
    expect((await callback({ code: consent(demoted, client), state: demoted.state }, demoted.cookie)).searchParams.get('zoho_error')).toBe('not_allowed');
    const refusals = await tenantSql<{ metadata: { reason: string } }>(t.app, owner.tenantId, `select metadata from audit_logs where action = 'integration.zoho_connect' and outcome = 'failure' order by created_at`);
    expect(refusals.map((r) => r.metadata.reason)).toEqual(expect.arrayContaining(['other_browser', 'not_allowed']));
  }, 60_000);

  it('says what Zoho refused: a bad code (invalid_code) and a declined consent', async () => {
    const client = newClient();
    const before = (await zohoConnections(owner.tenantId)).length;
    const started = await authorize(session.auth, { dataCentre: 'us', clientId: client.clientId, clientSecret: client.clientSecret });
    const refused = await callback({ code: '1000.not-a-code-zoho-gave', state: started.state }, started.cookie);
    expect(refused.toString()).toBe(`${PUBLIC_URL}/integrations?zoho_error=refused`);
    const declined = await authorize(session.auth, { dataCentre: 'us', clientId: client.clientId, clientSecret: client.clientSecret });
    expect((await callback({ error: 'access_denied', state: declined.state }, declined.cookie)).searchParams.get('zoho_error')).toBe('denied');
    expect(await zohoConnections(owner.tenantId)).toHaveLength(before);
  }, 60_000);

  it('never calls a host named by a forged accounts-server: the code goes to the configured accounts host', async () => {
    const client = newClient();
    const started = await authorize(session.auth, { dataCentre: 'us', clientId: client.clientId, clientSecret: client.clientSecret });
    zoho.reset();
    const location = await callback({ code: consent(started, client), state: started.state, location: 'us', 'accounts-server': forged.baseUrl }, started.cookie);
    expect(location.searchParams.get('zoho')).toBe('connected');
    expect(forged.tokenRequests).toBe(0);
    expect(forged.requests).toHaveLength(0);
    expect(zoho.tokenRequests).toBe(1);
  }, 60_000);

  it('reconnects an existing connection that needs attention, keeping its client, and checks what is sent', async () => {
    const client = newClient();
    const created = await t.http
      .post('/api/v1/integrations/connections')
      .set(session.auth)
      .send({ provider: 'zoho', name: 'Zoho: refused', credentials: { dataCentre: 'us', ...client } })
      .expect(201);
    await tenantSql(t.app, owner.tenantId, `update integration_connections set status = 'needs_attention', last_error = 'Zoho refused the refresh token: reconnect' where id = $1`, [created.body.id]);
    const started = await authorize(session.auth, { connectionId: created.body.id });
    expect(started.url.searchParams.get('client_id')).toBe(client.clientId);
    const location = await callback({ code: consent(started, client), state: started.state }, started.cookie);
    expect(location.toString()).toBe(`${PUBLIC_URL}/integrations/${created.body.id}?zoho=connected`);
    const shown = await t.http.get(`/api/v1/integrations/connections/${created.body.id}`).set(session.auth).expect(200);
    expect(shown.body).toMatchObject({ status: 'active', lastError: null });
    expect(shown.body.credentials.refreshToken).not.toBe(created.body.credentials.refreshToken);

    const incomplete = await t.http.post('/api/v1/integrations/zoho/authorize').set(session.auth).send({ dataCentre: 'us', clientId: client.clientId }).expect(422);
    expect(incomplete.body.code).toBe('zoho_client_required');
    const bad = await t.http.post('/api/v1/integrations/zoho/authorize').set(session.auth).send({ dataCentre: 'mars', clientId: 'short', accountsServer: 'https://evil.example' }).expect(400);
    expect(bad.body.code).toBeDefined();
    const viewer = await addUser(t.app, owner.tenantId, owner.roleIds.viewer, 'viewer');
    const viewerSession = await signIn(t.http, viewer.email, viewer.password);
    await t.http.post('/api/v1/integrations/zoho/authorize').set(viewerSession.auth).send({ connectionId: created.body.id }).expect(403);
  }, 60_000);
});
