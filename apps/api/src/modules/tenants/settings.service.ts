import { isDeepStrictEqual } from 'node:util';
import { Injectable } from '@nestjs/common';
import { assertRecentAuthentication } from '../../common/auth/recent-authentication';
import type { AuthedContext } from '../../common/auth/request-context';
import { queryRows } from '../../common/db/sql';
import { TenantDb } from '../../common/db/tenant-db.service';
import { AuditService } from '../audit/audit.service';
import type { SettingsDto } from './dto/settings.dto';
import type { UpdateSettingsDto } from './dto/update-settings.dto';
import { Tenant, type TenantSettings } from './tenant.entity';
import { tenantSettings } from './tenant-settings';

// Settings that decide how people sign in: changing them needs a recent sign-in (never an API key).
const AUTHENTICATION_SETTINGS: ReadonlyArray<keyof TenantSettings> = ['requireMfa'];

function toSettingsDto(tenant: Pick<Tenant, 'name' | 'settings'>): SettingsDto {
  const settings = tenantSettings(tenant);
  return { name: tenant.name, requireMfa: settings.requireMfa, slaMinutes: settings.slaMinutes, trashRetentionDays: settings.trashRetentionDays, phoneCountry: settings.phoneCountry };
}

@Injectable()
export class SettingsService {
  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
  ) {}

  get(ctx: AuthedContext): Promise<SettingsDto> {
    const { tenantId } = ctx.principal;
    return this.db.run(tenantId, async (m) => toSettingsDto(await m.findOneByOrFail(Tenant, { id: tenantId })));
  }

  // Only the fields sent change; the settings document is merged key by key, so keys this DTO does not
  // know (written by other features) survive. Records `settings.update` with before/after of what changed.
  update(ctx: AuthedContext, dto: UpdateSettingsDto): Promise<SettingsDto> {
    const { tenantId } = ctx.principal;
    const { name, ...rest } = dto;
    const patch = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as Partial<TenantSettings>;
    return this.db.run(tenantId, async (m) => {
      const tenant = await m.findOneOrFail(Tenant, { where: { id: tenantId }, lock: { mode: 'pessimistic_write' } });
      const current = tenantSettings(tenant);
      // Targets not sent keep their values.
      if (patch.slaMinutes) patch.slaMinutes = { ...current.slaMinutes, ...patch.slaMinutes };
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      if (name !== undefined && name !== tenant.name) changes.name = { from: tenant.name, to: name };
      for (const [key, to] of Object.entries(patch)) {
        const from = current[key as keyof TenantSettings];
        if (!isDeepStrictEqual(from, to)) changes[key] = { from, to };
      }
      if (Object.keys(changes).length === 0) return toSettingsDto(tenant);
      if (AUTHENTICATION_SETTINGS.some((key) => key in changes)) await assertRecentAuthentication(m, ctx.principal);
      const [updated] = await queryRows<Pick<Tenant, 'name' | 'settings'>>(
        m,
        `update tenants set name = coalesce($2, name), settings = settings || $3::jsonb where id = $1 returning name, settings`,
        [tenantId, name ?? null, JSON.stringify(patch)],
      );
      await this.audit.record(m, ctx, { action: 'settings.update', resourceType: 'tenant', resourceId: tenantId, changes });
      return toSettingsDto(updated);
    });
  }
}
