import type { QueryClient } from '@tanstack/react-query';
import { healthQueryOptions } from '@/features/system/api/get-health';
import { SystemStatus } from '@/features/system/components/system-status';

// Starts the health check while the page's code loads. Not awaited: on this page a failed check is
// content (the error state), not a route error, and the page's skeleton covers the wait.
export const statusLoader = (queryClient: QueryClient) => () => {
  queryClient.ensureQueryData(healthQueryOptions()).catch(() => undefined);
  return null;
};

export function StatusRoute() {
  return (
    <>
      <title>System status · Hot Leads</title>
      <SystemStatus />
    </>
  );
}
