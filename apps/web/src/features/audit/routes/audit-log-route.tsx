import { Title } from '@mantine/core';
import type { PageFactory } from '@/app/lazy-page';
import { RequirePermission } from '@/components/auth/require-permission';

// Placeholder until the page lands.
function AuditLogRoute() {
  return (
    <RequirePermission permission="audit:read">
      <title>Audit log · Hot Leads</title>
      <Title order={1}>Audit log</Title>
    </RequirePermission>
  );
}

export const page: PageFactory = () => ({ Component: AuditLogRoute });
