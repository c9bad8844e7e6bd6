// What enrichment writes on a lead, shared by the API (DTOs, list filters) and the SPA (filters, labels).
export const EMAIL_VERDICTS = ['deliverable', 'undeliverable', 'risky', 'unknown'] as const;
export type EmailVerdict = (typeof EMAIL_VERDICTS)[number];

// Twilio Lookup's line types.
export const PHONE_LINE_TYPES = ['landline', 'mobile', 'fixedVoip', 'nonFixedVoip', 'personal', 'tollFree', 'premium', 'sharedCost', 'uan', 'voicemail', 'pager', 'unknown'] as const;
export type PhoneLineType = (typeof PHONE_LINE_TYPES)[number];
