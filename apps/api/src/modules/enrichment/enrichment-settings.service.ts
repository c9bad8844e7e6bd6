import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { UserPrincipal } from '../../common/auth/principal';
import type { AuthedContext } from '../../common/auth/request-context';
import { TenantDb } from '../../common/db/tenant-db.service';
import { AuditService } from '../audit/audit.service';
import { IntegrationConnection } from '../integrations/integration-connection.entity';
import type { EnrichmentSettingsDto, UpdateEnrichmentSettingsDto } from './dto/enrichment-settings.dto';
import { EnrichmentProviders } from './enrichment-providers.service';
import { EnrichmentRepository } from './enrichment.repository';
import { EnrichmentSettings, type ProviderSetting } from './enrichment-settings.entity';
import { DEFAULT_DAILY_BUDGET, type EnrichmentMode, type EnrichmentProviderName } from './enrichment-values';

export interface EffectiveSettings {
  mode: EnrichmentMode;
  feedFrom: Date;
  providers: Record<EnrichmentProviderName, ProviderSetting>;
}

// A workspace's enrichment settings. A provider not mentioned yet runs (once it has a connection) with the
// default budget: connecting Kickbox is enough to start verifying emails.
@Injectable()
export class EnrichmentSettingsService {
  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
    private readonly providers: EnrichmentProviders,
    private readonly repository: EnrichmentRepository,
  ) {}

  async effective(m: EntityManager, tenantId: string): Promise<EffectiveSettings> {
    const row = await m.findOne(EnrichmentSettings, { where: { tenantId } });
    const providers = {} as Record<EnrichmentProviderName, ProviderSetting>;
    for (const name of this.providers.names()) {
      const stored = row?.providers[name];
      providers[name] = { enabled: stored?.enabled ?? true, dailyBudget: stored?.dailyBudget ?? DEFAULT_DAILY_BUDGET };
    }
    return { mode: row?.mode ?? 'auto', feedFrom: row?.feedFrom ?? new Date(), providers };
  }

  get(ctx: AuthedContext<UserPrincipal>): Promise<EnrichmentSettingsDto> {
    return this.db.run(ctx.principal.tenantId, (m) => this.describe(m, ctx.principal.tenantId));
  }

  async update(ctx: AuthedContext<UserPrincipal>, dto: UpdateEnrichmentSettingsDto): Promise<EnrichmentSettingsDto> {
    const tenantId = ctx.principal.tenantId;
    return this.db.run(tenantId, async (m) => {
      // The row exists from the first read or write on; a lock keeps two saves from losing each other's fields.
      await m.query(`INSERT INTO enrichment_settings (tenant_id) VALUES ($1) ON CONFLICT DO NOTHING`, [tenantId]);
      const row = await m.findOneOrFail(EnrichmentSettings, { where: { tenantId }, lock: { mode: 'pessimistic_write' } });
      const before = { mode: row.mode, providers: { ...row.providers } };
      if (dto.mode !== undefined) row.mode = dto.mode;
      const current = await this.effective(m, tenantId);
      const next = { ...row.providers };
      for (const [name, change] of Object.entries(dto.providers ?? {}) as Array<[EnrichmentProviderName, Partial<ProviderSetting> | undefined]>) {
        if (!change) continue;
        next[name] = { enabled: change.enabled ?? current.providers[name].enabled, dailyBudget: change.dailyBudget ?? current.providers[name].dailyBudget };
      }
      row.providers = next;
      // Switching to automatic starts the feed now: leads changed while it was off are bulk-enrich's.
      if (dto.mode === 'auto' && before.mode !== 'auto') row.feedFrom = new Date();
      row.updatedBy = ctx.principal.userId;
      await m.save(row);
      await this.audit.record(m, ctx, { action: 'enrichment.settings.update', resourceType: 'enrichment_settings', resourceId: tenantId, changes: { before, after: { mode: row.mode, providers: row.providers } } });
      return this.describe(m, tenantId);
    });
  }

  private async describe(m: EntityManager, tenantId: string): Promise<EnrichmentSettingsDto> {
    const settings = await this.effective(m, tenantId);
    const usage = await this.repository.usageToday(m);
    const connections = await m.find(IntegrationConnection, { where: this.providers.names().map((provider) => ({ provider })), order: { createdAt: 'ASC' } });
    return {
      mode: settings.mode,
      providers: this.providers.all.map((p) => {
        const used = usage.find((u) => u.provider === p.name);
        const connection = connections.find((c) => c.provider === p.name && c.status === 'active') ?? connections.find((c) => c.provider === p.name);
        return {
          provider: p.name,
          label: p.label,
          kind: p.kind,
          enabled: settings.providers[p.name].enabled,
          dailyBudget: settings.providers[p.name].dailyBudget,
          usedToday: used?.lookups ?? 0,
          cachedToday: used?.cached ?? 0,
          skippedToday: used?.skipped ?? 0,
          ...(connection ? { connection: { id: connection.id, name: connection.name, status: connection.status, lastError: connection.lastError } } : {}),
        };
      }),
    };
  }
}
