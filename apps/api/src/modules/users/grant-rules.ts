import {
  grantorOfRole,
  mayGrantRole,
  mayManageHolderOf,
  permissionsBeyond,
  rolePermissions,
  type Grantor,
  type Permission,
  type RoleLike,
} from '@hotleads/shared';
import type { EntityManager } from 'typeorm';
import type { UserPrincipal } from '../../common/auth/principal';
import { GrantNotAllowedException } from './grant-not-allowed.exception';
import { ManageNotAllowedException } from './manage-not-allowed.exception';
import { Role } from './role.entity';

// The rules themselves live in @hotleads/shared, where the admin app reads them too; these turn a refusal
// into the problem the API answers.

export async function grantorOf(m: EntityManager, principal: UserPrincipal): Promise<Grantor> {
  const role = await m.findOneByOrFail(Role, { id: principal.roleId });
  return grantorOfRole(role);
}

export function assertMayGrantPermissions(grantor: Grantor, wanted: readonly Permission[]): void {
  const missing = permissionsBeyond(grantor, wanted);
  if (missing.length) {
    throw new GrantNotAllowedException(`Only an owner can grant permissions you do not hold yourself: ${missing.join(', ')}.`, missing);
  }
}

// Assigning a role to someone (invitation or role change).
export function assertMayGrantRole(grantor: Grantor, role: RoleLike): void {
  if (mayGrantRole(grantor, role)) return;
  if (role.key === 'owner') throw new GrantNotAllowedException('Only an owner can make someone an owner.');
  assertMayGrantPermissions(grantor, rolePermissions(role));
}

// Changing, disabling or deleting a user who holds `role`, or editing or deleting that custom role.
export function assertMayManageHolderOf(grantor: Grantor, role: RoleLike, what: 'user' | 'role'): void {
  if (mayManageHolderOf(grantor, role)) return;
  const detail =
    role.key === 'owner'
      ? 'Only an owner can change, disable or delete an owner.'
      : what === 'user'
        ? 'This user holds permissions you do not hold yourself; only an owner or someone holding them can change, disable or delete them.'
        : 'This role holds permissions you do not hold yourself; only an owner or someone holding them can change or delete it.';
  throw new ManageNotAllowedException(detail);
}
