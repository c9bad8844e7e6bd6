import { createApiClient } from '@hotleads/api-client';
import { getAccessToken, refreshAccessToken } from './access-token';

// The auth endpoints that take no bearer token or must not trigger a refresh (the refresh itself, sign-in).
const NO_REFRESH = /^\/api\/v1\/auth\/(login|refresh|mfa\/verify|signup|password\/(forgot|reset)|invitations\/accept)$/;

function withToken(request: Request, token: string | undefined): Request {
  if (token && !request.headers.has('authorization')) request.headers.set('authorization', `Bearer ${token}`);
  return request;
}

// Adds the access token and, when the API says it expired (401), gets a new one once and retries.
// fetch is looked up on each call rather than captured at start-up, so a fetch installed later (tests) is used.
export async function authorizedFetch(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  const refreshable = pathname.startsWith('/api/') && !NO_REFRESH.test(pathname);
  // No token yet (a reload: the session is being restored from the cookie): wait for it rather than 401.
  const token = getAccessToken() ?? (refreshable ? await refreshAccessToken() : undefined);
  const retry = token && refreshable ? request.clone() : undefined;
  const response = await globalThis.fetch(withToken(request, token));
  if (response.status !== 401 || !retry) return response;
  const fresh = await refreshAccessToken();
  if (!fresh) return response;
  await response.body?.cancel();
  retry.headers.set('authorization', `Bearer ${fresh}`);
  return globalThis.fetch(retry);
}

// Same origin in production (the API serves this app) and in dev (Vite proxies /api and /health).
export const api = createApiClient({ baseUrl: '', fetch: authorizedFetch });

export interface FieldError {
  field: string;
  message: string;
}

// Status 0 stands for "no HTTP answer at all" (server down, network lost, CORS, ...).
export const NETWORK_ERROR_STATUS = 0;

export class ApiError extends Error {
  override readonly name = 'ApiError';
  // The problem's `reason` extension, when it has one (`stale` on recent_authentication_required).
  readonly reason?: string;
  // The whole problem body, for a problem's own members (who holds a claimed lead, ...).
  readonly extensions: Record<string, unknown>;

  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly requestId?: string,
    readonly fieldErrors: readonly FieldError[] = [],
    options?: ErrorOptions & { reason?: string; extensions?: Record<string, unknown> },
  ) {
    super(detail, options);
    this.reason = options?.reason;
    this.extensions = options?.extensions ?? {};
  }

  get isNetworkError(): boolean {
    return this.status === NETWORK_ERROR_STATUS;
  }
}

// The RFC 9457 body the API's error filter sends. It is not in openapi.json yet, so only the members the SPA
// reads are checked here at runtime; switch to the generated `ProblemDetails` schema once the API documents it.
interface ProblemFields {
  title?: string;
  detail?: string;
  code?: string;
  requestId?: string;
  reason?: string;
  errors: FieldError[];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const stringOrUndefined = (value: unknown) => (typeof value === 'string' ? value : undefined);

function readProblem(body: unknown): ProblemFields {
  if (!isRecord(body)) return { errors: [] };
  const errors = Array.isArray(body.errors)
    ? body.errors.filter((e): e is FieldError => isRecord(e) && typeof e.field === 'string' && typeof e.message === 'string')
    : [];
  return {
    title: stringOrUndefined(body.title),
    detail: stringOrUndefined(body.detail),
    code: stringOrUndefined(body.code),
    requestId: stringOrUndefined(body.requestId),
    reason: stringOrUndefined(body.reason),
    errors,
  };
}

// An HTTP error answer (openapi-fetch's `error` plus its `response`) as an ApiError.
export function toApiError(response: Response, body: unknown): ApiError {
  const problem = readProblem(body);
  return new ApiError(
    response.status,
    problem.code ?? `http_${response.status}`,
    problem.detail ?? problem.title ?? (response.statusText || `Request failed with status ${response.status}`),
    problem.requestId ?? response.headers.get('x-request-id') ?? undefined,
    problem.errors,
    { reason: problem.reason, extensions: typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {} },
  );
}

export function networkError(cause: unknown): ApiError {
  return new ApiError(NETWORK_ERROR_STATUS, 'network_error', 'The API is not reachable', undefined, [], { cause });
}

// Awaits one client call. A failed connection becomes a network ApiError; an HTTP answer, error or not, is
// returned as openapi-fetch typed it, for the caller to turn into data or `toApiError`.
export async function send<R>(call: Promise<R>): Promise<R> {
  try {
    return await call;
  } catch (cause) {
    // fetch() rejects with a TypeError when no answer arrives; aborts and body parse errors pass through.
    if (cause instanceof TypeError) throw networkError(cause);
    throw cause;
  }
}
