import { Injectable, NotFoundException } from '@nestjs/common';
import { PERMISSIONS } from '@hotleads/shared';
import type { UserPrincipal } from '../../common/auth/principal';
import type { AuthedContext } from '../../common/auth/request-context';
import { sha256 } from '../../common/crypto/tokens';
import { TenantDb } from '../../common/db/tenant-db.service';
import { AuditService } from '../audit/audit.service';
import { toApiKeyDto } from './api-key-dto.mapper';
import { newApiKeySecret } from './api-key-secret';
import { ApiKey } from './api-key.entity';
import type { ApiKeyDto } from './dto/api-key.dto';
import type { CreateApiKeyDto } from './dto/create-api-key.dto';
import type { CreatedApiKeyDto } from './dto/created-api-key.dto';
import { ScopeNotHeldException } from './scope-not-held.exception';

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
  ) {}

  // Revoked and expired keys stay listed (flagged by status) so the history is visible.
  async list(ctx: AuthedContext<UserPrincipal>): Promise<ApiKeyDto[]> {
    const keys = await this.db.run(ctx.principal.tenantId, (m) => m.find(ApiKey, { order: { createdAt: 'DESC', id: 'DESC' } }));
    const now = Date.now();
    return keys.map((key) => toApiKeyDto(key, now));
  }

  async create(ctx: AuthedContext<UserPrincipal>, dto: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    const { principal } = ctx;
    const missing = dto.scopes.filter((scope) => !principal.permissions.includes(scope));
    if (missing.length) throw new ScopeNotHeldException(missing);
    // Stored in the canonical permission order, so equal scope sets read the same.
    const scopes = PERMISSIONS.filter((p) => dto.scopes.includes(p));
    const { prefix, secret } = newApiKeySecret();
    return this.db.run(principal.tenantId, async (m) => {
      const key = await m.save(
        m.create(ApiKey, {
          tenantId: principal.tenantId,
          name: dto.name,
          prefix,
          keyHash: sha256(secret),
          scopes,
          expiresAt: dto.expiresAt ? new Date(dto.expiresAt) : null,
          lastUsedAt: null,
          revokedAt: null,
          createdBy: principal.userId,
        }),
      );
      // The secret never reaches the audit log; the prefix is enough to recognise the key.
      await this.audit.record(m, ctx, {
        action: 'api_key.create',
        resourceType: 'api_key',
        resourceId: key.id,
        changes: { name: key.name, scopes, expiresAt: key.expiresAt?.toISOString() ?? null },
        metadata: { prefix },
      });
      return { apiKey: toApiKeyDto(key), secret };
    });
  }

  // Idempotent: revoking a revoked key changes nothing and records nothing.
  async revoke(ctx: AuthedContext<UserPrincipal>, id: string): Promise<void> {
    await this.db.run(ctx.principal.tenantId, async (m) => {
      const key = await m.findOne(ApiKey, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!key) throw new NotFoundException('No API key with this id');
      if (key.revokedAt) return;
      await m.update(ApiKey, { id }, { revokedAt: () => 'now()' });
      await this.audit.record(m, ctx, {
        action: 'api_key.revoke',
        resourceType: 'api_key',
        resourceId: key.id,
        metadata: { name: key.name, prefix: key.prefix },
      });
    });
  }
}
