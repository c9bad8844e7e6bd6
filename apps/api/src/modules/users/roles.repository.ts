import { Injectable } from '@nestjs/common';
import { BUILT_IN_ROLES } from '@hotleads/shared';
import type { EntityManager } from 'typeorm';

export interface RoleRow {
  id: string;
  name: string;
  key: string | null;
  description: string;
  permissions: string[];
  userCount: number;
}

// Roles with how many users hold each; built-ins first in their fixed order, then custom roles by name.
@Injectable()
export class RolesRepository {
  list(m: EntityManager, tenantId: string): Promise<RoleRow[]> {
    return m.query(
      `select r.id, r.name, r.key, r.description, r.permissions,
              (select count(*) from users u where u.role_id = r.id)::int as "userCount"
         from roles r
        where r.tenant_id = $1
        order by array_position($2::text[], r.key) nulls last, lower(r.name), r.id`,
      [tenantId, BUILT_IN_ROLES],
    );
  }

  async findOne(m: EntityManager, tenantId: string, id: string): Promise<RoleRow | undefined> {
    const rows: RoleRow[] = await m.query(
      `select r.id, r.name, r.key, r.description, r.permissions,
              (select count(*) from users u where u.role_id = r.id)::int as "userCount"
         from roles r
        where r.tenant_id = $1 and r.id = $2`,
      [tenantId, id],
    );
    return rows[0];
  }

  // Case-insensitive, so "admin" cannot sit beside the built-in "Admin".
  async nameTaken(m: EntityManager, tenantId: string, name: string, exceptId?: string): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `select 1 from roles where tenant_id = $1 and lower(name) = lower($2) and ($3::uuid is null or id <> $3::uuid) limit 1`,
      [tenantId, name, exceptId ?? null],
    );
    return rows.length > 0;
  }
}
