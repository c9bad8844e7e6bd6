import type { PageFactory } from '@/app/lazy-page';
import { RequirePermission } from '@/components/auth/require-permission';
import { sessionAllows } from '@/lib/authorization';
import { leadStatsQueryOptions } from '../api/get-lead-stats';
import { Dashboard } from '../components/dashboard';
import { periodFromSearch } from '../utils/period';

function DashboardRoute() {
  return (
    <RequirePermission permission="leads:read">
      <title>Dashboard · Hot Leads</title>
      <Dashboard />
    </RequirePermission>
  );
}

export const page: PageFactory = (queryClient) => ({
  Component: DashboardRoute,
  // Starts fetching the figures while the page's code loads. Not awaited: a failure is shown by the page (with
  // a retry), not as a route error, and its skeletons cover the wait.
  loader: ({ request }) => {
    const period = periodFromSearch(new URL(request.url).searchParams);
    if (sessionAllows('leads:read')) queryClient.ensureQueryData(leadStatsQueryOptions(period)).catch(() => undefined);
    return null;
  },
});
