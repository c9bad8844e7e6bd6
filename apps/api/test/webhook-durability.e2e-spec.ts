import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Webhook } from 'standardwebhooks';
import { createTenantWithUser, signIn } from './support/factories';
import { rememberSecret } from './support/log-capture';
import { tenantSql } from './support/tenant-sql';
import { createTestApp, type TestApp } from './support/test-app';
import { waitForDelivery } from './support/webhooks';

// The 200 means the delivery and its processing job were committed together: a process that only
// receives (WORKERS=off) and stops right after answering loses nothing, another process does the work.
describe('webhook delivery durability', () => {
  let receiver: TestApp;
  let worker: TestApp | undefined;

  beforeAll(async () => {
    receiver = await createTestApp({ env: { RATE_LIMIT_LOGIN: '1000', WORKERS: 'off' } });
  });

  afterAll(async () => {
    await worker?.close();
    await receiver.close();
  });

  it('keeps the job of an acknowledged delivery for whichever process runs workers', async () => {
    const owner = await createTenantWithUser(receiver.app, 'owner', 'Durable');
    const session = await signIn(receiver.http, owner.email, owner.password);
    const source = await receiver.http.post('/api/v1/integrations/connections').set(session.auth).send({ provider: 'webhook', name: 'Durable' }).expect(201);
    rememberSecret(source.body.secret);
    const email = `durable-${randomUUID().slice(0, 8)}@example.com`;
    const body = JSON.stringify({ email });
    const id = `msg_${randomUUID()}`;
    const now = new Date();
    const res = await receiver.http
      .post(`/api/v1/webhooks/${source.body.id}`)
      .set('Content-Type', 'application/json')
      .set('webhook-id', id)
      .set('webhook-timestamp', String(Math.floor(now.getTime() / 1000)))
      .set('webhook-signature', new Webhook(source.body.secret).sign(id, now, body))
      .send(body)
      .expect(200);

    // Acknowledged: the job is stored beside the delivery, and nothing ran it here.
    const owner$ = new Client({ connectionString: receiver.db.url });
    await owner$.connect();
    try {
      const { rows } = await owner$.query(`select state from pgboss.job where name = 'integrations.webhook-delivery' and data->>'deliveryId' = $1`, [res.body.deliveryId]);
      expect(rows).toEqual([{ state: 'created' }]);
    } finally {
      await owner$.end();
    }
    const [pending] = await tenantSql<{ state: string }>(receiver.app, owner.tenantId, `select state from webhook_deliveries where id = $1`, [res.body.deliveryId]);
    expect(pending.state).toBe('received');

    // Another process with workers picks it up.
    worker = await createTestApp({ database: receiver.db, env: { WORKERS: 'on' } });
    await waitForDelivery(worker.app, owner.tenantId, res.body.deliveryId, ['processed']);
    await expect(tenantSql(worker.app, owner.tenantId, `select id from leads where email = $1`, [email])).resolves.toHaveLength(1);
  });
});
