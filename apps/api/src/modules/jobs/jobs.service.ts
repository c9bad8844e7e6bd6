import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { escapeIdentifier } from 'pg';
import PgBoss from 'pg-boss';
import type { EntityManager } from 'typeorm';
import { queryRows } from '../../common/db/sql';
import { Metrics } from '../../common/metrics/metrics.service';
import { appConfig, type AppConfig } from '../../config/app.config';
import { databaseConfig, type DatabaseConfig } from '../../config/database.config';
import { RUNTIME, type Runtime } from '../../config/runtime';
import type { EnqueueOptions, JobHandler, QueueOptions } from './job-handler';
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
  policy: 'standard',
};

interface Registration {
  name: string;
  handler: JobHandler<unknown>;
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
  async register<T>(name: string, handler: JobHandler<T>, options: QueueOptions = {}): Promise<void> {
    if (this.registrations.has(name)) throw new Error(`job queue ${name} is registered twice`);
    const registration: Registration = { name, handler: handler as JobHandler<unknown>, options: { ...DEFAULTS, ...options } };
    this.registrations.set(name, registration);
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

  private async setUp({ name, handler, options }: Registration): Promise<void> {
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
        { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds },
        async (jobs) => {
          // pg-boss waits out the polling interval after every fetch, even one that found a job, which caps
          // a worker at one job per interval (a backlog of webhooks drained at 8/s). A worker that found a
          // job asks again at once; only an empty fetch waits for the next poll.
          if (jobs.length > 0 && worker.id) this.boss.notifyWorker(worker.id);
          for (const job of jobs) {
            this.running++;
            try {
              await handler(job.data, { id: job.id, retryCount: job.retryCount });
              this.metrics.jobFinished(name, 'completed');
            } catch (error) {
              const final = job.retryCount >= job.retryLimit;
              this.metrics.jobFinished(name, final ? 'failed' : 'retried');
              this.logger.warn({ err: error, queue: name, jobId: job.id, attempt: job.retryCount + 1, final }, final ? 'job failed for good; moved to its dead-letter queue' : 'job failed; it will be retried');
              throw error;
            } finally {
              this.running--;
            }
          }
        },
      );
    }
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
