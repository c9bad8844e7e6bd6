import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';
import type { AuditFilters } from '../utils/audit-filters';

const FALLBACK_NAME = 'audit-log.csv';

// The file name the API suggests in Content-Disposition, else a fixed one.
export function attachmentName(disposition: string | null): string {
  const match = disposition?.match(/filename="?([^";]+)"?/i);
  return match?.[1]?.trim() || FALLBACK_NAME;
}

// Every entry matching `filters`, as the CSV file the API streams (fetched with the session's token).
export async function exportAuditLogs(filters: AuditFilters): Promise<{ file: Blob; name: string }> {
  const { data, error, response } = await send(
    api.GET('/api/v1/audit-logs/export', {
      params: { query: filters },
      parseAs: 'blob',
    }),
  );
  if (!data) throw toApiError(response, error);
  return {
    file: data,
    name: attachmentName(response.headers.get('content-disposition')),
  };
}

// Hands a file to the browser's download manager.
export function saveFile(file: Blob, name: string): void {
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function useExportAuditLogs() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: exportAuditLogs,
    onSuccess: async ({ file, name }) => {
      saveFile(file, name);
      // The export is itself recorded in the audit log.
      await queryClient.invalidateQueries({ queryKey: ['audit', 'list'] });
    },
  });
}
