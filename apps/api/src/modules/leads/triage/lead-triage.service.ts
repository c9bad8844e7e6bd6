import { Injectable } from '@nestjs/common';
import { canTransition, LEAD_STATUS_TRANSITIONS, LEAD_STATUSES, type LeadStatus } from '@hotleads/shared';
import type { EntityManager } from 'typeorm';
import type { AuthedContext } from '../../../common/auth/request-context';
import type { ApiKeyPrincipal, Principal, UserPrincipal } from '../../../common/auth/principal';
import type { BatchRead } from '../../../common/db/batch-read';
import { TenantDb } from '../../../common/db/tenant-db.service';
import { isUniqueViolation } from '../../../common/db/unique-violation';
import { ValidationException } from '../../../common/problem/validation.exception';
import { decodeAuditCursor, encodeAuditCursor } from '../../audit/audit-cursor';
import { AuditService } from '../../audit/audit.service';
import { InvalidCursorException } from '../../audit/invalid-cursor.exception';
import type { LeadDto } from '../dto/lead.dto';
import { toLeadDto, type LeadRow } from '../lead-dto.mapper';
import { ANALYZE_AFTER_ROWS, LeadRepository, type Actor, type LeadColumn } from '../lead.repository';
import { LeadStatsRepository } from '../stats/lead-stats.repository';
import { decodeLeadCursor, encodeLeadCursor, EXACT_COUNT_LIMIT, leadWhere, rollupDimensionOf, type LeadFilter } from '../lead-list-query';
import { normaliseEmail } from '../../../common/email/normalise-email';
import { normalisePhone } from '../lead-input';
import { isStatusUndo, normaliseTags } from '../lead-rules';
import { withTransactionRetry } from '../transaction-retry';
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
import { ScoringService } from '../../rules/scoring.service';
import { LeadMergedException } from '../merge/lead-merge.exceptions';
import { LeadMergeRepository } from '../merge/lead-merge.repository';

type Caller = AuthedContext<UserPrincipal | ApiKeyPrincipal>;

// The total's place in the list's batch when the rollup cannot count the filter.
const NO_TOTAL: BatchRead<null> = { sql: 'SELECT WHERE false', params: [], map: () => null };

const DEFAULT_LIMIT = 50;
const EVENTS_DEFAULT_LIMIT = 50;
// Bulk changes of at least this many leads fold their stats deltas in before answering.
const COMPACT_AFTER_ROWS = 1_000;

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
} as const satisfies Record<keyof UpdateLeadDto, LeadColumn>;
type Field = keyof typeof COLUMNS;

export function actorOf(p: Principal): Actor {
  return p.kind === 'user' ? { type: 'user', id: p.userId } : { type: 'api_key', id: p.apiKeyId };
}

// Managers and above (leads:assign) change any lead; everyone else only unassigned leads and their own.
const changesAnyLead = (p: Principal) => p.permissions.includes('leads:assign');
const selfId = (p: Principal) => (p.kind === 'user' ? p.userId : null);

export function assertMayChange(p: Principal, lead: { assigneeId: string | null }): void {
  if (changesAnyLead(p) || lead.assigneeId === null || lead.assigneeId === selfId(p)) return;
  throw new LeadNotYoursException();
}

// The statuses a lead may come from to reach `to`.
function predecessorsOf(to: LeadStatus): LeadStatus[] {
  return LEAD_STATUSES.filter((from) => canTransition(from, to));
}

const toIso = (value: unknown) => (value instanceof Date ? value.toISOString() : value);

function emptyToNull(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

// Triage: what staff (and integrations with the right scopes) do with leads once they are in. The rules
// live here; the SQL in LeadRepository.
@Injectable()
export class LeadTriageService {
  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
    private readonly leads: LeadRepository,
    private readonly stats: LeadStatsRepository,
    private readonly scoring: ScoringService,
    private readonly merges: LeadMergeRepository,
  ) {}

  async list(ctx: Caller, query: ListLeadsQueryDto): Promise<LeadPageDto> {
    const filter = toLeadFilter(query, ctx.principal);
    const sort = query.sort ?? '-createdAt';
    const after = query.cursor ? decodeLeadCursor(query.cursor, sort) : null;
    if (query.cursor && !after) throw new InvalidCursorException();
    const limit = query.limit ?? DEFAULT_LIMIT;
    const { tenantId } = ctx.principal;
    const rollup = rollupDimensionOf(filter);
    // The page and, for a filter the stats rollup counts, its exact total: one round trip.
    const [page, rollupTotal] = await this.db.reads(tenantId, [
      this.leads.page({ tenantId, filter, sort, after, limit }),
      rollup ? this.stats.allTimeCount(tenantId, rollup.dimension, rollup.values) : NO_TOTAL,
    ] as const);
    // A first page that holds every match is its own exact total (a search, a narrow filter).
    let total: { total: number; totalIsEstimate: boolean };
    if (!after && !page.next) total = { total: page.rows.length, totalIsEstimate: false };
    else if (rollupTotal !== null) total = { total: rollupTotal, totalIsEstimate: false };
    else total = await this.db.run(tenantId, (m) => this.countOrEstimate(m, tenantId, filter));
    return { data: page.rows.map((row) => toLeadDto(row)), nextCursor: page.next ? encodeLeadCursor(page.next) : null, ...total };
  }

  // For a filter the rollup cannot count: exact while counting is cheap (the planner expects few rows and
  // a bounded count confirms it), beyond that the planner's estimate, marked as one. A list never waits on
  // a big count.
  private async countOrEstimate(m: EntityManager, tenantId: string, filter: LeadFilter): Promise<{ total: number; totalIsEstimate: boolean }> {
    const estimate = await this.leads.estimate(m, tenantId, filter);
    if (estimate <= EXACT_COUNT_LIMIT * 2) {
      const n = await this.leads.boundedCount(m, tenantId, filter);
      if (n <= EXACT_COUNT_LIMIT) return { total: n, totalIsEstimate: false };
      return { total: Math.max(estimate, n), totalIsEstimate: true };
    }
    return { total: estimate, totalIsEstimate: true };
  }

  // Also finds a lead in the trash (deletedAt is set), so it can be shown and restored.
  get(ctx: Caller, id: string): Promise<LeadDto> {
    return this.db.run(ctx.principal.tenantId, async (m) => toLeadDto(await this.load(m, ctx.principal.tenantId, id)));
  }

  async events(ctx: Caller, id: string, query: { limit?: number; cursor?: string }): Promise<LeadEventPageDto> {
    const after = query.cursor ? decodeAuditCursor(query.cursor) : null;
    if (query.cursor && !after) throw new InvalidCursorException();
    const limit = query.limit ?? EVENTS_DEFAULT_LIMIT;
    const { tenantId } = ctx.principal;
    return this.db.run(tenantId, async (m) => {
      await this.load(m, tenantId, id);
      const rows = await this.leads.events(m, tenantId, id, limit + 1, after);
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
      if (Object.keys(changes).length === 0) return toLeadDto(lead);

      if (changes.status) {
        const from = lead.status;
        const to = changes.status.to as LeadStatus;
        if (!canTransition(from, to)) {
          const last = await this.leads.lastStatusChange(m, p.tenantId, id);
          if (!isStatusUndo(last, { from, to, actorId: selfId(p), versionChecked: expectedVersion !== null })) {
            throw new InvalidStatusTransitionException(from, to, LEAD_STATUS_TRANSITIONS[from]);
          }
        }
      }
      if (changes.assigneeId) await this.checkAssignee(m, p, changes.assigneeId.to as string | null);
      const email = 'email' in changes ? (changes.email!.to as string | null) : lead.email;
      const phone = 'phone' in changes ? (changes.phone!.to as string | null) : lead.phone;
      if (email === null && phone === null && lead.metadata.rawPhone === undefined) {
        throw new ValidationException([{ field: 'email', message: 'a lead needs an email or a phone' }]);
      }

      const columns: Partial<Record<LeadColumn, unknown>> = {};
      for (const field of Object.keys(changes) as Field[]) columns[COLUMNS[field]] = changes[field]!.to;
      let updated: LeadRow;
      try {
        updated = await this.leads.update(m, p.tenantId, id, columns);
      } catch (error) {
        if (isUniqueViolation(error)) throw new DuplicateOpenLeadException('email' in changes ? 'email' : 'phone' in changes ? 'phone' : 'lead');
        throw error;
      }
      await this.event(m, p, id, 'updated', { changes });
      await this.audit.record(m, ctx, { action: 'lead.update', resourceType: 'lead', resourceId: id, changes });
      // What a scoring condition reads changed: the score follows in this transaction.
      if (changes.priority || changes.tags || changes.company) {
        await this.scoring.rescoreLeads(m, p.tenantId, [id]);
        updated = await this.load(m, p.tenantId, id);
      }
      return toLeadDto(updated);
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
    if (!(await this.leads.isActiveUser(m, p.tenantId, assigneeId))) throw new InvalidAssigneeException();
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
      await this.leads.recordContact(m, p.tenantId, id);
      const data = { channel: dto.channel, outcome: dto.outcome ?? null, note: dto.note ?? null, firstContact: lead.firstContactedAt === null };
      const event = await this.event(m, p, id, 'activity', data);
      await this.audit.record(m, ctx, { action: 'lead.activity', resourceType: 'lead', resourceId: id, metadata: { channel: dto.channel, outcome: data.outcome, eventId: event.id } });
      // The next follow-up is part of logging the contact: one transaction, one more timeline entry.
      if (dto.nextFollowUpAt !== undefined) {
        const to = dto.nextFollowUpAt === null ? null : new Date(dto.nextFollowUpAt).toISOString();
        const from = toIso(lead.followUpAt) ?? null;
        if (from !== to) {
          const changes = { followUpAt: { from, to } };
          await this.leads.update(m, p.tenantId, id, { follow_up_at: to });
          await this.event(m, p, id, 'updated', { changes });
          await this.audit.record(m, ctx, { action: 'lead.update', resourceType: 'lead', resourceId: id, changes });
        }
      }
      return event;
    });
  }

  // Claiming is a compare-and-set on the assignee: of two agents claiming at once, exactly one wins.
  // An unread lead moves to processing, since someone is now on it.
  async claim(ctx: AuthedContext<UserPrincipal>, id: string): Promise<LeadDto> {
    const p = ctx.principal;
    return this.db.run(p.tenantId, async (m) => {
      const claimed = await this.leads.claim(m, p.tenantId, id, p.userId);
      if (!claimed) {
        const lead = await this.load(m, p.tenantId, id);
        if (lead.deletedAt) throw new LeadInTrashException();
        if (lead.assigneeId === p.userId) return toLeadDto(lead);
        throw new LeadClaimedException(lead.assigneeId!, await this.leads.holder(m, p.tenantId, id, lead.assigneeId!));
      }
      await this.event(m, p, id, 'claimed', { assigneeId: p.userId });
      await this.audit.record(m, ctx, { action: 'lead.claim', resourceType: 'lead', resourceId: id, changes: { assigneeId: { from: null, to: p.userId } } });
      return toLeadDto(claimed);
    });
  }

  async release(ctx: Caller, id: string): Promise<LeadDto> {
    const p = ctx.principal;
    return this.db.run(p.tenantId, async (m) => {
      const lead = await this.loadForChange(m, p.tenantId, id, null);
      if (lead.assigneeId === null) return toLeadDto(lead);
      assertMayChange(p, lead);
      const released = await this.leads.release(m, p.tenantId, id);
      await this.event(m, p, id, 'released', { assigneeId: lead.assigneeId });
      await this.audit.record(m, ctx, { action: 'lead.release', resourceType: 'lead', resourceId: id, changes: { assigneeId: { from: lead.assigneeId, to: null } } });
      return toLeadDto(released);
    });
  }

  // To the trash; a lead already there stays as it is.
  async remove(ctx: Caller, id: string): Promise<void> {
    const p = ctx.principal;
    await this.db.run(p.tenantId, async (m) => {
      const lead = await this.load(m, p.tenantId, id, true);
      if (lead.deletedAt) return;
      assertMayChange(p, lead);
      await this.leads.trash(m, p.tenantId, id);
      await this.event(m, p, id, 'deleted', {});
      await this.audit.record(m, ctx, { action: 'lead.delete', resourceType: 'lead', resourceId: id });
    });
  }

  async restore(ctx: Caller, id: string): Promise<LeadDto> {
    const p = ctx.principal;
    return this.db.run(p.tenantId, async (m) => {
      const lead = await this.load(m, p.tenantId, id, true);
      if (!lead.deletedAt) return toLeadDto(lead);
      const merge = await this.merges.hiddenBy(m, p.tenantId, id);
      if (merge) throw new LeadMergedException(merge.id, merge.survivorId);
      let restored: LeadRow;
      try {
        restored = await this.leads.restore(m, p.tenantId, id);
      } catch (error) {
        // Meanwhile a new open lead took the same email or phone.
        if (isUniqueViolation(error)) throw new DuplicateOpenLeadException(lead.email ? 'email' : 'phone');
        throw error;
      }
      await this.event(m, p, id, 'restored', {});
      await this.audit.record(m, ctx, { action: 'lead.restore', resourceType: 'lead', resourceId: id });
      return toLeadDto(restored);
    });
  }

  // One set-based statement (LeadRepository.bulkUpdate); illegal transitions and, for agents, others'
  // leads are skipped and reported. A big change refreshes the planner's statistics before answering.
  async bulkUpdate(ctx: Caller, dto: BulkUpdateLeadsDto): Promise<BulkUpdateResultDto> {
    const p = ctx.principal;
    const set = dto.set;
    const assign = set.assigneeId !== undefined;
    if (assign && set.assigneeId !== null && set.assigneeId !== selfId(p) && !changesAnyLead(p)) throw new AssignNotAllowedException();
    const addTags = normaliseTags(set.addTags ?? []);
    const removeTags = normaliseTags(set.removeTags ?? []).map((t) => t.toLowerCase());
    if (!set.status && !set.priority && !assign && addTags.length === 0 && removeTags.length === 0) {
      throw new ValidationException([{ field: 'set', message: 'give at least one of status, priority, assigneeId, addTags, removeTags' }]);
    }
    // A set-based change can meet another one on the same rows (the rescoring a previous change started)
    // and lose a deadlock; the whole transaction then runs again.
    // What a scoring condition reads (priority, tags) changes: the changed leads' scores follow.
    const rescore = Boolean(set.priority) || addTags.length > 0 || removeTags.length > 0;
    const body = await withTransactionRetry(() => this.db.run(p.tenantId, async (m) => {
      if (assign) await this.checkAssignee(m, p, set.assigneeId ?? null);
      const outcome = await this.leads.bulkUpdate(m, p.tenantId, this.targetWhere(p, dto), {
        status: set.status ?? null,
        statusFrom: set.status ? predecessorsOf(set.status) : [],
        priority: set.priority ?? null,
        assign,
        assigneeId: set.assigneeId ?? null,
        addTags,
        removeTags,
        restricted: !changesAnyLead(p),
        self: selfId(p),
        actor: actorOf(p),
        returnChanged: rescore,
      });
      await this.audit.record(m, ctx, {
        action: 'lead.bulk_update',
        resourceType: 'lead',
        metadata: { ...this.describeTarget(dto), set, matched: outcome.matched, updated: outcome.updated, skipped: outcome.skippedCount },
      });
      // Only the changed leads are scored again, in this transaction and set-based, as a score-only write
      // (no second version step); the rest of the workspace is left alone.
      if (outcome.changedIds) await this.scoring.rescoreLeads(m, p.tenantId, outcome.changedIds);
      const { changedIds: _changed, ...result } = outcome;
      return result;
    }));
    await this.afterBulkChange(p.tenantId, body.updated);
    return body;
  }

  async bulkDelete(ctx: Caller, dto: BulkLeadsTargetDto): Promise<BulkDeleteResultDto> {
    const p = ctx.principal;
    const deleted = await withTransactionRetry(() => this.db.run(p.tenantId, async (m) => {
      const n = await this.leads.bulkTrash(m, this.targetWhere(p, dto), changesAnyLead(p) ? undefined : selfId(p), actorOf(p));
      await this.audit.record(m, ctx, { action: 'lead.bulk_delete', resourceType: 'lead', metadata: { ...this.describeTarget(dto), deleted: n } });
      return n;
    }));
    await this.afterBulkChange(p.tenantId, deleted);
    return { deleted };
  }

  // After the commit, so both see the change. The stats deltas of a big change are folded in at once
  // instead of waiting for the job while every reader sums them. And the planner's statistics are
  // refreshed: it would otherwise keep planning the moved leads as the few the old statistics promise
  // (a top-N sort of 100,000 rows for every first page).
  private async afterBulkChange(tenantId: string, changed: number): Promise<void> {
    if (changed >= COMPACT_AFTER_ROWS) await this.db.run(tenantId, (m) => this.stats.compact(m, tenantId));
    if (changed >= ANALYZE_AFTER_ROWS) await this.db.run(tenantId, (m) => this.leads.analyze(m));
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

  private async load(m: EntityManager, tenantId: string, id: string, lock = false): Promise<LeadRow> {
    const lead = await this.leads.find(m, tenantId, id, lock);
    if (!lead) throw new LeadNotFoundException();
    return lead;
  }

  // The lead, locked for this transaction, checked to be out of the trash and at the version expected.
  private async loadForChange(m: EntityManager, tenantId: string, id: string, expectedVersion: number | null): Promise<LeadRow> {
    const lead = await this.load(m, tenantId, id, true);
    if (lead.deletedAt) throw new LeadInTrashException();
    if (expectedVersion !== null && lead.version !== expectedVersion) throw new LeadVersionMismatchException(lead.version);
    return lead;
  }

  private event(m: EntityManager, p: Principal, leadId: string, type: string, data: Record<string, unknown>): Promise<LeadEventDto> {
    return this.leads.addEvent(m, p.tenantId, leadId, type, actorOf(p), data);
  }
}
