import { ApiProperty } from '@nestjs/swagger';

export class LeadStatsDayDto {
  /** A UTC day, YYYY-MM-DD; the first and last days count only the part inside the period. */
  @ApiProperty({ format: 'date', example: '2026-01-31' })
  day: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'Leads created that day, by source.' })
  bySource: Record<string, number>;
  total: number;
}
