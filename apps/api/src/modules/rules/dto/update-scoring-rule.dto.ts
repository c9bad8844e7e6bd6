import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsObject, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Trim } from '../../users/trim.decorator';
import { OptionalNotNull } from '../../../common/validation/optional-not-null.decorator';

export class UpdateScoringRuleDto {
  @OptionalNotNull()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @OptionalNotNull()
  @IsObject()
  condition?: unknown;

  @OptionalNotNull()
  @IsInt()
  @Min(-100)
  @Max(100)
  points?: number;

  @OptionalNotNull()
  @IsBoolean()
  enabled?: boolean;

  @OptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(10_000)
  position?: number;
}
