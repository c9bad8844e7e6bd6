import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { IsTimeZone } from '../../../common/http/is-time-zone.validator';
import { OptionalNotNull } from '../../../common/validation/optional-not-null.decorator';
import { EMAIL_MODES, NOTIFICATION_KINDS, SMS_KINDS, type EmailMode, type NotificationKind, type SmsKind } from '../notification-values';

// One row of the event x channel grid. In-app is always on and has no switch.
export class NotificationChoiceDto {
  @ApiProperty({ enum: NOTIFICATION_KINDS, enumName: 'NotificationKind' })
  @IsIn(NOTIFICATION_KINDS)
  kind: NotificationKind;

  /** Whether this kind comes by email. */
  @IsBoolean()
  email: boolean;
}

// One SMS switch: text messages exist for hot leads and missed response targets only.
export class SmsChoiceDto {
  @ApiProperty({ enum: SMS_KINDS })
  @IsIn(SMS_KINDS)
  kind: SmsKind;

  /** Whether this kind comes by text message (to a verified number). Off unless turned on. */
  @IsBoolean()
  sms: boolean;
}

export class NotificationPreferencesDto {
  /** Every kind with what applies now: the user's own choice, else the workspace default. */
  @ApiProperty({ type: [NotificationChoiceDto] })
  choices: NotificationChoiceDto[];
  /** The kinds the user chose themselves (the others follow the workspace defaults). */
  @ApiProperty({ enum: NOTIFICATION_KINDS, enumName: 'NotificationKind', isArray: true })
  ownChoices: NotificationKind[];
  /** The SMS switches (hot leads, missed response targets). */
  @ApiProperty({ type: [SmsChoiceDto] })
  smsChoices: SmsChoiceDto[];
  /** instant: one email per notification; digest: one email an hour with everything since the last. */
  @ApiProperty({ enum: EMAIL_MODES })
  emailMode: EmailMode;
  /** Quiet hours start, in minutes after local midnight; null (with `quietEnd`) for none. */
  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 1439 })
  quietStart: number | null;
  /** Quiet hours end (exclusive), minutes after local midnight; before `quietStart` spans midnight. */
  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 1439 })
  quietEnd: number | null;
  /** The IANA time zone quiet hours are read in. */
  timeZone: string;
}

export class UpdateNotificationPreferencesDto {
  /** Choices to set; kinds not named keep theirs. */
  @ApiProperty({ type: [NotificationChoiceDto], required: false })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(NOTIFICATION_KINDS.length)
  @ValidateNested({ each: true })
  @Type(() => NotificationChoiceDto)
  choices?: NotificationChoiceDto[];

  /** SMS switches to set; kinds not named keep theirs. */
  @ApiProperty({ type: [SmsChoiceDto], required: false })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(SMS_KINDS.length)
  @ValidateNested({ each: true })
  @Type(() => SmsChoiceDto)
  smsChoices?: SmsChoiceDto[];

  /** Kinds whose email switch goes back to following the workspace default. */
  @ApiProperty({ enum: NOTIFICATION_KINDS, enumName: 'NotificationKind', isArray: true, required: false })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(NOTIFICATION_KINDS.length)
  @IsIn(NOTIFICATION_KINDS, { each: true })
  resetKinds?: NotificationKind[];

  @ApiProperty({ enum: EMAIL_MODES, required: false })
  @OptionalNotNull()
  @IsIn(EMAIL_MODES)
  emailMode?: EmailMode;

  /** Both or neither: null for both turns quiet hours off. */
  @ApiProperty({ type: Number, nullable: true, required: false, minimum: 0, maximum: 1439 })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsInt()
  @Min(0)
  @Max(1439)
  quietStart?: number | null;

  @ApiProperty({ type: Number, nullable: true, required: false, minimum: 0, maximum: 1439 })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsInt()
  @Min(0)
  @Max(1439)
  quietEnd?: number | null;

  @OptionalNotNull()
  @IsTimeZone()
  timeZone?: string;
}
