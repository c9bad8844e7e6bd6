import { RepStatsDto } from './rep-stats.dto';

// Per-rep numbers over the leads created in [from, to) that are not in the trash; exact counts.
export class LeadStatsByAssigneeDto {
  from: Date;
  to: Date;
  /** One row per assignee with leads in the period, most leads first. Callers who may not assign leads get their own row only. */
  rows: RepStatsDto[];
}
