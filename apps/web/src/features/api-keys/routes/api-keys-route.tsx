import { Title } from '@mantine/core';
import type { PageFactory } from '@/app/lazy-page';
import { RequirePermission } from '@/components/auth/require-permission';

// Placeholder until the page lands.
function ApiKeysRoute() {
  return (
    <RequirePermission permission="api-keys:manage">
      <title>API keys · Hot Leads</title>
      <Title order={1}>API keys</Title>
    </RequirePermission>
  );
}

export const page: PageFactory = () => ({ Component: ApiKeysRoute });
