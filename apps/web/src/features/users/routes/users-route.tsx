import type { QueryClient } from '@tanstack/react-query';
import type { PageFactory } from '@/app/lazy-page';
import { RequirePermission } from '@/components/auth/require-permission';
import { whenSessionKnown } from '@/lib/session-known';
import { rolesQueryOptions } from '../api/get-roles';
import { usersQueryOptions } from '../api/get-users';
import { UsersPage } from '../components/users-page';

// Starts both reads while the page's code loads. Not awaited: prefetching never throws, and the page shows its own
// loading and error states.
const usersLoader = (queryClient: QueryClient) => () => {
  void whenSessionKnown().then((session) => {
    if (session.status !== 'signed-in' || !session.user.permissions.includes('users:manage')) return;
    void queryClient.prefetchInfiniteQuery(usersQueryOptions({}));
    void queryClient.prefetchQuery(rolesQueryOptions());
  });
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
