import { Title } from '@mantine/core';
import type { PageFactory } from '@/app/lazy-page';
import { RequirePermission } from '@/components/auth/require-permission';

// Placeholder until the page lands.
function SettingsRoute() {
  return (
    <RequirePermission permission="settings:manage">
      <title>Settings · Hot Leads</title>
      <Title order={1}>Settings</Title>
    </RequirePermission>
  );
}

export const page: PageFactory = () => ({ Component: SettingsRoute });
