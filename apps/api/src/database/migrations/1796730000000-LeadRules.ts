import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LeadRules1796730000000 implements MigrationInterface {
  name = 'LeadRules1796730000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "scoring_rules" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "name" text NOT NULL, "condition" jsonb NOT NULL, "points" integer NOT NULL, "enabled" boolean NOT NULL DEFAULT true, "position" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_scoring_rules_points" CHECK (points BETWEEN -100 AND 100), CONSTRAINT "PK_a49b4032cca98a6f2ef2037754b" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_07dc19305a8e9e4443c681b51f" ON "scoring_rules" ("tenant_id", "position") `);
    await q.query(`CREATE TABLE "lead_rule_settings" ("tenant_id" uuid NOT NULL, "decay_per_day" integer NOT NULL DEFAULT '0', "time_zone" text NOT NULL DEFAULT 'UTC', "rules_version" integer NOT NULL DEFAULT '1', "rescore_status" text NOT NULL DEFAULT 'idle', "rescore_total" integer NOT NULL DEFAULT '0', "rescore_done" integer NOT NULL DEFAULT '0', "rescore_started_at" TIMESTAMP WITH TIME ZONE, "rescore_finished_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_lead_rule_settings_rescore" CHECK (rescore_status IN ('idle', 'queued', 'running', 'done', 'failed')), CONSTRAINT "ck_lead_rule_settings_decay" CHECK (decay_per_day BETWEEN 0 AND 100), CONSTRAINT "PK_d3d7ca09eda921da26fc7753415" PRIMARY KEY ("tenant_id"))`);
    await q.query(`CREATE TABLE "assignment_rules" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "name" text NOT NULL, "condition" jsonb, "action" text NOT NULL, "user_id" uuid, "group_user_ids" uuid array NOT NULL DEFAULT '{}', "last_user_id" uuid, "enabled" boolean NOT NULL DEFAULT true, "position" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_assignment_rules_target" CHECK ((action = 'user' AND user_id IS NOT NULL) OR (action = 'round_robin' AND cardinality(group_user_ids) > 0)), CONSTRAINT "ck_assignment_rules_action" CHECK (action IN ('user', 'round_robin')), CONSTRAINT "PK_b2a701c65267def8d951bd91c2d" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_ee8a7ba5d440df37b47a577fec" ON "assignment_rules" ("tenant_id", "position") `);
    await q.query(`ALTER TABLE "users" ADD "away" boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE "users" ADD "lead_capacity" integer`);
    await q.query(`ALTER TABLE "scoring_rules" ADD CONSTRAINT "FK_fb74957ccce9b02cd35ead0f6c6" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "lead_rule_settings" ADD CONSTRAINT "FK_d3d7ca09eda921da26fc7753415" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "assignment_rules" ADD CONSTRAINT "FK_a213bb8f7038ab0f681452da70e" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "assignment_rules" ADD CONSTRAINT "FK_1bffd7426f44e3023d2568ef27f" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);

    // Sort by score (lead-list-query.ts '-score'): the same shape as the quality sort.
    await q.query(`CREATE INDEX ix_leads_score_sort ON leads (tenant_id, (coalesce(score, -1)), created_at, id)`);

    // Row-level security like every tenant table (0006).
    const tenant = `(SELECT nullif(current_setting('hotleads.tenant_id', true), '')::uuid)`;
    for (const table of ['scoring_rules', 'lead_rule_settings', 'assignment_rules']) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY tenant_isolation ON ${table} USING (tenant_id = ${tenant}) WITH CHECK (tenant_id = ${tenant})`);
      await q.query(`CREATE TRIGGER set_updated_at BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION set_updated_at()`);
    }

    // A score-only write (rescoring) is not an edit: it keeps the lead's version and updated_at, so an
    // editor's If-Match and the "recently updated" sort are unaffected. The writer marks such a statement
    // with hotleads.score_only (RulesRepository, around that statement only).
    const notScoreOnly = `current_setting('hotleads.score_only', true) IS DISTINCT FROM 'on'`;
    await q.query(`DROP TRIGGER set_updated_at ON leads`);
    await q.query(`CREATE TRIGGER set_updated_at BEFORE UPDATE ON leads FOR EACH ROW WHEN (${notScoreOnly}) EXECUTE FUNCTION set_updated_at()`);
    await q.query(`DROP TRIGGER leads_before_update ON leads`);
    await q.query(`CREATE TRIGGER leads_before_update BEFORE UPDATE ON leads FOR EACH ROW WHEN (${notScoreOnly}) EXECUTE FUNCTION leads_before_update()`);

    // The default rule set: every new workspace gets it (trigger), and so does every existing one. Kept
    // here, in one place, as SQL: the trigger runs whichever path creates the workspace.
    await q.query(`CREATE FUNCTION seed_lead_rules(t uuid) RETURNS void
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE previous text := current_setting('hotleads.tenant_id', true);
      BEGIN
        PERFORM set_config('hotleads.tenant_id', t::text, true);
        INSERT INTO lead_rule_settings (tenant_id, decay_per_day) VALUES (t, 1) ON CONFLICT DO NOTHING;
        IF NOT EXISTS (SELECT 1 FROM scoring_rules WHERE tenant_id = t) THEN
          INSERT INTO scoring_rules (tenant_id, name, condition, points, position) VALUES
            (t, 'Names a company', '{"field":"hasCompany","op":"is","value":true}', 15, 1),
            (t, 'Detailed message', '{"field":"messageLength","op":"gte","value":200}', 10, 2),
            (t, 'High or urgent priority', '{"field":"priority","op":"in","value":["high","urgent"]}', 15, 3),
            (t, 'Came through a form', '{"field":"source","op":"in","value":["form"]}', 10, 4),
            (t, 'Deliverable email', '{"field":"emailVerdict","op":"in","value":["deliverable"]}', 20, 5),
            (t, 'Email will bounce', '{"field":"emailVerdict","op":"in","value":["undeliverable"]}', -30, 6),
            (t, 'Mobile phone', '{"field":"phoneLineType","op":"in","value":["mobile"]}', 15, 7),
            (t, 'VoIP phone', '{"field":"phoneLineType","op":"in","value":["voip"]}', -5, 8),
            (t, 'Collaboration request', '{"field":"type","op":"in","value":["collaboration"]}', 10, 9);
        END IF;
        PERFORM set_config('hotleads.tenant_id', coalesce(previous, ''), true);
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION seed_lead_rules(uuid) FROM PUBLIC`);
    await q.query(`CREATE FUNCTION tenants_seed_lead_rules() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        PERFORM seed_lead_rules(NEW.id);
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER tenants_seed_lead_rules AFTER INSERT ON tenants FOR EACH ROW EXECUTE FUNCTION tenants_seed_lead_rules()`);
    await q.query(`SELECT seed_lead_rules(id) FROM tenants`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER tenants_seed_lead_rules ON tenants`);
    await q.query(`DROP FUNCTION tenants_seed_lead_rules()`);
    await q.query(`DROP FUNCTION seed_lead_rules(uuid)`);
    await q.query(`DROP TRIGGER set_updated_at ON leads`);
    await q.query(`CREATE TRIGGER set_updated_at BEFORE UPDATE ON leads FOR EACH ROW EXECUTE FUNCTION set_updated_at()`);
    await q.query(`DROP TRIGGER leads_before_update ON leads`);
    await q.query(`CREATE TRIGGER leads_before_update BEFORE UPDATE ON leads FOR EACH ROW EXECUTE FUNCTION leads_before_update()`);
    await q.query(`DROP INDEX ix_leads_score_sort`);
    await q.query(`ALTER TABLE "assignment_rules" DROP CONSTRAINT "FK_1bffd7426f44e3023d2568ef27f"`);
    await q.query(`ALTER TABLE "assignment_rules" DROP CONSTRAINT "FK_a213bb8f7038ab0f681452da70e"`);
    await q.query(`ALTER TABLE "lead_rule_settings" DROP CONSTRAINT "FK_d3d7ca09eda921da26fc7753415"`);
    await q.query(`ALTER TABLE "scoring_rules" DROP CONSTRAINT "FK_fb74957ccce9b02cd35ead0f6c6"`);
    await q.query(`ALTER TABLE "users" DROP COLUMN "lead_capacity"`);
    await q.query(`ALTER TABLE "users" DROP COLUMN "away"`);
    await q.query(`DROP INDEX "public"."IDX_ee8a7ba5d440df37b47a577fec"`);
    await q.query(`DROP TABLE "assignment_rules"`);
    await q.query(`DROP TABLE "lead_rule_settings"`);
    await q.query(`DROP INDEX "public"."IDX_07dc19305a8e9e4443c681b51f"`);
    await q.query(`DROP TABLE "scoring_rules"`);
  }
}
