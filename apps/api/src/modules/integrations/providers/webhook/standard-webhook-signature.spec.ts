import { createHmac, randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { newWebhookSecret, signStandardWebhook, verifyStandardWebhook } from './standard-webhook-signature';

// The official Standard Webhooks library is the outside implementation both directions are checked against.
describe('Standard Webhooks signatures', () => {
  const now = Math.floor(Date.now() / 1000);
  const body = Buffer.from(JSON.stringify({ name: 'Ada', email: 'ada@example.com', note: 'naïve + 100%' }), 'utf8');

  it('makes secrets of the whsec_ + base64(32 bytes) form', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(secret);
  });

  it('accepts what the official library signs', () => {
    const secret = newWebhookSecret();
    const signature = new Webhook(secret).sign('msg_1', new Date(now * 1000), body);
    expect(verifyStandardWebhook({ id: 'msg_1', timestamp: String(now), signature }, body, [secret], now)).toBe('valid');
  });

  it('signs what the official library accepts', () => {
    const secret = newWebhookSecret();
    const headers = { 'webhook-id': 'msg_2', 'webhook-timestamp': String(now), 'webhook-signature': signStandardWebhook(secret, 'msg_2', now, body) };
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body.toString('utf8')));
    // And the library refuses it under another secret, so the check above can fail.
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
  });

  it('matches the HMAC written out by hand', () => {
    const key = randomBytes(32);
    const secret = `whsec_${key.toString('base64')}`;
    const expected = createHmac('sha256', key).update(Buffer.concat([Buffer.from(`msg_3.${now}.`), body])).digest('base64');
    expect(signStandardWebhook(secret, 'msg_3', now, body)).toBe(`v1,${expected}`);
  });

  it('passes when any v1 entry matches, and ignores other versions', () => {
    const secret = newWebhookSecret();
    const good = signStandardWebhook(secret, 'msg_4', now, body);
    const wrong = signStandardWebhook(newWebhookSecret(), 'msg_4', now, body);
    const header = `v1a,${good.slice(3)} ${wrong} ${good}`;
    expect(verifyStandardWebhook({ id: 'msg_4', timestamp: String(now), signature: header }, body, [secret], now)).toBe('valid');
    expect(verifyStandardWebhook({ id: 'msg_4', timestamp: String(now), signature: `v2,${good.slice(3)}` }, body, [secret], now)).toBe('invalid');
  });

  it('verifies with either secret during a rotation', () => {
    const [previous, current] = [newWebhookSecret(), newWebhookSecret()];
    const signature = signStandardWebhook(previous, 'msg_5', now, body);
    expect(verifyStandardWebhook({ id: 'msg_5', timestamp: String(now), signature }, body, [current, previous], now)).toBe('valid');
    expect(verifyStandardWebhook({ id: 'msg_5', timestamp: String(now), signature }, body, [current], now)).toBe('invalid');
  });

  it('refuses a changed body, id or timestamp', () => {
    const secret = newWebhookSecret();
    const signature = signStandardWebhook(secret, 'msg_6', now, body);
    const changed = Buffer.from(body);
    changed[5] ^= 1;
    expect(verifyStandardWebhook({ id: 'msg_6', timestamp: String(now), signature }, changed, [secret], now)).toBe('invalid');
    expect(verifyStandardWebhook({ id: 'msg_7', timestamp: String(now), signature }, body, [secret], now)).toBe('invalid');
    expect(verifyStandardWebhook({ id: 'msg_6', timestamp: String(now - 1), signature }, body, [secret], now)).toBe('invalid');
  });

  it('allows five minutes of clock difference either way, and no more', () => {
    const secret = newWebhookSecret();
    for (const [offset, expected] of [
      [-300, 'valid'],
      [300, 'valid'],
      [-301, 'stale'],
      [301, 'stale'],
    ] as const) {
      const ts = now + offset;
      const signature = signStandardWebhook(secret, 'msg_8', ts, body);
      expect(verifyStandardWebhook({ id: 'msg_8', timestamp: String(ts), signature }, body, [secret], now)).toBe(expected);
    }
  });

  it('says what is missing or malformed', () => {
    const secret = newWebhookSecret();
    const signature = signStandardWebhook(secret, 'msg_9', now, body);
    expect(verifyStandardWebhook({ timestamp: String(now), signature }, body, [secret], now)).toBe('missing');
    expect(verifyStandardWebhook({ id: 'msg_9', signature }, body, [secret], now)).toBe('missing');
    expect(verifyStandardWebhook({ id: 'msg_9', timestamp: String(now) }, body, [secret], now)).toBe('missing');
    expect(verifyStandardWebhook({ id: 'msg_9', timestamp: 'yesterday', signature }, body, [secret], now)).toBe('invalid');
    expect(verifyStandardWebhook({ id: 'msg_9', timestamp: String(now), signature: 'v1,short' }, body, [secret], now)).toBe('invalid');
  });
});
