import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { PROBLEM_CONTENT_TYPE, problemBody } from '../problem/problem-body';
import { metricsAccess } from './metrics-access';
import type { Config } from '../../config/load-config';
import { Metrics } from './metrics.service';

export const METRICS_PATH = '/metrics';

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

async function answer(metrics: Metrics, token: string | undefined, req: IncomingMessage, requestId: string): Promise<Answer> {
  const access = metricsAccess(token, req.socket.remoteAddress, req.headers);
  if (!access.ok) {
    return {
      status: access.status,
      headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...(access.status === 401 ? { 'www-authenticate': 'Bearer' } : {}) },
      body: JSON.stringify(problemBody(access.status, access.code, access.title, access.detail, req.url, requestId)),
    };
  }
  return { status: 200, headers: { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' }, body: await metrics.render() };
}

// Mounted on Fastify directly, below Nest's guards and pipes: a scrape every few seconds should cost the
// registry's rendering and nothing else, and its access rule is not a user's.
export function mountMetrics(fastify: FastifyInstance, metrics: Metrics, token: string | undefined): void {
  fastify.get(METRICS_PATH, async (request, reply) => {
    const a = await answer(metrics, token, request.raw, String(request.id));
    return reply.code(a.status).headers(a.headers).send(a.body);
  });
}

// WORKERS=only has no API server; with METRICS_PORT, Prometheus still scrapes the worker there.
export function startWorkerMetrics(app: INestApplication, config: Config): Promise<Server | undefined> {
  const port = config.observability.METRICS_PORT;
  if (port === undefined) return Promise.resolve(undefined);
  return startMetricsServer(app.get(Metrics), config.observability.METRICS_TOKEN, port, config.app.HOST);
}

function startMetricsServer(metrics: Metrics, token: string | undefined, port: number, host: string): Promise<Server> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' || path !== METRICS_PATH) {
      res.writeHead(404, { 'content-type': PROBLEM_CONTENT_TYPE }).end(JSON.stringify(problemBody(404, 'not_found', 'Not found', 'This port answers only GET /metrics.', req.url, '')));
      return;
    }
    answer(metrics, token, req, '').then(
      (a) => res.writeHead(a.status, a.headers).end(a.body),
      () => res.writeHead(500).end(),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
