import { decodeChunks, sniffDelimiter } from './csv-sniff';

async function collect(source: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const s of source) out += s;
  return out;
}

describe('sniffDelimiter', () => {
  it.each([
    ['name,email,phone\n', ','],
    ['name;email;phone\r\n', ';'],
    ['name\temail\tphone\n', '\t'],
    ['name|email|phone\n', '|'],
    ['email\n', ','],
  ])('reads %j as %j', (head, expected) => {
    expect(sniffDelimiter(head)).toBe(expected);
  });

  it('ignores delimiters inside quotes and looks at the first line only', () => {
    expect(sniffDelimiter('"a;b;c;d",e,f\n1;2;3;4;5;6;7\n')).toBe(',');
  });
});

describe('decodeChunks', () => {
  it('keeps a UTF-8 character split across chunks and drops the BOM', async () => {
    const bytes = Buffer.from('\uFEFFJosé 🎉', 'utf8');
    const chunks = [bytes.subarray(0, 5), bytes.subarray(5, 9), bytes.subarray(9)];
    await expect(collect(decodeChunks(chunks, 'utf-8'))).resolves.toBe('José 🎉');
  });

  it('reads latin1', async () => {
    await expect(collect(decodeChunks([Buffer.from('Müller', 'latin1')], 'latin1'))).resolves.toBe('Müller');
  });
});

describe('decodeChunks size limit', () => {
  it('stops once the upload passes the limit', async () => {
    await expect(collect(decodeChunks([Buffer.alloc(6), Buffer.alloc(6)], 'utf-8', 10))).rejects.toThrow(/larger than 10 bytes/);
  });
});
