export const LEAD_EXPORT_FORMATS = ['csv', 'json', 'ndjson'] as const;
export type LeadExportFormat = (typeof LEAD_EXPORT_FORMATS)[number];

export const LEAD_EXPORT_CONTENT_TYPES: Record<LeadExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
};
