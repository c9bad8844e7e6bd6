import { ApiProperty } from '@nestjs/swagger';
import { PERMISSIONS, type Permission } from '@hotleads/shared';
import { IsArray, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { Trim } from '../trim.decorator';
import { OptionalNotNull } from '../../../common/validation/optional-not-null.decorator';

export class UpdateRoleDto {
  @OptionalNotNull()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @OptionalNotNull()
  @IsString()
  @MaxLength(500)
  description?: string;

  /** Replaces the whole set. */
  @OptionalNotNull()
  @ApiProperty({ enum: PERMISSIONS, isArray: true, required: false })
  @IsArray()
  @IsIn(PERMISSIONS, { each: true })
  permissions?: Permission[];
}
