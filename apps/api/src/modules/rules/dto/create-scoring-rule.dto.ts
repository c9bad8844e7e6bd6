import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsDefined, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Trim } from '../../users/trim.decorator';

export class CreateScoringRuleDto {
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  /** A condition of the rule language; checked by the service (422 with the path of each problem). */
  @ApiProperty({ type: 'object', additionalProperties: true })
  @IsDefined()
  condition: unknown;

  @IsInt()
  @Min(-100)
  @Max(100)
  points: number;

  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}
