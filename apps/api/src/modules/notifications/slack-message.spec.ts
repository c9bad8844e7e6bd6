import { slackMessage } from './slack-message';

describe('slackMessage', () => {
  it('names the lead, company, source, priority and score and links to it, escaping markup', () => {
    const message = slackMessage(
      { kind: 'hot_lead', data: { priority: 'urgent', score: 91 }, leadName: 'Ada <Lovelace>', leadCompany: 'Engines & Co', actorName: null },
      { id: 'abc', name: 'Ada <Lovelace>', company: 'Engines & Co', source: 'web_form', priority: 'urgent', score: 91 },
      'https://leads.example',
    );
    expect(message.text).toBe(
      '*New hot lead: Ada &lt;Lovelace&gt; (Engines &amp; Co)*\nName: Ada &lt;Lovelace&gt; · Company: Engines &amp; Co · Source: web_form · Priority: urgent · Score: 91\n<https://leads.example/leads/abc|Open the lead>',
    );
    expect(message.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: message.text } }]);
  });

  it('uses the body when there is no lead', () => {
    const message = slackMessage({ kind: 'integration_trouble', data: { connection: 'Zoho', provider: 'zoho', reason: 'needs_attention' }, leadName: null, leadCompany: null, actorName: null }, null, 'https://x');
    expect(message.text).toBe('*Zoho needs attention*\nProvider: zoho');
  });
});
