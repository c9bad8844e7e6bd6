import type { HeaderObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { ProblemHeader } from '../common/problem/problem-kind';

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

const integer = (description: string): HeaderObject => ({ description, schema: { type: 'integer', minimum: 0 } });

// The body of every error (common/problem/problem-details.filter.ts) and the headers all routes share.
export const OPENAPI_COMPONENTS: { schemas: Record<string, SchemaObject>; headers: Record<string, HeaderObject> & Record<ProblemHeader, HeaderObject> } = {
  schemas: {
    FieldError: {
      type: 'object',
      required: ['field', 'message'],
      properties: {
        field: { type: 'string', description: 'Dotted path of the field, e.g. `items.3.email`.' },
        message: { type: 'string' },
      },
    },
    Problem: {
      type: 'object',
      description: 'RFC 9457 problem details. Some codes add members of their own (e.g. `allowed`, `currentVersion`, `retryAfter`).',
      required: ['type', 'title', 'status', 'detail', 'code'],
      properties: {
        type: { type: 'string', description: '`urn:hotleads:problem:<code>`' },
        title: { type: 'string' },
        status: { type: 'integer', minimum: 400, maximum: 599 },
        detail: { type: 'string' },
        code: { type: 'string', description: 'Stable and machine-readable; the response lists the codes it can carry.' },
        instance: { type: 'string', description: 'The path of the request.' },
        requestId: { type: 'string' },
        errors: { type: 'array', items: { $ref: '#/components/schemas/FieldError' }, description: 'Per field, for `validation_failed`.' },
      },
    },
  },
  headers: {
    'X-Request-Id': { description: 'The request id: the one sent when it was 8-128 plain characters, else a new UUID.', schema: { type: 'string' } },
    'X-RateLimit-Limit': integer('Requests the budget this request drew from allows per window.'),
    'X-RateLimit-Remaining': integer('Requests left in the current window.'),
    'X-RateLimit-Reset': integer('Seconds until the window (or the block, once exceeded) ends.'),
    'Retry-After': integer('Seconds to wait before retrying.'),
    ETag: { description: 'The current version of the resource, for If-Match.', schema: { type: 'string' } },
    'WWW-Authenticate': { description: 'The scheme to authenticate with.', schema: { type: 'string' } },
  },
};
