import type { MigrationInterface, QueryRunner } from 'typeorm';

// Single sign-on (decision 0026): one OpenID Connect connection per workspace, and the trips to the
// provider (state, nonce, PKCE verifier), each spent once.
export class SingleSignOn1796835000000 implements MigrationInterface {
  name = 'SingleSignOn1796835000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "sso_connections" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "provider_type" text NOT NULL DEFAULT 'oidc', "display_name" text NOT NULL, "issuer_url" text NOT NULL, "client_id" text NOT NULL, "client_secret" text, "client_secret_key_id" text, "allowed_domains" text array NOT NULL DEFAULT '{}', "jit_role_id" uuid, "enabled" boolean NOT NULL DEFAULT true, "require_sso" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_a30aeb24e46e72a0d58f6c22828" UNIQUE ("tenant_id"), CONSTRAINT "PK_e805b051afd9f0dc0349b064cf4" PRIMARY KEY ("id"))`);
    await q.query(`CREATE TABLE "sso_attempts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "state_hash" text NOT NULL, "nonce" text NOT NULL, "code_verifier" text NOT NULL, "purpose" text NOT NULL, "requested_by" uuid, "result" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_a7fd4ee59754764e961ebc15393" UNIQUE ("state_hash"), CONSTRAINT "PK_6a0ff4aba838300d5c082dc6e4e" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_04b81bdc8274ae6735220d9d25" ON "sso_attempts" ("tenant_id", "created_at") `);
    await q.query(`ALTER TABLE "sso_connections" ADD CONSTRAINT "FK_a30aeb24e46e72a0d58f6c22828" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "sso_connections" ADD CONSTRAINT "FK_761995bd9346b8766b94f55951e" FOREIGN KEY ("jit_role_id") REFERENCES "roles"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "sso_attempts" ADD CONSTRAINT "FK_4ac51f28d2205e6a2a0c904b543" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);

    // Row-level security like every tenant table (0006). The callback finds an attempt by its state before
    // it knows the workspace, so attempts also admit the cross-tenant look-up; connections do not.
    const tenant = `(SELECT nullif(current_setting('hotleads.tenant_id', true), '')::uuid)`;
    const cross = `(SELECT current_setting('hotleads.cross_tenant', true)) = 'on'`;
    for (const [table, rule] of [
      ['sso_connections', `tenant_id = ${tenant}`],
      ['sso_attempts', `tenant_id = ${tenant} OR ${cross}`],
    ]) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY tenant_isolation ON ${table} USING (${rule}) WITH CHECK (${rule})`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "sso_attempts" DROP CONSTRAINT "FK_4ac51f28d2205e6a2a0c904b543"`);
    await q.query(`ALTER TABLE "sso_connections" DROP CONSTRAINT "FK_761995bd9346b8766b94f55951e"`);
    await q.query(`ALTER TABLE "sso_connections" DROP CONSTRAINT "FK_a30aeb24e46e72a0d58f6c22828"`);
    await q.query(`DROP INDEX "public"."IDX_04b81bdc8274ae6735220d9d25"`);
    await q.query(`DROP TABLE "sso_attempts"`);
    await q.query(`DROP TABLE "sso_connections"`);
  }
}
