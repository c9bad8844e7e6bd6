import type { PulledPage } from './pull-provider';

export interface ReadAheadOptions {
  // Pages fetched and waiting at most; the reader pauses when this many are.
  depth: number;
  // Records handed over as one batch at most (whole pages; a bigger page goes alone).
  maxRecords: number;
}

// The provider's pages, fetched while the previous batch is being written: the next request is on the
// wire while the database works, instead of after it. Whatever pages have arrived when the writer is
// ready are handed over as one (records in order, the last checkpoint any of them carried), so a run
// that writes slower than it reads commits fewer, larger transactions; the checkpoint still commits with
// exactly the records before it. A page with a `gone` marker (a complete listing) goes alone. A reading
// error is raised after the pages fetched before it were handed over, as a plain loop would.
export async function* readAhead(source: AsyncIterable<PulledPage>, options: ReadAheadOptions): AsyncGenerator<PulledPage> {
  const it = source[Symbol.asyncIterator]();
  const buffer: PulledPage[] = [];
  let finished = false;
  let failure: { error: unknown } | null = null;
  let stopped = false;
  let wake: (() => void) | null = null;
  let pumping: Promise<void> | null = null;

  const pump = async (): Promise<void> => {
    try {
      while (!finished && !stopped && buffer.length < options.depth) {
        const next = await it.next();
        if (next.done) finished = true;
        else buffer.push(next.value);
        wake?.();
      }
    } catch (error) {
      failure = { error };
      wake?.();
    }
  };
  // At most one reader at a time; it stops when the buffer is full and is started again as batches leave.
  const startPump = () => {
    if (pumping || finished || failure || stopped || buffer.length >= options.depth) return;
    pumping = pump().finally(() => {
      pumping = null;
    });
  };

  try {
    for (;;) {
      startPump();
      while (buffer.length === 0 && !finished && !failure) {
        startPump();
        // Woken by a page, or by the reader stopping (then started again above).
        await new Promise<void>((resolve) => {
          wake = resolve;
          void pumping?.then(resolve);
        });
        wake = null;
      }
      if (buffer.length === 0) {
        if (failure) throw (failure as { error: unknown }).error;
        return;
      }
      const batch = [buffer.shift()!];
      let size = batch[0].records.length;
      while (!batch[0].gone && buffer.length > 0 && !buffer[0].gone && size + buffer[0].records.length <= options.maxRecords) {
        size += buffer[0].records.length;
        batch.push(buffer.shift()!);
      }
      // The reader goes on while this batch is written.
      startPump();
      yield batch.length === 1 ? batch[0] : mergePages(batch);
    }
  } finally {
    stopped = true;
    await pumping;
    await it.return?.(undefined);
  }
}

function mergePages(pages: PulledPage[]): PulledPage {
  // A page without a checkpoint keeps the one before it, as when each page is committed in turn.
  const checkpoint = pages.reduce<string | null>((at, page) => page.checkpoint ?? at, null);
  const merged: PulledPage = { records: pages.flatMap((p) => p.records), checkpoint, pages: pages.reduce((n, p) => n + (p.pages ?? 1), 0) };
  if (pages.some((p) => p.fullResync)) merged.fullResync = true;
  return merged;
}
