import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray } from 'class-validator';
import { CreateLeadDto } from './create-lead.dto';

export const BULK_MAX = 1000;

// The items stay plain objects here: each is validated on its own by the service, so one bad item is
// reported at its index instead of failing the whole batch.
export class BulkLeadsDto {
  /** Up to 1,000 leads, each shaped like the body of `POST /leads`. */
  @ApiProperty({ type: () => CreateLeadDto, isArray: true, maxItems: BULK_MAX })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(BULK_MAX)
  leads: unknown[];
}
