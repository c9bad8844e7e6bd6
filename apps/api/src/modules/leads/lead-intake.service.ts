import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SubjectHasher } from '../../common/crypto/subject-hasher.service';
import { TenantDb } from '../../common/db/tenant-db.service';
import type { FieldError } from '../../common/problem/problem.exception';
import type { AuditValues } from '../audit/audit.service';
import { IngestContentionException } from './ingest-contention.exception';
import type { NormalisedLead } from './lead-input';
import { LeadIntakeRepository, type IntakeEventRow, type LeadRow } from './lead-intake.repository';
import { withTransactionRetry } from './transaction-retry';
import { AssignmentService } from '../rules/assignment.service';
import { conditionLeadOf, ScoringService } from '../rules/scoring.service';

export type IntakeEvent = 'created' | 'resubmitted' | 'updated_from_source';

export type IntakeResult =
  // `row`: the stored lead as the INSERT returned it (column names), when IntakeOptions.returnRows asked.
  | { index: number; status: 'created'; id: string; event: IntakeEvent; row?: LeadRow; audited?: boolean }
  | { index: number; status: 'merged'; id: string; event: IntakeEvent }
  | { index: number; status: 'error'; errors: FieldError[] }
  // The person was erased and their email or phone is on the suppression list: nothing was stored.
  // Callers answer as for a success, so the refusal reveals nothing to whoever sent it.
  | { index: number; status: 'suppressed' };

export interface IntakeActor {
  type: 'user' | 'api_key' | 'system' | 'anonymous';
  id?: string | null;
}

export interface IntakeOptions {
  actor: IntakeActor;
  // upsert: a lead with the same source + sourceRef is updated; create: only email/phone merge.
  mode?: 'create' | 'upsert';
  // Return each created lead's full row, so a caller answering with the lead need not read it again.
  returnRows?: boolean;
  // Added to the data of every lead event this intake writes (e.g. the webhook delivery it came from).
  eventData?: Record<string, unknown>;
  // For a one-lead intake: the audit entry of its creation, written by the statement that stores it (its
  // resource id filled in); the result says `audited` when it was.
  createdAudit?: AuditValues;
}

// A timeline entry a caller adds beside the intake's own (e.g. `appointment.canceled`).
export interface ExtraLeadEvent {
  leadId: string;
  type: string;
  data: Record<string, unknown>;
}

interface Item {
  index: number;
  lead: NormalisedLead;
  // Added to the data of this item's lead events, over IntakeOptions.eventData (a batch of webhook
  // deliveries names each item's own delivery).
  eventData?: Record<string, unknown>;
}

// A concurrent writer can archive or delete the lead we conflicted with before we read it; after this
// many rounds the batch gives up rather than loop.
const MAX_ROUNDS = 3;

// What a merge keeps of the new submission, so nothing the person sent is lost.
function submissionData(lead: NormalisedLead): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(lead)) {
    if (value === null || (Array.isArray(value) && value.length === 0)) continue;
    if (key === 'metadata' && Object.keys(value as object).length === 0) continue;
    data[key] = value;
  }
  return data;
}

function auditWithResource(values: AuditValues, id: string): AuditValues {
  const copy: AuditValues = [...values];
  copy[6] = id;
  return copy;
}

// Items sharing an email, a phone or a source reference are one person: the first one is stored and
// the later ones merge into it, so a batch never races with itself on the unique indexes.
function groupWithinBatch(items: Item[]): Map<number, number> {
  const parent = items.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  const firstByKey = new Map<string, number>();
  items.forEach(({ lead }, i) => {
    const keys = [lead.email && `e:${lead.email}`, lead.phone && `p:${lead.phone}`, lead.sourceRef && `r:${lead.source}\u0000${lead.sourceRef}`];
    for (const key of keys) {
      if (!key) continue;
      const seen = firstByKey.get(key);
      if (seen === undefined) {
        firstByKey.set(key, i);
        continue;
      }
      const [a, b] = [find(seen), find(i)];
      // The earliest item of the group stays its root.
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
  });
  const rootOf = new Map<number, number>();
  items.forEach((_, i) => rootOf.set(i, find(i)));
  return rootOf;
}

// Stores leads with set-based SQL inside the caller's tenant transaction: one INSERT ... ON CONFLICT DO
// NOTHING for the batch (with the 'created' events of the leads it stored), and only when some items
// conflicted: one look-up of the conflicting leads, one UPDATE for source-reference matches and one INSERT
// for the other lead events. The partial unique indexes on open leads make this race-safe.
@Injectable()
export class LeadIntakeService {
  constructor(
    private readonly repository: LeadIntakeRepository,
    private readonly db: TenantDb,
    private readonly hasher: SubjectHasher,
    private readonly scoring: ScoringService,
    private readonly assignment: AssignmentService,
  ) {}

  // One new lead in a transaction of its own, in one round trip (the lead, its 'created' event and the
  // audit entry in one statement, then its assignment turn when a rule matches it). Answers the stored row, or null when it would merge into an existing
  // lead (or cannot be sent this way): the caller then runs ingest() in its own transaction, which
  // finds the match. Dedup stays with the unique indexes, so a race changes nothing.
  async createAlone(tenantId: string, lead: NormalisedLead, options: { actor: IntakeActor; createdAudit: AuditValues }): Promise<LeadRow | null> {
    const id = randomUUID();
    const scored = this.scoring.scoreNew(await this.scoring.modelFor(tenantId), lead);
    // The assignment rules' turn: taken already (the lead is stored with its user), or statements of the
    // same script after the INSERT (see AssignmentService.intakeTurn).
    const { assignment, then } = await this.assignment.intakeTurn(tenantId, id, { ...conditionLeadOf(lead), score: scored.score });
    try {
      return await withTransactionRetry(() =>
        this.repository.insertOneAlone(
          this.db,
          tenantId,
          { id, lead, scored, assignment },
          { actor: options.actor, returnRows: true, audit: auditWithResource(options.createdAudit, id), unlessSuppressed: this.hasher.ofLead(tenantId, lead) },
          then,
        ),
      );
    } catch (error) {
      // A value SQL text cannot carry (inlineParams): the parameterised path stores it or says why not.
      if (error instanceof RangeError) return null;
      throw error;
    }
  }

  // Every channel's leads come through here, so this is the one place that refuses an erased person:
  // one indexed look-up of the batch's email and phone hashes, then the rest is stored as usual.
  async ingest(m: EntityManager, tenantId: string, leads: Item[], options: IntakeOptions): Promise<IntakeResult[]> {
    const hashes = leads.map((item) => this.hasher.ofLead(tenantId, item.lead));
    const all = hashes.flat();
    const blocked = all.length > 0 ? await this.repository.suppressed(m, tenantId, all) : new Set<string>();
    if (blocked.size === 0) return this.store(m, tenantId, leads, options);
    const isBlocked = (i: number) => hashes[i].some((h) => blocked.has(h));
    const kept = leads.filter((_, i) => !isBlocked(i));
    const stored = kept.length > 0 ? await this.store(m, tenantId, kept, options) : [];
    const skipped = leads.length - kept.length;
    await this.repository.auditSuppressed(m, tenantId, options.actor, { skipped, source: leads[0].lead.source, subjectHashes: [...blocked] });
    let next = 0;
    return leads.map((item, i) => (isBlocked(i) ? { index: item.index, status: 'suppressed' as const } : stored[next++]));
  }

  private async store(m: EntityManager, tenantId: string, leads: Item[], options: IntakeOptions): Promise<IntakeResult[]> {
    const mode = options.mode ?? 'upsert';
    const rootOf = groupWithinBatch(leads);
    const results = new Map<number, Exclude<IntakeResult, { status: 'suppressed' }>>();
    const events: IntakeEventRow[] = [];
    const merged = new Set<string>();
    const model = await this.scoring.modelFor(tenantId, m);
    const scored = leads.map((item) => this.scoring.scoreNew(model, item.lead));
    const updatedFromSource: string[] = [];

    let pending = leads.map((_, i) => i).filter((i) => rootOf.get(i) === i);
    for (let round = 0; round < MAX_ROUNDS && pending.length > 0; round++) {
      const ids = new Map<number, string>(pending.map((i) => [i, randomUUID()]));
      // Only a lone lead's first attempt carries the audit entry: a merge is audited by the caller.
      const audit = options.createdAudit && leads.length === 1 && round === 0 ? auditWithResource(options.createdAudit, ids.get(pending[0])!) : undefined;
      const inserted = await this.repository.insertNew(
        m,
        tenantId,
        pending.map((i) => ({ id: ids.get(i)!, lead: leads[i].lead, scored: scored[i], eventData: leads[i].eventData })),
        { actor: options.actor, returnRows: options.returnRows === true, eventData: options.eventData, audit },
      );
      const conflicted: number[] = [];
      for (const i of pending) {
        const id = ids.get(i)!;
        if (inserted.has(id)) {
          const row = inserted.get(id);
          // Its 'created' event was stored by the same statement.
          results.set(i, { index: leads[i].index, status: 'created', id, event: 'created', ...(row ? { row } : {}), ...(audit ? { audited: true } : {}) });
        } else {
          conflicted.push(i);
        }
      }
      pending = [];
      if (conflicted.length === 0) break;

      const matches = await this.repository.match(m, tenantId, conflicted.map((i) => ({ ord: i, lead: leads[i].lead })));
      const updates: Array<{ id: string; lead: NormalisedLead }> = [];
      for (const match of matches) {
        const i = match.ord;
        const item = leads[i];
        if (mode === 'upsert' && match.ref_id) {
          updates.push({ id: match.ref_id, lead: item.lead });
          results.set(i, { index: item.index, status: 'merged', id: match.ref_id, event: 'updated_from_source' });
          events.push({
            leadId: match.ref_id,
            type: 'updated_from_source',
            data: { ...submissionData(item.lead), ...options.eventData, ...item.eventData },
          });
        } else if (match.email_id || match.phone_id) {
          const id = (match.email_id ?? match.phone_id)!;
          merged.add(id);
          results.set(i, { index: item.index, status: 'merged', id, event: 'resubmitted' });
          events.push({ leadId: id, type: 'resubmitted', data: { ...submissionData(item.lead), ...options.eventData, ...item.eventData } });
        } else if (match.ref_id) {
          results.set(i, { index: item.index, status: 'error', errors: [{ field: 'sourceRef', message: 'a lead with this source and sourceRef already exists' }] });
        } else {
          // The lead we collided with was archived or deleted meanwhile: try inserting again.
          pending.push(i);
        }
      }
      if (updates.length > 0) {
        await this.repository.updateFromSource(m, tenantId, updates);
        updatedFromSource.push(...updates.map((u) => u.id));
      }
    }
    if (pending.length > 0) throw new IngestContentionException();

    leads.forEach((item, i) => {
      const root = rootOf.get(i)!;
      if (root === i) return;
      const target = results.get(root)!;
      if (target.status === 'error') {
        results.set(i, { index: item.index, status: 'error', errors: target.errors });
        return;
      }
      merged.add(target.id);
      results.set(i, { index: item.index, status: 'merged', id: target.id, event: 'resubmitted' });
      events.push({
        leadId: target.id,
        type: 'resubmitted',
        data: { ...submissionData(item.lead), ...options.eventData, ...item.eventData },
      });
    });

    await this.repository.touch(m, tenantId, [...merged]);
    // A new version from the source may change what the score reads; new leads go to whoever the
    // assignment rules say, in this transaction.
    await this.scoring.rescoreLeads(m, tenantId, updatedFromSource);
    const created = [...results.values()].flatMap((r) => (r.status === 'created' ? [r.id] : []));
    const assigned = await this.assignment.routeNew(m, tenantId, created);
    for (const result of results.values()) {
      if (result.status === 'created' && result.row && assigned.has(result.id)) {
        result.row.assignee_id = assigned.get(result.id);
        result.row.version = Number(result.row.version) + 1;
      }
    }
    await this.repository.insertEvents(m, tenantId, events, options.actor);
    return leads.map((_, i) => results.get(i)!);
  }

  // After a large load (an import), so that the next reads are planned on what is now in the table
  // rather than wait for autovacuum. Call it outside the load's transactions.
  analyzeAfterLoad(m: EntityManager): Promise<void> {
    return this.repository.analyze(m);
  }

  // Timeline entries of the caller's own, in the same transaction as the intake they follow.
  addEvents(m: EntityManager, tenantId: string, events: ExtraLeadEvent[], actor: IntakeActor): Promise<void> {
    return this.repository.insertEvents(m, tenantId, events, actor);
  }
}
