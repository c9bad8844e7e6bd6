import type { ComboboxItem, ComboboxItemGroup } from '@mantine/core';
import type { Role } from '@/lib/api/get-roles';
import { mayGrantRole, type Grantor } from '@hotleads/shared';

// Select options, built-in roles first; the ones the grantor may not give are shown but disabled.
export function roleOptions(roles: readonly Role[], grantor: Grantor): ComboboxItemGroup<ComboboxItem>[] {
  const option = (role: Role) => ({ value: role.id, label: role.name, disabled: !mayGrantRole(grantor, role) });
  const groups = [
    { group: 'Built-in roles', items: roles.filter((role) => role.builtIn).map(option) },
    { group: 'Custom roles', items: roles.filter((role) => !role.builtIn).map(option) },
  ];
  return groups.filter((group) => group.items.length > 0);
}

export function grantorOf(roles: readonly Role[] | undefined, user: { roleId: string; permissions: Grantor['permissions'] }): Grantor {
  const role = roles?.find((candidate) => candidate.id === user.roleId);
  return { isOwner: role?.key === 'owner', permissions: user.permissions };
}
