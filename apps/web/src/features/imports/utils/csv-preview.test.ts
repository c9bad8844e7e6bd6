import { describe, expect, it } from 'vitest';
import { autoMap, parseCsvHead, previewCsv, sniffDelimiter } from './csv-preview';

describe('csv preview', () => {
  it('guesses the delimiter from the header line, ignoring quoted ones', () => {
    expect(sniffDelimiter('name;email;"a,b,c"')).toBe(';');
    expect(sniffDelimiter('name\temail\tphone')).toBe('\t');
    expect(sniffDelimiter('name,email')).toBe(',');
  });

  it('parses quotes, doubled quotes, line breaks in cells and CRLF, dropping a cut last record', () => {
    const text = '\ufeffname,note\r\n"Ada ""A"" L",x\r\n"multi\nline",y\r\nBob,cut';
    expect(parseCsvHead(text, ',', 10, false)).toEqual([
      ['name', 'note'],
      ['Ada "A" L', 'x'],
      ['multi\nline', 'y'],
    ]);
    expect(parseCsvHead(text, ',', 10, true)).toHaveLength(4);
    expect(parseCsvHead(text, ',', 2, true)).toHaveLength(2);
  });

  it('reads only the head of a large file', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `Lead ${i},lead${i}@example.com`);
    const file = new File([['Name,E-mail', ...rows].join('\n')], 'big.csv', { type: 'text/csv' });
    const preview = await previewCsv(file);
    expect(preview.header).toEqual(['Name', 'E-mail']);
    expect(preview.rows).toHaveLength(5);
    expect(preview.rows[4]).toEqual(['Lead 4', 'lead4@example.com']);
  });

  it('maps saved headers first, then names and synonyms, never one field twice', () => {
    expect(autoMap(['Full Name', 'E-mail', 'Mobile', 'Telephone', 'Source_Ref', 'Whatever'], { Whatever: 'company', 'E-mail': 'bogus' })).toEqual({
      'Full Name': 'name',
      'E-mail': 'email',
      Mobile: 'phone',
      Telephone: null,
      Source_Ref: 'sourceRef',
      Whatever: 'company',
    });
  });
});
