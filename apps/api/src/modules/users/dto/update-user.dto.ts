import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { Trim } from '../trim.decorator';
import { SETTABLE_USER_STATUSES } from '../user-statuses';
import { OptionalNotNull } from '../../../common/validation/optional-not-null.decorator';

export class UpdateUserDto {
  @OptionalNotNull()
  @Trim()
  @IsString()
  @MaxLength(200)
  name?: string;

  @OptionalNotNull()
  @IsUUID()
  roleId?: string;

  /** Disabling signs the user out everywhere at once. */
  @OptionalNotNull()
  @ApiProperty({ enum: SETTABLE_USER_STATUSES, required: false })
  @IsIn(SETTABLE_USER_STATUSES)
  status?: (typeof SETTABLE_USER_STATUSES)[number];

  /** Most open leads assignment rules may give the user (null: no limit). */
  @ApiProperty({ required: false, nullable: true, type: 'integer', minimum: 0, maximum: 100000 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000)
  leadCapacity?: number | null;
}
