import { Injectable, NotFoundException } from '@nestjs/common';
import type { AuthedContext } from '../../common/auth/request-context';
import type { ApiKeyPrincipal, Principal, UserPrincipal } from '../../common/auth/principal';
import { TenantDb } from '../../common/db/tenant-db.service';
import { AuditService } from '../audit/audit.service';
import { leadWhere } from '../leads/lead-list-query';
import { describeFilter, toLeadFilter } from '../leads/triage/lead-filter';
import { BulkTargetException, LeadInTrashException, LeadNotFoundException } from '../leads/triage/lead-exceptions';
import type { BulkEnrichDto, BulkEnrichRunDto, EnrichmentDto, EnrichQueuedDto } from './dto/enrichment.dto';
import { BulkTooLargeException } from './bulk-too-large.exception';
import { EnrichmentBulkRun } from './enrichment-bulk-run.entity';
import { EnrichmentLookupJob } from './enrichment-lookup.job';
import { EnrichmentProviders } from './enrichment-providers.service';
import { EnrichmentRepository, type Candidate, type EnrichmentRow } from './enrichment.repository';
import { EnrichmentSettingsService } from './enrichment-settings.service';
import type { EnrichmentProviderName } from './enrichment-values';

type Caller = AuthedContext<UserPrincipal | ApiKeyPrincipal>;

// Leads one bulk request may select; the screen says so and a bigger selection is refused.
export const BULK_ENRICH_MAX_LEADS = 10_000;
const HISTORY_LIMIT = 50;

const userOf = (p: Principal): string | null => (p.kind === 'user' ? p.userId : null);

export function toEnrichmentDto(row: EnrichmentRow): EnrichmentDto {
  return {
    id: row.id,
    leadId: row.leadId,
    provider: row.provider as EnrichmentProviderName,
    kind: row.kind,
    value: row.value,
    status: row.status,
    reason: row.reason,
    summary: row.summary,
    cached: row.cached,
    trigger: row.trigger,
    attempts: row.attempts,
    createdAt: row.createdAt,
    fetchedAt: row.fetchedAt,
    finishedAt: row.finishedAt,
  };
}

// On-demand and bulk enrichment and a lead's lookup history. Queued rows and their jobs are written in one
// transaction; the job (EnrichmentLookupJob) applies cache, budget and connection rules.
@Injectable()
export class EnrichmentService {
  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
    private readonly repository: EnrichmentRepository,
    private readonly settings: EnrichmentSettingsService,
    private readonly providers: EnrichmentProviders,
    private readonly lookups: EnrichmentLookupJob,
  ) {}

  async history(ctx: Caller, leadId: string): Promise<EnrichmentDto[]> {
    return this.db.run(ctx.principal.tenantId, async (m) => {
      if (!(await this.repository.lead(m, leadId))) throw new LeadNotFoundException();
      return (await this.repository.forLead(m, leadId, HISTORY_LIMIT)).map(toEnrichmentDto);
    });
  }

  async enrichLead(ctx: Caller, leadId: string, force: boolean): Promise<EnrichQueuedDto> {
    const tenantId = ctx.principal.tenantId;
    return this.db.run(tenantId, async (m) => {
      const lead = await this.repository.lead(m, leadId);
      if (!lead) throw new LeadNotFoundException();
      if (lead.deletedAt) throw new LeadInTrashException();
      const settings = await this.settings.effective(m, tenantId);
      const skipped: EnrichQueuedDto['skipped'] = [];
      const candidates: Candidate[] = [];
      for (const p of this.providers.all) {
        const value = p.kind === 'email' ? lead.email : lead.phone;
        if (!settings.providers[p.name].enabled) skipped.push({ provider: p.name, reason: 'provider_disabled' });
        else if (!value) skipped.push({ provider: p.name, reason: 'no_value' });
        else candidates.push({ leadId, provider: p.name, kind: p.kind, value });
      }
      const ids = await this.repository.queue(m, tenantId, candidates, { trigger: 'manual', force, requestedBy: userOf(ctx.principal) });
      if (ids.length < candidates.length) {
        const queuedNow = new Set((await this.repository.forLead(m, leadId, HISTORY_LIMIT)).filter((r) => ids.includes(r.id)).map((r) => r.provider));
        for (const c of candidates) if (!queuedNow.has(c.provider)) skipped.push({ provider: c.provider as EnrichmentProviderName, reason: 'already_queued' });
      }
      await this.lookups.enqueue(m, tenantId, ids);
      await this.audit.record(m, ctx, { action: 'lead.enrich', resourceType: 'lead', resourceId: leadId, metadata: { force, queued: ids.length } });
      return { queued: ids, skipped };
    });
  }

  async bulkEnrich(ctx: Caller, dto: BulkEnrichDto): Promise<BulkEnrichRunDto> {
    const p = ctx.principal;
    if ((dto.ids === undefined) === (dto.filter === undefined)) throw new BulkTargetException();
    const where = dto.ids
      ? (() => {
          const w = leadWhere(p.tenantId, {});
          w.params.push([...new Set(dto.ids)]);
          return { sql: `${w.sql} AND l.id = ANY($${w.params.length}::uuid[])`, params: w.params };
        })()
      : leadWhere(p.tenantId, { ...toLeadFilter(dto.filter!, p), includeDeleted: false });
    const force = dto.force ?? false;
    return this.db.run(p.tenantId, async (m) => {
      const leads = await this.repository.selectLeads(m, where, BULK_ENRICH_MAX_LEADS + 1);
      if (leads.length > BULK_ENRICH_MAX_LEADS) throw new BulkTooLargeException();
      const settings = await this.settings.effective(m, p.tenantId);
      const run = await m.save(m.create(EnrichmentBulkRun, { tenantId: p.tenantId, leads: leads.length, queued: 0, force, requestedBy: userOf(p) }));
      const candidates: Candidate[] = [];
      for (const provider of this.providers.all) {
        if (!settings.providers[provider.name].enabled) continue;
        for (const lead of leads) {
          const value = provider.kind === 'email' ? lead.email : lead.phone;
          if (value) candidates.push({ leadId: lead.id, provider: provider.name, kind: provider.kind, value });
        }
      }
      const ids = await this.repository.queue(m, p.tenantId, candidates, { trigger: 'bulk', force, bulkId: run.id, requestedBy: userOf(p) });
      await this.lookups.enqueue(m, p.tenantId, ids);
      run.queued = ids.length;
      await m.save(run);
      await this.audit.record(m, ctx, {
        action: 'lead.bulk_enrich',
        resourceType: 'enrichment_bulk_run',
        resourceId: run.id,
        metadata: { ...(dto.ids ? { ids: dto.ids.length } : { filter: describeFilter(dto.filter!) }), leads: leads.length, queued: ids.length, force },
      });
      return { id: run.id, leads: run.leads, queued: run.queued, pending: ids.length, succeeded: 0, failed: 0, skipped: 0, done: ids.length === 0, force, createdAt: run.createdAt };
    });
  }

  async bulkProgress(ctx: Caller, id: string): Promise<BulkEnrichRunDto> {
    return this.db.run(ctx.principal.tenantId, async (m) => {
      const run = await m.findOne(EnrichmentBulkRun, { where: { id } });
      if (!run) throw new NotFoundException('No bulk enrichment with this id');
      const counts = await this.repository.bulkProgress(m, id);
      return { id, leads: run.leads, queued: run.queued, pending: counts.queued, succeeded: counts.succeeded, failed: counts.failed, skipped: counts.skipped, done: counts.queued === 0, force: run.force, createdAt: run.createdAt };
    });
  }
}

