import { ApiProperty } from '@nestjs/swagger';
import { EMAIL_VERDICTS, LEAD_PRIORITIES, LEAD_STATUSES, LEAD_TYPES, PHONE_LINE_TYPES, type EmailVerdict, type LeadPriority, type LeadStatus, type LeadType, type PhoneLineType } from '@hotleads/shared';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsTimeZone } from '../../../../common/http/is-time-zone.validator';
import { FOLLOW_UP_WINDOWS, LEAD_SORTS, type FollowUpWindow, type LeadSort } from '../../lead-list-query';

// `status=unread&status=processing`, `status=unread,processing` and a JSON array (bulk bodies) all mean the same.
const toList = ({ value }: { value: unknown }): unknown => {
  if (value === undefined || value === null) return value;
  const items = Array.isArray(value) ? value : [value];
  return items.flatMap((item) => (typeof item === 'string' ? item.split(',') : [item])).map((item) => (typeof item === 'string' ? item.trim() : item)).filter((item) => item !== '');
};

const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

const UUID_OR_KEYWORD = /^(me|none|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

// The lead filters shared by the list, the export and the bulk actions; combined with AND, a list
// field matches any of its values (tags: all of them).
export class LeadFilterQueryDto {
  @ApiProperty({ required: false, type: [String], enum: LEAD_STATUSES, description: 'Repeat the parameter for several statuses.' })
  @IsOptional()
  @Transform(toList)
  @ArrayMaxSize(LEAD_STATUSES.length)
  @IsIn(LEAD_STATUSES, { each: true })
  status?: LeadStatus[];

  @ApiProperty({ required: false, type: [String], enum: LEAD_PRIORITIES })
  @IsOptional()
  @Transform(toList)
  @ArrayMaxSize(LEAD_PRIORITIES.length)
  @IsIn(LEAD_PRIORITIES, { each: true })
  priority?: LeadPriority[];

  @ApiProperty({ required: false, type: [String], enum: LEAD_TYPES })
  @IsOptional()
  @Transform(toList)
  @ArrayMaxSize(LEAD_TYPES.length)
  @IsIn(LEAD_TYPES, { each: true })
  type?: LeadType[];

  @ApiProperty({ required: false, type: [String] })
  @IsOptional()
  @Transform(toList)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  source?: string[];

  @ApiProperty({ required: false, type: [String], description: 'Leads carrying every tag given.' })
  @IsOptional()
  @Transform(toList)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  tag?: string[];

  /** `me`, `none` (unassigned) or a user id. */
  @IsOptional()
  @IsString()
  @Matches(UUID_OR_KEYWORD, { message: 'assignee must be me, none or a user id' })
  assignee?: string;

  /** Searches name, email, phone, company and subject (a substring, case-insensitive; at least 2 characters). */
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  q?: string;

  /** Created at or after this ISO 8601 instant. */
  @IsOptional()
  @IsISO8601({ strict: true })
  createdFrom?: string;

  /** Created before this ISO 8601 instant (exclusive). */
  @IsOptional()
  @IsISO8601({ strict: true })
  createdTo?: string;

  @ApiProperty({ required: false, type: [String], enum: EMAIL_VERDICTS, description: 'The email verification result (enrichment).' })
  @IsOptional()
  @Transform(toList)
  @ArrayMaxSize(EMAIL_VERDICTS.length)
  @IsIn(EMAIL_VERDICTS, { each: true })
  emailVerdict?: EmailVerdict[];

  @ApiProperty({ required: false, type: [String], enum: PHONE_LINE_TYPES, description: 'The phone line type (enrichment).' })
  @IsOptional()
  @Transform(toList)
  @ArrayMaxSize(PHONE_LINE_TYPES.length)
  @IsIn(PHONE_LINE_TYPES, { each: true })
  phoneLineType?: PhoneLineType[];

  /** true: only leads past their respond-by time without a first contact; false: only the others. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  slaBreached?: boolean;

  /** Include leads in the trash. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  includeDeleted?: boolean;

  /** Only leads whose computed score is at least this (0-100). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100)
  scoreMin?: number;

  /** overdue: follow-up before now; today: during today; week: from today through the next 7 days; none: no follow-up. Days are calendar days in `tz`. */
  @ApiProperty({ required: false, enum: FOLLOW_UP_WINDOWS })
  @IsOptional()
  @IsIn(FOLLOW_UP_WINDOWS)
  followUp?: FollowUpWindow;

  /** The caller's IANA time zone (e.g. `Europe/Berlin`) for calendar-day filters; default UTC. */
  @IsOptional()
  @IsString()
  @IsTimeZone()
  tz?: string;
}

export class ListLeadsQueryDto extends LeadFilterQueryDto {
  @ApiProperty({ required: false, enum: LEAD_SORTS, default: '-createdAt' })
  @IsOptional()
  @IsIn(LEAD_SORTS)
  sort?: LeadSort;

  /** Page size, 1 to 200 (default 50). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  /** The `nextCursor` of the previous page (same filters and sort). */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}
