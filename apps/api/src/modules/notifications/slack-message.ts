import { notificationBody, notificationTitle, type NotificationFacts } from './notification-text';

export interface SlackLead {
  id: string;
  name: string | null;
  company: string | null;
  source: string | null;
  priority: string | null;
  score: number | null;
}

// Slack's mrkdwn treats &, < and > as markup.
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// The JSON an incoming webhook takes: `text` (also the notification's fallback) and a section block.
export function slackMessage(facts: NotificationFacts, lead: SlackLead | null, publicUrl: string): { text: string; blocks: unknown[] } {
  const title = notificationTitle(facts);
  const lines = [`*${escape(title)}*`];
  const body = notificationBody(facts);
  if (lead) {
    const field = (label: string, value: string | number | null) => (value === null || value === '' ? null : `${label}: ${escape(String(value))}`);
    lines.push(
      [field('Name', lead.name), field('Company', lead.company), field('Source', lead.source), field('Priority', lead.priority), field('Score', lead.score)]
        .filter(Boolean)
        .join(' · '),
    );
    lines.push(`<${publicUrl}/leads/${lead.id}|Open the lead>`);
  } else if (body) {
    lines.push(escape(body));
  }
  const text = lines.filter((l) => l !== '').join('\n');
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
