import { vi } from 'vitest';
import { requestedUrl } from './http';

export interface StubbedCall {
  method: string;
  path: string;
  search: string;
  headers: Headers;
  // The parsed JSON body, if any.
  body: unknown;
}

type Handler = (call: StubbedCall) => Response | Promise<Response>;

// Stubs the global fetch with answers by "METHOD /path". A list of responses is answered in order, its last
// one repeated; a function answers every call. Every call is recorded; an unexpected one fails loudly.
export function stubApi(routes: Record<string, Handler | Response[]>): StubbedCall[] {
  const calls: StubbedCall[] = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(requestedUrl(input), init);
    const text = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
    const url = new URL(request.url);
    const call: StubbedCall = { method: request.method, path: url.pathname, search: url.search, headers: request.headers, body: text ? JSON.parse(text) : undefined };
    calls.push(call);
    const route = routes[`${call.method} ${call.path}`];
    if (typeof route === 'function') return route(call);
    const next = route && (route.length > 1 ? route.shift() : route[0]);
    if (!next) throw new Error(`Unexpected request: ${call.method} ${call.path}`);
    return next.clone();
  });
  return calls;
}
