import { describe, expect, it } from 'vitest';
import { expiresAtOf } from './expiry';

const now = new Date('2026-05-10T12:00:00.000Z');

describe('expiresAtOf', () => {
  it('adds the preset number of days to now', () => {
    expect(expiresAtOf('30', null, now)).toEqual({ expiresAt: '2026-06-09T12:00:00.000Z' });
    expect(expiresAtOf('365', null, now)).toEqual({ expiresAt: '2027-05-10T12:00:00.000Z' });
  });

  it('sends no expiry for a key that never expires', () => {
    expect(expiresAtOf('never', null, now)).toEqual({ expiresAt: undefined });
  });

  it('ends a chosen day at its last local millisecond', () => {
    const result = expiresAtOf('date', '2026-12-31', now);
    expect(result).toEqual({ expiresAt: new Date(2026, 11, 31, 23, 59, 59, 999).toISOString() });
  });

  it('asks for a day in the future', () => {
    expect(expiresAtOf('date', null, now)).toEqual({ error: 'Pick the day the key stops working' });
    expect(expiresAtOf('date', '2026-05-01', now)).toEqual({ error: 'The day must be in the future' });
    expect(expiresAtOf('date', 'not-a-day', now)).toEqual({ error: 'Pick a valid day' });
  });
});
