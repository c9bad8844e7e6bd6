import { copyTextValue, textArrayLiteral, uploadCopyLine } from './staging-copy';

describe('staging COPY encoding', () => {
  it('escapes the characters COPY text format gives a meaning to', () => {
    expect(copyTextValue('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
    expect(copyTextValue('plain, "quoted" text')).toBe('plain, "quoted" text');
  });

  it('quotes every array element and escapes quotes and backslashes inside', () => {
    expect(textArrayLiteral(['', 'NULL', 'a,b', '{x}', 'say "hi"', 'back\\slash'])).toBe('{"","NULL","a,b","{x}","say \\"hi\\"","back\\\\slash"}');
  });

  it('drops NUL characters, which PostgreSQL text cannot hold', () => {
    expect(textArrayLiteral(['a\0b'])).toBe('{"ab"}');
  });

  it('escapes an array literal again for COPY, so a backslash in a cell ends up quadrupled', () => {
    expect(uploadCopyLine(7, ['x\\y', 'tab\there'])).toBe('7\t{"x\\\\\\\\y","tab\\there"}\n');
  });
});
