import { Title } from '@mantine/core';
import type { PageFactory } from '@/app/lazy-page';
import { RequirePermission } from '@/components/auth/require-permission';

// Placeholder until the page lands.
function AccountRoute() {
  return (
    <RequirePermission permission="leads:read">
      <title>Profile and security · Hot Leads</title>
      <Title order={1}>Profile and security</Title>
    </RequirePermission>
  );
}

export const page: PageFactory = () => ({ Component: AccountRoute });
