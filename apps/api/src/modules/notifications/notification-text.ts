import type { NotificationKind } from './notification-values';

// What a notification says, the same in the app, in an email and in a digest.
export interface NotificationFacts {
  kind: NotificationKind;
  data: Record<string, unknown>;
  leadName: string | null;
  leadCompany: string | null;
  actorName: string | null;
}

const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

function leadLabel(f: NotificationFacts): string {
  const name = f.leadName?.trim() || 'A lead';
  return f.leadCompany?.trim() ? `${name} (${f.leadCompany.trim()})` : name;
}

export function notificationTitle(f: NotificationFacts): string {
  const lead = leadLabel(f);
  switch (f.kind) {
    case 'lead_assigned': {
      const rule = f.data.rule as { name?: unknown } | undefined;
      const by = str(rule?.name) ? ` by the rule "${str(rule?.name)}"` : f.actorName ? ` by ${f.actorName}` : '';
      return `${lead} was assigned to you${by}`;
    }
    case 'hot_lead':
      return `New hot lead: ${lead}`;
    case 'mention':
      return `${f.actorName ?? 'Someone'} mentioned you on ${lead}`;
    case 'follow_up_due':
      return `Follow-up due: ${lead}`;
    case 'sla_warning':
      return `Response due soon: ${lead}`;
    case 'sla_breach':
      return `Response target missed: ${lead}`;
    case 'integration_trouble': {
      if (f.data.reason === 'sms_number_refused') return 'Text messages to your number stopped';
      if (f.data.reason === 'slack_channel_disabled') return `Slack channel "${str(f.data.connection) ?? 'Slack'}" was turned off`;
      if (f.data.reason === 'webhook_endpoint_disabled') return `Webhook endpoint ${str(f.data.connection) ?? ''} was turned off`.replace('  ', ' ');
      const connection = str(f.data.connection) ?? 'An integration';
      return f.data.reason === 'sync_failed' ? `${connection}: sync failed three times in a row` : `${connection} needs attention`;
    }
  }
}

// A second line, when there is one worth showing.
export function notificationBody(f: NotificationFacts): string | null {
  switch (f.kind) {
    case 'mention':
      return str(f.data.excerpt);
    case 'hot_lead': {
      const parts = [str(f.data.priority) ? `Priority ${str(f.data.priority)}` : null, typeof f.data.score === 'number' ? `score ${f.data.score}` : null];
      return parts.filter(Boolean).join(', ') || null;
    }
    case 'sla_warning':
    case 'sla_breach':
      return str(f.data.respondBy) ? `Respond by ${new Date(str(f.data.respondBy) as string).toISOString().replace('T', ' ').slice(0, 16)} UTC` : null;
    case 'integration_trouble':
      if (str(f.data.detail)) return str(f.data.detail);
      return str(f.data.provider) ? `Provider: ${str(f.data.provider)}` : null;
    default:
      return null;
  }
}
