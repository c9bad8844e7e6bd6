import type { Schemas } from '@hotleads/api-client';

export type NotificationKind = Schemas['NotificationKind'];
export type SlackKind = Schemas['SlackNotificationKind'];

export const KIND_LABEL: Record<NotificationKind, string> = {
  lead_assigned: 'A lead is assigned to me',
  hot_lead: 'A new hot lead arrives',
  mention: 'Someone mentions me in a note',
  follow_up_due: 'A follow-up date is reached',
  sla_warning: 'A response target is close',
  sla_breach: 'A response target is missed',
  integration_trouble: 'An integration needs attention',
};

export const SLACK_KINDS: readonly SlackKind[] = ['hot_lead', 'sla_warning', 'sla_breach', 'integration_trouble'];

export const SLACK_KIND_LABEL: Record<SlackKind, string> = {
  hot_lead: 'Hot leads',
  sla_warning: 'Response targets close',
  sla_breach: 'Response targets missed',
  integration_trouble: 'Integration trouble',
};

// Minutes after midnight as "HH:MM" and back (null for an empty or malformed field).
export const toClock = (minutes: number | null): string => (minutes === null ? '' : `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`);

export function fromClock(value: string): number | null {
  const match = /^(\d{2}):(\d{2})$/.exec(value);
  if (!match) return null;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return Number(match[1]) < 24 && Number(match[2]) < 60 ? minutes : null;
}
