import type { LeadPriority, LeadType } from '@hotleads/shared';

export const LEAD_TYPE_LABELS: Record<LeadType, string> = {
  contact: 'Contact',
  cv_request: 'CV request',
  collaboration: 'Collaboration',
  custom: 'Custom',
};

export const PRIORITY_LABELS: Record<LeadPriority, string> = { low: 'Low', medium: 'Medium', high: 'High', urgent: 'Urgent' };

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export const formatDate = (iso: string) => dateFormat.format(new Date(iso));
