import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { BUILT_IN_ROLES, RESERVED_SLUGS, slugFromName, type BuiltInRole } from '@hotleads/shared';
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
    const tenant = await m.save(m.create(Tenant, { name, slug: await this.freeSlug(m, name), settings: {} }));
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

  // The name's slug, or with a short random suffix when that is reserved or taken (the owner can change it).
  private async freeSlug(m: EntityManager, name: string): Promise<string> {
    // Two sign-ups with the same name at once would otherwise both find the slug free.
    await m.query(`select pg_advisory_xact_lock(hashtext('hotleads:workspace-slug'))`);
    const base = slugFromName(name);
    for (let candidate = base; ; candidate = `${base}-${randomBytes(3).toString('hex')}`) {
      if (RESERVED_SLUGS.has(candidate)) continue;
      const taken: unknown[] = await m.query(`select 1 from tenants where slug = $1`, [candidate]);
      if (taken.length === 0) return candidate;
    }
  }
}
