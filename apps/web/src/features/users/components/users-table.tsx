import { Badge, Group, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import type { Role } from '@/lib/api/get-roles';
import type { User, UserStatus } from '../api/get-users';
import { formatLastSignIn } from '../utils/format-last-sign-in';
import { LeadCapacityCell } from './lead-capacity-cell';
import type { Grantor } from '@hotleads/shared';
import { protectionOf } from '../utils/user-protection';
import { UserActionsMenu } from './user-actions-menu';
import { UserRoleSelect } from './user-role-select';

const STATUS_BADGES: Record<UserStatus, { label: string; color: string }> = {
  active: { label: 'Active', color: 'green' },
  invited: { label: 'Invited', color: 'blue' },
  disabled: { label: 'Disabled', color: 'gray' },
};

interface UsersTableProps {
  users: readonly User[];
  roles: readonly Role[];
  grantor: Grantor;
  currentUserId: string;
  lastOwnerId: string | undefined;
}

export function UsersTable({ users, roles, grantor, currentUserId, lastOwnerId }: UsersTableProps) {
  return (
    // On a phone the table scrolls sideways; the role picker and the status come right after the (narrow)
    // user column, so they are the first thing to see and never cut off behind the other columns.
    <Table.ScrollContainer minWidth={960} type="native">
      <Table verticalSpacing="sm" highlightOnHover aria-label="Users">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>User</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Two-factor</Table.Th>
            <Table.Th>Last sign-in</Table.Th>
            <Table.Th>Lead capacity</Table.Th>
            <Table.Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.map((user) => {
            const role = roles.find((candidate) => candidate.id === user.roleId);
            const protection = protectionOf(user, currentUserId, lastOwnerId, grantor, role);
            const lastSignIn = formatLastSignIn(user.lastLoginAt);
            const status = STATUS_BADGES[user.status];
            return (
              <Table.Tr key={user.id} data-testid={`user-row-${user.email}`}>
                <Table.Td maw={200}>
                  <Stack gap={0}>
                    <Group gap={6} wrap="nowrap">
                      <Text size="sm" fw={600}>
                        {user.name || user.email}
                      </Text>
                      {user.id === currentUserId && (
                        <Badge size="xs" variant="outline" color="gray">
                          You
                        </Badge>
                      )}
                    </Group>
                    {user.name && (
                      <Text size="sm" c="dimmed" truncate title={user.email}>
                        {user.email}
                      </Text>
                    )}
                  </Stack>
                </Table.Td>
                <Table.Td>
                  <UserRoleSelect user={user} roles={roles} grantor={grantor} protection={protection} />
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Badge variant="dot" color={status.color}>
                    {status.label}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {user.status === 'invited' ? (
                    <Text size="sm" c="dimmed">
                      Not yet
                    </Text>
                  ) : (
                    <Badge variant="dot" color={user.mfaEnabled ? 'green' : 'gray'}>
                      {user.mfaEnabled ? 'On' : 'Off'}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" title={lastSignIn.exact}>
                    {lastSignIn.text}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <LeadCapacityCell user={user} />
                </Table.Td>
                <Table.Td ta="right">
                  <UserActionsMenu user={user} protection={protection} />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
