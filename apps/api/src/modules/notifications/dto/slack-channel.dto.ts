import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { OptionalNotNull } from '../../../common/validation/optional-not-null.decorator';
import { SLACK_KINDS, type SlackKind } from '../notification-values';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class SlackChannelDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  /** What the channel is, e.g. #sales. */
  name: string;
  @ApiProperty({ enum: SLACK_KINDS, enumName: 'SlackNotificationKind', isArray: true })
  kinds: SlackKind[];
  enabled: boolean;
  /** The host the webhook URL points at; the URL itself is a credential and is never shown again. */
  urlHost: string;
  /** Why it was turned off automatically (Slack said the webhook is gone); null otherwise. */
  @ApiProperty({ type: String, nullable: true })
  disabledReason: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastSentAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastFailedAt: Date | null;
  /** What went wrong the last time a post failed. */
  @ApiProperty({ type: String, nullable: true })
  lastError: string | null;
  /** Posts waiting (new, or retrying after a failure or Slack's rate limit). */
  pending: number;
  /** Posts given up on. */
  failed: number;
  createdAt: Date;
}

export class CreateSlackChannelDto {
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(80)
  name: string;

  /** The incoming-webhook URL Slack gave: https on hooks.slack.com. */
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  url: string;

  @ApiProperty({ enum: SLACK_KINDS, enumName: 'SlackNotificationKind', isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SLACK_KINDS.length)
  @ArrayUnique()
  @IsIn(SLACK_KINDS, { each: true })
  kinds: SlackKind[];

  /** Defaults to true. */
  @OptionalNotNull()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateSlackChannelDto {
  @OptionalNotNull()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(80)
  name?: string;

  /** A new incoming-webhook URL (replaces the stored one). */
  @OptionalNotNull()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  url?: string;

  @ApiProperty({ enum: SLACK_KINDS, enumName: 'SlackNotificationKind', isArray: true, required: false })
  @OptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SLACK_KINDS.length)
  @ArrayUnique()
  @IsIn(SLACK_KINDS, { each: true })
  kinds?: SlackKind[];

  /** Turning it off gives up its waiting posts; turning it on clears the reason it was turned off. */
  @OptionalNotNull()
  @IsBoolean()
  enabled?: boolean;
}
