import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { UpdateSlaMinutesDto } from './update-sla-minutes.dto';
import { OptionalNotNull } from '../../../common/validation/optional-not-null.decorator';

// Every field optional: only what is sent changes. Apart from `name`, each field is a key of the
// tenants.settings document and is merged into it.
export class UpdateSettingsDto {
  @OptionalNotNull()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name?: string;

  @OptionalNotNull()
  @IsBoolean()
  requireMfa?: boolean;

  /** The priorities sent change; the others keep their targets. */
  @OptionalNotNull()
  @ValidateNested()
  @Type(() => UpdateSlaMinutesDto)
  slaMinutes?: UpdateSlaMinutesDto;

  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(3650)
  trashRetentionDays?: number;

  /** ISO 3166-1 alpha-2 (upper or lower case); null clears it. */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @Matches(/^[A-Z]{2}$/, { message: 'phoneCountry must be an ISO 3166-1 alpha-2 code' })
  phoneCountry?: string | null;
}
