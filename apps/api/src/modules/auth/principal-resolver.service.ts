import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isPermission, rolePermissions } from '@hotleads/shared';
import { DataSource } from 'typeorm';
import { API_KEY_LOOKUP_LENGTH, API_KEY_PREFIX } from '../../common/auth/credential';
import { safeEqual, sha256 } from '../../common/crypto/tokens';
import type { ApiKeyPrincipal, UserPrincipal } from '../../common/auth/principal';
import { TenantDb } from '../../common/db/tenant-db.service';
import { isUuid } from '../../common/db/uuid';
import { AccessTokenService } from './access-token.service';

// Skip writing last_used_at more than once a minute per key: a busy integration would otherwise write per request.
const LAST_USED_RESOLUTION_MS = 60_000;

// Turns a bearer credential into a principal, checking it against the database on every request so a
// logout, a disabled user or a revoked key takes effect at once.
@Injectable()
export class PrincipalResolver {
  constructor(
    private readonly db: TenantDb,
    private readonly tokens: AccessTokenService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  // The look-ups are SECURITY DEFINER functions (migration CredentialLookups) that read across tenants
  // for one statement, so they run straight on the pool rather than in a TenantDb transaction.
  private query<T>(sql: string, params: unknown[]): Promise<T[]> {
    return this.dataSource.query(sql, params);
  }

  async fromAccessToken(token: string): Promise<UserPrincipal | null> {
    const claims = this.tokens.verify(token);
    // Our tokens always carry UUIDs; anything else is not a session (and would fail the casts below).
    if (!claims || !isUuid(claims.sid) || !isUuid(claims.sub) || !isUuid(claims.tid)) return null;
    // One statement, no transaction: the SECURITY DEFINER function checks the session in the token's tenant.
    const [row] = await this.query<{ email: string; role_id: string; role_key: string | null; permissions: string[] }>(
      `SELECT email, role_id, role_key, permissions FROM auth_session_principal($1, $2, $3)`,
      [claims.sid, claims.sub, claims.tid],
    );
    if (!row) return null;
    return {
      kind: 'user',
      tenantId: claims.tid,
      userId: claims.sub,
      sessionId: claims.sid,
      email: row.email,
      roleId: row.role_id,
      permissions: rolePermissions({ key: row.role_key, permissions: row.permissions }),
      tokenExpiresAt: new Date(claims.exp * 1000),
    };
  }

  async fromApiKey(key: string): Promise<ApiKeyPrincipal | null> {
    if (!key.startsWith(API_KEY_PREFIX) || key.length > 200) return null;
    const prefix = key.slice(0, API_KEY_LOOKUP_LENGTH);
    const [row] = await this.query<{ id: string; tenant_id: string; name: string; key_hash: string; scopes: string[]; last_used_at: Date | null }>(
      `SELECT id, tenant_id, name, key_hash, scopes, last_used_at FROM auth_api_key_by_prefix($1)`,
      [prefix],
    );
    if (!row || !safeEqual(row.key_hash, sha256(key))) return null;
    if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.db.run(row.tenant_id, (m) => m.query(`update api_keys set last_used_at = now() where id = $1`, [row.id]));
    }
    return { kind: 'api_key', tenantId: row.tenant_id, apiKeyId: row.id, name: row.name, permissions: row.scopes.filter(isPermission) };
  }
}
