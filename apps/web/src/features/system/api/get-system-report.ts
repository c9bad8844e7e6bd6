import type { Schemas } from '@hotleads/api-client';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';

export type SystemReport = Schemas['SystemHealthDto'];
export type SystemCheck = Schemas['SystemCheckDto'];
export type QueueStats = Schemas['QueueStatsDto'];
export type AuditEntry = Schemas['AuditLogDto'];

export const SYSTEM_REFRESH_SECONDS = 10;
export const LATEST_AUDIT_ENTRIES = 10;

export async function getSystemReport(): Promise<SystemReport> {
  const { data, error, response } = await send(api.GET('/api/v1/system/health'));
  if (!data) throw toApiError(response, error);
  return data;
}

// Live: read again every few seconds while the page is open (and on focus), never retried silently: a failed
// read is itself news on this page.
export const systemReportQueryOptions = () =>
  queryOptions({
    queryKey: ['system', 'report'],
    queryFn: getSystemReport,
    refetchInterval: SYSTEM_REFRESH_SECONDS * 1000,
    retry: false,
  });

export function useSystemReport() {
  return useQuery(systemReportQueryOptions());
}

async function getLatestAudit(): Promise<AuditEntry[]> {
  const { data, error, response } = await send(api.GET('/api/v1/audit-logs', { params: { query: { limit: LATEST_AUDIT_ENTRIES } } }));
  if (!data) throw toApiError(response, error);
  return data.data;
}

export function useLatestAudit(enabled: boolean) {
  return useQuery({ queryKey: ['audit', 'latest'], queryFn: getLatestAudit, enabled, refetchInterval: SYSTEM_REFRESH_SECONDS * 1000, retry: false });
}
