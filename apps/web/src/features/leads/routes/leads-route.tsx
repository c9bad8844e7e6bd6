import { Title } from '@mantine/core';
import type { PageFactory } from '@/app/lazy-page';
import { RequirePermission } from '@/components/auth/require-permission';

// Placeholder until the page lands.
function LeadsRoute() {
  return (
    <RequirePermission permission="leads:read">
      <title>Leads · Hot Leads</title>
      <Title order={1}>Leads</Title>
    </RequirePermission>
  );
}

export const page: PageFactory = () => ({ Component: LeadsRoute });
