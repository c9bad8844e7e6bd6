import type { EmailVerdict, PhoneLineType } from '@hotleads/shared';

export const EMAIL_VERDICT_LABELS: Record<EmailVerdict, string> = {
  deliverable: 'Deliverable',
  undeliverable: 'Undeliverable',
  risky: 'Risky',
  unknown: 'Unknown',
};

export const EMAIL_VERDICT_COLORS: Record<EmailVerdict, string> = {
  deliverable: 'green',
  undeliverable: 'red',
  risky: 'orange',
  unknown: 'gray',
};

export const LINE_TYPE_LABELS: Record<PhoneLineType, string> = {
  landline: 'Landline',
  mobile: 'Mobile',
  fixedVoip: 'Fixed VoIP',
  nonFixedVoip: 'Non-fixed VoIP',
  personal: 'Personal',
  tollFree: 'Toll-free',
  premium: 'Premium rate',
  sharedCost: 'Shared cost',
  uan: 'UAN',
  voicemail: 'Voicemail',
  pager: 'Pager',
  unknown: 'Unknown',
};

// Kickbox's reasons and our skip reasons, in words.
const REASONS: Record<string, string> = {
  invalid_email: 'not a valid address',
  invalid_domain: 'the domain does not exist',
  rejected_email: 'the mail server rejected the address',
  accepted_email: 'the mail server accepted the address',
  low_quality: 'low quality address',
  low_deliverability: 'low deliverability',
  no_connect: 'could not connect to the mail server',
  timeout: 'the mail server timed out',
  invalid_smtp: 'the mail server answered oddly',
  unavailable_smtp: 'the mail server was unavailable',
  unexpected_error: 'an unexpected error',
  daily_budget_reached: "Skipped: today's budget for this provider is spent",
  no_connection: 'Skipped: the provider is not connected',
  connection_needs_attention: 'Skipped: the connection needs attention (its credentials were refused)',
  provider_disabled: 'Skipped: the provider is switched off',
  value_changed: 'Skipped: the value changed before the lookup ran',
  lead_deleted: 'Skipped: the lead was deleted',
};

export const reasonText = (reason: string | null | undefined): string | null => (reason ? (REASONS[reason] ?? reason) : null);

export const emailVerdictLabel = (v: string | null | undefined) => (v ? (EMAIL_VERDICT_LABELS[v as EmailVerdict] ?? v) : null);
export const lineTypeLabel = (v: string | null | undefined) => (v ? (LINE_TYPE_LABELS[v as PhoneLineType] ?? v) : null);
