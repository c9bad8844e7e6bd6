import { notificationTitle, type NotificationFacts } from './notification-text';

// A text message stays within one SMS segment where it can (160 GSM characters): the title (lead name and
// company), the priority and the link.
const MAX_TITLE = 90;

export function smsMessage(facts: NotificationFacts, lead: { id: string; priority: string | null } | null, publicUrl: string): string {
  const title = notificationTitle(facts);
  const parts = [title.length > MAX_TITLE ? `${title.slice(0, MAX_TITLE - 1)}…` : title];
  if (lead?.priority) parts.push(`Priority ${lead.priority}`);
  const text = parts.join('. ');
  return lead ? `${text}. ${publicUrl}/leads/${lead.id}` : text;
}
