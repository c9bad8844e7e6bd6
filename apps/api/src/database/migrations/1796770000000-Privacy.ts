import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Privacy1796770000000 implements MigrationInterface {
  name = 'Privacy1796770000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "privacy_suppressions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "subject_hash" text NOT NULL, "kind" text NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_privacy_suppressions_hash" UNIQUE ("tenant_id", "subject_hash"), CONSTRAINT "PK_43d65b5277a66f99b72e6df3dee" PRIMARY KEY ("id"))`);
    await q.query(`CREATE TABLE "privacy_exports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "requested_by" uuid NOT NULL, "subject_hashes" text array NOT NULL, "status" text NOT NULL DEFAULT 'pending', "counts" jsonb, "document" text, "error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "downloaded_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_cec1159deda6dad65aa18e1ff07" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_5d4dd835044b0691f2bfb27023" ON "privacy_exports" ("tenant_id", "requested_by", "created_at") `);
    await q.query(`ALTER TABLE "privacy_suppressions" ADD CONSTRAINT "FK_94f2b52903a41c80f691ad0a633" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "privacy_exports" ADD CONSTRAINT "FK_902672e8b6f81d274535038cc2a" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);

    // Row-level security like every tenant table (0006).
    const tenant = `(SELECT nullif(current_setting('hotleads.tenant_id', true), '')::uuid)`;
    for (const table of ['privacy_suppressions', 'privacy_exports']) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY tenant_isolation ON ${table} USING (tenant_id = ${tenant}) WITH CHECK (tenant_id = ${tenant})`);
    }

    // The audit log stays append-only, except that an erasure may blank what an entry says about the
    // person (changes, metadata, the IP and browser of an anonymous submitter), through the function below.
    await q.query(`CREATE OR REPLACE FUNCTION audit_logs_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND current_setting('hotleads.audit_purge', true) = 'on' THEN
          RETURN OLD;
        END IF;
        IF TG_OP = 'UPDATE' AND current_setting('hotleads.audit_erase', true) = 'on'
           AND NEW.id = OLD.id AND NEW.tenant_id IS NOT DISTINCT FROM OLD.tenant_id AND NEW.action = OLD.action
           AND NEW.created_at = OLD.created_at AND NEW.outcome = OLD.outcome THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_logs is append-only' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    // Only the current workspace's entries (the caller's tenant transaction), never another's.
    await q.query(`CREATE FUNCTION erase_audit_entries(ids uuid[]) RETURNS bigint
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE erased bigint;
      DECLARE tenant uuid := nullif(current_setting('hotleads.tenant_id', true), '')::uuid;
      BEGIN
        IF tenant IS NULL THEN RAISE EXCEPTION 'erase_audit_entries needs a tenant transaction'; END IF;
        PERFORM set_config('hotleads.audit_erase', 'on', true);
        UPDATE audit_logs SET changes = NULL, metadata = '{"erased": true}'::jsonb,
               ip = CASE WHEN actor_type = 'anonymous' THEN NULL ELSE ip END,
               user_agent = CASE WHEN actor_type = 'anonymous' THEN NULL ELSE user_agent END
         WHERE tenant_id = tenant AND id = ANY(ids);
        GET DIAGNOSTICS erased = ROW_COUNT;
        PERFORM set_config('hotleads.audit_erase', 'off', true);
        RETURN erased;
      END $$`);
    // The search table is the triggers' alone (the app role has no grant on it): a subject's rows are read
    // and dropped through these, for the current workspace only.
    await q.query(`CREATE FUNCTION subject_lead_search(ids uuid[]) RETURNS TABLE (lead_id uuid, document text)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT s.lead_id, s.document FROM lead_search s
        WHERE s.tenant_id = nullif(current_setting('hotleads.tenant_id', true), '')::uuid AND s.lead_id = ANY(ids)
      $$`);
    await q.query(`CREATE FUNCTION erase_lead_search(ids uuid[]) RETURNS bigint
      LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        WITH gone AS (DELETE FROM lead_search s
                      WHERE s.tenant_id = nullif(current_setting('hotleads.tenant_id', true), '')::uuid AND s.lead_id = ANY(ids) RETURNING 1)
        SELECT count(*) FROM gone
      $$`);
    for (const fn of ['subject_lead_search(uuid[])', 'erase_lead_search(uuid[])']) {
      await q.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`);
      await q.query(`GRANT EXECUTE ON FUNCTION ${fn} TO hotleads_app`);
    }
    await q.query(`REVOKE ALL ON FUNCTION erase_audit_entries(uuid[]) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION erase_audit_entries(uuid[]) TO hotleads_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS erase_audit_entries(uuid[])`);
    await q.query(`DROP FUNCTION IF EXISTS erase_lead_search(uuid[])`);
    await q.query(`DROP FUNCTION IF EXISTS subject_lead_search(uuid[])`);
    await q.query(`CREATE OR REPLACE FUNCTION audit_logs_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND current_setting('hotleads.audit_purge', true) = 'on' THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit_logs is append-only' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`ALTER TABLE "privacy_exports" DROP CONSTRAINT "FK_902672e8b6f81d274535038cc2a"`);
    await q.query(`ALTER TABLE "privacy_suppressions" DROP CONSTRAINT "FK_94f2b52903a41c80f691ad0a633"`);
    await q.query(`DROP INDEX "public"."IDX_5d4dd835044b0691f2bfb27023"`);
    await q.query(`DROP TABLE "privacy_exports"`);
    await q.query(`DROP TABLE "privacy_suppressions"`);
  }
}
