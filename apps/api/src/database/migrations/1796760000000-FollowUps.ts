import type { MigrationInterface, QueryRunner } from 'typeorm';

// Follow-ups as a sort and as an agent's day: the list sorts by the soonest follow-up (leads without one
// last), and My day reads one assignee's follow-ups up to the end of the day.
export class FollowUps1796760000000 implements MigrationInterface {
  name = 'FollowUps1796760000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_leads_follow_up_sort ON leads (tenant_id, (coalesce(follow_up_at, 'infinity'::timestamptz)), id)`);
    await q.query(`CREATE INDEX ix_leads_follow_up_assignee ON leads (tenant_id, assignee_id, follow_up_at) WHERE follow_up_at IS NOT NULL AND deleted_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_leads_follow_up_assignee`);
    await q.query(`DROP INDEX ix_leads_follow_up_sort`);
  }
}
