import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { Trim } from '../trim.decorator';
import { SETTABLE_USER_STATUSES } from '../user-statuses';

export class UpdateUserDto {
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  name?: string;

  @IsOptional()
  @IsUUID()
  roleId?: string;

  /** Disabling signs the user out everywhere at once. */
  @IsOptional()
  @ApiProperty({ enum: SETTABLE_USER_STATUSES, required: false })
  @IsIn(SETTABLE_USER_STATUSES)
  status?: (typeof SETTABLE_USER_STATUSES)[number];
}
