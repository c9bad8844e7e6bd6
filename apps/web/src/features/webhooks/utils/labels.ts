import type { OutboundDelivery, WebhookEventFilter } from '../api/webhook-endpoints';

export const LEAD_EVENTS = ['lead.created', 'lead.updated', 'lead.status_changed', 'lead.assigned', 'lead.deleted', 'lead.restored', 'lead.enriched'] as const;

export const EVENT_LABEL: Record<WebhookEventFilter, string> = {
  'lead.*': 'All lead events',
  'lead.created': 'Lead created',
  'lead.updated': 'Lead updated',
  'lead.status_changed': 'Status changed',
  'lead.assigned': 'Lead assigned',
  'lead.deleted': 'Lead deleted',
  'lead.restored': 'Lead restored',
  'lead.enriched': 'Lead enriched',
  'sync.run_failed': 'Sync run failed',
};

export const DELIVERY_STATE: Record<OutboundDelivery['state'], { label: string; color: string }> = {
  pending: { label: 'Pending', color: 'yellow' },
  succeeded: { label: 'Delivered', color: 'green' },
  failed: { label: 'Failed', color: 'red' },
};

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
export const formatTime = (iso: string) => dateTime.format(new Date(iso));
