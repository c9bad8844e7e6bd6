import type { PulledPage } from './pull-provider';
import { readAhead } from './read-ahead';

const page = (refs: string[], checkpoint: string | null, extra: Partial<PulledPage> = {}): PulledPage => ({
  records: refs.map((ref) => ({ kind: 'upsert' as const, ref, version: 'v1', lead: [] })),
  checkpoint,
  ...extra,
});

const refsOf = (p: PulledPage) => p.records.map((r) => r.ref);

async function collect(source: AsyncIterable<PulledPage>, options = { depth: 5, maxRecords: 4 }, onBatch?: () => Promise<void>) {
  const out: PulledPage[] = [];
  for await (const batch of readAhead(source, options)) {
    out.push(batch);
    await onBatch?.();
  }
  return out;
}

describe('readAhead', () => {
  it('fetches the next page while a batch is written, and hands over what piled up as one batch', async () => {
    const fetched: number[] = [];
    async function* pages() {
      for (let i = 1; i <= 5; i++) {
        fetched.push(i);
        yield page([`r${i}a`, `r${i}b`], `cp${i}`);
      }
    }
    let written = 0;
    const seenAtWrite: number[] = [];
    const out = await collect(pages(), { depth: 5, maxRecords: 4 }, async () => {
      seenAtWrite.push(fetched.length);
      written++;
      // The writer is slow: the reader fills its buffer meanwhile.
      await new Promise((r) => setTimeout(r, 20));
    });
    expect(written).toBe(out.length);
    // While the first page was written, the reader was already past it.
    expect(seenAtWrite[0]).toBeGreaterThan(1);
    expect(out.flatMap(refsOf)).toEqual(['r1a', 'r1b', 'r2a', 'r2b', 'r3a', 'r3b', 'r4a', 'r4b', 'r5a', 'r5b']);
    // At most maxRecords per batch, whole pages, the last page's checkpoint.
    expect(out.every((b) => b.records.length <= 4)).toBe(true);
    expect(out.length).toBeLessThan(5);
    expect(out[out.length - 1].checkpoint).toBe('cp5');
    const merged = out.find((b) => b.records.length === 4)!;
    expect(merged.checkpoint).toBe(`cp${Number(merged.records[3].ref[1])}`);
  });

  it('goes on reading after its buffer was full and a batch emptied it', async () => {
    async function* pages() {
      for (let i = 0; i < 12; i++) yield page([`r${i}`], `cp${i}`);
    }
    // A slow writer and a small buffer: the reader stops at two pages, the writer takes both at once.
    const out = await collect(pages(), { depth: 2, maxRecords: 100 }, () => new Promise((r) => setTimeout(r, 15)));
    expect(out.flatMap(refsOf)).toEqual(Array.from({ length: 12 }, (_, i) => `r${i}`));
    expect(out[out.length - 1].checkpoint).toBe('cp11');
    expect(out.reduce((n, b) => n + (b.pages ?? 1), 0)).toBe(12);
  });

  it('keeps an earlier checkpoint when a later merged page carries none, and keeps fullResync', async () => {
    async function* pages() {
      yield page(['a'], 'cp1');
      yield page(['b'], 'cp2', { fullResync: true });
      yield page(['c'], null);
    }
    // A slow writer: b and c are both waiting when the first batch is done.
    const out = await collect(pages(), { depth: 5, maxRecords: 10 }, () => new Promise((r) => setTimeout(r, 20)));
    expect(out.map(refsOf)).toEqual([['a'], ['b', 'c']]);
    expect(out[1].checkpoint).toBe('cp2');
    expect(out[1].pages).toBe(2);
    expect(out[1].fullResync).toBe(true);
    expect(out[0].fullResync).toBeUndefined();
  });

  it('never merges a page that carries a complete listing (gone)', async () => {
    async function* pages() {
      yield page(['a'], 'cp1');
      yield page(['b'], 'cp2', { gone: { stream: 's', prefix: 'm/', present: ['b'], data: {} } });
      yield page(['c'], 'cp3');
    }
    // Let everything arrive before the first batch is taken.
    const source = pages();
    const out: PulledPage[] = [];
    for await (const batch of readAhead(source, { depth: 5, maxRecords: 10 })) {
      out.push(batch);
      await new Promise((r) => setTimeout(r, 10));
    }
    const withGone = out.filter((b) => b.gone);
    expect(withGone).toHaveLength(1);
    expect(refsOf(withGone[0])).toEqual(['b']);
    expect(out.flatMap(refsOf)).toEqual(['a', 'b', 'c']);
  });

  it('hands over the pages read before a reading error, then raises it', async () => {
    async function* pages() {
      yield page(['a'], 'cp1');
      yield page(['b'], 'cp2');
      throw new Error('provider down');
    }
    const out: PulledPage[] = [];
    await expect(
      (async () => {
        for await (const batch of readAhead(pages(), { depth: 5, maxRecords: 10 })) out.push(batch);
      })(),
    ).rejects.toThrow('provider down');
    expect(out.flatMap(refsOf)).toEqual(['a', 'b']);
  });

  it('stops reading and closes the source when the writer stops early', async () => {
    let closed = false;
    let fetched = 0;
    async function* pages() {
      try {
        for (let i = 0; i < 100; i++) {
          fetched++;
          yield page([`r${i}`], `cp${i}`);
        }
      } finally {
        closed = true;
      }
    }
    await expect(
      (async () => {
        for await (const batch of readAhead(pages(), { depth: 3, maxRecords: 1 })) {
          if (batch.records[0].ref === 'r1') throw new Error('lease lost');
        }
      })(),
    ).rejects.toThrow('lease lost');
    expect(closed).toBe(true);
    // Never more than the buffer's depth ahead of the writer.
    expect(fetched).toBeLessThanOrEqual(2 + 3 + 1);
  });
});
