import { describe, expect, it } from 'vitest';
import { formatPhone } from './format-phone';

describe('formatPhone', () => {
  it('writes a number of the workspace country nationally', () => {
    expect(formatPhone('+49303644053', 'DE')).toBe('030 3644053');
    expect(formatPhone('+49303644053', 'de')).toBe('030 3644053');
    expect(formatPhone('+14155552671', 'US')).toBe('(415) 555-2671');
  });

  it('writes numbers of other countries, or with no workspace country, internationally', () => {
    expect(formatPhone('+49303644053', 'US')).toBe('+49 30 3644053');
    expect(formatPhone('+49303644053', null)).toBe('+49 30 3644053');
    expect(formatPhone('+442079460958')).toBe('+44 20 7946 0958');
  });

  it('leaves text that is not a valid E.164 number as it is', () => {
    expect(formatPhone('call reception, ext. 12', 'DE')).toBe('call reception, ext. 12');
    expect(formatPhone('+4930', 'DE')).toBe('+4930');
    expect(formatPhone('030 3644053', 'DE')).toBe('030 3644053');
  });
});
