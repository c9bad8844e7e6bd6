import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

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
}
