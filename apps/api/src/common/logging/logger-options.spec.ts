import type { LoggedRequest } from './logger-options';
import { logLevelFor } from './logger-options';

const req = (url: string) => ({ url, method: 'GET' }) as LoggedRequest;

describe('request log levels', () => {
  it('keeps the API at info, its client errors at warn and server errors at error', () => {
    expect(logLevelFor(200, req('/api/v1/leads?limit=5'))).toBe('info');
    expect(logLevelFor(404, req('/api/v1/nope'))).toBe('warn');
    expect(logLevelFor(500, req('/api/v1/leads'))).toBe('error');
  });

  it('logs a 503 (a temporary state whose cause is logged once where found) at warn', () => {
    expect(logLevelFor(503, req('/api/v1/leads'))).toBe('warn');
  });

  it('puts the SPA files and health probes at debug, but not a failing SPA file', () => {
    expect(logLevelFor(200, req('/'))).toBe('debug');
    expect(logLevelFor(304, req('/assets/index-abc.js'))).toBe('debug');
    expect(logLevelFor(200, req('/health/ready'))).toBe('debug');
    expect(logLevelFor(503, req('/health/ready'))).toBe('debug');
    expect(logLevelFor(404, req('/assets/missing.js'))).toBe('warn');
  });
});
