// What a lead change is announced as. Written by the live_events_capture() trigger (LiveEvents
// migration); `lead.deleted` covers moving to the trash, changes while in the trash, and purging.
export const LEAD_CHANGE_EVENTS = ['lead.created', 'lead.updated', 'lead.deleted'] as const;
export type LeadChangeEvent = (typeof LEAD_CHANGE_EVENTS)[number];

// What a change to a connection's webhook deliveries is announced as (processed, failed, replayed,
// rejected, duplicate, purged; a delivery just acknowledged is announced when its processing ends). Written by the live_events_deliveries() trigger (DeliveryLiveEvents migration)
// without ids: a stream may be an API key's, which has no business knowing connections or deliveries.
export const DELIVERY_CHANGE_EVENTS = ['delivery.changed'] as const;
export type DeliveryChangeEvent = (typeof DELIVERY_CHANGE_EVENTS)[number];

// A user's notifications changed (one arrived, some were read): written by the live_events_notifications()
// trigger (Notifications migration) with the count and no ids; each signed-in client refetches its own.
export const NOTIFICATION_CHANGE_EVENTS = ['notification.changed'] as const;
export type NotificationChangeEvent = (typeof NOTIFICATION_CHANGE_EVENTS)[number];

// What a live_events row can be.
export const LIVE_ROW_EVENTS = [...LEAD_CHANGE_EVENTS, ...DELIVERY_CHANGE_EVENTS, ...NOTIFICATION_CHANGE_EVENTS] as const;
export type LiveRowEvent = (typeof LIVE_ROW_EVENTS)[number];

// Every event name a stream can carry, in the order a client meets them.
export const LIVE_EVENT_NAMES = ['ready', 'resync', ...LEAD_CHANGE_EVENTS, ...DELIVERY_CHANGE_EVENTS, ...NOTIFICATION_CHANGE_EVENTS, 'stats.changed', 'close'] as const;
export type LiveEventName = (typeof LIVE_EVENT_NAMES)[number];

// Why the server ended a stream (the `close` event's reason).
export const LIVE_CLOSE_REASONS = ['token_expired', 'revoked', 'shutdown'] as const;
export type LiveCloseReason = (typeof LIVE_CLOSE_REASONS)[number];

// A statement that touched more leads than this sends their count without their ids.
export const LIVE_EVENT_MAX_IDS = 100;
