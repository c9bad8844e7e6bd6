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
