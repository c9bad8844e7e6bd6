import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Identity1795305327862 implements MigrationInterface {
  name = 'Identity1795305327862';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "tenants" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "settings" jsonb NOT NULL DEFAULT '{}'::jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_53be67a04681c66b87ee27c9321" PRIMARY KEY ("id"))`);
    await q.query(`CREATE TABLE "roles" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "name" text NOT NULL, "key" text, "description" text NOT NULL DEFAULT '', "permissions" text array NOT NULL DEFAULT '{}'::text[], "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c1433d71a4838793a49dcad46ab" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "IDX_c555146b304b5f51a7de6e18de" ON "roles" ("tenant_id", "name") `);
    await q.query(`CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "email" text NOT NULL, "name" text NOT NULL DEFAULT '', "password_hash" text, "role_id" uuid NOT NULL, "status" text NOT NULL DEFAULT 'active', "mfa_enabled" boolean NOT NULL DEFAULT false, "mfa_secret_enc" text, "mfa_pending_secret_enc" text, "mfa_last_step" bigint, "failed_login_count" integer NOT NULL DEFAULT '0', "locked_until" TIMESTAMP WITH TIME ZONE, "failure_window_start" TIMESTAMP WITH TIME ZONE, "failure_window_count" integer NOT NULL DEFAULT '0', "last_login_at" TIMESTAMP WITH TIME ZONE, "password_changed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "IDX_97672ac88f789774dd47f7c8be" ON "users" ("email") `);
    await q.query(`CREATE INDEX "IDX_27025bcfbedd86c058614b81f7" ON "users" ("tenant_id", "created_at") `);
    await q.query(`CREATE TABLE "user_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "user_id" uuid NOT NULL, "purpose" text NOT NULL, "token_hash" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_63764db9d9aaa4af33e07b2f4bf" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_9e144a67be49e5bba91195ef5d" ON "user_tokens" ("user_id") `);
    await q.query(`CREATE UNIQUE INDEX "IDX_ebdd918653813b59cdd5d379b5" ON "user_tokens" ("token_hash") `);
    await q.query(`CREATE TABLE "sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "user_id" uuid NOT NULL, "ip" text, "user_agent" text, "mfa" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_used_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "idle_expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "absolute_expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_reason" text, CONSTRAINT "PK_3238ef96f18b355b671619111bc" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_32a6ac85a3a94e9d0ff397ab91" ON "sessions" ("tenant_id", "user_id") `);
    await q.query(`CREATE TABLE "refresh_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "session_id" uuid NOT NULL, "token_hash" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "rotated_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_7d8bee0204106019488c4c50ffa" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_3bf308fa93da3966f9e76fcfba" ON "refresh_tokens" ("session_id") `);
    await q.query(`CREATE UNIQUE INDEX "IDX_a7838d2ba25be1342091b6695f" ON "refresh_tokens" ("token_hash") `);
    await q.query(`CREATE TABLE "recovery_codes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "user_id" uuid NOT NULL, "code_hash" text NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0723b9e53961e799027d7f7ba32" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_fb82b2ac740ca095b617afad03" ON "recovery_codes" ("user_id") `);
    await q.query(`CREATE TABLE "audit_logs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid, "actor_type" text NOT NULL, "actor_id" uuid, "actor_label" text, "action" text NOT NULL, "resource_type" text, "resource_id" text, "outcome" text NOT NULL, "ip" text, "user_agent" text, "request_id" text, "changes" jsonb, "metadata" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1bb179d048bbc581caa3b013439" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_5c466304c872902ba1c88ce8af" ON "audit_logs" ("tenant_id", "action", "created_at") `);
    await q.query(`CREATE INDEX "IDX_936a66551869260b983f9c3182" ON "audit_logs" ("tenant_id", "created_at", "id") `);
    await q.query(`CREATE TABLE "api_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "name" text NOT NULL, "prefix" text NOT NULL, "key_hash" text NOT NULL, "scopes" text array NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE, "last_used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5c8a79801b44bd27b79228e1dad" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "IDX_6f6105c8efe05b310d046cbdb3" ON "api_keys" ("prefix") `);
    await q.query(`CREATE INDEX "IDX_ad466567933bb883b4c3aec6a2" ON "api_keys" ("tenant_id", "created_at") `);
    await q.query(`ALTER TABLE "roles" ADD CONSTRAINT "FK_e59a01f4fe46ebbece575d9a0fc" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "users" ADD CONSTRAINT "FK_109638590074998bb72a2f2cf08" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "users" ADD CONSTRAINT "FK_a2cecd1a3531c0b041e29ba46e1" FOREIGN KEY ("role_id") REFERENCES "roles"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "user_tokens" ADD CONSTRAINT "FK_9e144a67be49e5bba91195ef5de" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "sessions" ADD CONSTRAINT "FK_085d540d9f418cfbdc7bd55bb19" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "refresh_tokens" ADD CONSTRAINT "FK_3bf308fa93da3966f9e76fcfba4" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "recovery_codes" ADD CONSTRAINT "FK_fb82b2ac740ca095b617afad031" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "api_keys" ADD CONSTRAINT "FK_3ac18429c8d27858d79432e0dda" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    // The API connects as hotleads_app: neither superuser nor table owner, so row-level security binds it.
    // Its password is set at start-up (see database/app-role.ts); here it only needs to exist.
    await q.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'hotleads_app') THEN
        CREATE ROLE hotleads_app NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
      END IF;
    END $$`);
    await q.query(`GRANT USAGE ON SCHEMA public TO hotleads_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO hotleads_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO hotleads_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO hotleads_app`);
    await q.query(`REVOKE ALL ON TABLE migrations FROM hotleads_app`);

    // Tenant isolation: every row is visible only when hotleads.tenant_id (set per transaction) matches.
    // hotleads.cross_tenant is set only by the credential look-ups (sign-in, refresh, API keys, tokens).
    const tenantTables = ['roles', 'users', 'user_tokens', 'sessions', 'refresh_tokens', 'recovery_codes', 'api_keys', 'audit_logs'];
    for (const table of [...tenantTables, 'tenants']) {
      const column = table === 'tenants' ? 'id' : 'tenant_id';
      await q.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY tenant_isolation ON "${table}"
        USING (${column} = nullif(current_setting('hotleads.tenant_id', true), '')::uuid
               OR current_setting('hotleads.cross_tenant', true) = 'on')
        WITH CHECK (${column} = nullif(current_setting('hotleads.tenant_id', true), '')::uuid
               OR current_setting('hotleads.cross_tenant', true) = 'on')`);
    }

    for (const table of ['tenants', 'roles', 'users']) {
      await q.query(`CREATE TRIGGER set_updated_at BEFORE UPDATE ON "${table}" FOR EACH ROW EXECUTE FUNCTION set_updated_at()`);
    }

    // The audit log is append-only: no updates, and deletes only through purge_audit_logs(), which runs
    // as the owner. The app role may only read and insert.
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON TABLE audit_logs FROM hotleads_app`);
    await q.query(`CREATE FUNCTION audit_logs_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND current_setting('hotleads.audit_purge', true) = 'on' THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit_logs is append-only' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER audit_logs_append_only BEFORE UPDATE OR DELETE ON audit_logs
      FOR EACH ROW EXECUTE FUNCTION audit_logs_append_only()`);
    await q.query(`CREATE TRIGGER audit_logs_no_truncate BEFORE TRUNCATE ON audit_logs
      FOR EACH STATEMENT EXECUTE FUNCTION audit_logs_append_only()`);
    await q.query(`CREATE FUNCTION purge_audit_logs(cutoff timestamptz) RETURNS bigint
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      DECLARE purged bigint;
      BEGIN
        PERFORM set_config('hotleads.audit_purge', 'on', true);
        PERFORM set_config('hotleads.cross_tenant', 'on', true);
        DELETE FROM audit_logs WHERE created_at < cutoff;
        GET DIAGNOSTICS purged = ROW_COUNT;
        PERFORM set_config('hotleads.audit_purge', 'off', true);
        RETURN purged;
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION purge_audit_logs(timestamptz) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION purge_audit_logs(timestamptz) TO hotleads_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS purge_audit_logs(timestamptz)`);
    await q.query(`DROP TRIGGER IF EXISTS audit_logs_no_truncate ON audit_logs`);
    await q.query(`DROP TRIGGER IF EXISTS audit_logs_append_only ON audit_logs`);
    await q.query(`DROP FUNCTION IF EXISTS audit_logs_append_only()`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM hotleads_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM hotleads_app`);
    await q.query(`ALTER TABLE "api_keys" DROP CONSTRAINT "FK_3ac18429c8d27858d79432e0dda"`);
    await q.query(`ALTER TABLE "recovery_codes" DROP CONSTRAINT "FK_fb82b2ac740ca095b617afad031"`);
    await q.query(`ALTER TABLE "refresh_tokens" DROP CONSTRAINT "FK_3bf308fa93da3966f9e76fcfba4"`);
    await q.query(`ALTER TABLE "sessions" DROP CONSTRAINT "FK_085d540d9f418cfbdc7bd55bb19"`);
    await q.query(`ALTER TABLE "user_tokens" DROP CONSTRAINT "FK_9e144a67be49e5bba91195ef5de"`);
    await q.query(`ALTER TABLE "users" DROP CONSTRAINT "FK_a2cecd1a3531c0b041e29ba46e1"`);
    await q.query(`ALTER TABLE "users" DROP CONSTRAINT "FK_109638590074998bb72a2f2cf08"`);
    await q.query(`ALTER TABLE "roles" DROP CONSTRAINT "FK_e59a01f4fe46ebbece575d9a0fc"`);
    await q.query(`DROP INDEX "public"."IDX_ad466567933bb883b4c3aec6a2"`);
    await q.query(`DROP INDEX "public"."IDX_6f6105c8efe05b310d046cbdb3"`);
    await q.query(`DROP TABLE "api_keys"`);
    await q.query(`DROP INDEX "public"."IDX_936a66551869260b983f9c3182"`);
    await q.query(`DROP INDEX "public"."IDX_5c466304c872902ba1c88ce8af"`);
    await q.query(`DROP TABLE "audit_logs"`);
    await q.query(`DROP INDEX "public"."IDX_fb82b2ac740ca095b617afad03"`);
    await q.query(`DROP TABLE "recovery_codes"`);
    await q.query(`DROP INDEX "public"."IDX_a7838d2ba25be1342091b6695f"`);
    await q.query(`DROP INDEX "public"."IDX_3bf308fa93da3966f9e76fcfba"`);
    await q.query(`DROP TABLE "refresh_tokens"`);
    await q.query(`DROP INDEX "public"."IDX_32a6ac85a3a94e9d0ff397ab91"`);
    await q.query(`DROP TABLE "sessions"`);
    await q.query(`DROP INDEX "public"."IDX_ebdd918653813b59cdd5d379b5"`);
    await q.query(`DROP INDEX "public"."IDX_9e144a67be49e5bba91195ef5d"`);
    await q.query(`DROP TABLE "user_tokens"`);
    await q.query(`DROP INDEX "public"."IDX_27025bcfbedd86c058614b81f7"`);
    await q.query(`DROP INDEX "public"."IDX_97672ac88f789774dd47f7c8be"`);
    await q.query(`DROP TABLE "users"`);
    await q.query(`DROP INDEX "public"."IDX_c555146b304b5f51a7de6e18de"`);
    await q.query(`DROP TABLE "roles"`);
    await q.query(`DROP TABLE "tenants"`);
  }
}
