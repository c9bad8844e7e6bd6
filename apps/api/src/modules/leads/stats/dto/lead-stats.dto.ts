import { ApiProperty } from '@nestjs/swagger';
import { LeadStatsDayDto } from './lead-stats-day.dto';
import { LeadVelocityDto } from './lead-velocity.dto';
import { TimeToFirstContactDto } from './time-to-first-contact.dto';

const COUNTS = { type: 'object', additionalProperties: { type: 'integer' } } as const;

// KPIs over the leads created in [from, to) that are not in the trash; exact counts.
export class LeadStatsDto {
  from: Date;
  to: Date;
  total: number;
  @ApiProperty({ ...COUNTS, description: 'Every status, zero included.' })
  byStatus: Record<string, number>;
  @ApiProperty({ ...COUNTS, description: 'Every priority, zero included.' })
  byPriority: Record<string, number>;
  @ApiProperty({ ...COUNTS, description: 'The sources seen in the period.' })
  bySource: Record<string, number>;
  @ApiProperty({ ...COUNTS, description: 'Every lead type, zero included.' })
  byType: Record<string, number>;
  /** Relative to now, whatever the period. */
  velocity: LeadVelocityDto;
  /** Converted leads / total, 0 to 1; null without leads. */
  conversionRate: number | null;
  /** Leads contacted at least once / total, 0 to 1; null without leads. */
  contactedRate: number | null;
  timeToFirstContact: TimeToFirstContactDto;
  /** Leads now past their respond-by time without a first contact (unread or processing), whatever the period. */
  openSlaBreaches: number;
  /** One entry per UTC day of the period, oldest first. */
  series: LeadStatsDayDto[];
}
