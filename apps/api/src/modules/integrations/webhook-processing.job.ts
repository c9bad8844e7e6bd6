import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { TenantDb } from '../../common/db/tenant-db.service';
import type { FieldError } from '../../common/problem/problem.exception';
import { integrationsConfig, type IntegrationsConfig } from '../../config/integrations.config';
import { AuditService } from '../audit/audit.service';
import type { JobInfo } from '../jobs/job-handler';
import { JobsService } from '../jobs/jobs.service';
import type { NormalisedLead } from '../leads/lead-input';
import { LeadIntakeService, type IntakeResult } from '../leads/lead-intake.service';
import { CredentialsVaultService } from './credentials-vault.service';
import type { ProviderName } from './integration-values';
import { ProviderError } from './providers/provider-error';
import type { ProcessResult } from './providers/webhook-provider';
import { WEBHOOK_DELIVERY_JOB, type WebhookDeliveryJobData } from './webhook-delivery-job-data';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookProviders } from './webhook-providers.service';
import { Metrics } from '../../common/metrics/metrics.service';

interface Loaded {
  provider: ProviderName;
  connectionId: string;
  credentials: Record<string, string>;
  body: Buffer;
}

const PROCESSABLE = new Set(['received', 'failed']);

// Processes one delivery: the provider's work (Acuity: fetch the appointment) outside any transaction,
// then the leads, their events, the audit entry and the delivery's new state in one. At least once, like
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
    await this.jobs.register<WebhookDeliveryJobData>(WEBHOOK_DELIVERY_JOB, (data, job) => this.run(data, job), {
      retryLimit: this.config.WEBHOOK_RETRY_LIMIT,
      retryDelay: this.config.WEBHOOK_RETRY_DELAY_SECONDS,
      // Each job mostly waits (the provider's answer, its transaction's round trips): 8 of them keep a
      // burst of deliveries moving and leave the pool of 10 room for the requests.
      concurrency: 8,
      pollingIntervalSeconds: 0.5,
    });
  }

  async run({ tenantId, deliveryId }: WebhookDeliveryJobData, job: JobInfo): Promise<void> {
    const loaded = await this.load(tenantId, deliveryId);
    if (!loaded) return;
    const provider = this.providers.get(loaded.provider);
    let processed: ProcessResult;
    try {
      processed = await provider.process(loaded.body, loaded.credentials);
    } catch (error) {
      await this.fail(tenantId, deliveryId, loaded, error, job);
      return;
    }
    try {
      await this.store(tenantId, deliveryId, loaded, processed);
    } catch (error) {
      // A lost race on the leads' unique indexes, a database hiccup: retried like a provider's 5xx, so a
      // delivery never stays `received` with no job left to run it.
      await this.fail(tenantId, deliveryId, loaded, error, job);
    }
  }

  private async load(tenantId: string, deliveryId: string): Promise<Loaded | null> {
    const row = await this.deliveries.findWithConnection(this.db, tenantId, deliveryId);
    // Deleted with its connection, done already, or its body purged: nothing to do.
    if (!row || !PROCESSABLE.has(row.state) || !row.body || !row.credentials) return null;
    return {
      provider: row.provider,
      connectionId: row.connectionId,
      credentials: this.vault.open(row.connectionId, { ciphertext: row.credentials, keyId: row.keyId ?? '' }),
      body: row.body,
    };
  }

  private async store(tenantId: string, deliveryId: string, loaded: Loaded, processed: ProcessResult): Promise<void> {
    await this.db.run(tenantId, async (m) => {
      const current = await this.deliveries.findForProcessing(m, deliveryId);
      // Another worker (a replay racing a retry) finished it first.
      if (!current || !PROCESSABLE.has(current.state)) return;
      const valid: Array<{ index: number; lead: NormalisedLead }> = [];
      const errors: Array<{ index: number; errors: FieldError[] }> = [];
      processed.items.forEach((item, index) => (Array.isArray(item) ? errors.push({ index, errors: item }) : valid.push({ index, lead: item })));
      const actor = { type: 'system' as const, id: null };
      const eventData = { ...processed.eventData, connectionId: loaded.connectionId, deliveryId };
      const stored: IntakeResult[] = valid.length > 0 ? await this.intake.ingest(m, tenantId, valid, { actor, mode: 'upsert', eventData }) : [];
      this.metrics.intake('webhook', stored);
      const leadIds = [...new Set(stored.flatMap((r) => (r.status === 'error' || r.status === 'suppressed' ? [] : [r.id])))];
      if (processed.leadEvent && leadIds.length > 0) {
        const { type, data } = processed.leadEvent;
        await this.intake.addEvents(m, tenantId, leadIds.map((leadId) => ({ leadId, type, data: { ...data, ...eventData } })), actor);
      }
      const results = [
        ...stored.map((r) =>
          r.status === 'error'
            ? { index: r.index, status: r.status, errors: r.errors }
            : r.status === 'suppressed'
              ? { index: r.index, status: 'skipped' as const }
              : { index: r.index, status: r.status, id: r.id },
        ),
        ...errors.map((e) => ({ index: e.index, status: 'error' as const, errors: e.errors })),
      ].sort((a, b) => a.index - b.index);
      const count = (status: string) => results.filter((r) => r.status === status).length;
      const result = { ...processed.result, created: count('created'), merged: count('merged'), failed: count('error'), skipped: count('skipped'), items: results };
      // Nothing stored from a delivery that carried leads: it will not get better by retrying. (A skipped,
      // erased person is not a failure.)
      const gaveUp = processed.items.length > 0 && leadIds.length === 0 && result.skipped === 0;
      this.metrics.webhookDelivery(loaded.provider, gaveUp ? 'dead' : 'processed');
      await this.deliveries.finish(m, deliveryId, {
        state: gaveUp ? 'dead' : 'processed',
        lastError: gaveUp ? 'no lead in this delivery is valid' : null,
        result,
        leadId: leadIds[0] ?? null,
      });
      await this.audit.record(
        m,
        { ip: '', userAgent: null, requestId: `job:${deliveryId}` },
        {
          action: 'lead.webhook_ingest',
          tenantId,
          actor: { type: 'system', id: null, label: `integration:${loaded.provider}` },
          resourceType: 'webhook_delivery',
          resourceId: deliveryId,
          metadata: { connectionId: loaded.connectionId, created: result.created, merged: result.merged, failed: result.failed },
        },
      );
    });
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
