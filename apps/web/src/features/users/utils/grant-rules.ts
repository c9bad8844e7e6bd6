import type { Permission } from '@hotleads/shared';
import type { Role } from '@/lib/api/get-roles';

export interface Grantor {
  isOwner: boolean;
  permissions: readonly Permission[];
}

// The API's rule for invitations and role changes: owners may give any role; others only a role that is not
// owner and grants nothing they lack themselves.
export function mayGrantRole(grantor: Grantor, role: Pick<Role, 'key' | 'permissions'>): boolean {
  if (grantor.isOwner) return true;
  if (role.key === 'owner') return false;
  return role.permissions.every((permission) => grantor.permissions.includes(permission));
}
