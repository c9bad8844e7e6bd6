import { Controller, Get, Module } from '@nestjs/common';
import { createApiKey } from './support/identity';
import { createTenantWithUser, signIn, type SignedIn, type TestUser } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

// A route that forgot its @Public() / @Authenticated(): the guard must refuse it, never let it through.
@Controller('test-fixtures/guard')
class UndeclaredController {
  @Get('undeclared')
  undeclared(): string {
    return 'reached';
  }
}

@Module({ controllers: [UndeclaredController] })
class UndeclaredModule {}

const MISSING = 'A valid access token or API key is required.';
const INVALID = 'The access token or API key is invalid, expired or revoked.';

// The one guard's contract, pinned by its exact answers: which credential wins, the problem bodies and
// codes, and that authenticating leaves no session behind.
describe('auth guard', () => {
  let t: TestApp;
  let owner: TestUser;
  let session: SignedIn;
  let auditKey: string;

  beforeAll(async () => {
    t = await createTestApp({ imports: [UndeclaredModule], env: { RATE_LIMIT_LOGIN: '1000' } });
    owner = await createTenantWithUser(t.app, 'owner', 'Guard');
    session = await signIn(t.http, owner.email, owner.password);
    auditKey = await createApiKey(t.app, owner.tenantId, ['audit:read']);
  });

  afterAll(async () => {
    await t.close();
  });

  const unauthenticated = (path: string, detail: string) => ({
    type: 'urn:hotleads:problem:unauthenticated',
    title: 'Authentication required',
    status: 401,
    detail,
    code: 'unauthenticated',
    instance: path,
    requestId: expect.any(String),
  });

  it('answers a request without a credential with 401 and a Bearer challenge', async () => {
    const res = await t.http.get('/api/v1/auth/me').expect(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.body).toEqual(unauthenticated('/api/v1/auth/me', MISSING));
  });

  it.each([
    ['a malformed Authorization header', { Authorization: 'Basic b3duZXI6cGFzcw==' }],
    ['an empty bearer', { Authorization: 'Bearer ' }],
  ])('treats %s as no credential', async (_what, headers) => {
    const res = await t.http.get('/api/v1/auth/me').set(headers).expect(401);
    expect(res.body).toEqual(unauthenticated('/api/v1/auth/me', MISSING));
  });

  it.each([
    ['a bearer token that is not ours', { Authorization: 'Bearer not.a.token' }],
    ['an unknown API key', { 'X-API-Key': 'hl_unknownkey1_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' }],
    ['an unknown API key sent as bearer', { Authorization: 'Bearer hl_unknownkey1_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' }],
    ['a value without the key prefix in X-API-Key', { 'X-API-Key': 'not-a-key' }],
  ])('answers %s with 401 invalid', async (_what, headers) => {
    const res = await t.http.get('/api/v1/audit-logs').set(headers).expect(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.body).toEqual(unauthenticated('/api/v1/audit-logs', INVALID));
  });

  it('lets X-API-Key win over Authorization, with no fallback to the other credential', async () => {
    // A valid key beside a garbage bearer: authenticated as the key.
    await t.http.get('/api/v1/audit-logs').set('X-API-Key', auditKey).set('Authorization', 'Bearer not.a.token').expect(200);
    // A garbage key beside a valid session: refused, the session is not tried.
    const res = await t.http.get('/api/v1/auth/me').set('X-API-Key', 'hl_unknownkey1_x').set(session.auth).expect(401);
    expect(res.body).toEqual(unauthenticated('/api/v1/auth/me', INVALID));
    // A valid key beside a valid session: the key is the principal, so a staff-only route is refused.
    const staffOnly = await t.http.get('/api/v1/auth/me').set('X-API-Key', auditKey).set(session.auth).expect(403);
    expect(staffOnly.body.permission).toBe('a staff session');
  });

  it('authenticates a session token and an API key as bearer', async () => {
    const me = await t.http.get('/api/v1/auth/me').set(session.auth).expect(200);
    expect(me.body.user.id).toBe(owner.id);
    await t.http.get('/api/v1/audit-logs').set('Authorization', `Bearer ${auditKey}`).expect(200);
  });

  it('answers a staff-only route called with an API key with 403', async () => {
    const res = await t.http.get('/api/v1/auth/me').set('X-API-Key', auditKey).expect(403);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toEqual({
      type: 'urn:hotleads:problem:forbidden',
      title: 'Forbidden',
      status: 403,
      detail: 'This needs the a staff session permission.',
      code: 'forbidden',
      instance: '/api/v1/auth/me',
      requestId: expect.any(String),
      permission: 'a staff session',
    });
  });

  it('answers a missing permission with 403 naming it', async () => {
    const leadsKey = await createApiKey(t.app, owner.tenantId, ['leads:read']);
    const res = await t.http.get('/api/v1/audit-logs').set('X-API-Key', leadsKey).expect(403);
    expect(res.body).toEqual({
      type: 'urn:hotleads:problem:forbidden',
      title: 'Forbidden',
      status: 403,
      detail: 'This needs the audit:read permission.',
      code: 'forbidden',
      instance: '/api/v1/audit-logs',
      requestId: expect.any(String),
      permission: 'audit:read',
    });
  });

  it('creates no session or cookie when it authenticates a request', async () => {
    const before = await t.http.get('/api/v1/auth/sessions').set(session.auth).expect(200);
    const key = await t.http.get('/api/v1/audit-logs').set('X-API-Key', auditKey).expect(200);
    const bearer = await t.http.get('/api/v1/auth/me').set(session.auth).expect(200);
    expect(key.headers['set-cookie']).toBeUndefined();
    expect(bearer.headers['set-cookie']).toBeUndefined();
    const after = await t.http.get('/api/v1/auth/sessions').set(session.auth).expect(200);
    expect(after.body).toHaveLength(before.body.length);
  });

  it('refuses a route that declares no access rule, with or without a credential', async () => {
    for (const headers of [{}, session.auth]) {
      const res = await t.http.get('/api/v1/test-fixtures/guard/undeclared').set(headers).expect(500);
      expect(res.body.code).toBe('internal_error');
      expect(JSON.stringify(res.body)).not.toContain('reached');
    }
  });

  it('lets a public route through without a credential, and ignores a bad one there', async () => {
    await t.http.get('/health/live').expect(200);
    await t.http.get('/health/live').set('Authorization', 'Bearer not.a.token').expect(200);
  });
});
