import { Title } from '@mantine/core';
import type { PageFactory } from '@/app/lazy-page';
import { RequirePermission } from '@/components/auth/require-permission';

// Placeholder until the page lands.
function FormRoute() {
  return (
    <RequirePermission permission="forms:manage">
      <title>Form · Hot Leads</title>
      <Title order={1}>Form</Title>
    </RequirePermission>
  );
}

export const page: PageFactory = () => ({ Component: FormRoute });
