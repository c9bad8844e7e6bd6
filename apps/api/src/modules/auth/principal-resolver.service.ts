import { Injectable } from '@nestjs/common';
import { BUILT_IN_ROLE_PERMISSIONS, isBuiltInRole, isPermission, type Permission } from '@hotleads/shared';
import { API_KEY_LOOKUP_LENGTH, API_KEY_PREFIX } from '../../common/auth/credential';
import { safeEqual, sha256 } from '../../common/crypto/tokens';
import type { ApiKeyPrincipal, UserPrincipal } from '../../common/auth/principal';
import { TenantDb } from '../../common/db/tenant-db.service';
import { AccessTokenService } from './access-token.service';

// Skip writing last_used_at more than once a minute per key: a busy integration would otherwise write per request.
const LAST_USED_RESOLUTION_MS = 60_000;

export function rolePermissions(role: { key: string | null; permissions: string[] }): Permission[] {
  if (role.key && isBuiltInRole(role.key)) return [...BUILT_IN_ROLE_PERMISSIONS[role.key]];
  return role.permissions.filter(isPermission);
}

// Turns a bearer credential into a principal, checking it against the database on every request so a
// logout, a disabled user or a revoked key takes effect at once.
@Injectable()
export class PrincipalResolver {
  constructor(
    private readonly db: TenantDb,
    private readonly tokens: AccessTokenService,
  ) {}

  async fromAccessToken(token: string): Promise<UserPrincipal | null> {
    const claims = this.tokens.verify(token);
    if (!claims) return null;
    const row = await this.db.run(claims.tid, async (m) => {
      const rows: Array<{ email: string; role_id: string; key: string | null; permissions: string[] }> = await m.query(
        `select u.email, u.role_id, r.key, r.permissions
           from sessions s
           join users u on u.id = s.user_id
           join roles r on r.id = u.role_id
          where s.id = $1 and s.user_id = $2 and s.revoked_at is null
            and s.absolute_expires_at > now() and u.status = 'active'`,
        [claims.sid, claims.sub],
      );
      return rows[0];
    });
    if (!row) return null;
    return {
      kind: 'user',
      tenantId: claims.tid,
      userId: claims.sub,
      sessionId: claims.sid,
      email: row.email,
      roleId: row.role_id,
      permissions: rolePermissions({ key: row.key, permissions: row.permissions }),
      tokenExpiresAt: new Date(claims.exp * 1000),
    };
  }

  async fromApiKey(key: string): Promise<ApiKeyPrincipal | null> {
    if (!key.startsWith(API_KEY_PREFIX) || key.length > 200) return null;
    const prefix = key.slice(0, API_KEY_LOOKUP_LENGTH);
    const row = await this.db.crossTenant(async (m) => {
      const rows: Array<{ id: string; tenant_id: string; name: string; key_hash: string; scopes: string[]; last_used_at: Date | null }> =
        await m.query(
          `select id, tenant_id, name, key_hash, scopes, last_used_at from api_keys
            where prefix = $1 and revoked_at is null and (expires_at is null or expires_at > now())`,
          [prefix],
        );
      return rows[0];
    });
    if (!row || !safeEqual(row.key_hash, sha256(key))) return null;
    if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.db.run(row.tenant_id, (m) => m.query(`update api_keys set last_used_at = now() where id = $1`, [row.id]));
    }
    return { kind: 'api_key', tenantId: row.tenant_id, apiKeyId: row.id, name: row.name, permissions: row.scopes.filter(isPermission) };
  }
}
