import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TriageIndexes1795313872074 implements MigrationInterface {
  name = 'TriageIndexes1795313872074';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "leads" ADD "notes" text`);
    await q.query(`DROP INDEX "public"."IDX_06faa5bf9f2eb5de43a60a77a6"`);
    await q.query(`CREATE INDEX "IDX_1107f7bfe894bee6f9691805c2" ON "leads" ("tenant_id", "assignee_id", "created_at", "id") `);
    await q.query(`CREATE INDEX "IDX_bcb5a663a3be28bc5a4fc460e6" ON "leads" ("tenant_id", "source", "created_at", "id") `);
    await q.query(`CREATE INDEX "IDX_09aba1dc4da40f4fa53160a403" ON "leads" ("tenant_id", "updated_at", "id") `);
    await q.query(`CREATE INDEX "IDX_60b34f2eb1e2d8670c5bc49eb0" ON "leads" ("tenant_id", "status", "created_at", "id") `);

    // Search over name, email, phone, company and subject through one trigram index (pg_trgm is a trusted
    // extension, so the database owner may create it). The expression must match lead-list-query.ts.
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`CREATE FUNCTION lead_search_text(name text, email text, phone text, company text, subject text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN lower(concat_ws(' ', name, email, phone, company, subject))`);
    await q.query(`CREATE INDEX ix_leads_search_trgm ON leads USING gin (lead_search_text(name, email, phone, company, subject) gin_trgm_ops)`);
    await q.query(`CREATE INDEX ix_leads_tags ON leads USING gin (tags)`);
    // The trash purge finds expired leads without reading the live ones.
    await q.query(`CREATE INDEX ix_leads_trash ON leads (tenant_id, deleted_at) WHERE deleted_at IS NOT NULL`);
    // Under row-level security PostgreSQL only uses an index for a condition whose operator is leakproof;
    // LIKE and array containment are not, so the trigram and tag indexes would never serve the app role.
    // These two functions run the indexed condition as the table owner, scoped to the same transaction-local
    // tenant the policy reads, and answer lead ids; the list joins them. For that the owner must not be
    // subject to the policy itself, so leads has row-level security enabled but not forced (the app role
    // is bound by it as before). See docs/decisions/0009-triage-queries.md.
    await q.query(`ALTER TABLE leads NO FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE FUNCTION lead_ids_matching(pattern text) RETURNS SETOF uuid
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
      AS $$ SELECT id FROM leads
             WHERE tenant_id = nullif(current_setting('hotleads.tenant_id', true), '')::uuid
               AND lead_search_text(name, email, phone, company, subject) LIKE pattern $$`);
    await q.query(`CREATE FUNCTION lead_ids_tagged(wanted text[]) RETURNS SETOF uuid
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
      AS $$ SELECT id FROM leads
             WHERE tenant_id = nullif(current_setting('hotleads.tenant_id', true), '')::uuid AND tags @> wanted $$`);
    await q.query(`REVOKE ALL ON FUNCTION lead_ids_matching(text), lead_ids_tagged(text[]) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION lead_ids_matching(text), lead_ids_tagged(text[]) TO hotleads_app`);
    // Priority sorts by urgency, not alphabetically; quality and respond-by sort with their NULLs last.
    await q.query(`CREATE FUNCTION lead_priority_rank(priority text) RETURNS smallint
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN CASE priority WHEN 'urgent' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END`);
    await q.query(`CREATE INDEX ix_leads_priority_sort ON leads (tenant_id, lead_priority_rank(priority), created_at, id)`);
    await q.query(`CREATE INDEX ix_leads_quality_sort ON leads (tenant_id, (coalesce(quality_score, -1)), created_at, id)`);
    await q.query(`CREATE INDEX ix_leads_respond_by_sort ON leads (tenant_id, (coalesce(respond_by, 'infinity'::timestamptz)), id)`);

    // Speed-to-lead: respond_by comes from the workspace's response target for the lead's priority, set
    // at insert by every path (API, forms, imports) and recomputed on a priority change until the first
    // contact. A move to contacted is a first contact. Every change bumps the version (the ETag).
    await q.query(`CREATE FUNCTION lead_sla_minutes(tenant uuid, priority text) RETURNS integer
      LANGUAGE sql STABLE
      RETURN coalesce(
        (SELECT (t.settings -> 'slaMinutes' ->> priority)::integer FROM tenants t WHERE t.id = tenant),
        CASE priority WHEN 'urgent' THEN 15 WHEN 'high' THEN 60 WHEN 'medium' THEN 240 ELSE 1440 END)`);
    await q.query(`CREATE FUNCTION leads_before_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.respond_by IS NULL AND NEW.first_contacted_at IS NULL THEN
          NEW.respond_by := NEW.created_at + make_interval(mins => lead_sla_minutes(NEW.tenant_id, NEW.priority));
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER leads_before_insert BEFORE INSERT ON leads FOR EACH ROW EXECUTE FUNCTION leads_before_insert()`);
    await q.query(`CREATE FUNCTION leads_before_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.status = 'contacted' AND OLD.status <> 'contacted' AND NEW.first_contacted_at IS NULL THEN
          NEW.first_contacted_at := now();
          NEW.last_contacted_at := greatest(coalesce(NEW.last_contacted_at, now()), now());
        END IF;
        IF NEW.priority <> OLD.priority AND NEW.first_contacted_at IS NULL THEN
          NEW.respond_by := NEW.created_at + make_interval(mins => lead_sla_minutes(NEW.tenant_id, NEW.priority));
        END IF;
        IF NEW.version = OLD.version THEN
          NEW.version := OLD.version + 1;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER leads_before_update BEFORE UPDATE ON leads FOR EACH ROW EXECUTE FUNCTION leads_before_update()`);
    // Leads stored before this migration get their respond-by time too.
    await q.query(`UPDATE leads SET respond_by = created_at + make_interval(mins => lead_sla_minutes(tenant_id, priority))
                    WHERE respond_by IS NULL AND first_contacted_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER leads_before_update ON leads`);
    await q.query(`DROP TRIGGER leads_before_insert ON leads`);
    await q.query(`DROP FUNCTION leads_before_update()`);
    await q.query(`DROP FUNCTION leads_before_insert()`);
    await q.query(`DROP FUNCTION lead_sla_minutes(uuid, text)`);
    await q.query(`DROP FUNCTION lead_ids_tagged(text[])`);
    await q.query(`DROP FUNCTION lead_ids_matching(text)`);
    await q.query(`ALTER TABLE leads FORCE ROW LEVEL SECURITY`);
    for (const index of ['ix_leads_trash', 'ix_leads_respond_by_sort', 'ix_leads_quality_sort', 'ix_leads_priority_sort', 'ix_leads_tags', 'ix_leads_search_trgm']) {
      await q.query(`DROP INDEX ${index}`);
    }
    await q.query(`DROP FUNCTION lead_priority_rank(text)`);
    await q.query(`DROP FUNCTION lead_search_text(text, text, text, text, text)`);
    await q.query(`DROP INDEX "public"."IDX_60b34f2eb1e2d8670c5bc49eb0"`);
    await q.query(`DROP INDEX "public"."IDX_09aba1dc4da40f4fa53160a403"`);
    await q.query(`DROP INDEX "public"."IDX_bcb5a663a3be28bc5a4fc460e6"`);
    await q.query(`DROP INDEX "public"."IDX_1107f7bfe894bee6f9691805c2"`);
    await q.query(`CREATE INDEX "IDX_06faa5bf9f2eb5de43a60a77a6" ON "leads" ("created_at", "status", "tenant_id") `);
    await q.query(`ALTER TABLE "leads" DROP COLUMN "notes"`);
  }
}
