import { PERMISSION_GROUPS } from '@hotleads/shared';
import { Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconTrash } from '@tabler/icons-react';
import { useId, useState } from 'react';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import type { Role } from '@/lib/api/get-roles';
import { useDeleteRole } from '../api/delete-role';
import { PERMISSION_LABELS } from '../utils/permission-labels';
import { roleErrorMessage } from '../utils/role-messages';
import { usersCount } from '../utils/users-count';

interface CustomRoleCardProps {
  role: Role;
  // False when the role holds permissions the signed-in user lacks: the API would refuse the change.
  mayManage: boolean;
  onEdit: (role: Role) => void;
}

export function CustomRoleCard({ role, mayManage, onEdit }: CustomRoleCardProps) {
  const titleId = useId();
  const [confirming, setConfirming] = useState(false);
  const remove = useDeleteRole();
  const inUse = role.userCount > 0;

  const close = () => {
    remove.reset();
    setConfirming(false);
  };
  const confirm = () =>
    remove.mutate(role.id, {
      onSuccess: () => {
        setConfirming(false);
        notifications.show({ color: 'green', title: 'Role deleted', message: `${role.name} is gone.` });
      },
    });

  return (
    <Card component="section" withBorder padding="lg" aria-labelledby={titleId}>
      <Stack gap="sm" h="100%">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={2} miw={0}>
            <Title order={3} size="h4" id={titleId}>
              {role.name}
            </Title>
            {role.description && <Text size="sm">{role.description}</Text>}
          </Stack>
          <Badge variant="light" color="gray" style={{ flexShrink: 0 }}>
            {usersCount(role.userCount)}
          </Badge>
        </Group>
        {role.permissions.length === 0 ? (
          <Text size="sm" c="dimmed">
            No permissions: its users can only sign in.
          </Text>
        ) : (
          <Stack gap={6} component="dl" m={0}>
            {Object.entries(PERMISSION_GROUPS).map(([area, permissions]) => {
              const granted = permissions.filter((permission) => role.permissions.includes(permission));
              if (granted.length === 0) return null;
              return (
                <div key={area}>
                  <Text component="dt" size="xs" fw={700} tt="uppercase">
                    {area}
                  </Text>
                  <Text component="dd" size="sm" m={0}>
                    {granted.map((permission) => PERMISSION_LABELS[permission].label).join(', ')}
                  </Text>
                </div>
              );
            })}
          </Stack>
        )}
        <Group gap="xs" mt="auto">
          <Button variant="default" size="xs" leftSection={<IconPencil size={14} aria-hidden />} onClick={() => onEdit(role)} aria-label={`Edit ${role.name}`} disabled={!mayManage}>
            Edit
          </Button>
          <Button variant="subtle" color="red" size="xs" leftSection={<IconTrash size={14} aria-hidden />} onClick={() => setConfirming(true)} aria-label={`Delete ${role.name}`} disabled={!mayManage}>
            Delete
          </Button>
        </Group>
        {!mayManage && (
          <Text size="xs" c="dimmed" role="note">
            This role holds permissions you do not hold yourself: only an owner can change or delete it.
          </Text>
        )}
      </Stack>

      <ConfirmDialog
        opened={confirming}
        title={`Delete the role ${role.name}?`}
        confirmLabel="Delete role"
        busy={remove.isPending}
        error={remove.error ? roleErrorMessage(remove.error) : undefined}
        onConfirm={confirm}
        onClose={close}
      >
        <Text size="sm">
          {inUse
            ? `${usersCount(role.userCount)} still ${role.userCount === 1 ? 'has' : 'have'} this role, so it cannot be deleted yet: give ${role.userCount === 1 ? 'them' : 'each of them'} another role on the Users page first.`
            : 'Nobody has this role. Deleting it cannot be undone.'}
        </Text>
      </ConfirmDialog>
    </Card>
  );
}
