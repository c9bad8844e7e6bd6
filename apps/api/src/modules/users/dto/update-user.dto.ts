import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, IsUUID, MaxLength } from 'class-validator';
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
}
