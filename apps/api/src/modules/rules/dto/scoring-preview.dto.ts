import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsDefined, IsInt, IsOptional, IsString, IsUUID, Max, Min, MinLength, MaxLength } from 'class-validator';
import { Trim } from '../../users/trim.decorator';

// A rule as it would be after the edit: a new one (no id) or a change of an existing one.
export class ScoringPreviewDto {
  @IsOptional()
  @IsUUID()
  id?: string;

  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @ApiProperty({ type: 'object', additionalProperties: true })
  @IsDefined()
  condition: unknown;

  @IsInt()
  @Min(-100)
  @Max(100)
  points: number;

  /** false previews removing the rule. */
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class ScoringPreviewResultDto {
  /** Leads looked at: the workspace's latest, up to 10,000. */
  sampled: number;
  /** How many of them the condition matches. */
  matches: number;
  /** Average score now and with the change, over the same leads (null when there are none). */
  averageBefore: number | null;
  averageAfter: number | null;
}
