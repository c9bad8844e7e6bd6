import { describe, expect, it } from 'vitest';
import { humanizeMinutes } from './minutes';

describe('humanizeMinutes', () => {
  it.each([
    [5, '5 min'],
    [60, '1 h'],
    [90, '1 h 30 min'],
    [240, '4 h'],
    [1440, '1 day'],
    [2940, '2 days 1 h'],
    [43_200, '30 days'],
    [1501, '1 day 1 h 1 min'],
  ])('%i minutes reads "%s"', (minutes, text) => {
    expect(humanizeMinutes(minutes)).toBe(text);
  });

  it('says nothing for a value that is not a duration', () => {
    expect(humanizeMinutes(0)).toBe('');
    expect(humanizeMinutes(-3)).toBe('');
    expect(humanizeMinutes(Number.NaN)).toBe('');
  });
});
