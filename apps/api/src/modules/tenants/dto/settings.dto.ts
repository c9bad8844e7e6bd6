import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

const MAX_SLA_MINUTES = 60 * 24 * 30;

// Also the body of a change: each priority optional, the others stay as they were.
export class SlaMinutesDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_SLA_MINUTES)
  urgent: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_SLA_MINUTES)
  high: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_SLA_MINUTES)
  medium: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_SLA_MINUTES)
  low: number;
}

// The workspace's settings as staff see them. New settings are added here, in UpdateSettingsDto,
// in TenantSettings (with a default) and in toSettingsDto.
export class SettingsDto {
  /** Workspace name. */
  name: string;
  /** Every user must set up a second factor before signing in. */
  requireMfa: boolean;
  /** Speed-to-lead: minutes to the first response per priority; sets each new lead's respondBy. */
  slaMinutes: SlaMinutesDto;
  /** Days a lead stays in the trash before it is purged. */
  trashRetentionDays: number;
}
