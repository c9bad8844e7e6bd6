import type { LoggerService } from '@nestjs/common';
import { FrameworkLogger } from './framework-logger';

function recorder() {
  const calls: Array<[string, unknown[]]> = [];
  const record = (level: string) => (...args: unknown[]) => void calls.push([level, args]);
  const inner = { log: record('log'), debug: record('debug'), warn: record('warn'), error: record('error') } as LoggerService & { debug(...a: unknown[]): void };
  return { calls, logger: new FrameworkLogger(inner) };
}

describe('FrameworkLogger', () => {
  it("sends Nest's per-module and per-route start-up lines to debug", () => {
    const { calls, logger } = recorder();
    logger.log('Mapped {/api/v1/leads, GET} route', 'RouterExplorer');
    logger.log('AppModule dependencies initialized', 'InstanceLoader');
    expect(calls.map(([level]) => level)).toEqual(['debug', 'debug']);
  });

  it('passes everything else through at its own level', () => {
    const { calls, logger } = recorder();
    logger.log('job queue started', 'Jobs');
    logger.warn('careful', 'Jobs');
    logger.error('broken', 'Errors');
    expect(calls).toEqual([
      ['log', ['job queue started', 'Jobs']],
      ['warn', ['careful', 'Jobs']],
      ['error', ['broken', 'Errors']],
    ]);
  });
});
