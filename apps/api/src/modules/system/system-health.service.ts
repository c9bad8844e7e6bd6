import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { SystemChecks, type SystemCheck, type SystemCheckStatus } from '../../common/health/system-checks';
import { Metrics } from '../../common/metrics/metrics.service';
import { observabilityConfig, type ObservabilityConfig } from '../../config/observability.config';
import type { SystemCheckDto, SystemHealthDto } from './dto/system-health.dto';

// A check that hangs must not hang the report.
export const CHECK_TIMEOUT_MS = 3000;

const RANK: Record<SystemCheckStatus, number> = { ok: 0, warn: 1, fail: 2 };

// apps/api/package.json, from src/ and from dist/ alike; a copy of dist somewhere else (the benchmark's, an
// unusual image layout) reports "unknown" rather than failing to start.
const VERSION = readVersion(join(__dirname, '..', '..', '..', 'package.json'));

function readVersion(path: string): string {
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

@Injectable()
export class SystemHealthService {
  constructor(
    private readonly checks: SystemChecks,
    private readonly metrics: Metrics,
    @Inject(observabilityConfig.KEY) private readonly config: ObservabilityConfig,
  ) {}

  async report(): Promise<SystemHealthDto> {
    const checks = await Promise.all(this.checks.all().map((check) => this.run(check)));
    return {
      status: checks.reduce<SystemCheckStatus>((worst, c) => (RANK[c.status] > RANK[worst] ? c.status : worst), 'ok'),
      checkedAt: new Date(),
      version: VERSION,
      commit: this.config.APP_COMMIT ?? null,
      uptimeSeconds: Math.round(process.uptime()),
      checks,
      requests: this.metrics.requests.summary(),
      queues: [...this.metrics.queueSnapshot()],
    };
  }

  private async run(check: SystemCheck): Promise<SystemCheckDto> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS / 1000} s`)), CHECK_TIMEOUT_MS);
    });
    try {
      const result = await Promise.race([check.run(), timeout]);
      return { name: check.name, status: result.status, reason: result.reason, details: result.details ?? {} };
    } catch (error) {
      return { name: check.name, status: 'fail', reason: `the check failed: ${(error as Error)?.message ?? String(error)}`, details: {} };
    } finally {
      clearTimeout(timer);
    }
  }
}
