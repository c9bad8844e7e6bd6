import { DEFAULT_TENANT_SETTINGS, type Tenant, type TenantSettings } from './tenant.entity';

// The stored settings over the defaults, so a key added later has its value in every workspace.
export function tenantSettings(tenant: Pick<Tenant, 'settings'>): TenantSettings {
  const settings = { ...DEFAULT_TENANT_SETTINGS, ...tenant.settings };
  return { ...settings, slaMinutes: { ...DEFAULT_TENANT_SETTINGS.slaMinutes, ...tenant.settings.slaMinutes } };
}
