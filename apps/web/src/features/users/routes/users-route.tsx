import { Title } from '@mantine/core';
import type { PageFactory } from '@/app/lazy-page';
import { RequirePermission } from '@/components/auth/require-permission';

// Placeholder until the page lands.
function UsersRoute() {
  return (
    <RequirePermission permission="users:manage">
      <title>Users · Hot Leads</title>
      <Title order={1}>Users</Title>
    </RequirePermission>
  );
}

export const page: PageFactory = () => ({ Component: UsersRoute });
