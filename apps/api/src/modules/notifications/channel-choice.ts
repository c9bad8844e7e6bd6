import { NOTIFICATION_KINDS, type NotificationChannel, type NotificationKind } from './notification-values';

export type ChoiceMap = Record<string, Record<string, boolean>> | null | undefined;

// Whether a kind goes to a channel for a user: their own choice, else the workspace default, else yes.
// The one rule the senders and the preferences API share.
export function channelWanted(own: ChoiceMap, defaults: ChoiceMap, kind: NotificationKind, channel: NotificationChannel): boolean {
  return own?.[kind]?.[channel] ?? defaults?.[kind]?.[channel] ?? true;
}

// A stored choice map with the given rows set (kind -> channel -> on/off).
export function withChoices(map: ChoiceMap, rows: ReadonlyArray<{ kind: NotificationKind; email: boolean }>): Record<string, Record<string, boolean>> {
  const next: Record<string, Record<string, boolean>> = {};
  for (const kind of NOTIFICATION_KINDS) if (map?.[kind]) next[kind] = { ...map[kind] };
  for (const row of rows) next[row.kind] = { ...next[row.kind], email: row.email };
  return next;
}
