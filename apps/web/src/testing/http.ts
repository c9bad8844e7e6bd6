// Real HTTP-shaped answers for a stubbed global fetch.
export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

export function problemResponse(status: number, problem: Record<string, unknown>): Response {
  return new Response(JSON.stringify({ status, ...problem }), {
    status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8' },
  });
}

// What fetch() does when nothing answers: browsers and Node reject with a TypeError.
export const connectionRefused = () => new TypeError('Failed to fetch');

export const requestedUrl = (input: RequestInfo | URL): string =>
  input instanceof Request ? input.url : input instanceof URL ? input.href : input;

// The header's notification bell asks for the signed-in user's notifications on every page. Pages under
// test answer it with an empty list through this, so their own requests stay the only ones counted.
export function headerRequestAnswer(input: RequestInfo | URL): Response | null {
  const path = new URL(requestedUrl(input), 'http://localhost').pathname;
  return path === '/api/v1/notifications' ? jsonResponse({ data: [], nextCursor: null, unreadCount: 0 }) : null;
}

// A fetch stub that answers the header's own requests and hands every other request to `page`.
export function withHeaderRequests(page: typeof fetch): typeof fetch {
  return (input, init) => {
    const header = headerRequestAnswer(input);
    return header ? Promise.resolve(header) : page(input, init);
  };
}
