import type { MigrationInterface, QueryRunner } from 'typeorm';

// Connecting Zoho CRM through Zoho's sign-in (decision 0033): each trip (state and browser binding as
// hashes, the PKCE verifier, the client secret sealed), spent once.
export class ZohoAuthorizations1796890000000 implements MigrationInterface {
  name = 'ZohoAuthorizations1796890000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "zoho_authorizations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "user_id" uuid NOT NULL, "state_hash" text NOT NULL, "browser_hash" text NOT NULL, "code_verifier" text NOT NULL, "connection_id" uuid, "name" text NOT NULL, "data_centre" text NOT NULL, "client_id" text NOT NULL, "client_secret" text NOT NULL, "client_secret_key_id" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_dda16071abc2a8e37fb3216e800" UNIQUE ("state_hash"), CONSTRAINT "PK_38d22d9195364f08cbef9622cfa" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_dae0f669688cc75186ef426597" ON "zoho_authorizations" ("tenant_id", "created_at") `);
    await q.query(`ALTER TABLE "zoho_authorizations" ADD CONSTRAINT "FK_1adca2248161f1051292e4143bd" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);

    // Row-level security like every tenant table (0006); the callback finds a trip by its state before it
    // knows the workspace, so the cross-tenant look-up is admitted too (as for sso_attempts).
    const rule = `tenant_id = (SELECT nullif(current_setting('hotleads.tenant_id', true), '')::uuid) OR (SELECT current_setting('hotleads.cross_tenant', true)) = 'on'`;
    await q.query(`ALTER TABLE zoho_authorizations ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE zoho_authorizations FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY tenant_isolation ON zoho_authorizations USING (${rule}) WITH CHECK (${rule})`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "zoho_authorizations" DROP CONSTRAINT "FK_1adca2248161f1051292e4143bd"`);
    await q.query(`DROP INDEX "public"."IDX_dae0f669688cc75186ef426597"`);
    await q.query(`DROP TABLE "zoho_authorizations"`);
  }
}
