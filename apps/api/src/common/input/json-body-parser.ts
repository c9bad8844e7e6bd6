import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BodyTooDeepException } from './body-too-deep.exception';
import { exceedsJsonDepth } from './json-depth';

type ParseDone = (error: Error | null, body?: unknown) => void;

// The one JSON parser of the API. It reads the body as bytes, refuses excessive nesting with a linear scan
// before JSON.parse (so no recursive walk ever sees it), then parses as Fastify does (prototype poisoning
// refused).
export function jsonBodyParser(fastify: FastifyInstance): (request: FastifyRequest, body: Buffer, done: ParseDone) => void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  return (request, body, done) => {
    if (exceedsJsonDepth(body)) {
      done(new BodyTooDeepException());
      return;
    }
    // Fastify types its default parser for strings; it parses a Buffer just the same.
    parse(request, body as unknown as string, done);
  };
}
