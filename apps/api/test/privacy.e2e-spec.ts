import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createTenantWithUser, signIn, type SignedIn, type TestUser } from './support/factories';
import { tenantSql } from './support/tenant-sql';
import { createTestApp, type TestApp } from './support/test-app';

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

describe('privacy: find, erase and suppress a person', () => {
  let t: TestApp;
  let owner: TestUser;
  let auth: SignedIn['auth'];
  let admin: Client;

  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_LOGIN: '1000', RATE_LIMIT_PUBLIC: '1000' } });
    owner = await createTenantWithUser(t.app, 'owner', 'Privacy Co');
    auth = (await signIn(t.http, owner.email, owner.password)).auth;
    admin = new Client({ connectionString: t.db.url });
    await admin.connect();
  });

  afterAll(async () => {
    await admin.end();
    await t.close();
  });

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
    await t.http.patch(`/api/v1/leads/${leadId}`).set(auth).send({ name: `${person.name} Jr`, status: 'processing' }).expect(200);
    await tenantSql(t.app, owner.tenantId, `INSERT INTO outbound_emails (tenant_id, "to", subject, text, lead_id, status) VALUES ($1, $2, 'Thanks', $3, $4, 'sent')`, [
      owner.tenantId,
      person.email,
      `Hello ${person.name}, thanks for writing.`,
      leadId,
    ]);
    return leadId;
  }

  it('finds the person everywhere, erases every trace, keeps the statistics and refuses them afterwards', async () => {
    const person = newPerson();
    const formId = await newForm();
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
    expect(await traces([person.email, person.phone, person.name])).toEqual([]);
    const skips = await tenantSql<{ n: number }>(t.app, owner.tenantId, `SELECT count(*)::int AS n FROM audit_logs WHERE action = 'privacy.intake_suppressed'`);
    expect(skips[0].n).toBe(5);

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
  });

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
