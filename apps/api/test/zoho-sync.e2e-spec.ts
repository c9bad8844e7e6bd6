import { SyncEngine, type SyncJobData } from '../src/modules/integrations/sync/sync-engine.service';
import { AccessTokens } from '../src/modules/integrations/sync/access-tokens.service';
import { PullProviders } from '../src/modules/integrations/sync/pull-providers.service';
import { SyncJobs } from '../src/modules/integrations/sync/sync-jobs';
import { createTenantWithUser, signIn, type SignedIn, type TestUser } from './support/factories';
import { FakeZoho } from './support/fake-zoho';
import { rememberSecret } from './support/log-capture';
import { tenantSql } from './support/tenant-sql';
import { createTestApp, type TestApp } from './support/test-app';

interface RunRow {
  id: string;
  stream: string;
  status: string;
  trigger: string;
  pages: number;
  fetched: number;
  created: number;
  merged: number;
  updated: number;
  unchanged: number;
  deleted: number;
  failed: number;
  requests: number;
  checkpointTo: string | null;
  error: string | null;
}

const HOUR = 3_600_000;

describe('Sync engine with Zoho CRM', () => {
  const zoho = new FakeZoho();
  let t: TestApp;
  let owner: TestUser;
  let session: SignedIn;

  beforeAll(async () => {
    await zoho.start();
    t = await createTestApp({
      env: {
        RATE_LIMIT_LOGIN: '1000',
        ZOHO_ACCOUNTS_URL: zoho.baseUrl,
        ZOHO_API_URL: zoho.baseUrl,
        PROVIDER_TIMEOUT_MS: '2000',
        SYNC_RETRY_BASE_MS: '5',
        SYNC_MAX_ATTEMPTS: '3',
      },
    });
    owner = await createTenantWithUser(t.app, 'owner', 'Zoho Shop');
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

  // A new Zoho client and connection per test, paused so the scheduler leaves it to the test.
  const connect = async () => {
    const client = zoho.addClient();
    rememberSecret(client.clientSecret, client.refreshToken);
    const res = await t.http
      .post('/api/v1/integrations/connections')
      .set(session.auth)
      .send({ provider: 'zoho', name: 'Zoho CRM', credentials: { dataCentre: 'eu', ...client } })
      .expect(201);
    await t.http.post(`/api/v1/integrations/connections/${res.body.id}/pause`).set(session.auth).expect(200);
    return { id: res.body.id as string, client, body: res.body };
  };
  const run = (connectionId: string, stream = 'leads', trigger: SyncJobData['trigger'] = 'manual') => t.app.get(SyncEngine).run({ tenantId: owner.tenantId, connectionId, stream, trigger });
  const runRow = async (runId: string) => (await tenantSql<RunRow>(t.app, owner.tenantId, `select id, stream, status, trigger, pages, fetched, created, merged, updated, unchanged, deleted, failed, requests, checkpoint_to as "checkpointTo", error from sync_runs where id = $1`, [runId]))[0];
  const leadCount = async (connectionRefs: string[]) =>
    Number((await tenantSql<{ n: string }>(t.app, owner.tenantId, `select count(*) as n from leads where source = 'zoho' and source_ref = any($1::text[])`, [connectionRefs]))[0].n);
  const apiRequests = (path = '/crm/v8/Leads') => zoho.requests.filter((r) => r.path === path);

  it('pulls past 2,000 records by switching from page to page_token, and an unchanged second run makes one request and writes nothing', async () => {
    const c = await connect();
    expect(c.body).toMatchObject({ provider: 'zoho', sync: { intervalMinutes: 5, paused: false, nextSyncAt: null } });
    expect(JSON.stringify(c.body)).not.toContain(c.client.clientSecret);
    // Ten seconds apart: the 5-minute lookback holds 31 of them, one page.
    const leads = zoho.addLeads(2_450, Date.now() - 8 * HOUR, 10_000);
    const first = await run(c.id);
    expect(first.status).toBe('succeeded');
    const row = await runRow(first.runId!);
    expect(row).toMatchObject({ status: 'succeeded', pages: 13, fetched: 2_450, created: 2_450, failed: 0 });
    const listing = apiRequests();
    expect(listing.slice(0, 10).map((r) => r.query.get('page'))).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(listing.slice(10).every((r) => r.query.get('page') === null && r.query.get('page_token'))).toBe(true);
    expect(listing[0].query.get('sort_by')).toBe('Modified_Time');
    expect(listing[0].ifModifiedSince).toBeNull();
    expect(await leadCount(leads.map((l) => l.id))).toBe(2_450);
    expect(row.checkpointTo).toBe(new Date(Date.parse(leads[leads.length - 1].Modified_Time)).toISOString());

    zoho.reset();
    const events = async () => (await tenantSql<{ n: string }>(t.app, owner.tenantId, `select count(*) as n from lead_events`))[0].n;
    const eventsBefore = await events();
    const second = await run(c.id);
    expect(await runRow(second.runId!)).toMatchObject({ status: 'succeeded', pages: 1, fetched: 31, unchanged: 31, created: 0, merged: 0, updated: 0, failed: 0, requests: 1 });
    expect(await events()).toBe(eventsBefore);
    // From the checkpoint minus the 5-minute lookback, in one request.
    expect(apiRequests()).toHaveLength(1);
    expect(Date.parse(apiRequests()[0].ifModifiedSince!)).toBe(Date.parse(row.checkpointTo!) - 5 * 60_000);
    expect(zoho.tokenRequests).toBe(0);
  }, 120_000);

  it('records a lead with neither email nor phone as failed with the reason and goes on', async () => {
    const c = await connect();
    const [good1] = zoho.addLeads(1, Date.now() - 4 * HOUR);
    const [bad] = zoho.addLeads(1, Date.now() - 4 * HOUR + 1000, 1000, { Email: null, Phone: null });
    const [good2] = zoho.addLeads(1, Date.now() - 4 * HOUR + 2000);
    const result = await run(c.id);
    expect(await runRow(result.runId!)).toMatchObject({ status: 'succeeded', fetched: 3, created: 2, failed: 1 });
    expect(await leadCount([good1.id, good2.id, bad.id])).toBe(2);
    const failures = await t.http.get(`/api/v1/integrations/connections/${c.id}/runs/${result.runId}/failures`).set(session.auth).expect(200);
    expect(failures.body).toEqual([expect.objectContaining({ sourceRef: bad.id, error: expect.stringContaining('at least one of email or phone is required') })]);
  });

  it('catches a change made in the checkpoint second through the lookback, and updates the same lead', async () => {
    const c = await connect();
    const base = Date.now() - 2 * HOUR;
    const leads = zoho.addLeads(3, base);
    const first = await run(c.id);
    const checkpoint = (await runRow(first.runId!)).checkpointTo!;
    // Edited within the same second as the checkpoint: a strict "after the checkpoint" read would miss it.
    zoho.update(leads[2].id, { Company: 'Changed Co' }, Date.parse(checkpoint) + 400);
    zoho.update(leads[1].id, { Lead_Status: 'Contacted' }, Date.parse(checkpoint) - 30_000);
    const second = await run(c.id);
    expect(await runRow(second.runId!)).toMatchObject({ status: 'succeeded', created: 0, updated: 2, unchanged: 1 });
    const rows = await tenantSql<{ company: string; n: string }>(t.app, owner.tenantId, `select company, count(*) over () as n from leads where source = 'zoho' and source_ref = $1`, [leads[2].id]);
    expect(rows).toEqual([{ company: 'Changed Co', n: '1' }]);
  });

  it('retries 429 with and without Retry-After and a 5xx mid-run, and finishes', async () => {
    const c = await connect();
    zoho.addLeads(450, Date.now() - 3 * HOUR);
    zoho.failNext(429, 1, { retryAfter: '1' });
    const started = Date.now();
    const a = await run(c.id);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(await runRow(a.runId!)).toMatchObject({ status: 'succeeded', created: 450 });

    zoho.clear();
    const d = await connect();
    zoho.addLeads(450, Date.now() - 3 * HOUR);
    // Page 1 answers, then a 429 without Retry-After (backoff with jitter) and a 503, then the rest.
    zoho.failNext(429, 1, { after: 1 });
    zoho.failNext(503, 1);
    const b = await run(d.id);
    expect(await runRow(b.runId!)).toMatchObject({ status: 'succeeded', pages: 3, created: 450, requests: 5 });
  });

  it('resumes after a run that died between pages from its checkpoint, without twins', async () => {
    const c = await connect();
    const leads = zoho.addLeads(600, Date.now() - 3 * HOUR);
    // Page 1 commits; page 2 fails every attempt the run has (as a provider outage or a killed worker would).
    zoho.failNext(500, 3, { after: 1 });
    const broken = await run(c.id);
    expect(broken.status).toBe('failed');
    expect(await runRow(broken.runId!)).toMatchObject({ status: 'failed', pages: 1, created: 200, error: 'Zoho CRM failed (500); gave up after 3 attempts' });
    expect(await leadCount(leads.map((l) => l.id))).toBe(200);
    const resumed = await run(c.id);
    const row = await runRow(resumed.runId!);
    // From page 1's checkpoint minus the lookback: what page 1 stored is skipped, the rest created.
    expect(row).toMatchObject({ status: 'succeeded', created: 400 });
    expect(row.unchanged).toBeGreaterThan(0);
    expect(await leadCount(leads.map((l) => l.id))).toBe(600);
  });

  it('shares one cached token across a burst of concurrent jobs, never asking for an 11th', async () => {
    const c = await connect();
    zoho.addLeads(5, Date.now() - 3 * HOUR);
    const tokens = t.app.get(AccessTokens);
    const provider = t.app.get(PullProviders).get('zoho');
    const got = await Promise.all(Array.from({ length: 12 }, () => tokens.get(owner.tenantId, c.id, provider)));
    expect(new Set(got).size).toBe(1);
    expect(zoho.tokenRequests).toBe(1);
    const results = await Promise.all([run(c.id, 'leads'), run(c.id, 'deleted_leads'), run(c.id, 'leads')]);
    expect(results.filter((r) => r.status === 'skipped')).toHaveLength(1);
    expect(zoho.tokenRequests).toBe(1);
    expect(zoho.invalidatedTokens).toBe(0);
  });

  it('refreshes once on a 401, and a refused refresh token puts the connection in needs_attention in plain words', async () => {
    const c = await connect();
    zoho.addLeads(3, Date.now() - 3 * HOUR);
    await run(c.id);
    zoho.reset();
    zoho.failNext(401, 1);
    const again = await run(c.id, 'leads', 'full_resync');
    expect(await runRow(again.runId!)).toMatchObject({ status: 'succeeded', unchanged: 3 });
    expect(zoho.tokenRequests).toBe(1);

    zoho.revoke(c.client.refreshToken);
    zoho.failNext(401, 1);
    const refused = await run(c.id, 'leads', 'full_resync');
    expect(refused).toMatchObject({ status: 'failed', error: 'Zoho refused the refresh token (invalid_code): reconnect' });
    const conn = await t.http.get(`/api/v1/integrations/connections/${c.id}`).set(session.auth).expect(200);
    expect(conn.body).toMatchObject({ status: 'needs_attention', lastError: 'Zoho refused the refresh token (invalid_code): reconnect' });
  });

  it('keeps its access token from page to page, and a token refused mid-run is replaced once and the run goes on', async () => {
    const c = await connect();
    const leads = zoho.addLeads(600, Date.now() - 3 * HOUR);
    await run(c.id, 'deleted_leads');
    zoho.reset();
    // The second page's request is refused as if another worker's refresh had invalidated the token.
    zoho.failNext(401, 1, { path: '/crm/v8/Leads', after: 1 });
    const result = await run(c.id);
    expect(await runRow(result.runId!)).toMatchObject({ status: 'succeeded', pages: 3, created: 600, failed: 0 });
    expect(await leadCount(leads.map((l) => l.id))).toBe(600);
    const tokens = apiRequests().map((r) => r.token);
    expect(tokens).toHaveLength(4);
    expect(tokens[1]).toBe(tokens[0]);
    expect(tokens[2]).not.toBe(tokens[1]);
    expect(tokens[3]).toBe(tokens[2]);
    expect(zoho.tokenRequests).toBe(1);
  });

  it('restarts a listing whose page token expired from the checkpoint', async () => {
    const c = await connect();
    const leads = zoho.addLeads(2_200, Date.now() - 3 * HOUR);
    zoho.expirePageTokens();
    const engine = run(c.id);
    const result = await engine;
    expect(result.status).toBe('succeeded');
    expect(await leadCount(leads.map((l) => l.id))).toBe(2_200);
  }, 60_000);

  it('turns a Zoho deletion into a lead event, once, and keeps the lead', async () => {
    const c = await connect();
    const [kept, gone] = zoho.addLeads(2, Date.now() - 3 * HOUR);
    await run(c.id);
    zoho.remove(gone.id, Date.now() - 60_000);
    const del = await run(c.id, 'deleted_leads');
    expect(await runRow(del.runId!)).toMatchObject({ status: 'succeeded', deleted: 1 });
    const again = await run(c.id, 'deleted_leads');
    expect(await runRow(again.runId!)).toMatchObject({ status: 'succeeded', deleted: 0, unchanged: 1 });
    const events = await tenantSql<{ type: string; data: Record<string, unknown> }>(
      t.app,
      owner.tenantId,
      `select e.type, e.data from lead_events e join leads l on l.id = e.lead_id where l.source = 'zoho' and l.source_ref = $1 and e.type = 'zoho.removed'`,
      [gone.id],
    );
    expect(events).toEqual([{ type: 'zoho.removed', data: expect.objectContaining({ message: 'removed in Zoho', sourceRef: gone.id }) }]);
    expect(await leadCount([kept.id, gone.id])).toBe(2);
  });

  it('takes over the lease of a run whose worker died and marks that run failed', async () => {
    const c = await connect();
    zoho.addLeads(2, Date.now() - 3 * HOUR);
    const first = await run(c.id);
    // A worker that claimed the stream and died: its lease ran out.
    await tenantSql(t.app, owner.tenantId, `update sync_runs set status = 'running', finished_at = null where id = $1`, [first.runId]);
    await tenantSql(t.app, owner.tenantId, `update sync_streams set lease_run_id = $2, lease_until = now() - interval '1 second' where connection_id = $1 and stream = 'leads'`, [c.id, first.runId]);
    const next = await run(c.id);
    expect(next.status).toBe('succeeded');
    expect(await runRow(first.runId!)).toMatchObject({ status: 'failed', error: expect.stringContaining('stopped') });
  });

  it('queues each due connection once when two replicas tick at the same moment', async () => {
    const second = await createTestApp({ database: t.db, env: { ZOHO_ACCOUNTS_URL: zoho.baseUrl, ZOHO_API_URL: zoho.baseUrl } });
    try {
      const c = await connect();
      await t.http.post(`/api/v1/integrations/connections/${c.id}/resume`).set(session.auth).expect(200);
      const [a, b] = await Promise.all([t.app.get(SyncJobs).tickJob(), second.app.get(SyncJobs).tickJob()]);
      expect(a + b).toBeGreaterThanOrEqual(2);
      const [again1, again2] = await Promise.all([t.app.get(SyncJobs).tickJob(), second.app.get(SyncJobs).tickJob()]);
      expect(again1 + again2).toBe(0);
    } finally {
      await second.close();
    }
  }, 60_000);

  it('answers the runs API with keyset pages, and refuses sync on a webhook connection', async () => {
    const c = await connect();
    zoho.addLeads(1, Date.now() - 3 * HOUR);
    await run(c.id);
    await run(c.id);
    await run(c.id);
    const page1 = await t.http.get(`/api/v1/integrations/connections/${c.id}/runs?limit=2`).set(session.auth).expect(200);
    expect(page1.body.data).toHaveLength(2);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await t.http.get(`/api/v1/integrations/connections/${c.id}/runs?limit=2&cursor=${page1.body.nextCursor}`).set(session.auth).expect(200);
    expect(page2.body.data).toHaveLength(1);
    expect(new Set([...page1.body.data, ...page2.body.data].map((r: RunRow) => r.id)).size).toBe(3);
    const queued = await t.http.post(`/api/v1/integrations/connections/${c.id}/sync`).set(session.auth).send({ full: true }).expect(202);
    expect(queued.body.queued).toBe(2);
    const hook = await t.http.post('/api/v1/integrations/connections').set(session.auth).send({ provider: 'webhook', name: 'Hook' }).expect(201);
    const refused = await t.http.post(`/api/v1/integrations/connections/${hook.body.id}/sync`).set(session.auth).send({}).expect(409);
    expect(refused.body.code).toBe('sync_not_supported');
  });
});
