import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { OptionalNotNull } from '../../../common/validation/optional-not-null.decorator';

const MAX_SLA_MINUTES = 60 * 24 * 30;

// A change of the speed-to-lead targets: each priority optional (never null), the others stay as they were.
export class UpdateSlaMinutesDto {
  @OptionalNotNull()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_SLA_MINUTES)
  urgent?: number;

  @OptionalNotNull()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_SLA_MINUTES)
  high?: number;

  @OptionalNotNull()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_SLA_MINUTES)
  medium?: number;

  @OptionalNotNull()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_SLA_MINUTES)
  low?: number;
}
