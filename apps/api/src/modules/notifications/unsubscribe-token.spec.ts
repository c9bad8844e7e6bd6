import { UnsubscribeTokens } from './unsubscribe-token';

describe('unsubscribe tokens', () => {
  const tokens = new UnsubscribeTokens('server secret');
  const claim = { tenantId: '6f1c2c1e-1111-4a4a-8b8b-000000000001', userId: '6f1c2c1e-2222-4a4a-8b8b-000000000002', kind: 'hot_lead' as const };

  it('round-trips what it signed', () => {
    expect(tokens.verify(tokens.sign(claim))).toEqual(claim);
  });

  it('refuses a changed claim, another secret, and junk', () => {
    const token = tokens.sign(claim);
    const [, mac] = token.split('.');
    const forged = `${Buffer.from(`${claim.tenantId}.${claim.userId}.sla_breach`).toString('base64url')}.${mac}`;
    expect(tokens.verify(forged)).toBeNull();
    expect(new UnsubscribeTokens('another secret').verify(token)).toBeNull();
    for (const junk of ['', '.', 'a.b.c', 'x'.repeat(500), `${token}.x`, '\u0000.\u0000']) expect(tokens.verify(junk)).toBeNull();
  });
});
