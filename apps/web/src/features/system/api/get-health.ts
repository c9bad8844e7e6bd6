import type { paths } from '@hotleads/api-client';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';

// The same body comes with 200 (all up) and 503 (a check failed), so one type covers both.
export type HealthReport = paths['/health']['get']['responses'][200]['content']['application/json'];

export type ComponentStatus = 'up' | 'down';

// 200 and 503 are both answers about the system: a 503 means "database down" and is data, not an error.
// Only a failed connection ("API unreachable") or another status is thrown, as an ApiError.
export async function getHealth(): Promise<HealthReport> {
  const { data, error, response } = await send(api.GET('/health'));
  if (data) return data;
  // The other errors (429, 500) are problem bodies, told apart by their `code`.
  if (response.status === 503 && error && !('code' in error)) return error;
  throw toApiError(response, error);
}

export function databaseStatus(report: HealthReport): ComponentStatus {
  return report.details?.database?.status === 'up' ? 'up' : 'down';
}

export const HEALTH_REFETCH_SECONDS = 30;

export const healthQueryOptions = () =>
  queryOptions({
    queryKey: ['system', 'health'],
    queryFn: getHealth,
    staleTime: 10_000,
    refetchInterval: HEALTH_REFETCH_SECONDS * 1000,
    // The page reports the state right now and has its own Retry button: no silent retries, and an error
    // already known when the page mounts is shown rather than fetched again.
    retry: false,
    retryOnMount: false,
  });

export function useHealth() {
  return useQuery(healthQueryOptions());
}
