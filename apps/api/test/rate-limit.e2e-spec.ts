import { spawnSync } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import type { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { getStorageToken } from '@nestjs/throttler';
import Redis from 'ioredis';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { createTenantWithUser, signIn, type SignedIn } from './support/factories';
import { logDir, rememberSecret } from './support/log-capture';
import { createTestApp, type TestApp } from './support/test-app';

const REDIS_HOST = '127.0.0.1';
const REDIS_PORT = 6379;
// A database of its own; the test deletes only the keys it made (their tracker is a random address).
const REDIS_URL = `redis://${REDIS_HOST}:${REDIS_PORT}/11`;

// Decided while Jest collects the tests (which cannot wait), so a child process makes the TCP connect.
function redisAnswers(): boolean {
  const probe = `require('net').connect(${REDIS_PORT}, '${REDIS_HOST}').on('connect', () => process.exit(0)).on('error', () => process.exit(1)).setTimeout(1000, () => process.exit(1))`;
  return spawnSync(process.execPath, ['-e', probe], { timeout: 5000 }).status === 0;
}

// Waits until the client has closed for good (disconnect finishes on the socket's close event).
function ended(client: ThrottlerStorageRedisService['redis']): Promise<void> {
  return client.status === 'end' ? Promise.resolve() : new Promise((resolve) => client.once('end', () => resolve()));
}

// A random private address per test, so tests and runs never share a budget.
const randomIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

const rateHeaders = (res: Response) => Object.keys(res.headers).filter((h) => /ratelimit|retry-after/i.test(h));

const failedLogin = (t: TestApp, ip: string) =>
  t.http.post('/api/v1/auth/login').set('X-Forwarded-For', ip).send({ email: `nobody-${randomBytes(3).toString('hex')}@example.com`, password: 'not the password at all' });

function storageOf(t: TestApp): ThrottlerStorageRedisService {
  return t.app.get<ThrottlerStorageRedisService>(getStorageToken(), { strict: false });
}

describe('rate limits', () => {
  let t: TestApp;
  let session: SignedIn;
  const limits = { default: 30, login: 3, apiKey: 4, authFailure: 5 };

  beforeAll(async () => {
    t = await createTestApp({
      env: {
        RATE_LIMIT_DEFAULT: String(limits.default),
        RATE_LIMIT_LOGIN: String(limits.login),
        RATE_LIMIT_API_KEY: String(limits.apiKey),
        RATE_LIMIT_AUTH_FAILURE: String(limits.authFailure),
        // Lets each test pick its client address with X-Forwarded-For.
        TRUST_PROXY: 'true',
      },
    });
    const owner = await createTenantWithUser(t.app, 'owner');
    session = await signIn(t.http, owner.email, owner.password);
  });

  afterAll(async () => {
    await t.close();
  });

  const createKey = async (name: string): Promise<string> => {
    const res = await t.http.post('/api/v1/api-keys').set(session.auth).set('X-Forwarded-For', randomIp()).send({ name, scopes: ['audit:read'] }).expect(201);
    return res.body.secret;
  };

  it('sends plain X-RateLimit-* headers for the budget the request used', async () => {
    const ip = randomIp();
    const first = await t.http.get('/api/v1/settings').set(session.auth).set('X-Forwarded-For', ip).expect(200);
    expect(first.headers['x-ratelimit-limit']).toBe(String(limits.default));
    expect(first.headers['x-ratelimit-remaining']).toBe(String(limits.default - 1));
    expect(Number(first.headers['x-ratelimit-reset'])).toBeGreaterThan(0);
    expect(Number(first.headers['x-ratelimit-reset'])).toBeLessThanOrEqual(60);
    expect(rateHeaders(first).sort()).toEqual(['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']);
    const second = await t.http.get('/api/v1/settings').set(session.auth).set('X-Forwarded-For', ip).expect(200);
    expect(second.headers['x-ratelimit-remaining']).toBe(String(limits.default - 2));

    const key = await createKey('headers');
    const byKey = await t.http.get('/api/v1/audit-logs').set('X-API-Key', key).expect(200);
    expect(byKey.headers['x-ratelimit-limit']).toBe(String(limits.apiKey));
    expect(byKey.headers['x-ratelimit-remaining']).toBe(String(limits.apiKey - 1));
    expect(rateHeaders(byKey).sort()).toEqual(['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']);

    const login = await failedLogin(t, randomIp()).expect(401);
    expect(login.headers['x-ratelimit-limit']).toBe(String(limits.login));
    expect(rateHeaders(login).sort()).toEqual(['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']);
  });

  it('answers 429 problem+json with Retry-After once a budget is spent', async () => {
    const ip = randomIp();
    for (let i = 0; i < limits.login; i++) await failedLogin(t, ip).expect(401);
    const res = await failedLogin(t, ip).expect(429);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 429, code: 'rate_limited', type: 'urn:hotleads:problem:rate_limited' });
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(res.body.retryAfter).toBe(retryAfter);
    expect(res.headers['x-ratelimit-remaining']).toBe('0');
    expect(rateHeaders(res).sort()).toEqual(['retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']);
    // Another client address is not affected.
    await failedLogin(t, randomIp()).expect(401);
  });

  it('counts IPv6 clients per /64', async () => {
    const net = `2001:db8:${randomInt(0xffff).toString(16)}:${randomInt(0xffff).toString(16)}`;
    for (let i = 0; i < limits.login; i++) await failedLogin(t, `${net}::${(i + 1).toString(16)}`).expect(401);
    await failedLogin(t, `${net}::beef`).expect(429);
    await failedLogin(t, `2001:db8:${randomInt(0xffff).toString(16)}:ffff::1`).expect(401);
  });

  it('gives every API key its own budget, apart from other keys and staff', async () => {
    const spent = await createKey('spent');
    const fresh = await createKey('fresh');
    for (let i = 0; i < limits.apiKey; i++) await t.http.get('/api/v1/audit-logs').set('X-API-Key', spent).expect(200);
    const limited = await t.http.get('/api/v1/audit-logs').set('X-API-Key', spent).expect(429);
    expect(limited.body.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Also through the other header form: the budget belongs to the key, not to the header.
    await t.http.get('/api/v1/audit-logs').set('Authorization', `Bearer ${spent}`).expect(429);

    await t.http.get('/api/v1/audit-logs').set('X-API-Key', fresh).expect(200);
    // Staff on the same address and route draw from the default budget.
    const staff = await t.http.get('/api/v1/audit-logs').set(session.auth).expect(200);
    expect(staff.headers['x-ratelimit-limit']).toBe(String(limits.default));
  });

  it('charges wrong secrets to the caller address, never to the key whose prefix they name', async () => {
    const key = await createKey('target');
    const attacker = randomIp();
    // The key's public prefix with a wrong secret of the right length.
    const forged = `${key.slice(0, 15)}${'x'.repeat(key.length - 15)}`;
    rememberSecret(forged);
    const statuses: number[] = [];
    for (let i = 0; i < limits.apiKey * 3; i++) statuses.push((await t.http.get('/api/v1/audit-logs').set('X-API-Key', forged).set('X-Forwarded-For', attacker)).status);
    expect(statuses).toEqual([...Array(limits.authFailure).fill(401), ...Array(limits.apiKey * 3 - limits.authFailure).fill(429)]);
    const limited = await t.http.get('/api/v1/audit-logs').set('Authorization', `Bearer ${forged}`).set('X-Forwarded-For', attacker).expect(429);
    expect(limited.body.code).toBe('rate_limited');

    // The real key still has its whole budget, from anywhere, even from the attacker's address.
    const real = await t.http.get('/api/v1/audit-logs').set('X-API-Key', key).set('X-Forwarded-For', randomIp()).expect(200);
    expect(real.headers['x-ratelimit-limit']).toBe(String(limits.apiKey));
    expect(real.headers['x-ratelimit-remaining']).toBe(String(limits.apiKey - 1));
    await t.http.get('/api/v1/audit-logs').set('X-API-Key', key).set('X-Forwarded-For', attacker).expect(200);
    // Other addresses are told the credential is wrong, not to slow down.
    await t.http.get('/api/v1/audit-logs').set('X-API-Key', forged).set('X-Forwarded-For', randomIp()).expect(401);

    // Recorded, without flooding the log: the first failure and the one that spent the budget.
    const lines = readFileSync(join(logDir(), `${t.db.name}.log`), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { client?: string; prefix?: string; credential?: string; msg: string })
      .filter((line) => line.client === `ip:${attacker}`);
    expect(lines.map((line) => line.msg)).toEqual(['rejected credential', expect.stringMatching(new RegExp(`^more than ${limits.authFailure} rejected credentials a minute`))]);
    expect(lines.every((line) => line.prefix === key.slice(0, 15) && line.credential === 'api_key')).toBe(true);
  });

  it('counts rejected access tokens per address as well', async () => {
    const ip = randomIp();
    const statuses: number[] = [];
    for (let i = 0; i <= limits.authFailure; i++) statuses.push((await t.http.get('/api/v1/settings').set('Authorization', 'Bearer not.a.token').set('X-Forwarded-For', ip)).status);
    expect(statuses).toEqual([...Array(limits.authFailure).fill(401), 429]);
    // A valid session from that address is still served.
    await t.http.get('/api/v1/settings').set(session.auth).set('X-Forwarded-For', ip).expect(200);
  });
});

describe('rate limits when Redis is unreachable', () => {
  let t: TestApp | undefined;

  beforeAll(async () => {
    // Port 1 refuses connections: every storage call fails.
    t = await createTestApp({ env: { REDIS_URL: 'redis://127.0.0.1:1/0', RATE_LIMIT_LOGIN: '1', RATE_LIMIT_DEFAULT: '1' } });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('lets requests through instead of failing them, and stops reconnecting when the app closes', async () => {
    const app = t!;
    const owner = await createTenantWithUser(app.app, 'owner');
    const session = await signIn(app.http, owner.email, owner.password);
    for (let i = 0; i < 3; i++) {
      const res = await app.http.get('/api/v1/settings').set(session.auth).expect(200);
      expect(res.headers['x-ratelimit-limit']).toBeUndefined();
    }
    const client = storageOf(app).redis;
    expect(client.status).not.toBe('ready');
    t = undefined;
    await app.close();
    // A refused client has no socket to close; what matters is that it stops retrying (at most 2 s apart).
    let attempts = 0;
    client.on('connecting', () => attempts++);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(attempts).toBe(0);
    expect(client.status).not.toBe('ready');
  });
});

const redisUp = redisAnswers();
if (!redisUp) console.warn(`No Redis answers on ${REDIS_HOST}:${REDIS_PORT}: skipping the shared rate limit test. Start redis-server to run it.`);

describe('rate limits shared through Redis', () => {
  let a: TestApp | undefined;
  let b: TestApp | undefined;
  const limit = 4;

  beforeAll(async () => {
    if (!redisUp) return;
    const env = { REDIS_URL, RATE_LIMIT_LOGIN: String(limit), TRUST_PROXY: 'true' };
    [a, b] = await Promise.all([createTestApp({ env }), createTestApp({ env })]);
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  (redisUp ? it : it.skip)('shares one budget between two app instances and disconnects on close', async () => {
    const [first, second] = [a!, b!];
    const clients = [first, second].map((app) => storageOf(app).redis);
    // Until the connection is up, commands fail fast and requests pass unlimited: wait for it.
    await Promise.all(clients.map((c) => (c.status === 'ready' ? undefined : new Promise((resolve) => c.once('ready', resolve)))));

    const [ip, otherIp] = [randomIp(), randomIp()];
    const inspector = new Redis(REDIS_URL);
    const keysOf = (address: string) => inspector.keys(`*hotleads:rl:login:ip:${address}*`);
    try {
      const remaining: string[] = [];
      for (let i = 0; i < limit; i++) {
        const res = await failedLogin(i % 2 ? second : first, ip).expect(401);
        remaining.push(res.headers['x-ratelimit-remaining']);
      }
      expect(remaining).toEqual(['3', '2', '1', '0']);
      const limited = await failedLogin(first, ip).expect(429);
      expect(limited.body.code).toBe('rate_limited');
      await failedLogin(second, ip).expect(429);
      await failedLogin(second, otherIp).expect(401);
      expect(await keysOf(ip)).not.toHaveLength(0);
    } finally {
      const keys = [...(await keysOf(ip)), ...(await keysOf(otherIp))];
      if (keys.length) await inspector.del(...keys);
      inspector.disconnect();
    }

    [a, b] = [undefined, undefined];
    await first.close();
    await second.close();
    await Promise.all(clients.map(ended));
  });
});
