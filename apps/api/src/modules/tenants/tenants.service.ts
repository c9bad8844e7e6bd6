import { Injectable } from '@nestjs/common';
import { BUILT_IN_ROLES, type BuiltInRole } from '@hotleads/shared';
import type { EntityManager } from 'typeorm';
import { DEFAULT_FORMS } from '../forms/default-forms';
import { Form } from '../forms/form.entity';
import { Role } from '../users/role.entity';
import { DEFAULT_TENANT_SETTINGS, Tenant, type TenantSettings } from './tenant.entity';

const ROLE_NAMES: Record<BuiltInRole, [name: string, description: string]> = {
  owner: ['Owner', 'Everything, including workspace settings. The last owner cannot be removed.'],
  admin: ['Admin', 'Everything, including users, roles, API keys and settings.'],
  manager: ['Manager', 'Works every lead, assigns, imports, exports and manages forms.'],
  agent: ['Agent', 'Reads every lead; changes the leads assigned to them or unassigned ones.'],
  viewer: ['Viewer', 'Reads leads; changes nothing.'],
};

export function tenantSettings(tenant: Pick<Tenant, 'settings'>): TenantSettings {
  const settings = { ...DEFAULT_TENANT_SETTINGS, ...tenant.settings };
  return { ...settings, slaMinutes: { ...DEFAULT_TENANT_SETTINGS.slaMinutes, ...tenant.settings.slaMinutes } };
}

@Injectable()
export class TenantsService {
  // Creates a workspace with its built-in roles and default forms. Runs in the caller's (cross-tenant) transaction.
  async create(m: EntityManager, name: string): Promise<{ tenant: Tenant; roles: Record<BuiltInRole, Role> }> {
    const tenant = await m.save(m.create(Tenant, { name, settings: {} }));
    const saved = await m.save(
      BUILT_IN_ROLES.map((key) =>
        m.create(Role, { tenantId: tenant.id, key, name: ROLE_NAMES[key][0], description: ROLE_NAMES[key][1], permissions: [] }),
      ),
    );
    const roles = Object.fromEntries(saved.map((r) => [r.key, r])) as Record<BuiltInRole, Role>;
    await m.insert(
      Form,
      DEFAULT_FORMS.map((form) => ({ tenantId: tenant.id, type: form.type, name: form.name })),
    );
    return { tenant, roles };
  }
}
