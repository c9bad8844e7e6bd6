import type { QueryClient } from '@tanstack/react-query';
import type { PageFactory } from '@/app/lazy-page';
import { RequirePermission } from '@/components/auth/require-permission';
import { rolesQueryOptions } from '@/lib/api/get-roles';
import { sessionAllows } from '@/lib/authorization';
import { RolesPage } from '../components/roles-page';

// Starts the read while the page's code loads; the page shows its own loading and error states.
const rolesLoader = (queryClient: QueryClient) => () => {
  if (sessionAllows('users:manage')) void queryClient.prefetchQuery(rolesQueryOptions());
  return null;
};

function RolesRoute() {
  return (
    <RequirePermission permission="users:manage">
      <title>Roles · Hot Leads</title>
      <RolesPage />
    </RequirePermission>
  );
}

export const page: PageFactory = (queryClient) => ({ Component: RolesRoute, loader: rolesLoader(queryClient) });
