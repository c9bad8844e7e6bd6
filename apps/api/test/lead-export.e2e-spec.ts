import { request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'csv-parse/sync';
import { Client } from 'pg';
import type { Response } from 'supertest';
import { addUser, createTenantWithUser, signIn, uniqueEmail, type SignedIn, type TestUser } from './support/factories';
import { createApiKey } from './support/identity';
import { tenantSql } from './support/tenant-sql';
import { createTestApp, type TestApp } from './support/test-app';

type Lead = Record<string, unknown> & { id: string; createdAt: string };
type Row = Record<string, unknown>;

const EXPORT = '/api/v1/leads/export';
const CSV_HEADER =
  'id,created_at,updated_at,status,priority,type,quality_score,name,email,phone,company,subject,message,role,notes,source,source_ref,form_id,tags,' +
  'assignee_id,follow_up_at,first_contacted_at,last_contacted_at,respond_by,sla_breached,deleted_at,metadata';
const ISO_MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const MB = 1024 * 1024;

// The raw response text, whatever the content type.
function asText(res: Response, done: (error: Error | null, body: string) => void): void {
  const stream = res as unknown as IncomingMessage;
  let text = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => (text += chunk));
  stream.on('end', () => done(null, text));
  stream.on('error', (error) => done(error, text));
}

const ndjsonRows = (text: string): Lead[] => text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Lead);

describe('lead export API', () => {
  let t: TestApp;
  let server: Server;
  let admin: Client;

  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_LOGIN: '1000', RATE_LIMIT_DEFAULT: '100000', RATE_LIMIT_API_KEY: '100000' } });
    // A real port, for the tests that read the response stream at their own pace.
    server = t.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    // As the database owner: pg_stat_activity shows the app role's sessions in full.
    admin = new Client({ connectionString: t.db.url });
    await admin.connect();
  });

  afterAll(async () => {
    await admin.end();
    await t.close();
  });

  const workspace = async (): Promise<{ owner: TestUser; session: SignedIn }> => {
    const owner = await createTenantWithUser(t.app, 'owner');
    return { owner, session: await signIn(t.http, owner.email, owner.password) };
  };

  const createLead = async (session: SignedIn, body: Row): Promise<Lead> =>
    (await t.http.post('/api/v1/leads').set(session.auth).send(body).expect(201)).body as Lead;

  const getLead = async (session: SignedIn, id: string): Promise<Lead> => (await t.http.get(`/api/v1/leads/${id}`).set(session.auth).expect(200)).body as Lead;

  const exportOf = (auth: Record<string, string>, query: Record<string, string | string[]>) =>
    t.http.get(EXPORT).query(query).set(auth).buffer(true).parse(asText);

  const ids = async (session: SignedIn, query: Record<string, string | string[]>): Promise<string[]> =>
    ndjsonRows((await exportOf(session.auth, { ...query, format: 'ndjson' }).expect(200)).body as string).map((lead) => lead.id);

  const exportAudits = (tenantId: string) =>
    tenantSql<{ actor_type: string; actor_id: string; outcome: string; resource_type: string; metadata: Row }>(
      t.app,
      tenantId,
      `select actor_type, actor_id, outcome, resource_type, metadata from audit_logs where action = 'lead.export' order by created_at`,
    );

  // Sessions of the app role that hold a transaction open or are still running a COPY.
  const lingering = async (): Promise<number> => {
    const { rows } = await admin.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid()
          and (state like 'idle in transaction%' or (state = 'active' and query like 'COPY (SELECT%'))`,
    );
    return rows[0].n;
  };

  const runningCopies = async (): Promise<number> => {
    const { rows } = await admin.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity where datname = current_database() and state = 'active' and query like 'COPY (SELECT%'`,
    );
    return rows[0].n;
  };

  const poll = async (done: () => Promise<boolean>, attempts = 100): Promise<void> => {
    for (let i = 0; i < attempts && !(await done()); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  };

  // A streamed GET read at the test's own pace.
  const open = (path: string, headers: Record<string, string>): Promise<IncomingMessage> =>
    new Promise((resolve, reject) => {
      const { port } = server.address() as AddressInfo;
      httpRequest({ host: '127.0.0.1', port, path, headers }, resolve).on('error', reject).end();
    });

  const insertLeads = (tenantId: string, count: number, messageChars: number) =>
    tenantSql(
      t.app,
      tenantId,
      `insert into leads (tenant_id, email, name, source, tags, message, created_at)
       select $1, 'bulk-' || n || '@example.com', 'Bulk ' || n, 'bulk', '{bulk}', repeat('m', $3::int), now() - make_interval(secs => $2::int - n)
         from generate_series(1, $2::int) n`,
      [tenantId, count, messageChars],
    );

  it('exports CSV: header row, fixed column order, quoting, ISO timestamps and formula characters neutralised', async () => {
    const { owner, session } = await workspace();
    const created = await createLead(session, {
      name: '=cmd()',
      email: uniqueEmail('csv'),
      phone: '+44 20 7946 0958',
      company: '@x',
      subject: '-1',
      qualityScore: 80,
      tags: ['vip', 'q1'],
      source: 'web',
      metadata: { plan: 'pro' },
    });
    // Written directly so the values reach the export exactly as given.
    await tenantSql(t.app, owner.tenantId, `update leads set message = $2, role = $3, notes = $4 where id = $1`, [
      created.id,
      'line one\nline "two", with a comma',
      '\tTabbed',
      '\rreturn',
    ]);
    const tricky = await getLead(session, created.id);
    const plain = await createLead(session, { name: 'Plain Person', email: uniqueEmail('plain') });

    const res = await exportOf(session.auth, { format: 'csv' }).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="leads-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = res.body as string;
    expect(text.slice(0, text.indexOf('\n'))).toBe(CSV_HEADER);
    expect(text).toContain('"line one\nline ""two"", with a comma"');

    const rows = parse(text, { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => r.id)).toEqual([tricky.id, plain.id]);
    expect(rows[0]).toEqual({
      id: tricky.id,
      created_at: expect.stringMatching(ISO_MICROS),
      updated_at: expect.stringMatching(ISO_MICROS),
      status: 'unread',
      priority: 'medium',
      type: 'contact',
      quality_score: '80',
      name: "'=cmd()",
      email: tricky.email,
      phone: "'+442079460958",
      company: "'@x",
      subject: "'-1",
      message: 'line one\nline "two", with a comma',
      role: "'\tTabbed",
      notes: "'\rreturn",
      source: 'web',
      source_ref: '',
      form_id: '',
      tags: 'vip|q1',
      assignee_id: '',
      follow_up_at: '',
      first_contacted_at: '',
      last_contacted_at: '',
      respond_by: expect.stringMatching(ISO_MICROS),
      sla_breached: 'false',
      deleted_at: '',
      metadata: expect.any(String),
    });
    // Microseconds in the CSV; the API's JSON shows the same instant to the millisecond.
    expect(rows[0].created_at.slice(0, 23)).toBe(tricky.createdAt.slice(0, 23));
    expect(rows[0].respond_by.slice(0, 23)).toBe(String(tricky.respondBy).slice(0, 23));
    expect(JSON.parse(rows[0].metadata)).toEqual(tricky.metadata);
    expect(rows[1]).toMatchObject({ name: 'Plain Person', phone: '', company: '', tags: '' });
  });

  it('applies the list filters: status, q, tag, createdFrom and the trash', async () => {
    const { owner, session } = await workspace();
    const alpha = await createLead(session, { name: 'Zephyr Alpha', email: uniqueEmail('a'), tags: ['vip'] });
    const beta = await createLead(session, { name: 'Zephyr Beta', email: uniqueEmail('b'), tags: ['vip', 'q1'] });
    const other = await createLead(session, { name: `O'Brien \\ Sons`, email: uniqueEmail('o'), tags: ['q1'] });
    const trashed = await createLead(session, { name: 'Zephyr Gone', email: uniqueEmail('g') });
    const sql = (query: string, params: unknown[]) => tenantSql(t.app, owner.tenantId, query, params);
    await sql(`update leads set created_at = now() - interval '10 days' where id = $1`, [alpha.id]);
    await sql(`update leads set status = 'processing' where id = $1`, [beta.id]);
    await sql(`update leads set deleted_at = now() where id = $1`, [trashed.id]);

    expect(await ids(session, {})).toEqual([alpha.id, beta.id, other.id]);
    expect(await ids(session, { status: 'processing' })).toEqual([beta.id]);
    expect(await ids(session, { status: 'unread,processing' })).toEqual([alpha.id, beta.id, other.id]);
    expect(await ids(session, { q: 'zephyr' })).toEqual([alpha.id, beta.id]);
    expect(await ids(session, { tag: 'q1' })).toEqual([beta.id, other.id]);
    expect(await ids(session, { tag: ['vip', 'q1'] })).toEqual([beta.id]);
    expect(await ids(session, { createdFrom: new Date(Date.now() - 24 * 3600_000).toISOString() })).toEqual([beta.id, other.id]);
    expect(await ids(session, { includeDeleted: 'true', q: 'zephyr' })).toEqual([alpha.id, beta.id, trashed.id]);
    // Quotes and backslashes in a filter value reach PostgreSQL as data, inlined into the COPY or not.
    expect(await ids(session, { q: `o'brien \\` })).toEqual([other.id]);
    expect(await ids(session, { q: `'); select 1; --` })).toEqual([]);

    const csv = (await exportOf(session.auth, { format: 'csv', status: 'processing' }).expect(200)).body as string;
    expect((parse(csv, { columns: true }) as Array<Record<string, string>>).map((r) => r.id)).toEqual([beta.id]);
  });

  it("never shows another workspace's leads", async () => {
    const a = await workspace();
    const b = await workspace();
    const leadA = await createLead(a.session, { name: 'Shared Name', email: uniqueEmail('ta') });
    const leadB = await createLead(b.session, { name: 'Shared Name', email: uniqueEmail('tb') });
    expect(await ids(a.session, { includeDeleted: 'true' })).toEqual([leadA.id]);
    expect(await ids(b.session, { q: 'shared' })).toEqual([leadB.id]);
    const csv = (await exportOf(a.session.auth, { format: 'csv' }).expect(200)).body as string;
    expect(csv).not.toContain(leadB.id);
  });

  it('exports NDJSON and a JSON array of the lead JSON, tricky strings intact', async () => {
    const { owner, session } = await workspace();
    const first = await createLead(session, { name: 'Round Trip', email: uniqueEmail('rt'), tags: ['a,b', 'c"d'], metadata: { nested: { ok: true }, n: 1.5 } });
    const message = 'He said "hi" \\ back\\slash\nnew line\r\n\ttab, comma; ☃ 日本語 🚀 \u0001\u0002 control';
    await tenantSql(t.app, owner.tenantId, `update leads set message = $2, notes = $3 where id = $1`, [first.id, message, '{"not": "json"}\n']);
    const second = await createLead(session, { name: 'Second', email: uniqueEmail('rt2') });
    const expected = [await getLead(session, first.id), await getLead(session, second.id)];

    const ndjson = await exportOf(session.auth, { format: 'ndjson' }).expect(200);
    expect(ndjson.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    expect(ndjson.headers['content-disposition']).toMatch(/filename="leads-\d{4}-\d{2}-\d{2}\.ndjson"$/);
    const text = ndjson.body as string;
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')).toHaveLength(3);
    expect(ndjsonRows(text)).toEqual(expected);
    expect(ndjsonRows(text)[0].message).toBe(message);

    const json = await exportOf(session.auth, { format: 'json' }).expect(200);
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(json.headers['content-disposition']).toMatch(/filename="leads-\d{4}-\d{2}-\d{2}\.json"$/);
    expect(JSON.parse(json.body as string)).toEqual(expected);

    const none = await exportOf(session.auth, { format: 'json', status: 'converted' }).expect(200);
    expect(JSON.parse(none.body as string)).toEqual([]);
    expect((await exportOf(session.auth, { format: 'ndjson', status: 'converted' }).expect(200)).body).toBe('');
  });

  it('needs leads:export: agents and viewers are refused, API keys with the scope may export', async () => {
    const { owner, session } = await workspace();
    const lead = await createLead(session, { name: 'Keyed', email: uniqueEmail('k') });
    for (const role of ['agent', 'viewer'] as const) {
      const member = await addUser(t.app, owner.tenantId, owner.roleIds[role], role);
      const memberSession = await signIn(t.http, member.email, member.password);
      await t.http.get(EXPORT).set(memberSession.auth).expect(403);
    }
    await t.http.get(EXPORT).expect(401);

    const readOnlyKey = await createApiKey(t.app, owner.tenantId, ['leads:read']);
    await t.http.get(EXPORT).set('X-API-Key', readOnlyKey).expect(403);
    const exportKey = await createApiKey(t.app, owner.tenantId, ['leads:export']);
    const res = await exportOf({ 'X-API-Key': exportKey }, { format: 'ndjson' }).expect(200);
    expect(ndjsonRows(res.body as string).map((l) => l.id)).toEqual([lead.id]);
    // `me` names a person; a key is not one.
    const me = await t.http.get(EXPORT).query({ assignee: 'me' }).set('X-API-Key', exportKey).expect(400);
    expect(me.body.code).toBe('assignee_me_needs_user');
    expect((await exportAudits(owner.tenantId)).map((a) => a.actor_type)).toEqual(['api_key']);
  });

  it('records each export in the audit log with its filter, format and row count', async () => {
    const { owner, session } = await workspace();
    for (let i = 0; i < 3; i++) await createLead(session, { name: `Audited ${i}`, email: uniqueEmail('au') });
    const res = await exportOf(session.auth, { format: 'csv', status: 'unread', q: 'audited' }).expect(200);
    // The entry is written before the response ends.
    const [entry] = await exportAudits(owner.tenantId);
    expect(entry).toEqual({
      actor_type: 'user',
      actor_id: owner.id,
      outcome: 'success',
      resource_type: 'lead',
      metadata: { filter: { status: ['unread'], q: 'audited' }, format: 'csv', rows: 3, completed: true, bytes: Buffer.byteLength(res.body as string) },
    });
  });

  it('refuses an unknown format and a NUL character in a filter with a problem response', async () => {
    const { session } = await workspace();
    const format = await t.http.get(EXPORT).query({ format: 'xml' }).set(session.auth).expect(400);
    expect(format.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(format.body).toMatchObject({ code: 'validation_failed', errors: [expect.objectContaining({ field: 'format' })] });
    const nul = await t.http.get(EXPORT).query({ q: 'ab\u0000cd' }).set(session.auth).expect(400);
    expect(nul.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await lingering()).toBe(0);
  });

  it('streams 200,000 leads exactly, holding the COPY while the client reads slowly, in bounded memory', async () => {
    const { owner, session } = await workspace();
    const total = 200_000;
    await insertLeads(owner.tenantId, total, 1200);

    const before = process.memoryUsage();
    let peakRss = before.rss;
    let peakHeap = before.heapUsed;
    const sample = () => {
      const now = process.memoryUsage();
      peakRss = Math.max(peakRss, now.rss);
      peakHeap = Math.max(peakHeap, now.heapUsed);
    };
    const sampler = setInterval(sample, 20);
    let newlines = 0;
    let bytes = 0;
    let last = 0;
    try {
      const res = await open(`${EXPORT}?format=csv`, session.auth);
      expect(res.statusCode).toBe(200);
      let first = true;
      for await (const chunk of res as AsyncIterable<Buffer>) {
        if (first) {
          first = false;
          // Stop reading for a while: the COPY cannot run ahead of the client, so it is still running.
          await poll(async () => (await runningCopies()) === 1);
          await new Promise((resolve) => setTimeout(resolve, 1000));
          expect(await runningCopies()).toBe(1);
          expect(await exportAudits(owner.tenantId)).toEqual([]);
        }
        bytes += chunk.length;
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) newlines += 1;
        last = chunk[chunk.length - 1];
        sample();
      }
    } finally {
      clearInterval(sampler);
    }
    // The bulk rows have no line breaks inside cells: one line per row, plus the header.
    expect(last).toBe(10);
    expect(newlines - 1).toBe(total);
    // More data went through than the memory bound, so holding it would have broken the bound.
    expect(bytes).toBeGreaterThan(250 * MB);
    expect((peakRss - before.rss) / MB).toBeLessThan(100);
    expect((peakHeap - before.heapUsed) / MB).toBeLessThan(100);
    const [entry] = await exportAudits(owner.tenantId);
    expect(entry.metadata).toMatchObject({ rows: total, completed: true, bytes });
  }, 240_000);

  it('ends the COPY and its transaction when the client goes away, and records the interrupted export', async () => {
    const { owner, session } = await workspace();
    await insertLeads(owner.tenantId, 30_000, 1000);
    const res = await open(`${EXPORT}?format=ndjson`, session.auth);
    expect(res.statusCode).toBe(200);
    await new Promise((resolve) => res.once('data', resolve));
    res.destroy();

    await poll(async () => (await lingering()) === 0);
    expect(await lingering()).toBe(0);
    let entries: Awaited<ReturnType<typeof exportAudits>> = [];
    await poll(async () => (entries = await exportAudits(owner.tenantId)).length > 0);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ outcome: 'failure', metadata: { format: 'ndjson', completed: false, rows: null } });
    expect(entries[0].metadata.bytes).toBeLessThan(30_000 * 1000);

    // The pool is healthy afterwards: the next export works.
    expect(await ids(session, { q: 'bulk 29999' })).toHaveLength(1);
  });
  it('keeps exports to half the connection pool and answers 503 export_capacity beyond it', async () => {
    const { owner, session } = await workspace();
    await insertLeads(owner.tenantId, 20_000, 1000);
    // The test app's pool has the default 10 connections: five exports may stream at once.
    const held: IncomingMessage[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await open(`${EXPORT}?format=ndjson`, session.auth);
      expect(res.statusCode).toBe(200);
      await new Promise((resolve) => res.once('data', resolve));
      res.pause();
      held.push(res);
    }
    const refused = await t.http.get(EXPORT).set(session.auth).expect(503);
    expect(refused.body.code).toBe('export_capacity');
    expect(refused.headers['retry-after']).toBe('30');
    for (const res of held) res.destroy();
    await poll(async () => (await runningCopies()) === 0);
    expect(await ids(session, { q: 'bulk 19999' })).toHaveLength(1);
  });
  it('answers HEAD with the headers only, without running or recording an export', async () => {
    const { owner, session } = await workspace();
    const res = await t.http.head(EXPORT).query({ format: 'ndjson' }).set(session.auth).expect(200);
    expect(res.headers['content-type']).toContain('application/x-ndjson');
    // A real export afterwards is the only one recorded (a HEAD that ran one would have left its own entry first).
    await t.http.get(EXPORT).query({ format: 'ndjson' }).set(session.auth).expect(200);
    expect((await exportAudits(owner.tenantId)).map((e) => e.metadata.completed)).toEqual([true]);
  });
});
