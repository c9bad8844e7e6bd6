import type { MigrationInterface, QueryRunner } from 'typeorm';

export class WebhookLedger1796616285658 implements MigrationInterface {
  name = 'WebhookLedger1796616285658';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "integration_connections" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "provider" text NOT NULL, "name" text NOT NULL, "config" jsonb NOT NULL DEFAULT '{}', "credentials" text, "credentials_key_id" text, "credential_hints" jsonb NOT NULL DEFAULT '{}', "status" text NOT NULL DEFAULT 'active', "last_error" text, "last_error_at" TIMESTAMP WITH TIME ZONE, "rejected_unrecorded" bigint NOT NULL DEFAULT '0', "created_by" uuid, "updated_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_integration_connections_status" CHECK (status IN ('active', 'needs_attention', 'disabled')), CONSTRAINT "ck_integration_connections_provider" CHECK (provider IN ('acuity', 'webhook')), CONSTRAINT "PK_b1ec518bfa5fa7404045412de2e" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_9b46a2ff811fc81e75cf454bd2" ON "integration_connections" ("tenant_id", "created_at", "id") `);
    await q.query(`CREATE TABLE "webhook_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "connection_id" uuid NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "body" bytea, "body_size" integer NOT NULL, "body_sha256" text NOT NULL, "body_purged_at" TIMESTAMP WITH TIME ZONE, "headers" jsonb NOT NULL DEFAULT '{}', "source_ip" text, "signature" text NOT NULL, "dedupe_key" text, "action" text, "state" text NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "result" jsonb, "lead_id" uuid, "processed_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_webhook_deliveries_signature" CHECK (signature IN ('valid', 'invalid', 'missing', 'stale')), CONSTRAINT "ck_webhook_deliveries_state" CHECK (state IN ('received', 'processed', 'failed', 'dead', 'rejected', 'duplicate')), CONSTRAINT "PK_535dd409947fb6d8fc6dfc0112a" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_c55508d01200a6981047ee4261" ON "webhook_deliveries" ("received_at") WHERE body IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX "IDX_3f1b046eca66873d7c94161306" ON "webhook_deliveries" ("connection_id", "dedupe_key") WHERE dedupe_key IS NOT NULL AND state NOT IN ('rejected', 'duplicate')`);
    await q.query(`CREATE INDEX "IDX_62e70a183563dc3d91bc9a471a" ON "webhook_deliveries" ("tenant_id", "connection_id", "state", "received_at", "id") `);
    await q.query(`CREATE INDEX "IDX_2537b610192d77cfeb84b502f7" ON "webhook_deliveries" ("tenant_id", "connection_id", "received_at", "id") `);
    await q.query(`ALTER TABLE "integration_connections" ADD CONSTRAINT "FK_69a0ace0ec077a4dd7f55ccda38" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "FK_dd2bc3de0e4a0329a4ef30600b4" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "FK_7f2f649b24cb93e9dd35c60d726" FOREIGN KEY ("connection_id") REFERENCES "integration_connections"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "FK_646684a62848863e2ed290bb046" FOREIGN KEY ("lead_id") REFERENCES "leads"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);

    // Row-level security like every tenant table. Connections are also read before their tenant is known
    // (the webhook route finds its connection by the id in the path: a credential look-up, see 0006), and
    // the payload purge below works across tenants, so both policies admit hotleads.cross_tenant, as those
    // of forms, API keys and live events do.
    const tenant = `(SELECT nullif(current_setting('hotleads.tenant_id', true), '')::uuid)`;
    const cross = `(SELECT current_setting('hotleads.cross_tenant', true)) = 'on'`;
    for (const [table, rule] of [
      ['integration_connections', `tenant_id = ${tenant} OR ${cross}`],
      ['webhook_deliveries', `tenant_id = ${tenant} OR ${cross}`],
    ]) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY tenant_isolation ON ${table} USING (${rule}) WITH CHECK (${rule})`);
      await q.query(`CREATE TRIGGER set_updated_at BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION set_updated_at()`);
    }

    // The payload purge works across tenants, so it is an owner function the app role may only call; it
    // turns hotleads.cross_tenant on for its own statement and restores it (the owner is not a superuser).
    await q.query(`CREATE FUNCTION purge_webhook_payloads(cutoff timestamptz, OUT purged bigint)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE previous text := current_setting('hotleads.cross_tenant', true);
      BEGIN
        PERFORM set_config('hotleads.cross_tenant', 'on', true);
        UPDATE webhook_deliveries SET body = NULL, body_purged_at = now() WHERE body IS NOT NULL AND received_at < cutoff;
        GET DIAGNOSTICS purged = ROW_COUNT;
        PERFORM set_config('hotleads.cross_tenant', coalesce(previous, ''), true);
      END
      $$`);
    await q.query(`REVOKE ALL ON FUNCTION purge_webhook_payloads(timestamptz) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION purge_webhook_payloads(timestamptz) TO hotleads_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS purge_webhook_payloads(timestamptz)`);
    await q.query(`DROP TRIGGER IF EXISTS set_updated_at ON webhook_deliveries`);
    await q.query(`DROP TRIGGER IF EXISTS set_updated_at ON integration_connections`);
    await q.query(`ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "FK_646684a62848863e2ed290bb046"`);
    await q.query(`ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "FK_7f2f649b24cb93e9dd35c60d726"`);
    await q.query(`ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "FK_dd2bc3de0e4a0329a4ef30600b4"`);
    await q.query(`ALTER TABLE "integration_connections" DROP CONSTRAINT "FK_69a0ace0ec077a4dd7f55ccda38"`);
    await q.query(`DROP INDEX "public"."IDX_2537b610192d77cfeb84b502f7"`);
    await q.query(`DROP INDEX "public"."IDX_62e70a183563dc3d91bc9a471a"`);
    await q.query(`DROP INDEX "public"."IDX_3f1b046eca66873d7c94161306"`);
    await q.query(`DROP INDEX "public"."IDX_c55508d01200a6981047ee4261"`);
    await q.query(`DROP TABLE "webhook_deliveries"`);
    await q.query(`DROP INDEX "public"."IDX_9b46a2ff811fc81e75cf454bd2"`);
    await q.query(`DROP TABLE "integration_connections"`);
  }
}
