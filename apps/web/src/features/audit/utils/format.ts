import dayjs from 'dayjs';
import type { AuditLogEntry } from '../api/get-audit-logs';

// The reader's local time with its zone ("2026-03-10 16:00:05 CET"), so times are never ambiguous.
export function formatTime(iso: string): string {
  const zone = new Intl.DateTimeFormat(undefined, { timeZoneName: 'short' }).formatToParts(new Date(iso)).find((p) => p.type === 'timeZoneName')?.value;
  return `${dayjs(iso).format('YYYY-MM-DD HH:mm:ss')}${zone ? ` ${zone}` : ''}`;
}

const ACTOR_TYPE_NAMES: Record<AuditLogEntry['actorType'], string> = {
  user: 'User',
  api_key: 'API key',
  system: 'System',
  anonymous: 'Anonymous',
};

export const actorTypeName = (type: AuditLogEntry['actorType']): string => ACTOR_TYPE_NAMES[type];

// Who did it: the user's name, else the email or key name recorded then, else what kind of actor it was.
export const actorName = (entry: AuditLogEntry): string => entry.actorName ?? entry.actorLabel ?? ACTOR_TYPE_NAMES[entry.actorType];

// Everything known about the actor, for a tooltip: the address or key name as recorded, and the full id.
export const actorDetails = (entry: AuditLogEntry): string | undefined =>
  [entry.actorLabel, entry.actorId].filter((part): part is string => Boolean(part)).join(' · ') || undefined;

export const OUTCOME_COLORS: Record<AuditLogEntry['outcome'], string> = {
  success: 'teal',
  failure: 'red',
  denied: 'orange',
};
