import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TenantDb } from '../../common/db/tenant-db.service';
import type { FieldError } from '../../common/problem/problem.exception';
import { integrationsConfig, type IntegrationsConfig } from '../../config/integrations.config';
import { AuditService } from '../audit/audit.service';
import type { JobInfo } from '../jobs/job-handler';
import { JobsService } from '../jobs/jobs.service';
import type { NormalisedLead } from '../leads/lead-input';
import { LeadIntakeService, type ExtraLeadEvent, type IntakeResult } from '../leads/lead-intake.service';
import { CredentialsVaultService } from './credentials-vault.service';
import type { ProviderName } from './integration-values';
import { ProviderError } from './providers/provider-error';
import type { ProcessResult } from './providers/webhook-provider';
import { WEBHOOK_DELIVERY_JOB, type WebhookDeliveryJobData } from './webhook-delivery-job-data';
import { WebhookDeliveriesRepository, type ProcessingRow } from './webhook-deliveries.repository';
import { WebhookProviders } from './webhook-providers.service';
import { Metrics } from '../../common/metrics/metrics.service';

interface Loaded {
  provider: ProviderName;
  connectionId: string;
  credentials: Record<string, string>;
  body: Buffer;
}

interface Fetched {
  k: number;
  deliveryId: string;
  loaded: Loaded;
  job: JobInfo;
  processed: ProcessResult;
}

interface Stored {
  provider: ProviderName;
  state: 'processed' | 'dead';
  intake: IntakeResult[];
}

const PROCESSABLE = new Set(['received', 'failed']);
// Jobs taken at once by a worker, and provider calls a batch has in flight (Acuity allows 20 concurrent
// connections per address; two workers stay under that).
const BATCH = 25;
const PROVIDER_CALLS = 8;

// Splits `items` into consecutive rounds in which no two items carry leads with the same email, phone or
// source reference (an item sharing one with the round so far starts the next round).
function rounds<T>(items: readonly T[], leadsOf: (item: T) => readonly NormalisedLead[]): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let keys = new Set<string>();
  for (const item of items) {
    const own = leadsOf(item).flatMap((lead) =>
      [
        lead.email && `e:${lead.email}`,
        lead.phone && `p:${lead.phone}`,
        lead.sourceRef && `r:${lead.source}\u0000${lead.sourceRef}`,
      ].filter((k): k is string => !!k),
    );
    if (own.some((k) => keys.has(k))) {
      out.push(current);
      current = [];
      keys = new Set();
    }
    current.push(item);
    for (const k of own) keys.add(k);
  }
  if (current.length > 0) out.push(current);
  return out;
}

// Runs `fn` over `items`, at most `limit` at a time.
async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

// Processes deliveries, a batch of jobs at a time: the provider's work (Acuity: fetch the appointment)
// outside any transaction, then each delivery's leads, their events, the audit entry and its new state in
// one transaction per batch and workspace. At least once, like
// every job, and idempotent: a delivery no longer `received` or `failed` is skipped, the row is locked
// while it is finished, and the lead upsert (source reference, email, phone) never makes a twin.
@Injectable()
export class WebhookProcessingJob implements OnModuleInit {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly jobs: JobsService,
    private readonly db: TenantDb,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly providers: WebhookProviders,
    private readonly vault: CredentialsVaultService,
    private readonly intake: LeadIntakeService,
    private readonly audit: AuditService,
    @Inject(integrationsConfig.KEY) private readonly config: IntegrationsConfig,
    private readonly metrics: Metrics,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.registerBatch<WebhookDeliveryJobData>(WEBHOOK_DELIVERY_JOB, (jobs) => this.runBatch(jobs), {
      retryLimit: this.config.WEBHOOK_RETRY_LIMIT,
      retryDelay: this.config.WEBHOOK_RETRY_DELAY_SECONDS,
      // A burst of deliveries is taken BATCH at a time (one fetch, one read, one transaction for the lot:
      // the time of this work is its round trips); two workers keep one batch's provider calls overlapping
      // the other's transaction, and leave the pool of 10 room for the requests.
      concurrency: 2,
      batchSize: BATCH,
      pollingIntervalSeconds: 0.5,
    });
  }

  // A batch of jobs: each workspace's deliveries are read in one round trip, their provider calls made a
  // few at a time, and what they brought stored in one transaction per workspace. Each delivery still
  // ends on its own: a provider's refusal fails only its delivery (and its job, which is retried), and
  // when the shared transaction fails, each delivery is stored in a transaction of its own.
  async runBatch(jobs: ReadonlyArray<{ data: WebhookDeliveryJobData; job: JobInfo }>): Promise<unknown[]> {
    const outcomes: unknown[] = jobs.map(() => undefined);
    const byTenant = new Map<string, number[]>();
    jobs.forEach(({ data }, i) => byTenant.set(data.tenantId, [...(byTenant.get(data.tenantId) ?? []), i]));
    await Promise.all(
      [...byTenant].map(async ([tenantId, indexes]) => {
        try {
          const settled = await this.runTenantBatch(
            tenantId,
            indexes.map((i) => jobs[i]),
          );
          settled.forEach((outcome, k) => (outcomes[indexes[k]] = outcome));
        } catch (error) {
          for (const i of indexes) outcomes[i] = error;
        }
      }),
    );
    return outcomes;
  }

  private async runTenantBatch(tenantId: string, jobs: ReadonlyArray<{ data: WebhookDeliveryJobData; job: JobInfo }>): Promise<unknown[]> {
    const outcomes: unknown[] = jobs.map(() => undefined);
    const ids = [...new Set(jobs.map(({ data }) => data.deliveryId))];
    const rows = await this.deliveries.findManyWithConnection(this.db, tenantId, ids);
    const loadedById = new Map(rows.map((row) => [row.id, this.loadedOf(row)]));
    // A delivery named by two jobs of the batch (a replay beside a retry) is worked on once.
    const firstJob = new Map<string, number>();
    jobs.forEach(({ data }, k) => {
      if (!firstJob.has(data.deliveryId)) firstJob.set(data.deliveryId, k);
    });
    const todo = [...firstJob].flatMap(([deliveryId, k]) => {
      const loaded = loadedById.get(deliveryId);
      return loaded ? [{ k, deliveryId, loaded, job: jobs[k].job }] : [];
    });

    const fetched: Fetched[] = [];
    await eachLimited(todo, PROVIDER_CALLS, async (item) => {
      try {
        fetched.push({
          ...item,
          processed: await this.providers.get(item.loaded.provider).process(item.loaded.body, item.loaded.credentials),
        });
      } catch (error) {
        outcomes[item.k] = await this.settle(() => this.fail(tenantId, item.deliveryId, item.loaded, error, item.job));
      }
    });
    if (fetched.length === 0) return outcomes;
    // In the order the jobs came (a reschedule after its booking), not the order the provider answered.
    fetched.sort((a, b) => a.k - b.k);

    if (fetched.length > 1) {
      try {
        await this.store(tenantId, fetched);
        return outcomes;
      } catch {
        // One delivery spoiled the shared transaction (a lost race on the leads' unique indexes, say):
        // nothing of it was kept, so each is stored alone, and a failure is that delivery's only.
      }
    }
    for (const item of fetched) {
      try {
        await this.store(tenantId, [item]);
      } catch (error) {
        // A lost race on the leads' unique indexes, a database hiccup: retried like a provider's 5xx, so a
        // delivery never stays `received` with no job left to run it.
        outcomes[item.k] = await this.settle(() => this.fail(tenantId, item.deliveryId, item.loaded, error, item.job));
      }
    }
    return outcomes;
  }

  // fail() throws what is to be retried; a batch answers it instead.
  private async settle(fail: () => Promise<void>): Promise<unknown> {
    try {
      await fail();
      return undefined;
    } catch (error) {
      return error;
    }
  }

  private loadedOf(row: ProcessingRow | null): Loaded | null {
    // Deleted with its connection, done already, or its body purged: nothing to do.
    if (!row || !PROCESSABLE.has(row.state) || !row.body || !row.credentials) return null;
    return {
      provider: row.provider,
      connectionId: row.connectionId,
      credentials: this.vault.open(row.connectionId, { ciphertext: row.credentials, keyId: row.keyId ?? '' }),
      body: row.body,
    };
  }

  private async store(tenantId: string, items: ReadonlyArray<Fetched>): Promise<void> {
    const stored = await this.db.run(tenantId, (m) => this.storeMany(m, tenantId, items));
    stored.forEach((one) => this.count(one));
  }

  // Counted once committed.
  private count(stored: Stored): void {
    this.metrics.intake('webhook', stored.intake);
    this.metrics.webhookDelivery(stored.provider, stored.state);
  }

  // The deliveries' leads, events, new states and audit entries, in the caller's transaction, with a few
  // statements for the lot: one intake for all their leads, one update of their states, one audit insert.
  // Deliveries whose leads share an email, a phone or a source reference with an earlier one of the batch
  // go in a later round (an intake merges the items it is given that share one), so each is stored as
  // it would be alone, in order. Answers what to count once it commits.
  private async storeMany(m: EntityManager, tenantId: string, items: ReadonlyArray<Fetched>): Promise<Stored[]> {
    const states = await this.deliveries.lockForProcessing(
      m,
      items.map((item) => item.deliveryId),
    );
    // Another worker (a replay racing a retry) finished some first.
    const live = items.filter((item) => PROCESSABLE.has(states.get(item.deliveryId) ?? ''));
    const actor = { type: 'system' as const, id: null };
    const work = live.map((item) => {
      const valid: Array<{ index: number; lead: NormalisedLead }> = [];
      const errors: Array<{ index: number; errors: FieldError[] }> = [];
      item.processed.items.forEach((lead, index) =>
        Array.isArray(lead) ? errors.push({ index, errors: lead }) : valid.push({ index, lead }),
      );
      const eventData = { ...item.processed.eventData, connectionId: item.loaded.connectionId, deliveryId: item.deliveryId };
      return { item, valid, errors, eventData, stored: [] as IntakeResult[], leadIds: [] as string[] };
    });

    for (const round of rounds(work, (w) => w.valid.map((v) => v.lead))) {
      const flat = round.flatMap((w) => w.valid.map((v) => ({ w, index: v.index, lead: v.lead })));
      if (flat.length > 0) {
        const results = await this.intake.ingest(
          m,
          tenantId,
          flat.map((f, n) => ({ index: n, lead: f.lead, eventData: f.w.eventData })),
          { actor, mode: 'upsert' },
        );
        for (const r of results) flat[r.index].w.stored.push({ ...r, index: flat[r.index].index });
      }
      const extra: ExtraLeadEvent[] = [];
      for (const w of round) {
        w.leadIds = [...new Set(w.stored.flatMap((r) => (r.status === 'error' || r.status === 'suppressed' ? [] : [r.id])))];
        const leadEvent = w.item.processed.leadEvent;
        if (leadEvent)
          extra.push(...w.leadIds.map((leadId) => ({ leadId, type: leadEvent.type, data: { ...leadEvent.data, ...w.eventData } })));
      }
      if (extra.length > 0) await this.intake.addEvents(m, tenantId, extra, actor);
    }

    const finished = work.map((w) => {
      const results = [
        ...w.stored.map((r) =>
          r.status === 'error'
            ? { index: r.index, status: r.status, errors: r.errors }
            : r.status === 'suppressed'
              ? { index: r.index, status: 'skipped' as const }
              : { index: r.index, status: r.status, id: r.id },
        ),
        ...w.errors.map((e) => ({ index: e.index, status: 'error' as const, errors: e.errors })),
      ].sort((a, b) => a.index - b.index);
      const count = (status: string) => results.filter((r) => r.status === status).length;
      const result = {
        ...w.item.processed.result,
        created: count('created'),
        merged: count('merged'),
        failed: count('error'),
        skipped: count('skipped'),
        items: results,
      };
      // Nothing stored from a delivery that carried leads: it will not get better by retrying. (A skipped,
      // erased person is not a failure.)
      const gaveUp = w.item.processed.items.length > 0 && w.leadIds.length === 0 && result.skipped === 0;
      return {
        w,
        result,
        state: gaveUp ? ('dead' as const) : ('processed' as const),
        lastError: gaveUp ? 'no lead in this delivery is valid' : null,
      };
    });
    await this.deliveries.finishMany(
      m,
      finished.map((f) => ({
        id: f.w.item.deliveryId,
        state: f.state,
        lastError: f.lastError,
        result: f.result,
        leadId: f.w.leadIds[0] ?? null,
      })),
    );
    await this.audit.recordMany(
      m,
      finished.map(({ w, result }) => ({
        ctx: { ip: '', userAgent: null, requestId: `job:${w.item.deliveryId}` },
        entry: {
          action: 'lead.webhook_ingest',
          tenantId,
          actor: { type: 'system', id: null, label: `integration:${w.item.loaded.provider}` },
          resourceType: 'webhook_delivery',
          resourceId: w.item.deliveryId,
          metadata: { connectionId: w.item.loaded.connectionId, created: result.created, merged: result.merged, failed: result.failed },
        },
      })),
    );
    return finished.map((f) => ({ provider: f.w.item.loaded.provider, state: f.state, intake: f.w.stored }));
  }

  // auth: the connection needs attention and the delivery waits (it is queued again when the credentials
  // are fixed); not_found/invalid: dead; anything else: retried with backoff, dead once retries run out.
  private async fail(tenantId: string, deliveryId: string, loaded: Loaded, error: unknown, job: JobInfo): Promise<void> {
    const kind = error instanceof ProviderError ? error.kind : 'retryable';
    const message = error instanceof ProviderError ? error.message : 'processing failed unexpectedly; will try again';
    const final = kind === 'retryable' && job.retryCount >= this.config.WEBHOOK_RETRY_LIMIT;
    const state = kind === 'auth' || (kind === 'retryable' && !final) ? 'failed' : 'dead';
    if (!(error instanceof ProviderError)) this.logger.warn({ err: error, deliveryId }, 'webhook delivery processing failed');
    await this.db.run(tenantId, async (m) => {
      const current = await this.deliveries.findForProcessing(m, deliveryId);
      if (!current || !PROCESSABLE.has(current.state)) return;
      this.metrics.webhookDelivery(loaded.provider, state);
      await this.deliveries.finish(m, deliveryId, { state, lastError: final ? `${message} (gave up after ${job.retryCount + 1} attempts)` : message });
      if (kind === 'auth') {
        await this.deliveries.markNeedsAttention(m, loaded.connectionId, message);
      }
    });
    // pg-boss retries what throws; the rest is settled.
    if (kind === 'retryable' && !final) throw error;
  }
}
