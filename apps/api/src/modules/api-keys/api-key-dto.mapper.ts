import { isPermission } from '@hotleads/shared';
import type { ApiKey } from './api-key.entity';
import type { ApiKeyDto, ApiKeyStatus } from './dto/api-key.dto';

function statusOf(key: ApiKey, now: number): ApiKeyStatus {
  if (key.revokedAt) return 'revoked';
  if (key.expiresAt && key.expiresAt.getTime() <= now) return 'expired';
  return 'active';
}

export function toApiKeyDto(key: ApiKey, now = Date.now()): ApiKeyDto {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    scopes: key.scopes.filter(isPermission),
    status: statusOf(key, now),
    createdAt: key.createdAt,
    lastUsedAt: key.lastUsedAt ?? null,
    expiresAt: key.expiresAt ?? null,
    revokedAt: key.revokedAt ?? null,
    createdBy: key.createdBy ?? null,
  };
}
