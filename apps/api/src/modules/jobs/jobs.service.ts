import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { escapeIdentifier } from 'pg';
import PgBoss from 'pg-boss';
import type { EntityManager } from 'typeorm';
import { queryRows } from '../../common/db/sql';
import { Metrics } from '../../common/metrics/metrics.service';
import { appConfig, type AppConfig } from '../../config/app.config';
import { databaseConfig, type DatabaseConfig } from '../../config/database.config';
import { RUNTIME, type Runtime } from '../../config/runtime';
import type { BatchJobHandler, EnqueueOptions, JobHandler, QueueOptions } from './job-handler';
import { tickJobId } from './periodic-job';

export const JOBS_SCHEMA = 'pgboss';

// WORKERS=off: the process enqueues but never runs jobs, nor ticks periodic ones (another one runs with
// WORKERS=only).
export const runsWorkers = (app: AppConfig): boolean => app.WORKERS !== 'off';

const DEFAULTS: Required<QueueOptions> = {
  concurrency: 1,
  retryLimit: 5,
  retryDelay: 30,
  expireInSeconds: 15 * 60,
  pollingIntervalSeconds: 2,
  batchSize: 1,
  policy: 'standard',
};

interface Registration {
  name: string;
  handler: JobHandler<unknown> | null;
  batch: BatchJobHandler<unknown> | null;
  options: Required<QueueOptions>;
}

// Durable jobs on pg-boss. The queue lives in the same PostgreSQL as the data, so a job is enqueued in
// the transaction of the change that causes it (transactional outbox): it exists exactly when the change
// does. pg-boss connects as the owner (it creates and migrates its schema); the app role is granted just
// enough to insert jobs from its own transactions.
//
// Delivery is at least once: a job is retried after a failure, after its worker crashed (expiry) or
// after a shutdown that could not wait for it. So every handler must be idempotent: it finds out from
// the database what it already did (e.g. an outbound_emails row for the lead) and skips or resumes
// rather than repeating it, and it keys anything it creates to the job's data.
@Injectable()
export class JobsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private readonly boss: PgBoss;
  private readonly registrations = new Map<string, Registration>();
  private started = false;
  private running = 0;
  readonly workersEnabled: boolean;

  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    @Inject(appConfig.KEY) private readonly app: AppConfig,
    @Inject(databaseConfig.KEY) database: DatabaseConfig,
    private readonly metrics: Metrics,
  ) {
    this.workersEnabled = runsWorkers(app);
    this.boss = new PgBoss({
      connectionString: runtime.ownerDatabaseUrl,
      schema: JOBS_SCHEMA,
      application_name: 'hotleads-jobs',
      max: 4,
      ssl: database.DATABASE_SSL ? { rejectUnauthorized: false } : undefined,
      migrate: true,
      // Maintenance (expiring jobs of crashed workers, archiving) is the worker processes' business.
      supervise: this.workersEnabled,
      // Scheduling is @nestjs/schedule's (see enqueueTick), which only enqueues.
      schedule: false,
    });
    this.boss.on('error', (error: Error) => this.logger.warn({ err: error }, 'job queue error'));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.boss.start();
    await this.grantAppRole();
    this.started = true;
    for (const registration of this.registrations.values()) await this.setUp(registration);
    this.logger.log({ queues: [...this.registrations.keys()], workers: this.workersEnabled }, 'job queue started');
  }

  // Handlers running now in this process (a shutdown that could not wait for them leaves them running).
  get runningHandlers(): number {
    return this.running;
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    // Running jobs get half the shutdown budget; what is still running then is failed and retried
    // later (handlers are idempotent), and the rest of shutdown still has time.
    await this.boss.stop({ graceful: true, wait: true, timeout: Math.floor(this.app.SHUTDOWN_TIMEOUT_MS / 2) });
  }

  // Declares a queue (with its retry policy and dead-letter queue `<name>.dead`) and, unless WORKERS=off,
  // starts its workers. Call it from onModuleInit; later calls take effect at once.
  async register<T>(name: string, handler: JobHandler<T>, options: Omit<QueueOptions, 'batchSize'> = {}): Promise<void> {
    await this.add({ name, handler: handler as JobHandler<unknown>, batch: null, options: { ...DEFAULTS, ...options, batchSize: 1 } });
  }

  // The same with a handler that takes up to `batchSize` jobs per fetch (one fetch and one completion for
  // all of them) and settles each job on its own: those it answers an error for are failed and retried.
  async registerBatch<T>(name: string, handler: BatchJobHandler<T>, options: QueueOptions = {}): Promise<void> {
    await this.add({ name, handler: null, batch: handler as BatchJobHandler<unknown>, options: { ...DEFAULTS, ...options } });
  }

  private async add(registration: Registration): Promise<void> {
    if (this.registrations.has(registration.name)) throw new Error(`job queue ${registration.name} is registered twice`);
    this.registrations.set(registration.name, registration);
    if (this.started) await this.setUp(registration);
  }

  // One replica's tick of a periodic job, called from an @Interval of @nestjs/schedule, which runs only where
  // workers do (JobsModule). Every replica enqueues the tick's job under the same id and pg-boss keeps the
  // first, so the job runs once per interval however many replicas tick; a missed tick is made up by the next.
  async enqueueTick(name: string, intervalMs: number, now = Date.now()): Promise<void> {
    // Before the queue starts or once it is stopping, there is nothing to enqueue into.
    if (!this.started) return;
    try {
      await this.boss.send(name, {}, { id: tickJobId(name, intervalMs, now), singletonKey: name });
    } catch (error) {
      this.logger.warn({ err: error, queue: name }, 'could not enqueue a periodic job');
    }
  }

  // Inserts the job through the caller's transaction (m from TenantDb.run): a rollback takes the job with
  // it, and no worker sees it before the commit. Answers the job id (null only for a singleton that is
  // already waiting).
  async enqueue(m: EntityManager, name: string, data: object, options: EnqueueOptions = {}): Promise<string | null> {
    const db = { executeSql: async (text: string, values: unknown[]) => ({ rows: await queryRows(m, text, values) }) };
    const id = await this.boss.send(name, data, { ...options, db });
    // pg-boss answers null instead of failing when the queue does not exist: that is a bug, not a no-op.
    if (!id && !options.singletonKey) throw new Error(`job ${name} was not queued: no such queue`);
    return id;
  }

  // The SQL of enqueue() as a statement of the caller's own, for a hot path that writes its row and the
  // row's job in one statement (one round trip): an INSERT of one job, with the queue's settings, for each
  // row of `from` (a CTE name or a subquery), whose JSON data is the expression `data` over those rows.
  // Only the options pg-boss's send() takes from the queue (no id, priority, delay or singleton). A queue
  // that does not exist makes the statement fail (a job row needs its queue's name), never a lost job.
  // `name` is one of our queue names, written in as a literal.
  insertJobsSql(name: string, from: string, data: string): string {
    if (!/^[a-z0-9_.-]+$/.test(name)) throw new Error(`job queue name ${JSON.stringify(name)} cannot be written into SQL`);
    const schema = escapeIdentifier(JOBS_SCHEMA);
    return `INSERT INTO ${schema}.job (id, name, data, priority, start_after, dead_letter, expire_in, keep_until, retry_limit, retry_delay, retry_backoff, policy)
      SELECT gen_random_uuid(), q.name, ${data}, 0, now(), q.dead_letter,
        coalesce(q.expire_seconds * interval '1s', interval '15 minutes'),
        now() + coalesce((q.retention_minutes * 60)::text, '14 days')::interval,
        coalesce(q.retry_limit, 2),
        CASE WHEN coalesce(q.retry_backoff, false) THEN greatest(coalesce(q.retry_delay, 0), 1) ELSE coalesce(q.retry_delay, 0) END,
        coalesce(q.retry_backoff, false), q.policy
      FROM ${from} LEFT JOIN ${schema}.queue q ON q.name = '${name}'
      RETURNING id`;
  }

  private async setUp({ name, handler, batch, options }: Registration): Promise<void> {
    const deadLetter = `${name}.dead`;
    await this.boss.createQueue(deadLetter, { name: deadLetter });
    const queue: PgBoss.Queue = {
      name,
      retryLimit: options.retryLimit,
      retryDelay: options.retryDelay,
      retryBackoff: true,
      expireInSeconds: options.expireInSeconds,
      deadLetter,
      policy: options.policy,
    };
    // createQueue leaves an existing queue alone; updateQueue makes it follow the code.
    await this.boss.createQueue(name, queue);
    await this.boss.updateQueue(name, queue);
    if (!this.workersEnabled) return;
    for (let i = 0; i < options.concurrency; i++) {
      // Known once work() answers, which is before its first fetch can have found a job.
      const worker: { id?: string } = {};
      worker.id = await this.boss.work<unknown>(
        name,
        { includeMetadata: true, batchSize: batch ? options.batchSize : 1, pollingIntervalSeconds: options.pollingIntervalSeconds },
        async (jobs) => {
          // pg-boss waits out the polling interval after every fetch, even one that found a job, which caps
          // a worker at one job per interval (a backlog of webhooks drained at 8/s). A worker that found a
          // job asks again at once; only an empty fetch waits for the next poll.
          if (jobs.length > 0 && worker.id) this.boss.notifyWorker(worker.id);
          if (batch) {
            await this.runBatch(name, batch, jobs);
            return;
          }
          for (const job of jobs) {
            this.running++;
            try {
              await handler!(job.data, { id: job.id, retryCount: job.retryCount });
              this.metrics.jobFinished(name, 'completed');
            } catch (error) {
              this.failed(name, job, error);
              throw error;
            } finally {
              this.running--;
            }
          }
        },
      );
    }
  }

  // A batch handler's jobs: those it answers an error for are failed here (retried or dead-lettered as if
  // their handler had thrown), and pg-boss completes the rest when this returns (its completion only
  // touches jobs still active).
  private async runBatch(name: string, batch: BatchJobHandler<unknown>, jobs: PgBoss.JobWithMetadata<unknown>[]): Promise<void> {
    this.running += jobs.length;
    try {
      const outcomes = await batch(jobs.map((job) => ({ data: job.data, job: { id: job.id, retryCount: job.retryCount } })));
      for (const [i, job] of jobs.entries()) {
        const error = outcomes[i];
        if (error === undefined) {
          this.metrics.jobFinished(name, 'completed');
          continue;
        }
        this.failed(name, job, error);
        await this.boss.fail(name, job.id, error instanceof Error ? { message: error.message } : { message: String(error) });
      }
    } catch (error) {
      for (const job of jobs) this.failed(name, job, error);
      throw error;
    } finally {
      this.running -= jobs.length;
    }
  }

  private failed(name: string, job: PgBoss.JobWithMetadata<unknown>, error: unknown): void {
    const final = job.retryCount >= job.retryLimit;
    this.metrics.jobFinished(name, final ? 'failed' : 'retried');
    this.logger.warn(
      { err: error, queue: name, jobId: job.id, attempt: job.retryCount + 1, final },
      final ? 'job failed for good; moved to its dead-letter queue' : 'job failed; it will be retried',
    );
  }

  // The app role inserts jobs (and reads the queue definitions the insert joins); nothing more. Default
  // privileges cover the per-queue partitions pg-boss creates later. Under an advisory lock, because
  // concurrent GRANTs from replicas starting together can collide.
  private async grantAppRole(): Promise<void> {
    const role = decodeURIComponent(new URL(this.runtime.databaseUrl).username);
    const owner = decodeURIComponent(new URL(this.runtime.ownerDatabaseUrl).username);
    if (!role || role === owner) return;
    const schema = escapeIdentifier(JOBS_SCHEMA);
    const grantee = escapeIdentifier(role);
    await this.boss.getDb().executeSql(
      `BEGIN;
       SELECT pg_advisory_xact_lock(hashtext('hotleads:pgboss-grants'));
       GRANT USAGE ON SCHEMA ${schema} TO ${grantee};
       GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA ${schema} TO ${grantee};
       GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${grantee};
       ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT SELECT, INSERT ON TABLES TO ${grantee};
       ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT USAGE, SELECT ON SEQUENCES TO ${grantee};
       COMMIT;`,
      [],
    );
  }
}
