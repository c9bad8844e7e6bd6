import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import type { Response } from 'supertest';
import { HandlerCalls, HandlerCallsModule } from './fixtures/handler-calls.module';
import { createTenantWithUser, signIn, type SignedIn, type TestUser } from './support/factories';
import { logDir, rememberSecret } from './support/log-capture';
import { createTestApp, type TestApp } from './support/test-app';
import { acuitySignature, deliveriesOf } from './support/webhooks';
import { promSample } from './support/prometheus';

const FORM = 'application/x-www-form-urlencoded';
const ROUTE = '/api/v1/webhooks/:connectionId';
const BUDGET = 30;

// A sample not exposed yet counts as 0.
const sample = (text: string, name: string, labels: Record<string, string>): number => promSample(text, name, labels) ?? 0;

// A delivery to a connection this replica has read before is stored and answered below Nest (decision
// 0038). It must still carry everything the controller's answer carries and draw from the same budget;
// what it declines goes on to the controller, charged once.
describe('webhooks to a cached connection (the fast path)', () => {
  let t: TestApp;
  let owner: TestUser;
  let session: SignedIn;
  let owner$: Client;
  let nextId = 71_000;

  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_LOGIN: '1000', RATE_LIMIT_WEBHOOK: String(BUDGET), WORKERS: 'off' }, imports: [HandlerCallsModule] });
    owner = await createTenantWithUser(t.app, 'owner', 'Fast Path');
    session = await signIn(t.http, owner.email, owner.password);
    owner$ = new Client({ connectionString: t.db.url });
    await owner$.connect();
  });

  afterAll(async () => {
    await owner$?.end();
    await t?.close();
  });

  const formBody = () => `action=scheduled&id=${nextId++}&calendarID=27238&appointmentTypeID=1`;
  // A new connection per test, read once by a first delivery (the full path), so the next ones find it cached.
  const cachedConnection = async () => {
    const apiKey = randomBytes(16).toString('hex');
    rememberSecret(apiKey);
    const res = await t.http
      .post('/api/v1/integrations/connections')
      .set(session.auth)
      .send({ provider: 'acuity', name: 'Fast', credentials: { userId: '2718281', apiKey } })
      .expect(201);
    const c = { id: res.body.id as string, apiKey };
    await deliver(c).expect(200);
    return c;
  };
  const deliver = (c: { id: string; apiKey: string }, body = formBody(), signature = acuitySignature(c.apiKey, body)) =>
    t.http.post(`/api/v1/webhooks/${c.id}`).set('Content-Type', FORM).set('X-Acuity-Signature', signature).send(body);
  const reachedNest = (res: Response) => t.app.get(HandlerCalls).requestIds.includes(String(res.headers['x-request-id']));
  const remaining = (res: Response) => Number(res.headers['x-ratelimit-remaining']);
  const scrape = async () => (await t.http.get('/metrics').expect(200)).text;
  const jobsOf = async (deliveryIds: string[]) =>
    (
      await owner$.query<{ n: number }>(`select count(*)::int as n from pgboss.job where name = 'integrations.webhook-delivery' and data->>'deliveryId' = any($1::text[])`, [
        deliveryIds,
      ])
    ).rows[0].n;

  it('answers with the request id, the security headers and the rate-limit headers, and is logged and counted', async () => {
    const c = await cachedConnection();
    const before = await scrape();
    const res = await deliver(c).set('X-Request-Id', 'fast-path-0001').expect(200);

    expect(res.body).toEqual({ received: true, deliveryId: expect.any(String), duplicate: false });
    expect(reachedNest(res)).toBe(false);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['x-request-id']).toBe('fast-path-0001');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-ratelimit-limit']).toBe(String(BUDGET));
    expect(remaining(res)).toBe(BUDGET - 2);

    const after = await scrape();
    const requests = { http_request_method: 'POST', http_route: ROUTE, http_response_status_code: '200' };
    expect(sample(after, 'http_server_request_duration_seconds_count', requests) - sample(before, 'http_server_request_duration_seconds_count', requests)).toBe(1);
    const received = { provider: 'acuity', state: 'received' };
    expect(sample(after, 'hotleads_webhook_deliveries_total', received) - sample(before, 'hotleads_webhook_deliveries_total', received)).toBe(1);

    const lines = readFileSync(join(logDir(), `${t.db.name}.log`), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.find((l) => l.requestId === 'fast-path-0001' && l.route === ROUTE)).toMatchObject({
      msg: `POST ${ROUTE} 200`,
      res: { statusCode: 200 },
      durationMs: expect.any(Number),
    });
  });

  it('draws every request once from the connection budget, whichever path answers it, and answers 429 when it is spent', async () => {
    const c = await cachedConnection();
    const other = await cachedConnection();
    const body = formBody();
    // Fast path; a duplicate and a bad signature, which it hands on to the controller; fast path again.
    const answers = [
      await deliver(c, body).expect(200),
      await deliver(c, body).expect(200),
      await deliver(c, formBody(), acuitySignature('not the key', 'x')).expect(401),
      await deliver(c).expect(200),
    ];
    expect(answers.map(remaining)).toEqual([BUDGET - 2, BUDGET - 3, BUDGET - 4, BUDGET - 5]);
    expect(answers.map(reachedNest)).toEqual([false, true, true, false]);
    expect(answers[1].body).toMatchObject({ duplicate: true });

    for (let left = BUDGET - 5; left > 0; left--) await deliver(c).expect(200);
    const refused = await deliver(c).expect(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ code: 'rate_limited', status: 429, requestId: refused.headers['x-request-id'] });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.headers['x-content-type-options']).toBe('nosniff');

    const states = (await deliveriesOf(t.app, owner.tenantId, c.id)).map((d) => d.state);
    expect(states).toHaveLength(BUDGET);
    expect(states.filter((s) => s === 'received')).toHaveLength(BUDGET - 2);
    // Another connection's budget is its own.
    await deliver(other).expect(200);
  });

  it('refuses a body over 256 KB with problem+json and stores nothing', async () => {
    const c = await cachedConnection();
    const res = await deliver(c, `${formBody()}&pad=${'a'.repeat(256 * 1024)}`).expect(413);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ code: 'payload_too_large', status: 413, requestId: res.headers['x-request-id'] });
    expect(await deliveriesOf(t.app, owner.tenantId, c.id)).toHaveLength(1);
  });

  it('loses none: every acknowledged delivery of concurrent posts has its row and its job', async () => {
    const c = await cachedConnection();
    const answers = await Promise.all(Array.from({ length: 25 }, () => deliver(c)));
    expect(answers.map((r) => r.status)).toEqual(Array(25).fill(200));
    const ids = answers.map((r) => r.body.deliveryId as string);
    expect(new Set(ids).size).toBe(25);
    const stored = (await deliveriesOf(t.app, owner.tenantId, c.id)).filter((d) => ids.includes(d.id));
    expect(stored.map((d) => d.state)).toEqual(Array(25).fill('received'));
    expect(await jobsOf(ids)).toBe(25);
  });
});
