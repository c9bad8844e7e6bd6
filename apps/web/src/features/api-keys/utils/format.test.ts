import { describe, expect, it } from 'vitest';
import { formatAgo } from './format';

const now = Date.parse('2026-05-10T12:00:00.000Z');
const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString();

describe('formatAgo', () => {
  it('says how long ago in the largest unit that fits', () => {
    expect(formatAgo(ago(20), now)).toBe('just now');
    expect(formatAgo(ago(5 * 60), now)).toBe('5 minutes ago');
    expect(formatAgo(ago(3 * 3600 + 10), now)).toBe('3 hours ago');
    expect(formatAgo(ago(26 * 3600), now)).toBe('yesterday');
    expect(formatAgo(ago(400 * 24 * 3600), now)).toBe('last year');
  });
});
