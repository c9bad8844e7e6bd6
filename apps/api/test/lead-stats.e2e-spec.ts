import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { LeadStats1795313998567 } from '../src/database/migrations/1795313998567-LeadStats';
import { RepStats1796875000000 } from '../src/database/migrations/1796875000000-RepStats';
import { tickJobId } from '../src/modules/jobs/periodic-job';
import { JobsService } from '../src/modules/jobs/jobs.service';
import { LEAD_STATS_COMPACTION_INTERVAL_MS, LEAD_STATS_COMPACTION_JOB, LeadStatsCompactionJob } from '../src/modules/leads/stats/lead-stats-compaction.job';
import { COMPACTION_LOCK_PREFIX } from '../src/modules/leads/stats/lead-stats.repository';
import { LeadStatsService } from '../src/modules/leads/stats/lead-stats.service';
import { addUser, createTenantWithUser, signIn, uniqueEmail, type SignedIn, type TestUser } from './support/factories';
import { createApiKey } from './support/identity';
import { tenantSql } from './support/tenant-sql';
import { createTestApp, type TestApp } from './support/test-app';

const STATS = '/api/v1/leads/stats';

type Counts = Record<string, number>;

interface Stats {
  from: string;
  to: string;
  total: number;
  byStatus: Counts;
  byPriority: Counts;
  bySource: Counts;
  byType: Counts;
  velocity: { last24h: number; previous24h: number; last7d: number; previous7d: number };
  conversionRate: number | null;
  contactedRate: number | null;
  timeToFirstContact: { medianSeconds: number | null; p90Seconds: number | null; sampleSize: number };
  openSlaBreaches: number;
  series: Array<{ day: string; bySource: Counts; total: number }>;
}

const nonZero = (counts: Counts) => Object.fromEntries(Object.entries(counts).filter(([, n]) => n !== 0));

describe('lead stats API', () => {
  let t: TestApp;
  let admin: Client;
  let owner: TestUser;
  let session: SignedIn;

  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_DEFAULT: '100000', RATE_LIMIT_API_KEY: '100000', RATE_LIMIT_LOGIN: '1000' } });
    admin = new Client({ connectionString: t.db.url });
    await admin.connect();
    owner = await createTenantWithUser(t.app, 'owner', 'Stats A');
    session = await signIn(t.http, owner.email, owner.password);
  });

  afterAll(async () => {
    await admin.end();
    await t.close();
  });

  const sql = <T = Record<string, unknown>>(tenantId: string, query: string, params: unknown[] = []) => tenantSql<T>(t.app, tenantId, query, params);

  async function stats(auth: Record<string, string>, query: Record<string, string> = {}): Promise<Stats> {
    const res = await t.http.get(STATS).query(query).set(auth).expect(200);
    return res.body as Stats;
  }

  // `count` leads of the tenant created at the given instants, straight into the table (the app role, so
  // row-level security and the triggers apply as they do for the app).
  async function insertLeads(tenantId: string, rows: Array<{ createdAt: string; source?: string; status?: string; priority?: string; type?: string; contactedAfter?: number }>): Promise<string[]> {
    const inserted = await sql<{ id: string }>(
      tenantId,
      `INSERT INTO leads (tenant_id, email, source, status, priority, type, created_at, first_contacted_at)
       SELECT $1, r.email, r.source, r.status, r.priority, r.type, r.created_at, r.created_at + make_interval(secs => r.after)
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::float8[])
            AS r(email, source, status, priority, type, created_at, after)
       RETURNING id`,
      [
        tenantId,
        rows.map(() => uniqueEmail('stats')),
        rows.map((r) => r.source ?? 'sql'),
        rows.map((r) => r.status ?? 'unread'),
        rows.map((r) => r.priority ?? 'medium'),
        rows.map((r) => r.type ?? 'contact'),
        rows.map((r) => r.createdAt),
        rows.map((r) => r.contactedAfter ?? null),
      ],
    );
    return inserted.map((r) => r.id);
  }

  // The same figures computed the slow way, from the leads table alone.
  async function expected(tenantId: string, from: string, to: string) {
    const where = `tenant_id = $1 AND created_at >= $2 AND created_at < $3 AND deleted_at IS NULL`;
    const group = async (column: string) => {
      const { rows } = await admin.query<{ key: string; n: string }>(`SELECT ${column} AS key, count(*) AS n FROM leads WHERE ${where} GROUP BY 1`, [tenantId, from, to]);
      return Object.fromEntries(rows.map((r) => [r.key, Number(r.n)]));
    };
    const { rows: series } = await admin.query<{ day: string; source: string; n: string }>(
      `SELECT (created_at AT TIME ZONE 'UTC')::date::text AS day, source, count(*) AS n FROM leads WHERE ${where} GROUP BY 1, 2`,
      [tenantId, from, to],
    );
    const { rows: durations } = await admin.query<{ secs: number }>(
      `SELECT extract(epoch FROM first_contacted_at - created_at)::float8 AS secs FROM leads WHERE ${where} AND first_contacted_at IS NOT NULL ORDER BY 1`,
      [tenantId, from, to],
    );
    const byStatus = await group('status');
    const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
    const seriesByDay = new Map<string, { bySource: Counts; total: number }>();
    for (const r of series) {
      const day = seriesByDay.get(r.day) ?? { bySource: {}, total: 0 };
      day.bySource[r.source] = Number(r.n);
      day.total += Number(r.n);
      seriesByDay.set(r.day, day);
    }
    const nearestRank = (p: number) => (durations.length ? durations[Math.ceil(p * durations.length) - 1].secs : null);
    return {
      total,
      byStatus,
      byPriority: await group('priority'),
      bySource: await group('source'),
      byType: await group('type'),
      contacted: durations.length,
      converted: byStatus.converted ?? 0,
      series: seriesByDay,
      median: nearestRank(0.5),
      p90: nearestRank(0.9),
    };
  }

  async function expectExact(tenantId: string, auth: Record<string, string>, query: Record<string, string> = {}): Promise<Stats> {
    const got = await stats(auth, query);
    const want = await expected(tenantId, got.from, got.to);
    expect(got.total).toBe(want.total);
    expect(nonZero(got.byStatus)).toEqual(want.byStatus);
    expect(nonZero(got.byPriority)).toEqual(want.byPriority);
    expect(nonZero(got.bySource)).toEqual(want.bySource);
    expect(nonZero(got.byType)).toEqual(want.byType);
    expect(got.conversionRate).toBe(want.total ? want.converted / want.total : null);
    expect(got.contactedRate).toBe(want.total ? want.contacted / want.total : null);
    expect(got.timeToFirstContact.sampleSize).toBe(want.contacted);
    for (const [approx, exact] of [
      [got.timeToFirstContact.medianSeconds, want.median],
      [got.timeToFirstContact.p90Seconds, want.p90],
    ]) {
      if (exact === null) expect(approx).toBeNull();
      else expect(Math.abs(approx! - exact) / Math.max(exact, 1)).toBeLessThanOrEqual(0.05);
    }
    // The series has every day of the period, in order; days without leads are zero.
    const days = got.series.map((d) => d.day);
    expect(days[0]).toBe(got.from.slice(0, 10));
    expect(days).toEqual([...days].sort());
    expect(new Set(days).size).toBe(days.length);
    for (const day of got.series) {
      const want_ = want.series.get(day.day) ?? { bySource: {}, total: 0 };
      expect({ day: day.day, bySource: nonZero(day.bySource), total: day.total }).toEqual({ day: day.day, ...want_ });
    }
    expect([...want.series.keys()].every((d) => days.includes(d))).toBe(true);
    return got;
  }

  async function pendingDeltas(tenantId: string): Promise<number> {
    const { rows } = await admin.query<{ n: string }>(`SELECT count(*) AS n FROM lead_stats_deltas WHERE tenant_id = $1`, [tenantId]);
    return Number(rows[0].n);
  }

  async function expectVelocity(tenantId: string, got: Stats): Promise<void> {
    const { rows } = await admin.query<Record<string, string>>(
      `SELECT count(*) FILTER (WHERE created_at >= $2::timestamptz - interval '24 hours' AND created_at < $2) AS last24h,
              count(*) FILTER (WHERE created_at >= $2::timestamptz - interval '48 hours' AND created_at < $2::timestamptz - interval '24 hours') AS previous24h,
              count(*) FILTER (WHERE created_at >= $2::timestamptz - interval '168 hours' AND created_at < $2) AS last7d,
              count(*) FILTER (WHERE created_at >= $2::timestamptz - interval '336 hours' AND created_at < $2::timestamptz - interval '168 hours') AS previous7d
       FROM leads WHERE tenant_id = $1 AND deleted_at IS NULL`,
      [tenantId, got.to],
    );
    const want = Object.fromEntries(Object.entries(rows[0]).map(([k, v]) => [k, Number(v)]));
    expect(got.velocity).toEqual(want);
  }

  describe('exactness', () => {
    let lock: Client;

    beforeAll(async () => {
      // Holding the tenant's compaction lock keeps its deltas pending (the periodic job skips it) until released.
      lock = new Client({ connectionString: t.db.url });
      await lock.connect();
      await lock.query(`SELECT pg_advisory_lock(hashtextextended($1::text || $2::text, 0))`, [COMPACTION_LOCK_PREFIX, owner.tenantId]);
    });

    afterAll(async () => {
      await lock.end();
    });

    it('matches a direct count after API ingest, SQL updates and the trash, before any compaction', async () => {
      const hours = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
      for (const source of ['web', 'web', 'ads']) await t.http.post('/api/v1/leads').set(session.auth).send({ email: uniqueEmail('one'), source }).expect(201);
      const bulk = Array.from({ length: 40 }, (_, i) => ({
        email: uniqueEmail('bulk'),
        source: ['web', 'ads', 'partner'][i % 3],
        priority: ['low', 'medium', 'high', 'urgent'][i % 4],
        type: i % 5 === 0 ? 'collaboration' : 'contact',
      }));
      const res = await t.http.post('/api/v1/leads/bulk').set(session.auth).send({ leads: bulk }).expect(200);
      expect(res.body.created).toBe(40);
      // A resubmission merges (an UPDATE that changes nothing counted).
      await t.http.post('/api/v1/leads').set(session.auth).send({ email: bulk[0].email, message: 'again' }).expect(200);
      // Older leads for the velocity windows and the 30-day period.
      await insertLeads(
        owner.tenantId,
        [1, 5, 23, 25, 30, 47, 49, 70, 100, 160, 167, 169, 200, 300, 330, 338, 500, 700, 719, 721, 800].map((h, i) => ({
          createdAt: hours(h),
          source: i % 2 ? 'sql' : 'referral',
          contactedAfter: i % 3 === 0 ? 60 * (i + 1) ** 2 : undefined,
        })),
      );

      const ids = (await sql<{ id: string }>(owner.tenantId, `SELECT id FROM leads ORDER BY created_at, id`)).map((r) => r.id);
      await sql(owner.tenantId, `UPDATE leads SET status = 'processing' WHERE id = ANY($1)`, [ids.slice(0, 20)]);
      await sql(owner.tenantId, `UPDATE leads SET status = 'converted', priority = 'high' WHERE id = ANY($1)`, [ids.slice(0, 6)]);
      await sql(owner.tenantId, `UPDATE leads SET first_contacted_at = created_at + interval '90 minutes' WHERE id = ANY($1) AND first_contacted_at IS NULL`, [ids.slice(3, 15)]);
      await sql(owner.tenantId, `UPDATE leads SET source = 'moved', tags = '{x}' WHERE id = ANY($1)`, [ids.slice(30, 33)]);
      await sql(owner.tenantId, `UPDATE leads SET deleted_at = now() WHERE id = ANY($1)`, [ids.slice(10, 16)]);
      await sql(owner.tenantId, `UPDATE leads SET deleted_at = NULL WHERE id = $1`, [ids[12]]);
      await sql(owner.tenantId, `DELETE FROM leads WHERE id = ANY($1)`, [ids.slice(40, 43)]);
      // An update that changes nothing counted leaves no delta.
      const before = await pendingDeltas(owner.tenantId);
      await sql(owner.tenantId, `UPDATE leads SET tags = '{y}'`);
      expect(await pendingDeltas(owner.tenantId)).toBe(before);

      expect(await pendingDeltas(owner.tenantId)).toBeGreaterThan(0);
      const { rows: compacted } = await admin.query(`SELECT 1 FROM lead_stats_daily WHERE tenant_id = $1`, [owner.tenantId]);
      expect(compacted).toHaveLength(0);

      const got = await expectExact(owner.tenantId, session.auth);
      expect(got.total).toBeGreaterThan(40);
      expect(got.byStatus.converted).toBeGreaterThan(0);
      expect(got.timeToFirstContact.sampleSize).toBeGreaterThan(5);
      expect(new Date(got.to).getTime() - new Date(got.from).getTime()).toBe(30 * 86_400_000);
      expect(got.series).toHaveLength(31);
      await expectVelocity(owner.tenantId, got);
      expect(got.velocity.last24h).toBeGreaterThan(40);
      expect(got.velocity.previous7d).toBeGreaterThan(0);
    });

    it('stays exact across a compaction and with new deltas on top of the rollup', async () => {
      await lock.query(`SELECT pg_advisory_unlock(hashtextextended($1::text || $2::text, 0))`, [COMPACTION_LOCK_PREFIX, owner.tenantId]);
      expect(await t.app.get(LeadStatsService).compact(owner.tenantId)).toBe(true);
      expect(await pendingDeltas(owner.tenantId)).toBe(0);
      const got = await expectExact(owner.tenantId, session.auth);
      await expectVelocity(owner.tenantId, got);

      const ids = (await sql<{ id: string }>(owner.tenantId, `SELECT id FROM leads WHERE deleted_at IS NULL ORDER BY created_at DESC, id LIMIT 10`)).map((r) => r.id);
      await sql(owner.tenantId, `UPDATE leads SET status = 'archived' WHERE id = ANY($1)`, [ids.slice(0, 4)]);
      await sql(owner.tenantId, `UPDATE leads SET deleted_at = now() WHERE id = ANY($1)`, [ids.slice(4, 6)]);
      // Moving a lead to another day moves its counts.
      await sql(owner.tenantId, `UPDATE leads SET created_at = created_at - interval '3 days' WHERE id = $1`, [ids[7]]);
      await t.http.post('/api/v1/leads/bulk').set(session.auth).send({ leads: [{ email: uniqueEmail('late'), source: 'late' }] }).expect(200);
      expect(await pendingDeltas(owner.tenantId)).toBeGreaterThan(0);
      await expectVelocity(owner.tenantId, await expectExact(owner.tenantId, session.auth));
    });

    it('is exact for periods whose ends fall inside a day', async () => {
      const edges = [
        '2025-06-01T05:29:59.999Z',
        '2025-06-01T05:30:00.000Z',
        '2025-06-01T12:00:00.000Z',
        '2025-06-01T23:59:59.999Z',
        '2025-06-02T00:00:00.000Z',
        '2025-06-02T10:00:00.000Z',
        '2025-06-02T10:30:00.000Z',
        '2025-06-02T10:59:59.999Z',
        '2025-06-02T11:00:00.000Z',
        '2025-06-03T15:00:00.000Z',
        '2025-06-04T18:14:59.999Z',
        '2025-06-04T18:15:00.000Z',
        '2025-06-04T23:00:00.000Z',
      ];
      const rows = edges.flatMap((createdAt, i) => [
        { createdAt, source: 'edge', priority: 'urgent', status: i % 2 ? 'converted' : 'unread', contactedAfter: 100 * (i + 1) },
        { createdAt, source: 'edge2', type: 'custom' },
      ]);
      const ids = await insertLeads(owner.tenantId, rows);
      await sql(owner.tenantId, `UPDATE leads SET deleted_at = now() WHERE id = $1`, [ids[5]]);

      // Early and late ends (both ways of handling a partial day), one day, an hour, and whole days.
      for (const [from, to] of [
        ['2025-06-01T05:30:00.000Z', '2025-06-04T18:15:00.000Z'],
        ['2025-06-01T20:00:00.000Z', '2025-06-04T03:00:00.000Z'],
        ['2025-06-02T10:00:00.000Z', '2025-06-02T11:00:00.000Z'],
        ['2025-06-01T00:00:00.000Z', '2025-06-05T00:00:00.000Z'],
      ]) {
        const got = await expectExact(owner.tenantId, session.auth, { from, to });
        expect(got.total).toBeGreaterThan(0);
        expect(got.from).toBe(from);
        expect(got.to).toBe(to);
      }
      const hour = await stats(session.auth, { from: '2025-06-02T10:00:00.000Z', to: '2025-06-02T11:00:00.000Z' });
      expect(hour.bySource).toEqual({ edge: 3, edge2: 3 });
      expect(hour.series).toEqual([{ day: '2025-06-02', bySource: { edge: 3, edge2: 3 }, total: 6 }]);
      await t.app.get(LeadStatsService).compact(owner.tenantId);
      await expectExact(owner.tenantId, session.auth, { from: '2025-06-01T05:30:00.000Z', to: '2025-06-04T18:15:00.000Z' });
    });

    it('counts the leads of a CSV import (the COPY-based merge)', async () => {
      const { user, auth } = await (async () => {
        const u = await createTenantWithUser(t.app, 'owner', 'Stats import');
        return { user: u, auth: (await signIn(t.http, u.email, u.password)).auth };
      })();
      const csv = ['email,name,source', ...Array.from({ length: 25 }, (_, i) => `${uniqueEmail('csv')},Person ${i},${i % 2 ? 'fair' : 'list'}`)].join('\n');
      const started = await t.http.post('/api/v1/leads/imports').set(auth).set('Content-Type', 'text/csv').send(Buffer.from(csv)).expect(202);
      const deadline = Date.now() + 30_000;
      for (;;) {
        const res = await t.http.get(`/api/v1/leads/imports/${started.body.id}`).set(auth).expect(200);
        if (res.body.status === 'completed') break;
        if (res.body.status === 'failed' || Date.now() > deadline) throw new Error(`import did not complete: ${JSON.stringify(res.body)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      const got = await expectExact(user.tenantId, auth);
      expect(got.total).toBe(25);
    });
  });

  it('a stats read with many deltas pending answers exact numbers and leaves the folding to the job', async () => {
    const tenant = await createTenantWithUser(t.app, 'owner', 'Stats many');
    const auth = (await signIn(t.http, tenant.email, tenant.password)).auth;
    // One lead per day over two years: four deltas each (status, priority, source, type).
    const rows = Array.from({ length: 700 }, (_, i) => ({ createdAt: new Date(Date.UTC(2020, 0, 1) + i * 86_400_000 + 3_600_000).toISOString() }));
    await insertLeads(tenant.tenantId, rows);
    const pending = await pendingDeltas(tenant.tenantId);
    expect(pending).toBeGreaterThan(2_000);
    const got = await expectExact(tenant.tenantId, auth, { from: '2020-03-01T12:00:00Z', to: '2020-09-01T00:00:00Z' });
    expect(got.total).toBe(183);
    // The read wrote nothing (the job may have folded some meanwhile, never added any).
    expect(await pendingDeltas(tenant.tenantId)).toBeLessThanOrEqual(pending);
    await t.app.get(LeadStatsCompactionJob).run();
    expect(await pendingDeltas(tenant.tenantId)).toBe(0);
    expect((await expectExact(tenant.tenantId, auth, { from: '2020-03-01T12:00:00Z', to: '2020-09-01T00:00:00Z' })).total).toBe(183);
  });

  it('the periodic job compacts every tenant with pending deltas', async () => {
    const a = await createTenantWithUser(t.app, 'owner', 'Stats job A');
    const b = await createTenantWithUser(t.app, 'owner', 'Stats job B');
    await insertLeads(a.tenantId, [{ createdAt: '2024-01-01T10:00:00Z' }]);
    await insertLeads(b.tenantId, [{ createdAt: '2024-01-02T10:00:00Z' }, { createdAt: '2024-01-02T11:00:00Z', contactedAfter: 30 }]);
    await t.app.get(LeadStatsCompactionJob).run();
    expect(await pendingDeltas(a.tenantId)).toBe(0);
    expect(await pendingDeltas(b.tenantId)).toBe(0);
    const { rows } = await admin.query<{ tenant_id: string; dimension: string; value: string; count: string }>(
      `SELECT tenant_id, dimension, value, count FROM lead_stats_daily WHERE tenant_id = ANY($1) AND dimension IN ('status', 'contacted') ORDER BY tenant_id = $2 DESC, dimension`,
      [[a.tenantId, b.tenantId], a.tenantId],
    );
    expect(rows.map((r) => [r.tenant_id, r.dimension, r.value, r.count])).toEqual([
      [a.tenantId, 'status', 'unread', '1'],
      [b.tenantId, 'contacted', 'yes', '1'],
      [b.tenantId, 'status', 'unread', '2'],
    ]);
  });

  it('enqueues one compaction job per tick however many replicas ask', async () => {
    const jobs = t.app.get(JobsService);
    const tick = (at: number) => jobs.enqueueTick(LEAD_STATS_COMPACTION_JOB, LEAD_STATS_COMPACTION_INTERVAL_MS, at);
    // Ticks of their own, so the app's own timer cannot add to them.
    const minute = Date.UTC(2021, 0, 1, 12, 0);
    const ids = [minute, minute + LEAD_STATS_COMPACTION_INTERVAL_MS].map((at) => tickJobId(LEAD_STATS_COMPACTION_JOB, LEAD_STATS_COMPACTION_INTERVAL_MS, at));
    const count = async () => Number((await admin.query<{ n: string }>(`SELECT count(*) AS n FROM pgboss.job WHERE name = 'lead-stats.compact' AND id = ANY($1)`, [ids])).rows[0].n);
    // Two replicas in the same interval, then the next one.
    await tick(minute + 1_000);
    await tick(minute + LEAD_STATS_COMPACTION_INTERVAL_MS - 1_000);
    expect(await count()).toBe(1);
    await tick(minute + LEAD_STATS_COMPACTION_INTERVAL_MS);
    expect(await count()).toBe(2);
  });

  it('counts open SLA breaches: past respond-by, not contacted, unread or processing, not in the trash', async () => {
    const tenant = await createTenantWithUser(t.app, 'owner', 'Stats SLA');
    const auth = (await signIn(t.http, tenant.email, tenant.password)).auth;
    const past = new Date(Date.now() - 3_600_000).toISOString();
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const ids = await insertLeads(tenant.tenantId, Array.from({ length: 6 }, () => ({ createdAt: new Date(Date.now() - 7_200_000).toISOString() })));
    await sql(tenant.tenantId, `UPDATE leads SET respond_by = $2 WHERE id = ANY($1)`, [ids, past]);
    await sql(tenant.tenantId, `UPDATE leads SET respond_by = $2 WHERE id = $1`, [ids[0], future]);
    await sql(tenant.tenantId, `UPDATE leads SET first_contacted_at = now() WHERE id = $1`, [ids[1]]);
    await sql(tenant.tenantId, `UPDATE leads SET status = 'processing' WHERE id = $1`, [ids[2]]);
    await sql(tenant.tenantId, `UPDATE leads SET status = 'archived' WHERE id = $1`, [ids[3]]);
    await sql(tenant.tenantId, `UPDATE leads SET deleted_at = now() WHERE id = $1`, [ids[4]]);
    // Open breaches: ids[2] (processing) and ids[5] (unread).
    expect((await stats(auth)).openSlaBreaches).toBe(2);
  });

  it('the migration backfills the rollup from the leads already stored', async () => {
    const tenant = await createTenantWithUser(t.app, 'owner', 'Stats backfill');
    const auth = (await signIn(t.http, tenant.email, tenant.password)).auth;
    const ids = await insertLeads(
      tenant.tenantId,
      Array.from({ length: 30 }, (_, i) => ({ createdAt: new Date(Date.now() - i * 7_200_000).toISOString(), source: i % 2 ? 'old' : 'older', contactedAfter: i % 4 ? undefined : 600 * (i + 1) })),
    );
    await sql(tenant.tenantId, `UPDATE leads SET deleted_at = now() WHERE id = ANY($1)`, [ids.slice(0, 3)]);
    // Run the migration again (down, then up) on this database, as the owner, like a database upgraded with leads in it.
    const ownerDb = new DataSource(dataSourceOptions({ url: t.db.url, poolSize: 1 }));
    await ownerDb.initialize();
    const runner = ownerDb.createQueryRunner();
    try {
      await runner.startTransaction();
      // The later RepStats migration replaces the trigger function: undone first, redone last.
      const migration = new LeadStats1795313998567();
      const repStats = new RepStats1796875000000();
      await repStats.down(runner);
      await migration.down(runner);
      await migration.up(runner);
      await repStats.up(runner);
      await runner.commitTransaction();
    } finally {
      await runner.release();
      await ownerDb.destroy();
    }
    expect(await pendingDeltas(tenant.tenantId)).toBe(0);
    const got = await expectExact(tenant.tenantId, auth);
    expect(got.total).toBe(27);
    await expectVelocity(tenant.tenantId, got);
    // And the triggers are back.
    await insertLeads(tenant.tenantId, [{ createdAt: new Date().toISOString() }]);
    expect(await pendingDeltas(tenant.tenantId)).toBeGreaterThan(0);
    expect((await expectExact(tenant.tenantId, auth)).total).toBe(28);
  });

  describe('access', () => {
    it('shows a tenant none of another tenant’s numbers', async () => {
      const other = await createTenantWithUser(t.app, 'owner', 'Stats B');
      const auth = (await signIn(t.http, other.email, other.password)).auth;
      const empty = await stats(auth);
      expect(empty).toMatchObject({ total: 0, bySource: {}, conversionRate: null, contactedRate: null, openSlaBreaches: 0 });
      expect(empty.velocity).toEqual({ last24h: 0, previous24h: 0, last7d: 0, previous7d: 0 });
      expect(empty.timeToFirstContact).toEqual({ medianSeconds: null, p90Seconds: null, sampleSize: 0 });
      expect(empty.series.every((d) => d.total === 0)).toBe(true);
      expect(Object.values(empty.byStatus).every((n) => n === 0)).toBe(true);

      await t.http.post('/api/v1/leads').set(auth).send({ email: uniqueEmail('b'), source: `only-b-${randomBytes(3).toString('hex')}` }).expect(201);
      const mine = await expectExact(other.tenantId, auth);
      expect(mine.total).toBe(1);
      const ofA = await stats(session.auth);
      expect(Object.keys(ofA.bySource).some((s) => s.startsWith('only-b-'))).toBe(false);
      // Row-level security on the rollup tables too.
      const leaked = await sql<{ n: string }>(other.tenantId, `SELECT (SELECT count(*) FROM lead_stats_daily WHERE tenant_id <> $1) + (SELECT count(*) FROM lead_stats_deltas WHERE tenant_id <> $1) AS n`, [other.tenantId]);
      expect(leaked[0].n).toBe('0');
    });

    it('lets a viewer and a leads:read API key read; refuses other keys and anonymous callers', async () => {
      const viewer = await addUser(t.app, owner.tenantId, owner.roleIds.viewer, 'viewer');
      const viewerAuth = (await signIn(t.http, viewer.email, viewer.password)).auth;
      const byViewer = await stats(viewerAuth);
      const readKey = await createApiKey(t.app, owner.tenantId, ['leads:read']);
      const byKey = await stats({ 'X-API-Key': readKey });
      expect(byKey.total).toBe(byViewer.total);
      const writeKey = await createApiKey(t.app, owner.tenantId, ['leads:write']);
      await t.http.get(STATS).set({ 'X-API-Key': writeKey }).expect(403);
      const anonymous = await t.http.get(STATS).expect(401);
      expect(anonymous.headers['content-type']).toMatch(/application\/problem\+json/);
    });

    it('refuses a period that is empty, reversed, too long or not ISO 8601', async () => {
      for (const query of [
        { from: '2025-01-02T00:00:00Z', to: '2025-01-01T00:00:00Z' },
        { from: '2025-01-01T00:00:00Z', to: '2025-01-01T00:00:00Z' },
        { from: '2023-01-01T00:00:00Z', to: '2025-01-01T00:00:00Z' },
        { from: 'yesterday' },
      ]) {
        const res = await t.http.get(STATS).query(query).set(session.auth).expect(400);
        expect(res.body.code).toBe('validation_failed');
        expect(res.body.errors[0].field).toBe('from');
      }
    });
  });
});
