import { isTimeZone } from './is-time-zone.validator';

describe('isTimeZone', () => {
  it('accepts IANA zone names', () => {
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('America/Argentina/Buenos_Aires')).toBe(true);
  });

  it('rejects offsets, unknown names and non-strings', () => {
    for (const bad of ['+02:00', 'Mars/Olympus', '', 'Europe/Berlin\u0000', '../etc', 'a'.repeat(200), 42, null]) expect(isTimeZone(bad)).toBe(false);
  });
});
