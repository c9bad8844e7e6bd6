import { performance } from 'node:perf_hooks';
import { createTenantWithUser, signIn, uniqueEmail } from './support/factories';
import { tenantSql } from './support/tenant-sql';
import { createTestApp, TEST_OWNER_EMAIL, TEST_OWNER_PASSWORD, type TestApp } from './support/test-app';

const WRONG = 'not the password at all';
const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

describe('account lockout', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_LOGIN: '1000' } });
  });

  afterAll(async () => {
    await t.close();
  });

  const login = (email: string, password: string) => t.http.post('/api/v1/auth/login').send({ email, password });

  it('locks after 5 wrong passwords, answering the right one like any failure, until the lock expires', async () => {
    const user = await createTenantWithUser(t.app);
    for (let i = 0; i < 5; i++) await login(user.email, WRONG).expect(401);

    const right = await login(user.email, user.password).expect(401);
    const wrong = await login(user.email, WRONG).expect(401);
    const unknown = await login(uniqueEmail('nobody'), WRONG).expect(401);
    expect(right.body.code).toBe('invalid_credentials');
    expect(strip(right.body)).toEqual(strip(wrong.body));
    expect(strip(right.body)).toEqual(strip(unknown.body));

    const audit = await tenantSql<{ outcome: string; metadata: { failures: number } }>(
      t.app,
      user.tenantId,
      `select outcome, metadata from audit_logs where action = 'auth.lockout' and actor_id = $1`,
      [user.id],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ outcome: 'denied', metadata: { failures: 5 } });

    await tenantSql(t.app, user.tenantId, `update users set locked_until = now() - interval '1 second' where id = $1`, [user.id]);
    await signIn(t.http, user.email, user.password);
    const [row] = await tenantSql<{ failed_login_count: number; locked_until: Date | null }>(
      t.app,
      user.tenantId,
      `select failed_login_count, locked_until from users where id = $1`,
      [user.id],
    );
    expect(row).toEqual({ failed_login_count: 0, locked_until: null });
  });

  it('takes about as long for an unknown email as for a wrong password', async () => {
    const user = await createTenantWithUser(t.app);
    const timed = async (email: string) => {
      const start = performance.now();
      await login(email, WRONG).expect(401);
      return performance.now() - start;
    };
    // Warm up both paths (connection pool, JIT) before measuring.
    await timed(uniqueEmail('warmup'));
    await timed(user.email);

    const unknown: number[] = [];
    const wrong: number[] = [];
    // Interleaved, so a slow moment of the machine hits both series alike.
    for (let i = 0; i < 5; i++) {
      unknown.push(await timed(uniqueEmail('nobody')));
      wrong.push(await timed(user.email));
    }
    const ratio = median(unknown) / median(wrong);
    expect(ratio).toBeGreaterThan(1 / 3);
    expect(ratio).toBeLessThan(3);
  });
});

describe('login rate limit', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_LOGIN: '3' } });
  });

  afterAll(async () => {
    await t.close();
  });

  it('answers the 4th attempt from one client within a minute with 429 and Retry-After', async () => {
    const email = uniqueEmail('nobody');
    for (let i = 1; i <= 3; i++) {
      const res = await t.http.post('/api/v1/auth/login').send({ email, password: WRONG }).expect(401);
      expect(res.headers['x-ratelimit-limit']).toBe('3');
      expect(res.headers['x-ratelimit-remaining']).toBe(String(3 - i));
      expect(Number(res.headers['x-ratelimit-reset'])).toBeGreaterThan(0);
    }
    const limited = await t.http.post('/api/v1/auth/login').send({ email, password: WRONG }).expect(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited.body).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(limited.headers).toMatchObject({ 'x-ratelimit-limit': '3', 'x-ratelimit-remaining': '0' });
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // The right password too: the limit applies before any credential is checked.
    await t.http.post('/api/v1/auth/login').send({ email: TEST_OWNER_EMAIL, password: TEST_OWNER_PASSWORD }).expect(429);
  });
});
