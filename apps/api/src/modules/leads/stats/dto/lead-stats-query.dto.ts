import { IsISO8601, IsOptional } from 'class-validator';

export class LeadStatsQueryDto {
  /** Leads created at or after this ISO 8601 instant (default: 30 days before `to`). */
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  /** Leads created before this ISO 8601 instant (exclusive; default: now). At most 366 days after `from`. */
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}
