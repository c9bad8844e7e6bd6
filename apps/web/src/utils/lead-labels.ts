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

export const TYPE_LABELS: Record<LeadType, string> = {
  contact: 'Contact',
  cv_request: 'CV request',
  collaboration: 'Collaboration',
  custom: 'Custom',
};
