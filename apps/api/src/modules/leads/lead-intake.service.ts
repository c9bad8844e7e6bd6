import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { FieldError } from '../../common/problem/problem.exception';
import { IngestContentionException } from './ingest-contention.exception';
import type { NormalisedLead } from './lead-input';

export type IntakeEvent = 'created' | 'resubmitted' | 'updated_from_source';

export type IntakeResult =
  // `row`: the stored lead as the INSERT returned it (column names), when IntakeOptions.returnRows asked.
  | { index: number; status: 'created'; id: string; event: IntakeEvent; row?: Record<string, unknown> }
  | { index: number; status: 'merged'; id: string; event: IntakeEvent }
  | { index: number; status: 'error'; errors: FieldError[] };

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
}

interface Match {
  ord: number;
  ref_id: string | null;
  email_id: string | null;
  phone_id: string | null;
}

// A concurrent writer can archive or delete the lead we conflicted with before we read it; after this
// many rounds the batch gives up rather than loop.
const MAX_ROUNDS = 3;

const OPEN = `deleted_at IS NULL AND status <> 'archived'`;

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
  async ingest(m: EntityManager, tenantId: string, leads: Item[], options: IntakeOptions): Promise<IntakeResult[]> {
    const mode = options.mode ?? 'upsert';
    const rootOf = groupWithinBatch(leads);
    const results = new Map<number, IntakeResult>();
    const events: Array<{ leadId: string; type: IntakeEvent; data: Record<string, unknown> }> = [];
    const merged = new Set<string>();

    let pending = leads.map((_, i) => i).filter((i) => rootOf.get(i) === i);
    for (let round = 0; round < MAX_ROUNDS && pending.length > 0; round++) {
      const ids = new Map<number, string>(pending.map((i) => [i, randomUUID()]));
      const inserted = await this.insert(m, tenantId, pending.map((i) => ({ id: ids.get(i)!, lead: leads[i].lead })), options);
      const conflicted: number[] = [];
      for (const i of pending) {
        const id = ids.get(i)!;
        if (inserted.has(id)) {
          const row = inserted.get(id);
          // Its 'created' event was stored by the same statement.
          results.set(i, { index: leads[i].index, status: 'created', id, event: 'created', ...(row ? { row } : {}) });
        } else {
          conflicted.push(i);
        }
      }
      pending = [];
      if (conflicted.length === 0) break;

      const matches = await this.match(m, tenantId, conflicted.map((i) => ({ ord: i, lead: leads[i].lead })));
      const updates: Array<{ id: string; lead: NormalisedLead }> = [];
      for (const match of matches) {
        const i = match.ord;
        const item = leads[i];
        if (mode === 'upsert' && match.ref_id) {
          updates.push({ id: match.ref_id, lead: item.lead });
          results.set(i, { index: item.index, status: 'merged', id: match.ref_id, event: 'updated_from_source' });
          events.push({ leadId: match.ref_id, type: 'updated_from_source', data: submissionData(item.lead) });
        } else if (match.email_id || match.phone_id) {
          const id = (match.email_id ?? match.phone_id)!;
          merged.add(id);
          results.set(i, { index: item.index, status: 'merged', id, event: 'resubmitted' });
          events.push({ leadId: id, type: 'resubmitted', data: submissionData(item.lead) });
        } else if (match.ref_id) {
          results.set(i, { index: item.index, status: 'error', errors: [{ field: 'sourceRef', message: 'a lead with this source and sourceRef already exists' }] });
        } else {
          // The lead we collided with was archived or deleted meanwhile: try inserting again.
          pending.push(i);
        }
      }
      if (updates.length > 0) await this.updateFromSource(m, tenantId, updates);
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
      events.push({ leadId: target.id, type: 'resubmitted', data: submissionData(item.lead) });
    });

    if (merged.size > 0) {
      // The trigger sets updated_at; a resubmission brings the lead back to the top of "recently active".
      await m.query(`UPDATE leads SET updated_at = now() WHERE tenant_id = $1 AND id = ANY($2::uuid[])`, [tenantId, [...merged]]);
    }
    await this.insertEvents(m, tenantId, options.eventData ? events.map((e) => ({ ...e, data: { ...e.data, ...options.eventData } })) : events, options.actor);
    return leads.map((_, i) => results.get(i)!);
  }

  // Timeline entries of the caller's own, in the same transaction as the intake they follow.
  addEvents(m: EntityManager, tenantId: string, events: ExtraLeadEvent[], actor: IntakeActor): Promise<void> {
    return this.insertEvents(m, tenantId, events, actor);
  }

  // Stores the rows that hit no unique index, each with its 'created' lead event, in one statement (the
  // events' foreign key is checked at its end, when the leads exist). Answers the ids stored, with the
  // whole row when options.returnRows asks.
  private async insert(
    m: EntityManager,
    tenantId: string,
    rows: Array<{ id: string; lead: NormalisedLead }>,
    options: IntakeOptions,
  ): Promise<Map<string, Record<string, unknown> | undefined>> {
    const full = options.returnRows === true;
    // A stable order (by email, then phone) keeps two concurrent batches from locking in opposite orders.
    const sorted = [...rows].sort((a, b) => (a.lead.email ?? '').localeCompare(b.lead.email ?? '') || (a.lead.phone ?? '').localeCompare(b.lead.phone ?? ''));
    const col = <T>(f: (l: NormalisedLead) => T) => sorted.map((r) => f(r.lead));
    const inserted: Array<{ id: string } & Record<string, unknown>> = await m.query(
      `WITH stored AS (
         INSERT INTO leads (id, tenant_id, type, priority, quality_score, name, email, phone, company, subject, message, role,
                            source, source_ref, form_id, tags, metadata)
         SELECT i.id, $1, i.type, i.priority, i.quality_score, i.name, i.email, i.phone, i.company, i.subject, i.message, i.role,
                i.source, i.source_ref, i.form_id, ARRAY(SELECT jsonb_array_elements_text(i.tags)), i.metadata
         FROM unnest($2::uuid[], $3::text[], $4::text[], $5::smallint[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
                     $11::text[], $12::text[], $13::text[], $14::text[], $15::uuid[], $16::jsonb[], $17::jsonb[])
              WITH ORDINALITY AS i(id, type, priority, quality_score, name, email, phone, company, subject, message, role,
                                   source, source_ref, form_id, tags, metadata, ord)
         ORDER BY i.ord
         ON CONFLICT DO NOTHING
         RETURNING ${full ? '*' : 'id'}
       ), created AS (
         INSERT INTO lead_events (tenant_id, lead_id, type, actor_type, actor_id, data, created_at)
         SELECT $1, e.id, 'created', $18, $19, e.data, clock_timestamp()
         FROM unnest($2::uuid[], $20::jsonb[]) WITH ORDINALITY AS e(id, data, ord)
         WHERE e.id IN (SELECT id FROM stored)
         ORDER BY e.ord
       )
       SELECT ${full ? '*' : 'id'} FROM stored`,
      [
        tenantId,
        sorted.map((r) => r.id),
        col((l) => l.type),
        col((l) => l.priority),
        col((l) => l.qualityScore),
        col((l) => l.name),
        col((l) => l.email),
        col((l) => l.phone),
        col((l) => l.company),
        col((l) => l.subject),
        col((l) => l.message),
        col((l) => l.role),
        col((l) => l.source),
        col((l) => l.sourceRef),
        col((l) => l.formId),
        col((l) => JSON.stringify(l.tags)),
        col((l) => JSON.stringify(l.metadata)),
        options.actor.type,
        options.actor.id ?? null,
        col((l) => JSON.stringify({ source: l.source, ...(l.formId ? { formId: l.formId } : {}), ...options.eventData })),
      ],
    );
    return new Map(inserted.map((r) => [r.id, full ? r : undefined]));
  }

  // For each conflicted item: the lead with its source reference, and the open leads with its email or phone.
  private match(m: EntityManager, tenantId: string, rows: Array<{ ord: number; lead: NormalisedLead }>): Promise<Match[]> {
    return m.query(
      `SELECT i.ord,
              (SELECT l.id FROM leads l WHERE l.tenant_id = $1 AND l.source = i.source AND l.source_ref = i.source_ref) AS ref_id,
              (SELECT l.id FROM leads l WHERE l.tenant_id = $1 AND l.email = i.email AND l.${OPEN}) AS email_id,
              (SELECT l.id FROM leads l WHERE l.tenant_id = $1 AND l.phone = i.phone AND l.${OPEN}) AS phone_id
       FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[]) AS i(ord, email, phone, source, source_ref)`,
      [tenantId, rows.map((r) => r.ord), rows.map((r) => r.lead.email), rows.map((r) => r.lead.phone), rows.map((r) => r.lead.source), rows.map((r) => r.lead.sourceRef)],
    );
  }

  // A new version of a lead from the same source: content fields take the new values when given, tags and
  // metadata accumulate. Workflow fields (status, priority, assignee) stay as people set them. An email or
  // phone already used by another open lead is not taken over.
  private async updateFromSource(m: EntityManager, tenantId: string, rows: Array<{ id: string; lead: NormalisedLead }>): Promise<void> {
    const col = <T>(f: (l: NormalisedLead) => T) => rows.map((r) => f(r.lead));
    await m.query(
      `UPDATE leads l SET
         name = coalesce(u.name, l.name),
         email = CASE WHEN u.email IS NULL OR EXISTS (SELECT 1 FROM leads o WHERE o.tenant_id = l.tenant_id AND o.id <> l.id AND o.email = u.email AND o.${OPEN})
                      THEN l.email ELSE u.email END,
         phone = CASE WHEN u.phone IS NULL OR EXISTS (SELECT 1 FROM leads o WHERE o.tenant_id = l.tenant_id AND o.id <> l.id AND o.phone = u.phone AND o.${OPEN})
                      THEN l.phone ELSE u.phone END,
         company = coalesce(u.company, l.company),
         subject = coalesce(u.subject, l.subject),
         message = coalesce(u.message, l.message),
         role = coalesce(u.role, l.role),
         quality_score = coalesce(u.quality_score, l.quality_score),
         tags = ARRAY(SELECT t FROM unnest(l.tags || ARRAY(SELECT jsonb_array_elements_text(u.tags))) WITH ORDINALITY AS x(t, n) GROUP BY t ORDER BY min(n)),
         metadata = l.metadata || u.metadata,
         version = l.version + 1
       FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::smallint[], $11::jsonb[], $12::jsonb[])
            AS u(id, name, email, phone, company, subject, message, role, quality_score, tags, metadata)
       WHERE l.tenant_id = $1 AND l.id = u.id`,
      [
        tenantId,
        rows.map((r) => r.id),
        col((l) => l.name),
        col((l) => l.email),
        col((l) => l.phone),
        col((l) => l.company),
        col((l) => l.subject),
        col((l) => l.message),
        col((l) => l.role),
        col((l) => l.qualityScore),
        col((l) => JSON.stringify(l.tags)),
        col((l) => JSON.stringify(l.metadata)),
      ],
    );
  }

  private async insertEvents(m: EntityManager, tenantId: string, events: Array<{ leadId: string; type: string; data: Record<string, unknown> }>, actor: IntakeActor): Promise<void> {
    if (events.length === 0) return;
    // clock_timestamp() per row keeps "created" before the "resubmitted" events of the same batch.
    await m.query(
      `INSERT INTO lead_events (tenant_id, lead_id, type, actor_type, actor_id, data, created_at)
       SELECT $1, e.lead_id, e.type, $2, $3, e.data, clock_timestamp()
       FROM unnest($4::uuid[], $5::text[], $6::jsonb[]) WITH ORDINALITY AS e(lead_id, type, data, ord)
       ORDER BY e.ord`,
      [tenantId, actor.type, actor.id ?? null, events.map((e) => e.leadId), events.map((e) => e.type), events.map((e) => JSON.stringify(e.data))],
    );
  }
}
