import { describe, expect, it } from 'vitest';
import { computeDelta, formatCount, formatDuration, formatRate } from './format-stats';

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [42, '42 s'],
    [59.4, '59 s'],
    [60, '1 min'],
    [42 * 60, '42 min'],
    [59 * 60 + 29, '59 min'],
    // Just under an hour reads as an hour, never "60 min".
    [59 * 60 + 40, '1 h'],
    [3600, '1 h'],
    [3.2 * 3600, '3.2 h'],
    [5 * 3600, '5 h'],
    [14.4 * 3600, '14 h'],
    [47 * 3600, '47 h'],
    [2.5 * 86_400, '2.5 days'],
    [12.6 * 86_400, '13 days'],
  ])('writes %d seconds as "%s"', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('says n/a without a duration and treats clock skew as zero', () => {
    expect(formatDuration(null)).toBe('n/a');
    expect(formatDuration(-3)).toBe('0 s');
  });
});

describe('formatRate', () => {
  it.each([
    [0, '0%'],
    [0.125, '12.5%'],
    [0.5, '50%'],
    [1, '100%'],
    [1 / 3, '33.3%'],
    [0.0004, '<0.1%'],
  ])('writes %d as "%s"', (rate, text) => {
    expect(formatRate(rate)).toBe(text);
  });

  it('says n/a when there was nothing to divide by', () => {
    expect(formatRate(null)).toBe('n/a');
  });
});

describe('computeDelta', () => {
  it('gives the relative change, rounded, with its direction', () => {
    expect(computeDelta(5, 4)).toEqual({ direction: 'up', percent: 25, label: '+25%' });
    expect(computeDelta(3, 5)).toEqual({ direction: 'down', percent: -40, label: '−40%' });
    expect(computeDelta(0, 7)).toEqual({ direction: 'down', percent: -100, label: '−100%' });
    expect(computeDelta(30, 10)).toEqual({ direction: 'up', percent: 200, label: '+200%' });
  });

  it('says "No change" for equal values, zero included', () => {
    expect(computeDelta(4, 4)).toEqual({ direction: 'same', percent: 0, label: 'No change' });
    expect(computeDelta(0, 0)).toEqual({ direction: 'same', percent: 0, label: 'No change' });
  });

  it('gives no percentage against zero, only the increase', () => {
    expect(computeDelta(3, 0)).toEqual({ direction: 'up', percent: null, label: '+3' });
  });

  it('does not round a real change to +0%', () => {
    expect(computeDelta(1001, 1000)).toEqual({ direction: 'up', percent: 0, label: '+<1%' });
  });
});

describe('formatCount', () => {
  it('groups thousands', () => {
    expect(formatCount(1_234_567)).toBe('1,234,567');
  });
});
