import type { PageFactory } from '@/app/lazy-page';
import { RequirePermission } from '@/components/auth/require-permission';
import { sessionAllows } from '@/lib/authorization';
import { myDayQueryOptions } from '../api/get-my-day';
import { MyDayPage } from '../components/my-day/my-day-page';

function MyDayRoute() {
  return (
    <RequirePermission permission="leads:read">
      <title>My day · Hot Leads</title>
      <MyDayPage />
    </RequirePermission>
  );
}

export const page: PageFactory = (queryClient) => ({
  Component: MyDayRoute,
  // Starts the request while the page's code loads; a failure is shown by the page, with a retry.
  loader: () => {
    if (sessionAllows('leads:read')) queryClient.ensureQueryData(myDayQueryOptions()).catch(() => undefined);
    return null;
  },
});
