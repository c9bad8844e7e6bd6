import { UnsupportedMediaTypeException } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { InvalidBodyException } from './invalid-body.exception';
import { InvalidTextException } from './invalid-text.exception';
import { unstorableTextFields } from './safe-text';

// A parsed body (JSON or form) is a plain object, array or string; streamed bodies (CSV) are not walked.
const isParsedBody = (body: unknown): boolean =>
  typeof body === 'string' ||
  Array.isArray(body) ||
  (typeof body === 'object' && body !== null && [Object.prototype, null].includes(Object.getPrototypeOf(body) as object | null));

function refuseUnstorableText(request: FastifyRequest): void {
  const errors = unstorableTextFields(request.query);
  if (isParsedBody(request.body)) errors.push(...unstorableTextFields(request.body));
  if (errors.length > 0) throw new InvalidTextException(errors);
}

// Route config flag (`@RouteConfig({ [MULTIPART_ROUTE]: true })`) of a route that reads multipart bodies
// (file uploads). Elsewhere a multipart body would reach a DTO as nothing at all.
export const MULTIPART_ROUTE = 'multipart';

const routeFlag = (request: FastifyRequest, flag: string) => (request.routeOptions.config as unknown as Record<string, unknown> | undefined)?.[flag] === true;

function checkMultipart(request: FastifyRequest): void {
  const type = request.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\b/i.test(type)) return;
  if (!routeFlag(request, MULTIPART_ROUTE)) throw new UnsupportedMediaTypeException('This route does not take multipart/form-data; send application/json');
  // Without a boundary nothing can be read; the multipart reader would fail later, inside the route.
  if (!/;\s*boundary=[^;\s]+/i.test(type)) throw new InvalidBodyException('A multipart/form-data body needs a boundary parameter in its Content-Type');
}

// Checks every route makes on input once it is parsed and before any handler, pipe or guard reads it;
// public routes that Nest does not see included. See docs/decisions/0013-input-at-the-edge.md.
export function registerInputGuard(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', (request, _reply, done) => {
    try {
      checkMultipart(request);
      refuseUnstorableText(request);
      done();
    } catch (error) {
      done(error as Error);
    }
  });
}
