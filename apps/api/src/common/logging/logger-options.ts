import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../../config/app.config';
import { redactDeep, redactUrl } from './redact';

export type LoggedRequest = IncomingMessage & { routePattern?: string };

export function loggerOptions(app: AppConfig): Params {
  const pretty = (app.LOG_FORMAT ?? (app.NODE_ENV === 'development' ? 'pretty' : 'json')) === 'pretty';
  const level = app.LOG_LEVEL ?? (app.NODE_ENV === 'test' ? 'warn' : 'info');
  return {
    pinoHttp: {
      level,
      transport: pretty ? { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } } : undefined,
      genReqId: (req: IncomingMessage & { id?: unknown }) => String(req.id ?? ''),
      // Health probes hit every few seconds; their logs would drown everything else.
      autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/health') },
      customAttributeKeys: { reqId: 'requestId', responseTime: 'durationMs' },
      quietReqLogger: true,
      customSuccessMessage: (req: LoggedRequest, res: ServerResponse) => `${req.method} ${req.routePattern ?? req.url?.split('?')[0]} ${res.statusCode}`,
      customErrorMessage: (req: LoggedRequest, res: ServerResponse) => `${req.method} ${req.routePattern ?? req.url?.split('?')[0]} ${res.statusCode}`,
      customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) =>
        err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      serializers: {
        req: (req: LoggedRequest & { raw?: LoggedRequest }) => {
          const raw = req.raw ?? req;
          return {
            method: raw.method,
            route: raw.routePattern,
            url: redactUrl(raw.url ?? ''),
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
    },
  };
}
