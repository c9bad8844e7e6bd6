import type { LeadPriority, LeadStatus, LeadType } from '@hotleads/shared';

// Lead enums as people read them, wherever a lead's status, priority or type is shown or picked.
export const STATUS_LABELS: Record<LeadStatus, string> = {
  unread: 'Unread',
  processing: 'Processing',
  contacted: 'Contacted',
  qualified: 'Qualified',
  converted: 'Converted',
  archived: 'Archived',
};

export const PRIORITY_LABELS: Record<LeadPriority, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  urgent: 'Urgent',
};

// Sources as people read them ("Acuity", "Forms"); an unknown source is shown capitalised.
const KNOWN_SOURCES: Record<string, string> = { api: 'API', form: 'Forms', import: 'Import', webhook: 'Webhooks' };

export function sourceLabel(source: string): string {
  return KNOWN_SOURCES[source] ?? (source ? `${source.charAt(0).toUpperCase()}${source.slice(1)}` : 'Unknown');
}

export const TYPE_LABELS: Record<LeadType, string> = {
  contact: 'Contact',
  cv_request: 'CV request',
  collaboration: 'Collaboration',
  custom: 'Custom',
};
