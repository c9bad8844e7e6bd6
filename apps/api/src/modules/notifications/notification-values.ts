// What a notification can be about. The producers (triggers of the Notifications migration and the timer
// scan) write these kinds; preferences and the SPA name the same ones.
export const NOTIFICATION_KINDS = ['lead_assigned', 'hot_lead', 'mention', 'follow_up_due', 'sla_warning', 'sla_breach', 'integration_trouble'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

// Where a notification goes besides the app (in-app is always on and needs no delivery row).
export const NOTIFICATION_CHANNELS = ['email', 'sms'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

// The kinds worth a text message (issue 15): urgent news for one person, sent only to verified numbers of
// users who turned them on, and only while the workspace has a Twilio (SMS) connection.
export const SMS_KINDS = ['hot_lead', 'sla_breach'] as const satisfies readonly NotificationKind[];
export type SmsKind = (typeof SMS_KINDS)[number];
export const isSmsKind = (kind: string): kind is SmsKind => (SMS_KINDS as readonly string[]).includes(kind);

// The kinds a workspace's Slack channels can post: news for a team, not a person's own reminders.
export const SLACK_KINDS = ['hot_lead', 'sla_warning', 'sla_breach', 'integration_trouble'] as const satisfies readonly NotificationKind[];
export type SlackKind = (typeof SLACK_KINDS)[number];

export const DELIVERY_STATUSES = ['pending', 'sent', 'skipped', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const EMAIL_MODES = ['instant', 'digest'] as const;
export type EmailMode = (typeof EMAIL_MODES)[number];

// The share of the response target at which the assignee is warned, unless the workspace sets another.
export const DEFAULT_ESCALATION_PERCENT = 80;
