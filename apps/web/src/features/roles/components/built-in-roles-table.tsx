import { PERMISSION_GROUPS } from '@hotleads/shared';
import { Table, Text, VisuallyHidden } from '@mantine/core';
import { IconCheck, IconMinus } from '@tabler/icons-react';
import { Fragment } from 'react';
import type { Role } from '@/lib/api/get-roles';
import { PERMISSION_LABELS } from '../utils/permission-labels';
import { usersCount } from '../utils/users-count';

// The built-in roles side by side, one row per permission: what sets them apart reads at a glance.
export function BuiltInRolesTable({ roles }: { roles: readonly Role[] }) {
  return (
    <Table.ScrollContainer minWidth={720} type="native">
      <Table withColumnBorders verticalSpacing="xs" aria-label="Permissions of the built-in roles">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Permission</Table.Th>
            {roles.map((role) => (
              <Table.Th key={role.id} scope="col" ta="center">
                <Text size="sm" fw={700}>
                  {role.name}
                </Text>
                <Text size="xs" fw={400} c="dimmed">
                  {usersCount(role.userCount)}
                </Text>
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {Object.entries(PERMISSION_GROUPS).map(([area, permissions]) => (
            <Fragment key={area}>
              <Table.Tr bg="var(--mantine-color-default-hover)">
                <Table.Th scope="colgroup" colSpan={roles.length + 1}>
                  {area}
                </Table.Th>
              </Table.Tr>
              {permissions.map((permission) => (
                <Table.Tr key={permission}>
                  <Table.Th scope="row" fw={400}>
                    <Text size="sm">{PERMISSION_LABELS[permission].label}</Text>
                    <Text size="xs" c="dimmed">
                      {PERMISSION_LABELS[permission].description}
                    </Text>
                  </Table.Th>
                  {roles.map((role) => {
                    const granted = role.permissions.includes(permission);
                    return (
                      <Table.Td key={role.id} ta="center">
                        {granted ? (
                          <IconCheck size={18} color="var(--mantine-color-green-filled)" aria-hidden />
                        ) : (
                          <IconMinus size={16} color="var(--mantine-color-dimmed)" aria-hidden />
                        )}
                        <VisuallyHidden>{granted ? 'Granted' : 'Not granted'}</VisuallyHidden>
                      </Table.Td>
                    );
                  })}
                </Table.Tr>
              ))}
            </Fragment>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
