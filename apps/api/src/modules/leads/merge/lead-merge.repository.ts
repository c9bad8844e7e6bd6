import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryRows } from '../../../common/db/sql';
import type { LeadRow } from '../lead-dto.mapper';
import { LEAD_COLUMNS_SQL } from '../lead-list-query';

// A lead's stored columns as to_jsonb(leads) writes them: what an undo puts back.
export type LeadImage = Record<string, unknown>;

export interface LeadMergeRow {
  id: string;
  survivorId: string;
  mergedIds: string[];
  fields: Record<string, string>;
  before: Record<string, LeadImage>;
  moved: MovedRows;
  survivorVersion: number;
  createdAt: Date;
  undoneAt: Date | null;
}

// Per lead merged away, the ids of its rows the merge moved to the survivor.
export interface MovedRows {
  events: Record<string, string[]>;
  enrichments: Record<string, string[]>;
}

export interface NewLeadMerge {
  survivorId: string;
  mergedIds: string[];
  fields: Record<string, string>;
  before: Record<string, LeadImage>;
  moved: MovedRows;
  survivorVersion: number;
  actor: { type: string; id: string | null };
}

// Everything an undo puts back: every column but the identity, the creation time and what the database
// keeps itself (version, updated_at move on, so an ETag taken in between never matches again).
const RESTORED_COLUMNS = [
  'type', 'status', 'priority', 'quality_score', 'score', 'score_reasons', 'email_verdict', 'phone_valid', 'phone_line_type',
  'name', 'email', 'phone', 'company', 'subject', 'message', 'role', 'notes', 'source', 'source_ref', 'form_id', 'tags',
  'metadata', 'assignee_id', 'follow_up_at', 'first_contacted_at', 'last_contacted_at', 'respond_by', 'deleted_at',
].join(', ');

// The columns a merge sets on the survivor, by API field.
export const MERGE_COLUMNS = {
  name: 'name',
  email: 'email',
  phone: 'phone',
  company: 'company',
  role: 'role',
  subject: 'subject',
  message: 'message',
  notes: 'notes',
  priority: 'priority',
  assigneeId: 'assignee_id',
  followUpAt: 'follow_up_at',
  qualityScore: 'quality_score',
  tags: 'tags',
} as const;
export type MergeColumn = (typeof MERGE_COLUMNS)[keyof typeof MERGE_COLUMNS];

const MERGE_SELECT = `SELECT mg.id, mg.survivor_id AS "survivorId", mg.merged_ids AS "mergedIds", mg.fields, mg.before, mg.moved,
  mg.survivor_version AS "survivorVersion", mg.created_at AS "createdAt", mg.undone_at AS "undoneAt" FROM lead_merges mg`;

// The SQL of merging leads and undoing it. Every method runs inside the caller's TenantDb.run transaction.
@Injectable()
export class LeadMergeRepository {
  // The leads, locked in id order (two merges of overlapping leads then wait for each other instead of
  // deadlocking), with the stored image of each.
  async lock(m: EntityManager, tenantId: string, ids: string[]): Promise<Array<LeadRow & { image: LeadImage }>> {
    return queryRows<LeadRow & { image: LeadImage }>(
      m,
      `SELECT ${LEAD_COLUMNS_SQL}, to_jsonb(l) AS image FROM leads l WHERE l.tenant_id = $1 AND l.id = ANY($2::uuid[]) ORDER BY l.id FOR UPDATE`,
      [tenantId, ids],
    );
  }

  // Hidden the way the trash hides a lead, so lists, duplicates, uniqueness and the stats all leave them out.
  async hide(m: EntityManager, tenantId: string, ids: string[]): Promise<void> {
    await m.query(`UPDATE leads SET deleted_at = now() WHERE tenant_id = $1 AND id = ANY($2::uuid[])`, [tenantId, ids]);
  }

  // Moves the timeline (notes and activities included) of `from` to `to`; answers the moved ids per lead.
  moveEvents(m: EntityManager, tenantId: string, from: string[], to: string): Promise<Record<string, string[]>> {
    return this.move(m, 'lead_events', '', tenantId, from, to);
  }

  // Queued lookups stay: their job is about the lead it was queued for.
  moveEnrichments(m: EntityManager, tenantId: string, from: string[], to: string): Promise<Record<string, string[]>> {
    return this.move(m, 'lead_enrichments', ` AND t.status <> 'queued'`, tenantId, from, to);
  }

  private async move(m: EntityManager, table: string, extra: string, tenantId: string, from: string[], to: string): Promise<Record<string, string[]>> {
    const rows = await queryRows<{ leadId: string; ids: string[] }>(
      m,
      `WITH src AS (
         SELECT t.id, t.lead_id FROM ${table} t WHERE t.tenant_id = $1 AND t.lead_id = ANY($2::uuid[])${extra} FOR UPDATE
       ), moved AS (
         UPDATE ${table} t SET lead_id = $3 FROM src WHERE t.id = src.id RETURNING src.id, src.lead_id
       )
       SELECT lead_id AS "leadId", array_agg(id ORDER BY id) AS ids FROM moved GROUP BY lead_id`,
      [tenantId, from, to],
    );
    return Object.fromEntries(rows.map((r) => [r.leadId, r.ids]));
  }

  // Puts moved rows back on the leads they came from (only those still on the survivor).
  async moveBack(m: EntityManager, table: 'lead_events' | 'lead_enrichments', tenantId: string, survivorId: string, moved: Record<string, string[]>): Promise<void> {
    const pairs = Object.entries(moved).flatMap(([leadId, ids]) => ids.map((id) => [id, leadId] as const));
    if (pairs.length === 0) return;
    await m.query(
      `UPDATE ${table} t SET lead_id = b.lead_id FROM unnest($3::uuid[], $4::uuid[]) AS b(id, lead_id)
        WHERE t.tenant_id = $1 AND t.lead_id = $2 AND t.id = b.id`,
      [tenantId, survivorId, pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    );
  }

  async setSurvivor(m: EntityManager, tenantId: string, id: string, columns: Partial<Record<MergeColumn, unknown>>): Promise<LeadRow> {
    const params: unknown[] = [tenantId, id];
    const sets = Object.entries(columns).map(([column, value]) => {
      params.push(value);
      return `${column} = $${params.length}`;
    });
    // A merge that changes nothing on the survivor still moves its version on (the merge is a change to it).
    if (sets.length === 0) sets.push('version = l.version + 1');
    const [row] = await queryRows<LeadRow>(m, `UPDATE leads l SET ${sets.join(', ')} WHERE l.tenant_id = $1 AND l.id = $2 RETURNING ${LEAD_COLUMNS_SQL}`, params);
    return row;
  }

  // The lead as its image has it (the version moves on; see RESTORED_COLUMNS).
  async restore(m: EntityManager, tenantId: string, id: string, image: LeadImage): Promise<LeadRow> {
    const [row] = await queryRows<LeadRow>(
      m,
      `UPDATE leads l SET (${RESTORED_COLUMNS}) = (SELECT ${RESTORED_COLUMNS} FROM jsonb_populate_record(NULL::leads, $3::jsonb))
        WHERE l.tenant_id = $1 AND l.id = $2 RETURNING ${LEAD_COLUMNS_SQL}`,
      [tenantId, id, JSON.stringify(image)],
    );
    return row;
  }

  async insert(m: EntityManager, tenantId: string, merge: NewLeadMerge): Promise<LeadMergeRow> {
    const [row] = await queryRows<LeadMergeRow>(
      m,
      `WITH mg AS (
         INSERT INTO lead_merges (tenant_id, survivor_id, merged_ids, fields, before, moved, survivor_version, actor_type, actor_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *
       ) ${MERGE_SELECT.replace(' FROM lead_merges mg', ' FROM mg')}`,
      [tenantId, merge.survivorId, merge.mergedIds, JSON.stringify(merge.fields), JSON.stringify(merge.before), JSON.stringify(merge.moved), merge.survivorVersion, merge.actor.type, merge.actor.id],
    );
    return row;
  }

  async findForUpdate(m: EntityManager, tenantId: string, id: string): Promise<LeadMergeRow | null> {
    const [row] = await queryRows<LeadMergeRow>(m, `${MERGE_SELECT} WHERE mg.tenant_id = $1 AND mg.id = $2 FOR UPDATE`, [tenantId, id]);
    return row ?? null;
  }

  async markUndone(m: EntityManager, tenantId: string, id: string): Promise<Date> {
    const [row] = await queryRows<{ undoneAt: Date }>(m, `UPDATE lead_merges SET undone_at = now() WHERE tenant_id = $1 AND id = $2 RETURNING undone_at AS "undoneAt"`, [tenantId, id]);
    return row.undoneAt;
  }

  // The merge (not undone) that hid the lead, if any.
  async hiddenBy(m: EntityManager, tenantId: string, leadId: string): Promise<{ id: string; survivorId: string } | null> {
    const [row] = await queryRows<{ id: string; survivorId: string }>(
      m,
      `SELECT id, survivor_id AS "survivorId" FROM lead_merges WHERE tenant_id = $1 AND merged_ids @> ARRAY[$2::uuid] AND undone_at IS NULL
        ORDER BY created_at DESC LIMIT 1`,
      [tenantId, leadId],
    );
    return row ?? null;
  }
}
