import type { NotificationDto } from './dto/notification.dto';
import { notificationBody, notificationTitle, type NotificationFacts } from './notification-text';
import type { NotificationRow } from './notifications.repository';

export const factsOf = (row: NotificationRow): NotificationFacts => ({
  kind: row.kind,
  data: row.data,
  leadName: row.lead_name,
  leadCompany: row.lead_company,
  actorName: row.actor_name,
});

export function toNotificationDto(row: NotificationRow): NotificationDto {
  const facts = factsOf(row);
  return {
    id: row.id,
    kind: row.kind,
    title: notificationTitle(facts),
    body: notificationBody(facts),
    ...(row.lead_id && row.lead_deleted !== null
      ? { lead: { id: row.lead_id, name: row.lead_name, company: row.lead_company, source: row.lead_source, priority: row.lead_priority, score: row.lead_score, deleted: row.lead_deleted } }
      : {}),
    createdAt: row.created_at,
    readAt: row.read_at,
    deliveries: row.deliveries.map((d) => ({ channel: d.channel, status: d.status, lastError: d.lastError })),
  };
}

// The keyset position (the last id of a page), opaque to clients.
export const encodeNotificationCursor = (id: string): string => Buffer.from(`n${id}`, 'utf8').toString('base64url');
export function decodeNotificationCursor(value: string): string | null {
  const match = /^n(\d{1,18})$/.exec(Buffer.from(value, 'base64url').toString('utf8'));
  return match ? match[1] : null;
}
