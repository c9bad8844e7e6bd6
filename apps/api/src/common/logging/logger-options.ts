import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { AppConfig } from '../../config/app.config';
import { redactDeep, redactUrl } from './redact';

// middie strips the middleware's mount path from `url`; `originalUrl` keeps the full path.
export type LoggedRequest = IncomingMessage & { routePattern?: string; originalUrl?: string };

const pathOf = (req: LoggedRequest) => req.routePattern ?? (req.originalUrl ?? req.url ?? '').split('?')[0];

// `destination` lets tests capture every log line (to prove no secret ever reaches the logs).
export function loggerOptions(app: AppConfig, destination?: DestinationStream): Params {
  const pretty = (app.LOG_FORMAT ?? (app.NODE_ENV === 'development' ? 'pretty' : 'json')) === 'pretty';
  const level = app.LOG_LEVEL ?? (app.NODE_ENV === 'test' ? 'warn' : 'info');
  const options = {
    level,
    transport: pretty ? { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } } : undefined,
    genReqId: (req: IncomingMessage & { id?: unknown }) => String(req.id ?? ''),
    // Health probes hit every few seconds; their logs would drown everything else.
    autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/health') },
    customAttributeKeys: { reqId: 'requestId', responseTime: 'durationMs' },
    quietReqLogger: true,
    customSuccessMessage: (req: LoggedRequest, res: ServerResponse) => `${req.method} ${pathOf(req)} ${res.statusCode}`,
    customErrorMessage: (req: LoggedRequest, res: ServerResponse) => `${req.method} ${pathOf(req)} ${res.statusCode}`,
    // The request serializer runs when the request starts, before routing; the route pattern is added here.
  customSuccessObject: (req: LoggedRequest, _res: ServerResponse, value: Record<string, unknown>) => ({ ...value, route: req.routePattern }),
  customErrorObject: (req: LoggedRequest, _res: ServerResponse, _err: Error, value: Record<string, unknown>) => ({ ...value, route: req.routePattern }),
  customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) =>
      err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
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
    // Named wildcard: the unnamed '*' is deprecated by the router and logged as a warning at every start.
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: destination ? [{ ...options, transport: undefined }, destination] : options,
  };
}
