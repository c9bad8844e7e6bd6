import type { MigrationInterface, QueryRunner } from 'typeorm';

// Retention settings per workspace and their daily job's last result; consent options per form (issue 18).
export class PrivacyRetentionAndConsent1796800000000 implements MigrationInterface {
  name = 'PrivacyRetentionAndConsent1796800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "privacy_retention" ("tenant_id" uuid NOT NULL, "inactive_lead_months" integer, "webhook_payload_days" integer, "import_days" integer, "audit_months" integer, "last_run_at" TIMESTAMP WITH TIME ZONE, "last_result" jsonb, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7f25da81ddcc5228813c71ba9c1" PRIMARY KEY ("tenant_id"))`);
    await q.query(`ALTER TABLE "forms" ADD "consent_label" text`);
    await q.query(`ALTER TABLE "forms" ADD "consent_policy_version" text`);
    await q.query(`ALTER TABLE "privacy_retention" ADD CONSTRAINT "FK_7f25da81ddcc5228813c71ba9c1" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);

    // Row-level security like every tenant table (0006); the daily job finds the workspaces that are due
    // through the cross-tenant transaction, as the trash purge does.
    const tenant = `(SELECT nullif(current_setting('hotleads.tenant_id', true), '')::uuid)`;
    const cross = `(SELECT current_setting('hotleads.cross_tenant', true)) = 'on'`;
    await q.query(`ALTER TABLE privacy_retention ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE privacy_retention FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY tenant_isolation ON privacy_retention USING (tenant_id = ${tenant} OR ${cross}) WITH CHECK (tenant_id = ${tenant})`);
    await q.query(`CREATE TRIGGER set_updated_at BEFORE UPDATE ON privacy_retention FOR EACH ROW EXECUTE FUNCTION set_updated_at()`);

    // purge_audit_logs() works across workspaces; a workspace's own retention deletes only its own entries,
    // and never any younger than 12 months, whatever the caller asks.
    await q.query(`CREATE FUNCTION purge_workspace_audit_logs(cutoff timestamptz) RETURNS bigint
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE purged bigint;
      DECLARE tenant uuid := nullif(current_setting('hotleads.tenant_id', true), '')::uuid;
      BEGIN
        IF tenant IS NULL THEN RAISE EXCEPTION 'purge_workspace_audit_logs needs a tenant transaction'; END IF;
        IF cutoff > now() - interval '12 months' THEN
          RAISE EXCEPTION 'audit entries are kept at least 12 months' USING ERRCODE = 'check_violation';
        END IF;
        PERFORM set_config('hotleads.audit_purge', 'on', true);
        DELETE FROM audit_logs WHERE tenant_id = tenant AND created_at < cutoff;
        GET DIAGNOSTICS purged = ROW_COUNT;
        PERFORM set_config('hotleads.audit_purge', 'off', true);
        RETURN purged;
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION purge_workspace_audit_logs(timestamptz) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION purge_workspace_audit_logs(timestamptz) TO hotleads_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS purge_workspace_audit_logs(timestamptz)`);
    await q.query(`ALTER TABLE "privacy_retention" DROP CONSTRAINT "FK_7f25da81ddcc5228813c71ba9c1"`);
    await q.query(`ALTER TABLE "forms" DROP COLUMN "consent_policy_version"`);
    await q.query(`ALTER TABLE "forms" DROP COLUMN "consent_label"`);
    await q.query(`DROP TABLE "privacy_retention"`);
  }
}
