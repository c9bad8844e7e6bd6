import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { EnrichmentFeed } from '../src/modules/enrichment/enrichment-feed';
import { SyncEngine } from '../src/modules/integrations/sync/sync-engine.service';
import { addUser, createTenantWithUser, signIn, type SignedIn, type TestUser } from './support/factories';
import { FakeAcuity, fakeAppointment } from './support/fake-acuity';
import { FakeKickbox } from './support/fake-kickbox';
import { FakeTwilioLookup } from './support/fake-twilio-lookup';
import { FakeWebhookReceiver } from './support/fake-webhook-receiver';
import { FakeZoho } from './support/fake-zoho';
import { rememberSecret } from './support/log-capture';
import { tenantSql } from './support/tenant-sql';
import { createTestApp, type TestApp } from './support/test-app';
import { acuitySignature, waitForDelivery } from './support/webhooks';

const SUBJECTS = '/api/v1/privacy/subjects';
const ERASE = '/api/v1/privacy/subjects/erase';
const SUPPRESSIONS = '/api/v1/privacy/suppressions';
const IMPORTS = '/api/v1/leads/imports';

interface Person {
  name: string;
  email: string;
  phone: string;
}

// A person nobody else resembles, so a scan for them finds only what we stored.
function newPerson(): Person {
  const tag = randomBytes(4).toString('hex');
  const digits = String(parseInt(tag, 16) % 10_000).padStart(4, '0');
  return { name: `Zelda Quixote${tag}`, email: `zelda.${tag}@example.org`, phone: `+4420794${digits}0` };
}

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

describe('privacy: find, erase and suppress a person', () => {
  const acuity = new FakeAcuity();
  const zoho = new FakeZoho();
  const twilio = new FakeTwilioLookup();
  const kickbox = new FakeKickbox();
  let receiver: FakeWebhookReceiver;
  let t: TestApp;
  let owner: TestUser;
  let auth: SignedIn['auth'];
  let admin: Client;
  let acuityConnection: { id: string; apiKey: string };
  let zohoConnection: string;
  let appointmentId = 77_000;

  beforeAll(async () => {
    await Promise.all([acuity.start(), zoho.start(), twilio.start(), kickbox.start()]);
    receiver = await new FakeWebhookReceiver().start();
    t = await createTestApp({
      env: {
        RATE_LIMIT_LOGIN: '1000',
        RATE_LIMIT_PUBLIC: '1000',
        ACUITY_BASE_URL: acuity.baseUrl,
        ZOHO_ACCOUNTS_URL: zoho.baseUrl,
        ZOHO_API_URL: zoho.baseUrl,
        TWILIO_LOOKUP_BASE_URL: twilio.baseUrl,
        KICKBOX_BASE_URL: kickbox.baseUrl,
        PROVIDER_TIMEOUT_MS: '2000',
        WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true',
        OUTBOUND_WEBHOOK_POLL_MS: '50',
      },
    });
    owner = await createTenantWithUser(t.app, 'owner', 'Privacy Co');
    auth = (await signIn(t.http, owner.email, owner.password)).auth;
    admin = new Client({ connectionString: t.db.url });
    await admin.connect();

    // Every channel a person can come through or be copied to: Acuity webhooks, a Zoho sync (paused, so
    // the test runs it), enrichment by Twilio Lookup and Kickbox, an outbound webhook endpoint.
    const userId = String(100_000 + Math.floor(Math.random() * 800_000));
    const apiKey = randomBytes(16).toString('hex');
    const twilioAccount = twilio.addAccount();
    const kickboxKey = kickbox.addKey();
    const client = zoho.addClient();
    rememberSecret(apiKey, twilioAccount.authToken, kickboxKey, client.clientSecret, client.refreshToken);
    acuity.addAccount(userId, apiKey);
    const connect = async (body: Record<string, unknown>) => (await t.http.post('/api/v1/integrations/connections').set(auth).send(body).expect(201)).body.id as string;
    acuityConnection = { id: await connect({ provider: 'acuity', name: 'Calendar', credentials: { userId, apiKey } }), apiKey };
    zohoConnection = await connect({ provider: 'zoho', name: 'Zoho CRM', credentials: { dataCentre: 'eu', ...client } });
    await t.http.post(`/api/v1/integrations/connections/${zohoConnection}/pause`).set(auth).expect(200);
    await connect({ provider: 'twilio_lookup', name: 'Twilio', credentials: twilioAccount });
    await connect({ provider: 'kickbox', name: 'Kickbox', credentials: { apiKey: kickboxKey } });
    await t.http.post('/api/v1/webhook-endpoints').set(auth).send({ url: `${receiver.url}/crm`, description: 'CRM', events: ['lead.*'] }).expect(201);
  }, 300_000);

  afterAll(async () => {
    await admin.end();
    await t.close();
    await receiver.stop();
    await Promise.all([acuity.close(), zoho.close(), twilio.close(), kickbox.close()]);
  });

  // An Acuity booking by the person: the webhook names only the appointment; the lead comes from the API.
  async function book(person: Person): Promise<Record<string, unknown>> {
    const [firstName, lastName] = person.name.split(' ');
    acuity.addAppointment(fakeAppointment(++appointmentId, { firstName, lastName, email: person.email, phone: person.phone, notes: `Booked by ${person.name}` }));
    const body = `action=scheduled&id=${appointmentId}&calendarID=27238&appointmentTypeID=1`;
    const res = await t.http.post(`/api/v1/webhooks/${acuityConnection.id}`).set('Content-Type', 'application/x-www-form-urlencoded').set('X-Acuity-Signature', acuitySignature(acuityConnection.apiKey, body)).send(body);
    expect(res.status).toBeLessThan(300);
    const [delivery] = await tenantSql<{ id: string }>(t.app, owner.tenantId, `SELECT id FROM webhook_deliveries WHERE connection_id = $1 ORDER BY received_at DESC LIMIT 1`, [acuityConnection.id]);
    return waitForDelivery(t.app, owner.tenantId, delivery.id, ['processed', 'failed', 'rejected']) as unknown as Record<string, unknown>;
  }

  const syncZoho = () => t.app.get(SyncEngine).run({ tenantId: owner.tenantId, connectionId: zohoConnection, stream: 'leads', trigger: 'manual' });

  async function waitForImport(id: string): Promise<Record<string, unknown>> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { body } = await t.http.get(`${IMPORTS}/${id}`).set(auth).expect(200);
      if (body.status === 'completed' || body.status === 'failed') return body;
      if (Date.now() > deadline) throw new Error(`import ${id} still ${body.status}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async function newForm(): Promise<string> {
    const res = await t.http.post('/api/v1/forms').set(auth).send({ type: 'contact', name: 'Contact', allowedOrigins: [], redirectUrls: [] }).expect(201);
    return res.body.id;
  }

  // Every text, JSON, array and binary column of every table, as the database owner (no row-level
  // security): where any of the needles still appears.
  async function traces(needles: string[]): Promise<string[]> {
    const { rows: columns } = await admin.query<{ table_name: string; column_name: string; data_type: string }>(
      `SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
       WHERE c.table_schema IN ('public', 'pgboss') AND c.data_type IN ('text', 'character varying', 'jsonb', 'json', 'ARRAY', 'bytea')`,
    );
    const found: string[] = [];
    for (const col of columns) {
      const schema = (await admin.query(`SELECT table_schema FROM information_schema.columns WHERE table_name = $1 AND column_name = $2 LIMIT 1`, [col.table_name, col.column_name])).rows[0].table_schema;
      const expr = col.data_type === 'bytea' ? `convert_from("${col.column_name}", 'UTF8')` : `"${col.column_name}"::text`;
      const { rows } = await admin.query(
        `SELECT count(*)::int AS n FROM "${schema}"."${col.table_name}" WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) nd WHERE position(nd IN lower(${expr})) > 0)`,
        [needles.map((n) => n.toLowerCase())],
      );
      if (rows[0].n > 0) found.push(`${schema}.${col.table_name}.${col.column_name}: ${rows[0].n}`);
    }
    return found;
  }

  async function leadIdsOf(tenantId: string, email: string): Promise<string[]> {
    return (await tenantSql<{ id: string }>(t.app, tenantId, `SELECT id FROM leads WHERE email = $1`, [email])).map((r) => r.id);
  }

  // The person through each channel there is: API (single and bulk), a public form, an import, plus what
  // hangs off their lead (an update in the audit log, an acknowledgment email, a webhook payload).
  async function seed(person: Person, formId: string): Promise<string> {
    const created = await t.http
      .post('/api/v1/leads')
      .set(auth)
      .send({ name: person.name, email: person.email.toUpperCase(), phone: person.phone, company: 'Quixote Ltd', message: `Call me, ${person.name}` })
      .expect(201);
    const leadId = created.body.id as string;
    await t.http
      .post('/api/v1/leads/bulk')
      .set(auth)
      .set('Idempotency-Key', `privacy-${randomBytes(4).toString('hex')}`)
      .send({ leads: [{ name: person.name, email: person.email, message: 'again, by bulk' }] })
      .expect(200);
    await t.http.post(`/api/v1/public/forms/${formId}/submissions`).set('X-Forwarded-For', '203.0.113.77').send({ name: person.name, email: person.email, message: 'from the form' }).expect(202);
    const upload = await t.http.post(IMPORTS).set(auth).set('Content-Type', 'text/csv').send(Buffer.from(`name,email,phone\n${person.name},${person.email},${person.phone}\n`)).expect(202);
    expect(await waitForImport(upload.body.id)).toMatchObject({ status: 'completed' });
    // A booking through Acuity and the same person in Zoho CRM, both matched to the lead.
    expect(await book(person)).toMatchObject({ state: 'processed' });
    const [first, last] = person.name.split(' ');
    zoho.addLeads(1, Date.now() - 60_000, 1000, { First_Name: first, Last_Name: last, Email: person.email, Phone: person.phone, Description: `Zoho notes on ${person.name}` });
    expect(await syncZoho()).toMatchObject({ status: 'succeeded' });
    // Enrichment looks the email and phone up; the answers are stored.
    await t.app.get(EnrichmentFeed).tick();
    await until('both lookups', async () => {
      const rows = await tenantSql<{ status: string }>(t.app, owner.tenantId, `SELECT status FROM lead_enrichments WHERE lead_id = $1`, [leadId]);
      return rows.length >= 2 && rows.every((r) => r.status !== 'queued');
    });
    // A note that mentions a colleague notifies them, with an excerpt that names the person.
    const colleague = await addUser(t.app, owner.tenantId, owner.roleIds.agent, 'colleague');
    await t.http.post(`/api/v1/leads/${leadId}/notes`).set(auth).send({ body: `@${colleague.email.split('@')[0]} please call ${person.name} at ${person.phone} or ${person.email}` }).expect(201);
    await t.http.patch(`/api/v1/leads/${leadId}`).set(auth).send({ name: `${person.name} Jr`, status: 'processing' }).expect(200);
    await tenantSql(t.app, owner.tenantId, `INSERT INTO outbound_emails (tenant_id, "to", subject, text, lead_id, status) VALUES ($1, $2, 'Thanks', $3, $4, 'sent')`, [
      owner.tenantId,
      person.email,
      `Hello ${person.name}, thanks for writing.`,
      leadId,
    ]);
    // The outbound webhook receiver got the lead's events (and quoted the person in one answer).
    await until('outbound webhook deliveries', async () => {
      const rows = await tenantSql<{ state: string }>(
        t.app,
        owner.tenantId,
        `SELECT d.state FROM outbound_webhook_deliveries d JOIN outbound_webhook_events e ON e.id = d.event_id WHERE e.data->'lead'->>'id' = $1`,
        [leadId],
      );
      return rows.length > 0 && rows.every((r) => r.state !== 'pending');
    }, 30_000);
    return leadId;
  }

  it('finds the person everywhere, erases every trace, keeps the statistics and refuses them afterwards', async () => {
    const person = newPerson();
    const formId = await newForm();
    receiver.script('/crm', { status: 200, body: `stored ${person.email}` });
    const leadId = await seed(person, formId);
    // An unrelated person stays as they are.
    const other = newPerson();
    await t.http.post('/api/v1/leads').set(auth).send({ name: other.name, email: other.email }).expect(201);

    const search = await t.http.get(SUBJECTS).query({ email: `  ${person.email.toUpperCase()} `, phone: person.phone }).set(auth).expect(200);
    expect(search.body).toMatchObject({ email: person.email, phone: person.phone, suppressed: false });
    expect(search.body.counts.leads).toBe(1);
    expect(search.body.counts.leadEvents).toBeGreaterThanOrEqual(4);
    expect(search.body.counts.outboundEmails).toBe(1);
    expect(search.body.counts.auditEntries).toBeGreaterThanOrEqual(2);
    expect(search.body.counts.idempotencyRecords).toBe(1);
    expect(search.body.counts.leadEnrichments).toBeGreaterThanOrEqual(2);
    expect(search.body.counts.notifications).toBeGreaterThanOrEqual(1);
    expect(search.body.counts.outboundWebhookEvents).toBeGreaterThanOrEqual(1);
    expect(search.body.counts.outboundWebhookDeliveries).toBeGreaterThanOrEqual(1);
    expect(search.body.counts.syncRecords).toBeGreaterThanOrEqual(1);
    expect(search.body.counts.webhookDeliveries).toBeGreaterThanOrEqual(1);
    const leads = search.body.records.find((r: { kind: string }) => r.kind === 'leads');
    expect(leads.items).toEqual([expect.objectContaining({ id: leadId, email: person.email })]);
    expect(JSON.stringify(search.body)).not.toContain(other.email);
    expect(await traces([person.email])).not.toEqual([]);

    // The window's ends move with the clock; everything counted must not.
    const stats = async () => {
      const { from: _from, to: _to, ...counted } = (await t.http.get('/api/v1/leads/stats').set(auth).expect(200)).body;
      return counted;
    };
    // The export: a job gathers it; the requester downloads it once.
    const requested = await t.http.post('/api/v1/privacy/subjects/export').set(auth).send({ email: person.email, phone: person.phone }).expect(202);
    expect(requested.body).toMatchObject({ status: 'pending', counts: null, downloadedAt: null });
    expect(Date.parse(requested.body.expiresAt) - Date.parse(requested.body.createdAt)).toBeGreaterThanOrEqual(24 * 3600_000 - 1000);
    const deadline = Date.now() + 30_000;
    let listed: { id: string; status: string; counts: Record<string, number> } | undefined;
    do {
      await new Promise((r) => setTimeout(r, 200));
      listed = (await t.http.get('/api/v1/privacy/exports').set(auth).expect(200)).body.items.find((e: { id: string }) => e.id === requested.body.id);
    } while (listed?.status === 'pending' && Date.now() < deadline);
    expect(listed).toMatchObject({ status: 'ready', counts: search.body.counts });
    const download = await t.http.get(`/api/v1/privacy/exports/${requested.body.id}/download`).set(auth).expect(200);
    expect(download.body.summary).toContain(person.email);
    expect(download.body.document.counts).toEqual(search.body.counts);
    expect(download.body.document.records.leads).toEqual([expect.objectContaining({ id: leadId, email: person.email, name: `${person.name} Jr` })]);
    expect(download.body.document.records.leadEvents).toHaveLength(search.body.counts.leadEvents);
    await t.http.get(`/api/v1/privacy/exports/${requested.body.id}/download`).set(auth).expect(404);
    const exportAudit = await tenantSql<{ action: string }>(t.app, owner.tenantId, `SELECT action FROM audit_logs WHERE resource_id = $1 ORDER BY created_at`, [requested.body.id]);
    expect(exportAudit.map((r) => r.action)).toEqual(['privacy.export', 'privacy.export_download']);
    // A second export, never downloaded, goes with the erasure.
    await t.http.post('/api/v1/privacy/subjects/export').set(auth).send({ email: person.email }).expect(202);

    const statsBefore = await stats();
    const leadsBefore = await tenantSql<{ n: number }>(t.app, owner.tenantId, `SELECT count(*)::int AS n FROM leads`);

    // The confirmation must repeat the identifier.
    await t.http.post(ERASE).set(auth).send({ email: person.email, phone: person.phone, confirm: 'someone@else.org' }).expect(422);
    expect(await leadIdsOf(owner.tenantId, person.email)).toEqual([leadId]);

    const erased = await t.http.post(ERASE).set(auth).send({ email: person.email, phone: person.phone, confirm: person.email.toUpperCase() }).expect(200);
    expect(erased.body.counts).toMatchObject({ leads: 1, leadSearch: 1, outboundEmails: 1, idempotencyRecords: 1, privacyExports: 2 });
    expect(erased.body.counts.leadEvents).toBeGreaterThanOrEqual(4);
    expect(erased.body.suppressed).toBe(2);
    expect(erased.body.subjectHashes).toHaveLength(2);

    // No trace of the email, the phone or the name anywhere in the database.
    expect(await traces([person.email, encodeURIComponent(person.email), person.phone, person.name])).toEqual([]);
    // The unrelated person is untouched.
    expect(await traces([other.email])).not.toEqual([]);
    // The lead stays as an anonymous fact: same count, same statistics.
    expect(await tenantSql(t.app, owner.tenantId, `SELECT count(*)::int AS n FROM leads`)).toEqual(leadsBefore);
    const [row] = await tenantSql<Record<string, unknown>>(t.app, owner.tenantId, `SELECT name, email, phone, status, source FROM leads WHERE id = $1`, [leadId]);
    expect(row).toEqual({ name: 'erased', email: null, phone: null, status: 'processing', source: 'api' });
    expect(await stats()).toEqual(statsBefore);

    // The audit entry of the erasure names only the keyed hashes.
    const [entry] = await tenantSql<{ metadata: Record<string, unknown>; resource_id: string | null }>(
      t.app,
      owner.tenantId,
      `SELECT metadata, resource_id FROM audit_logs WHERE action = 'privacy.erase' ORDER BY created_at DESC LIMIT 1`,
    );
    expect(entry.metadata.subjectHashes).toEqual(erased.body.subjectHashes);

    // Every channel now refuses the person quietly.
    const again = await t.http.post('/api/v1/leads').set(auth).send({ name: person.name, email: person.email }).expect(202);
    expect(again.body).toEqual({ status: 'accepted' });
    const byPhone = await t.http.post('/api/v1/leads').set(auth).set('Idempotency-Key', `p-${randomBytes(4).toString('hex')}`).send({ phone: person.phone }).expect(202);
    expect(byPhone.body).toEqual({ status: 'accepted' });
    const bulk = await t.http.post('/api/v1/leads/bulk').set(auth).send({ leads: [{ email: person.email }, { email: newPerson().email }] }).expect(200);
    expect(bulk.body).toMatchObject({ created: 1, skipped: 1, failed: 0, results: [{ index: 0, status: 'skipped' }, { index: 1, status: 'created' }] });
    await t.http.post(`/api/v1/public/forms/${formId}/submissions`).send({ name: person.name, email: person.email }).expect(202, { received: true });
    const upload = await t.http.post(IMPORTS).set(auth).set('Content-Type', 'text/csv').send(Buffer.from(`name,email\n${person.name},${person.email}\n`)).expect(202);
    expect(await waitForImport(upload.body.id)).toMatchObject({ status: 'completed', created: 0, merged: 0, failed: 0 });
    const leadsAfterErasure = await tenantSql<{ n: number }>(t.app, owner.tenantId, `SELECT count(*)::int AS n FROM leads`);
    // A new booking and a change in Zoho bring nobody back.
    expect(await book(person)).toMatchObject({ state: 'processed' });
    const [zohoLead] = zoho.addLeads(1, Date.now() - 30_000, 1000, { First_Name: 'Zelda', Last_Name: person.name.split(' ')[1], Email: person.email });
    expect(await syncZoho()).toMatchObject({ status: 'succeeded' });
    expect(zohoLead.id).toBeTruthy();
    expect(await tenantSql(t.app, owner.tenantId, `SELECT count(*)::int AS n FROM leads`)).toEqual(leadsAfterErasure);
    expect(await traces([person.email, person.phone, person.name])).toEqual([]);
    const skips = await tenantSql<{ n: number }>(t.app, owner.tenantId, `SELECT count(*)::int AS n FROM audit_logs WHERE action = 'privacy.intake_suppressed'`);
    expect(skips[0].n).toBe(7);

    // The search shows the suppression; lifting it lets the person in again.
    const after = await t.http.get(SUBJECTS).query({ email: person.email }).set(auth).expect(200);
    expect(after.body).toMatchObject({ suppressed: true, counts: { leads: 0 } });
    const list = await t.http.get(SUPPRESSIONS).set(auth).expect(200);
    const mine = list.body.items.filter((s: { subjectHash: string }) => erased.body.subjectHashes.includes(s.subjectHash));
    expect(mine).toHaveLength(2);
    const emailSuppression = mine.find((s: { kind: string }) => s.kind === 'email');
    await t.http.delete(`${SUPPRESSIONS}/${emailSuppression.id}`).set(auth).expect(204);
    await t.http.delete(`${SUPPRESSIONS}/${emailSuppression.id}`).set(auth).expect(404);
    await t.http.post('/api/v1/leads').set(auth).send({ email: person.email }).expect(201);
    const lifts = await tenantSql<{ n: number }>(t.app, owner.tenantId, `SELECT count(*)::int AS n FROM audit_logs WHERE action = 'privacy.suppression_lift'`);
    expect(lifts[0].n).toBe(1);
  }, 240_000);

  it('keeps workspaces apart', async () => {
    const person = newPerson();
    const other = await createTenantWithUser(t.app, 'owner', 'Other Co');
    const otherAuth = (await signIn(t.http, other.email, other.password)).auth;
    await t.http.post('/api/v1/leads').set(auth).send({ name: person.name, email: person.email }).expect(201);
    await t.http.post('/api/v1/leads').set(otherAuth).send({ name: person.name, email: person.email }).expect(201);

    const seen = await t.http.get(SUBJECTS).query({ email: person.email }).set(otherAuth).expect(200);
    expect(seen.body.counts.leads).toBe(1);
    const [otherLead] = await leadIdsOf(other.tenantId, person.email);
    expect(seen.body.records[0].items[0].id).toBe(otherLead);

    await t.http.post(ERASE).set(auth).send({ email: person.email, confirm: person.email }).expect(200);
    // The other workspace still has the person, and may take them in again.
    expect(await leadIdsOf(other.tenantId, person.email)).toEqual([otherLead]);
    await t.http.post('/api/v1/leads').set(otherAuth).send({ email: person.email, message: 'again' }).expect(200);
    // Its own suppressions only; another workspace's suppression id is not found.
    const mine = (await t.http.get(SUPPRESSIONS).set(auth).expect(200)).body.items;
    expect((await t.http.get(SUPPRESSIONS).set(otherAuth).expect(200)).body.items).toEqual([]);
    await t.http.delete(`${SUPPRESSIONS}/${mine[0].id}`).set(otherAuth).expect(404);
  });

  it('is for owners and admins only', async () => {
    const agent = await createTenantWithUser(t.app, 'agent', 'Agents Co');
    const agentAuth = (await signIn(t.http, agent.email, agent.password)).auth;
    await t.http.get(SUBJECTS).query({ email: 'a@example.org' }).set(agentAuth).expect(403);
    await t.http.post(ERASE).set(agentAuth).send({ email: 'a@example.org', confirm: 'a@example.org' }).expect(403);
    await t.http.get(SUPPRESSIONS).set(agentAuth).expect(403);
    const adminUser = await createTenantWithUser(t.app, 'admin', 'Admins Co');
    const adminAuth = (await signIn(t.http, adminUser.email, adminUser.password)).auth;
    await t.http.get(SUBJECTS).query({ email: 'a@example.org' }).set(adminAuth).expect(200);
  });

  it('answers bad input with a problem, never a 500', async () => {
    const bad: Array<Record<string, unknown>> = [
      {},
      { email: null },
      { email: 42, confirm: 42 },
      { email: ['a@example.org'], confirm: 'a@example.org' },
      { email: 'not-an-email', confirm: 'not-an-email' },
      { phone: '12', confirm: '12' },
      { email: 'a\u0000b@example.org', confirm: 'a\u0000b@example.org' },
      { email: `${'a'.repeat(5000)}@example.org`, confirm: 'x' },
      { email: 'a@example.org', confirm: { $ne: null } },
      { email: 'a@example.org' },
      { email: { nested: { deeper: { deepest: [1, [2, [3]]] } } }, confirm: 'x' },
    ];
    for (const body of bad) {
      const res = await t.http.post(ERASE).set(auth).send(body);
      expect([400, 413, 422]).toContain(res.status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(typeof res.body.code).toBe('string');
    }
    for (const query of [{}, { email: '' }, { email: 'nope' }, { phone: 'abc' }, { email: 'a\u0000@example.org' }, { email: ['a@example.org', 'b@example.org'] }]) {
      const res = await t.http.get(SUBJECTS).query(query).set(auth);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    await t.http.delete(`${SUPPRESSIONS}/not-a-uuid`).set(auth).expect(400);
  });
});
