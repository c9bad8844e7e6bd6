import { ApiProperty } from '@nestjs/swagger';
import type { SystemCheckStatus } from '../../../common/health/system-checks';

export const CHECK_STATUSES = ['ok', 'warn', 'fail'] as const;

export class SystemCheckDto {
  /** Stable key, for example `database`, `queues`, `backup`. */
  name: string;
  @ApiProperty({ enum: CHECK_STATUSES })
  status: SystemCheckStatus;
  /** What was found, in words an operator can act on. */
  reason: string;
  /** The numbers behind the verdict (round trips, bytes, ages in seconds). */
  @ApiProperty({ type: 'object', additionalProperties: { anyOf: [{ type: 'string', nullable: true }, { type: 'number' }, { type: 'boolean' }] } })
  details: Record<string, string | number | boolean | null>;
}

export class RequestWindowDto {
  /** How many seconds the figures cover (15 minutes, or less just after start). */
  windowSeconds: number;
  requests: number;
  requestsPerSecond: number;
  /** Share of answers with a 5xx status, 0 to 1. */
  errorRate: number;
  /** 95th percentile latency in seconds (upper bound of its histogram bucket); null without requests. */
  p95Seconds: number | null;
}

export class QueueStatsDto {
  queue: string;
  /** Jobs ready to run and not yet picked up. */
  queued: number;
  active: number;
  /** Jobs that failed for good and are kept for inspection. */
  failed: number;
  /** How long the oldest ready job has waited, in seconds (0 when none waits). */
  oldestQueuedSeconds: number;
}

export class SystemHealthDto {
  /** The worst status among the checks. */
  @ApiProperty({ enum: CHECK_STATUSES })
  status: SystemCheckStatus;
  checkedAt: Date;
  version: string;
  /** The commit the running build was made from, when the build recorded it (APP_COMMIT). */
  commit: string | null;
  uptimeSeconds: number;
  /** Every check, core ones first, then those other modules registered (backups, ...). */
  checks: SystemCheckDto[];
  /** This process's requests over the last 15 minutes (each replica reports its own). */
  requests: RequestWindowDto;
  queues: QueueStatsDto[];
}
