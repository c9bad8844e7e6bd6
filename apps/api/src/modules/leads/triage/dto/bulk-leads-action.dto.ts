import { ApiProperty } from '@nestjs/swagger';
import { LEAD_PRIORITIES, LEAD_STATUSES, type LeadPriority, type LeadStatus } from '@hotleads/shared';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { LEAD_LIMITS } from '../../lead-input';
import { LeadFilterQueryDto } from './list-leads-query.dto';
import { NullClears } from '../../../../common/validation/null-clears.decorator';
import { OptionalNotNull } from '../../../../common/validation/optional-not-null.decorator';

export const BULK_MAX_IDS = 10_000;

export class BulkLeadChangesDto {
  @ApiProperty({ required: false, enum: LEAD_STATUSES })
  @OptionalNotNull()
  @IsIn(LEAD_STATUSES)
  status?: LeadStatus;

  @ApiProperty({ required: false, enum: LEAD_PRIORITIES })
  @OptionalNotNull()
  @IsIn(LEAD_PRIORITIES)
  priority?: LeadPriority;

  /** A user id, or null to unassign. */
  @ApiProperty({ required: false, nullable: true, type: String, format: 'uuid' })
  @NullClears()
  @IsUUID()
  assigneeId?: string | null;

  @ApiProperty({ required: false, type: [String] })
  @OptionalNotNull()
  @ArrayMaxSize(LEAD_LIMITS.tags)
  @IsString({ each: true })
  @MaxLength(LEAD_LIMITS.tag, { each: true })
  addTags?: string[];

  @ApiProperty({ required: false, type: [String] })
  @OptionalNotNull()
  @ArrayMaxSize(LEAD_LIMITS.tags)
  @IsString({ each: true })
  @MaxLength(LEAD_LIMITS.tag, { each: true })
  removeTags?: string[];
}

// The leads to act on: a list of ids, or every lead matching a filter (the list's filters).
export class BulkLeadsTargetDto {
  @ApiProperty({ required: false, type: [String], format: 'uuid', maxItems: BULK_MAX_IDS })
  @OptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(BULK_MAX_IDS)
  @IsUUID('all', { each: true })
  ids?: string[];

  @ApiProperty({ required: false, type: LeadFilterQueryDto })
  @OptionalNotNull()
  @ValidateNested()
  @Type(() => LeadFilterQueryDto)
  filter?: LeadFilterQueryDto;
}

export class BulkUpdateLeadsDto extends BulkLeadsTargetDto {
  @ValidateNested()
  @Type(() => BulkLeadChangesDto)
  set: BulkLeadChangesDto;
}

export class BulkSkippedLeadDto {
  id: string;
  /** invalid_status_transition or lead_not_assigned_to_you. */
  reason: string;
}

export class BulkUpdateResultDto {
  /** Leads the ids or the filter selected. */
  matched: number;
  /** Leads actually changed (a lead already as requested is matched but not updated). */
  updated: number;
  /** The first 1,000 skipped leads with the reason; `skippedCount` has them all. */
  @ApiProperty({ type: [BulkSkippedLeadDto] })
  skipped: BulkSkippedLeadDto[];
  skippedCount: number;
}

export class BulkDeleteResultDto {
  deleted: number;
}
