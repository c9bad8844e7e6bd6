import { describe, expect, it, vi } from 'vitest';
import { setAccessToken } from './access-token';
import { connectLiveEvents, createSseParser, type LiveEvent, type LiveStatus } from './live-events';

describe('createSseParser', () => {
  it('returns complete events only, across chunk boundaries and line endings', () => {
    const parse = createSseParser();
    expect(parse('retry: 3000\n\n: heartbeat\n\nid: 7\nevent: lead.cre')).toEqual([]);
    expect(parse('ated\ndata: {"ids":["a"],\r\ndata: "count":1}\r\n\r\n')).toEqual([
      { id: '7', event: 'lead.created', data: '{"ids":["a"],\n"count":1}' },
    ]);
  });

  it('keeps the last id for events without one and defaults the event name', () => {
    const parse = createSseParser();
    expect(parse('id: 9\ndata: x\n\ndata: y\n\n')).toEqual([
      { id: '9', event: 'message', data: 'x' },
      { id: '9', event: 'message', data: 'y' },
    ]);
  });
});

function streamResponse(text: string, keepOpen = false): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      if (!keepOpen) controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

describe('connectLiveEvents', () => {
  it('sends the token, delivers events and resumes with Last-Event-ID after the stream ends', async () => {
    setAccessToken('token-1');
    const requests: Request[] = [];
    const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      requests.push(new Request(new URL(String(input), 'http://app.test'), init));
      return requests.length === 1
        ? streamResponse('id: 41\nevent: lead.created\ndata: {"ids":["l1"],"count":1}\n\n')
        : streamResponse('id: 42\nevent: stats.changed\ndata: {"count":1}\n\n', true);
    });
    vi.stubGlobal('fetch', fetchMock);
    const events: LiveEvent[] = [];
    const statuses: LiveStatus[] = [];
    const connection = connectLiveEvents({ onEvent: (e) => events.push(e), onStatus: (s) => statuses.push(s), url: 'http://app.test/api/v1/events' });

    await vi.waitFor(() => expect(events).toHaveLength(2));
    connection.stop();

    expect(events).toEqual([
      { id: '41', type: 'lead.created', ids: ['l1'], count: 1 },
      { id: '42', type: 'stats.changed', ids: [], count: 1 },
    ]);
    expect(requests[0]!.headers.get('authorization')).toBe('Bearer token-1');
    expect(requests[0]!.headers.get('last-event-id')).toBeNull();
    expect(requests[1]!.headers.get('last-event-id')).toBe('41');
    expect(statuses).toContain('live');
    setAccessToken(undefined);
  });

  it('gives up (polling takes over) when the stream is forbidden', async () => {
    setAccessToken('token-1');
    const fetchMock = vi.fn(async () => new Response(null, { status: 403 }));
    vi.stubGlobal('fetch', fetchMock);
    const statuses: LiveStatus[] = [];
    connectLiveEvents({ onEvent: () => undefined, onStatus: (s) => statuses.push(s) });

    await vi.waitFor(() => expect(statuses.at(-1)).toBe('offline'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fetchMock).toHaveBeenCalledTimes(1);
    setAccessToken(undefined);
  });
});
