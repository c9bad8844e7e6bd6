import { ApiProperty } from '@nestjs/swagger';
import { LEAD_PRIORITIES, LEAD_STATUSES, type LeadPriority, type LeadStatus } from '@hotleads/shared';
import { ArrayMaxSize, IsEmail, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { LEAD_LIMITS } from '../../lead-input';

// Only the fields sent change; `null` clears a field that may be empty.
export class UpdateLeadDto {
  @ApiProperty({ required: false, enum: LEAD_STATUSES })
  @IsOptional()
  @IsIn(LEAD_STATUSES)
  status?: LeadStatus;

  @ApiProperty({ required: false, enum: LEAD_PRIORITIES })
  @IsOptional()
  @IsIn(LEAD_PRIORITIES)
  priority?: LeadPriority;

  /** 0 to 100. */
  @ApiProperty({ required: false, nullable: true, type: Number })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsInt()
  @Min(0)
  @Max(100)
  qualityScore?: number | null;

  @ApiProperty({ required: false, type: [String] })
  @IsOptional()
  @ArrayMaxSize(LEAD_LIMITS.tags)
  @IsString({ each: true })
  @MaxLength(LEAD_LIMITS.tag, { each: true })
  tags?: string[];

  @ApiProperty({ required: false, nullable: true, type: String, format: 'uuid' })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsUUID()
  assigneeId?: string | null;

  @ApiProperty({ required: false, nullable: true, type: String, format: 'date-time' })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsISO8601({ strict: true })
  followUpAt?: string | null;

  @ApiProperty({ required: false, nullable: true, type: String })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsString()
  @MaxLength(LEAD_LIMITS.name)
  name?: string | null;

  @ApiProperty({ required: false, nullable: true, type: String })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsEmail()
  @MaxLength(LEAD_LIMITS.email)
  email?: string | null;

  /** Any common format; stored as E.164. */
  @ApiProperty({ required: false, nullable: true, type: String })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsString()
  @MaxLength(LEAD_LIMITS.phone)
  phone?: string | null;

  @ApiProperty({ required: false, nullable: true, type: String })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsString()
  @MaxLength(LEAD_LIMITS.company)
  company?: string | null;

  @ApiProperty({ required: false, nullable: true, type: String })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsString()
  @MaxLength(LEAD_LIMITS.subject)
  subject?: string | null;

  @ApiProperty({ required: false, nullable: true, type: String })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsString()
  @MaxLength(LEAD_LIMITS.role)
  role?: string | null;

  /** Working notes on the lead (free text); dated notes go through POST /leads/{id}/notes. */
  @ApiProperty({ required: false, nullable: true, type: String })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsString()
  @MaxLength(10_000)
  notes?: string | null;
}
