import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';

export class AddLeadNoteDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(10_000)
  body: string;
}

export const ACTIVITY_CHANNELS = ['call', 'email', 'meeting', 'message'] as const;
export type ActivityChannel = (typeof ACTIVITY_CHANNELS)[number];

// A contact attempt: the first one is the lead's first contact (speed-to-lead).
export class LogLeadActivityDto {
  @ApiProperty({ enum: ACTIVITY_CHANNELS })
  @IsIn(ACTIVITY_CHANNELS)
  channel: ActivityChannel;

  /** What came of it, e.g. "reached", "voicemail", "no answer". */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  outcome?: string;

  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  note?: string;

  /** Sets the lead's next follow-up in the same step (ISO 8601); null clears it; absent leaves it. */
  @ApiProperty({ required: false, nullable: true, type: String, format: 'date-time' })
  @ValidateIf((_, value) => value !== null)
  @IsOptional()
  @IsISO8601({ strict: true })
  nextFollowUpAt?: string | null;
}
