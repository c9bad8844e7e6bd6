import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createTenantWithUser, signIn, type SignedIn, type TestUser } from './support/factories';
import { rememberSecret } from './support/log-capture';
import { createTestApp, type TestApp } from './support/test-app';
import { acuitySignature, deliveriesOf } from './support/webhooks';

interface JobRow {
  data: { tenantId: string; deliveryId: string };
  state: string;
  retry_limit: number;
  retry_delay: number;
  retry_backoff: boolean;
  expire_in: string;
  dead_letter: string | null;
  policy: string | null;
  keep_days: number;
}

// A receiving replica keeps the connections it has read, so a delivery to one it knows is stored in one
// round trip. What it knows can go stale at any moment: another replica changes the credentials, disables
// or deletes the connection. Each delivery here goes to replica A after replica B made such a change.
describe('webhooks to a connection the replica has seen before', () => {
  let a: TestApp;
  let b: TestApp;
  let owner: TestUser;
  // Signed in at replica B, which makes every change.
  let session: SignedIn;
  let owner$: Client;
  let nextId = 91_000;

  beforeAll(async () => {
    const env = { RATE_LIMIT_LOGIN: '1000', WORKERS: 'off' };
    a = await createTestApp({ env });
    b = await createTestApp({ database: a.db, env });
    owner = await createTenantWithUser(a.app, 'owner', 'Known Connections');
    session = await signIn(b.http, owner.email, owner.password);
    owner$ = new Client({ connectionString: a.db.url });
    await owner$.connect();
  });

  afterAll(async () => {
    await owner$?.end();
    await b?.close();
    await a?.close();
  });

  const connect = async () => {
    const apiKey = randomBytes(16).toString('hex');
    rememberSecret(apiKey);
    const res = await b.http
      .post('/api/v1/integrations/connections')
      .set(session.auth)
      .send({ provider: 'acuity', name: 'Known', credentials: { userId: '2718281', apiKey } })
      .expect(201);
    return { id: res.body.id as string, apiKey };
  };
  const deliver = (connectionId: string, apiKey: string, body = `action=scheduled&id=${nextId++}&calendarID=27238&appointmentTypeID=1`) =>
    a.http
      .post(`/api/v1/webhooks/${connectionId}`)
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .set('X-Acuity-Signature', acuitySignature(apiKey, body))
      .send(body);
  const jobOf = async (deliveryId: string) => {
    const { rows } = await owner$.query<JobRow>(
      `select data, state, retry_limit, retry_delay, retry_backoff, expire_in::text, dead_letter, policy, round(extract(epoch from keep_until - created_on) / 86400)::int as keep_days
       from pgboss.job where name = 'integrations.webhook-delivery' and data->>'deliveryId' = $1`,
      [deliveryId],
    );
    return rows;
  };

  it('stores each delivery with one job like the one the first delivery got', async () => {
    const c = await connect();
    const first = await deliver(c.id, c.apiKey).expect(200);
    const second = await deliver(c.id, c.apiKey).expect(200);
    expect(second.body).toEqual({ received: true, deliveryId: expect.any(String), duplicate: false });
    const [firstJobs, secondJobs] = [await jobOf(first.body.deliveryId), await jobOf(second.body.deliveryId)];
    expect(firstJobs).toHaveLength(1);
    expect(secondJobs).toHaveLength(1);
    expect(secondJobs[0].data).toEqual({ tenantId: owner.tenantId, deliveryId: second.body.deliveryId });
    const settingsOf = (j: JobRow) => [
      j.state,
      j.retry_limit,
      j.retry_delay,
      j.retry_backoff,
      j.expire_in,
      j.dead_letter,
      j.policy,
      j.keep_days,
    ];
    expect(settingsOf(secondJobs[0])).toEqual(settingsOf(firstJobs[0]));
    expect(secondJobs[0]).toMatchObject({
      state: 'created',
      dead_letter: 'integrations.webhook-delivery.dead',
      policy: 'standard',
      keep_days: 14,
    });
    const rows = await deliveriesOf(a.app, owner.tenantId, c.id);
    expect(rows.map((r) => [r.state, r.signature, r.dedupe_key?.startsWith('scheduled:')])).toEqual([
      ['received', 'valid', true],
      ['received', 'valid', true],
    ]);
  });

  it('answers a repeated delivery as a duplicate and stores no second job', async () => {
    const c = await connect();
    const body = `action=scheduled&id=${nextId++}&calendarID=27238&appointmentTypeID=1`;
    await deliver(c.id, c.apiKey).expect(200);
    const original = await deliver(c.id, c.apiKey, body).expect(200);
    const again = await deliver(c.id, c.apiKey, body).expect(200);
    expect(again.body).toEqual({ received: true, deliveryId: expect.any(String), duplicate: true });
    expect(await jobOf(original.body.deliveryId)).toHaveLength(1);
    expect(await jobOf(again.body.deliveryId)).toHaveLength(0);
  });

  it('refuses the old key once another replica changed it, and takes the new one', async () => {
    const c = await connect();
    await deliver(c.id, c.apiKey).expect(200);
    const newKey = randomBytes(16).toString('hex');
    rememberSecret(newKey);
    await b.http
      .patch(`/api/v1/integrations/connections/${c.id}`)
      .set(session.auth)
      .send({ credentials: { userId: '2718281', apiKey: newKey } })
      .expect(200);
    const refused = await deliver(c.id, c.apiKey).expect(401);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    await deliver(c.id, newKey).expect(200);
    // And again, now that replica A has read the new key.
    await deliver(c.id, c.apiKey).expect(401);
    await deliver(c.id, newKey).expect(200);
    const rows = await deliveriesOf(a.app, owner.tenantId, c.id);
    expect(rows.map((r) => r.state)).toEqual(['received', 'rejected', 'received', 'rejected', 'received']);
  });

  it('answers 404 once another replica disabled or deleted the connection', async () => {
    const disabled = await connect();
    await deliver(disabled.id, disabled.apiKey).expect(200);
    await b.http.post(`/api/v1/integrations/connections/${disabled.id}/disable`).set(session.auth).expect(200);
    const gone = await deliver(disabled.id, disabled.apiKey).expect(404);
    expect(gone.headers['content-type']).toContain('application/problem+json');
    expect(await deliveriesOf(a.app, owner.tenantId, disabled.id)).toHaveLength(1);

    const deleted = await connect();
    await deliver(deleted.id, deleted.apiKey).expect(200);
    await b.http.delete(`/api/v1/integrations/connections/${deleted.id}`).set(session.auth).expect(204);
    const unknown = await deliver(deleted.id, deleted.apiKey).expect(404);
    const same = ({ type, title, status, code }: Record<string, unknown>) => ({ type, title, status, code });
    expect(same(unknown.body)).toEqual(same(gone.body));
    expect(gone.body.code).toBe('webhook_endpoint_not_found');
  });

  it('refuses an authentic delivery whose event or id holds a NUL as unusable (400, kept as dead), never a 500', async () => {
    const c = await connect();
    const body = `action=sched%00uled&id=${nextId++}&calendarID=27238&appointmentTypeID=1`;
    // A plain delivery makes the connection known; the NUL bodies are refused on that path and on the full one.
    await deliver(c.id, c.apiKey).expect(200);
    for (const _ of [1, 2]) {
      const res = await deliver(c.id, c.apiKey, body).expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.code).toBe('invalid_webhook_payload');
    }
    const rows = await deliveriesOf(a.app, owner.tenantId, c.id);
    expect(rows.map((r) => r.state).sort()).toEqual(['dead', 'dead', 'received']);
  });
});
