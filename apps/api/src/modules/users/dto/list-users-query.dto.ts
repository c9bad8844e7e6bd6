import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { UserStatus } from '../user.entity';
import { USER_STATUSES } from '../user-statuses';

export class ListUsersQueryDto {
  /** Page size, 1 to 200 (default 50). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  /** The `nextCursor` of the previous page. */
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;

  @IsOptional()
  @ApiProperty({ enum: USER_STATUSES, required: false })
  @IsIn(USER_STATUSES)
  status?: UserStatus;

  /** Part of the email or name (case-insensitive). */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}
