import { channelWanted } from './channel-choice';

describe('channelWanted', () => {
  it('sends email unless someone turned it off, and texts only those who turned SMS on', () => {
    expect(channelWanted(null, null, 'mention', 'email')).toBe(true);
    expect(channelWanted({ mention: { email: false } }, null, 'mention', 'email')).toBe(false);
    expect(channelWanted(null, null, 'hot_lead', 'sms')).toBe(false);
    expect(channelWanted({ hot_lead: { sms: true } }, null, 'hot_lead', 'sms')).toBe(true);
    expect(channelWanted({ hot_lead: { sms: false } }, { hot_lead: { sms: true } }, 'hot_lead', 'sms')).toBe(false);
    expect(channelWanted(null, { sla_breach: { sms: true } }, 'sla_breach', 'sms')).toBe(true);
  });

  it('never texts a kind SMS does not carry, whatever is stored', () => {
    expect(channelWanted({ mention: { sms: true } }, { mention: { sms: true } }, 'mention', 'sms')).toBe(false);
  });
});
