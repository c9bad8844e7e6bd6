import { Injectable } from '@nestjs/common';
import { BUILT_IN_ROLES, type BuiltInRole } from '@hotleads/shared';
import type { EntityManager } from 'typeorm';
import { DEFAULT_FORMS } from '../forms/default-forms';
import { Form } from '../forms/form.entity';
import { Tenant } from '../tenants/tenant.entity';
import { Role } from '../users/role.entity';

const ROLE_NAMES: Record<BuiltInRole, [name: string, description: string]> = {
  owner: ['Owner', 'Everything, including workspace settings. The last owner cannot be removed.'],
  admin: ['Admin', 'Everything, including users, roles, API keys and settings.'],
  manager: ['Manager', 'Works every lead, assigns, imports, exports and manages forms.'],
  agent: ['Agent', 'Reads every lead; changes the leads assigned to them or unassigned ones.'],
  viewer: ['Viewer', 'Reads leads; changes nothing.'],
};

// A new workspace with everything it starts with. It lives on the sign-up path (self-service sign-up, the
// first start) so that tenants, users and forms need not know about each other.
@Injectable()
export class WorkspacesService {
  // Runs in the caller's (cross-tenant) transaction.
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
