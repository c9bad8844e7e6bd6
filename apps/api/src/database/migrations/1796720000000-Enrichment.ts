import type { MigrationInterface, QueryRunner } from 'typeorm';

// Lead enrichment: lookups (lead_enrichments, also the per-workspace cache), settings, daily usage and bulk
// runs, each with row-level security; and the owner function the automatic feed uses to find workspaces
// with an active enrichment connection and automatic enrichment.
export class Enrichment1796720000000 implements MigrationInterface {
  name = 'Enrichment1796720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "lead_enrichments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "lead_id" uuid NOT NULL, "provider" text NOT NULL, "kind" text NOT NULL, "value" text NOT NULL, "status" text NOT NULL DEFAULT 'queued', "reason" text, "summary" jsonb, "raw" jsonb, "cached" boolean NOT NULL DEFAULT false, "charged" boolean NOT NULL DEFAULT false, "force" boolean NOT NULL DEFAULT false, "trigger" text NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "bulk_id" uuid, "requested_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "fetched_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_lead_enrichments_trigger" CHECK (trigger IN ('auto', 'manual', 'bulk')), CONSTRAINT "ck_lead_enrichments_status" CHECK (status IN ('queued', 'succeeded', 'failed', 'skipped')), CONSTRAINT "ck_lead_enrichments_kind" CHECK (kind IN ('email', 'phone')), CONSTRAINT "PK_63dd46ffea97bdc46b66258320c" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_lead_enrichments_queued" ON "lead_enrichments" ("lead_id", "provider", "value") WHERE status = 'queued'`);
    await q.query(`CREATE INDEX "ix_lead_enrichments_bulk" ON "lead_enrichments" ("tenant_id", "bulk_id") WHERE bulk_id IS NOT NULL`);
    await q.query(`CREATE INDEX "ix_lead_enrichments_cache" ON "lead_enrichments" ("tenant_id", "provider", "value", "fetched_at") WHERE status = 'succeeded'`);
    await q.query(`CREATE INDEX "IDX_bc0f46603fcd18ea5e2f8d363f" ON "lead_enrichments" ("tenant_id", "lead_id", "created_at", "id") `);
    await q.query(`CREATE TABLE "enrichment_usage" ("tenant_id" uuid NOT NULL, "provider" text NOT NULL, "day" date NOT NULL, "lookups" integer NOT NULL DEFAULT '0', "cached" integer NOT NULL DEFAULT '0', "skipped" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_cb3f7c606561d49e13b3c435fcd" PRIMARY KEY ("tenant_id", "provider", "day"))`);
    await q.query(`CREATE TABLE "enrichment_settings" ("tenant_id" uuid NOT NULL, "mode" text NOT NULL DEFAULT 'auto', "providers" jsonb NOT NULL DEFAULT '{}', "feed_from" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_by" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_enrichment_settings_mode" CHECK (mode IN ('auto', 'on_demand')), CONSTRAINT "PK_468f2d9b1c9dd3127c04591808c" PRIMARY KEY ("tenant_id"))`);
    await q.query(`CREATE TABLE "enrichment_bulk_runs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "leads" integer NOT NULL, "queued" integer NOT NULL, "force" boolean NOT NULL DEFAULT false, "requested_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9b92f0d00b4409e3a79e2ce7d98" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_feef23a58a8bff4b4e3c3f7ab3" ON "enrichment_bulk_runs" ("tenant_id", "created_at", "id") `);
    await q.query(`ALTER TABLE "lead_enrichments" ADD CONSTRAINT "FK_80d403fef00874ce4e46cfa9c3c" FOREIGN KEY ("lead_id") REFERENCES "leads"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "enrichment_usage" ADD CONSTRAINT "FK_a450697c0c07a42de35df49b0e4" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "enrichment_settings" ADD CONSTRAINT "FK_468f2d9b1c9dd3127c04591808c" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "enrichment_bulk_runs" ADD CONSTRAINT "FK_5de88d2ad18af30e9442c7ddac3" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);

    // Row-level security like every tenant table (0006). The settings also answer the feed's look across
    // workspaces (hotleads.cross_tenant, set only inside enrichment_auto_tenants).
    const tenant = `(SELECT nullif(current_setting('hotleads.tenant_id', true), '')::uuid)`;
    for (const table of ['lead_enrichments', 'enrichment_usage', 'enrichment_bulk_runs']) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY tenant_isolation ON ${table} USING (tenant_id = ${tenant}) WITH CHECK (tenant_id = ${tenant})`);
    }
    await q.query(`ALTER TABLE enrichment_settings ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE enrichment_settings FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY tenant_isolation ON enrichment_settings
      USING (tenant_id = ${tenant} OR current_setting('hotleads.cross_tenant', true) = 'on')
      WITH CHECK (tenant_id = ${tenant})`);

    await q.query(`CREATE FUNCTION enrichment_auto_tenants(provider_names text[])
      RETURNS TABLE (tenant_id uuid)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE previous text := current_setting('hotleads.cross_tenant', true);
      BEGIN
        PERFORM set_config('hotleads.cross_tenant', 'on', true);
        RETURN QUERY
          SELECT DISTINCT c.tenant_id FROM integration_connections c
          LEFT JOIN enrichment_settings s ON s.tenant_id = c.tenant_id
          WHERE c.provider = ANY (provider_names) AND c.status = 'active' AND coalesce(s.mode, 'auto') = 'auto';
        PERFORM set_config('hotleads.cross_tenant', coalesce(previous, ''), true);
      END
      $$`);
    await q.query(`REVOKE ALL ON FUNCTION enrichment_auto_tenants(text[]) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION enrichment_auto_tenants(text[]) TO hotleads_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS enrichment_auto_tenants(text[])`);
    await q.query(`ALTER TABLE "enrichment_bulk_runs" DROP CONSTRAINT "FK_5de88d2ad18af30e9442c7ddac3"`);
    await q.query(`ALTER TABLE "enrichment_settings" DROP CONSTRAINT "FK_468f2d9b1c9dd3127c04591808c"`);
    await q.query(`ALTER TABLE "enrichment_usage" DROP CONSTRAINT "FK_a450697c0c07a42de35df49b0e4"`);
    await q.query(`ALTER TABLE "lead_enrichments" DROP CONSTRAINT "FK_80d403fef00874ce4e46cfa9c3c"`);
    await q.query(`DROP INDEX "public"."IDX_feef23a58a8bff4b4e3c3f7ab3"`);
    await q.query(`DROP TABLE "enrichment_bulk_runs"`);
    await q.query(`DROP TABLE "enrichment_settings"`);
    await q.query(`DROP TABLE "enrichment_usage"`);
    await q.query(`DROP INDEX "public"."IDX_bc0f46603fcd18ea5e2f8d363f"`);
    await q.query(`DROP INDEX "public"."ix_lead_enrichments_cache"`);
    await q.query(`DROP INDEX "public"."ix_lead_enrichments_bulk"`);
    await q.query(`DROP INDEX "public"."uq_lead_enrichments_queued"`);
    await q.query(`DROP TABLE "lead_enrichments"`);
  }
}
