import type { PageFactory } from '@/app/lazy-page';
import { RequirePermission } from '@/components/auth/require-permission';
import { getAccessToken, refreshAccessToken } from '@/lib/access-token';
import { getSession } from '@/lib/session';
import { LeadsPage } from '../components/leads-page/leads-page';
import { leadsListKey, leadsListQueryOptions } from '../api/list-leads';
import { parseLeadFilters } from '../utils/lead-filters';

function LeadsRoute() {
  return (
    <RequirePermission permission="leads:read">
      <title>Leads · Hot Leads</title>
      <LeadsPage />
    </RequirePermission>
  );
}

// Starts the first page while the page's code loads (not awaited: the table shows skeleton rows meanwhile).
// Only when nothing is cached: an infinite list already loaded would otherwise refetch every page it holds.
// Only with a session: this loader runs beside the layout's, which may be about to send the visitor to sign in.
export const page: PageFactory = (queryClient) => ({
  Component: LeadsRoute,
  loader: ({ request }) => {
    const filters = parseLeadFilters(new URL(request.url).searchParams);
    if (queryClient.getQueryData(leadsListKey(filters))) return null;
    void (async () => {
      if (!(getAccessToken() ?? (await refreshAccessToken()))) return;
      const session = getSession();
      if (session.status === 'signed-in' && !session.user.permissions.includes('leads:read')) return;
      await queryClient.prefetchInfiniteQuery(leadsListQueryOptions(filters));
    })();
    return null;
  },
});
