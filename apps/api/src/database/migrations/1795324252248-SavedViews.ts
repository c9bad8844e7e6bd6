import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SavedViews1795324252248 implements MigrationInterface {
  name = 'SavedViews1795324252248';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "saved_views" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "user_id" uuid NOT NULL, "name" text NOT NULL, "query" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_30acd4fbe2058d97631ab9bb2b6" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "IDX_60b9dcc588baf1d29e4464854f" ON "saved_views" ("tenant_id", "user_id", "name") `);
    await q.query(`ALTER TABLE "saved_views" ADD CONSTRAINT "FK_62a09a1601da0ae1e616146b7b0" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "saved_views" ADD CONSTRAINT "FK_5ef69747737eae659eb1dd15aac" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);

    // Row-level security like every tenant table; the app role's privileges come from the default ones.
    const rule = `tenant_id = (SELECT nullif(current_setting('hotleads.tenant_id', true), '')::uuid)`;
    await q.query(`ALTER TABLE saved_views ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE saved_views FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY tenant_isolation ON saved_views USING (${rule}) WITH CHECK (${rule})`);
    await q.query(`CREATE TRIGGER set_updated_at BEFORE UPDATE ON saved_views FOR EACH ROW EXECUTE FUNCTION set_updated_at()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS set_updated_at ON saved_views`);
    await q.query(`ALTER TABLE "saved_views" DROP CONSTRAINT "FK_5ef69747737eae659eb1dd15aac"`);
    await q.query(`ALTER TABLE "saved_views" DROP CONSTRAINT "FK_62a09a1601da0ae1e616146b7b0"`);
    await q.query(`DROP INDEX "public"."IDX_60b9dcc588baf1d29e4464854f"`);
    await q.query(`DROP TABLE "saved_views"`);
  }
}
