import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LeadSearchTable1795318248244 implements MigrationInterface {
  name = 'LeadSearchTable1795318248244';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "lead_search" ("lead_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "document" text NOT NULL, CONSTRAINT "PK_0688fc80141e3100a85761c4286" PRIMARY KEY ("lead_id"))`);
    await q.query(`ALTER TABLE "lead_search" ADD CONSTRAINT "FK_0688fc80141e3100a85761c4286" FOREIGN KEY ("lead_id") REFERENCES "leads"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);

    // Filled and kept by triggers on leads, which run as the owner: the app role has no access to this
    // table at all and searches through lead_ids_matching() only. Row-level security is on (not forced,
    // as for leads, so the owner-run search can use the trigram index; decision 0009).
    await q.query(`CREATE INDEX ix_lead_search_trgm ON lead_search USING gin (document gin_trgm_ops)`);
    await q.query(`ALTER TABLE lead_search ENABLE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY tenant_isolation ON lead_search
      USING (tenant_id = (SELECT nullif(current_setting('hotleads.tenant_id', true), '')::uuid) OR (SELECT current_setting('hotleads.cross_tenant', true)) = 'on')
      WITH CHECK (tenant_id = (SELECT nullif(current_setting('hotleads.tenant_id', true), '')::uuid) OR (SELECT current_setting('hotleads.cross_tenant', true)) = 'on')`);
    await q.query(`REVOKE ALL ON lead_search FROM hotleads_app`);
    await q.query(`INSERT INTO lead_search (lead_id, tenant_id, document)
                   SELECT id, tenant_id, lead_search_text(name, email, phone, company, subject) FROM leads`);
    await q.query(`DROP INDEX ix_leads_search_trgm`);
    await q.query(`CREATE FUNCTION lead_search_after_insert() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        INSERT INTO lead_search (lead_id, tenant_id, document)
        SELECT n.id, n.tenant_id, lead_search_text(n.name, n.email, n.phone, n.company, n.subject) FROM new_leads n;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER lead_search_after_insert AFTER INSERT ON leads
      REFERENCING NEW TABLE AS new_leads FOR EACH STATEMENT EXECUTE FUNCTION lead_search_after_insert()`);
    // Only rows whose searchable text changed are written; a status or tag change touches nothing here.
    await q.query(`CREATE FUNCTION lead_search_after_update() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        UPDATE lead_search s SET document = c.document
          FROM (SELECT n.id, lead_search_text(n.name, n.email, n.phone, n.company, n.subject) AS document
                  FROM new_leads n JOIN old_leads o ON o.id = n.id
                 WHERE (n.name, n.email, n.phone, n.company, n.subject) IS DISTINCT FROM (o.name, o.email, o.phone, o.company, o.subject)) c
         WHERE s.lead_id = c.id;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER lead_search_after_update AFTER UPDATE ON leads
      REFERENCING OLD TABLE AS old_leads NEW TABLE AS new_leads FOR EACH STATEMENT EXECUTE FUNCTION lead_search_after_update()`);
    await q.query(`CREATE OR REPLACE FUNCTION lead_ids_matching(pattern text) RETURNS SETOF uuid
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
      AS $$ SELECT lead_id FROM lead_search
             WHERE tenant_id = nullif(current_setting('hotleads.tenant_id', true), '')::uuid AND document LIKE pattern $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION lead_ids_matching(pattern text) RETURNS SETOF uuid
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
      AS $$ SELECT id FROM leads
             WHERE tenant_id = nullif(current_setting('hotleads.tenant_id', true), '')::uuid
               AND lead_search_text(name, email, phone, company, subject) LIKE pattern $$`);
    await q.query(`DROP TRIGGER lead_search_after_update ON leads`);
    await q.query(`DROP TRIGGER lead_search_after_insert ON leads`);
    await q.query(`DROP FUNCTION lead_search_after_update()`);
    await q.query(`DROP FUNCTION lead_search_after_insert()`);
    await q.query(`CREATE INDEX ix_leads_search_trgm ON leads USING gin (lead_search_text(name, email, phone, company, subject) gin_trgm_ops)`);
    await q.query(`ALTER TABLE "lead_search" DROP CONSTRAINT "FK_0688fc80141e3100a85761c4286"`);
    await q.query(`DROP TABLE "lead_search"`);
  }
}
