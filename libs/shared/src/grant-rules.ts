import { isPermission, type Permission } from './permissions';
import { BUILT_IN_ROLE_PERMISSIONS, isBuiltInRole } from './roles';

// Who may hand out access and manage whom: one rule for the API (users, invitations, roles) and the admin
// app, which greys out what the API would refuse. Roles are passed as stored: a built-in `key`, or the
// permission list of a custom role.
export interface RoleLike {
  key: string | null;
  permissions: readonly string[];
}

// The caller as someone handing out access: owners may grant anything, everyone else only what they hold.
export interface Grantor {
  isOwner: boolean;
  permissions: readonly Permission[];
}

// What a role really grants: a built-in role's permissions come from the code, never from its stored row.
export function rolePermissions(role: RoleLike): Permission[] {
  if (role.key && isBuiltInRole(role.key)) return [...BUILT_IN_ROLE_PERMISSIONS[role.key]];
  return role.permissions.filter(isPermission);
}

export function grantorOfRole(role: RoleLike): Grantor {
  return { isOwner: role.key === 'owner', permissions: rolePermissions(role) };
}

// The permissions among `wanted` the grantor may not hand out (none for an owner).
export function permissionsBeyond(grantor: Grantor, wanted: readonly Permission[]): Permission[] {
  if (grantor.isOwner) return [];
  return wanted.filter((permission) => !grantor.permissions.includes(permission));
}

// Giving someone a role (invitation, re-issued invitation, role change): owner only by owners, any other
// role only when it grants nothing the grantor lacks.
export function mayGrantRole(grantor: Grantor, role: RoleLike): boolean {
  if (grantor.isOwner) return true;
  if (role.key === 'owner') return false;
  return permissionsBeyond(grantor, rolePermissions(role)).length === 0;
}

// Changing the role of, disabling or deleting a user, or editing or deleting a custom role: allowed only over
// a role the actor could have granted, so nobody acts on someone who holds more than they do.
export function mayManageHolderOf(grantor: Grantor, role: RoleLike): boolean {
  return mayGrantRole(grantor, role);
}
