import { Injectable } from '@nestjs/common';
import type { LeadCondition } from '@hotleads/shared';
import type { EntityManager } from 'typeorm';
import { inlineParams } from '../../common/db/inline-params';
import { queryRows } from '../../common/db/sql';
import type { TenantDb } from '../../common/db/tenant-db.service';
import { compileCondition, param, type SqlParams } from './condition-sql';
import { finishScoreSql, scoreSql, type ScoringModel } from './scoring';

export interface ModelRow {
  decayPerDay: number;
  timeZone: string;
  rulesVersion: number;
}

export interface ScoringRuleRow {
  id: string;
  name: string;
  condition: LeadCondition;
  points: number;
  enabled: boolean;
  position: number;
}

export interface AssignmentRuleRow {
  id: string;
  name: string;
  condition: LeadCondition | null;
  action: 'user' | 'round_robin';
  userId: string | null;
  groupUserIds: string[];
  lastUserId: string | null;
  enabled: boolean;
  position: number;
}

// The (rule, user) a turn picked; `limited`: the user has a capacity.
export interface IntakeTurn {
  ruleId: string;
  ruleName: string;
  action: 'user' | 'round_robin';
  userId: string;
  limited: boolean;
}

// What an assignment condition reads of a stored lead.
export interface RoutableLeadRow {
  id: string;
  name: string | null;
  source: string;
  type: string;
  priority: string;
  emailVerdict: string | null;
  phoneLineType: string | null;
  utmCampaign: string | null;
  formId: string | null;
  country: string | null;
  tags: string[];
  company: string | null;
  message: string | null;
  score: number | null;
  assigneeId: string | null;
  createdAt: Date;
}

// Leads still being worked on: what counts against a user's capacity.
const IN_WORK_SQL = `l.deleted_at IS NULL AND l.status IN ('unread', 'processing', 'contacted', 'qualified')`;

// Whether user `u` (tenant `tenant`) is under their capacity. The count stops at the capacity: a user with
// many open leads costs no more than their capacity's worth of index entries, and the planner's estimate
// stays that small too.
const UNDER_CAPACITY_SQL = (tenant: string) =>
  `(u.lead_capacity IS NULL OR (SELECT count(*) FROM (SELECT 1 FROM leads l WHERE l.tenant_id = ${tenant} AND l.assignee_id = u.id AND ${IN_WORK_SQL} LIMIT u.lead_capacity) n) < u.lead_capacity)`;

// A turn is a few index look-ups, but the planner prices the capacity count by every lead a user might
// hold: past jit_above_cost (a user with ~100,000 leads) PostgreSQL compiled the statement with JIT, 40 ms
// of CPU for a statement that runs in well under one. Transactions that take turns plan without it.
const NO_JIT_SQL = `SELECT set_config('jit', 'off', true)`;

const ROUTABLE_COLUMNS = `l.id, l.name, l.source, l.type, l.priority, l.email_verdict AS "emailVerdict", l.phone_line_type AS "phoneLineType",
  (l.metadata -> 'utm' ->> 'campaign') AS "utmCampaign", l.form_id AS "formId", (l.metadata ->> 'country') AS country, l.tags,
  l.company, l.message, l.score, l.assignee_id AS "assigneeId", l.created_at AS "createdAt"`;

// The SQL of scoring and assignment rules. Every statement runs in the caller's tenant transaction.
@Injectable()
export class RulesRepository {
  async settings(m: EntityManager, tenantId: string): Promise<ModelRow> {
    const [row] = await queryRows<ModelRow>(
      m,
      `SELECT decay_per_day AS "decayPerDay", time_zone AS "timeZone", rules_version AS "rulesVersion" FROM lead_rule_settings WHERE tenant_id = $1`,
      [tenantId],
    );
    // A workspace created before the seeding trigger, or whose row went missing: the defaults.
    return row ?? { decayPerDay: 0, timeZone: 'UTC', rulesVersion: 0 };
  }

  // The settings row, created on first write.
  async ensureSettings(m: EntityManager, tenantId: string): Promise<void> {
    await m.query(`INSERT INTO lead_rule_settings (tenant_id) VALUES ($1) ON CONFLICT DO NOTHING`, [tenantId]);
  }

  scoringRules(m: EntityManager, tenantId: string): Promise<ScoringRuleRow[]> {
    return queryRows<ScoringRuleRow>(
      m,
      `SELECT id, name, condition, points, enabled, position FROM scoring_rules WHERE tenant_id = $1 ORDER BY position, created_at, id`,
      [tenantId],
    );
  }

  assignmentRules(m: EntityManager, tenantId: string): Promise<AssignmentRuleRow[]> {
    return queryRows<AssignmentRuleRow>(
      m,
      `SELECT id, name, condition, action, user_id AS "userId", group_user_ids AS "groupUserIds", last_user_id AS "lastUserId", enabled, position
       FROM assignment_rules WHERE tenant_id = $1 ORDER BY position, created_at, id`,
      [tenantId],
    );
  }

  // Scores the given leads (or, with `after`, the next batch of the workspace by creation) as a score-only
  // write: the lead's version and updated_at stay (see the LeadRules migration). Rows whose score and
  // reasons are already right are not written. With `decayMovedSince`, a batch holds only leads whose
  // whole days without contact changed between then and `now` and that still have points to lose (the
  // decay refresh). Answers the number of leads looked at, written, and the last key.
  async rescore(
    m: EntityManager,
    tenantId: string,
    model: ScoringModel,
    target: { ids: string[] } | { after: { createdAt: string; id: string } | null; limit: number; decayMovedSince?: Date },
    now: Date,
  ): Promise<{ seen: number; written: number; last: { createdAt: string; id: string } | null }> {
    const params: SqlParams = { values: [] };
    const tenant = param(params, tenantId, 'uuid');
    const nowParam = param(params, now.toISOString(), 'timestamptz');
    const { inner, raw, reasons } = scoreSql(model, params, nowParam);
    const finished = finishScoreSql(params, 'r');
    // The time is always typed, whether or not the model reads it (no decay).
    let where = `l.tenant_id = ${tenant} AND ${nowParam} IS NOT NULL`;
    let tail = '';
    let from = 'leads l';
    if ('ids' in target) {
      if (target.ids.length === 0) return { seen: 0, written: 0, last: null };
      // One primary-key probe per id (OFFSET 0 keeps the planner from flattening it): as
      // `l.id = ANY(ids)` it read the workspace's (tenant, created_at) index and filtered it, 700,000 index
      // entries and 800,000 heap visits per batch of 10,000 at a million leads.
      from = `unnest(${param(params, target.ids, 'uuid[]')}) AS i(id) CROSS JOIN LATERAL (SELECT l0.id, l0.tenant_id, l0.created_at FROM leads l0 WHERE l0.id = i.id OFFSET 0) l`;
    } else {
      if (target.after) {
        where += ` AND (l.created_at, l.id) > (${param(params, target.after.createdAt, 'timestamptz')}, ${param(params, target.after.id, 'uuid')})`;
      }
      if (target.decayMovedSince) {
        // The same whole days as scoreSql counts; a lead at 0 has nothing left to lose (decay never takes
        // more than the rules gave).
        const days = (at: string) => `floor(extract(epoch FROM (${at} - coalesce(l.last_contacted_at, l.created_at))) / 86400)`;
        where += ` AND l.score > 0 AND ${days(nowParam)} <> ${days(param(params, target.decayMovedSince.toISOString(), 'timestamptz'))}`;
      }
      tail = ` ORDER BY l.created_at, l.id LIMIT ${param(params, target.limit, 'int')}`;
    }
    const sql = `WITH batch AS MATERIALIZED (
        SELECT l.id, l.created_at::text AS created_at FROM ${from} WHERE ${where}${tail}
      ), scored AS (
        SELECT r.id, ${finished.score} AS score, ${finished.reasons} AS reasons
        FROM (SELECT s.id, (${raw})::int AS raw, ${reasons} AS reasons
              FROM (SELECT ${inner} FROM leads l WHERE l.tenant_id = ${tenant} AND l.id IN (SELECT id FROM batch)) s) r
      ), written AS (
        UPDATE leads t SET score = c.score, score_reasons = c.reasons
        FROM scored c
        WHERE t.id = c.id AND t.tenant_id = ${tenant} AND (t.score IS DISTINCT FROM c.score OR t.score_reasons IS DISTINCT FROM c.reasons)
        RETURNING t.id
      )
      SELECT (SELECT count(*)::int FROM batch) AS seen, (SELECT count(*)::int FROM written) AS written,
             (SELECT created_at FROM batch ORDER BY created_at DESC, id DESC LIMIT 1) AS "lastCreatedAt",
             (SELECT id FROM batch ORDER BY created_at DESC, id DESC LIMIT 1) AS "lastId"`;
    await m.query(`SELECT set_config('hotleads.score_only', 'on', true)`);
    try {
      const [row] = await queryRows<{ seen: number; written: number; lastCreatedAt: string | null; lastId: string | null }>(m, sql, params.values);
      return { seen: row.seen, written: row.written, last: row.lastId && row.lastCreatedAt ? { createdAt: row.lastCreatedAt, id: row.lastId } : null };
    } finally {
      await m.query(`SELECT set_config('hotleads.score_only', 'off', true)`);
    }
  }

  async countLeads(m: EntityManager, tenantId: string): Promise<number> {
    const [row] = await queryRows<{ n: number }>(m, `SELECT count(*)::int AS n FROM leads WHERE tenant_id = $1`, [tenantId]);
    return row.n;
  }

  // Over the workspace's latest `sample` leads: how many match `condition` (when given), and the average
  // score under each model.
  async preview(
    m: EntityManager,
    tenantId: string,
    models: { before: ScoringModel; after: ScoringModel },
    condition: LeadCondition | null,
    sample: number,
    now: Date,
  ): Promise<{ sampled: number; matches: number | null; averageBefore: number | null; averageAfter: number | null }> {
    const params: SqlParams = { values: [] };
    const tenant = param(params, tenantId, 'uuid');
    const nowParam = param(params, now.toISOString(), 'timestamptz');
    const scoreOf = (model: ScoringModel) => {
      const { inner, raw } = scoreSql(model, params, nowParam, false);
      return `(SELECT least(100, greatest(0, ${raw})) FROM (SELECT ${inner}) s)`;
    };
    const match = condition ? compileCondition(condition, params) : 'NULL::boolean';
    const [row] = await queryRows<{ sampled: number; matches: number | null; averageBefore: string | null; averageAfter: string | null }>(
      m,
      `SELECT count(*)::int AS sampled, CASE WHEN ${condition ? 'true' : 'false'} THEN count(*) FILTER (WHERE x.hit)::int END AS matches,
              round(avg(x.before), 1) AS "averageBefore", round(avg(x.after), 1) AS "averageAfter"
       FROM (SELECT ${match} AS hit, ${scoreOf(models.before)} AS before, ${scoreOf(models.after)} AS after
             FROM (SELECT * FROM leads WHERE tenant_id = ${tenant} AND deleted_at IS NULL AND ${nowParam} IS NOT NULL ORDER BY created_at DESC, id DESC LIMIT ${param(params, sample, 'int')}) l) x`,
      params.values,
    );
    return {
      sampled: row.sampled,
      matches: row.matches,
      averageBefore: row.averageBefore === null ? null : Number(row.averageBefore),
      averageAfter: row.averageAfter === null ? null : Number(row.averageAfter),
    };
  }

  routableLeads(m: EntityManager, tenantId: string, ids: string[]): Promise<RoutableLeadRow[]> {
    return queryRows<RoutableLeadRow>(m, `SELECT ${ROUTABLE_COLUMNS} FROM leads l WHERE l.tenant_id = $1 AND l.id = ANY($2::uuid[]) ORDER BY l.created_at, l.id`, [
      tenantId,
      ids,
    ]);
  }

  // Unassigned open leads matching a where clause built by the caller (leadWhere: it holds the tenant), oldest first.
  unassignedLeads(m: EntityManager, where: { sql: string; params: unknown[] }, limit: number): Promise<RoutableLeadRow[]> {
    const params = [...where.params, limit];
    return queryRows<RoutableLeadRow>(
      m,
      `SELECT ${ROUTABLE_COLUMNS} FROM leads l WHERE ${where.sql} AND l.assignee_id IS NULL AND l.deleted_at IS NULL AND l.status <> 'archived'
       ORDER BY l.created_at, l.id LIMIT $${params.length}::int`,
      params,
    );
  }

  recentLeads(m: EntityManager, tenantId: string, limit: number): Promise<RoutableLeadRow[]> {
    return queryRows<RoutableLeadRow>(
      m,
      `SELECT ${ROUTABLE_COLUMNS} FROM leads l WHERE l.tenant_id = $1 AND l.deleted_at IS NULL ORDER BY l.created_at DESC, l.id DESC LIMIT $2::int`,
      [tenantId, limit],
    );
  }

  // Holds the round-robin rules' rows until the transaction ends: leads routed by the same rule at the same
  // time take their turns one after the other. Called before pickAndAssign, whose statement then starts
  // after the previous holder committed and sees its assignment (the open-lead counts of the capacity
  // check). The rows are locked in id order, so two leads needing the same rules cannot wait for each other.
  // Once per transaction, before its turns (lockRoundRobin, pickAndAssign): see NO_JIT_SQL.
  async planTurns(m: EntityManager): Promise<void> {
    await m.query(NO_JIT_SQL);
  }

  async lockRoundRobin(m: EntityManager, tenantId: string, ruleIds: string[]): Promise<void> {
    if (ruleIds.length === 0) return;
    const { sql, params } = lockRoundRobinSql(tenantId, ruleIds);
    await m.query(sql, params);
  }

  // The rest of a turn in one statement (see pickAndAssignSql). Answers the user, or null when nobody is
  // available or someone assigned the lead meanwhile.
  async pickAndAssign(m: EntityManager, tenantId: string, leadId: string, ruleIds: string[]): Promise<string | null> {
    const { sql, params } = pickAndAssignSql(tenantId, leadId, ruleIds);
    const [row] = await queryRows<{ assignee_id: string | null }>(m, sql, params);
    return row?.assignee_id ?? null;
  }

  // A new lead's round-robin turn taken ahead of its intake, in a transaction of its own that holds the
  // rules' rows for one statement: the pick (as pickAndAssign's) and, when it is a round-robin rule's
  // user without a capacity, the rule's move to them. That transaction commits without waiting for its
  // WAL flush (synchronous_commit off): a turn lost to a crash is harmless, and the rows are free again
  // at once rather than after a disk write. Answers the pick, or null when nobody is available.
  async takeTurn(db: TenantDb, tenantId: string, ruleIds: string[], roundRobinIds: string[]): Promise<IntakeTurn | null> {
    const lock = lockRoundRobinSql(tenantId, roundRobinIds);
    const params = [tenantId, ruleIds];
    const turn = `WITH ${CANDIDATES_CTE}, moved AS (
         UPDATE assignment_rules SET last_user_id = (SELECT uid FROM pick)
         WHERE tenant_id = $1::uuid AND id = (SELECT rule_id FROM pick WHERE action = 'round_robin' AND NOT limited)
       )
       SELECT rule_id AS "ruleId", rule_name AS "ruleName", action, uid AS "userId", limited FROM pick`;
    const results = await db.scripts(tenantId, [
      `SELECT set_config('synchronous_commit', 'off', true), set_config('jit', 'off', true)`,
      inlineParams(lock.sql, lock.params),
      inlineParams(turn, params),
    ]);
    const [row] = results[2] as IntakeTurn[];
    return row ?? null;
  }

  // The whole turn as statements (values written in) for intake's one-round-trip script, after the lead's
  // INSERT and in its transaction: the round-robin rules among `ruleIds` locked from there to the COMMIT,
  // with no round trip to the API in between, then pickAndAssign's statement, which answers the lead's row
  // when it was assigned.
  intakeTurnScript(tenantId: string, leadId: string, ruleIds: string[], roundRobinIds: string[]): string[] {
    const statements: string[] = [NO_JIT_SQL];
    if (roundRobinIds.length > 0) {
      const lock = lockRoundRobinSql(tenantId, roundRobinIds);
      statements.push(inlineParams(lock.sql, lock.params));
    }
    const pick = pickAndAssignSql(tenantId, leadId, ruleIds);
    statements.push(inlineParams(pick.sql, pick.params));
    return statements;
  }

  // The users among `ids` who may take a lead now: active, not away, under their capacity (previews).
  async availableUsers(m: EntityManager, tenantId: string, ids: string[]): Promise<Set<string>> {
    const rows = await queryRows<{ id: string }>(
      m,
      `SELECT u.id FROM users u
       WHERE u.tenant_id = $1 AND u.id = ANY($2::uuid[]) AND u.status = 'active' AND NOT u.away
         AND ${UNDER_CAPACITY_SQL('$1')}`,
      [tenantId, ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  async userIdsExist(m: EntityManager, tenantId: string, ids: string[]): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(m, `SELECT id FROM users WHERE tenant_id = $1 AND id = ANY($2::uuid[]) AND status <> 'invited'`, [tenantId, ids]);
    return rows.map((r) => r.id);
  }
}


function lockRoundRobinSql(tenantId: string, ruleIds: string[]): { sql: string; params: unknown[] } {
  return {
    sql: `SELECT id FROM assignment_rules WHERE tenant_id = $1::uuid AND id = ANY($2::uuid[]) AND action = 'round_robin' ORDER BY id FOR UPDATE`,
    params: [tenantId, [...ruleIds].sort()],
  };
}

// The rules a lead matches ($2, in the workspace's order) and the first (rule, user) of them who may take a
// lead now (active, not away, under their capacity): for a round-robin rule its group in turn order,
// starting after the one who got its last lead. `limited`: that user has a capacity.
const CANDIDATES_CTE = `r AS (
       SELECT c.ord AS rule_ord, a.id, a.name, a.action,
              CASE WHEN a.action = 'user' THEN ARRAY[a.user_id] ELSE a.group_user_ids END AS members,
              coalesce(array_position(a.group_user_ids, a.last_user_id), 0) AS last
       FROM unnest($2::uuid[]) WITH ORDINALITY AS c(id, ord)
       JOIN assignment_rules a ON a.tenant_id = $1::uuid AND a.id = c.id AND a.enabled
     ), pick AS (
       SELECT r.id AS rule_id, r.name AS rule_name, r.action, c.uid, u.lead_capacity IS NOT NULL AS limited
       FROM r CROSS JOIN LATERAL unnest(r.members) WITH ORDINALITY AS c(uid, ord)
       JOIN users u ON u.id = c.uid AND u.tenant_id = $1::uuid
       WHERE u.status = 'active' AND NOT u.away
         AND ${UNDER_CAPACITY_SQL('$1::uuid')}
       ORDER BY r.rule_ord, (c.ord - 1 - r.last + cardinality(r.members)) % cardinality(r.members)
       LIMIT 1
     )`;

// One statement for a lead's turn, so a rule's lock is held for as little as possible. `ruleIds` are the
// rules whose condition the lead matches, in the workspace's order: the first of them with a candidate
// who may take a lead now (active, not away, under their capacity) assigns it; for a round-robin rule the
// candidates are its group in turn order, starting after the one who got its last lead. The lead gets the
// user, the round-robin rule remembers them, and the lead's timeline names the rule. Every parameter is
// cast, so the text can be inlined. Answers the assigned lead's row (none when nobody was available or
// someone assigned the lead meanwhile).
function pickAndAssignSql(tenantId: string, leadId: string, ruleIds: string[]): { sql: string; params: unknown[] } {
  const sql = `WITH ${CANDIDATES_CTE}, assigned AS (
       UPDATE leads SET assignee_id = (SELECT uid FROM pick)
       WHERE tenant_id = $1::uuid AND id = $3::uuid AND assignee_id IS NULL AND EXISTS (SELECT 1 FROM pick)
       RETURNING *
     ), moved AS (
       UPDATE assignment_rules SET last_user_id = (SELECT assignee_id FROM assigned)
       WHERE tenant_id = $1::uuid AND id = (SELECT rule_id FROM pick WHERE action = 'round_robin') AND EXISTS (SELECT 1 FROM assigned)
     ), event AS (
       INSERT INTO lead_events (tenant_id, lead_id, type, actor_type, actor_id, data, created_at)
       SELECT $1::uuid, a.id, 'updated', 'system', NULL,
              jsonb_build_object('changes', jsonb_build_object('assigneeId', jsonb_build_object('from', NULL, 'to', a.assignee_id)),
                                 'rule', jsonb_build_object('id', p.rule_id, 'name', p.rule_name)),
              clock_timestamp()
       FROM assigned a, pick p
     )
     SELECT * FROM assigned`;
  return { sql, params: [tenantId, ruleIds, leadId] };
}
