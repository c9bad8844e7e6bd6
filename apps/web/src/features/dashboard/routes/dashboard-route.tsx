import { Title } from '@mantine/core';
import type { PageFactory } from '@/app/lazy-page';
import { RequirePermission } from '@/components/auth/require-permission';

// Placeholder until the page lands.
function DashboardRoute() {
  return (
    <RequirePermission permission="leads:read">
      <title>Dashboard · Hot Leads</title>
      <Title order={1}>Dashboard</Title>
    </RequirePermission>
  );
}

export const page: PageFactory = () => ({ Component: DashboardRoute });
