import { ApiProperty } from '@nestjs/swagger';
import { PERMISSIONS, type Permission } from '@hotleads/shared';
import { IsArray, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { Trim } from '../trim.decorator';

export class UpdateRoleDto {
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  /** Replaces the whole set. */
  @IsOptional()
  @ApiProperty({ enum: PERMISSIONS, isArray: true, required: false })
  @IsArray()
  @IsIn(PERMISSIONS, { each: true })
  permissions?: Permission[];
}
