import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import type { ActorType, AuditOutcome } from '../audit-log.entity';
import { ACTOR_TYPES, AUDIT_OUTCOMES } from '../audit-log-values';

// Filters shared by the list and the CSV export. All optional; combined with AND.
export class AuditLogFilterDto {
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiProperty({ enum: ACTOR_TYPES, required: false })
  @IsOptional()
  @IsIn(ACTOR_TYPES)
  actorType?: ActorType;

  /** An exact action (`api_key.create`) or a prefix ending in `*` (`auth.*`). */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(/^[^*]*\*?$/, { message: 'action may contain one `*`, at the end' })
  action?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  resourceType?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  resourceId?: string;

  @ApiProperty({ enum: AUDIT_OUTCOMES, required: false })
  @IsOptional()
  @IsIn(AUDIT_OUTCOMES)
  outcome?: AuditOutcome;

  /** Entries at or after this ISO 8601 instant. */
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  /** Entries before this ISO 8601 instant (exclusive). */
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}
