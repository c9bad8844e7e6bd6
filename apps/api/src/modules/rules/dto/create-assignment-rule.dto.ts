import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { Trim } from '../../users/trim.decorator';

export class CreateAssignmentRuleDto {
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  /** A condition (may test score and timeOfDay too); null or absent for every lead. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true })
  @IsOptional()
  condition?: unknown;

  @IsIn(['user', 'round_robin'])
  action: 'user' | 'round_robin';

  /** For `user`. */
  @ValidateIf((o: CreateAssignmentRuleDto) => o.action === 'user')
  @IsUUID()
  userId?: string;

  /** For `round_robin`: the members in turn order. */
  @ValidateIf((o: CreateAssignmentRuleDto) => o.action === 'round_robin')
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  groupUserIds?: string[];

  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}
