import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { jsonArrayTransform } from './json-array.transform';

const through = (chunks: string[]): Promise<string> => text(Readable.from(chunks.map((c) => Buffer.from(c))).pipe(jsonArrayTransform()));

describe('jsonArrayTransform', () => {
  const rows = ['{"a":1}', '{"b":"x,y"}', '{"c":"\\n\\"é"}'];
  const ndjson = rows.map((r) => `${r}\n`).join('');

  it('wraps rows in an array, one per line', async () => {
    const out = await through([ndjson]);
    expect(out).toBe(`[\n${rows.join(',\n')}\n]\n`);
    expect(JSON.parse(out)).toEqual([{ a: 1 }, { b: 'x,y' }, { c: '\n"é' }]);
  });

  it('gives the same bytes however the input is cut', async () => {
    const whole = await through([ndjson]);
    const bytes = Buffer.from(ndjson);
    for (let cut = 1; cut < bytes.length; cut++) {
      const out = await text(Readable.from([bytes.subarray(0, cut), bytes.subarray(cut)]).pipe(jsonArrayTransform()));
      expect(out).toBe(whole);
    }
    const oneByteChunks = await text(Readable.from([...bytes].map((b) => Buffer.from([b]))).pipe(jsonArrayTransform()));
    expect(oneByteChunks).toBe(whole);
  });

  it('answers an empty array for no rows', async () => {
    expect(JSON.parse(await through([]))).toEqual([]);
  });
});
