export interface SseEvent {
  event: string;
  id?: string;
  data: Record<string, unknown>;
}

// A small text/event-stream reader over Node's fetch, as the admin app reads the stream: events and
// comments are collected as they arrive, and tests wait for what they expect with a timeout.
export class SseClient {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  retry: number | null = null;
  ended = false;
  private consumed = 0;
  private readonly wakers = new Set<() => void>();

  private constructor(
    readonly response: Response,
    private readonly abort: AbortController,
  ) {
    if (response.ok && response.body) void this.read(response.body);
    else this.ended = true;
  }

  // Opens the stream; a non-2xx answer is kept as it is (its body unread) for the test to check.
  static async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const abort = new AbortController();
    return new SseClient(await fetch(url, { headers, signal: abort.signal }), abort);
  }

  get status(): number {
    return this.response.status;
  }

  // The next event not yet taken whose name is one of `names` (others before it are passed over).
  async next(names: string | string[], timeoutMs = 5000): Promise<SseEvent> {
    const wanted = Array.isArray(names) ? names : [names];
    return this.waitFor(() => {
      for (let i = this.consumed; i < this.events.length; i++) {
        if (wanted.includes(this.events[i].event)) {
          this.consumed = i + 1;
          return this.events[i];
        }
      }
      return undefined;
    }, timeoutMs, `an event ${wanted.join(' or ')}`);
  }

  // The first event (taken or not) that matches.
  find(match: (event: SseEvent) => boolean, timeoutMs = 5000): Promise<SseEvent> {
    return this.waitFor(() => this.events.find(match), timeoutMs, 'a matching event');
  }

  async waitForComment(timeoutMs = 5000): Promise<string> {
    const seen = this.comments.length;
    return this.waitFor(() => this.comments[seen], timeoutMs, 'a comment');
  }

  async waitForEnd(timeoutMs = 5000): Promise<void> {
    await this.waitFor(() => (this.ended ? true : undefined), timeoutMs, 'the end of the stream');
  }

  close(): void {
    this.abort.abort();
  }

  private waitFor<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        const found = probe();
        if (found === undefined) return false;
        cleanup();
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; events so far: ${JSON.stringify(this.events)}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.wakers.delete(waker);
      };
      const waker = () => void check();
      if (check()) return;
      this.wakers.add(waker);
    });
  }

  private wake(): void {
    for (const waker of [...this.wakers]) waker();
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true }).replace(/\r\n?/g, '\n');
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          this.dispatch(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
        this.wake();
      }
    } catch {
      // Aborted by close(), or the connection dropped.
    }
    this.ended = true;
    this.wake();
  }

  private dispatch(block: string): void {
    let event = 'message';
    let id: string | undefined;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) {
        this.comments.push(line.slice(1).trim());
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'id') id = value;
      else if (field === 'data') data.push(value);
      else if (field === 'retry') this.retry = Number(value);
    }
    if (data.length === 0) return;
    this.events.push({ event, id, data: JSON.parse(data.join('\n')) as Record<string, unknown> });
  }
}
