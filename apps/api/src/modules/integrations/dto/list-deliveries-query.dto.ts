import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DELIVERY_STATES, type DeliveryState } from '../integration-values';

export class ListDeliveriesQueryDto {
  @ApiProperty({ enum: DELIVERY_STATES, required: false })
  @IsOptional()
  @IsIn(DELIVERY_STATES)
  state?: DeliveryState;

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
  @MaxLength(200)
  cursor?: string;
}
