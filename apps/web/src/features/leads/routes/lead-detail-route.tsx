import { Title } from '@mantine/core';
import type { PageFactory } from '@/app/lazy-page';
import { RequirePermission } from '@/components/auth/require-permission';

// Placeholder until the page lands.
function LeadDetailRoute() {
  return (
    <RequirePermission permission="leads:read">
      <title>Lead · Hot Leads</title>
      <Title order={1}>Lead</Title>
    </RequirePermission>
  );
}

export const page: PageFactory = () => ({ Component: LeadDetailRoute });
