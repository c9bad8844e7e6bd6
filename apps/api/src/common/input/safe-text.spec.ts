import { isStorableText, toStorableText, unstorableTextFields } from './safe-text';

describe('safe text', () => {
  it('tells storable text from NUL and unpaired surrogates', () => {
    expect(isStorableText('plain ü € 😀')).toBe(true);
    expect(isStorableText('a\u0000b')).toBe(false);
    expect(isStorableText('\ud800')).toBe(false);
    expect(isStorableText('x\udc00')).toBe(false);
    expect(isStorableText('\ud83d\ude00\ud83d')).toBe(false);
  });

  it('cleans what it cannot store, keeping everything else', () => {
    expect(toStorableText('a\u0000b\ud800c\udc00😀')).toBe('ab\ufffdc\ufffd😀');
    expect(toStorableText('unchanged')).toBe('unchanged');
  });

  it('names every field holding such text, in nested bodies and keys too', () => {
    const fields = unstorableTextFields({ name: 'a\u0000b', tags: ['ok', '\ud800'], metadata: { 'k\u0000': 1, deep: { v: 'x\udfff' } }, n: 3 });
    expect(fields.map((f) => f.field)).toEqual(['name', 'tags[1]', 'metadata.k', 'metadata.deep.v']);
    expect(unstorableTextFields({ fine: ['a', { b: 'c' }] })).toEqual([]);
    expect(unstorableTextFields('\u0000', 'q')).toEqual([{ field: 'q', message: 'q must not contain NUL (U+0000) characters' }]);
  });
});
