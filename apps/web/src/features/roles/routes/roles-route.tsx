import { Title } from '@mantine/core';
import type { PageFactory } from '@/app/lazy-page';
import { RequirePermission } from '@/components/auth/require-permission';

// Placeholder until the page lands.
function RolesRoute() {
  return (
    <RequirePermission permission="users:manage">
      <title>Roles · Hot Leads</title>
      <Title order={1}>Roles</Title>
    </RequirePermission>
  );
}

export const page: PageFactory = () => ({ Component: RolesRoute });
