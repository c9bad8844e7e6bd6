import type { Schemas } from '@hotleads/api-client';
import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';
import type { AuditFilters } from '../utils/audit-filters';

export type AuditLogEntry = Schemas['AuditLogDto'];
export type AuditLogPage = Schemas['AuditLogPageDto'];

export const AUDIT_PAGE_SIZE = 50;

export async function getAuditLogs(filters: AuditFilters, cursor?: string): Promise<AuditLogPage> {
  const query = {
    ...filters,
    limit: AUDIT_PAGE_SIZE,
    ...(cursor ? { cursor } : {}),
  };
  const { data, error, response } = await send(api.GET('/api/v1/audit-logs', { params: { query } }));
  if (!data) throw toApiError(response, error);
  return data;
}

// Newest first; each further page continues from the previous page's keyset cursor.
export const auditLogsQueryOptions = (filters: AuditFilters) =>
  infiniteQueryOptions({
    queryKey: ['audit', 'list', filters],
    queryFn: ({ pageParam }) => getAuditLogs(filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

// While other filters load, the previous rows stay (dimmed) instead of a blank skeleton.
export function useAuditLogs(filters: AuditFilters) {
  return useInfiniteQuery({ ...auditLogsQueryOptions(filters), placeholderData: keepPreviousData });
}
