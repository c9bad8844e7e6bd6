import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../../common/auth/request-context';
import { redactDeep } from '../../common/logging/redact';
import type { ActorType, AuditOutcome } from './audit-log.entity';

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

// tenant_id, actor_type, actor_id, actor_label, action, resource_type, resource_id, outcome, ip, user_agent,
// request_id, changes (JSON text), metadata (JSON text).
export type AuditValues = [string | null, string, string | null, string | null, string, string | null, string | null, string, string | null, string | null, string, string | null, string | null];

// Writes audit entries inside the caller's transaction, so the entry exists exactly when the change does.
@Injectable()
export class AuditService {
  async record(m: EntityManager, ctx: RequestContext, entry: AuditEntry): Promise<void> {
    // Plain SQL: the query builder cost more CPU than the insert itself on busy write paths (lead ingest).
    await m.query(
      `INSERT INTO audit_logs (tenant_id, actor_type, actor_id, actor_label, action, resource_type, resource_id, outcome, ip, user_agent, request_id, changes, metadata)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13::jsonb)`,
      this.values(ctx, entry),
    );
  }

  // Several entries in one statement (a batch of webhook deliveries, each audited on its own).
  async recordMany(m: EntityManager, entries: ReadonlyArray<{ ctx: RequestContext; entry: AuditEntry }>): Promise<void> {
    if (entries.length === 0) return;
    const rows = entries.map(({ ctx, entry }) => this.values(ctx, entry));
    const column = (i: number) => rows.map((r) => r[i]);
    await m.query(
      `INSERT INTO audit_logs (tenant_id, actor_type, actor_id, actor_label, action, resource_type, resource_id, outcome, ip, user_agent, request_id, changes, metadata)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::jsonb[], $13::jsonb[])`,
      Array.from({ length: 13 }, (_, i) => column(i)),
    );
  }

  // The column values of the entry, in the order of the insert above, for a caller that writes the entry
  // inside its own statement (the single lead ingest: one round trip for the lead, its event and this).
  values(ctx: RequestContext, entry: AuditEntry): AuditValues {
    const p = ctx.principal;
    const actor =
      entry.actor ??
      (p?.kind === 'user'
        ? { type: 'user' as const, id: p.userId, label: p.email }
        : p?.kind === 'api_key'
          ? { type: 'api_key' as const, id: p.apiKeyId, label: p.name }
          : { type: 'anonymous' as const, id: null, label: null });
    const json = (value: Record<string, unknown> | undefined) => (value ? JSON.stringify(redactDeep(value)) : null);
    return [
      entry.tenantId === undefined ? (p?.tenantId ?? null) : entry.tenantId,
      actor.type,
      actor.id ?? null,
      actor.label ?? null,
      entry.action,
      entry.resourceType ?? null,
      entry.resourceId ?? null,
      entry.outcome ?? 'success',
      ctx.ip || null,
      ctx.userAgent,
      ctx.requestId,
      json(entry.changes),
      json(entry.metadata),
    ];
  }
}
