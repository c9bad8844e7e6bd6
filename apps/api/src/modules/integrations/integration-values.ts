// The closed sets of the integrations module, shared by entities, DTOs and the migration's CHECKs.
export const PROVIDERS = ['acuity', 'webhook', 'zoho', 'google_calendar', 'zoom', 'twilio_lookup', 'kickbox', 'twilio'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

export const CONNECTION_STATUSES = ['active', 'needs_attention', 'disabled'] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

// received -> processed | failed (will retry) | dead (gave up); rejected (bad signature) and duplicate
// (dedupe key seen before) are final from the start.
export const DELIVERY_STATES = ['received', 'processed', 'failed', 'dead', 'rejected', 'duplicate'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export const SIGNATURE_RESULTS = ['valid', 'invalid', 'missing', 'stale'] as const;
export type SignatureResult = (typeof SIGNATURE_RESULTS)[number];

// Providers Hot Leads pulls from on a schedule (the sync engine); the others only receive webhooks.
export const PULL_PROVIDERS = ['zoho', 'google_calendar', 'zoom'] as const satisfies readonly ProviderName[];
export type PullProviderName = (typeof PULL_PROVIDERS)[number];
export const isPullProvider = (name: ProviderName): name is PullProviderName => (PULL_PROVIDERS as readonly string[]).includes(name);
