import type { PageFactory } from '@/app/lazy-page';
import { RequirePermission } from '@/components/auth/require-permission';
import { getSession, subscribeSession, type Session } from '@/lib/session';
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

// Loaders run side by side: on a reload the layout's loader is still restoring the session when this one starts.
function sessionKnown(): Promise<Session> {
  return new Promise((resolve) => {
    const check = () => {
      const session = getSession();
      if (session.status === 'unknown') return false;
      resolve(session);
      return true;
    };
    if (check()) return;
    const stop = subscribeSession(() => {
      if (check()) stop();
    });
  });
}

export const page: PageFactory = (queryClient) => ({
  Component: DashboardRoute,
  // Starts fetching the figures while the page's code loads. Not awaited: a failure is shown by the page (with
  // a retry), not as a route error, and its skeletons cover the wait.
  loader: ({ request }) => {
    const period = periodFromSearch(new URL(request.url).searchParams);
    void sessionKnown().then((session) => {
      if (session.status !== 'signed-in' || !session.user.permissions.includes('leads:read')) return;
      queryClient.ensureQueryData(leadStatsQueryOptions(period)).catch(() => undefined);
    });
    return null;
  },
});
