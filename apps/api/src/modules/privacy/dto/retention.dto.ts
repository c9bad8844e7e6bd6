import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

// What one run removed, per rule.
export interface RetentionResultDto {
  erasedLeads: number;
  webhookPayloads: number;
  importRows: number;
  importErrors: number;
  auditEntries: number;
}

const RESULT_FIELDS: Record<keyof RetentionResultDto, string> = {
  erasedLeads: 'Leads with no activity erased (as an erasure does, without suppressing anyone).',
  webhookPayloads: 'Inbound webhook bodies deleted.',
  importRows: 'Staged import rows deleted.',
  importErrors: 'Import error report lines deleted.',
  auditEntries: 'Audit entries deleted.',
};

export class RetentionDto {
  /** Erase leads with no activity (no change, nothing on the timeline) for this many months; null: off. */
  inactiveLeadMonths: number | null;
  /** Delete the stored body of inbound webhooks after this many days; null: off (the server-wide period still applies). */
  webhookPayloadDays: number | null;
  /** Delete the rows and error reports of finished imports after this many days; null: off. */
  importDays: number | null;
  /** Delete audit entries older than this many months, at least 12; null: off. */
  auditMonths: number | null;
  /** When the daily job last ran for this workspace. */
  lastRunAt: string | null;
  /** What that run removed. */
  @ApiProperty({
    type: 'object',
    nullable: true,
    properties: Object.fromEntries(Object.entries(RESULT_FIELDS).map(([key, description]) => [key, { type: 'integer', description }])),
    required: Object.keys(RESULT_FIELDS),
  })
  lastResult: RetentionResultDto | null;
  /** When the job runs next (null while every rule is off). */
  nextRunAt: string | null;
}

// Each field: absent keeps it, null turns the rule off.
export class UpdateRetentionDto {
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(120)
  inactiveLeadMonths?: number | null;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  webhookPayloadDays?: number | null;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  importDays?: number | null;

  /** Never fewer than 12 months. */
  @IsOptional()
  @IsInt()
  @Min(12)
  @Max(120)
  auditMonths?: number | null;
}
