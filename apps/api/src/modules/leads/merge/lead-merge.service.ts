import { Injectable } from '@nestjs/common';
import { defaultMergeSource, LEAD_MERGE_FIELDS, LEAD_MERGE_UNDO_DAYS } from '@hotleads/shared';
import type { EntityManager } from 'typeorm';
import type { ApiKeyPrincipal, UserPrincipal } from '../../../common/auth/principal';
import type { AuthedContext } from '../../../common/auth/request-context';
import { TenantDb } from '../../../common/db/tenant-db.service';
import { isUniqueViolation } from '../../../common/db/unique-violation';
import type { FieldError } from '../../../common/problem/problem.exception';
import { ValidationException } from '../../../common/problem/validation.exception';
import { AuditService } from '../../audit/audit.service';
import { ScoringService } from '../../rules/scoring.service';
import { toLeadDto, type LeadRow } from '../lead-dto.mapper';
import { LeadRepository } from '../lead.repository';
import { normaliseTags } from '../lead-rules';
import { DuplicateOpenLeadException, LeadInTrashException, LeadNotFoundException, LeadVersionMismatchException } from '../triage/lead-exceptions';
import { actorOf, assertMayChange } from '../triage/lead-triage.service';
import type { LeadMergeDto, LeadMergeUndoneDto } from './dto/lead-merge.dto';
import type { MergeLeadsDto } from './dto/merge-leads.dto';
import { LeadMergeAlreadyUndoneException, LeadMergeNotFoundException, LeadMergeUndoConflictException, LeadMergeUndoExpiredException } from './lead-merge.exceptions';
import { LeadMergeRepository, MERGE_COLUMNS, type LeadImage, type LeadMergeRow, type MergeColumn } from './lead-merge.repository';

type Caller = AuthedContext<UserPrincipal | ApiKeyPrincipal>;

const DAY_MS = 24 * 60 * 60_000;
const undoUntil = (createdAt: Date) => new Date(new Date(createdAt).getTime() + LEAD_MERGE_UNDO_DAYS * DAY_MS);
const toIso = (value: unknown) => (value instanceof Date ? value.toISOString() : value);

// Merging leads into one and undoing it. A merge hides the other leads the way the trash does (so lists,
// the duplicate finder, uniqueness and the stats treat them as deleted), moves their timeline and
// enrichments to the survivor, and records the leads as they were; the undo puts all of it back.
@Injectable()
export class LeadMergeService {
  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
    private readonly leads: LeadRepository,
    private readonly merges: LeadMergeRepository,
    private readonly scoring: ScoringService,
  ) {}

  async merge(ctx: Caller, dto: MergeLeadsDto): Promise<LeadMergeDto> {
    const p = ctx.principal;
    const ids = [dto.survivorId, ...dto.leadIds];
    checkRequest(dto, ids);
    return this.db.run(p.tenantId, async (m) => {
      const rows = await this.merges.lock(m, p.tenantId, ids);
      if (rows.length !== ids.length) throw new LeadNotFoundException();
      for (const lead of rows) {
        if (lead.deletedAt) throw new LeadInTrashException();
        const expected = dto.versions?.[lead.id];
        if (expected !== undefined && expected !== lead.version) throw new LeadVersionMismatchException(lead.version);
        assertMayChange(p, lead);
      }
      const survivor = rows.find((r) => r.id === dto.survivorId)!;
      const others = dto.leadIds.map((id) => rows.find((r) => r.id === id)!);

      const fields: Record<string, string> = {};
      const columns: Partial<Record<MergeColumn, unknown>> = {};
      for (const field of LEAD_MERGE_FIELDS) {
        const source = dto.fields?.[field] ?? defaultMergeSource(rows, survivor.id, (lead) => lead[field]);
        fields[field] = source;
        const value = rows.find((r) => r.id === source)![field];
        if (JSON.stringify(toIso(value)) !== JSON.stringify(toIso(survivor[field]))) columns[MERGE_COLUMNS[field]] = value;
      }
      const tags = normaliseTags([survivor, ...others].flatMap((lead) => lead.tags));
      if (JSON.stringify(tags) !== JSON.stringify(survivor.tags)) columns.tags = tags;

      const before: Record<string, LeadImage> = Object.fromEntries(rows.map((r) => [r.id, r.image]));
      // Hidden first: the survivor may take over an email or phone that only one open lead may hold.
      await this.merges.hide(m, p.tenantId, dto.leadIds);
      const moved = {
        events: await this.merges.moveEvents(m, p.tenantId, dto.leadIds, survivor.id),
        enrichments: await this.merges.moveEnrichments(m, p.tenantId, dto.leadIds, survivor.id),
      };
      try {
        await this.merges.setSurvivor(m, p.tenantId, survivor.id, columns);
      } catch (error) {
        if (isUniqueViolation(error)) throw new DuplicateOpenLeadException(columns.email !== undefined ? 'email' : columns.phone !== undefined ? 'phone' : 'lead');
        throw error;
      }
      // What scoring reads (priority, tags, company, ...) may have changed: the score follows at once.
      await this.scoring.rescoreLeads(m, p.tenantId, [survivor.id]);
      const merged = await this.load(m, p.tenantId, survivor.id);

      const actor = actorOf(p);
      const row = await this.merges.insert(m, p.tenantId, {
        survivorId: survivor.id,
        mergedIds: dto.leadIds,
        fields,
        before,
        moved,
        survivorVersion: merged.version,
        actor,
      });
      const from = others.map((lead) => ({ id: lead.id, name: lead.name, email: lead.email, phone: lead.phone }));
      await this.leads.addEvent(m, p.tenantId, survivor.id, 'merged', actor, { mergeId: row.id, from });
      for (const lead of others) await this.leads.addEvent(m, p.tenantId, lead.id, 'merged_into', actor, { mergeId: row.id, survivorId: survivor.id });
      await this.audit.record(m, ctx, {
        action: 'lead.merge',
        resourceType: 'lead',
        resourceId: survivor.id,
        metadata: { mergeId: row.id, mergedIds: dto.leadIds, fields },
      });
      return toMergeDto(row, merged);
    });
  }

  async undo(ctx: Caller, mergeId: string): Promise<LeadMergeUndoneDto> {
    const p = ctx.principal;
    return this.db.run(p.tenantId, async (m) => {
      const merge = await this.merges.findForUpdate(m, p.tenantId, mergeId);
      if (!merge) throw new LeadMergeNotFoundException();
      if (merge.undoneAt) throw new LeadMergeAlreadyUndoneException(new Date(merge.undoneAt));
      if (undoUntil(merge.createdAt).getTime() < Date.now()) throw new LeadMergeUndoExpiredException();

      const rows = await this.merges.lock(m, p.tenantId, [merge.survivorId, ...merge.mergedIds]);
      const survivor = rows.find((r) => r.id === merge.survivorId);
      if (!survivor || rows.length !== merge.mergedIds.length + 1) throw new LeadMergeUndoConflictException('One of the leads was deleted for good since the merge.');
      if (survivor.deletedAt) throw new LeadMergeUndoConflictException('The lead the others were merged into is in the trash; restore it first.');
      if (survivor.version !== merge.survivorVersion) {
        throw new LeadMergeUndoConflictException('The lead the others were merged into was edited after the merge; undoing would lose that edit.');
      }
      for (const lead of rows) assertMayChange(p, lead);

      await this.merges.moveBack(m, 'lead_events', p.tenantId, merge.survivorId, merge.moved.events ?? {});
      await this.merges.moveBack(m, 'lead_enrichments', p.tenantId, merge.survivorId, merge.moved.enrichments ?? {});
      const restored: LeadRow[] = [];
      try {
        // The survivor first: it gives back the email or phone it took over.
        for (const id of [merge.survivorId, ...merge.mergedIds]) restored.push(await this.merges.restore(m, p.tenantId, id, merge.before[id]));
      } catch (error) {
        if (isUniqueViolation(error)) throw new DuplicateOpenLeadException('lead');
        throw error;
      }
      const undoneAt = await this.merges.markUndone(m, p.tenantId, merge.id);
      const actor = actorOf(p);
      for (const lead of restored) await this.leads.addEvent(m, p.tenantId, lead.id, 'merge_undone', actor, { mergeId: merge.id, survivorId: merge.survivorId });
      await this.audit.record(m, ctx, {
        action: 'lead.merge_undo',
        resourceType: 'lead',
        resourceId: merge.survivorId,
        metadata: { mergeId: merge.id, mergedIds: merge.mergedIds },
      });
      return { id: merge.id, undoneAt, leads: restored.map((lead) => toLeadDto(lead)) };
    });
  }

  private async load(m: EntityManager, tenantId: string, id: string): Promise<LeadRow> {
    const lead = await this.leads.find(m, tenantId, id);
    if (!lead) throw new LeadNotFoundException();
    return lead;
  }
}

// What class-validator cannot say: the survivor is not among the merged leads, each field names one of
// the merged leads, and the versions are positive integers of those leads.
function checkRequest(dto: MergeLeadsDto, ids: string[]): void {
  const errors: FieldError[] = [];
  if (dto.leadIds.includes(dto.survivorId)) errors.push({ field: 'leadIds', message: 'must not contain survivorId' });
  for (const [field, source] of Object.entries(dto.fields ?? {})) {
    if (source !== undefined && !ids.includes(source)) errors.push({ field: `fields.${field}`, message: 'must be survivorId or one of leadIds' });
  }
  for (const [id, version] of Object.entries(dto.versions ?? {})) {
    if (!ids.includes(id)) errors.push({ field: `versions.${id}`, message: 'must be survivorId or one of leadIds' });
    else if (!Number.isInteger(version) || version < 1) errors.push({ field: `versions.${id}`, message: 'must be a positive integer' });
  }
  if (errors.length > 0) throw new ValidationException(errors);
}

function toMergeDto(row: LeadMergeRow, survivor: LeadRow): LeadMergeDto {
  const createdAt = new Date(row.createdAt);
  return {
    id: row.id,
    survivorId: row.survivorId,
    mergedIds: row.mergedIds,
    fields: row.fields,
    createdAt,
    undoUntil: undoUntil(createdAt),
    undoneAt: row.undoneAt ? new Date(row.undoneAt) : null,
    survivor: toLeadDto(survivor),
  };
}
