import { useMutation } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';
import { toFilterBody, type LeadFilters } from '../utils/lead-filters';

export type ExportFormat = 'csv' | 'json';

const pad = (value: number) => String(value).padStart(2, '0');

export function exportFilename(format: ExportFormat, now = new Date()): string {
  return `hotleads-leads-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.${format}`;
}

// GET /api/v1/leads/export streams every matching lead. The answer is collected into a Blob, which keeps
// the bearer token out of any URL and works in every browser; the cost is that the whole file sits in
// memory until saved, fine for tens of thousands of rows but heavy for a million-lead export (for those a
// short-lived signed download link, which the browser would stream to disk, is the better design).
export async function exportLeads(filters: LeadFilters, format: ExportFormat): Promise<{ blob: Blob; filename: string }> {
  const { data, error, response } = await send(
    api.GET('/api/v1/leads/export', { params: { query: { ...toFilterBody(filters), format } }, parseAs: 'blob' }),
  );
  if (!data) throw toApiError(response, error);
  return { blob: data, filename: exportFilename(format) };
}

// Hands a file to the browser's download manager.
export function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the URL; revoking right away can cancel it in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function useExportLeads() {
  return useMutation({
    mutationKey: ['leads', 'export'],
    mutationFn: async ({ filters, format }: { filters: LeadFilters; format: ExportFormat }) => {
      const file = await exportLeads(filters, format);
      saveFile(file.blob, file.filename);
      return file;
    },
  });
}
