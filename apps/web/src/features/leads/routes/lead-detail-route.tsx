import type { PageFactory } from '@/app/lazy-page';
import { RequirePermission } from '@/components/auth/require-permission';
import { leadQueryOptions } from '@/features/leads/api/get-lead';
import { LeadDetailPanel } from '@/features/leads/components/lead-detail/lead-detail-panel';
import { getSession } from '@/lib/session';
import { useParams } from 'react-router';

// The lead beside the list (the list page renders this route in its <Outlet />).
function LeadDetailRoute() {
  const { leadId = '' } = useParams();
  return (
    <RequirePermission permission="leads:read">
      <LeadDetailPanel leadId={leadId} />
    </RequirePermission>
  );
}

export const page: PageFactory = (queryClient) => ({
  Component: LeadDetailRoute,
  // Starts the fetch with the route's code; not awaited, so the list stays interactive while it loads
  // and the panel shows its own skeleton or the previous lead. On a fresh page load the session is still
  // being restored (by the layout's loader, run alongside): the panel fetches once it renders instead.
  loader: ({ params }) => {
    if (params.leadId && getSession().status === 'signed-in') void queryClient.prefetchQuery(leadQueryOptions(params.leadId));
    return null;
  },
});
