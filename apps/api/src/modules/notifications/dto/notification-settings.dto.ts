import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsUUID, Max, Min, ValidateIf } from 'class-validator';
import { OptionalNotNull } from '../../../common/validation/optional-not-null.decorator';

export class NotificationSettingsDto {
  /** Who hears of a hot lead nobody is assigned to (user ids). */
  onDutyUserIds: string[];
  /** A new lead scored at or above this is hot (every urgent one is); null: only urgent ones. */
  hotLeadScore: number | null;
  /** The share of the response target, in percent, at which the assignee is warned. */
  escalationPercent: number;
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
}
