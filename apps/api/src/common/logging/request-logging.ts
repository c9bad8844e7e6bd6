import type { FastifyInstance } from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import { storage, type Store } from 'nestjs-pino/storage';
import type { Logger } from 'pino';
import { currentTraceId } from '../observability/trace-id';
import { logLevelFor, requestLogMessage, type LoggedRequest } from './logger-options';

// The per-request logging pino-http did as two Express-style middlewares (run through middie, with two
// child loggers and the request serializer on every request), done with Fastify hooks instead:
// - services' Nest loggers log with the request id: the request runs inside nestjs-pino's async store,
//   whose logger is made only when something logs during the request;
// - one line per completed request (method, route, status, duration, request id), built only when its
//   level is enabled. The line goes through the root logger, so serializers, redaction and the
//   destination are the ones configured in logger-options.ts.
export function registerRequestLogging(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    (request.raw as LoggedRequest).routePattern = request.routeOptions.url;
    (request.raw as LoggedRequest & { traceId?: string }).traceId = currentTraceId();
    const root = PinoLogger.root;
    if (!root) return done();
    storage.run(requestStore(root, String(request.id)), done);
  });

  fastify.addHook('onResponse', (request, reply, done) => {
    const root = PinoLogger.root;
    const raw = request.raw as LoggedRequest;
    const status = reply.raw.statusCode;
    const level = logLevelFor(status, raw);
    if (root && root.isLevelEnabled(level)) {
      root[level](
        {
          requestId: String(request.id),
          req: raw,
          res: reply.raw,
          ...(status >= 500 ? { err: new Error(`failed with status code ${status}`) } : {}),
          durationMs: Math.round(reply.elapsedTime),
          route: raw.routePattern,
          traceId: (raw as LoggedRequest & { traceId?: string }).traceId,
        },
        requestLogMessage(raw, status),
      );
    }
    done();
  });
}

// nestjs-pino reads `logger` from the store (and PinoLogger.assign replaces it).
function requestStore(root: Logger, requestId: string): Store {
  let logger: Logger | undefined;
  return {
    get logger(): Logger {
      return (logger ??= root.child({ requestId }));
    },
    set logger(value: Logger) {
      logger = value;
    },
  } as Store;
}
