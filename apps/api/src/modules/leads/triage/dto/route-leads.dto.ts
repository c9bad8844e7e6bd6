import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { LeadFilterQueryDto } from './list-leads-query.dto';

export class RouteLeadsDto {
  /** Which unassigned leads to route (the list's filters); all unassigned open leads when absent. */
  @ApiProperty({ required: false, type: LeadFilterQueryDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => LeadFilterQueryDto)
  filter?: LeadFilterQueryDto;

  /** At most this many leads, oldest first (default 1000). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  limit?: number;
}
