import type { IncomingMessage } from 'node:http';
import type { Permission } from '@hotleads/shared';
import type { Response } from 'supertest';
import { TenantDb } from '../src/common/db/tenant-db.service';
import { AuditService } from '../src/modules/audit/audit.service';
import { addUser, createTenantWithUser, signIn, type SignedIn, type TestUser } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

interface AuditEntry {
  id: string;
  createdAt: string;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  outcome: string;
  metadata: Record<string, unknown> | null;
}

const CSV_HEADER = 'id,created_at,actor_type,actor_id,actor_label,action,resource_type,resource_id,outcome,ip,user_agent,request_id,changes,metadata';

// Every test builds its own workspace: the purge test empties the whole table whenever it runs.
describe('audit log API', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_LOGIN: '1000', RATE_LIMIT_DEFAULT: '10000', RATE_LIMIT_API_KEY: '10000' } });
  });

  afterAll(async () => {
    await t.close();
  });

  const workspace = async (): Promise<{ owner: TestUser; session: SignedIn }> => {
    const owner = await createTenantWithUser(t.app, 'owner');
    return { owner, session: await signIn(t.http, owner.email, owner.password) };
  };

  const createKey = async (session: SignedIn, name: string, scopes: Permission[]): Promise<{ id: string; secret: string }> => {
    const res = await t.http.post('/api/v1/api-keys').set(session.auth).send({ name, scopes }).expect(201);
    return { id: res.body.apiKey.id, secret: res.body.secret };
  };

  const list = (session: SignedIn, query: Record<string, string | number>): Promise<Response> =>
    t.http.get('/api/v1/audit-logs').query(query).set(session.auth).expect(200);

  // Reads every page; fails on a repeated entry.
  const readAll = async (session: SignedIn, query: Record<string, string | number>): Promise<{ entries: AuditEntry[]; pages: number[] }> => {
    const entries: AuditEntry[] = [];
    const pages: number[] = [];
    let cursor: string | null = null;
    do {
      const res: Response = await list(session, cursor ? { ...query, cursor } : query);
      entries.push(...res.body.data);
      pages.push(res.body.data.length);
      cursor = res.body.nextCursor;
    } while (cursor && pages.length < 50);
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    return { entries, pages };
  };

  const csvRows = (text: string): string[] => text.split('\r\n').filter((line, i) => i > 0 && line !== '');

  it('lists entries newest first with the full shape, only for the own workspace', async () => {
    const { owner, session } = await workspace();
    const other = await workspace();
    const key = await createKey(session, 'Shape', ['leads:read']);
    await createKey(other.session, 'Elsewhere', ['leads:read']);

    const res = await list(session, {});
    expect(res.body.nextCursor).toBeNull();
    const newest: AuditEntry = res.body.data[0];
    expect(newest).toEqual({
      id: expect.any(String),
      createdAt: expect.any(String),
      actorType: 'user',
      actorId: owner.id,
      actorLabel: owner.email,
      // The user's name now (the factory names users after their role).
      actorName: 'owner',
      action: 'api_key.create',
      resourceType: 'api_key',
      resourceId: key.id,
      outcome: 'success',
      ip: expect.any(String),
      userAgent: null,
      requestId: expect.any(String),
      changes: { name: 'Shape', scopes: ['leads:read'], expiresAt: null },
      metadata: { prefix: key.secret.slice(0, 15) },
    });
    const times = res.body.data.map((e: AuditEntry) => Date.parse(e.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(res.body.data.map((e: AuditEntry) => e.action)).toContain('auth.login');
    expect(JSON.stringify(res.body.data)).not.toContain('Elsewhere');
    expect(JSON.stringify(res.body.data)).not.toContain(other.owner.id);
  });

  it('filters by action (exact or prefix), actor, resource, outcome and time, and pages with a cursor', async () => {
    const { owner, session } = await workspace();
    const keys: Array<{ id: string; secret: string }> = [];
    for (let i = 0; i < 7; i++) keys.push(await createKey(session, `Key ${i}`, ['leads:read']));
    await t.http.delete(`/api/v1/api-keys/${keys[0].id}`).set(session.auth).expect(204);

    const { entries, pages } = await readAll(session, { action: 'api_key.create', limit: 3 });
    expect(pages).toEqual([3, 3, 1]);
    expect(entries.map((e) => e.resourceId)).toEqual(keys.map((k) => k.id).reverse());

    const prefixed = await readAll(session, { action: 'api_key.*', limit: 3 });
    expect(prefixed.entries).toHaveLength(8);
    expect(prefixed.entries[0].action).toBe('api_key.revoke');
    // `_` in the prefix is a plain character, not a LIKE wildcard.
    expect((await list(session, { action: 'api.key.*' })).body.data).toEqual([]);
    expect((await list(session, { action: 'api_key' })).body.data).toEqual([]);

    const auth = (await list(session, { action: 'auth.*' })).body.data as AuditEntry[];
    expect(auth.length).toBeGreaterThan(0);
    expect(auth.every((e) => e.action.startsWith('auth.'))).toBe(true);

    const byResource = (await list(session, { resourceType: 'api_key', resourceId: keys[0].id })).body.data as AuditEntry[];
    expect(byResource.map((e) => e.action)).toEqual(['api_key.revoke', 'api_key.create']);

    const byActor = (await list(session, { actorId: owner.id, actorType: 'user', limit: 200 })).body.data as AuditEntry[];
    expect(byActor.length).toBeGreaterThanOrEqual(8);
    expect(byActor.every((e) => e.actorId === owner.id)).toBe(true);
    expect((await list(session, { actorType: 'api_key' })).body.data).toEqual([]);
    expect((await list(session, { outcome: 'failure' })).body.data).toEqual([]);
    expect((await list(session, { outcome: 'success', action: 'api_key.revoke' })).body.data).toHaveLength(1);

    const third = entries[2];
    const sinceThird = (await list(session, { action: 'api_key.create', from: third.createdAt })).body.data as AuditEntry[];
    expect(sinceThird.map((e) => e.id)).toEqual(entries.slice(0, 3).map((e) => e.id));
    const beforeThird = (await list(session, { action: 'api_key.create', to: third.createdAt })).body.data as AuditEntry[];
    expect(beforeThird.map((e) => e.id)).toEqual(entries.slice(3).map((e) => e.id));
  });

  it('pages without gaps or repeats through entries written in the same instant', async () => {
    const { owner, session } = await workspace();
    const ctx = { ip: '203.0.113.9', userAgent: 'batch', requestId: 'same-instant' };
    // One transaction: now() is the same for every row, so only the id orders them.
    await t.app.get(TenantDb).run(owner.tenantId, async (m) => {
      for (let i = 0; i < 7; i++) {
        await t.app.get(AuditService).record(m, ctx, { tenantId: owner.tenantId, action: 'test.same_instant', resourceId: String(i), actor: { type: 'system' } });
      }
    });
    const { entries, pages } = await readAll(session, { action: 'test.same_instant', limit: 3 });
    expect(pages).toEqual([3, 3, 1]);
    expect(new Set(entries.map((e) => e.createdAt)).size).toBe(1);
    expect(entries.map((e) => e.id)).toEqual(entries.map((e) => e.id).sort().reverse());
    expect(new Set(entries.map((e) => e.resourceId)).size).toBe(7);
  });

  it('refuses malformed filters and foreign cursors', async () => {
    const { session } = await workspace();
    const bad = async (query: Record<string, string>, code = 'validation_failed') => {
      const res = await t.http.get('/api/v1/audit-logs').query(query).set(session.auth).expect(400);
      expect(res.body.code).toBe(code);
    };
    await bad({ limit: '0' });
    await bad({ limit: '201' });
    await bad({ limit: 'many' });
    await bad({ actorId: 'nobody' });
    await bad({ actorType: 'robot' });
    await bad({ outcome: 'maybe' });
    await bad({ from: 'yesterday' });
    await bad({ action: 'auth.*.login' });
    await bad({ tenantId: '00000000-0000-4000-8000-000000000000' });
    await bad({ cursor: 'bm90IGEgY3Vyc29y' }, 'invalid_cursor');
    await t.http.get('/api/v1/audit-logs').query({ limit: '200' }).set(session.auth).expect(200);
  });

  it('needs audit:read, from staff or an API key', async () => {
    const { owner, session } = await workspace();
    const viewer = await addUser(t.app, owner.tenantId, owner.roleIds.viewer, 'viewer');
    const viewerSession = await signIn(t.http, viewer.email, viewer.password);
    await t.http.get('/api/v1/audit-logs').set(viewerSession.auth).expect(403);
    await t.http.get('/api/v1/audit-logs/export').set(viewerSession.auth).expect(403);
    await t.http.get('/api/v1/audit-logs').expect(401);

    const reader = await createKey(session, 'Reader', ['audit:read']);
    const res = await t.http.get('/api/v1/audit-logs').set('X-API-Key', reader.secret).expect(200);
    expect(res.body.data.length).toBeGreaterThan(0);
  });

  it('exports CSV: stable header, the filtered rows in list order, formulas neutralised, the export audited', async () => {
    const { owner, session } = await workspace();
    const formula = await createKey(session, '=cmd()', ['audit:read']);
    for (let i = 0; i < 3; i++) await createKey(session, `plain, "quoted" ${i}`, ['leads:read']);

    // The key named `=cmd()` exports: its name becomes the actor label of an audit.export entry.
    const byKey = await t.http.get('/api/v1/audit-logs/export').set('X-API-Key', formula.secret).expect(200);
    expect(byKey.headers['content-type']).toMatch(/^text\/csv/);
    expect(byKey.headers['content-disposition']).toBe('attachment; filename="audit-log.csv"');

    const res = await t.http.get('/api/v1/audit-logs/export').query({ action: 'api_key.create' }).set(session.auth).buffer(true).expect(200);
    const text: string = res.text;
    expect(text.split('\r\n')[0]).toBe(CSV_HEADER);
    const rows = csvRows(text);
    expect(rows).toHaveLength(4);
    const listed = (await list(session, { action: 'api_key.create' })).body.data as AuditEntry[];
    expect(rows.map((r) => r.split(',')[0])).toEqual(listed.map((e) => e.id));
    expect(text).toContain(`"{""name"":""plain, \\""quoted\\"" 2""`);

    const all = await t.http.get('/api/v1/audit-logs/export').set(session.auth).buffer(true).expect(200);
    const exportRow = csvRows(all.text).find((r) => r.includes(`,api_key,${formula.id},`) && r.includes(',audit.export,'));
    expect(exportRow).toBeDefined();
    expect(exportRow!.split(',')[4]).toBe("'=cmd()");
    expect(all.text).not.toMatch(/(^|,)=cmd\(\)/m);

    const exports = (await list(session, { action: 'audit.export' })).body.data as AuditEntry[];
    expect(exports).toHaveLength(3);
    expect(exports[1]).toMatchObject({ actorType: 'user', actorId: owner.id, outcome: 'success', metadata: { filter: { action: 'api_key.create' }, rows: 4, completed: true } });
    expect(exports[2]).toMatchObject({ actorType: 'api_key', actorId: formula.id, actorLabel: '=cmd()', metadata: { filter: {}, completed: true } });
    expect(exports[0].metadata).toMatchObject({ filter: {}, rows: csvRows(all.text).length });
  });

  it('exports more rows than one batch, in order and without repeats', async () => {
    const { owner, session } = await workspace();
    // 2,500 entries from one statement share one created_at: batch boundaries fall inside a tie.
    await t.app.get(TenantDb).run(owner.tenantId, (m) =>
      m.query(
        `insert into audit_logs (tenant_id, actor_type, action, outcome, resource_id)
         select $1, 'system', 'test.bulk', 'success', n::text from generate_series(1, 2500) n`,
        [owner.tenantId],
      ),
    );
    const res = await t.http.get('/api/v1/audit-logs/export').query({ action: 'test.*' }).set(session.auth).buffer(true).expect(200);
    const rows = csvRows(res.text);
    expect(rows).toHaveLength(2500);
    const ids = rows.map((r) => r.split(',')[0]);
    expect(new Set(ids).size).toBe(2500);
    expect(ids).toEqual([...ids].sort().reverse());
    const exports = (await list(session, { action: 'audit.export' })).body.data as AuditEntry[];
    expect(exports[0].metadata).toMatchObject({ filter: { action: 'test.*' }, rows: 2500 });
  });

  it('stops reading when the client goes away, and records the interrupted export', async () => {
    const { owner, session } = await workspace();
    const total = 50_000;
    await t.app.get(TenantDb).run(owner.tenantId, (m) =>
      m.query(
        `insert into audit_logs (tenant_id, actor_type, action, outcome, resource_id, user_agent)
         select $1, 'system', 'test.many', 'success', n::text, repeat('x', 200) from generate_series(1, $2::int) n`,
        [owner.tenantId, total],
      ),
    );
    // Read one chunk, then hang up.
    await t.http
      .get('/api/v1/audit-logs/export')
      .set(session.auth)
      .buffer(true)
      .parse((res, done) => {
        // Under Node the parser receives the raw response stream.
        const stream = res as unknown as IncomingMessage;
        stream.once('data', () => {
          stream.destroy();
          done(null, null);
        });
      })
      .catch(() => undefined);

    let entry: AuditEntry | undefined;
    for (let i = 0; i < 50 && !entry; i++) {
      entry = ((await list(session, { action: 'audit.export' })).body.data as AuditEntry[])[0];
      if (!entry) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(entry).toMatchObject({ outcome: 'failure', metadata: { completed: false } });
    // Backpressure: the reads stopped near where the client did, far from the end.
    expect(entry!.metadata!.rows).toBeLessThan(total / 2);
  });

  it('is append-only for the application: no update, no delete, only purge_audit_logs()', async () => {
    const { owner, session } = await workspace();
    await createKey(session, 'Evidence', ['leads:read']);
    const db = t.app.get(TenantDb);
    const count = async () => Number((await db.run(owner.tenantId, (m) => m.query(`select count(*) as n from audit_logs`)))[0].n);
    expect(await count()).toBeGreaterThan(0);

    await expect(db.run(owner.tenantId, (m) => m.query(`update audit_logs set action = 'forged'`))).rejects.toThrow(/permission denied|append-only/);
    await expect(db.run(owner.tenantId, (m) => m.query(`delete from audit_logs`))).rejects.toThrow(/permission denied|append-only/);
    await expect(db.run(owner.tenantId, (m) => m.query(`truncate audit_logs`))).rejects.toThrow(/permission denied|append-only/);
    expect(await count()).toBeGreaterThan(0);

    const [{ purged }] = await db.run(owner.tenantId, (m) => m.query(`select purge_audit_logs(now() + interval '1 day') as purged`));
    expect(Number(purged)).toBeGreaterThan(0);
    expect(await count()).toBe(0);
  });
});
