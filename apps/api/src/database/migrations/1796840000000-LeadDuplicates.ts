import type { MigrationInterface, QueryRunner } from 'typeorm';

// The duplicate finder (GET /leads/duplicates) looks each lead's possible twins up by index, newest lead
// first: closed (archived or converted) leads by email and by phone, leads by name and company, and Gmail
// addresses by their canonical form (Gmail ignores dots and everything after a `+` in the local part, and
// googlemail.com is the same mailbox). Other providers keep dots significant, so only Gmail is folded.
export class LeadDuplicates1796840000000 implements MigrationInterface {
  name = 'LeadDuplicates1796840000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION lead_gmail_key(email text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
        SELECT CASE WHEN split_part(email, '@', 2) IN ('gmail.com', 'googlemail.com')
          THEN replace(split_part(split_part(email, '@', 1), '+', 1), '.', '') || '@gmail.com' END
      $$`);
    await q.query(
      `CREATE INDEX ix_leads_closed_email ON leads (tenant_id, email) WHERE email IS NOT NULL AND deleted_at IS NULL AND status IN ('archived', 'converted')`,
    );
    await q.query(
      `CREATE INDEX ix_leads_closed_phone ON leads (tenant_id, phone) WHERE phone IS NOT NULL AND deleted_at IS NULL AND status IN ('archived', 'converted')`,
    );
    await q.query(
      `CREATE INDEX ix_leads_name_company ON leads (tenant_id, lower(name), lower(company)) WHERE name IS NOT NULL AND company IS NOT NULL AND deleted_at IS NULL`,
    );
    await q.query(`CREATE INDEX ix_leads_gmail_key ON leads (tenant_id, lead_gmail_key(email)) WHERE lead_gmail_key(email) IS NOT NULL AND deleted_at IS NULL`);
    // lower() and lead_gmail_key() are not leakproof, so under row-level security the app role could not
    // use these indexes (see TriageIndexes). As with search, the look-up runs as the table owner, scoped to
    // the transaction's tenant, and answers ids only. Leads are walked newest first and each pair is
    // reported once, on its newer lead; the walk stops when \`max\` pairs are found. After a cursor
    // (lead, rank, match) it resumes inside that lead's pairs.
    // PL/pgSQL with EXECUTE: the walk is planned per call with the actual cursor (a SQL function would
    // get one generic plan, whose "no cursor OR after the cursor" filter cannot use the index order).
    await q.query(`CREATE FUNCTION lead_duplicate_pairs(after_lead uuid, after_rank integer, after_match uuid, max integer)
      RETURNS TABLE (lead_id uuid, match_id uuid, reason text, rank integer, matched_on text)
      LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
      AS $fn$
      DECLARE
        tenant uuid := nullif(current_setting('hotleads.tenant_id', true), '')::uuid;
        start_at timestamptz;
      BEGIN
        IF tenant IS NULL THEN RETURN; END IF;
        IF after_lead IS NOT NULL THEN
          SELECT c.created_at INTO start_at FROM leads c WHERE c.tenant_id = tenant AND c.id = after_lead;
          IF start_at IS NULL THEN RETURN; END IF;
        END IF;
        RETURN QUERY EXECUTE format($q$
          SELECT a.id, m.match_id, m.reason, m.rank, m.matched_on
          FROM (
            SELECT l.* FROM leads l
            WHERE l.tenant_id = $1 AND l.deleted_at IS NULL %s
            ORDER BY l.created_at DESC, l.id DESC
          ) a
          CROSS JOIN LATERAL (
            SELECT b.id AS match_id, 'closed_match'::text AS reason, 3 AS rank,
                   CASE WHEN b.email = a.email THEN 'email' ELSE 'phone' END AS matched_on
            FROM leads b
            WHERE a.status NOT IN ('archived', 'converted') AND b.tenant_id = a.tenant_id AND b.deleted_at IS NULL
              AND b.status IN ('archived', 'converted') AND (b.email = a.email OR b.phone = a.phone)
              AND (b.created_at, b.id) < (a.created_at, a.id)
            UNION ALL
            SELECT b.id, 'same_name_company', 2, NULL
            FROM leads b
            WHERE a.name IS NOT NULL AND a.company IS NOT NULL AND b.tenant_id = a.tenant_id AND b.deleted_at IS NULL
              AND b.name IS NOT NULL AND b.company IS NOT NULL AND lower(b.name) = lower(a.name) AND lower(b.company) = lower(a.company)
              AND (b.email = a.email OR b.phone = a.phone) IS NOT TRUE
              AND (b.created_at, b.id) < (a.created_at, a.id)
            UNION ALL
            SELECT b.id, 'email_alias', 1, 'gmail'
            FROM leads b
            WHERE lead_gmail_key(a.email) IS NOT NULL AND b.tenant_id = a.tenant_id AND b.deleted_at IS NULL
              AND lead_gmail_key(b.email) = lead_gmail_key(a.email) AND b.email <> a.email
              AND (b.created_at, b.id) < (a.created_at, a.id)
          ) m
          %s
          ORDER BY a.created_at DESC, a.id DESC, m.rank DESC, m.match_id DESC
          LIMIT $6 $q$,
          CASE WHEN after_lead IS NULL THEN '' ELSE 'AND (l.created_at, l.id) <= ($2, $3)' END,
          CASE WHEN after_lead IS NULL THEN '' ELSE 'WHERE a.id <> $3 OR (m.rank, m.match_id) < ($4, $5)' END)
        USING tenant, start_at, after_lead, after_rank, after_match, max;
      END
      $fn$`);
    await q.query(`REVOKE ALL ON FUNCTION lead_duplicate_pairs(uuid, integer, uuid, integer) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION lead_duplicate_pairs(uuid, integer, uuid, integer) TO hotleads_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION lead_duplicate_pairs(uuid, integer, uuid, integer)`);
    await q.query(`DROP INDEX ix_leads_gmail_key`);
    await q.query(`DROP INDEX ix_leads_name_company`);
    await q.query(`DROP INDEX ix_leads_closed_phone`);
    await q.query(`DROP INDEX ix_leads_closed_email`);
    await q.query(`DROP FUNCTION lead_gmail_key(text)`);
  }
}
