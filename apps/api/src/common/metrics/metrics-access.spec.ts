import { metricsAccess } from './metrics-access';

describe('metricsAccess', () => {
  const token = 'a-metrics-token-of-some-length';

  it('with a token, wants exactly that bearer token from anyone', () => {
    expect(metricsAccess(token, '10.0.0.5', { authorization: `Bearer ${token}` })).toEqual({ ok: true });
    expect(metricsAccess(token, '127.0.0.1', {})).toMatchObject({ ok: false, status: 401 });
    expect(metricsAccess(token, '127.0.0.1', { authorization: `Bearer ${token}x` })).toMatchObject({ ok: false, status: 401 });
    expect(metricsAccess(token, '127.0.0.1', { authorization: token })).toMatchObject({ ok: false, status: 401 });
  });

  it('without a token, answers only direct loopback callers', () => {
    expect(metricsAccess(undefined, '127.0.0.1', {})).toEqual({ ok: true });
    expect(metricsAccess(undefined, '::1', {})).toEqual({ ok: true });
    expect(metricsAccess(undefined, '::ffff:127.0.0.1', {})).toEqual({ ok: true });
    expect(metricsAccess(undefined, '10.0.0.5', {})).toMatchObject({ ok: false, status: 403 });
    expect(metricsAccess(undefined, '127.0.0.1', { 'x-forwarded-for': '203.0.113.9' })).toMatchObject({ ok: false, status: 403 });
    expect(metricsAccess(undefined, '127.0.0.1', { forwarded: 'for=203.0.113.9' })).toMatchObject({ ok: false, status: 403 });
  });
});
