import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BodyTooDeepException } from './body-too-deep.exception';
import { exceedsJsonDepth } from './json-depth';

// Route config flag (`@RouteConfig({ [RAW_BODY_ROUTE]: true })`) for a route that needs the exact bytes
// it was sent, e.g. to check a webhook signature: they are kept as `request.rawBody` beside the parsed body.
export const RAW_BODY_ROUTE = 'rawBody';

export type RequestWithRawBody = FastifyRequest & { rawBody?: Buffer };

type ParseDone = (error: Error | null, body?: unknown) => void;

// The one JSON parser of the API. It reads the body as bytes, refuses excessive nesting with a linear scan
// before JSON.parse (so no recursive walk ever sees it), then parses as Fastify does (prototype poisoning
// refused).
export function jsonBodyParser(fastify: FastifyInstance): (request: FastifyRequest, body: Buffer, done: ParseDone) => void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  return (request, body, done) => {
    if ((request.routeOptions.config as unknown as Record<string, unknown> | undefined)?.[RAW_BODY_ROUTE] === true) {
      (request as RequestWithRawBody).rawBody = body;
    }
    if (exceedsJsonDepth(body)) {
      done(new BodyTooDeepException());
      return;
    }
    // Fastify types its default parser for strings; it parses a Buffer just the same.
    parse(request, body as unknown as string, done);
  };
}
