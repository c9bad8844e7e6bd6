import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LEAD_PRIORITIES, LEAD_TYPES, type LeadPriority, type LeadType } from '@hotleads/shared';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsISO31661Alpha2, IsObject, IsOptional, IsString, Max, MaxLength, Min, ValidateBy } from 'class-validator';
import { isLeadEmail, LEAD_EMAIL_MESSAGE, LEAD_LIMITS } from '../lead-input';

// One lead sent by an integration or a staff member. At least one of email or phone is required (checked
// with the normalisation, which also reads phone numbers).
export class CreateLeadDto {
  @ApiProperty({ enum: LEAD_TYPES, required: false })
  @IsOptional()
  @IsIn(LEAD_TYPES)
  type?: LeadType;

  @IsOptional()
  @IsString()
  @MaxLength(LEAD_LIMITS.name)
  name?: string;

  /** Stored trimmed and lower-cased. */
  @IsOptional()
  @IsString()
  @MaxLength(LEAD_LIMITS.email)
  @ValidateBy({ name: 'isLeadEmail', validator: { validate: isLeadEmail, defaultMessage: () => LEAD_EMAIL_MESSAGE } })
  email?: string;

  /** Stored in E.164 when it parses (international form, or national with `country`); otherwise kept in `metadata.rawPhone`. */
  @IsOptional()
  @IsString()
  @MaxLength(LEAD_LIMITS.phone)
  phone?: string;

  /** ISO 3166-1 alpha-2 country used to read a national phone number. */
  @IsOptional()
  @IsISO31661Alpha2()
  country?: string;

  @IsOptional()
  @IsString()
  @MaxLength(LEAD_LIMITS.company)
  company?: string;

  @IsOptional()
  @IsString()
  @MaxLength(LEAD_LIMITS.subject)
  subject?: string;

  @IsOptional()
  @IsString()
  @MaxLength(LEAD_LIMITS.message)
  message?: string;

  /** The person's job title. */
  @IsOptional()
  @IsString()
  @MaxLength(LEAD_LIMITS.role)
  role?: string;

  /** Where the lead comes from; defaults to `api`. */
  @IsOptional()
  @IsString()
  @MaxLength(LEAD_LIMITS.source)
  source?: string;

  /** The lead's id in the source system: sending it again updates the same lead. */
  @IsOptional()
  @IsString()
  @MaxLength(LEAD_LIMITS.sourceRef)
  sourceRef?: string;

  @ApiProperty({ enum: LEAD_PRIORITIES, required: false })
  @IsOptional()
  @IsIn(LEAD_PRIORITIES)
  priority?: LeadPriority;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  qualityScore?: number;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LEAD_LIMITS.tags)
  @IsString({ each: true })
  @MaxLength(LEAD_LIMITS.tag, { each: true })
  tags?: string[];

  /** Free-form data kept with the lead (at most 16 KiB as JSON). */
  @ApiPropertyOptional({ type: 'object', additionalProperties: {} })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;
}
