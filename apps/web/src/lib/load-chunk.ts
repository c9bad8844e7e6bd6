// A page's code arrives in its own chunk. Its download can fail on a dropped connection (a retry helps) or
// after a deployment replaced the chunk files (only a reload, which fetches the new index, helps).

export const CHUNK_RETRY_DELAYS_MS = [400, 1500];

const CHUNK_ERROR = /dynamically imported module|module script failed|Loading chunk|Failed to fetch/i;

export class ChunkLoadError extends Error {
  constructor(cause: unknown) {
    super('The code of this page could not be downloaded.', { cause });
    this.name = 'ChunkLoadError';
  }
}

export const isChunkLoadError = (error: unknown): boolean =>
  error instanceof ChunkLoadError || (error instanceof Error && (error.name === 'ChunkLoadError' || CHUNK_ERROR.test(error.message)));

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Tries the import again after each delay; the last failure is thrown as a ChunkLoadError.
export async function retryImport<T>(load: () => Promise<T>, delays: readonly number[] = CHUNK_RETRY_DELAYS_MS): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await load();
    } catch (error) {
      if (!isChunkLoadError(error)) throw error;
      if (attempt >= delays.length) throw new ChunkLoadError(error);
      await wait(delays[attempt]);
    }
  }
}
