import { ApiProperty } from '@nestjs/swagger';
import type { Permission } from '@hotleads/shared';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { GRANTABLE_SCOPES } from '../api-key-scopes';
import { IsFuture } from '../is-future.decorator';

export class CreateApiKeyDto {
  /** What the key is for, e.g. "Website backend". */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  /** Permissions the key carries: any you hold yourself, except users:manage and api-keys:manage. */
  @ApiProperty({ enum: GRANTABLE_SCOPES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(GRANTABLE_SCOPES.length)
  @ArrayUnique()
  @IsIn(GRANTABLE_SCOPES, { each: true, message: `each value in scopes must be one of: ${GRANTABLE_SCOPES.join(', ')}` })
  scopes: Permission[];

  /** ISO 8601 instant after which the key stops working; omit for a key that does not expire. */
  @IsOptional()
  @IsISO8601({ strict: true })
  @IsFuture()
  expiresAt?: string;
}
