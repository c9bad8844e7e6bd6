import { isBuiltInRole, rolePermissions } from '@hotleads/shared';
import type { RoleDto } from './dto/role.dto';
import type { RoleRow } from './roles.repository';

// Built-ins report the permissions they really grant (from @hotleads/shared), not their stored column.
export function toRoleDto(row: RoleRow): RoleDto {
  const key = row.key && isBuiltInRole(row.key) ? row.key : null;
  return {
    id: row.id,
    name: row.name,
    key,
    builtIn: key !== null,
    description: row.description,
    permissions: rolePermissions(row),
    userCount: row.userCount,
  };
}
