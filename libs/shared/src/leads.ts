export const LEAD_STATUSES = ['unread', 'processing', 'contacted', 'qualified', 'converted', 'archived'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export const LEAD_PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export type LeadPriority = (typeof LEAD_PRIORITIES)[number];

export const LEAD_TYPES = ['contact', 'cv_request', 'collaboration', 'custom'] as const;
export type LeadType = (typeof LEAD_TYPES)[number];

// unread -> processing -> contacted -> qualified -> converted; archived from any; reopening goes to processing.
export const LEAD_STATUS_TRANSITIONS: Record<LeadStatus, readonly LeadStatus[]> = {
  unread: ['processing', 'archived'],
  processing: ['contacted', 'archived'],
  contacted: ['qualified', 'archived'],
  qualified: ['converted', 'archived'],
  converted: ['archived'],
  archived: ['processing'],
};

export function canTransition(from: LeadStatus, to: LeadStatus): boolean {
  return LEAD_STATUS_TRANSITIONS[from].includes(to);
}

// The one conversion rate, for the API's stats and every screen: leads now converted over the leads created
// in the period (archived ones included); null when none were created.
export const CONVERSION_RATE_DEFINITION = 'Converted ÷ leads created in the period';

export function conversionRate(converted: number, created: number): number | null {
  return created > 0 ? converted / created : null;
}
