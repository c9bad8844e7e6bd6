import { mayManageHolderOf, permissionsBeyond, type Grantor, type Permission } from '@hotleads/shared';
import { Button, Card, Group, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconPlus, IconUserShield } from '@tabler/icons-react';
import { useId, useState } from 'react';
import { QueryError } from '@/components/ui/query-error';
import { useRoles, type Role } from '@/lib/api/get-roles';
import { useSignedIn } from '@/lib/authorization';
import { BuiltInRolesTable } from './built-in-roles-table';
import { CustomRoleCard } from './custom-role-card';
import { RoleEditorModal } from './role-editor-modal';

type Editing = { role: Role | undefined } | undefined;

export function RolesPage() {
  const { user: me } = useSignedIn();
  const roles = useRoles();
  const [editing, setEditing] = useState<Editing>();
  const customId = useId();
  const builtInId = useId();
  const isOwner = roles.data?.find((role) => role.id === me.roleId)?.key === 'owner';
  // The API's rules (@hotleads/shared): owners grant anything, everyone else only what they hold, and nobody
  // reshapes a role that holds more than they do.
  const grantor: Grantor = { isOwner, permissions: me.permissions };
  const mayGrant = (permission: Permission) => permissionsBeyond(grantor, [permission]).length === 0;

  const builtIn = roles.data?.filter((role) => role.builtIn) ?? [];
  const custom = roles.data?.filter((role) => !role.builtIn) ?? [];

  return (
    <Stack gap="xl" maw={1200}>
      <Group justify="space-between" align="flex-start" gap="sm">
        <div>
          <Title order={1}>Roles</Title>
          <Text c="dimmed">A role is a set of permissions. Use a built-in one, or make your own when none fits.</Text>
        </div>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing({ role: undefined })} disabled={!roles.data}>
          New role
        </Button>
      </Group>

      {roles.error ? (
        <QueryError what="the roles" error={roles.error} onRetry={() => void roles.refetch()} retrying={roles.isFetching} />
      ) : !roles.data ? (
        <Stack gap="md" aria-busy="true" aria-label="Loading roles">
          <Skeleton height={28} width={220} />
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Skeleton height={160} />
            <Skeleton height={160} />
          </SimpleGrid>
          <Skeleton height={28} width={220} />
          <Skeleton height={320} />
        </Stack>
      ) : (
        <>
          <Stack gap="sm" component="section" aria-labelledby={customId}>
            <Title order={2} size="h3" id={customId}>
              Custom roles
            </Title>
            {custom.length === 0 ? (
              <Card withBorder padding="xl">
                <Stack align="center" gap="xs">
                  <IconUserShield size={32} stroke={1.5} aria-hidden />
                  <Text fw={600}>No custom roles yet</Text>
                  <Text size="sm" c="dimmed" ta="center" maw={460}>
                    Make one when a built-in role gives too much or too little, for example an agent who may also export leads.
                  </Text>
                  <Button variant="light" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing({ role: undefined })}>
                    Create a role
                  </Button>
                </Stack>
              </Card>
            ) : (
              <SimpleGrid cols={{ base: 1, md: 2 }}>
                {custom.map((role) => (
                  <CustomRoleCard key={role.id} role={role} mayManage={mayManageHolderOf(grantor, role)} onEdit={(chosen) => setEditing({ role: chosen })} />
                ))}
              </SimpleGrid>
            )}
          </Stack>

          <Stack gap="sm" component="section" aria-labelledby={builtInId}>
            <div>
              <Title order={2} size="h3" id={builtInId}>
                Built-in roles
              </Title>
              <Text size="sm" c="dimmed">
                Part of every workspace and not editable: their permissions come with Hot Leads.
              </Text>
            </div>
            <Card withBorder padding={0}>
              <BuiltInRolesTable roles={builtIn} />
            </Card>
          </Stack>
        </>
      )}

      <RoleEditorModal role={editing?.role} opened={editing !== undefined} onClose={() => setEditing(undefined)} mayGrant={mayGrant} />
    </Stack>
  );
}
