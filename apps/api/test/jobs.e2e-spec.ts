import { randomUUID } from 'node:crypto';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Client } from 'pg';
import { TenantDb } from '../src/common/db/tenant-db.service';
import type { JobInfo } from '../src/modules/jobs/job-handler';
import { JobsService } from '../src/modules/jobs/jobs.service';
import { BACKUP_SCHEDULE_TICK } from '../src/modules/backups/backups.service';
import { SYNC_TICK_JOB } from '../src/modules/integrations/sync/sync-jobs';
import { LEAD_STATS_COMPACTION_INTERVAL_MS, LEAD_STATS_COMPACTION_JOB, LeadStatsCompactionJob } from '../src/modules/leads/stats/lead-stats-compaction.job';
import { LEAD_TRASH_PURGE_JOB } from '../src/modules/leads/trash/lead-trash-purge.job';
import { LIVE_EVENTS_PURGE_JOB } from '../src/modules/live-events/live-events-purge.job';
import { createTestApp, type TestApp } from './support/test-app';
import { WEBHOOK_PAYLOAD_PURGE_JOB } from '../src/modules/integrations/webhook-payload-purge.job';
import { ENRICHMENT_FEED_JOB } from '../src/modules/enrichment/enrichment-feed';
import { NOTIFICATION_TIMERS_JOB } from '../src/modules/notifications/notification-timers.job';
import { PRIVACY_EXPORT_EXPIRY_JOB } from '../src/modules/privacy/privacy-export.service';
import { SCORE_DECAY_JOB } from '../src/modules/rules/score-decay.job';
import { RETENTION_JOB } from '../src/modules/privacy/retention.service';

const FAST = { retryDelay: 1, pollingIntervalSeconds: 0.5 };

// Reads pg-boss's tables as the owner (the app role may only insert jobs).
async function jobRows(t: TestApp, where: string, params: unknown[]): Promise<Array<{ id: string; name: string; state: string; data: Record<string, unknown>; retry_count: number }>> {
  const client = new Client({ connectionString: t.db.url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `select id, name, state, data, retry_count from pgboss.job where ${where}
       union all select id, name, state, data, retry_count from pgboss.archive where ${where}`,
      params,
    );
    return rows;
  } finally {
    await client.end();
  }
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('jobs', () => {
  let t: TestApp;
  let jobs: JobsService;
  // Jobs are enqueued by the app role inside a tenant transaction, as features do.
  const tenantId = randomUUID();
  const enqueue = (name: string, data: object) => t.app.get(TenantDb).run(tenantId, (m) => jobs.enqueue(m, name, data));

  beforeAll(async () => {
    t = await createTestApp();
    jobs = t.app.get(JobsService);
  });

  afterAll(async () => {
    await t.close();
  });

  it('retries a failing handler with backoff until it succeeds', async () => {
    const attempts: JobInfo[] = [];
    await jobs.register<{ n: number }>(
      'test.flaky',
      async (_data, job) => {
        attempts.push(job);
        if (attempts.length <= 2) throw new Error(`attempt ${attempts.length} fails`);
      },
      { ...FAST, retryLimit: 3 },
    );
    const id = await enqueue('test.flaky', { n: 1 });

    const done = await waitFor('the flaky job to complete', async () => (await jobRows(t, `id = $1 and state = 'completed'`, [id]))[0]);
    expect(done.retry_count).toBe(2);
    expect(attempts.map((a) => a.id)).toEqual([id, id, id]);
    expect(attempts.map((a) => a.retryCount)).toEqual([0, 1, 2]);
  });

  it('moves a job that keeps failing to the dead-letter queue', async () => {
    let calls = 0;
    await jobs.register(
      'test.doomed',
      async () => {
        calls++;
        throw new Error('always fails');
      },
      { ...FAST, retryLimit: 1 },
    );
    const id = await enqueue('test.doomed', { order: 42 });

    const failed = await waitFor('the job to fail for good', async () => (await jobRows(t, `id = $1 and state = 'failed'`, [id]))[0]);
    expect(failed.retry_count).toBe(1);
    expect(calls).toBe(2);
    const dead = await waitFor('the dead letter', async () => (await jobRows(t, `name = 'test.doomed.dead'`, []))[0]);
    expect(dead.data).toEqual({ order: 42 });
  });

  it('never runs a job whose transaction rolled back', async () => {
    const seen: string[] = [];
    await jobs.register<{ label: string }>('test.outbox', async (data) => void seen.push(data.label), FAST);

    await expect(
      t.app.get(TenantDb).run(tenantId, async (m) => {
        await jobs.enqueue(m, 'test.outbox', { label: 'rolled back' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const kept = await enqueue('test.outbox', { label: 'committed' });

    await waitFor('the committed job', async () => (await jobRows(t, `id = $1 and state = 'completed'`, [kept]))[0]);
    // The worker has polled the queue since; the rolled-back job was never there.
    await sleep(1000);
    expect(seen).toEqual(['committed']);
    expect((await jobRows(t, `name = 'test.outbox'`, [])).map((j) => j.data)).toEqual([{ label: 'committed' }]);
  });

  it('refuses to enqueue to a queue nobody registered', async () => {
    await expect(enqueue('test.unknown', {})).rejects.toThrow(/no such queue/);
  });

  it('ticks every periodic job on a @nestjs/schedule interval', () => {
    expect(t.app.get(SchedulerRegistry).getIntervals().sort()).toEqual(
      [
        LEAD_TRASH_PURGE_JOB,
        LEAD_STATS_COMPACTION_JOB,
        LIVE_EVENTS_PURGE_JOB,
        WEBHOOK_PAYLOAD_PURGE_JOB,
        BACKUP_SCHEDULE_TICK,
        SYNC_TICK_JOB,
        ENRICHMENT_FEED_JOB,
        NOTIFICATION_TIMERS_JOB,
        PRIVACY_EXPORT_EXPIRY_JOB,
        SCORE_DECAY_JOB,
        RETENTION_JOB,
      ].sort(),
    );
  });

  it("has each tick enqueue its own job through the replica-safe enqueueTick", async () => {
    // A spy that calls through: enqueueTick's once-per-interval behaviour has its test in lead-stats.
    const spy = jest.spyOn(jobs, 'enqueueTick');
    try {
      await t.app.get(LeadStatsCompactionJob).tick();
      expect(spy).toHaveBeenCalledWith(LEAD_STATS_COMPACTION_JOB, LEAD_STATS_COMPACTION_INTERVAL_MS);
    } finally {
      spy.mockRestore();
    }
  });

  it('lets the app role insert jobs and nothing more', async () => {
    await expect(t.app.get(TenantDb).run(tenantId, (m) => m.query(`delete from pgboss.job`))).rejects.toThrow(/permission denied/);
    await expect(t.app.get(TenantDb).run(tenantId, (m) => m.query(`update pgboss.queue set retry_limit = 0`))).rejects.toThrow(/permission denied/);
  });
});

describe('jobs with WORKERS=off', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { WORKERS: 'off' } });
  });

  afterAll(async () => {
    await t.close();
  });

  it('ticks no periodic job: the processes that run workers do', () => {
    expect(t.app.get(SchedulerRegistry).getIntervals()).toEqual([]);
  });

  it('queues jobs but runs none of them in this process', async () => {
    const jobs = t.app.get(JobsService);
    expect(jobs.workersEnabled).toBe(false);
    let calls = 0;
    await jobs.register(
      'test.elsewhere',
      async () => {
        calls++;
      },
      FAST,
    );
    const id = await t.app.get(TenantDb).run(randomUUID(), (m) => jobs.enqueue(m, 'test.elsewhere', { x: 1 }));

    await sleep(3000);
    expect(calls).toBe(0);
    expect((await jobRows(t, `id = $1`, [id])).map((j) => j.state)).toEqual(['created']);
  });
});
