import { Injectable } from '@nestjs/common';
import { LEAD_MERGE_UNDO_DAYS } from '@hotleads/shared';
import type { EntityManager } from 'typeorm';
import type { BatchRead } from '../../common/db/batch-read';
import { queryNamed, queryRows } from '../../common/db/sql';
import type { LeadRow } from './lead-dto.mapper';
import {
  buildLeadCountQuery,
  buildLeadEstimateQuery,
  buildLeadListQuery,
  cursorOfRow,
  LEAD_COLUMNS_SQL,
  type LeadCursor,
  type LeadFilter,
  type LeadPageQueryOptions,
  type SqlQuery,
} from './lead-list-query';

export interface Actor {
  type: 'user' | 'api_key';
  id: string;
}

export interface LeadEventRow {
  id: string;
  leadId: string;
  type: string;
  actorType: string;
  actorId: string | null;
  data: Record<string, unknown>;
  createdAt: Date;
}

export interface LeadEventPageRow extends LeadEventRow {
  // created_at in microseconds since the epoch, as text: the keyset of the timeline.
  micros: string;
}

// Columns PATCH /leads/{id} may set.
export type LeadColumn =
  | 'status'
  | 'priority'
  | 'quality_score'
  | 'tags'
  | 'assignee_id'
  | 'follow_up_at'
  | 'name'
  | 'email'
  | 'phone'
  | 'company'
  | 'subject'
  | 'role'
  | 'notes';

// What a bulk update sets; null leaves the column as it is (tags: nothing added or removed).
export interface LeadBulkChange {
  status: string | null;
  // The statuses a lead may come from to reach `status` (checked again in the UPDATE's WHERE).
  statusFrom: string[];
  priority: string | null;
  assign: boolean;
  assigneeId: string | null;
  addTags: string[];
  // Lower case: a tag is removed whatever its case.
  removeTags: string[];
  // An agent's bulk update leaves others' leads alone; `self` is the agent (null for an API key).
  restricted: boolean;
  self: string | null;
  actor: Actor;
  // Answer the ids of the leads changed (LeadBulkOutcome.changedIds).
  returnChanged: boolean;
}

export interface LeadBulkOutcome {
  matched: number;
  updated: number;
  skippedCount: number;
  skipped: Array<{ id: string; reason: string }>;
  // The leads the update changed, when LeadBulkChange.returnChanged asked (their scores follow).
  changedIds: string[] | null;
}

export interface LeadPage {
  rows: LeadRow[];
  // Where the page after `rows` starts; null when no lead follows.
  next: LeadCursor | null;
}

const SKIPPED_REPORT_LIMIT = 1000;

// A bulk change of more rows than this refreshes the planner's statistics of leads before answering:
// 100,000 leads moved to one status would otherwise be planned as the handful the old statistics promise.
export const ANALYZE_AFTER_ROWS = 10_000;

type PageRow = LeadRow & Record<`_k${number}`, string>;

function stripKeys(row: PageRow): LeadRow {
  const lead: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) if (!key.startsWith('_k')) lead[key] = value;
  return lead as unknown as LeadRow;
}

// Every query of the lead read and triage paths. Each method runs inside the caller's TenantDb.run
// transaction (which sets the tenant row-level security reads), except the list page, a BatchRead sent with
// its total in one round trip (TenantDb.reads); the tenant id is also in every WHERE so the indexes that
// start with it serve the query. The other hot reads run as named prepared statements.
@Injectable()
export class LeadRepository {
  // One page in the sort's keyset order; reads one row more to know whether another page follows.
  page(options: LeadPageQueryOptions): BatchRead<LeadPage> {
    const query = buildLeadListQuery({ ...options, limit: options.limit + 1 });
    return {
      sql: query.sql,
      params: query.params,
      map: (result) => {
        const rows = result as PageRow[];
        const shown = rows.slice(0, options.limit);
        return {
          rows: shown.map(stripKeys),
          next: rows.length > options.limit ? cursorOfRow(options.sort, shown[shown.length - 1]) : null,
        };
      },
    };
  }

  // The planner's row estimate for the filter (EXPLAIN without running it).
  async estimate(m: EntityManager, tenantId: string, filter: LeadFilter): Promise<number> {
    const explain = buildLeadEstimateQuery(tenantId, filter);
    const [plan] = await queryRows<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>(m, explain.sql, explain.params);
    return Math.round(Number(plan['QUERY PLAN'][0].Plan['Plan Rows']));
  }

  // The matching leads counted up to EXACT_COUNT_LIMIT + 1.
  async boundedCount(m: EntityManager, tenantId: string, filter: LeadFilter): Promise<number> {
    const count: SqlQuery = buildLeadCountQuery(tenantId, filter);
    const [{ n }] = await queryNamed<{ n: number }>(m, count.sql, count.params);
    return n;
  }

  // Also a lead in the trash. `lock` holds it for the rest of the transaction.
  async find(m: EntityManager, tenantId: string, id: string, lock = false): Promise<LeadRow | null> {
    const sql = `SELECT ${LEAD_COLUMNS_SQL} FROM leads l WHERE l.tenant_id = $1 AND l.id = $2${lock ? ' FOR UPDATE' : ''}`;
    const [row] = await queryNamed<LeadRow>(m, sql, [tenantId, id]);
    return row ?? null;
  }

  async update(m: EntityManager, tenantId: string, id: string, changes: Partial<Record<LeadColumn, unknown>>): Promise<LeadRow> {
    const params: unknown[] = [tenantId, id];
    const sets = Object.entries(changes).map(([column, value]) => {
      params.push(value);
      return `${column} = $${params.length}`;
    });
    const [row] = await queryRows<LeadRow>(m, `UPDATE leads l SET ${sets.join(', ')} WHERE l.tenant_id = $1 AND l.id = $2 RETURNING ${LEAD_COLUMNS_SQL}`, params);
    return row;
  }

  // A contact attempt: the first one stops the speed-to-lead clock.
  async recordContact(m: EntityManager, tenantId: string, id: string): Promise<void> {
    await m.query(`UPDATE leads SET first_contacted_at = coalesce(first_contacted_at, now()), last_contacted_at = now() WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
  }

  // Compare-and-set on the assignee; an unread lead moves to processing. Null when the lead is not free.
  async claim(m: EntityManager, tenantId: string, id: string, userId: string): Promise<LeadRow | null> {
    const [row] = await queryRows<LeadRow>(
      m,
      `UPDATE leads l SET assignee_id = $3, status = CASE WHEN l.status = 'unread' THEN 'processing' ELSE l.status END
        WHERE l.tenant_id = $1 AND l.id = $2 AND l.deleted_at IS NULL AND l.assignee_id IS NULL
        RETURNING ${LEAD_COLUMNS_SQL}`,
      [tenantId, id, userId],
    );
    return row ?? null;
  }

  async release(m: EntityManager, tenantId: string, id: string): Promise<LeadRow> {
    const [row] = await queryRows<LeadRow>(m, `UPDATE leads l SET assignee_id = NULL WHERE l.tenant_id = $1 AND l.id = $2 RETURNING ${LEAD_COLUMNS_SQL}`, [tenantId, id]);
    return row;
  }

  async trash(m: EntityManager, tenantId: string, id: string): Promise<void> {
    await m.query(`UPDATE leads SET deleted_at = now() WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
  }

  async restore(m: EntityManager, tenantId: string, id: string): Promise<LeadRow> {
    const [row] = await queryRows<LeadRow>(m, `UPDATE leads l SET deleted_at = NULL WHERE l.tenant_id = $1 AND l.id = $2 RETURNING ${LEAD_COLUMNS_SQL}`, [tenantId, id]);
    return row;
  }

  async isActiveUser(m: EntityManager, tenantId: string, userId: string): Promise<boolean> {
    const rows = await queryRows(m, `SELECT 1 FROM users WHERE tenant_id = $1 AND id = $2 AND status = 'active'`, [tenantId, userId]);
    return rows.length > 0;
  }

  // One set-based statement: select the targets, classify what may not change (illegal transition,
  // someone else's lead for an agent), update the rest, and write one event per changed lead.
  // `target` is a WHERE clause over `leads l` with its parameters.
  async bulkUpdate(m: EntityManager, tenantId: string, target: SqlQuery, change: LeadBulkChange): Promise<LeadBulkOutcome> {
    const params = [...target.params];
    const param = (value: unknown, cast: string) => {
      params.push(value);
      return `$${params.length}::${cast}`;
    };
    const status = param(change.status, 'text');
    const from = param(change.statusFrom, 'text[]');
    const priority = param(change.priority, 'text');
    const restricted = param(change.restricted, 'boolean');
    const me = param(change.self, 'uuid');
    const touchesTags = change.addTags.length > 0 || change.removeTags.length > 0;
    // Adds, then removes, keeping the first spelling of each tag (case-insensitively) in order.
    const tagsSql = touchesTags
      ? `ARRAY(SELECT (array_agg(x.t ORDER BY x.n))[1] FROM unnest(l.tags || ${param(change.addTags, 'text[]')}) WITH ORDINALITY AS x(t, n)
                WHERE NOT (lower(x.t) = ANY(${param(change.removeTags, 'text[]')})) GROUP BY lower(x.t) ORDER BY min(x.n))`
      : 'l.tags';
    const assigneeSql = change.assign ? param(change.assigneeId, 'uuid') : 'l.assignee_id';
    const actorType = param(change.actor.type, 'text');
    const actorId = param(change.actor.id, 'uuid');
    const diff = (column: string) =>
      `CASE WHEN c.${column} IS DISTINCT FROM ch.${column} THEN jsonb_build_object('from', c.${column}, 'to', ch.${column}) END`;
    const [result] = await queryRows<LeadBulkOutcome>(
      m,
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
          WHERE l.tenant_id = ${param(tenantId, 'uuid')} AND l.id = c.id AND c.reason IS NULL
            AND (${status} IS NULL OR l.status = ${status} OR l.status = ANY(${from}))
            AND (l.status IS DISTINCT FROM coalesce(${status}, l.status) OR l.priority IS DISTINCT FROM coalesce(${priority}, l.priority)
                 OR l.assignee_id IS DISTINCT FROM ${assigneeSql} OR l.tags IS DISTINCT FROM ${tagsSql})
         RETURNING l.id, l.tenant_id, l.status, l.priority, l.assignee_id, l.tags
       ), events AS (
         INSERT INTO lead_events (tenant_id, lead_id, type, actor_type, actor_id, data)
         SELECT ch.tenant_id, ch.id, 'updated', ${actorType}, ${actorId},
                jsonb_build_object('bulk', true, 'changes', (SELECT coalesce(jsonb_object_agg(k, v), '{}') FROM jsonb_each(jsonb_build_object(
                  'status', ${diff('status')}, 'priority', ${diff('priority')},
                  'assigneeId', ${diff('assignee_id')}, 'tags', ${diff('tags')})) AS e(k, v) WHERE v <> 'null'::jsonb))
           FROM changed ch JOIN classified c ON c.id = ch.id
       )
       SELECT (SELECT count(*) FROM matched)::int AS matched,
              (SELECT count(*) FROM changed)::int AS updated,
              (SELECT count(*) FROM classified WHERE reason IS NOT NULL)::int AS "skippedCount",
              (SELECT coalesce(jsonb_agg(jsonb_build_object('id', s.id, 'reason', s.reason)), '[]')
                 FROM (SELECT id, reason FROM classified WHERE reason IS NOT NULL ORDER BY id LIMIT ${SKIPPED_REPORT_LIMIT}) s) AS skipped,
              CASE WHEN ${param(change.returnChanged, 'boolean')} THEN (SELECT coalesce(array_agg(id ORDER BY id), '{}') FROM changed) END AS "changedIds"`,
      params,
    );
    return result;
  }

  // Moves the targets to the trash with one event each; answers how many. `onlyFor` limits it to
  // unassigned leads and that user's (an agent's bulk delete; undefined: no limit).
  async bulkTrash(m: EntityManager, target: SqlQuery, onlyFor: string | null | undefined, actor: Actor): Promise<number> {
    const params = [...target.params];
    let restriction = '';
    if (onlyFor !== undefined) {
      params.push(onlyFor);
      restriction = ` AND (l.assignee_id IS NULL OR l.assignee_id = $${params.length}::uuid)`;
    }
    params.push(actor.type, actor.id);
    const [{ deleted }] = await queryRows<{ deleted: number }>(
      m,
      `WITH deleted AS (
         UPDATE leads l SET deleted_at = now() WHERE ${target.sql}${restriction} RETURNING l.id, l.tenant_id
       ), events AS (
         INSERT INTO lead_events (tenant_id, lead_id, type, actor_type, actor_id, data)
         SELECT d.tenant_id, d.id, 'deleted', $${params.length - 1}::text, $${params.length}::uuid, '{"bulk": true}'::jsonb FROM deleted d
       )
       SELECT count(*)::int AS deleted FROM deleted`,
      params,
    );
    return deleted;
  }

  // Fresh planner statistics for what triage moves change, after a bulk change of many leads (see
  // ANALYZE_AFTER_ROWS). Runs as the table owner (lead_analyze()); skipped while another one runs.
  async analyze(m: EntityManager): Promise<void> {
    await m.query(`SELECT lead_analyze()`);
  }

  // Deletes for good up to `batch` leads in the trash for longer than `days` (their timeline goes with
  // them); answers how many. Found through ix_leads_trash without reading the live leads. A lead hidden by
  // a merge stays while the merge can still be undone.
  async purgeTrash(m: EntityManager, tenantId: string, days: number, batch: number): Promise<number> {
    const rows = await queryRows<{ id: string }>(
      m,
      `DELETE FROM leads WHERE id IN (
         SELECT l.id FROM leads l WHERE l.tenant_id = $1 AND l.deleted_at < now() - make_interval(days => $2)
           AND NOT EXISTS (SELECT 1 FROM lead_merges mg WHERE mg.tenant_id = $1 AND mg.merged_ids @> ARRAY[l.id] AND mg.undone_at IS NULL
                             AND mg.created_at > now() - make_interval(days => $4))
         LIMIT $3)
       RETURNING id`,
      [tenantId, days, batch, LEAD_MERGE_UNDO_DAYS],
    );
    return rows.length;
  }

  // The lead's timeline, newest first, `limit` events after the keyset position `after`.
  async events(m: EntityManager, tenantId: string, leadId: string, limit: number, after: { micros: string; id: string } | null): Promise<LeadEventPageRow[]> {
    const params: unknown[] = [tenantId, leadId, limit];
    let keyset = '';
    if (after) {
      params.push(after.micros, after.id);
      keyset = `AND (e.created_at, e.id) < (timestamptz 'epoch' + $4::bigint * interval '1 microsecond', $5::uuid)`;
    }
    return queryNamed<LeadEventPageRow>(
      m,
      `SELECT e.id, e.lead_id AS "leadId", e.type, e.actor_type AS "actorType", e.actor_id AS "actorId", e.data, e.created_at AS "createdAt",
              (extract(epoch FROM e.created_at) * 1000000)::bigint::text AS micros
         FROM lead_events e
        WHERE e.tenant_id = $1 AND e.lead_id = $2 ${keyset}
        ORDER BY e.created_at DESC, e.id DESC
        LIMIT $3`,
      params,
    );
  }

  async addEvent(m: EntityManager, tenantId: string, leadId: string, type: string, actor: Actor, data: Record<string, unknown>): Promise<LeadEventRow> {
    const [event] = await queryRows<LeadEventRow>(
      m,
      `INSERT INTO lead_events (tenant_id, lead_id, type, actor_type, actor_id, data) VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING id, lead_id AS "leadId", type, actor_type AS "actorType", actor_id AS "actorId", data, created_at AS "createdAt"`,
      [tenantId, leadId, type, actor.type, actor.id, JSON.stringify(data)],
    );
    return event;
  }

  // Who holds the lead and since when: the latest claim, or change of assignee, that gave it to them
  // (null when the timeline has neither, e.g. assigned at intake by a rule).
  async holder(m: EntityManager, tenantId: string, leadId: string, assigneeId: string): Promise<{ name: string | null; since: Date | null }> {
    const [row] = await queryRows<{ name: string | null; since: Date | null }>(
      m,
      `SELECT (SELECT coalesce(nullif(btrim(u.name), ''), u.email) FROM users u WHERE u.tenant_id = $1 AND u.id = $3::uuid) AS name,
              (SELECT e.created_at FROM lead_events e
                WHERE e.tenant_id = $1 AND e.lead_id = $2
                  AND ((e.type = 'claimed' AND e.data->>'assigneeId' = $3::text)
                    OR (e.type = 'updated' AND e.data->'changes'->'assigneeId'->>'to' = $3::text))
                ORDER BY e.created_at DESC, e.id DESC LIMIT 1) AS since`,
      [tenantId, leadId, assigneeId],
    );
    return row ?? { name: null, since: null };
  }

  // The lead's most recent status change (an `updated` event whose changes name the status), for undo.
  async lastStatusChange(m: EntityManager, tenantId: string, leadId: string): Promise<{ actorId: string | null; from: unknown; to: unknown; at: Date } | null> {
    const [row] = await queryRows<{ actorId: string | null; from: unknown; to: unknown; at: Date }>(
      m,
      `SELECT e.actor_id AS "actorId", e.data->'changes'->'status'->'from' AS "from", e.data->'changes'->'status'->'to' AS "to", e.created_at AS at
         FROM lead_events e
        WHERE e.tenant_id = $1 AND e.lead_id = $2 AND e.type = 'updated' AND e.data->'changes' ? 'status'
        ORDER BY e.created_at DESC, e.id DESC
        LIMIT 1`,
      [tenantId, leadId],
    );
    return row ?? null;
  }
}
