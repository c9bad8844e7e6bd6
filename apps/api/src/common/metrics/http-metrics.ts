import type { FastifyInstance } from 'fastify';
import type { Metrics } from './metrics.service';

// Requests no route matched (scanners, typos) share one label: raw paths would make a series per URL.
const UNMATCHED = 'unmatched';

// One observation per completed request, labelled with the route template (/api/v1/leads/:id), never the
// path: reply.elapsedTime is Fastify's own clock, so this adds no timer of its own.
export function registerHttpMetrics(fastify: FastifyInstance, metrics: Metrics): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.observeRequest(request.method, request.routeOptions.url ?? UNMATCHED, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
}
