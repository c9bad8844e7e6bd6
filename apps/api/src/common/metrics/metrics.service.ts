import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { RequestWindow } from './request-window';

// OpenTelemetry's recommended bounds for http.server.request.duration, in seconds.
export const HTTP_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10] as const;

export type IngestChannel = 'form' | 'api' | 'bulk' | 'import' | 'webhook' | 'sync';
export type JobOutcome = 'completed' | 'retried' | 'failed';

// What a lead intake answered per item; only the statuses matter here.
interface IntakeOutcome {
  status: 'created' | 'merged' | 'error' | 'suppressed';
}

// Gauges whose value another module owns and hands over as a callback (read at scrape time, so it must be
// cheap: a cached number, never a query). Names are fixed here so dashboards and alert rules can rely on them.
export const GAUGE_SOURCES = {
  // Unix time of the last successful backup / verified restore drill (the backups module sets them).
  backupLastSuccess: 'hotleads_backup_last_success_timestamp_seconds',
  backupLastVerifiedRestore: 'hotleads_backup_last_verified_restore_timestamp_seconds',
  // Cross-tenant counts refreshed in the background by the system module.
  slaBreachesOpen: 'hotleads_sla_breaches_open',
  connectionsNeedingAttention: 'hotleads_integration_connections_needing_attention',
  workersAlive: 'hotleads_workers_alive',
} as const;
export type GaugeSource = keyof typeof GAUGE_SOURCES;

const GAUGE_HELP: Record<GaugeSource, string> = {
  backupLastSuccess: 'Unix time of the last successful backup',
  backupLastVerifiedRestore: 'Unix time of the last restore drill that verified a backup',
  slaBreachesOpen: 'Leads past their respond-by time still waiting for a first contact, all workspaces',
  connectionsNeedingAttention: 'Integration connections in needs_attention, all workspaces',
  workersAlive: '1 when job workers did their maintenance recently, 0 when not',
};

export interface QueueSnapshot {
  queue: string;
  queued: number;
  active: number;
  failed: number;
  oldestQueuedSeconds: number;
}

// The one place metrics are defined. Modules call its methods (one line at the point where the thing
// happens); nothing else touches prom-client. Each app instance has its own registry, so tests running
// several apps in one process do not share counts.
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  readonly requests = new RequestWindow(HTTP_DURATION_BUCKETS);
  private readonly sources = new Map<GaugeSource, () => number | null>();
  private queues: QueueSnapshot[] = [];
  private pool?: { totalCount: number; idleCount: number; waitingCount: number };

  private readonly httpDuration = new Histogram({
    name: 'http_server_request_duration_seconds',
    help: 'Duration of HTTP server requests',
    labelNames: ['http_request_method', 'http_route', 'http_response_status_code'],
    buckets: [...HTTP_DURATION_BUCKETS],
    registers: [this.registry],
  });
  private readonly queryErrors = this.counter('hotleads_db_query_errors_total', 'Database queries that failed');
  private readonly jobOutcomes = this.counter('hotleads_job_outcomes_total', 'Job runs by queue and outcome (retried: failed, will run again)', ['queue', 'outcome']);
  private readonly ingested = this.counter('hotleads_leads_ingested_total', 'Leads stored as new by intake channel', ['channel']);
  private readonly deduplicated = this.counter('hotleads_leads_deduplicated_total', 'Submissions merged into an existing lead by intake channel', ['channel']);
  private readonly webhookDeliveries = this.counter('hotleads_webhook_deliveries_total', 'Inbound webhook deliveries by provider and the state they reached', ['provider', 'state']);
  private readonly syncRuns = this.counter('hotleads_sync_runs_total', 'Integration sync runs by provider and outcome', ['provider', 'outcome']);
  private readonly loginFailures = this.counter('hotleads_login_failures_total', 'Sign-ins refused (wrong password, unknown email, locked or inactive account)');
  private readonly rateLimited = this.counter('hotleads_rate_limit_rejections_total', 'Requests refused by a rate limit');

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.gauge('hotleads_db_pool_connections', 'Database pool connections (app role) by state', ['state'], (g) => {
      if (!this.pool) return;
      g.set({ state: 'total' }, this.pool.totalCount);
      g.set({ state: 'idle' }, this.pool.idleCount);
    });
    this.gauge('hotleads_db_pool_waiting_requests', 'Queries waiting for a free pool connection', [], (g) => this.pool && g.set(this.pool.waitingCount));
    this.gauge('hotleads_queue_jobs', 'Jobs per queue and state (queued: waiting to run, including retries)', ['queue', 'state'], (g) => {
      for (const q of this.queues) {
        g.set({ queue: q.queue, state: 'queued' }, q.queued);
        g.set({ queue: q.queue, state: 'active' }, q.active);
        g.set({ queue: q.queue, state: 'failed' }, q.failed);
      }
    });
    this.gauge('hotleads_queue_oldest_queued_age_seconds', 'Age of the oldest job waiting in each queue (0 when empty)', ['queue'], (g) => {
      for (const q of this.queues) g.set({ queue: q.queue }, q.oldestQueuedSeconds);
    });
    for (const [key, name] of Object.entries(GAUGE_SOURCES) as Array<[GaugeSource, string]>) {
      this.gauge(name, GAUGE_HELP[key], [], (g) => {
        const value = this.sources.get(key)?.();
        if (value !== undefined && value !== null) g.set(value);
      });
    }
  }

  // --- what other modules call ------------------------------------------------------------------------

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.httpDuration.observe({ http_request_method: method, http_route: route, http_response_status_code: status }, seconds);
    this.requests.record(seconds, status);
  }

  // One call where an intake's results come back: created items count as ingested, merged as deduplicated.
  intake(channel: IngestChannel, results: readonly IntakeOutcome[]): void {
    let created = 0;
    let merged = 0;
    for (const r of results) {
      if (r.status === 'created') created++;
      else if (r.status === 'merged') merged++;
    }
    if (created) this.ingested.inc({ channel }, created);
    if (merged) this.deduplicated.inc({ channel }, merged);
  }

  webhookDelivery(provider: string, state: string): void {
    this.webhookDeliveries.inc({ provider, state });
  }

  syncRun(provider: string, outcome: 'succeeded' | 'failed'): void {
    this.syncRuns.inc({ provider, outcome });
  }

  loginFailed(): void {
    this.loginFailures.inc();
  }

  rateLimitRejected(): void {
    this.rateLimited.inc();
  }

  jobFinished(queue: string, outcome: JobOutcome): void {
    this.jobOutcomes.inc({ queue, outcome });
  }

  queryFailed(): void {
    this.queryErrors.inc();
  }

  // The callback must answer at once from memory (null: nothing to report yet).
  setGaugeSource(key: GaugeSource, read: () => number | null): void {
    this.sources.set(key, read);
  }

  watchPool(pool: { totalCount: number; idleCount: number; waitingCount: number }): void {
    this.pool = pool;
  }

  // The latest queue snapshot (refreshed in the background by the system module).
  setQueues(queues: QueueSnapshot[]): void {
    this.queues = queues;
  }

  queueSnapshot(): readonly QueueSnapshot[] {
    return this.queues;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  // --- definitions --------------------------------------------------------------------------------------

  private counter<L extends string>(name: string, help: string, labelNames: L[] = []): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  private gauge<L extends string>(name: string, help: string, labelNames: L[], fill: (g: Gauge<L>) => void): void {
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      collect() {
        // Labels of queues that disappeared must not linger.
        this.reset();
        fill(this);
      },
    });
  }
}
