import type { PageFactory } from '@/app/lazy-page';
import { RequirePermission } from '@/components/auth/require-permission';
import { sessionAllows } from '@/lib/authorization';
import { importListQueryOptions, savedMappingQueryOptions } from '../api/imports';
import { ImportPage } from '../components/import-page';

function ImportRoute() {
  return (
    <RequirePermission permission="leads:import">
      <title>Import leads · Hot Leads</title>
      <ImportPage />
    </RequirePermission>
  );
}

export const page: PageFactory = (queryClient) => ({
  Component: ImportRoute,
  loader: () => {
    if (sessionAllows('leads:import')) {
      queryClient.prefetchQuery(savedMappingQueryOptions()).catch(() => undefined);
      queryClient.prefetchQuery(importListQueryOptions()).catch(() => undefined);
    }
    return null;
  },
});
