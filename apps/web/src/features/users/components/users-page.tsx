import { Button, Card, Center, Group, SegmentedControl, Skeleton, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { IconSearch, IconUserPlus, IconUsers } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { QueryError } from '@/components/ui/query-error';
import { useRoles } from '@/lib/api/get-roles';
import { useSignedIn } from '@/lib/authorization';
import { useUsers, type UserFilters, type UserStatus } from '../api/get-users';
import { grantorOf } from '../utils/role-options';
import { lastActiveOwnerId } from '../utils/user-protection';
import { InviteUserModal } from './invite-user-modal';
import { UsersTable } from './users-table';

const STATUS_FILTERS: { value: UserStatus | 'all'; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'active', label: 'Active' },
  { value: 'invited', label: 'Invited' },
  { value: 'disabled', label: 'Disabled' },
];

export function UsersPage() {
  const { user: me } = useSignedIn();
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<UserStatus | 'all'>('all');
  const [q] = useDebouncedValue(search.trim(), 300);
  const filters: UserFilters = useMemo(() => ({ q: q || undefined, status: status === 'all' ? undefined : status }), [q, status]);
  const users = useUsers(filters);
  const roles = useRoles();
  const [inviting, invite] = useDisclosure(false);

  const rows = useMemo(() => users.data?.pages.flatMap((page) => page.data) ?? [], [users.data]);
  const filtered = Boolean(filters.q || filters.status);
  const complete = !filtered && users.data !== undefined && !users.hasNextPage;
  const ownerRole = roles.data?.find((role) => role.key === 'owner');
  const lastOwnerId = lastActiveOwnerId({ ownerRole, allUsers: complete ? rows : undefined }, rows);
  const grantor = grantorOf(roles.data, me);

  const error = users.error ?? roles.error;
  const retry = () => void Promise.all([users.error && users.refetch(), roles.error && roles.refetch()]);

  return (
    <Stack gap="lg" maw={1200}>
      <Group justify="space-between" align="flex-start" gap="sm">
        <div>
          <Title order={1}>Users</Title>
          <Text c="dimmed">People who can sign in to this workspace, and the role that sets what each of them may do.</Text>
        </div>
        <Button leftSection={<IconUserPlus size={16} aria-hidden />} onClick={invite.open} disabled={!roles.data}>
          Invite user
        </Button>
      </Group>

      <Group gap="sm" align="flex-end" wrap="wrap">
        <TextInput
          label="Search"
          placeholder="Name or email"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          w={{ base: '100%', xs: 280 }}
          type="search"
        />
        <SegmentedControl aria-label="Status" data={STATUS_FILTERS} value={status} onChange={(value) => setStatus(value as UserStatus | 'all')} />
      </Group>

      {error ? (
        <QueryError what="the users" error={error} onRetry={retry} retrying={users.isFetching || roles.isFetching} />
      ) : !users.data || !roles.data ? (
        <Stack gap="xs" aria-busy="true" aria-label="Loading users">
          {Array.from({ length: 4 }, (_, index) => (
            <Skeleton key={index} height={52} />
          ))}
        </Stack>
      ) : rows.length === 0 ? (
        <Card withBorder padding="xl">
          <Center>
            <Stack align="center" gap="xs">
              <IconUsers size={32} stroke={1.5} aria-hidden />
              <Text fw={600}>{filtered ? 'No user matches these filters' : 'No users yet'}</Text>
              <Text size="sm" c="dimmed" ta="center">
                {filtered ? 'Try another name, or show every status.' : 'Invite your team: each person gets a link to choose a password.'}
              </Text>
            </Stack>
          </Center>
        </Card>
      ) : (
        <Card withBorder padding={0}>
          <UsersTable users={rows} roles={roles.data} grantor={grantor} currentUserId={me.id} lastOwnerId={lastOwnerId} />
        </Card>
      )}

      {users.hasNextPage && (
        <Group justify="center">
          <Button variant="default" onClick={() => void users.fetchNextPage()} loading={users.isFetchingNextPage}>
            Show more users
          </Button>
        </Group>
      )}

      {roles.data && <InviteUserModal opened={inviting} onClose={invite.close} roles={roles.data} grantor={grantor} />}
    </Stack>
  );
}
