import { addUser, createTenantWithUser, signIn, type SignedIn, type TestUser } from './support/factories';
import { FakeZoho } from './support/fake-zoho';
import { rememberSecret } from './support/log-capture';
import { tenantSql } from './support/tenant-sql';
import { createTestApp, type TestApp } from './support/test-app';

// The connect form's `Test`: credentials checked against the provider before anything is saved.
describe('POST /integrations/connections/test (credentials not saved yet)', () => {
  const zoho = new FakeZoho();
  let t: TestApp;
  let owner: TestUser;
  let session: SignedIn;

  beforeAll(async () => {
    await zoho.start();
    t = await createTestApp({ env: { RATE_LIMIT_LOGIN: '1000', ZOHO_ACCOUNTS_URL: zoho.baseUrl, ZOHO_API_URL: zoho.baseUrl, PROVIDER_TIMEOUT_MS: '2000' } });
    owner = await createTenantWithUser(t.app, 'owner', 'Test Shop');
    session = await signIn(t.http, owner.email, owner.password);
  }, 60_000);

  afterAll(async () => {
    await t.close();
    await zoho.close();
  });

  const test = (body: unknown) => t.http.post('/api/v1/integrations/connections/test').set(session.auth).send(body as object);
  const connections = async () => Number((await tenantSql<{ n: string }>(t.app, owner.tenantId, 'select count(*) as n from integration_connections'))[0].n);

  it('answers ok for credentials Zoho accepts and says what Zoho said for ones it refuses, storing nothing', async () => {
    const client = zoho.addClient();
    rememberSecret(client.clientSecret, client.refreshToken);
    const good = await test({ provider: 'zoho', credentials: { dataCentre: 'eu', ...client } }).expect(200);
    expect(good.body).toEqual({ ok: true, message: 'Connected to Zoho CRM' });
    expect(zoho.tokenRequests).toBe(1);

    const refused = await test({ provider: 'zoho', credentials: { dataCentre: 'eu', ...client, refreshToken: '1000.not-a-known-refresh-token' } }).expect(200);
    expect(refused.body.ok).toBe(false);
    expect(refused.body.message).toMatch(/Zoho refused the refresh token/);
    expect(JSON.stringify(refused.body)).not.toContain(client.clientSecret);
    expect(await connections()).toBe(0);
  });

  it('answers 400 with one error per bad credential field, before calling the provider', async () => {
    zoho.reset();
    const res = await test({ provider: 'zoho', credentials: { dataCentre: 'mars', clientId: 'short', clientSecret: 'has a space in it', refreshToken: 42, extra: 'x' } }).expect(400);
    expect(res.body.code).toBe('validation_failed');
    expect(new Set(res.body.errors.map((e: { field: string }) => e.field))).toEqual(
      new Set(['credentials.dataCentre', 'credentials.clientId', 'credentials.clientSecret', 'credentials.refreshToken', 'credentials.extra']),
    );
    expect(zoho.tokenRequests).toBe(0);
    const missing = await test({ provider: 'google_calendar' }).expect(400);
    expect(missing.body).toMatchObject({ code: 'validation_failed', errors: [{ field: 'credentials' }] });
  });

  it('refuses malformed bodies with problem+json, never a 500', async () => {
    const bodies: unknown[] = [
      {},
      { provider: null },
      { provider: 'nope', credentials: {} },
      { provider: 42 },
      { provider: 'zoho', credentials: null },
      { provider: 'zoho', credentials: 'a string' },
      { provider: 'zoho', credentials: ['an', 'array'] },
      { provider: 'zoho', credentials: { dataCentre: 'us\u0000', clientId: 'abc\u0000defghij', clientSecret: {}, refreshToken: [] } },
      { provider: 'zoho', credentials: { dataCentre: 'us', clientId: 'x'.repeat(100_000), clientSecret: 'y'.repeat(10), refreshToken: 'z'.repeat(10) } },
      { provider: 'zoho', credentials: { nested: { deep: { deeper: [1, [2, [3]]] } } } },
    ];
    for (const body of bodies) {
      const res = await test(body);
      expect([400, 413]).toContain(res.status);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(typeof res.body.code).toBe('string');
      expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/);
    }
    const deep = await t.http.post('/api/v1/integrations/connections/test').set(session.auth).set('content-type', 'application/json').send('['.repeat(5000) + ']'.repeat(5000));
    expect(deep.status).toBe(400);
    expect(await connections()).toBe(0);
  });

  it('is for staff who manage integrations only', async () => {
    await t.http.post('/api/v1/integrations/connections/test').send({ provider: 'zoho', credentials: {} }).expect(401);
    const manager = await addUser(t.app, owner.tenantId, owner.roleIds.manager, 'manager');
    const managerSession = await signIn(t.http, manager.email, manager.password);
    await t.http.post('/api/v1/integrations/connections/test').set(managerSession.auth).send({ provider: 'zoho', credentials: {} }).expect(403);
  });
});
