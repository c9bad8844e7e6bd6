import { getAccessToken, refreshAccessToken } from './access-token';

// What GET /api/v1/events streams (Server-Sent Events). Each event's data names the leads a change touched
// (the first ones of a large change) and how many there were.
export type LiveEventType = 'lead.created' | 'lead.updated' | 'lead.deleted' | 'stats.changed' | 'notification.changed' | 'resync';

export interface LiveEvent {
  id?: string;
  type: LiveEventType | (string & {});
  ids: string[];
  count: number;
}

export type LiveStatus = 'connecting' | 'live' | 'offline';

interface RawEvent {
  id?: string;
  event: string;
  data: string;
}

// Incremental text/event-stream parser: feed it chunks, it returns the complete events so far.
export function createSseParser(): (chunk: string) => RawEvent[] {
  let buffer = '';
  let id: string | undefined;
  let event = '';
  let data: string[] = [];
  return (chunk) => {
    buffer += chunk;
    const events: RawEvent[] = [];
    const lines = buffer.split(/\r\n|\r|\n/);
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      if (line === '') {
        if (data.length > 0) events.push({ id, event: event || 'message', data: data.join('\n') });
        event = '';
        data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'data') data.push(value);
      else if (field === 'event') event = value;
      else if (field === 'id' && !value.includes('\0')) id = value;
    }
    return events;
  };
}

function toLiveEvent(raw: RawEvent): LiveEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.data);
  } catch {
    parsed = undefined;
  }
  const body = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const ids = Array.isArray(body.ids) ? body.ids.filter((v): v is string => typeof v === 'string') : [];
  const count = typeof body.count === 'number' ? body.count : ids.length;
  return { id: raw.id, type: raw.event, ids, count };
}

const MAX_BACKOFF_MS = 30_000;

export interface LiveConnection {
  stop(): void;
}

interface LiveOptions {
  onEvent(event: LiveEvent): void;
  onStatus(status: LiveStatus): void;
  url?: string;
}

// Reads the stream with fetch (an EventSource cannot send the bearer token), resumes with Last-Event-ID after
// a drop, and backs off while the API is away. The stream also ends when the access token expires; the next
// attempt carries a fresh one.
export function connectLiveEvents({ onEvent, onStatus, url = '/api/v1/events' }: LiveOptions): LiveConnection {
  const controller = new AbortController();
  let lastEventId: string | undefined;
  let failures = 0;

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      controller.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    });

  async function once(): Promise<'again' | 'stop'> {
    const token = getAccessToken() ?? (await refreshAccessToken());
    if (!token) return 'stop';
    const headers: Record<string, string> = { accept: 'text/event-stream', authorization: `Bearer ${token}` };
    if (lastEventId) headers['last-event-id'] = lastEventId;
    const response = await fetch(url, { headers, signal: controller.signal, cache: 'no-store' });
    if (response.status === 401) {
      await response.body?.cancel();
      return (await refreshAccessToken()) ? 'again' : 'stop';
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      // 403 (no leads:read) will not change by retrying.
      return response.status === 403 ? 'stop' : 'again';
    }
    onStatus('live');
    failures = 0;
    const parse = createSseParser();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return 'again';
      for (const raw of parse(value)) {
        if (raw.id) lastEventId = raw.id;
        onEvent(toLiveEvent(raw));
      }
    }
  }

  void (async () => {
    while (!controller.signal.aborted) {
      onStatus('connecting');
      let outcome: 'again' | 'stop';
      try {
        outcome = await once();
      } catch {
        outcome = 'again';
      }
      if (controller.signal.aborted) return;
      if (outcome === 'stop') {
        onStatus('offline');
        return;
      }
      // A stream that ended after working (token expiry, a deploy) comes back at once; failures back off.
      onStatus('offline');
      if (failures > 0) await wait(Math.min(1000 * 2 ** (failures - 1), MAX_BACKOFF_MS));
      failures += 1;
    }
  })();

  return { stop: () => controller.abort() };
}
