import type { MigrationInterface, QueryRunner } from 'typeorm';

// The default "VoIP phone" scoring rule tested the line type `voip`, which Twilio Lookup never answers: it
// says `fixedVoip` or `nonFixedVoip`. New workspaces get the right values; existing workspaces whose rule
// is still the untouched default get them too (a rule someone edited is left as they made it).
const OLD = '{"field":"phoneLineType","op":"in","value":["voip"]}';
const NEW = '{"field":"phoneLineType","op":"in","value":["fixedVoip","nonFixedVoip"]}';

export class VoipScoringRule1796860000000 implements MigrationInterface {
  name = 'VoipScoringRule1796860000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION seed_lead_rules(t uuid) RETURNS void
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
            (t, 'VoIP phone', '{"field":"phoneLineType","op":"in","value":["fixedVoip","nonFixedVoip"]}', -5, 8),
            (t, 'Collaboration request', '{"field":"type","op":"in","value":["collaboration"]}', 10, 9);
        END IF;
        PERFORM set_config('hotleads.tenant_id', coalesce(previous, ''), true);
      END $$`);
    await this.replaceDefault(q, OLD, NEW);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION seed_lead_rules(t uuid) RETURNS void
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
    await this.replaceDefault(q, NEW, OLD);
  }

  // Row-level security is forced on scoring_rules, so each workspace's rows are changed as that workspace.
  private async replaceDefault(q: QueryRunner, from: string, to: string): Promise<void> {
    await q.query(
      `DO $$
       DECLARE t uuid;
       BEGIN
         FOR t IN SELECT id FROM tenants LOOP
           PERFORM set_config('hotleads.tenant_id', t::text, true);
           UPDATE scoring_rules SET condition = '${to}'::jsonb WHERE tenant_id = t AND name = 'VoIP phone' AND condition = '${from}'::jsonb;
         END LOOP;
         PERFORM set_config('hotleads.tenant_id', '', true);
       END $$`,
    );
  }
}
