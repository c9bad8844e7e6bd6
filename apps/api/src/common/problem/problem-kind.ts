// What the OpenAPI document needs to know of an error without raising it. A ProblemException subclass
// is one itself (its static `status` and `code`), so a route lists the classes it may throw.
export interface ProblemKind {
  readonly status: number;
  readonly code: string;
  // Headers the error sets besides the ones every response has (described in openapi/openapi-components.ts).
  readonly headers?: readonly ProblemHeader[];
}

export type ProblemHeader = 'Retry-After' | 'ETag' | 'WWW-Authenticate';

// The codes the filter gives errors that carry none of their own: Nest's built-in exceptions by status,
// and Fastify's body parser.
export const HTTP_PROBLEMS = {
  badRequest: { status: 400, code: 'bad_request' },
  malformedJson: { status: 400, code: 'malformed_json' },
  unauthorized: { status: 401, code: 'unauthorized' },
  notFound: { status: 404, code: 'not_found' },
  payloadTooLarge: { status: 413, code: 'payload_too_large' },
  unsupportedMediaType: { status: 415, code: 'unsupported_media_type' },
  internalError: { status: 500, code: 'internal_error' },
  serviceUnavailable: { status: 503, code: 'service_unavailable' },
  // Answered by the adapter itself (bootstrap/edge-errors.ts) before any route runs.
  badUrl: { status: 400, code: 'bad_url' },
  malformedRequest: { status: 400, code: 'malformed_request' },
  headersTooLarge: { status: 431, code: 'headers_too_large' },
  shuttingDown: { status: 503, code: 'shutting_down' },
  // With BASE_DOMAIN set, a host name that is no workspace's (modules/access/workspace-host.hook.ts).
  workspaceNotFound: { status: 404, code: 'workspace_not_found' },
} as const satisfies Record<string, ProblemKind>;
