import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { OUTBOUND_DELIVERY_STATES, type OutboundDeliveryState } from '../outbound-webhook-values';

export class ListOutboundDeliveriesQueryDto {
  @ApiProperty({ enum: OUTBOUND_DELIVERY_STATES, required: false })
  @IsOptional()
  @IsIn(OUTBOUND_DELIVERY_STATES)
  state?: OutboundDeliveryState;

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
