import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryNamed } from '../../../common/db/sql';
import type { LeadRow } from '../lead-dto.mapper';
import { LEAD_COLUMNS_SQL } from '../lead-list-query';
import { AWAITING_CONTACT } from '../lead-rules';

export const MY_DAY_REASONS = ['follow_up_overdue', 'follow_up_today', 'unread', 'response_due'] as const;
export type MyDayReason = (typeof MY_DAY_REASONS)[number];

export interface MyDayQuery {
  tenantId: string;
  userId: string;
  timeZone: string;
  // Rows to read per section (the caller reads one more to know whether the section goes on).
  limit: number;
  // A lead waiting for its first contact is listed once its response target is this close (or past).
  responseDueWithinMinutes: number;
}

// The caller's own leads that are not archived or in the trash.
const MINE = `l.tenant_id = $1::uuid AND l.assignee_id = $2::uuid AND l.deleted_at IS NULL AND l.status <> 'archived'`;

// Each section reads one index range of the assignee's leads: the follow-ups through
// ix_leads_follow_up_assignee, unread leads and response targets through the assignee and SLA indexes.
const SECTIONS: Record<MyDayReason, string> = {
  follow_up_overdue: `SELECT ${LEAD_COLUMNS_SQL} FROM leads l WHERE ${MINE} AND l.follow_up_at IS NOT NULL AND l.follow_up_at < now()
    ORDER BY l.follow_up_at, l.id LIMIT $3::int`,
  follow_up_today: `SELECT ${LEAD_COLUMNS_SQL} FROM leads l WHERE ${MINE} AND l.follow_up_at IS NOT NULL AND l.follow_up_at >= now()
    AND l.follow_up_at < ((date_trunc('day', now() AT TIME ZONE $4::text) + interval '1 day') AT TIME ZONE $4::text)
    ORDER BY l.follow_up_at, l.id LIMIT $3::int`,
  unread: `SELECT ${LEAD_COLUMNS_SQL} FROM leads l WHERE ${MINE} AND l.status = 'unread' ORDER BY l.created_at, l.id LIMIT $3::int`,
  response_due: `SELECT ${LEAD_COLUMNS_SQL} FROM leads l WHERE ${MINE} AND l.first_contacted_at IS NULL
    AND l.status = ANY('{${AWAITING_CONTACT.join(',')}}'::text[]) AND l.respond_by < now() + make_interval(mins => $4::int)
    ORDER BY l.respond_by, l.id LIMIT $3::int`,
};

@Injectable()
export class MyDayRepository {
  async section(m: EntityManager, reason: MyDayReason, q: MyDayQuery): Promise<LeadRow[]> {
    const params: unknown[] = [q.tenantId, q.userId, q.limit];
    if (reason === 'follow_up_today') params.push(q.timeZone);
    if (reason === 'response_due') params.push(q.responseDueWithinMinutes);
    return queryNamed<LeadRow>(m, SECTIONS[reason], params);
  }
}
