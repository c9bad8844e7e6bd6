// Server-Sent Events framing (WHATWG HTML, "Server-sent events"). Data is one line of JSON, so a frame
// never needs more than one `data:` field.

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-store',
  // Proxies (nginx) would otherwise buffer the stream.
  'x-accel-buffering': 'no',
} as const;

export function sseEvent(event: string, data: object, id?: string): string {
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

// A comment: clients ignore it, proxies and load balancers see traffic.
export function sseComment(text: string): string {
  return `: ${text.replace(/[\r\n]+/g, ' ')}\n\n`;
}

export function sseRetry(ms: number): string {
  return `retry: ${Math.round(ms)}\n\n`;
}
