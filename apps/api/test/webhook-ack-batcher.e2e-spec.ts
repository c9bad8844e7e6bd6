import { WebhookAckBatcher } from '../src/modules/integrations/webhook-ack-batcher.service';
import { createTenantWithUser, type TestUser } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

// The acknowledgement statements of one workspace that arrive while two of its transactions are under
// way share the next one. Statements with the real ones' result shape stand in for them here: the
// transaction id they answer shows which statements shared a transaction.
describe('acknowledgements sent together (WebhookAckBatcher)', () => {
  let t: TestApp;
  let owner: TestUser;
  let batcher: WebhookAckBatcher;

  beforeAll(async () => {
    t = await createTestApp({ env: { WORKERS: 'off' } });
    owner = await createTenantWithUser(t.app, 'owner', 'Batches');
    batcher = t.app.get(WebhookAckBatcher);
  });

  afterAll(async () => {
    await t?.close();
  });

  const TRANSACTION = `SELECT 1 AS current, txid_current()::text AS "deliveryId"`;
  const settle = (promises: Array<Promise<{ current: boolean; deliveryId: string | null }>>) => Promise.allSettled(promises);

  it('sends what arrives while two transactions are under way in one transaction, answering each its own row', async () => {
    const results = await settle(Array.from({ length: 6 }, () => batcher.store(owner.tenantId, TRANSACTION)));
    const ids = results.map((r) => (r.status === 'fulfilled' ? r.value.deliveryId : `rejected: ${String(r.reason)}`));
    expect(results.every((r) => r.status === 'fulfilled' && r.value.current)).toBe(true);
    // The first two go at once, each alone; the four that waited share one transaction.
    expect(new Set(ids.slice(2)).size).toBe(1);
    expect(new Set(ids).size).toBe(3);
  });

  it('runs each statement of a failed transaction alone, so the failure is only its own', async () => {
    const statements = [TRANSACTION, TRANSACTION, TRANSACTION, `SELECT 1 / 0 AS current, NULL AS "deliveryId"`, TRANSACTION, TRANSACTION];
    const results = await settle(statements.map((s) => batcher.store(owner.tenantId, s)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    // Run again one by one: three transactions of their own.
    const retried = [2, 4, 5].map((i) => (results[i] as PromiseFulfilledResult<{ deliveryId: string | null }>).value.deliveryId);
    expect(new Set(retried).size).toBe(3);
  });

  it('keeps workspaces apart: a statement runs in its own workspace only', async () => {
    const other = await createTenantWithUser(t.app, 'owner', 'Batches Two');
    const workspaceOf = `SELECT 1 AS current, current_setting('hotleads.tenant_id') AS "deliveryId"`;
    const [a, b] = await Promise.all([batcher.store(owner.tenantId, workspaceOf), batcher.store(other.tenantId, workspaceOf)]);
    expect([a.deliveryId, b.deliveryId]).toEqual([owner.tenantId, other.tenantId]);
  });
});
