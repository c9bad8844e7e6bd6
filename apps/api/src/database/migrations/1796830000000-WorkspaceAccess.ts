import type { MigrationInterface, QueryRunner } from 'typeorm';

// Workspaces on their own host names (a slug per workspace) and per-workspace network allowlists.
export class WorkspaceAccess1796830000000 implements MigrationInterface {
  name = 'WorkspaceAccess1796830000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "tenants" ADD "slug" text`);
    await q.query(`ALTER TABLE "tenants" ADD "staff_ip_ranges" text array NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE "tenants" ADD "api_key_ip_ranges" text array NOT NULL DEFAULT '{}'`);
    // Existing workspaces get a slug from their name (the same rule as libs/shared slugFromName, in SQL):
    // too short, reserved or already taken gets a suffix from its id, oldest workspace first.
    await q.query(`DO $$
      DECLARE t record; base text; candidate text;
      BEGIN
        FOR t IN SELECT id, name FROM tenants ORDER BY created_at, id LOOP
          base := trim(both '-' from regexp_replace(lower(t.name), '[^a-z0-9]+', '-', 'g'));
          base := rtrim(left(base, 33), '-');
          IF length(base) < 3 THEN base := coalesce(nullif(base, ''), 'workspace') || CASE WHEN base = '' THEN '' ELSE '-team' END; END IF;
          candidate := base;
          IF candidate = ANY (ARRAY['www','api','app','admin','administrator','auth','login','signin','signup','sso','oauth','id',
              'mail','email','smtp','imap','pop','mx','ftp','ns','ns1','ns2','dns','cdn','static','assets','status','help','support',
              'docs','blog','billing','account','accounts','dashboard','hotleads','root','system','test','dev','staging','localhost',
              'webhooks','hooks','forms','public','internal'])
             OR EXISTS (SELECT 1 FROM tenants WHERE slug = candidate) THEN
            candidate := base || '-' || left(replace(t.id::text, '-', ''), 6);
          END IF;
          UPDATE tenants SET slug = candidate WHERE id = t.id;
        END LOOP;
      END $$`);
    await q.query(`ALTER TABLE "tenants" ALTER COLUMN "slug" SET NOT NULL`);
    await q.query(`ALTER TABLE "tenants" ADD CONSTRAINT "uq_tenants_slug" UNIQUE ("slug")`);
    // Host names resolve to a workspace before anyone has signed in: one row by slug, across tenants, for
    // one statement (like the credential look-ups).
    await q.query(`CREATE FUNCTION workspace_by_slug(p_slug text) RETURNS TABLE (id uuid, name text, slug text)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT t.id, t.name, t.slug FROM tenants t WHERE t.slug = p_slug
      $$`);
    await q.query(`REVOKE ALL ON FUNCTION workspace_by_slug(text) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION workspace_by_slug(text) TO hotleads_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS workspace_by_slug(text)`);
    await q.query(`ALTER TABLE "tenants" DROP CONSTRAINT "uq_tenants_slug"`);
    await q.query(`ALTER TABLE "tenants" DROP COLUMN "api_key_ip_ranges"`);
    await q.query(`ALTER TABLE "tenants" DROP COLUMN "staff_ip_ranges"`);
    await q.query(`ALTER TABLE "tenants" DROP COLUMN "slug"`);
  }
}
