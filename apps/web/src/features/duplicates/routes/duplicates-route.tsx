import type { PageFactory } from '@/app/lazy-page';
import { RequirePermission } from '@/components/auth/require-permission';
import { sessionAllows } from '@/lib/authorization';
import { duplicatesQueryOptions } from '../api/get-duplicates';
import { DuplicatesPage } from '../components/duplicates-page';

function DuplicatesRoute() {
  return (
    <RequirePermission permission="leads:read">
      <title>Possible duplicates · Hot Leads</title>
      <DuplicatesPage />
    </RequirePermission>
  );
}

export const page: PageFactory = (queryClient) => ({
  Component: DuplicatesRoute,
  loader: () => {
    if (sessionAllows('leads:read')) queryClient.prefetchInfiniteQuery(duplicatesQueryOptions()).catch(() => undefined);
    return null;
  },
});
