import { randomBytes } from 'node:crypto';
import { createTenantWithUser, signIn, type TestUser } from './support/factories';
import { FakeAcuity, fakeAppointment } from './support/fake-acuity';
import { rememberSecret } from './support/log-capture';
import { tenantSql } from './support/tenant-sql';
import { createTestApp, type TestApp } from './support/test-app';
import { acuitySignature, deliveriesOf, waitForDelivery } from './support/webhooks';

// Deliveries acknowledged by a receiving replica (WORKERS=off) wait for a worker, which then takes them
// as one batch: one read, the provider calls, one transaction. Each delivery must still end as it would
// alone: its own lead events naming it, its own state, attempts and audit entry, and a booking and its
// reschedule in the same batch applied in order to the one lead.
describe('webhook deliveries processed as a batch', () => {
  const acuity = new FakeAcuity();
  let receiver: TestApp;
  let worker: TestApp | undefined;
  let owner: TestUser;

  beforeAll(async () => {
    await acuity.start();
    receiver = await createTestApp({ env: { RATE_LIMIT_LOGIN: '1000', WORKERS: 'off', ACUITY_BASE_URL: acuity.baseUrl } });
    owner = await createTenantWithUser(receiver.app, 'owner', 'Batches');
  });

  afterAll(async () => {
    await worker?.close();
    await receiver.close();
    await acuity.close();
  });

  it('ends each delivery of the batch as it would alone', async () => {
    const session = await signIn(receiver.http, owner.email, owner.password);
    const userId = '1618033';
    const apiKey = randomBytes(16).toString('hex');
    rememberSecret(apiKey);
    acuity.addAccount(userId, apiKey);
    const connection = await receiver.http.post('/api/v1/integrations/connections').set(session.auth).send({ provider: 'acuity', name: 'Batched', credentials: { userId, apiKey } }).expect(201);
    const connectionId = connection.body.id as string;
    const deliver = async (action: string, id: number) => {
      const body = `action=${action}&id=${id}&calendarID=27238&appointmentTypeID=1`;
      const res = await receiver.http
        .post(`/api/v1/webhooks/${connectionId}`)
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .set('X-Acuity-Signature', acuitySignature(apiKey, body))
        .send(body)
        .expect(200);
      return res.body.deliveryId as string;
    };

    const appointments = [71_001, 71_002, 71_003, 71_004].map((id) => fakeAppointment(id, { email: `batch.${id}@example.com` }));
    const booked: string[] = [];
    for (const a of appointments) {
      acuity.addAppointment(a);
      booked.push(await deliver('scheduled', a.id));
    }
    // The first one is moved before any worker looks: both deliveries fetch the moved appointment.
    acuity.addAppointment({ ...appointments[0], datetime: '2013-07-09T11:00:00-0700' });
    const moved = await deliver('rescheduled', appointments[0].id);
    const missing = await deliver('scheduled', 71_999);

    worker = await createTestApp({ database: receiver.db, env: { WORKERS: 'on', ACUITY_BASE_URL: acuity.baseUrl } });
    for (const id of [...booked, moved]) await waitForDelivery(receiver.app, owner.tenantId, id, ['processed']);
    const dead = await waitForDelivery(receiver.app, owner.tenantId, missing, ['dead']);
    expect(dead.last_error).toBe('Acuity has no appointment 71999 (404)');

    const rows = await deliveriesOf(receiver.app, owner.tenantId, connectionId);
    expect(rows.every((r) => r.attempts === 1)).toBe(true);
    for (const [i, a] of appointments.entries()) {
      const leads = await tenantSql<{ id: string; metadata: { appointment: { datetime: string } } }>(
        receiver.app,
        owner.tenantId,
        `select id, metadata from leads where source = 'acuity' and source_ref = $1`,
        [String(a.id)],
      );
      expect(leads).toHaveLength(1);
      expect(rows.find((r) => r.id === booked[i])?.lead_id).toBe(leads[0].id);
      const events = await tenantSql<{ type: string; data: { deliveryId?: string } }>(receiver.app, owner.tenantId, `select type, data from lead_events where lead_id = $1 order by created_at, id`, [
        leads[0].id,
      ]);
      if (i === 0) {
        expect(leads[0].metadata.appointment.datetime).toBe('2013-07-09T11:00:00-0700');
        expect(rows.find((r) => r.id === moved)?.lead_id).toBe(leads[0].id);
        // Two workers may each take part of the queue, so which of the two got there first is not fixed
        // (both fetch the moved appointment): one created the lead, the other updated it, each with its event.
        const first = events[0].data.deliveryId === moved ? moved : booked[0];
        const second = first === moved ? booked[0] : moved;
        const label = (id: string | undefined) => (id === moved ? 'appointment.rescheduled' : 'appointment.scheduled');
        expect(events.map((e) => [e.type, e.data.deliveryId])).toEqual([
          ['created', first],
          [label(first), first],
          ['updated_from_source', second],
          [label(second), second],
        ]);
      } else {
        expect(events.map((e) => [e.type, e.data.deliveryId])).toEqual([
          ['created', booked[i]],
          ['appointment.scheduled', booked[i]],
        ]);
      }
    }
    const audit = await tenantSql<{ resource_id: string; metadata: { created: number; merged: number } }>(
      receiver.app,
      owner.tenantId,
      `select resource_id, metadata from audit_logs where action = 'lead.webhook_ingest' and resource_id = any($1::text[])`,
      [[...booked, moved]],
    );
    expect(audit.map((r) => r.resource_id).sort()).toEqual([...booked, moved].sort());
    const counts = [booked[0], moved].map((id) => audit.find((r) => r.resource_id === id)?.metadata);
    expect(counts).toEqual(expect.arrayContaining([expect.objectContaining({ created: 1, merged: 0 }), expect.objectContaining({ created: 0, merged: 1 })]));
  });
});
