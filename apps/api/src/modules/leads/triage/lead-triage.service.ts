import { Injectable } from '@nestjs/common';
import { canTransition, LEAD_STATUS_TRANSITIONS, LEAD_STATUSES, type LeadStatus } from '@hotleads/shared';
import type { EntityManager } from 'typeorm';
import type { AuthedContext } from '../../../common/auth/request-context';
import type { ApiKeyPrincipal, Principal, UserPrincipal } from '../../../common/auth/principal';
import { queryRows } from '../../../common/db/sql';
import { TenantDb } from '../../../common/db/tenant-db.service';
import { isUniqueViolation } from '../../../common/db/unique-violation';
import { ValidationException } from '../../../common/problem/validation.exception';
import { decodeAuditCursor, encodeAuditCursor } from '../../audit/audit-cursor';
import { AuditService } from '../../audit/audit.service';
import { InvalidCursorException } from '../../audit/invalid-cursor.exception';
import type { LeadDto } from '../dto/lead.dto';
import { LeadStatsRepository } from '../stats/lead-stats.repository';
import {
  buildLeadCountQuery,
  buildLeadEstimateQuery,
  buildLeadListQuery,
  cursorOfRow,
  decodeLeadCursor,
  encodeLeadCursor,
  EXACT_COUNT_LIMIT,
  LEAD_COLUMNS_SQL,
  leadWhere,
  rollupDimensionOf,
  type LeadFilter,
} from '../lead-list-query';
import { normaliseEmail } from '../../../common/email/normalise-email';
import { normalisePhone } from '../lead-input';
import { normaliseTags } from '../lead-rules';
import type { BulkDeleteResultDto, BulkLeadsTargetDto, BulkUpdateLeadsDto, BulkUpdateResultDto } from './dto/bulk-leads-action.dto';
import type { AddLeadNoteDto, LogLeadActivityDto } from './dto/lead-actions.dto';
import type { LeadEventDto, LeadEventPageDto, LeadPageDto } from './dto/lead-page.dto';
import type { ListLeadsQueryDto } from './dto/list-leads-query.dto';
import type { UpdateLeadDto } from './dto/update-lead.dto';
import {
  AssignNotAllowedException,
  BulkTargetException,
  DuplicateOpenLeadException,
  InvalidAssigneeException,
  InvalidStatusTransitionException,
  LeadClaimedException,
  LeadInTrashException,
  LeadNotFoundException,
  LeadNotYoursException,
  LeadVersionMismatchException,
} from './lead-exceptions';
import { describeFilter, toLeadFilter } from './lead-filter';

type Caller = AuthedContext<UserPrincipal | ApiKeyPrincipal>;
type LeadRow = LeadDto & Record<string, unknown>;

const DEFAULT_LIMIT = 50;
const EVENTS_DEFAULT_LIMIT = 50;
const SKIPPED_REPORT_LIMIT = 1000;

// Fields of PATCH /leads/{id} and their columns.
const COLUMNS = {
  status: 'status',
  priority: 'priority',
  qualityScore: 'quality_score',
  tags: 'tags',
  assigneeId: 'assignee_id',
  followUpAt: 'follow_up_at',
  name: 'name',
  email: 'email',
  phone: 'phone',
  company: 'company',
  subject: 'subject',
  role: 'role',
  notes: 'notes',
} as const satisfies Record<keyof UpdateLeadDto, string>;
type Field = keyof typeof COLUMNS;

function actorOf(p: Principal): { type: 'user' | 'api_key'; id: string } {
  return p.kind === 'user' ? { type: 'user', id: p.userId } : { type: 'api_key', id: p.apiKeyId };
}

// Managers and above (leads:assign) change any lead; everyone else only unassigned leads and their own.
const changesAnyLead = (p: Principal) => p.permissions.includes('leads:assign');
const selfId = (p: Principal) => (p.kind === 'user' ? p.userId : null);

function assertMayChange(p: Principal, lead: { assigneeId: string | null }): void {
  if (changesAnyLead(p) || lead.assigneeId === null || lead.assigneeId === selfId(p)) return;
  throw new LeadNotYoursException();
}

// The statuses a lead may come from to reach `to`.
function predecessorsOf(to: LeadStatus): LeadStatus[] {
  return LEAD_STATUSES.filter((from) => canTransition(from, to));
}

const toIso = (value: unknown) => (value instanceof Date ? value.toISOString() : value);

function stripKeys(row: LeadRow): LeadDto {
  const dto: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) if (!key.startsWith('_k')) dto[key] = value;
  return dto as unknown as LeadDto;
}

function emptyToNull(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

// Triage: what staff (and integrations with the right scopes) do with leads once they are in.
@Injectable()
export class LeadTriageService {
  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
    private readonly stats: LeadStatsRepository,
  ) {}

  async list(ctx: Caller, query: ListLeadsQueryDto): Promise<LeadPageDto> {
    const filter = toLeadFilter(query, ctx.principal);
    const sort = query.sort ?? '-createdAt';
    const after = query.cursor ? decodeLeadCursor(query.cursor, sort) : null;
    if (query.cursor && !after) throw new InvalidCursorException();
    const limit = query.limit ?? DEFAULT_LIMIT;
    const { tenantId } = ctx.principal;
    return this.db.run(tenantId, async (m) => {
      const page = buildLeadListQuery({ tenantId, filter, sort, after, limit: limit + 1 });
      const rows: LeadRow[] = await m.query(page.sql, page.params);
      const total = await this.total(m, tenantId, filter);
      const shown = rows.slice(0, limit);
      return {
        data: shown.map(stripKeys),
        nextCursor: rows.length > limit ? encodeLeadCursor(cursorOfRow(sort, shown[shown.length - 1])) : null,
        ...total,
      };
    });
  }

  // Exact from the stats rollup when the filter is on one of its dimensions (the common views: all leads,
  // a status); otherwise exact while counting is cheap (the planner expects few rows and a bounded count
  // confirms it), beyond that the planner's estimate, marked as one. A list never waits on a big count.
  private async total(m: EntityManager, tenantId: string, filter: LeadFilter): Promise<{ total: number; totalIsEstimate: boolean }> {
    const rollup = rollupDimensionOf(filter);
    if (rollup) return { total: await this.stats.allTimeCount(m, tenantId, rollup.dimension, rollup.values), totalIsEstimate: false };
    const explain = buildLeadEstimateQuery(tenantId, filter);
    const [plan] = await m.query(explain.sql, explain.params);
    const estimate = Math.round(Number(plan['QUERY PLAN'][0].Plan['Plan Rows']));
    if (estimate <= EXACT_COUNT_LIMIT * 2) {
      const count = buildLeadCountQuery(tenantId, filter);
      const [{ n }] = await m.query(count.sql, count.params);
      if (n <= EXACT_COUNT_LIMIT) return { total: n, totalIsEstimate: false };
      return { total: Math.max(estimate, n), totalIsEstimate: true };
    }
    return { total: estimate, totalIsEstimate: true };
  }

  // Also finds a lead in the trash (deletedAt is set), so it can be shown and restored.
  get(ctx: Caller, id: string): Promise<LeadDto> {
    return this.db.run(ctx.principal.tenantId, (m) => this.load(m, ctx.principal.tenantId, id));
  }

  async events(ctx: Caller, id: string, query: { limit?: number; cursor?: string }): Promise<LeadEventPageDto> {
    const after = query.cursor ? decodeAuditCursor(query.cursor) : null;
    if (query.cursor && !after) throw new InvalidCursorException();
    const limit = query.limit ?? EVENTS_DEFAULT_LIMIT;
    const { tenantId } = ctx.principal;
    return this.db.run(tenantId, async (m) => {
      await this.load(m, tenantId, id);
      const params: unknown[] = [tenantId, id, limit + 1];
      let keyset = '';
      if (after) {
        params.push(after.micros, after.id);
        keyset = `AND (e.created_at, e.id) < (timestamptz 'epoch' + $4::bigint * interval '1 microsecond', $5::uuid)`;
      }
      const rows: Array<LeadEventDto & { micros: string }> = await m.query(
        `SELECT e.id, e.lead_id AS "leadId", e.type, e.actor_type AS "actorType", e.actor_id AS "actorId", e.data, e.created_at AS "createdAt",
                (extract(epoch FROM e.created_at) * 1000000)::bigint::text AS micros
           FROM lead_events e
          WHERE e.tenant_id = $1 AND e.lead_id = $2 ${keyset}
          ORDER BY e.created_at DESC, e.id DESC
          LIMIT $3`,
        params,
      );
      const shown = rows.slice(0, limit);
      const last = shown[shown.length - 1];
      return {
        data: shown.map(({ micros: _micros, ...event }) => event),
        nextCursor: rows.length > limit ? encodeAuditCursor({ micros: last.micros, id: last.id }) : null,
      };
    });
  }

  async update(ctx: Caller, id: string, dto: UpdateLeadDto, expectedVersion: number | null): Promise<LeadDto> {
    const p = ctx.principal;
    return this.db.run(p.tenantId, async (m) => {
      const lead = await this.loadForChange(m, p.tenantId, id, expectedVersion);
      assertMayChange(p, lead);
      const next = this.normalise(dto);
      const changes: Partial<Record<Field, { from: unknown; to: unknown }>> = {};
      for (const field of Object.keys(next) as Field[]) {
        const from = lead[field];
        const to = next[field];
        if (JSON.stringify(toIso(from)) !== JSON.stringify(to)) changes[field] = { from: toIso(from), to };
      }
      if (Object.keys(changes).length === 0) return lead;

      if (changes.status) {
        const from = lead.status;
        const to = changes.status.to as LeadStatus;
        if (!canTransition(from, to)) throw new InvalidStatusTransitionException(from, to, LEAD_STATUS_TRANSITIONS[from]);
      }
      if (changes.assigneeId) await this.checkAssignee(m, p, changes.assigneeId.to as string | null);
      const email = 'email' in changes ? (changes.email!.to as string | null) : lead.email;
      const phone = 'phone' in changes ? (changes.phone!.to as string | null) : lead.phone;
      if (email === null && phone === null && lead.metadata.rawPhone === undefined) {
        throw new ValidationException([{ field: 'email', message: 'a lead needs an email or a phone' }]);
      }

      const fields = Object.keys(changes) as Field[];
      const params: unknown[] = [p.tenantId, id];
      const sets = fields.map((field) => {
        params.push(changes[field]!.to);
        return `${COLUMNS[field]} = $${params.length}`;
      });
      let updated: LeadRow;
      try {
        [updated] = await queryRows<LeadRow>(m, `UPDATE leads l SET ${sets.join(', ')} WHERE l.tenant_id = $1 AND l.id = $2 RETURNING ${LEAD_COLUMNS_SQL}`, params);
      } catch (error) {
        if (isUniqueViolation(error)) throw new DuplicateOpenLeadException('email' in changes ? 'email' : 'phone' in changes ? 'phone' : 'lead');
        throw error;
      }
      await this.event(m, p, id, 'updated', { changes });
      await this.audit.record(m, ctx, { action: 'lead.update', resourceType: 'lead', resourceId: id, changes });
      return updated;
    });
  }

  // The DTO's values as they would be stored.
  private normalise(dto: UpdateLeadDto): Partial<Record<Field, unknown>> {
    const next: Partial<Record<Field, unknown>> = {};
    for (const field of Object.keys(COLUMNS) as Field[]) {
      const value = dto[field];
      if (value === undefined) continue;
      switch (field) {
        case 'tags':
          next.tags = normaliseTags(value as string[]);
          break;
        case 'email':
          next.email = value === null ? null : normaliseEmail(value as string);
          break;
        case 'phone': {
          const raw = emptyToNull(value as string | null);
          if (raw === null) {
            next.phone = null;
            break;
          }
          const phone = normalisePhone(raw);
          if (!phone) throw new ValidationException([{ field: 'phone', message: 'not a phone number (use the international format, e.g. +44 20 7946 0000)' }]);
          next.phone = phone;
          break;
        }
        case 'followUpAt':
          next.followUpAt = value === null ? null : new Date(value as string).toISOString();
          break;
        case 'name':
        case 'company':
        case 'subject':
        case 'role':
          next[field] = emptyToNull(value as string | null);
          break;
        case 'notes':
          next.notes = value === null || (value as string).trim() === '' ? null : value;
          break;
        default:
          next[field] = value;
      }
    }
    return next;
  }

  private async checkAssignee(m: EntityManager, p: Principal, assigneeId: string | null): Promise<void> {
    if (assigneeId === null) return;
    if (assigneeId !== selfId(p) && !changesAnyLead(p)) throw new AssignNotAllowedException();
    const [user] = await m.query(`SELECT 1 FROM users WHERE tenant_id = $1 AND id = $2 AND status = 'active'`, [p.tenantId, assigneeId]);
    if (!user) throw new InvalidAssigneeException();
  }

  async addNote(ctx: Caller, id: string, dto: AddLeadNoteDto): Promise<LeadEventDto> {
    const p = ctx.principal;
    return this.db.run(p.tenantId, async (m) => {
      await this.loadForChange(m, p.tenantId, id, null);
      const event = await this.event(m, p, id, 'note', { body: dto.body });
      await this.audit.record(m, ctx, { action: 'lead.note', resourceType: 'lead', resourceId: id, metadata: { eventId: event.id } });
      return event;
    });
  }

  // A contact attempt: the first one stops the speed-to-lead clock.
  async logActivity(ctx: Caller, id: string, dto: LogLeadActivityDto): Promise<LeadEventDto> {
    const p = ctx.principal;
    return this.db.run(p.tenantId, async (m) => {
      const lead = await this.loadForChange(m, p.tenantId, id, null);
      assertMayChange(p, lead);
      await m.query(
        `UPDATE leads SET first_contacted_at = coalesce(first_contacted_at, now()), last_contacted_at = now() WHERE tenant_id = $1 AND id = $2`,
        [p.tenantId, id],
      );
      const data = { channel: dto.channel, outcome: dto.outcome ?? null, note: dto.note ?? null, firstContact: lead.firstContactedAt === null };
      const event = await this.event(m, p, id, 'activity', data);
      await this.audit.record(m, ctx, { action: 'lead.activity', resourceType: 'lead', resourceId: id, metadata: { channel: dto.channel, outcome: data.outcome, eventId: event.id } });
      return event;
    });
  }

  // Claiming is a compare-and-set on the assignee: of two agents claiming at once, exactly one wins.
  // An unread lead moves to processing, since someone is now on it.
  async claim(ctx: AuthedContext<UserPrincipal>, id: string): Promise<LeadDto> {
    const p = ctx.principal;
    return this.db.run(p.tenantId, async (m) => {
      const [claimed] = await queryRows<LeadRow>(
        m,
        `UPDATE leads l SET assignee_id = $3, status = CASE WHEN l.status = 'unread' THEN 'processing' ELSE l.status END
          WHERE l.tenant_id = $1 AND l.id = $2 AND l.deleted_at IS NULL AND l.assignee_id IS NULL
          RETURNING ${LEAD_COLUMNS_SQL}`,
        [p.tenantId, id, p.userId],
      );
      if (!claimed) {
        const lead = await this.load(m, p.tenantId, id);
        if (lead.deletedAt) throw new LeadInTrashException();
        if (lead.assigneeId === p.userId) return lead;
        throw new LeadClaimedException(lead.assigneeId!);
      }
      await this.event(m, p, id, 'claimed', { assigneeId: p.userId });
      await this.audit.record(m, ctx, { action: 'lead.claim', resourceType: 'lead', resourceId: id, changes: { assigneeId: { from: null, to: p.userId } } });
      return claimed;
    });
  }

  async release(ctx: Caller, id: string): Promise<LeadDto> {
    const p = ctx.principal;
    return this.db.run(p.tenantId, async (m) => {
      const lead = await this.loadForChange(m, p.tenantId, id, null);
      if (lead.assigneeId === null) return lead;
      assertMayChange(p, lead);
      const [released] = await queryRows<LeadRow>(m, `UPDATE leads l SET assignee_id = NULL WHERE l.tenant_id = $1 AND l.id = $2 RETURNING ${LEAD_COLUMNS_SQL}`, [p.tenantId, id]);
      await this.event(m, p, id, 'released', { assigneeId: lead.assigneeId });
      await this.audit.record(m, ctx, { action: 'lead.release', resourceType: 'lead', resourceId: id, changes: { assigneeId: { from: lead.assigneeId, to: null } } });
      return released;
    });
  }

  // To the trash; a lead already there stays as it is.
  async remove(ctx: Caller, id: string): Promise<void> {
    const p = ctx.principal;
    await this.db.run(p.tenantId, async (m) => {
      const lead = await this.load(m, p.tenantId, id, true);
      if (lead.deletedAt) return;
      assertMayChange(p, lead);
      await m.query(`UPDATE leads SET deleted_at = now() WHERE tenant_id = $1 AND id = $2`, [p.tenantId, id]);
      await this.event(m, p, id, 'deleted', {});
      await this.audit.record(m, ctx, { action: 'lead.delete', resourceType: 'lead', resourceId: id });
    });
  }

  async restore(ctx: Caller, id: string): Promise<LeadDto> {
    const p = ctx.principal;
    return this.db.run(p.tenantId, async (m) => {
      const lead = await this.load(m, p.tenantId, id, true);
      if (!lead.deletedAt) return lead;
      let restored: LeadRow;
      try {
        [restored] = await queryRows<LeadRow>(m, `UPDATE leads l SET deleted_at = NULL WHERE l.tenant_id = $1 AND l.id = $2 RETURNING ${LEAD_COLUMNS_SQL}`, [p.tenantId, id]);
      } catch (error) {
        // Meanwhile a new open lead took the same email or phone.
        if (isUniqueViolation(error)) throw new DuplicateOpenLeadException(lead.email ? 'email' : 'phone');
        throw error;
      }
      await this.event(m, p, id, 'restored', {});
      await this.audit.record(m, ctx, { action: 'lead.restore', resourceType: 'lead', resourceId: id });
      return restored;
    });
  }

  // One set-based statement: select the targets, classify what may not change (illegal transition,
  // someone else's lead for an agent), update the rest, and write one event per changed lead.
  async bulkUpdate(ctx: Caller, dto: BulkUpdateLeadsDto): Promise<BulkUpdateResultDto> {
    const p = ctx.principal;
    const set = dto.set;
    const assign = set.assigneeId !== undefined;
    if (assign && set.assigneeId !== null && set.assigneeId !== selfId(p) && !changesAnyLead(p)) throw new AssignNotAllowedException();
    const addTags = normaliseTags(set.addTags ?? []);
    const removeTags = normaliseTags(set.removeTags ?? []).map((t) => t.toLowerCase());
    const touchesTags = addTags.length > 0 || removeTags.length > 0;
    if (!set.status && !set.priority && !assign && !touchesTags) {
      throw new ValidationException([{ field: 'set', message: 'give at least one of status, priority, assigneeId, addTags, removeTags' }]);
    }
    return this.db.run(p.tenantId, async (m) => {
      if (assign) await this.checkAssignee(m, p, set.assigneeId ?? null);
      const target = this.targetWhere(p, dto);
      const params = target.params;
      const param = (value: unknown, cast: string) => {
        params.push(value);
        return `$${params.length}::${cast}`;
      };
      const status = param(set.status ?? null, 'text');
      const from = param(set.status ? predecessorsOf(set.status) : [], 'text[]');
      const priority = param(set.priority ?? null, 'text');
      const restricted = param(!changesAnyLead(p), 'boolean');
      const me = param(selfId(p), 'uuid');
      const tagsSql = touchesTags
        ? `ARRAY(SELECT (array_agg(x.t ORDER BY x.n))[1] FROM unnest(l.tags || ${param(addTags, 'text[]')}) WITH ORDINALITY AS x(t, n)
                  WHERE NOT (lower(x.t) = ANY(${param(removeTags, 'text[]')})) GROUP BY lower(x.t) ORDER BY min(x.n))`
        : 'l.tags';
      const assigneeSql = assign ? param(set.assigneeId ?? null, 'uuid') : 'l.assignee_id';
      const actor = actorOf(p);
      const actorType = param(actor.type, 'text');
      const actorId = param(actor.id, 'uuid');
      const change = (column: string) =>
        `CASE WHEN c.${column} IS DISTINCT FROM ch.${column} THEN jsonb_build_object('from', c.${column}, 'to', ch.${column}) END`;
      const [result] = await m.query(
        `WITH matched AS (
           SELECT l.id, l.status, l.priority, l.assignee_id, l.tags FROM leads l WHERE ${target.sql}
         ), classified AS (
           SELECT mt.*, CASE
               WHEN ${status} IS NOT NULL AND mt.status <> ${status} AND NOT (mt.status = ANY(${from})) THEN 'invalid_status_transition'
               WHEN ${restricted} AND mt.assignee_id IS NOT NULL AND mt.assignee_id IS DISTINCT FROM ${me} THEN 'lead_not_assigned_to_you'
             END AS reason
           FROM matched mt
         ), changed AS (
           UPDATE leads l SET status = coalesce(${status}, l.status), priority = coalesce(${priority}, l.priority),
                              assignee_id = ${assigneeSql}, tags = ${tagsSql}
             FROM classified c
            WHERE l.tenant_id = ${param(p.tenantId, 'uuid')} AND l.id = c.id AND c.reason IS NULL
              AND (${status} IS NULL OR l.status = ${status} OR l.status = ANY(${from}))
              AND (l.status IS DISTINCT FROM coalesce(${status}, l.status) OR l.priority IS DISTINCT FROM coalesce(${priority}, l.priority)
                   OR l.assignee_id IS DISTINCT FROM ${assigneeSql} OR l.tags IS DISTINCT FROM ${tagsSql})
           RETURNING l.id, l.tenant_id, l.status, l.priority, l.assignee_id, l.tags
         ), events AS (
           INSERT INTO lead_events (tenant_id, lead_id, type, actor_type, actor_id, data)
           SELECT ch.tenant_id, ch.id, 'updated', ${actorType}, ${actorId},
                  jsonb_build_object('bulk', true, 'changes', (SELECT coalesce(jsonb_object_agg(k, v), '{}') FROM jsonb_each(jsonb_build_object(
                    'status', ${change('status')}, 'priority', ${change('priority')},
                    'assigneeId', ${change('assignee_id')}, 'tags', ${change('tags')})) AS e(k, v) WHERE v <> 'null'::jsonb))
             FROM changed ch JOIN classified c ON c.id = ch.id
         )
         SELECT (SELECT count(*) FROM matched)::int AS matched,
                (SELECT count(*) FROM changed)::int AS updated,
                (SELECT count(*) FROM classified WHERE reason IS NOT NULL)::int AS "skippedCount",
                (SELECT coalesce(jsonb_agg(jsonb_build_object('id', s.id, 'reason', s.reason)), '[]')
                   FROM (SELECT id, reason FROM classified WHERE reason IS NOT NULL ORDER BY id LIMIT ${SKIPPED_REPORT_LIMIT}) s) AS skipped`,
        params,
      );
      const body: BulkUpdateResultDto = result;
      await this.audit.record(m, ctx, {
        action: 'lead.bulk_update',
        resourceType: 'lead',
        metadata: { ...this.describeTarget(dto), set, matched: body.matched, updated: body.updated, skipped: body.skippedCount },
      });
      return body;
    });
  }

  async bulkDelete(ctx: Caller, dto: BulkLeadsTargetDto): Promise<BulkDeleteResultDto> {
    const p = ctx.principal;
    return this.db.run(p.tenantId, async (m) => {
      const target = this.targetWhere(p, dto);
      const params = target.params;
      let restriction = '';
      if (!changesAnyLead(p)) {
        params.push(selfId(p));
        restriction = ` AND (l.assignee_id IS NULL OR l.assignee_id = $${params.length}::uuid)`;
      }
      const actor = actorOf(p);
      params.push(actor.type, actor.id);
      const [{ deleted }] = await m.query(
        `WITH deleted AS (
           UPDATE leads l SET deleted_at = now() WHERE ${target.sql}${restriction} RETURNING l.id, l.tenant_id
         ), events AS (
           INSERT INTO lead_events (tenant_id, lead_id, type, actor_type, actor_id, data)
           SELECT d.tenant_id, d.id, 'deleted', $${params.length - 1}::text, $${params.length}::uuid, '{"bulk": true}'::jsonb FROM deleted d
         )
         SELECT count(*)::int AS deleted FROM deleted`,
        params,
      );
      await this.audit.record(m, ctx, { action: 'lead.bulk_delete', resourceType: 'lead', metadata: { ...this.describeTarget(dto), deleted } });
      return { deleted };
    });
  }

  // Trashed leads are never bulk targets, whatever the filter says.
  private targetWhere(p: Principal, dto: BulkLeadsTargetDto) {
    if ((dto.ids === undefined) === (dto.filter === undefined)) throw new BulkTargetException();
    if (dto.ids) {
      const where = leadWhere(p.tenantId, {});
      where.params.push([...new Set(dto.ids)]);
      return { sql: `${where.sql} AND l.id = ANY($${where.params.length}::uuid[])`, params: where.params };
    }
    return leadWhere(p.tenantId, { ...toLeadFilter(dto.filter!, p), includeDeleted: false });
  }

  private describeTarget(dto: BulkLeadsTargetDto): Record<string, unknown> {
    return dto.ids ? { ids: dto.ids.length } : { filter: describeFilter(dto.filter!) };
  }

  private async load(m: EntityManager, tenantId: string, id: string, lock = false): Promise<LeadDto> {
    const [row] = await m.query(`SELECT ${LEAD_COLUMNS_SQL} FROM leads l WHERE l.tenant_id = $1 AND l.id = $2${lock ? ' FOR UPDATE' : ''}`, [tenantId, id]);
    if (!row) throw new LeadNotFoundException();
    return row;
  }

  // The lead, locked for this transaction, checked to be out of the trash and at the version expected.
  private async loadForChange(m: EntityManager, tenantId: string, id: string, expectedVersion: number | null): Promise<LeadDto> {
    const lead = await this.load(m, tenantId, id, true);
    if (lead.deletedAt) throw new LeadInTrashException();
    if (expectedVersion !== null && lead.version !== expectedVersion) throw new LeadVersionMismatchException(lead.version);
    return lead;
  }

  private async event(m: EntityManager, p: Principal, leadId: string, type: string, data: Record<string, unknown>): Promise<LeadEventDto> {
    const actor = actorOf(p);
    const [event] = await m.query(
      `INSERT INTO lead_events (tenant_id, lead_id, type, actor_type, actor_id, data) VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING id, lead_id AS "leadId", type, actor_type AS "actorType", actor_id AS "actorId", data, created_at AS "createdAt"`,
      [p.tenantId, leadId, type, actor.type, actor.id, JSON.stringify(data)],
    );
    return event;
  }
}
