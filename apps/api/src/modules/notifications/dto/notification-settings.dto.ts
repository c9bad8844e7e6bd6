import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsUUID, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { OptionalNotNull } from '../../../common/validation/optional-not-null.decorator';
import { NOTIFICATION_KINDS } from '../notification-values';
import { NotificationChoiceDto } from './notification-preferences.dto';

export class NotificationSettingsDto {
  /** Who hears of a hot lead nobody is assigned to (user ids). */
  onDutyUserIds: string[];
  /** A new lead scored at or above this is hot (every urgent one is); null: only urgent ones. */
  hotLeadScore: number | null;
  /** The share of the response target, in percent, at which the assignee is warned. */
  escalationPercent: number;
  /** What users who have not chosen themselves get, per kind. */
  @ApiProperty({ type: [NotificationChoiceDto] })
  defaults: NotificationChoiceDto[];
}

export class UpdateNotificationSettingsDto {
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  onDutyUserIds?: string[];

  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsInt()
  @Min(0)
  @Max(100)
  hotLeadScore?: number | null;

  @OptionalNotNull()
  @IsInt()
  @Min(10)
  @Max(99)
  escalationPercent?: number;

  /** Defaults to change; kinds not named keep theirs. */
  @ApiProperty({ type: [NotificationChoiceDto], required: false })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(NOTIFICATION_KINDS.length)
  @ValidateNested({ each: true })
  @Type(() => NotificationChoiceDto)
  defaults?: NotificationChoiceDto[];
}
