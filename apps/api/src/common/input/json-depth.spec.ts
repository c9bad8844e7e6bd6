import { exceedsJsonDepth } from './json-depth';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('exceedsJsonDepth', () => {
  it('allows nesting up to the limit and refuses one level more', () => {
    expect(exceedsJsonDepth(bytes(nested(32)), 32)).toBe(false);
    expect(exceedsJsonDepth(bytes(nested(33)), 32)).toBe(true);
    expect(exceedsJsonDepth(bytes('{"a":'.repeat(33) + '1' + '}'.repeat(33)), 32)).toBe(true);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ a: '[[[[[[[[[[{{{{{{{{', b: 'quote \\" then [[[[[[', c: '\\\\' + '['.repeat(40) });
    expect(exceedsJsonDepth(bytes(text), 2)).toBe(false);
    expect(exceedsJsonDepth(bytes(`[[[${JSON.stringify({ s: 'ü€😀[' })}]]]`), 3)).toBe(true);
  });

  it('counts depth, not the number of brackets', () => {
    const wide = `[${Array.from({ length: 1000 }, () => '{"a":[1]}').join(',')}]`;
    expect(exceedsJsonDepth(bytes(wide), 3)).toBe(false);
  });

  it('stays linear on a 10,000-deep body', () => {
    const started = performance.now();
    expect(exceedsJsonDepth(bytes(nested(10_000)))).toBe(true);
    expect(performance.now() - started).toBeLessThan(50);
  });
});
