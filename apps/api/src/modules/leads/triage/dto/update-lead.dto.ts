import { ApiProperty } from '@nestjs/swagger';
import { LEAD_PRIORITIES, LEAD_STATUSES, type LeadPriority, type LeadStatus } from '@hotleads/shared';
import { ArrayMaxSize, IsEmail, IsIn, IsInt, IsISO8601, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { LEAD_LIMITS } from '../../lead-input';
import { NullClears } from '../../../../common/validation/null-clears.decorator';
import { OptionalNotNull } from '../../../../common/validation/optional-not-null.decorator';

// Only the fields sent change; `null` clears a field that may be empty (those marked nullable) and is
// refused for the others (status, priority, tags: send [] to remove every tag).
export class UpdateLeadDto {
  @ApiProperty({ required: false, enum: LEAD_STATUSES })
  @OptionalNotNull()
  @IsIn(LEAD_STATUSES)
  status?: LeadStatus;

  @ApiProperty({ required: false, enum: LEAD_PRIORITIES })
  @OptionalNotNull()
  @IsIn(LEAD_PRIORITIES)
  priority?: LeadPriority;

  /** 0 to 100. */
  @ApiProperty({ required: false, nullable: true, type: Number })
  @NullClears()
  @IsInt()
  @Min(0)
  @Max(100)
  qualityScore?: number | null;

  @ApiProperty({ required: false, type: [String] })
  @OptionalNotNull()
  @ArrayMaxSize(LEAD_LIMITS.tags)
  @IsString({ each: true })
  @MaxLength(LEAD_LIMITS.tag, { each: true })
  tags?: string[];

  @ApiProperty({ required: false, nullable: true, type: String, format: 'uuid' })
  @NullClears()
  @IsUUID()
  assigneeId?: string | null;

  @ApiProperty({ required: false, nullable: true, type: String, format: 'date-time' })
  @NullClears()
  @IsISO8601({ strict: true })
  followUpAt?: string | null;

  @ApiProperty({ required: false, nullable: true, type: String })
  @NullClears()
  @IsString()
  @MaxLength(LEAD_LIMITS.name)
  name?: string | null;

  @ApiProperty({ required: false, nullable: true, type: String })
  @NullClears()
  @IsEmail()
  @MaxLength(LEAD_LIMITS.email)
  email?: string | null;

  /** Any common format; stored as E.164. */
  @ApiProperty({ required: false, nullable: true, type: String })
  @NullClears()
  @IsString()
  @MaxLength(LEAD_LIMITS.phone)
  phone?: string | null;

  @ApiProperty({ required: false, nullable: true, type: String })
  @NullClears()
  @IsString()
  @MaxLength(LEAD_LIMITS.company)
  company?: string | null;

  @ApiProperty({ required: false, nullable: true, type: String })
  @NullClears()
  @IsString()
  @MaxLength(LEAD_LIMITS.subject)
  subject?: string | null;

  @ApiProperty({ required: false, nullable: true, type: String })
  @NullClears()
  @IsString()
  @MaxLength(LEAD_LIMITS.role)
  role?: string | null;

  /** Working notes on the lead (free text); dated notes go through POST /leads/{id}/notes. */
  @ApiProperty({ required: false, nullable: true, type: String })
  @NullClears()
  @IsString()
  @MaxLength(10_000)
  notes?: string | null;
}
