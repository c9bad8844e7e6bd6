import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TenantDb } from '../../common/db/tenant-db.service';
import { integrationsConfig, type IntegrationsConfig } from '../../config/integrations.config';
import type { JobInfo } from '../jobs/job-handler';
import { JobsService } from '../jobs/jobs.service';
import type { Credentials } from '../integrations/credentials-vault';
import { CredentialsVaultService } from '../integrations/credentials-vault.service';
import { IntegrationConnection } from '../integrations/integration-connection.entity';
import { ProviderError } from '../integrations/providers/provider-error';
import { ScoringService } from '../rules/scoring.service';
import { EnrichmentProviders } from './enrichment-providers.service';
import { EnrichmentRepository, type EnrichmentRow } from './enrichment.repository';
import { EnrichmentSettingsService } from './enrichment-settings.service';
import type { SkipReason } from './enrichment-values';
import type { EnrichmentProvider, LookupAnswer } from './providers/enrichment-provider';

export const ENRICHMENT_LOOKUP_JOB = 'enrichment.lookup';

export interface EnrichmentJobData {
  tenantId: string;
  enrichmentId: string;
}

type Prepared = { done: true } | { done: false; row: EnrichmentRow; provider: EnrichmentProvider; connectionId: string; credentials: Credentials };

const MAX_REASON = 300;

// Runs one queued lookup. In a first transaction: the row (locked, still queued), whether the lead still
// has the value, the cache, the connection and one unit of today's budget, charged once per lookup however
// often it is retried. The provider is called outside any transaction. In a second one: the answer, the
// lead's summary columns and the `enriched` lead event, together. A lookup the provider limited (429),
// failed (5xx) or left unanswered is retried by the queue with backoff and recorded as failed after the
// last attempt; refused credentials (401/403) put the connection in needs_attention.
//
// Idempotent: a retried or repeated job finds the row no longer queued and stops.
@Injectable()
export class EnrichmentLookupJob implements OnModuleInit {
  private readonly logger = new Logger('Enrichment');

  constructor(
    private readonly jobs: JobsService,
    private readonly db: TenantDb,
    private readonly repository: EnrichmentRepository,
    private readonly settings: EnrichmentSettingsService,
    private readonly providers: EnrichmentProviders,
    private readonly vault: CredentialsVaultService,
    private readonly scoring: ScoringService,
    @Inject(integrationsConfig.KEY) private readonly config: IntegrationsConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.register<EnrichmentJobData>(ENRICHMENT_LOOKUP_JOB, (data, job) => this.run(data, job), {
      retryLimit: this.config.ENRICHMENT_RETRY_LIMIT,
      retryDelay: this.config.ENRICHMENT_RETRY_DELAY_SECONDS,
      concurrency: 2,
      pollingIntervalSeconds: 1,
      expireInSeconds: 5 * 60,
    });
  }

  // One job per queued lookup, through the caller's transaction (one connection: one after the other).
  async enqueue(m: EntityManager, tenantId: string, ids: string[]): Promise<void> {
    for (const enrichmentId of ids) await this.jobs.enqueue(m, ENRICHMENT_LOOKUP_JOB, { tenantId, enrichmentId } satisfies EnrichmentJobData);
  }

  async run(data: EnrichmentJobData, job: JobInfo): Promise<void> {
    const { tenantId, enrichmentId } = data;
    const prepared = await this.db.run(tenantId, (m) => this.prepare(m, tenantId, enrichmentId));
    if (prepared.done) return;
    const { row, provider } = prepared;
    let answer: LookupAnswer;
    try {
      answer = await provider.lookup(row.value, prepared.credentials);
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      const message = error.message.slice(0, MAX_REASON);
      const last = job.retryCount >= this.config.ENRICHMENT_RETRY_LIMIT;
      if (error.kind === 'retryable' && !last) {
        await this.db.run(tenantId, (m) => this.repository.attempt(m, row.id, message));
        // The queue retries with backoff.
        throw error;
      }
      await this.db.run(tenantId, async (m) => {
        if (error.kind === 'auth') {
          await m.update(IntegrationConnection, { id: prepared.connectionId }, { status: 'needs_attention', lastError: message, lastErrorAt: new Date() });
        }
        await this.repository.finish(m, row.id, { status: 'failed', reason: message, attempted: true });
      });
      this.logger.warn({ tenantId, enrichmentId, provider: provider.name, kind: error.kind }, 'enrichment lookup failed');
      return;
    }
    await this.db.run(tenantId, async (m) => {
      await this.repository.finish(m, row.id, { status: 'succeeded', summary: answer.summary, raw: answer.raw, fetchedAt: new Date(), attempted: true });
      await this.apply(m, tenantId, row, provider, answer.summary, false);
    });
  }

  private async prepare(m: EntityManager, tenantId: string, id: string): Promise<Prepared> {
    const row = await this.repository.lockQueued(m, id);
    if (!row) return { done: true };
    const provider = this.providers.get(row.provider);
    const skip = async (reason: SkipReason): Promise<Prepared> => {
      await this.repository.finish(m, row.id, { status: 'skipped', reason });
      if (reason === 'daily_budget_reached') await this.repository.count(m, tenantId, row.provider, 'skipped');
      return { done: true };
    };
    if (!provider) return skip('provider_disabled');
    const lead = await this.repository.lead(m, row.leadId);
    if (!lead || lead.deletedAt) return skip('lead_deleted');
    if ((row.kind === 'email' ? lead.email : lead.phone) !== row.value) return skip('value_changed');
    const settings = await this.settings.effective(m, tenantId);
    const setting = settings.providers[provider.name];
    if (!setting.enabled) return skip('provider_disabled');
    if (!row.force) {
      const hit = await this.repository.cached(m, tenantId, provider.name, row.value, this.config.ENRICHMENT_CACHE_DAYS);
      if (hit?.summary) {
        await this.repository.finish(m, row.id, { status: 'succeeded', summary: hit.summary, raw: hit.raw, cached: true, fetchedAt: hit.fetchedAt });
        await this.repository.count(m, tenantId, provider.name, 'cached');
        await this.apply(m, tenantId, row, provider, hit.summary, true);
        return { done: true };
      }
    }
    const connections = await m.find(IntegrationConnection, { where: { provider: provider.name }, order: { createdAt: 'ASC' } });
    const connection = connections.find((c) => c.status === 'active');
    if (!connection) return skip(connections.some((c) => c.status === 'needs_attention') ? 'connection_needs_attention' : 'no_connection');
    if (!row.charged) {
      if (!(await this.repository.reserve(m, tenantId, provider.name, setting.dailyBudget))) return skip('daily_budget_reached');
      await this.repository.markCharged(m, row.id);
    }
    const credentials = connection.credentials && connection.credentialsKeyId ? this.vault.open(connection.id, { ciphertext: connection.credentials, keyId: connection.credentialsKeyId }) : {};
    return { done: false, row, provider, connectionId: connection.id, credentials };
  }

  // The lead's summary columns and the timeline entry (which outbound webhooks send as lead.enriched).
  private async apply(m: EntityManager, tenantId: string, row: EnrichmentRow, provider: EnrichmentProvider, summary: Record<string, unknown>, cached: boolean): Promise<void> {
    const { applied, changed } = await this.repository.applySignals(m, row.leadId, row.kind, row.value, provider.signals(summary));
    if (!applied) return;
    // Scoring reads the email verdict and phone line type: the score moves with the answer, in its transaction.
    if (changed) await this.scoring.rescoreLeads(m, tenantId, [row.leadId]);
    await this.repository.addEnrichedEvent(m, tenantId, row.leadId, { provider: provider.name, kind: row.kind, enrichmentId: row.id, cached, ...summary });
  }
}
