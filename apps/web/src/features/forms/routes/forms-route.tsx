import { Title } from '@mantine/core';
import type { PageFactory } from '@/app/lazy-page';
import { RequirePermission } from '@/components/auth/require-permission';

// Placeholder until the page lands.
function FormsRoute() {
  return (
    <RequirePermission permission="forms:manage">
      <title>Forms · Hot Leads</title>
      <Title order={1}>Forms</Title>
    </RequirePermission>
  );
}

export const page: PageFactory = () => ({ Component: FormsRoute });
