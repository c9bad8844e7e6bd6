import { isTimeZone, quietUntil } from './quiet-hours';

describe('quiet hours', () => {
  const berlin = { start: 22 * 60, end: 7 * 60, timeZone: 'Europe/Berlin' };

  it('holds back inside a window that spans midnight, in the user time zone', () => {
    // 23:30 in Berlin (winter, UTC+1) is 22:30 UTC: quiet until 07:00 Berlin, 06:00 UTC.
    expect(quietUntil(new Date('2026-12-07T22:30:00Z'), berlin)?.toISOString()).toBe('2026-12-08T06:00:00.000Z');
    expect(quietUntil(new Date('2026-12-08T05:59:00Z'), berlin)?.toISOString()).toBe('2026-12-08T06:00:00.000Z');
    expect(quietUntil(new Date('2026-12-08T06:00:00Z'), berlin)).toBeNull();
    expect(quietUntil(new Date('2026-12-07T20:59:00Z'), berlin)).toBeNull();
  });

  it('handles a same-day window and no window', () => {
    const lunch = { start: 12 * 60, end: 13 * 60, timeZone: 'UTC' };
    expect(quietUntil(new Date('2026-12-07T12:15:30Z'), lunch)?.toISOString()).toBe('2026-12-07T13:00:00.000Z');
    expect(quietUntil(new Date('2026-12-07T13:00:00Z'), lunch)).toBeNull();
    expect(quietUntil(new Date('2026-12-07T12:15:00Z'), { start: null, end: null, timeZone: 'UTC' })).toBeNull();
  });

  it('knows a time zone from a made-up one', () => {
    expect(isTimeZone('America/New_York')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});
