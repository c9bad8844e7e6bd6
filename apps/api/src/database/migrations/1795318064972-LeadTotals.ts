import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LeadTotals1795318064972 implements MigrationInterface {
  name = 'LeadTotals1795318064972';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "IDX_627bcfbd71c28ab9f32a3fcd3e" ON "lead_stats_deltas" ("tenant_id", "dimension", "value") `);
    await q.query(`CREATE INDEX "IDX_d6561737ad5b76453428f43a5c" ON "lead_stats_daily" ("tenant_id", "dimension", "value") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."IDX_d6561737ad5b76453428f43a5c"`);
    await q.query(`DROP INDEX "public"."IDX_627bcfbd71c28ab9f32a3fcd3e"`);
  }
}
