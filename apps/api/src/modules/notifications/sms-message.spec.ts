import { smsMessage } from './sms-message';

describe('smsMessage', () => {
  it('says the lead, its company, priority and link', () => {
    const text = smsMessage({ kind: 'hot_lead', data: {}, leadName: 'Ada Lovelace', leadCompany: 'Engines', actorName: null }, { id: 'abc', priority: 'urgent' }, 'https://leads.example');
    expect(text).toBe('New hot lead: Ada Lovelace (Engines). Priority urgent. https://leads.example/leads/abc');
  });

  it('shortens a long name so the message stays short', () => {
    const text = smsMessage({ kind: 'sla_breach', data: {}, leadName: 'x'.repeat(300), leadCompany: null, actorName: null }, { id: 'abc', priority: 'high' }, 'https://l.example');
    expect(text.length).toBeLessThan(160);
    expect(text).toContain('…. Priority high. https://l.example/leads/abc');
  });
});
