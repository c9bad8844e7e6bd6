// The closed sets of the enrichment module, shared by entities, DTOs and the migration's CHECKs.
export const ENRICHMENT_PROVIDERS = ['twilio_lookup', 'kickbox'] as const;
export type EnrichmentProviderName = (typeof ENRICHMENT_PROVIDERS)[number];

// What a provider looks at on a lead.
export const ENRICHMENT_KINDS = ['email', 'phone'] as const;
export type EnrichmentKind = (typeof ENRICHMENT_KINDS)[number];

// auto: new leads and changed emails or phones are enriched by themselves; on_demand: only when asked.
export const ENRICHMENT_MODES = ['auto', 'on_demand'] as const;
export type EnrichmentMode = (typeof ENRICHMENT_MODES)[number];

// queued -> succeeded | failed (the provider refused or never answered) | skipped (budget, no connection...).
export const ENRICHMENT_STATUSES = ['queued', 'succeeded', 'failed', 'skipped'] as const;
export type EnrichmentStatus = (typeof ENRICHMENT_STATUSES)[number];

export const ENRICHMENT_TRIGGERS = ['auto', 'manual', 'bulk'] as const;
export type EnrichmentTrigger = (typeof ENRICHMENT_TRIGGERS)[number];

export { EMAIL_VERDICTS, PHONE_LINE_TYPES, type EmailVerdict, type PhoneLineType } from '@hotleads/shared';

// Why a lookup did not happen or did not give an answer: stable codes the screen explains.
export const SKIP_REASONS = ['daily_budget_reached', 'no_connection', 'connection_needs_attention', 'provider_disabled', 'value_changed', 'lead_deleted'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export const DEFAULT_DAILY_BUDGET = 500;
export const MAX_DAILY_BUDGET = 1_000_000;
