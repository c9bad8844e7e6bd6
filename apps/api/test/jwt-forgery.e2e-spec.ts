import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import jwt, { type SignOptions } from 'jsonwebtoken';
import { RUNTIME, type Runtime } from '../src/config/runtime';
import { addUser, createTenantWithUser, signIn, type SignedIn, type TestUser, SAME_ORIGIN } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

interface RealClaims {
  sub: string;
  tid: string;
  sid: string;
  iss: string;
  aud: string;
}

// Every way of minting an access token without the server, each of which must be refused.
describe('forged access tokens', () => {
  let t: TestApp;
  let owner: TestUser;
  let session: SignedIn;
  let claims: RealClaims;
  let secret: string;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await createTenantWithUser(t.app);
    session = await signIn(t.http, owner.email, owner.password);
    claims = jwt.decode(session.accessToken) as unknown as RealClaims;
    secret = t.app.get<Runtime>(RUNTIME).secrets.jwtSecret;
  });

  afterAll(async () => {
    await t.close();
  });

  const me = (token: string) => t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);

  // Signs { tid, sid } like the server does, with any part overridable.
  function forge(over: { key?: jwt.Secret; sub?: string; tid?: string; sid?: string; options?: SignOptions } = {}): string {
    const options: SignOptions = {
      algorithm: 'HS256',
      header: { alg: over.options?.algorithm ?? 'HS256', typ: 'at+jwt' },
      subject: over.sub ?? claims.sub,
      issuer: claims.iss,
      audience: claims.aud,
      expiresIn: 300,
      ...over.options,
    };
    return jwt.sign({ tid: over.tid ?? claims.tid, sid: over.sid ?? claims.sid }, over.key ?? secret, options);
  }

  it('accepts a token signed exactly like the server does (so the refusals below mean something)', async () => {
    const res = await me(forge()).expect(200);
    expect(res.body.user.id).toBe(owner.id);
  });

  const rsaKey = () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

  const unsigned = () =>
    jwt.sign({ tid: claims.tid, sid: claims.sid }, null, {
      algorithm: 'none',
      header: { alg: 'none', typ: 'at+jwt' },
      subject: claims.sub,
      issuer: claims.iss,
      audience: claims.aud,
      expiresIn: 300,
    });

  const cases: Array<[string, () => string]> = [
    ['alg none', unsigned],
    [
      'alg none with the signature of a real token kept',
      () => {
        const [header, payload] = unsigned().split('.');
        return `${header}.${payload}.${session.accessToken.split('.')[2]}`;
      },
    ],
    ['HS256 with a wrong secret', () => forge({ key: randomBytes(32).toString('base64url') })],
    ['RS256 with a key pair of its own', () => forge({ key: rsaKey(), options: { algorithm: 'RS256', header: { alg: 'RS256', typ: 'at+jwt' } } })],
    ['HS512 with the right secret', () => forge({ options: { algorithm: 'HS512', header: { alg: 'HS512', typ: 'at+jwt' } } })],
    ['a wrong audience', () => forge({ options: { audience: 'another-api' } })],
    ['a wrong issuer', () => forge({ options: { issuer: 'https://evil.example.com' } })],
    ['typ JWT instead of at+jwt', () => forge({ options: { header: { alg: 'HS256', typ: 'JWT' } } })],
    ['no typ header', () => forge({ options: { header: { alg: 'HS256', typ: undefined } } })],
    ['an expired token', () => forge({ options: { expiresIn: -60 } })],
    ['a session id that does not exist', () => forge({ sid: randomUUID() })],
    ['a real session claimed by another user', () => forge({ sub: randomUUID() })],
    ['a real session moved to another tenant', () => forge({ tid: randomUUID() })],
    ['a payload edited after signing', () => {
      const [header, , signature] = forge().split('.');
      const payload = Buffer.from(JSON.stringify({ ...claims, sub: randomUUID(), exp: Math.floor(Date.now() / 1000) + 300 })).toString('base64url');
      return `${header}.${payload}.${signature}`;
    }],
    ['garbage', () => 'garbage'],
    ['three empty segments', () => '..'],
    ['random base64url segments', () => [16, 32, 32].map((n) => randomBytes(n).toString('base64url')).join('.')],
    ['a very long string', () => 'a'.repeat(8000)],
  ];

  it.each(cases)('refuses %s', async (_name, make) => {
    const res = await me(make()).expect(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('unauthenticated');
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });

  it('refuses a well-signed token for a session that was signed out', async () => {
    const other = await signIn(t.http, owner.email, owner.password);
    const { sid } = jwt.decode(other.accessToken) as unknown as RealClaims;
    await t.http.post('/api/v1/auth/logout').set(other.auth).set(SAME_ORIGIN).expect(204);
    await me(forge({ sid })).expect(401);
  });

  it('refuses a well-signed token pairing one user with a colleague’s session', async () => {
    const colleague = await addUser(t.app, owner.tenantId, owner.roleIds.agent);
    const theirs = await signIn(t.http, colleague.email, colleague.password);
    const { sid } = jwt.decode(theirs.accessToken) as unknown as RealClaims;
    await me(forge({ sid })).expect(401);
    await me(forge({ sub: colleague.id, sid })).expect(200);
  });

  it('refuses malformed Authorization headers', async () => {
    await t.http.get('/api/v1/auth/me').set('Authorization', session.accessToken).expect(401);
    await t.http.get('/api/v1/auth/me').set('Authorization', `Basic ${Buffer.from('a:b').toString('base64')}`).expect(401);
    await t.http.get('/api/v1/auth/me').set('Authorization', 'Bearer').expect(401);
    await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${session.accessToken} extra`).expect(401);
  });
});
