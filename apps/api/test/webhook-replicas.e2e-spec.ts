import { randomBytes } from 'node:crypto';
import { createTenantWithUser, signIn, type SignedIn, type TestUser } from './support/factories';
import { FakeAcuity, fakeAppointment } from './support/fake-acuity';
import { rememberSecret } from './support/log-capture';
import { tenantSql } from './support/tenant-sql';
import { createTestApp, type TestApp } from './support/test-app';
import { acuitySignature, deliveriesOf, waitForDelivery } from './support/webhooks';

// Two API replicas on one database, both running workers, receiving the same Acuity delivery at the same
// moment (a sender's retry that raced its first attempt across a load balancer): the partial unique index
// lets one of them store it, the other records a `duplicate`, and only one job ever fetches the appointment.
describe('the same webhook delivery at two replicas at once', () => {
  const acuity = new FakeAcuity();
  let a: TestApp;
  let b: TestApp;
  let owner: TestUser;
  let session: SignedIn;

  beforeAll(async () => {
    await acuity.start();
    const env = { RATE_LIMIT_LOGIN: '1000', ACUITY_BASE_URL: acuity.baseUrl, WORKERS: 'on' };
    a = await createTestApp({ env });
    b = await createTestApp({ database: a.db, env });
    owner = await createTenantWithUser(a.app, 'owner', 'Two Replicas');
    session = await signIn(a.http, owner.email, owner.password);
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
    await acuity.close();
  });

  it('stores it once: one lead, one `processed`, one `duplicate`, one call to Acuity', async () => {
    const userId = '3141592';
    const apiKey = randomBytes(16).toString('hex');
    rememberSecret(apiKey);
    acuity.addAccount(userId, apiKey);
    const connection = await a.http.post('/api/v1/integrations/connections').set(session.auth).send({ provider: 'acuity', name: 'Replicated', credentials: { userId, apiKey } }).expect(201);
    const connectionId = connection.body.id as string;

    // Several rounds, so that the two inserts really do meet in the database at least once.
    const appointments = [81_001, 81_002, 81_003, 81_004, 81_005].map((id) => fakeAppointment(id, { email: `replica.${id}@example.com` }));
    for (const appointment of appointments) {
      acuity.addAppointment(appointment);
      const body = `action=scheduled&id=${appointment.id}&calendarID=27238&appointmentTypeID=1`;
      const signature = acuitySignature(apiKey, body);
      const send = (t: TestApp) =>
        t.http.post(`/api/v1/webhooks/${connectionId}`).set('Content-Type', 'application/x-www-form-urlencoded').set('X-Acuity-Signature', signature).send(body);
      const answers = await Promise.all([send(a), send(b)]);
      expect(answers.map((r) => r.status)).toEqual([200, 200]);
      expect(answers.map((r) => r.body.duplicate as boolean).sort()).toEqual([false, true]);
      const original = answers.find((r) => r.body.duplicate === false)!;
      await waitForDelivery(a.app, owner.tenantId, original.body.deliveryId as string, ['processed']);
    }

    const rows = await deliveriesOf(a.app, owner.tenantId, connectionId);
    expect(rows.filter((r) => r.state === 'processed')).toHaveLength(appointments.length);
    expect(rows.filter((r) => r.state === 'duplicate')).toHaveLength(appointments.length);
    expect(rows.filter((r) => r.state === 'processed').every((r) => r.attempts === 1)).toBe(true);
    for (const appointment of appointments) {
      const leads = await tenantSql<{ id: string }>(b.app, owner.tenantId, `select id from leads where source = 'acuity' and source_ref = $1`, [String(appointment.id)]);
      expect(leads).toHaveLength(1);
      expect(acuity.requests.filter((r) => r.path === `/api/v1/appointments/${appointment.id}`)).toHaveLength(1);
    }
  });
});
