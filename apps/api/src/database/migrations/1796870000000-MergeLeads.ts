import type { MigrationInterface, QueryRunner } from 'typeorm';

// Lead merge with undo (issue 21): each merge keeps the leads as they were and what it moved.

export class MergeLeads1796870000000 implements MigrationInterface {
  name = 'MergeLeads1796870000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "lead_merges" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "survivor_id" uuid NOT NULL, "merged_ids" uuid array NOT NULL, "fields" jsonb NOT NULL DEFAULT '{}', "before" jsonb NOT NULL, "moved" jsonb NOT NULL, "survivor_version" integer NOT NULL, "actor_type" text NOT NULL, "actor_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "undone_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_430cca63064e8fa729372038967" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_e70ce803682293d2c6d3a2bb99" ON "lead_merges" ("tenant_id", "survivor_id", "created_at") `);
    await q.query(`ALTER TABLE "lead_merges" ADD CONSTRAINT "FK_a644c28c63152470bc9a8d6227f" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "lead_merges" ADD CONSTRAINT "FK_3308c184ce028a3b235b9153d99" FOREIGN KEY ("survivor_id") REFERENCES "leads"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    // Which merge hid a lead (restore and the trash purge ask).
    await q.query(`CREATE INDEX ix_lead_merges_merged_ids ON lead_merges USING gin (merged_ids)`);
    // Row-level security like every tenant table (0006).
    const tenant = `(SELECT nullif(current_setting('hotleads.tenant_id', true), '')::uuid)`;
    await q.query(`ALTER TABLE lead_merges ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE lead_merges FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY tenant_isolation ON lead_merges USING (tenant_id = ${tenant}) WITH CHECK (tenant_id = ${tenant})`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP POLICY tenant_isolation ON lead_merges`);
    await q.query(`DROP INDEX ix_lead_merges_merged_ids`);
    await q.query(`ALTER TABLE "lead_merges" DROP CONSTRAINT "FK_3308c184ce028a3b235b9153d99"`);
    await q.query(`ALTER TABLE "lead_merges" DROP CONSTRAINT "FK_a644c28c63152470bc9a8d6227f"`);
    await q.query(`DROP INDEX "public"."IDX_e70ce803682293d2c6d3a2bb99"`);
    await q.query(`DROP TABLE "lead_merges"`);
  }
}
