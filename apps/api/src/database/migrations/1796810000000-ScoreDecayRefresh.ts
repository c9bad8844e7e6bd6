import type { MigrationInterface, QueryRunner } from 'typeorm';

// The hourly decay refresh (ScoreDecayJob) remembers per workspace up to when it brought decayed scores
// up to date; the next run rescores only leads that crossed a whole day since then.
export class ScoreDecayRefresh1796810000000 implements MigrationInterface {
  name = 'ScoreDecayRefresh1796810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "lead_rule_settings" ADD "decay_refreshed_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "lead_rule_settings" DROP COLUMN "decay_refreshed_at"`);
  }
}
