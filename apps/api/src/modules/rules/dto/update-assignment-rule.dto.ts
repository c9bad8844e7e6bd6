import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Trim } from '../../users/trim.decorator';
import { OptionalNotNull } from '../../../common/validation/optional-not-null.decorator';

export class UpdateAssignmentRuleDto {
  @OptionalNotNull()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  /** null matches every lead. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true })
  @IsOptional()
  condition?: unknown;

  @OptionalNotNull()
  @IsIn(['user', 'round_robin'])
  action?: 'user' | 'round_robin';

  @OptionalNotNull()
  @IsUUID()
  userId?: string;

  @OptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  groupUserIds?: string[];

  @OptionalNotNull()
  @IsBoolean()
  enabled?: boolean;

  /** New place in the order (rules are evaluated by ascending position). */
  @OptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(10_000)
  position?: number;
}
