import { Client } from 'pg';
import { COMPACTION_LOCK_PREFIX } from '../src/modules/leads/stats/lead-stats.repository';
import { LeadStatsService } from '../src/modules/leads/stats/lead-stats.service';
import { addUser, createTenantWithUser, signIn, uniqueEmail, type TestUser } from './support/factories';
import { createApiKey } from './support/identity';
import { tenantSql } from './support/tenant-sql';
import { createTestApp, type TestApp } from './support/test-app';

const BY_ASSIGNEE = '/api/v1/leads/stats/by-assignee';

interface RepRow {
  assigneeId: string;
  name: string | null;
  assigned: number;
  contacted: number;
  medianSecondsToFirstContact: number | null;
  slaBreaches: number;
  conversions: number;
  conversionRate: number | null;
}

interface ByAssignee {
  from: string;
  to: string;
  rows: RepRow[];
}

interface LeadRow {
  createdAt: Date;
  assigneeId: string | null;
  status?: string;
  contactedAfter?: number;
  // Seconds after creation; negative for a lead that was due before it was created (never, but harmless).
  respondWithin?: number;
}

const HOUR = 3_600_000;

describe('per-rep stats API', () => {
  let t: TestApp;
  let admin: Client;
  let owner: TestUser;
  let ownerAuth: Record<string, string>;
  let reps: Array<TestUser & { roleId: string }>;

  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_DEFAULT: '100000', RATE_LIMIT_LOGIN: '1000' } });
    admin = new Client({ connectionString: t.db.url });
    await admin.connect();
    owner = await createTenantWithUser(t.app, 'owner', 'Reps A');
    ownerAuth = (await signIn(t.http, owner.email, owner.password)).auth;
    reps = [
      await addUser(t.app, owner.tenantId, owner.roleIds.agent, 'ada'),
      await addUser(t.app, owner.tenantId, owner.roleIds.agent, 'bo'),
      await addUser(t.app, owner.tenantId, owner.roleIds.manager, 'cy'),
    ];
  });

  afterAll(async () => {
    await admin.end();
    await t.close();
  });

  async function insertLeads(tenantId: string, rows: LeadRow[]): Promise<string[]> {
    const inserted = await tenantSql<{ id: string }>(
      t.app,
      tenantId,
      `INSERT INTO leads (tenant_id, email, source, status, assignee_id, created_at, first_contacted_at, respond_by)
       SELECT $1, r.email, 'sql', r.status, r.assignee_id, r.created_at, r.created_at + make_interval(secs => r.after), r.created_at + make_interval(secs => r.within)
       FROM unnest($2::text[], $3::text[], $4::uuid[], $5::timestamptz[], $6::float8[], $7::float8[]) AS r(email, status, assignee_id, created_at, after, within)
       RETURNING id`,
      [
        tenantId,
        rows.map(() => uniqueEmail('rep')),
        rows.map((r) => r.status ?? (r.contactedAfter === undefined ? 'unread' : 'contacted')),
        rows.map((r) => r.assigneeId),
        rows.map((r) => r.createdAt.toISOString()),
        rows.map((r) => r.contactedAfter ?? null),
        rows.map((r) => r.respondWithin ?? 3_600),
      ],
    );
    return inserted.map((r) => r.id);
  }

  async function byAssignee(auth: Record<string, string>, query: Record<string, string> = {}): Promise<ByAssignee> {
    const res = await t.http.get(BY_ASSIGNEE).query(query).set(auth).expect(200);
    return res.body as ByAssignee;
  }

  // The same figures the slow way, from the leads table alone.
  async function expected(tenantId: string, from: string, to: string): Promise<RepRow[]> {
    const { rows } = await admin.query<{
      id: string;
      name: string;
      assigned: string;
      contacted: string;
      median: number | null;
      breaches: string;
      conversions: string;
    }>(
      `SELECT l.assignee_id::text AS id, u.name, count(*) AS assigned, count(l.first_contacted_at) AS contacted,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM l.first_contacted_at - l.created_at)) AS median,
              count(*) FILTER (WHERE l.first_contacted_at > l.respond_by
                                  OR (l.first_contacted_at IS NULL AND l.status IN ('unread', 'processing') AND l.respond_by < now())) AS breaches,
              count(*) FILTER (WHERE l.status = 'converted') AS conversions
       FROM leads l JOIN users u ON u.id = l.assignee_id
       WHERE l.tenant_id = $1 AND l.created_at >= $2 AND l.created_at < $3 AND l.deleted_at IS NULL
       GROUP BY 1, 2`,
      [tenantId, from, to],
    );
    return rows.map((r) => ({
      assigneeId: r.id,
      name: r.name,
      assigned: Number(r.assigned),
      contacted: Number(r.contacted),
      medianSecondsToFirstContact: r.median === null ? null : Math.round(Number(r.median)),
      slaBreaches: Number(r.breaches),
      conversions: Number(r.conversions),
      conversionRate: Number(r.conversions) / Number(r.assigned),
    }));
  }

  const sorted = (rows: RepRow[]) => [...rows].sort((a, b) => a.assigneeId.localeCompare(b.assigneeId));

  async function expectExact(tenantId: string, auth: Record<string, string>, query: Record<string, string> = {}): Promise<ByAssignee> {
    const got = await byAssignee(auth, query);
    expect(sorted(got.rows)).toEqual(sorted(await expected(tenantId, got.from, got.to)));
    // Most leads first.
    expect(got.rows.map((r) => r.assigned)).toEqual([...got.rows.map((r) => r.assigned)].sort((a, b) => b - a));
    return got;
  }

  describe('exactness', () => {
    let lock: Client;
    let built: string[];

    beforeAll(async () => {
      // Leads over the last four days, with some in partial days at both ends of the periods asked.
      const [ada, bo, cy] = reps.map((r) => r.id);
      const now = Date.now();
      const at = (hoursAgo: number) => new Date(now - hoursAgo * HOUR);
      built = await insertLeads(owner.tenantId, [
        // Ada: three contacted (one late), one converted, one waiting past respond-by, one not yet due.
        { createdAt: at(1), assigneeId: ada, contactedAfter: 120 },
        { createdAt: at(5), assigneeId: ada, contactedAfter: 600 },
        { createdAt: at(30), assigneeId: ada, contactedAfter: 7_200, respondWithin: 3_600 },
        { createdAt: at(40), assigneeId: ada, status: 'converted', contactedAfter: 300 },
        { createdAt: at(50), assigneeId: ada, respondWithin: 3_600 },
        { createdAt: at(0.1), assigneeId: ada, respondWithin: 3_600 },
        // Bo: two, one of them processing and overdue, one qualified and contacted in time.
        { createdAt: at(20), assigneeId: bo, status: 'processing', respondWithin: 60 },
        { createdAt: at(70), assigneeId: bo, status: 'qualified', contactedAfter: 45 },
        // Cy: one archived lead that was never contacted (archived leads do not wait).
        { createdAt: at(10), assigneeId: cy, status: 'archived', respondWithin: 60 },
        // Unassigned: no row.
        { createdAt: at(3), assigneeId: null },
        // Outside a 3-day period.
        { createdAt: at(100), assigneeId: bo, contactedAfter: 10 },
      ]);
      // Compacted first, then more changes left pending behind the tenant's compaction lock.
      await t.app.get(LeadStatsService).compact(owner.tenantId);
      lock = new Client({ connectionString: t.db.url });
      await lock.connect();
      await lock.query(`SELECT pg_advisory_lock(hashtextextended($1::text || $2::text, 0))`, [COMPACTION_LOCK_PREFIX, owner.tenantId]);
    });

    afterAll(async () => {
      await lock.end();
    });

    it('matches a direct count over whole and partial days, compacted or pending', async () => {
      const ada = reps[0].id;
      const got = await expectExact(owner.tenantId, ownerAuth, { from: new Date(Date.now() - 72 * HOUR).toISOString() });
      const mine = got.rows.find((r) => r.assigneeId === ada)!;
      expect(mine).toMatchObject({ name: 'ada', assigned: 6, contacted: 4, conversions: 1, slaBreaches: 2, conversionRate: 1 / 6 });
      // 120, 300, 600, 7200 seconds: the exact median is the mean of the middle two.
      expect(mine.medianSecondsToFirstContact).toBe(450);
      expect(got.rows.map((r) => r.name)).toEqual(['ada', 'bo', 'cy']);
      expect(got.rows.find((r) => r.name === 'cy')).toMatchObject({ assigned: 1, contacted: 0, slaBreaches: 0, medianSecondsToFirstContact: null, conversionRate: 0 });

      // Pending changes: a reassignment, a contact, a conversion and the trash.
      await tenantSql(t.app, owner.tenantId, `UPDATE leads SET assignee_id = $2 WHERE id = $1`, [built[4], reps[1].id]);
      await tenantSql(t.app, owner.tenantId, `UPDATE leads SET first_contacted_at = created_at + interval '90 seconds', status = 'contacted' WHERE id = $1`, [built[6]]);
      await tenantSql(t.app, owner.tenantId, `UPDATE leads SET status = 'converted' WHERE id = $1`, [built[7]]);
      await tenantSql(t.app, owner.tenantId, `UPDATE leads SET deleted_at = now() WHERE id = $1`, [built[0]]);
      const { rows } = await admin.query(`SELECT 1 FROM lead_stats_deltas WHERE tenant_id = $1 AND dimension LIKE 'rep:%'`, [owner.tenantId]);
      expect(rows.length).toBeGreaterThan(0);
      const queries: Array<Record<string, string>> = [
        {},
        { from: new Date(Date.now() - 72 * HOUR).toISOString() },
        { from: new Date(Date.now() - 45.5 * HOUR).toISOString(), to: new Date(Date.now() - 2.25 * HOUR).toISOString() },
        { from: new Date(Date.now() - 26 * HOUR).toISOString(), to: new Date(Date.now() - 22 * HOUR).toISOString() },
      ];
      for (const query of queries) {
        await expectExact(owner.tenantId, ownerAuth, query);
      }
      const after = await byAssignee(ownerAuth, { from: new Date(Date.now() - 72 * HOUR).toISOString() });
      expect(after.rows.find((r) => r.assigneeId === reps[1].id)).toMatchObject({ assigned: 3, conversions: 1 });
    });

    it('shows managers every rep and others their own row only', async () => {
      const from = new Date(Date.now() - 72 * HOUR).toISOString();
      const agent = (await signIn(t.http, reps[0].email, reps[0].password)).auth;
      const own = await byAssignee(agent, { from });
      expect(own.rows.map((r) => r.assigneeId)).toEqual([reps[0].id]);
      const manager = (await signIn(t.http, reps[2].email, reps[2].password)).auth;
      expect((await byAssignee(manager, { from })).rows).toHaveLength(3);
      const viewer = await addUser(t.app, owner.tenantId, owner.roleIds.viewer, 'viewer');
      expect((await byAssignee((await signIn(t.http, viewer.email, viewer.password)).auth, { from })).rows).toEqual([]);
      // An API key is nobody's rep: all rows with leads:assign, none without.
      const readKey = await createApiKey(t.app, owner.tenantId, ['leads:read']);
      expect((await byAssignee({ 'X-API-Key': readKey }, { from })).rows).toEqual([]);
      const assignKey = await createApiKey(t.app, owner.tenantId, ['leads:read', 'leads:assign']);
      expect((await byAssignee({ 'X-API-Key': assignKey }, { from })).rows).toHaveLength(3);
      await t.http.get(BY_ASSIGNEE).set({ 'X-API-Key': await createApiKey(t.app, owner.tenantId, ['leads:write']) }).expect(403);
      const anonymous = await t.http.get(BY_ASSIGNEE).expect(401);
      expect(anonymous.headers['content-type']).toMatch(/application\/problem\+json/);
    });
  });

  it('shows a tenant none of another tenant’s reps', async () => {
    const other = await createTenantWithUser(t.app, 'owner', 'Reps B');
    const auth = (await signIn(t.http, other.email, other.password)).auth;
    expect((await byAssignee(auth)).rows).toEqual([]);
    await insertLeads(other.tenantId, [{ createdAt: new Date(Date.now() - HOUR), assigneeId: other.id, contactedAfter: 30 }]);
    const got = await expectExact(other.tenantId, auth);
    expect(got.rows.map((r) => r.assigneeId)).toEqual([other.id]);
    const ofA = await byAssignee(ownerAuth);
    expect(ofA.rows.some((r) => r.assigneeId === other.id)).toBe(false);
  });

  it('refuses a period that is empty, reversed, too long or not ISO 8601', async () => {
    for (const query of [
      { from: '2025-01-02T00:00:00Z', to: '2025-01-01T00:00:00Z' },
      { from: '2025-01-01T00:00:00Z', to: '2025-01-01T00:00:00Z' },
      { from: '2023-01-01T00:00:00Z', to: '2025-01-01T00:00:00Z' },
      { from: 'yesterday' },
    ]) {
      const res = await t.http.get(BY_ASSIGNEE).query(query).set(ownerAuth).expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.errors[0].field).toBe('from');
    }
  });
});
