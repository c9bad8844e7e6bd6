import { Group, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLock } from '@tabler/icons-react';
import type { Role } from '@/lib/api/get-roles';
import type { User } from '../api/get-users';
import { useUpdateUser } from '../api/update-user';
import type { Grantor } from '@hotleads/shared';
import { roleOptions } from '../utils/role-options';
import { PROTECTION_MESSAGES, type Protection } from '../utils/user-protection';
import { userErrorMessage } from '../utils/user-messages';

interface UserRoleSelectProps {
  user: User;
  roles: readonly Role[];
  grantor: Grantor;
  protection: Protection | undefined;
}

// The role, changed in place; a protected user's role is shown with the reason it cannot change.
export function UserRoleSelect({ user, roles, grantor, protection }: UserRoleSelectProps) {
  const update = useUpdateUser();
  const name = user.name || user.email;

  if (protection) {
    return (
      <Stack gap={2}>
        <Text size="sm" fw={500}>
          {user.roleName}
        </Text>
        <Group gap={4} wrap="nowrap">
          <IconLock size={14} aria-hidden />
          <Text size="xs" title={PROTECTION_MESSAGES[protection].full}>
            {PROTECTION_MESSAGES[protection].short}
          </Text>
        </Group>
      </Stack>
    );
  }

  const change = (roleId: string | null) => {
    if (!roleId || roleId === user.roleId) return;
    const role = roles.find((candidate) => candidate.id === roleId);
    update.mutate(
      { id: user.id, change: { roleId } },
      {
        onSuccess: () => notifications.show({ color: 'green', title: 'Role changed', message: `${name} is now ${role?.name ?? 'in their new role'}.` }),
        onError: (error) => notifications.show({ color: 'red', title: 'The role was not changed', message: userErrorMessage(error) }),
      },
    );
  };

  return (
    <Select
      aria-label={`Role of ${name}`}
      data={roleOptions(roles, grantor)}
      value={user.roleId}
      onChange={change}
      allowDeselect={false}
      disabled={update.isPending}
      size="sm"
      w={170}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
