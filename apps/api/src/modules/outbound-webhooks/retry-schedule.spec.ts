import { MAX_ATTEMPTS, retryAfterMs, retryDelayMs } from './retry-schedule';

describe('outbound webhook retry schedule', () => {
  it('follows about 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h and then stops', () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelayMs(n, 1, middle))).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    expect(MAX_ATTEMPTS).toBe(8);
    expect(retryDelayMs(8)).toBeNull();
  });

  it('jitters by at most 10% either way and divides by the test speed-up', () => {
    expect(retryDelayMs(1, 1, () => 0)).toBe(4_500);
    expect(retryDelayMs(1, 1, () => 1)).toBe(5_500);
    expect(retryDelayMs(2, 100, () => 0.5)).toBe(3_000);
  });

  it('reads Retry-After as seconds or a date, capped and never negative', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:01:00 GMT', now)).toBe(60_000);
    expect(retryAfterMs('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('99999999', now)).toBe(10 * 3600 * 1000);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs(undefined, now)).toBeNull();
  });
});
