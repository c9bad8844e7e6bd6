import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ActorType, AuditOutcome } from './audit-log.entity';
import type { AuditCursor } from './audit-cursor';
import type { AuditLogDto } from './dto/audit-log.dto';
import type { AuditLogFilterDto } from './dto/audit-log-filter.dto';

interface AuditLogRow {
  id: string;
  created_at: Date;
  actor_type: ActorType;
  actor_id: string | null;
  actor_label: string | null;
  actor_name: string | null;
  action: string;
  resource_type: string | null;
  resource_id: string | null;
  outcome: AuditOutcome;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  changes: Record<string, unknown> | null;
  metadata: Record<string, unknown> | null;
  micros: string;
}

export interface AuditLogEntry {
  dto: AuditLogDto;
  cursor: AuditCursor;
}

// The list and export read path: keyset pages on (created_at desc, id desc), served by the
// (tenant_id, created_at, id) index. Runs inside the caller's tenant transaction.
@Injectable()
export class AuditLogRepository {
  async page(m: EntityManager, tenantId: string, filter: AuditLogFilterDto, after: AuditCursor | null, limit: number): Promise<AuditLogEntry[]> {
    // The explicit tenant condition lets the planner use the index; row-level security enforces it anyway.
    const params: unknown[] = [tenantId];
    const where = ['tenant_id = $1'];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filter.actorId) add((p) => `actor_id = ${p}::uuid`, filter.actorId);
    if (filter.actorType) add((p) => `actor_type = ${p}`, filter.actorType);
    if (filter.action?.endsWith('*')) add((p) => `starts_with(action, ${p})`, filter.action.slice(0, -1));
    else if (filter.action) add((p) => `action = ${p}`, filter.action);
    if (filter.resourceType) add((p) => `resource_type = ${p}`, filter.resourceType);
    if (filter.resourceId) add((p) => `resource_id = ${p}`, filter.resourceId);
    if (filter.outcome) add((p) => `outcome = ${p}`, filter.outcome);
    if (filter.from) add((p) => `created_at >= ${p}::timestamptz`, filter.from);
    if (filter.to) add((p) => `created_at < ${p}::timestamptz`, filter.to);
    if (after) {
      params.push(after.micros, after.id);
      const [micros, id] = [`$${params.length - 1}`, `$${params.length}`];
      where.push(`(created_at, id) < (timestamptz 'epoch' + ${micros}::bigint * interval '1 microsecond', ${id}::uuid)`);
    }
    params.push(limit);
    const rows: AuditLogRow[] = await m.query(
      // The actor's name now, one primary-key read per row of the page.
      `select id, created_at, actor_type, actor_id, actor_label, action, resource_type, resource_id, outcome,
              ip, user_agent, request_id, changes, metadata,
              (select nullif(btrim(u.name), '') from users u
                where actor_type = 'user' and u.tenant_id = audit_logs.tenant_id and u.id = audit_logs.actor_id) as actor_name,
              (extract(epoch from created_at) * 1000000)::bigint::text as micros
         from audit_logs
        where ${where.join(' and ')}
        order by created_at desc, id desc
        limit $${params.length}`,
      params,
    );
    return rows.map((r) => ({
      cursor: { micros: r.micros, id: r.id },
      dto: {
        id: r.id,
        createdAt: r.created_at,
        actorType: r.actor_type,
        actorId: r.actor_id,
        actorLabel: r.actor_label,
        actorName: r.actor_name,
        action: r.action,
        resourceType: r.resource_type,
        resourceId: r.resource_id,
        outcome: r.outcome,
        ip: r.ip,
        userAgent: r.user_agent,
        requestId: r.request_id,
        changes: r.changes,
        metadata: r.metadata,
      },
    }));
  }
}
