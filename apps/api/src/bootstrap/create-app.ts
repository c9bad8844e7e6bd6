import { resolve } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyCors from '@fastify/cors';
import fastifyMultipart from '@fastify/multipart';
import { RequestMethod, ValidationPipe, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { Logger } from 'nestjs-pino';
import { AppModule } from '../app.module';
import { requestIdFor } from '../common/http/request-id';
import { parseTrustProxy } from '../common/http/trust-proxy';
import { FrameworkLogger } from '../common/logging/framework-logger';
import { registerRequestLogging } from '../common/logging/request-logging';
import { registerHttpMetrics } from '../common/metrics/http-metrics';
import { mountMetrics } from '../common/metrics/metrics-endpoint';
import { Metrics } from '../common/metrics/metrics.service';
import { BodyShapePipe } from '../common/input/body-shape.pipe';
import { registerInputGuard } from '../common/input/input-guard';
import { jsonBodyParser } from '../common/input/json-body-parser';
import { ProblemDetailsFilter } from '../common/problem/problem-details.filter';
import { flattenValidationErrors, ValidationException } from '../common/problem/validation.exception';
import type { AppConfig } from '../config/app.config';
import type { Config } from '../config/load-config';
import type { Runtime } from '../config/runtime';
import { buildOpenApiDocument, mountOpenApi } from '../openapi/openapi-document';
import { clientErrorHandler, frameworkErrors, refuseWhileClosing } from './edge-errors';
import { securityHeaders } from './security-headers';
import { MAX_UPLOAD_BYTES } from '../modules/imports/import-receiver.service';
import { serveWeb, WEB_DIST } from './serve-web';
import { registerWorkspaceHosts } from '../modules/access/workspace-host.hook';
import { WorkspaceHosts } from '../modules/access/workspace-hosts.service';

export const API_PREFIX = 'api/v1';

export function createAdapter(app: AppConfig): FastifyAdapter {
  const headers = securityHeaders();
  return new FastifyAdapter({
    bodyLimit: app.BODY_LIMIT,
    trustProxy: parseTrustProxy(app.TRUST_PROXY),
    genReqId: requestIdFor,
    requestIdHeader: false,
    // Answered as problem+json by refuseWhileClosing, with Retry-After.
    return503OnClosing: false,
    // Adapter-level errors (bad URL, over-long path parameter, unparseable request) in our format too.
    frameworkErrors: frameworkErrors(headers),
    clientErrorHandler: clientErrorHandler(headers),
    // Idle keep-alive sockets close at shutdown; busy ones finish their request first.
    forceCloseConnections: 'idle',
  });
}

// Shared with the OpenAPI writer, so the document and the server agree on paths.
export function applyRouting(app: INestApplication): void {
  app.setGlobalPrefix(API_PREFIX, {
    exclude: ['health', 'health/live', 'health/ready'].map((path) => ({ path, method: RequestMethod.GET })),
  });
}

// Everything that is not a module: prefix, pipes, filters, headers, CORS, docs. Used by main.ts and the tests.
export async function configureApp(app: NestFastifyApplication, config: Config): Promise<void> {
  app.useLogger(new FrameworkLogger(app.get(Logger)));
  app.flushLogs();
  applyRouting(app);
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(
    new BodyShapePipe(),
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => new ValidationException(flattenValidationErrors(errors)),
    }),
  );

  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  // Only JSON by default; modules that take forms or CSV register their own parsers. Registered through
  // the adapter, so Nest does not add its own JSON and form parsers at init.
  fastify.removeContentTypeParser('text/plain');
  (app.getHttpAdapter() as FastifyAdapter).useBodyParser('application/json', false, { bodyLimit: config.app.BODY_LIMIT }, jsonBodyParser(fastify) as never);
  registerRequestLogging(fastify);
  registerHttpMetrics(fastify, app.get(Metrics));
  mountMetrics(fastify, app.get(Metrics), config.observability.METRICS_TOKEN);
  // One synchronous hook for what every response carries: the request id and helmet's headers (set on
  // the raw response, as helmet does, so streamed and hijacked replies get them too).
  const headers = securityHeaders();
  fastify.addHook('onRequest', (request, reply, done) => {
    const raw = reply.raw;
    for (const [name, value] of headers) raw.setHeader(name, value);
    reply.header('x-request-id', request.id);
    done();
  });
  refuseWhileClosing(fastify);
  registerWorkspaceHosts(fastify, app.get(WorkspaceHosts));
  registerInputGuard(fastify);

  await app.register(fastifyCookie as never, {});
  // Multipart bodies are streamed by the routes that take files (CSV imports), never buffered.
  await app.register(fastifyMultipart as never, { limits: { fileSize: MAX_UPLOAD_BYTES } });
  const origins = config.app.CORS_ORIGINS;
  await app.register(fastifyCors as never, {
    origin: origins.includes('*') ? true : origins,
    credentials: !origins.includes('*'),
    exposedHeaders: ['x-request-id', 'etag', 'retry-after', 'idempotent-replayed', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'],
    maxAge: 600,
  });

  mountOpenApi(app, buildOpenApiDocument(app));
  if (config.app.SERVE_WEB) {
    await serveWeb(fastify, config.app.WEB_DIST_DIR ? resolve(config.app.WEB_DIST_DIR) : WEB_DIST, { sourceMaps: config.app.NODE_ENV !== 'production' });
  }
}

export async function createApp(config: Config, runtime: Runtime): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config, runtime), createAdapter(config.app), {
    bufferLogs: true,
    abortOnError: false,
  });
  await configureApp(app, config);
  return app;
}
