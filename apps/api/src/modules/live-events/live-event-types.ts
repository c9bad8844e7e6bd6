// What a lead change is announced as. Written by the live_events_capture() trigger (LiveEvents
// migration); `lead.deleted` covers moving to the trash, changes while in the trash, and purging.
export const LEAD_CHANGE_EVENTS = ['lead.created', 'lead.updated', 'lead.deleted'] as const;
export type LeadChangeEvent = (typeof LEAD_CHANGE_EVENTS)[number];

// Every event name a stream can carry, in the order a client meets them.
export const LIVE_EVENT_NAMES = ['ready', 'resync', ...LEAD_CHANGE_EVENTS, 'stats.changed', 'close'] as const;
export type LiveEventName = (typeof LIVE_EVENT_NAMES)[number];

// Why the server ended a stream (the `close` event's reason).
export const LIVE_CLOSE_REASONS = ['token_expired', 'revoked', 'shutdown'] as const;
export type LiveCloseReason = (typeof LIVE_CLOSE_REASONS)[number];

// A statement that touched more leads than this sends their count without their ids.
export const LIVE_EVENT_MAX_IDS = 100;
