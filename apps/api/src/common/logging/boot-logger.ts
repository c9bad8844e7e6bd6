import pino, { type Logger } from 'pino';
import type { AppConfig } from '../../config/app.config';
import { loggerOptions } from './logger-options';

// Start-up and shutdown happen outside Nest; this logger writes in the same format and level.
export function createBootLogger(app: AppConfig): Logger {
  const { level, transport, formatters } = loggerOptions(app).pinoHttp as pino.LoggerOptions;
  return pino({ level, transport, formatters, name: 'hotleads' });
}
