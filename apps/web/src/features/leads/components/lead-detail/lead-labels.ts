import type { LeadStatus } from '@hotleads/shared';

// What the button that moves a lead to a status says.
export const STATUS_ACTIONS: Record<LeadStatus, string> = {
  unread: 'Mark unread',
  processing: 'Start processing',
  contacted: 'Mark contacted',
  qualified: 'Mark qualified',
  converted: 'Mark converted',
  archived: 'Archive',
};

export const STATUS_COLORS: Record<LeadStatus, string> = {
  unread: 'blue',
  processing: 'yellow',
  contacted: 'cyan',
  qualified: 'teal',
  converted: 'green',
  archived: 'gray',
};

export const CHANNEL_LABELS: Record<string, string> = {
  call: 'Call',
  email: 'Email',
  meeting: 'Meeting',
  message: 'Message',
  source: 'Source',
  sourceRef: 'Source ref',
};

// The lead's fields as people name them (timeline entries, the conflict dialog).
export const FIELD_LABELS: Record<string, string> = {
  status: 'Status',
  priority: 'Priority',
  qualityScore: 'Quality score',
  tags: 'Tags',
  assigneeId: 'Assignee',
  followUpAt: 'Follow-up',
  name: 'Name',
  email: 'Email',
  phone: 'Phone',
  company: 'Company',
  subject: 'Subject',
  role: 'Role',
  notes: 'Working notes',
  message: 'Message',
  source: 'Source',
  sourceRef: 'Source ref',
  firstContactedAt: 'First contacted',
  lastContactedAt: 'Last contacted',
  deletedAt: 'In trash since',
};

export const fieldLabel = (field: string) => FIELD_LABELS[field] ?? field;

// The heading of a lead: its name, else how to reach it.
export const leadTitle = (lead: { name: string | null; email: string | null; phone: string | null }) =>
  lead.name ?? lead.email ?? lead.phone ?? 'Unnamed lead';
