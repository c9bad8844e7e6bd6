import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LeadIntake1795307322718 implements MigrationInterface {
  name = 'LeadIntake1795307322718';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "outbound_emails" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "to" text NOT NULL, "subject" text NOT NULL, "text" text NOT NULL, "status" text NOT NULL DEFAULT 'pending', "error" text, "lead_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_d07cd54ab4e5dd921ff509203ae" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_41a3b18f839998b1b3bca12a13" ON "outbound_emails" ("tenant_id", "created_at") `);
    await q.query(`CREATE TABLE "leads" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "type" text NOT NULL DEFAULT 'contact', "status" text NOT NULL DEFAULT 'unread', "priority" text NOT NULL DEFAULT 'medium', "quality_score" smallint, "name" text, "email" text, "phone" text, "company" text, "subject" text, "message" text, "role" text, "source" text NOT NULL, "source_ref" text, "form_id" uuid, "tags" text array NOT NULL DEFAULT '{}', "metadata" jsonb NOT NULL DEFAULT '{}', "assignee_id" uuid, "follow_up_at" TIMESTAMP WITH TIME ZONE, "first_contacted_at" TIMESTAMP WITH TIME ZONE, "last_contacted_at" TIMESTAMP WITH TIME ZONE, "respond_by" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_leads_contact" CHECK (email IS NOT NULL OR phone IS NOT NULL), CONSTRAINT "ck_leads_quality_score" CHECK (quality_score IS NULL OR (quality_score BETWEEN 0 AND 100)), CONSTRAINT "ck_leads_type" CHECK (type IN ('contact', 'cv_request', 'collaboration', 'custom')), CONSTRAINT "ck_leads_priority" CHECK (priority IN ('low', 'medium', 'high', 'urgent')), CONSTRAINT "ck_leads_status" CHECK (status IN ('unread', 'processing', 'contacted', 'qualified', 'converted', 'archived')), CONSTRAINT "PK_cd102ed7a9a4ca7d4d8bfeba406" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_leads_open_phone" ON "leads" ("tenant_id", "phone") WHERE phone IS NOT NULL AND deleted_at IS NULL AND status <> 'archived'`);
    await q.query(`CREATE UNIQUE INDEX "uq_leads_open_email" ON "leads" ("tenant_id", "email") WHERE email IS NOT NULL AND deleted_at IS NULL AND status <> 'archived'`);
    await q.query(`CREATE UNIQUE INDEX "uq_leads_source_ref" ON "leads" ("tenant_id", "source", "source_ref") WHERE source_ref IS NOT NULL`);
    await q.query(`CREATE INDEX "IDX_06faa5bf9f2eb5de43a60a77a6" ON "leads" ("tenant_id", "status", "created_at") `);
    await q.query(`CREATE INDEX "IDX_be53b31e8dac85851e8c4c8064" ON "leads" ("tenant_id", "created_at", "id") `);
    await q.query(`CREATE TABLE "lead_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "lead_id" uuid NOT NULL, "type" text NOT NULL, "actor_type" text NOT NULL DEFAULT 'system', "actor_id" uuid, "data" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_38013d55900c219b7bb52f90122" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_43fd4b7a7b4135206fd89716fe" ON "lead_events" ("tenant_id", "lead_id", "created_at", "id") `);
    await q.query(`CREATE TABLE "idempotency_keys" ("tenant_id" uuid NOT NULL, "scope" text NOT NULL, "key" text NOT NULL, "request_hash" text NOT NULL, "state" text NOT NULL DEFAULT 'in_flight', "response_status" integer, "response_body" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_382a96b8082e488fe033c1c8cc1" PRIMARY KEY ("tenant_id", "scope", "key"))`);
    await q.query(`CREATE INDEX "IDX_e5fc0731b6752a8e9194fa265e" ON "idempotency_keys" ("expires_at") `);
    await q.query(`CREATE TABLE "lead_imports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "status" text NOT NULL DEFAULT 'receiving', "filename" text, "mode" text NOT NULL DEFAULT 'create', "mapping" jsonb NOT NULL DEFAULT '{}', "default_source" text NOT NULL DEFAULT 'import', "default_tags" text array NOT NULL DEFAULT '{}', "total_rows" integer NOT NULL DEFAULT '0', "processed_rows" integer NOT NULL DEFAULT '0', "created_count" integer NOT NULL DEFAULT '0', "merged_count" integer NOT NULL DEFAULT '0', "failed_count" integer NOT NULL DEFAULT '0', "error" text, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_3a02aee77d4f7ce4422b215096e" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_72338919b0f9e0ffb33da66cab" ON "lead_imports" ("tenant_id", "created_at") `);
    await q.query(`CREATE TABLE "lead_import_rows" ("import_id" uuid NOT NULL, "row_number" integer NOT NULL, "tenant_id" uuid NOT NULL, "fields" text array NOT NULL, CONSTRAINT "PK_46acfc289a02db0f826e96fc508" PRIMARY KEY ("import_id", "row_number"))`);
    await q.query(`CREATE INDEX "IDX_0dc8b240f704ac440caad115c9" ON "lead_import_rows" ("tenant_id", "import_id") `);
    await q.query(`CREATE TABLE "lead_import_errors" ("import_id" uuid NOT NULL, "row_number" integer NOT NULL, "tenant_id" uuid NOT NULL, "message" text NOT NULL, CONSTRAINT "PK_982cad70c130ca1a2e63cc733e7" PRIMARY KEY ("import_id", "row_number"))`);
    await q.query(`CREATE INDEX "IDX_177f760a80ce86f2a28101ac9d" ON "lead_import_errors" ("tenant_id", "import_id") `);
    await q.query(`CREATE TABLE "forms" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "type" text NOT NULL, "name" text NOT NULL, "allowed_origins" text array NOT NULL DEFAULT '{}', "redirect_urls" text array NOT NULL DEFAULT '{}', "default_priority" text NOT NULL DEFAULT 'medium', "default_tags" text array NOT NULL DEFAULT '{}', "acknowledgment_email" boolean NOT NULL DEFAULT false, "enabled" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_forms_default_priority" CHECK (default_priority IN ('low', 'medium', 'high', 'urgent')), CONSTRAINT "ck_forms_type" CHECK (type IN ('contact', 'cv_request', 'collaboration', 'custom')), CONSTRAINT "PK_ba062fd30b06814a60756f233da" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_3b74863d9bdddafa6553992942" ON "forms" ("tenant_id", "created_at") `);
    await q.query(`CREATE TABLE "form_spam_hits" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "form_id" uuid NOT NULL, "metadata" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6efe993d353812c917c2117f8f2" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_baf8691188af08bd8a927e0f48" ON "form_spam_hits" ("tenant_id", "form_id", "created_at") `);
    await q.query(`ALTER TABLE "leads" ADD CONSTRAINT "FK_2440046dd05066e882bb68a780c" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "leads" ADD CONSTRAINT "FK_caa266b60d26ec69332ed9f97dd" FOREIGN KEY ("assignee_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "lead_events" ADD CONSTRAINT "FK_5f01589188405d4107fff0362fe" FOREIGN KEY ("lead_id") REFERENCES "leads"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "forms" ADD CONSTRAINT "FK_0cbe96e86f2e7892582e65a0a56" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "form_spam_hits" ADD CONSTRAINT "FK_c3ec77688ffc6f057f21376c8b3" FOREIGN KEY ("form_id") REFERENCES "forms"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    // Row-level security like every tenant table (see the Identity migration).
    for (const table of ['leads', 'lead_events', 'forms', 'form_spam_hits', 'idempotency_keys', 'lead_imports', 'lead_import_rows', 'lead_import_errors', 'outbound_emails']) {
      await q.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY tenant_isolation ON "${table}"
        USING (tenant_id = nullif(current_setting('hotleads.tenant_id', true), '')::uuid
               OR current_setting('hotleads.cross_tenant', true) = 'on')
        WITH CHECK (tenant_id = nullif(current_setting('hotleads.tenant_id', true), '')::uuid
               OR current_setting('hotleads.cross_tenant', true) = 'on')`);
    }
    for (const table of ['leads', 'forms']) {
      await q.query(`CREATE TRIGGER set_updated_at BEFORE UPDATE ON "${table}" FOR EACH ROW EXECUTE FUNCTION set_updated_at()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['leads', 'forms']) await q.query(`DROP TRIGGER IF EXISTS set_updated_at ON "${table}"`);
    await q.query(`ALTER TABLE "form_spam_hits" DROP CONSTRAINT "FK_c3ec77688ffc6f057f21376c8b3"`);
    await q.query(`ALTER TABLE "forms" DROP CONSTRAINT "FK_0cbe96e86f2e7892582e65a0a56"`);
    await q.query(`ALTER TABLE "lead_events" DROP CONSTRAINT "FK_5f01589188405d4107fff0362fe"`);
    await q.query(`ALTER TABLE "leads" DROP CONSTRAINT "FK_caa266b60d26ec69332ed9f97dd"`);
    await q.query(`ALTER TABLE "leads" DROP CONSTRAINT "FK_2440046dd05066e882bb68a780c"`);
    await q.query(`DROP INDEX "public"."IDX_baf8691188af08bd8a927e0f48"`);
    await q.query(`DROP TABLE "form_spam_hits"`);
    await q.query(`DROP INDEX "public"."IDX_3b74863d9bdddafa6553992942"`);
    await q.query(`DROP TABLE "forms"`);
    await q.query(`DROP INDEX "public"."IDX_177f760a80ce86f2a28101ac9d"`);
    await q.query(`DROP TABLE "lead_import_errors"`);
    await q.query(`DROP INDEX "public"."IDX_0dc8b240f704ac440caad115c9"`);
    await q.query(`DROP TABLE "lead_import_rows"`);
    await q.query(`DROP INDEX "public"."IDX_72338919b0f9e0ffb33da66cab"`);
    await q.query(`DROP TABLE "lead_imports"`);
    await q.query(`DROP INDEX "public"."IDX_e5fc0731b6752a8e9194fa265e"`);
    await q.query(`DROP TABLE "idempotency_keys"`);
    await q.query(`DROP INDEX "public"."IDX_43fd4b7a7b4135206fd89716fe"`);
    await q.query(`DROP TABLE "lead_events"`);
    await q.query(`DROP INDEX "public"."IDX_be53b31e8dac85851e8c4c8064"`);
    await q.query(`DROP INDEX "public"."IDX_06faa5bf9f2eb5de43a60a77a6"`);
    await q.query(`DROP INDEX "public"."uq_leads_source_ref"`);
    await q.query(`DROP INDEX "public"."uq_leads_open_email"`);
    await q.query(`DROP INDEX "public"."uq_leads_open_phone"`);
    await q.query(`DROP TABLE "leads"`);
    await q.query(`DROP INDEX "public"."IDX_41a3b18f839998b1b3bca12a13"`);
    await q.query(`DROP TABLE "outbound_emails"`);
  }
}
