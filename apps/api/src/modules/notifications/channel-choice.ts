import { isSmsKind, NOTIFICATION_KINDS, type NotificationChannel, type NotificationKind, type SmsKind } from './notification-values';

export type ChoiceMap = Record<string, Record<string, boolean>> | null | undefined;

// Whether a kind goes to a channel for a user: their own choice, else the workspace default, else yes for
// email and no for SMS (a text message costs money and wakes people: only those who turn it on get one, and
// only for the SMS kinds). The one rule the senders and the preferences API share.
export function channelWanted(own: ChoiceMap, defaults: ChoiceMap, kind: NotificationKind, channel: NotificationChannel): boolean {
  if (channel === 'sms' && !isSmsKind(kind)) return false;
  return own?.[kind]?.[channel] ?? defaults?.[kind]?.[channel] ?? channel === 'email';
}

// A stored choice map with the given rows set (kind -> channel -> on/off).
export function withChoices(map: ChoiceMap, rows: ReadonlyArray<{ kind: NotificationKind; email: boolean }>): Record<string, Record<string, boolean>> {
  const next: Record<string, Record<string, boolean>> = {};
  for (const kind of NOTIFICATION_KINDS) if (map?.[kind]) next[kind] = { ...map[kind] };
  for (const row of rows) next[row.kind] = { ...next[row.kind], email: row.email };
  return next;
}

// The same for the SMS switches (hot leads and breaches only).
export function withSmsChoices(map: Record<string, Record<string, boolean>>, rows: ReadonlyArray<{ kind: SmsKind; sms: boolean }>): Record<string, Record<string, boolean>> {
  const next = { ...map };
  for (const row of rows) next[row.kind] = { ...next[row.kind], sms: row.sms };
  return next;
}
