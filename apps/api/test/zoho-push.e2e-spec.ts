import { SyncEngine } from '../src/modules/integrations/sync/sync-engine.service';
import { createTenantWithUser, signIn, uniqueEmail, type SignedIn, type TestUser } from './support/factories';
import { FakeZoho } from './support/fake-zoho';
import { rememberSecret } from './support/log-capture';
import { tenantSql } from './support/tenant-sql';
import { createTestApp, type TestApp } from './support/test-app';

interface RunRow {
  status: string;
  stream: string;
  fetched: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  error: string | null;
}

describe('Pushing qualified leads to Zoho CRM', () => {
  const zoho = new FakeZoho();
  let t: TestApp;
  let owner: TestUser;
  let session: SignedIn;

  beforeAll(async () => {
    await zoho.start();
    t = await createTestApp({ env: { RATE_LIMIT_LOGIN: '1000', ZOHO_ACCOUNTS_URL: zoho.baseUrl, ZOHO_API_URL: zoho.baseUrl, SYNC_RETRY_BASE_MS: '5', SYNC_MAX_ATTEMPTS: '3' } });
    owner = await createTenantWithUser(t.app, 'owner', 'Push Co');
    session = await signIn(t.http, owner.email, owner.password);
  }, 60_000);

  afterAll(async () => {
    await t.close();
    await zoho.close();
  });

  afterEach(() => {
    zoho.reset();
    zoho.clear();
  });

  const connect = async (push: Record<string, unknown> = { enabled: true, on: 'qualified' }, as: SignedIn = session) => {
    const client = zoho.addClient();
    rememberSecret(client.clientSecret, client.refreshToken);
    const res = await t.http
      .post('/api/v1/integrations/connections')
      .set(as.auth)
      .send({ provider: 'zoho', name: 'Zoho CRM', config: { push }, credentials: { dataCentre: 'us', ...client } })
      .expect(201);
    await t.http.post(`/api/v1/integrations/connections/${res.body.id}/pause`).set(as.auth).expect(200);
    return { ...(res.body as { id: string; config: Record<string, unknown> }), clientId: client.clientId };
  };
  const run = (connectionId: string, stream = 'push') => t.app.get(SyncEngine).run({ tenantId: owner.tenantId, connectionId, stream, trigger: 'manual' });
  const runRow = async (runId: string) => (await tenantSql<RunRow>(t.app, owner.tenantId, `select status, stream, fetched, created, updated, unchanged, failed, error from sync_runs where id = $1`, [runId]))[0];
  const createLeads = async (leads: Array<Record<string, unknown>>): Promise<string[]> => {
    const res = await t.http.post('/api/v1/leads/bulk').set(session.auth).send({ leads }).expect(200);
    return res.body.results.map((r: { id: string }) => r.id);
  };
  const moveTo = async (ids: string[], steps: string[]) => {
    for (const status of steps) await t.http.post('/api/v1/leads/bulk-update').set(session.auth).send({ ids, set: { status } }).expect(200);
  };
  const leadRow = async (id: string) => (await tenantSql<{ metadata: Record<string, Record<string, unknown>>; source: string }>(t.app, owner.tenantId, `select metadata, source from leads where id = $1`, [id]))[0];

  it('upserts leads that reached qualified, by email then phone, reads a 207 record by record, and retries the refused one', async () => {
    const c = await connect();
    expect(c.config).toEqual({ push: { enabled: true, on: 'qualified' } });
    // Zoho already knows one person (matched by email: updated, not doubled) and sends one lead of its own.
    const [fromZoho] = zoho.addLeads(1, Date.now() - 60_000);
    await run(c.id, 'leads');
    const [known] = zoho.addLeads(1, Date.now() - 30_000);
    const [zohoLead] = await tenantSql<{ id: string }>(t.app, owner.tenantId, `select id from leads where source = 'zoho' and source_ref = $1`, [fromZoho.id]);

    const refused = uniqueEmail('refused');
    const [fresh, same, bad, notYet] = await createLeads([
      { name: 'Ada Lovelace', email: uniqueEmail('ada'), company: 'Analytical Engines', role: 'CTO', source: 'web' },
      { name: 'Known Person', email: known.Email, source: 'web' },
      { name: 'Refused Person', email: refused, source: 'web' },
      { name: 'Not Yet', email: uniqueEmail('later'), source: 'web' },
    ]);
    zoho.refusedEmails.add(refused);
    await moveTo([fresh, same, bad, notYet, zohoLead.id], ['processing', 'contacted']);
    await moveTo([fresh, same, bad, zohoLead.id], ['qualified']);

    const first = await run(c.id);
    expect(first.status).toBe('succeeded');
    expect(await runRow(first.runId!)).toMatchObject({ stream: 'push', status: 'succeeded', fetched: 4, created: 1, updated: 1, failed: 1, unchanged: 1 });
    expect(zoho.upserts).toHaveLength(1);
    expect(zoho.upserts[0].duplicate_check_fields).toEqual(['Email', 'Phone']);
    const sent = zoho.upserts[0].data.map((r) => r.Email);
    expect(sent).toHaveLength(3);
    // The lead that came from Zoho is never sent back.
    expect(sent).not.toContain(fromZoho.Email);
    expect(zoho.upserts[0].data.find((r) => r.Last_Name === 'Lovelace')).toMatchObject({ First_Name: 'Ada', Company: 'Analytical Engines', Designation: 'CTO' });

    const pushed = await leadRow(fresh);
    const zohoId = pushed.metadata.zoho.id as string;
    expect(zoho.lead(zohoId)).toMatchObject({ Last_Name: 'Lovelace' });
    expect(pushed.metadata.zoho).toMatchObject({ connectionId: c.id, pushedAt: expect.any(String) });
    expect((await leadRow(same)).metadata.zoho.id).toBe(known.id);
    expect((await leadRow(bad)).metadata.zoho).toBeUndefined();
    const events = await tenantSql<{ lead_id: string; data: Record<string, unknown> }>(t.app, owner.tenantId, `select lead_id, data from lead_events where type = 'zoho.pushed' and lead_id = any($1::uuid[])`, [[fresh, same, bad]]);
    expect(events.map((e) => [e.lead_id, e.data.action, e.data.remoteId]).sort()).toEqual([[fresh, 'insert', zohoId], [same, 'update', known.id]].sort());

    const failures = await t.http.get(`/api/v1/integrations/connections/${c.id}/runs/${first.runId}/failures`).set(session.auth).expect(200);
    expect(failures.body).toEqual([expect.objectContaining({ sourceRef: bad, error: expect.stringContaining('INVALID_DATA (Email)') })]);
    const runs = await t.http.get(`/api/v1/integrations/connections/${c.id}/runs`).set(session.auth).expect(200);
    expect(runs.body.data.find((r: { id: string }) => r.id === first.runId)).toMatchObject({ stream: 'push', failed: 1 });

    // Fixed in Zoho: the next run sends only the failed one again.
    zoho.refusedEmails.clear();
    const second = await run(c.id);
    expect(await runRow(second.runId!)).toMatchObject({ status: 'succeeded', fetched: 1, created: 1, failed: 0 });
    expect(zoho.upserts[1].data.map((r) => r.Email)).toEqual([refused]);
    expect((await leadRow(bad)).metadata.zoho.id).toEqual(expect.any(String));

    // Nothing new: no call at all.
    const third = await run(c.id);
    expect(await runRow(third.runId!)).toMatchObject({ status: 'succeeded', fetched: 0 });
    expect(zoho.upserts).toHaveLength(2);
  });

  it('sends at most 100 records per call, and pushes on converted when configured so', async () => {
    const c = await connect({ enabled: true, on: 'converted' });
    const ids = await createLeads(Array.from({ length: 130 }, (_, i) => ({ name: `Bulk ${i}`, email: uniqueEmail(`bulk${i}`), source: 'web' })));
    await moveTo(ids, ['processing', 'contacted', 'qualified']);
    const none = await run(c.id);
    expect(await runRow(none.runId!)).toMatchObject({ fetched: 0 });
    await moveTo(ids, ['converted']);
    const outcome = await run(c.id);
    expect(await runRow(outcome.runId!)).toMatchObject({ status: 'succeeded', fetched: 130, created: 130, failed: 0 });
    expect(zoho.upserts.map((u) => u.data.length)).toEqual([100, 30]);
  });

  it('queues the push stream only where push is on, and refuses bad push settings', async () => {
    const off = await connect({ enabled: false });
    expect((await t.http.post(`/api/v1/integrations/connections/${off.id}/sync`).set(session.auth).send({}).expect(202)).body).toEqual({ queued: 2 });
    expect(await run(off.id)).toEqual({ runId: null, status: 'skipped' });
    const on = await connect();
    expect((await t.http.post(`/api/v1/integrations/connections/${on.id}/sync`).set(session.auth).send({}).expect(202)).body).toEqual({ queued: 3 });

    const client = zoho.addClient();
    for (const push of [null, 'yes', [], { enabled: 'yes' }, { enabled: true, on: 'won' }, { enabled: true, extra: 1 }, { enabled: true, on: 'qualified\u0000' }, { enabled: { deep: { deeper: {} } } }]) {
      const res = await t.http.post('/api/v1/integrations/connections').set(session.auth).send({ provider: 'zoho', name: 'Bad push', config: { push }, credentials: { dataCentre: 'us', ...client } });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(res.body)).toContain('config.push');
    }
    const patched = await t.http.patch(`/api/v1/integrations/connections/${off.id}`).set(session.auth).send({ config: { push: { enabled: 1 } } });
    expect(patched.status).toBe(400);
    const acuity = await t.http.post('/api/v1/integrations/connections').set(session.auth).send({ provider: 'acuity', name: 'No push', config: { push: { enabled: true } }, credentials: { userId: '12345', apiKey: 'abcdefgh12345678' } });
    expect(acuity.status).toBe(400);
  });

  it('tests a Zoho connection through the token the runs share, never a token of its own', async () => {
    const c = await connect({ enabled: false });
    zoho.reset();
    await t.http.post(`/api/v1/integrations/connections/${c.id}/test`).set(session.auth).expect(200, { ok: true, message: 'Connected to Zoho CRM' });
    await t.http.post(`/api/v1/integrations/connections/${c.id}/test`).set(session.auth).expect(200);
    zoho.addLeads(1, Date.now() - 60_000);
    expect((await run(c.id, 'leads')).status).toBe('succeeded');
    // One token for two tests and a run: Zoho's 11th live token would invalidate one a run is using.
    // (Counted for this connection's client: the scheduler may run an earlier test's connection meanwhile.)
    expect(zoho.tokenRequestsByClient.get(c.clientId)).toBe(1);
  });

  it('keeps tenants apart: a push run sends only its own workspace\'s leads', async () => {
    // The owner's workspace has qualified leads from the tests above; the other workspace's connection sees none.
    const other = await createTenantWithUser(t.app, 'owner', 'Other Push Co');
    const otherSession = await signIn(t.http, other.email, other.password);
    const c = await connect(undefined, otherSession);
    const theirs = (await t.http.post('/api/v1/leads/bulk').set(otherSession.auth).send({ leads: [{ email: uniqueEmail('theirs'), source: 'web' }] }).expect(200)).body.results[0].id as string;
    for (const status of ['processing', 'contacted', 'qualified']) await t.http.post('/api/v1/leads/bulk-update').set(otherSession.auth).send({ ids: [theirs], set: { status } }).expect(200);
    const outcome = await t.app.get(SyncEngine).run({ tenantId: other.tenantId, connectionId: c.id, stream: 'push', trigger: 'manual' });
    expect(outcome.status).toBe('succeeded');
    const sent = zoho.upserts.filter((u) => u.clientId === c.clientId);
    expect(sent).toHaveLength(1);
    expect(sent[0].data).toHaveLength(1);
    await t.http.get(`/api/v1/integrations/connections/${c.id}/runs`).set(session.auth).expect(404);
    expect(await run(c.id)).toEqual({ runId: null, status: 'skipped' });
  });

  it('pushes a pushed lead again as an update of its Zoho record when a sent field changed, and only then', async () => {
    const c = await connect();
    // Only this connection's calls: the earlier tests' connections may push the same workspace's leads meanwhile.
    const upserts = () => zoho.upserts.filter((u) => u.clientId === c.clientId);
    const updates = () => zoho.updates.filter((u) => u.clientId === c.clientId);
    const [lead, other] = await createLeads([
      { name: 'Grace Hopper', email: uniqueEmail('grace'), company: 'Navy', source: 'web' },
      { name: 'Alan Turing', email: uniqueEmail('alan'), source: 'web' },
    ]);
    await moveTo([lead, other], ['processing', 'contacted', 'qualified']);
    // (The workspace's qualified leads from the tests above go too: a new connection sends them once.)
    const first = await run(c.id);
    expect(await runRow(first.runId!)).toMatchObject({ status: 'succeeded', failed: 0 });
    const zohoId = (await leadRow(lead)).metadata.zoho.id as string;
    expect(zohoId).toEqual(expect.any(String));
    expect((await leadRow(other)).metadata.zoho.id).toEqual(expect.any(String));

    // Fields Zoho does not get (tags, status, notes) change nothing there.
    await t.http.patch(`/api/v1/leads/${other}`).set(session.auth).send({ tags: ['vip'], status: 'converted' }).expect(200);
    const quiet = await run(c.id);
    expect(await runRow(quiet.runId!)).toMatchObject({ status: 'succeeded', fetched: 0 });
    expect(updates()).toHaveLength(0);

    // A new email and company: sent as an update of the record Zoho gave us, not matched by email again.
    const email = uniqueEmail('grace.new');
    await t.http.patch(`/api/v1/leads/${lead}`).set(session.auth).send({ email, company: 'Yale' }).expect(200);
    const again = await run(c.id);
    expect(await runRow(again.runId!)).toMatchObject({ status: 'succeeded', fetched: 1, created: 0, updated: 1, failed: 0 });
    expect(upserts()).toHaveLength(1);
    expect(updates()).toHaveLength(1);
    expect(updates()[0].data).toEqual([expect.objectContaining({ id: zohoId, Email: email, Company: 'Yale', Last_Name: 'Hopper' })]);
    expect(zoho.lead(zohoId)).toMatchObject({ Email: email, Company: 'Yale' });
    expect((await leadRow(lead)).metadata.zoho.id).toBe(zohoId);
    const events = await tenantSql<{ data: Record<string, unknown> }>(t.app, owner.tenantId, `select data from lead_events where type = 'zoho.pushed' and lead_id = $1 and data->>'connectionId' = $2 order by created_at`, [lead, c.id]);
    expect(events.map((e) => [e.data.action, e.data.remoteId])).toEqual([
      ['insert', zohoId],
      ['update', zohoId],
    ]);

    // Sent once per change: the next run has nothing to send.
    const after = await run(c.id);
    expect(await runRow(after.runId!)).toMatchObject({ status: 'succeeded', fetched: 0 });
    expect(updates()).toHaveLength(1);

    // A record deleted in Zoho meanwhile: the update is refused and kept as a failure.
    zoho.remove(zohoId);
    await t.http.patch(`/api/v1/leads/${lead}`).set(session.auth).send({ name: 'Grace B. Hopper' }).expect(200);
    const refused = await run(c.id);
    expect(await runRow(refused.runId!)).toMatchObject({ status: 'succeeded', fetched: 1, failed: 1 });
    const failures = await t.http.get(`/api/v1/integrations/connections/${c.id}/runs/${refused.runId}/failures`).set(session.auth).expect(200);
    expect(failures.body).toEqual([expect.objectContaining({ sourceRef: lead, error: expect.stringContaining('INVALID_DATA (id)') })]);
  });
  it('never sends an erased lead, not even as an update of the record it pushed before', async () => {
    const c = await connect();
    const upserts = () => zoho.upserts.filter((u) => u.clientId === c.clientId);
    const updates = () => zoho.updates.filter((u) => u.clientId === c.clientId);
    const email = uniqueEmail('erase.me');
    const [lead] = await createLeads([{ name: 'Erin Erased', email, source: 'web' }]);
    await moveTo([lead], ['processing', 'contacted', 'qualified']);
    await run(c.id);
    expect((await leadRow(lead)).metadata.zoho.id).toEqual(expect.any(String));
    const updatesBefore = updates().length;
    const upsertsBefore = upserts().length;

    await t.http.post('/api/v1/privacy/subjects/erase').set(session.auth).send({ email, confirm: email }).expect(200);
    const after = await run(c.id);
    expect(await runRow(after.runId!)).toMatchObject({ status: 'succeeded', fetched: 0 });
    expect(updates()).toHaveLength(updatesBefore);
    expect(upserts()).toHaveLength(upsertsBefore);
  });
});
