import type { MigrationInterface, QueryRunner } from 'typeorm';

// One statement per authenticated request instead of a transaction of four (BEGIN, the tenant setting,
// the SELECT, COMMIT): the credential checks become functions that run as their owner (the migration
// role) and read across tenants for that one query only. The SET clauses hold for the call and are
// restored when it returns, so nothing leaks into the caller's transaction. Each function checks what
// the query it replaces checked, and returns only the columns the request needs.
export class CredentialLookups1795314528354 implements MigrationInterface {
  name = 'CredentialLookups1795314528354';

  async up(q: QueryRunner): Promise<void> {
    // The session behind an access token: live (not revoked, not past its absolute lifetime), its user
    // active, everything in the token's tenant.
    await q.query(`CREATE FUNCTION auth_session_principal(p_session uuid, p_user uuid, p_tenant uuid)
      RETURNS TABLE (email text, role_id uuid, role_key text, permissions text[])
      LANGUAGE sql STABLE SECURITY DEFINER
      SET search_path = public, pg_temp
      SET hotleads.cross_tenant = 'on'
      AS $$
        SELECT u.email, u.role_id, r.key, r.permissions
          FROM sessions s
          JOIN users u ON u.id = s.user_id AND u.tenant_id = s.tenant_id
          JOIN roles r ON r.id = u.role_id AND r.tenant_id = s.tenant_id
         WHERE s.id = p_session AND s.user_id = p_user AND s.tenant_id = p_tenant
           AND s.revoked_at IS NULL AND s.absolute_expires_at > now() AND u.status = 'active'
      $$`);
    // An API key by its public prefix, unless revoked or expired; the caller compares the hash.
    await q.query(`CREATE FUNCTION auth_api_key_by_prefix(p_prefix text)
      RETURNS TABLE (id uuid, tenant_id uuid, name text, key_hash text, scopes text[], last_used_at timestamptz)
      LANGUAGE sql STABLE SECURITY DEFINER
      SET search_path = public, pg_temp
      SET hotleads.cross_tenant = 'on'
      AS $$
        SELECT k.id, k.tenant_id, k.name, k.key_hash, k.scopes, k.last_used_at
          FROM api_keys k
         WHERE k.prefix = p_prefix AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())
      $$`);
    for (const signature of ['auth_session_principal(uuid, uuid, uuid)', 'auth_api_key_by_prefix(text)']) {
      await q.query(`REVOKE ALL ON FUNCTION ${signature} FROM PUBLIC`);
      await q.query(`GRANT EXECUTE ON FUNCTION ${signature} TO hotleads_app`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS auth_api_key_by_prefix(text)`);
    await q.query(`DROP FUNCTION IF EXISTS auth_session_principal(uuid, uuid, uuid)`);
  }
}
