import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { customRangeError, DEFAULT_PERIOD, describePeriod, periodFromSearch, periodToSearch, resolvePeriod } from './period';

const search = (query: string) => new URLSearchParams(query);

describe('periodFromSearch', () => {
  it('reads a preset or a custom range of days', () => {
    expect(periodFromSearch(search('period=7d'))).toEqual({ preset: '7d' });
    expect(periodFromSearch(search('period=24h'))).toEqual({ preset: '24h' });
    expect(periodFromSearch(search('from=2026-03-01&to=2026-03-31'))).toEqual({ from: '2026-03-01', to: '2026-03-31' });
  });

  it('falls back to the default for anything it cannot use', () => {
    for (const query of ['', 'period=1y', 'from=2026-03-01', 'from=2026-02-30&to=2026-03-02', 'from=2026-03-05&to=2026-03-01', 'from=2025-01-01&to=2026-01-01', 'from=03/01/2026&to=2026-03-02']) {
      expect(periodFromSearch(search(query))).toEqual(DEFAULT_PERIOD);
    }
  });
});

describe('periodToSearch', () => {
  it('writes one form and keeps unrelated params', () => {
    expect(periodToSearch({ preset: '90d' }, search('from=2026-01-01&to=2026-01-02&x=1')).toString()).toBe('x=1&period=90d');
    expect(periodToSearch({ from: '2026-01-01', to: '2026-01-31' }, search('period=7d')).toString()).toBe('from=2026-01-01&to=2026-01-31');
  });
});

describe('customRangeError', () => {
  it('accepts a single day and up to 365 days, refuses reversed or longer ranges', () => {
    expect(customRangeError('2026-03-01', '2026-03-01')).toBeNull();
    expect(customRangeError('2025-01-01', '2025-12-31')).toBeNull();
    expect(customRangeError('2025-01-01', '2026-01-01')).toBe('Pick at most 365 days');
    expect(customRangeError('2026-03-02', '2026-03-01')).toBe('The end date is before the start date');
  });
});

describe('resolvePeriod', () => {
  const now = new Date('2026-03-10T15:00:00Z');

  it('ends a rolling window now', () => {
    expect(resolvePeriod({ preset: '24h' }, now)).toEqual({ from: new Date('2026-03-09T15:00:00Z'), to: now });
    expect(resolvePeriod({ preset: '7d' }, now)).toEqual({ from: new Date('2026-03-03T15:00:00Z'), to: now });
  });

  describe('in a time zone', () => {
    beforeEach(() => vi.stubEnv('TZ', 'America/New_York'));
    afterEach(() => vi.unstubAllEnvs());

    it('covers whole local days, the last one included', () => {
      // 00:00 in New York (UTC-5 in winter) up to the start of the day after the last one.
      expect(resolvePeriod({ from: '2026-01-05', to: '2026-01-06' })).toEqual({
        from: new Date('2026-01-05T05:00:00Z'),
        to: new Date('2026-01-07T05:00:00Z'),
      });
    });
  });
});

describe('describePeriod', () => {
  it('reads as part of a sentence', () => {
    expect(describePeriod({ preset: '30d' })).toBe('in the last 30 days');
    expect(describePeriod({ from: '2026-03-01', to: '2026-03-31' })).toBe('from Mar 1 to Mar 31, 2026');
    expect(describePeriod({ from: '2025-12-20', to: '2026-01-10' })).toBe('from Dec 20, 2025 to Jan 10, 2026');
    expect(describePeriod({ from: '2026-03-03', to: '2026-03-03' })).toBe('on Mar 3, 2026');
  });
});
