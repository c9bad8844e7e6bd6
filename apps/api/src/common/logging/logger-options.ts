import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { AppConfig } from '../../config/app.config';
import { redactDeep, redactUrl } from './redact';

// middie strips the middleware's mount path from `url`; `originalUrl` keeps the full path.
export type LoggedRequest = IncomingMessage & { routePattern?: string; originalUrl?: string };

const pathOf = (req: LoggedRequest) => req.routePattern ?? (req.originalUrl ?? req.url ?? '').split('?')[0];

// Health probes (every few seconds; the database's state is logged where it changes) and the SPA's files
// (dozens per page load) would drown the API's requests: they are logged at debug, the SPA's failures
// at their own level.
const isHealth = (path: string) => /^\/health(\/|$)/.test(path);
const isWebFile = (path: string) => !/^\/(api|metrics)(\/|$)/.test(path);

export const logLevelFor = (statusCode: number, req: LoggedRequest): 'error' | 'warn' | 'info' | 'debug' => {
  const path = (req.originalUrl ?? req.url ?? '').split('?')[0];
  if (isHealth(path)) return 'debug';
  // 503 is a known, temporary state (database away, shutting down) with its cause logged once where it is
  // detected; every other 5xx is our fault.
  if (statusCode === 503) return 'warn';
  if (statusCode >= 500) return 'error';
  if (statusCode >= 400) return 'warn';
  return isWebFile(path) ? 'debug' : 'info';
};

export const requestLogMessage = (req: LoggedRequest, statusCode: number) => `${req.method} ${pathOf(req)} ${statusCode}`;

// `destination` lets tests capture every log line (to prove no secret ever reaches the logs). The
// request lines themselves are written by request-logging.ts through the logger made from these options.
export function loggerOptions(app: AppConfig, destination?: DestinationStream): Params {
  const pretty = (app.LOG_FORMAT ?? (app.NODE_ENV === 'development' ? 'pretty' : 'json')) === 'pretty';
  const level = app.LOG_LEVEL ?? (app.NODE_ENV === 'test' ? 'warn' : 'info');
  const options = {
    level,
    transport: pretty ? { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } } : undefined,
    serializers: {
      req: (req: LoggedRequest & { raw?: LoggedRequest }) => {
        const raw = req.raw ?? req;
        return {
          method: raw.method,
          route: raw.routePattern,
          url: redactUrl(raw.originalUrl ?? raw.url ?? ''),
          userAgent: raw.headers?.['user-agent'],
        };
      },
      res: (res: ServerResponse & { raw?: ServerResponse }) => ({ statusCode: (res.raw ?? res).statusCode }),
    },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]', 'res.headers["set-cookie"]'],
      censor: '[redacted]',
    },
    formatters: { log: (object: Record<string, unknown>) => redactDeep(object) as Record<string, unknown> },
  };
  return {
    // No Nest middleware: Fastify hooks (request-logging.ts) do the request's logging for less.
    forRoutes: [],
    pinoHttp: destination ? [{ ...options, transport: undefined }, destination] : options,
  };
}
