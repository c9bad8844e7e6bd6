import type { QueryClient } from '@tanstack/react-query';
import type { PageFactory } from '@/app/lazy-page';
import { RequirePermission } from '@/components/auth/require-permission';
import { rolesQueryOptions } from '@/lib/api/get-roles';
import { sessionAllows } from '@/lib/authorization';
import { usersQueryOptions } from '../api/get-users';
import { UsersPage } from '../components/users-page';

// Starts both reads while the page's code loads. Not awaited: prefetching never throws, and the page shows its own
// loading and error states.
const usersLoader = (queryClient: QueryClient) => () => {
  if (!sessionAllows('users:manage')) return null;
  void queryClient.prefetchInfiniteQuery(usersQueryOptions({}));
  void queryClient.prefetchQuery(rolesQueryOptions());
  return null;
};

function UsersRoute() {
  return (
    <RequirePermission permission="users:manage">
      <title>Users · Hot Leads</title>
      <UsersPage />
    </RequirePermission>
  );
}

export const page: PageFactory = (queryClient) => ({ Component: UsersRoute, loader: usersLoader(queryClient) });
