import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { RequestContext } from '../../common/auth/request-context';
import { redactDeep } from '../../common/logging/redact';
import { AuditLog, type ActorType, type AuditOutcome } from './audit-log.entity';

export interface AuditEntry {
  action: string;
  outcome?: AuditOutcome;
  tenantId?: string | null;
  resourceType?: string;
  resourceId?: string;
  changes?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  // Overrides the actor taken from the context (e.g. the user who is signing in).
  actor?: { type: ActorType; id?: string | null; label?: string | null };
}

// Writes audit entries inside the caller's transaction, so the entry exists exactly when the change does.
@Injectable()
export class AuditService {
  async record(m: EntityManager, ctx: RequestContext, entry: AuditEntry): Promise<void> {
    const p = ctx.principal;
    const actor =
      entry.actor ??
      (p?.kind === 'user'
        ? { type: 'user' as const, id: p.userId, label: p.email }
        : p?.kind === 'api_key'
          ? { type: 'api_key' as const, id: p.apiKeyId, label: p.name }
          : { type: 'anonymous' as const, id: null, label: null });
    const row: QueryDeepPartialEntity<AuditLog> = {
      tenantId: entry.tenantId === undefined ? (p?.tenantId ?? null) : entry.tenantId,
      actorType: actor.type,
      actorId: actor.id ?? null,
      actorLabel: actor.label ?? null,
      action: entry.action,
      resourceType: entry.resourceType ?? null,
      resourceId: entry.resourceId ?? null,
      outcome: entry.outcome ?? 'success',
      ip: ctx.ip || null,
      userAgent: ctx.userAgent,
      requestId: ctx.requestId,
      changes: entry.changes ? (redactDeep(entry.changes) as QueryDeepPartialEntity<Record<string, unknown>>) : null,
      metadata: entry.metadata ? (redactDeep(entry.metadata) as QueryDeepPartialEntity<Record<string, unknown>>) : null,
    };
    await m.createQueryBuilder().insert().into(AuditLog).values(row).execute();
  }
}
