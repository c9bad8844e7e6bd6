import { createApiKey } from './support/identity';
import { createTenantWithUser, refreshCookieFrom, SAME_ORIGIN, type TestUser } from './support/factories';
import { tenantSql } from './support/tenant-sql';
import { createTestApp, type TestApp } from './support/test-app';

jest.setTimeout(180_000);

// The API trusts the test's X-Forwarded-For (TRUST_PROXY), so each request can come from any address.
describe('network allowlists', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { TRUST_PROXY: 'true', RATE_LIMIT_LOGIN: '1000', RATE_LIMIT_DEFAULT: '10000' } });
  });

  afterAll(async () => {
    await t?.close();
  });

  const from = (address: string) => ({ 'X-Forwarded-For': address });
  const login = (user: TestUser, address: string) => t.http.post('/api/v1/auth/login').set(from(address)).send({ email: user.email, password: user.password });
  const session = async (user: TestUser, address: string) => {
    const res = await login(user, address).expect(200);
    return { auth: { Authorization: `Bearer ${res.body.accessToken}` }, cookie: refreshCookieFrom(res.headers['set-cookie']) };
  };
  const save = (auth: Record<string, string>, address: string, staffRanges: unknown, apiKeyRanges: unknown = []) =>
    t.http.put('/api/v1/settings/network-access').set(auth).set(from(address)).send({ staffRanges, apiKeyRanges });
  const denials = (tenantId: string) =>
    tenantSql<{ outcome: string; ip: string; metadata: { list: string; address: string } }>(
      t.app,
      tenantId,
      `select outcome, ip, metadata from audit_logs where action = 'access.ip_denied' order by created_at`,
    );

  it('answers both lists and the address the request came from', async () => {
    const owner = await createTenantWithUser(t.app, 'owner', 'Lists');
    const { auth } = await session(owner, '203.0.113.5');
    const res = await t.http.get('/api/v1/settings/network-access').set(auth).set(from('203.0.113.5')).expect(200);
    expect(res.body).toEqual({ staffRanges: [], apiKeyRanges: [], currentAddress: '203.0.113.5' });
  });

  it('keeps staff sessions to the IPv4 staff list: sign-in, refresh and every request', async () => {
    const owner = await createTenantWithUser(t.app, 'owner', 'IPv4');
    const inside = '203.0.113.5';
    const outside = '198.51.100.7';
    const { auth, cookie } = await session(owner, inside);
    const saved = await save(auth, inside, [' 203.0.113.0/24 ', '203.0.113.9']).expect(200);
    expect(saved.body).toEqual({ staffRanges: ['203.0.113.0/24', '203.0.113.9/32'], apiKeyRanges: [], currentAddress: inside });

    await t.http.get('/api/v1/leads').set(auth).set(from(inside)).expect(200);
    const refused = await t.http.get('/api/v1/leads').set(auth).set(from(outside)).expect(403);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body.code).toBe('ip_not_allowed');
    await t.http.post('/api/v1/auth/refresh').set(SAME_ORIGIN).set('Cookie', cookie).set(from(outside)).expect(403);
    await expect(login(owner, outside).expect(403)).resolves.toMatchObject({ body: { code: 'ip_not_allowed' } });
    await login(owner, inside).expect(200);
    // A wrong password from outside is still just a wrong password: nothing about the list is revealed.
    await expect(
      t.http.post('/api/v1/auth/login').set(from(outside)).send({ email: owner.email, password: 'not the password at all' }).expect(401),
    ).resolves.toMatchObject({ body: { code: 'invalid_credentials' } });

    const entries = await denials(owner.tenantId);
    expect(entries.map((e) => [e.outcome, e.metadata.list, e.metadata.address])).toEqual([
      ['denied', 'staff', outside],
      ['denied', 'staff', outside],
      ['denied', 'staff', outside],
    ]);
  });

  it('refuses a staff list that leaves out the address of the person saving it', async () => {
    const owner = await createTenantWithUser(t.app, 'owner', 'Lockout');
    const { auth } = await session(owner, '203.0.113.5');
    const res = await save(auth, '203.0.113.5', ['10.0.0.0/8']).expect(422);
    expect(res.body).toMatchObject({ code: 'allowlist_excludes_you', currentAddress: '203.0.113.5' });
    expect(res.body.detail).toContain('203.0.113.5');
    const [row] = await tenantSql<{ staff: string[] }>(t.app, owner.tenantId, `select staff_ip_ranges as staff from tenants`);
    expect(row.staff).toEqual([]);
    // An API-key list is no lockout: the person is on a session.
    await save(auth, '203.0.113.5', [], ['10.0.0.0/8']).expect(200);
  });

  it('matches IPv6 ranges', async () => {
    const owner = await createTenantWithUser(t.app, 'owner', 'IPv6');
    const { auth } = await session(owner, '2001:db8:abcd::1');
    await save(auth, '2001:db8:abcd::1', ['2001:DB8:ABCD::/48']).expect(200);
    await t.http.get('/api/v1/leads').set(auth).set(from('2001:db8:abcd:12::99')).expect(200);
    await t.http.get('/api/v1/leads').set(auth).set(from('2001:db8:ffff::1')).expect(403);
    await t.http.get('/api/v1/leads').set(auth).set(from('203.0.113.5')).expect(403);
    await save(auth, '2001:db8:abcd::1', ['2001:db8:1::/48']).expect(422);
  });

  it('keeps API keys to their own list, apart from sessions, and never restricts public forms', async () => {
    const owner = await createTenantWithUser(t.app, 'owner', 'Keys');
    const { auth } = await session(owner, '198.51.100.7');
    await save(auth, '198.51.100.7', [], ['192.0.2.0/24', '2001:db8:5::/64']).expect(200);
    const key = await createApiKey(t.app, owner.tenantId, ['leads:read', 'leads:write']);
    await t.http.get('/api/v1/leads').set('X-API-Key', key).set(from('192.0.2.77')).expect(200);
    await t.http.get('/api/v1/leads').set('X-API-Key', key).set(from('2001:db8:5::7')).expect(200);
    const refused = await t.http.get('/api/v1/leads').set('X-API-Key', key).set(from('198.51.100.7')).expect(403);
    expect(refused.body.code).toBe('ip_not_allowed');
    // Sessions are not bound by the key list.
    await t.http.get('/api/v1/leads').set(auth).set(from('198.51.100.7')).expect(200);
    const [entry] = await denials(owner.tenantId);
    expect(entry.metadata).toEqual({ list: 'api_key', address: '198.51.100.7' });

    // A staff list too; the public form still takes submissions from anywhere.
    await save(auth, '198.51.100.7', ['198.51.100.0/24'], ['192.0.2.0/24']).expect(200);
    const form = await t.http.post('/api/v1/forms').set(auth).set(from('198.51.100.7')).send({ type: 'contact', name: 'Open' }).expect(201);
    await t.http.post(`/api/v1/public/forms/${form.body.id}/submissions`).set(from('203.0.113.200')).send({ name: 'Anyone', email: 'anyone@example.com' }).expect(202);
    const leads = await tenantSql(t.app, owner.tenantId, `select id from leads where form_id = $1`, [form.body.id]);
    expect(leads).toHaveLength(1);
  });

  it('refuses anything that is not an address or range, and odd bodies, with 400', async () => {
    const owner = await createTenantWithUser(t.app, 'owner', 'Bad input');
    const { auth } = await session(owner, '203.0.113.5');
    const res = await save(auth, '203.0.113.5', ['203.0.113.0/24', '10.0.0.0/33', 'example.com'], ['::/129']).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['staffRanges.1', 'staffRanges.2', 'apiKeyRanges.0']);
    for (const body of [{}, { staffRanges: null, apiKeyRanges: [] }, { staffRanges: 'x', apiKeyRanges: [] }, { staffRanges: [1], apiKeyRanges: [] }, { staffRanges: ['1.2.3.4\u0000'], apiKeyRanges: [] }, { staffRanges: Array(101).fill('10.0.0.1'), apiKeyRanges: [] }, { staffRanges: ['x'.repeat(65)], apiKeyRanges: [] }]) {
      await t.http.put('/api/v1/settings/network-access').set(auth).set(from('203.0.113.5')).send(body).expect(400);
    }
    const [row] = await tenantSql<{ staff: string[] }>(t.app, owner.tenantId, `select staff_ip_ranges as staff from tenants`);
    expect(row.staff).toEqual([]);
  });

  it('needs settings:manage and a person (not an API key)', async () => {
    const owner = await createTenantWithUser(t.app, 'owner', 'Who');
    const key = await createApiKey(t.app, owner.tenantId, ['settings:manage']);
    await t.http.get('/api/v1/settings/network-access').set('X-API-Key', key).expect(403);
    await t.http.put('/api/v1/settings/network-access').set('X-API-Key', key).send({ staffRanges: [], apiKeyRanges: [] }).expect(403);
  });
});
