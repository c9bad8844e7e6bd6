import { createHash, randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { RetentionJob } from '../src/modules/privacy/retention.job';
import { createTenantWithUser, signIn, type SignedIn, type TestUser } from './support/factories';
import { tenantSql } from './support/tenant-sql';
import { createTestApp, type TestApp } from './support/test-app';

const RETENTION = '/api/v1/privacy/retention';
const IMPORTS = '/api/v1/leads/imports';
const DAY_MS = 24 * 3600_000;

interface Workspace {
  user: TestUser;
  auth: SignedIn['auth'];
  // What the seed made, by what the rules should do with it.
  oldLead: string;
  touchedLead: string;
  freshLead: string;
  oldDelivery: string;
  freshDelivery: string;
  oldImport: string;
  freshImport: string;
  audit13: string;
  audit25: string;
}

describe('privacy: retention rules and their daily job', () => {
  let t: TestApp;
  let admin: Client;
  let a: Workspace;
  let b: Workspace;

  // As the database owner with triggers off: backdating is not something the app may do.
  async function backdate(sql: string, params: unknown[]): Promise<void> {
    await admin.query('BEGIN');
    try {
      await admin.query(`SET LOCAL session_replication_role = replica`);
      await admin.query(sql, params);
      await admin.query('COMMIT');
    } catch (error) {
      await admin.query('ROLLBACK');
      throw error;
    }
  }

  async function waitForImport(auth: SignedIn['auth'], id: string): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { body } = await t.http.get(`${IMPORTS}/${id}`).set(auth).expect(200);
      if (body.status === 'completed' || body.status === 'failed') return;
      if (Date.now() > deadline) throw new Error(`import ${id} still ${body.status}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async function seed(name: string): Promise<Workspace> {
    const user = await createTenantWithUser(t.app, 'owner', name);
    const auth = (await signIn(t.http, user.email, user.password)).auth;
    const tag = randomBytes(3).toString('hex');
    const lead = async (label: string) => (await t.http.post('/api/v1/leads').set(auth).send({ name: `${label} ${tag}`, email: `${label}.${tag}@example.org` }).expect(201)).body.id as string;
    const oldLead = await lead('old');
    const touchedLead = await lead('touched');
    const freshLead = await lead('fresh');
    // Both untouched for 13 months, but one got a note yesterday.
    await backdate(`UPDATE leads SET updated_at = now() - interval '13 months', created_at = now() - interval '13 months' WHERE id = ANY($1::uuid[])`, [[oldLead, touchedLead]]);
    await backdate(`UPDATE lead_events SET created_at = now() - interval '13 months' WHERE lead_id = ANY($1::uuid[])`, [[oldLead, touchedLead]]);
    await t.http.post(`/api/v1/leads/${touchedLead}/notes`).set(auth).send({ body: 'called back' }).expect(201);
    await backdate(`UPDATE leads SET updated_at = now() - interval '13 months' WHERE id = $1`, [touchedLead]);

    const connection = (await t.http.post('/api/v1/integrations/connections').set(auth).send({ provider: 'webhook', name: 'Hook' }).expect(201)).body.id as string;
    const delivery = async (ageDays: number) => {
      const body = Buffer.from(JSON.stringify({ email: `hook.${tag}@example.org` }));
      const { rows } = await admin.query<{ id: string }>(
        `INSERT INTO webhook_deliveries (tenant_id, connection_id, body, body_size, body_sha256, signature, state, received_at)
         VALUES ($1, $2, $3, $4, $5, 'valid', 'processed', now() - make_interval(days => $6)) RETURNING id`,
        [user.tenantId, connection, body, body.length, createHash('sha256').update(body).digest('hex'), ageDays],
      );
      return rows[0].id;
    };
    const oldDelivery = await delivery(40);
    const freshDelivery = await delivery(5);

    // Each import has an error report (a row with neither email nor phone).
    const upload = async () => {
      const csv = `name,email\nGood ${tag},good.${randomBytes(3).toString('hex')}@example.org\nNo contact ${tag},\n`;
      const res = await t.http.post(IMPORTS).set(auth).set('Content-Type', 'text/csv').send(Buffer.from(csv)).expect(202);
      await waitForImport(auth, res.body.id);
      return res.body.id as string;
    };
    const oldImport = await upload();
    const freshImport = await upload();
    await backdate(`UPDATE lead_imports SET created_at = now() - interval '40 days' WHERE id = $1`, [oldImport]);

    const audit = async (months: number) =>
      (
        await admin.query<{ id: string }>(
          `INSERT INTO audit_logs (tenant_id, actor_type, action, resource_type, outcome, created_at) VALUES ($1, 'system', 'test.old', 'test', 'success', now() - make_interval(months => $2)) RETURNING id`,
          [user.tenantId, months],
        )
      ).rows[0].id;
    return { user, auth, oldLead, touchedLead, freshLead, oldDelivery, freshDelivery, oldImport, freshImport, audit13: await audit(13), audit25: await audit(25) };
  }

  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_LOGIN: '1000' } });
    admin = new Client({ connectionString: t.db.url });
    await admin.connect();
    a = await seed('Retention Co');
    b = await seed('Keeps Everything Co');
  }, 300_000);

  afterAll(async () => {
    await admin.end();
    await t.close();
  });

  const leadRow = async (w: Workspace, id: string) =>
    (await tenantSql<{ name: string; email: string | null }>(t.app, w.user.tenantId, `SELECT name, email FROM leads WHERE id = $1`, [id]))[0];
  const hasBody = async (w: Workspace, id: string) =>
    (await tenantSql<{ has: boolean }>(t.app, w.user.tenantId, `SELECT body IS NOT NULL AS has FROM webhook_deliveries WHERE id = $1`, [id]))[0].has;
  const importErrors = async (w: Workspace, id: string) =>
    (await tenantSql<{ n: number }>(t.app, w.user.tenantId, `SELECT count(*)::int AS n FROM lead_import_errors WHERE import_id = $1`, [id]))[0].n;
  const auditExists = async (id: string) => (await admin.query(`SELECT 1 FROM audit_logs WHERE id = $1`, [id])).rowCount === 1;

  it('is off by default, and refuses values out of range (audit below 12 months) with field errors', async () => {
    const { body } = await t.http.get(RETENTION).set(a.auth).expect(200);
    expect(body).toEqual({ inactiveLeadMonths: null, webhookPayloadDays: null, importDays: null, auditMonths: null, lastRunAt: null, lastResult: null, nextRunAt: null });
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ auditMonths: 6 }, 'auditMonths'],
      [{ auditMonths: 11.5 }, 'auditMonths'],
      [{ inactiveLeadMonths: 0 }, 'inactiveLeadMonths'],
      [{ inactiveLeadMonths: '12' }, 'inactiveLeadMonths'],
      [{ webhookPayloadDays: -1 }, 'webhookPayloadDays'],
      [{ importDays: 1e9 }, 'importDays'],
      [{ importDays: [30] }, 'importDays'],
      [{ importDays: { days: 30 } }, 'importDays'],
      [{ everything: true }, 'everything'],
    ];
    for (const [payload, field] of bad) {
      const res = await t.http.patch(RETENTION).set(a.auth).send(payload).expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    for (const payload of ['null', '"x"', '[1]', `{"importDays": "\u0000"}`, JSON.stringify({ importDays: 1, deep: JSON.parse('['.repeat(200) + ']'.repeat(200)) })]) {
      const res = await t.http.patch(RETENTION).set(a.auth).set('Content-Type', 'application/json').send(payload);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    expect((await t.http.get(RETENTION).set(a.auth).expect(200)).body.importDays).toBeNull();
    // The database holds the floor too, whoever calls.
    await expect(tenantSql(t.app, a.user.tenantId, `SELECT purge_workspace_audit_logs(now() - interval '6 months')`)).rejects.toThrow(/12 months/);
  });

  it('is for those who manage privacy', async () => {
    const agent = await createTenantWithUser(t.app, 'agent', 'Agents Co');
    const agentAuth = (await signIn(t.http, agent.email, agent.password)).auth;
    await t.http.get(RETENTION).set(agentAuth).expect(403);
    await t.http.patch(RETENTION).set(agentAuth).send({ importDays: 1 }).expect(403);
  });

  it('erases and purges exactly what is due in the workspace that asked, once a day, and reports it', async () => {
    const saved = await t.http.patch(RETENTION).set(a.auth).send({ inactiveLeadMonths: 12, webhookPayloadDays: 30, importDays: 30, auditMonths: 24 }).expect(200);
    expect(saved.body).toMatchObject({ inactiveLeadMonths: 12, webhookPayloadDays: 30, importDays: 30, auditMonths: 24, lastRunAt: null });
    expect(Date.parse(saved.body.nextRunAt)).toBeGreaterThan(Date.now());
    // Another workspace sets one rule only: only that one applies there.
    await t.http.patch(RETENTION).set(b.auth).send({ importDays: 365 }).expect(200);
    const changed = await tenantSql<{ changes: Record<string, unknown> }>(t.app, a.user.tenantId, `SELECT changes FROM audit_logs WHERE action = 'privacy.retention_update'`);
    expect(changed[0].changes).toMatchObject({ inactiveLeadMonths: { from: null, to: 12 }, auditMonths: { from: null, to: 24 } });

    const startedAt = Date.now();
    await t.app.get(RetentionJob).run();

    // Leads: only the one with no activity for 12 months, erased as an erasure does (no suppression).
    expect(await leadRow(a, a.oldLead)).toEqual({ name: 'erased', email: null });
    expect((await leadRow(a, a.touchedLead)).email).not.toBeNull();
    expect((await leadRow(a, a.freshLead)).email).not.toBeNull();
    const suppressions = await tenantSql(t.app, a.user.tenantId, `SELECT 1 FROM privacy_suppressions`);
    expect(suppressions).toEqual([]);
    // Webhook bodies older than 30 days; imports older than 30 days; audit entries older than 24 months.
    expect(await hasBody(a, a.oldDelivery)).toBe(false);
    expect(await hasBody(a, a.freshDelivery)).toBe(true);
    expect(await importErrors(a, a.oldImport)).toBe(0);
    expect(await importErrors(a, a.freshImport)).toBe(1);
    expect(await auditExists(a.audit25)).toBe(false);
    expect(await auditExists(a.audit13)).toBe(true);
    const oldImport = await t.http.get(`${IMPORTS}/${a.oldImport}`).set(a.auth).expect(200);
    expect(oldImport.body).toMatchObject({ status: 'completed', failed: 1 });

    // The other workspace: nothing of its old data went, its recent import stays, its audit entries stay.
    expect((await leadRow(b, b.oldLead)).email).not.toBeNull();
    expect(await hasBody(b, b.oldDelivery)).toBe(true);
    expect(await importErrors(b, b.oldImport)).toBe(1);
    expect(await auditExists(b.audit25)).toBe(true);

    // The result is stored, shown, and audited.
    const after = (await t.http.get(RETENTION).set(a.auth).expect(200)).body;
    expect(Date.parse(after.lastRunAt)).toBeGreaterThanOrEqual(startedAt - 1000);
    expect(after.lastResult).toEqual({ erasedLeads: 1, webhookPayloads: 1, importRows: expect.any(Number), importErrors: 1, auditEntries: 1 });
    expect(Date.parse(after.nextRunAt)).toBeGreaterThan(Date.parse(after.lastRunAt) + 23 * 3600_000);
    const [run] = await tenantSql<{ metadata: Record<string, number>; actor_type: string }>(t.app, a.user.tenantId, `SELECT metadata, actor_type FROM audit_logs WHERE action = 'privacy.retention_run'`);
    expect(run).toEqual({ metadata: after.lastResult, actor_type: 'system' });
    expect((await t.http.get(RETENTION).set(b.auth).expect(200)).body.lastResult).toEqual({ erasedLeads: 0, webhookPayloads: 0, importRows: 0, importErrors: 0, auditEntries: 0 });

    // The same day again: not due, nothing runs.
    await t.app.get(RetentionJob).run();
    expect((await t.http.get(RETENTION).set(a.auth).expect(200)).body.lastRunAt).toBe(after.lastRunAt);
    // A day later it is, and finds nothing more to do.
    await t.app.get(RetentionJob).run(new Date(Date.now() + DAY_MS));
    const next = (await t.http.get(RETENTION).set(a.auth).expect(200)).body;
    expect(next.lastRunAt).not.toBe(after.lastRunAt);
    expect(next.lastResult).toEqual({ erasedLeads: 0, webhookPayloads: 0, importRows: 0, importErrors: 0, auditEntries: 0 });

    // Turning every rule off stops the runs.
    const off = await t.http.patch(RETENTION).set(a.auth).send({ inactiveLeadMonths: null, webhookPayloadDays: null, importDays: null, auditMonths: null }).expect(200);
    expect(off.body.nextRunAt).toBeNull();
    await t.app.get(RetentionJob).run(new Date(Date.now() + 3 * DAY_MS));
    expect((await t.http.get(RETENTION).set(a.auth).expect(200)).body.lastRunAt).toBe(next.lastRunAt);
  }, 120_000);
});
