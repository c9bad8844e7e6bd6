import type { Permission } from '@hotleads/shared';
import type { EntityManager } from 'typeorm';
import type { UserPrincipal } from '../../common/auth/principal';
import { rolePermissions } from '../auth/principal-resolver.service';
import { GrantNotAllowedException } from './grant-not-allowed.exception';
import { Role } from './role.entity';

// The caller as someone handing out access: owners may grant anything, everyone else only what they hold.
export interface Grantor {
  isOwner: boolean;
  permissions: readonly Permission[];
}

export async function grantorOf(m: EntityManager, principal: UserPrincipal): Promise<Grantor> {
  const role = await m.findOneBy(Role, { id: principal.roleId });
  return { isOwner: role?.key === 'owner', permissions: principal.permissions };
}

export function assertMayGrantPermissions(grantor: Grantor, wanted: readonly Permission[]): void {
  if (grantor.isOwner) return;
  const missing = wanted.filter((p) => !grantor.permissions.includes(p));
  if (missing.length) {
    throw new GrantNotAllowedException(`Only an owner can grant permissions you do not hold yourself: ${missing.join(', ')}.`, missing);
  }
}

// Assigning a role to someone (invitation or role change).
export function assertMayGrantRole(grantor: Grantor, role: Pick<Role, 'key' | 'permissions'>): void {
  if (grantor.isOwner) return;
  if (role.key === 'owner') throw new GrantNotAllowedException('Only an owner can make someone an owner.');
  assertMayGrantPermissions(grantor, rolePermissions(role));
}
