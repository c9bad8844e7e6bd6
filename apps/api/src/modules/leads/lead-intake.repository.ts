import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryRows } from '../../common/db/sql';
import type { TenantDb } from '../../common/db/tenant-db.service';
import type { AuditValues } from '../audit/audit.service';
import { inlineParams } from '../../common/db/inline-params';
import type { NormalisedLead } from './lead-input';
import { mergeTagsSql, OPEN_LEAD_SQL } from './lead-rules';

export interface IntakeActorRow {
  type: 'user' | 'api_key' | 'system' | 'anonymous';
  id?: string | null;
}

// A stored lead as the INSERT returned it (column names).
export type LeadRow = Record<string, unknown> & { id: string };

export interface NewLead {
  id: string;
  lead: NormalisedLead;
  // The computed score and its reasons (the workspace's scoring rules), stored with the lead.
  scored?: { score: number; reasons: ReadonlyArray<{ rule: string; points: number }> };
  // Added to its 'created' event's data, over InsertOptions.eventData.
  eventData?: Record<string, unknown>;
  // The user an assignment rule gave the lead before it was stored (its turn taken already): stored with
  // it, with the 'updated' lead event naming the rule right after 'created'.
  assignment?: { userId: string; ruleId: string; ruleName: string };
}

// For each conflicted item: the lead with its source reference, and the open leads with its email or phone.
export interface IntakeMatch {
  ord: number;
  ref_id: string | null;
  email_id: string | null;
  phone_id: string | null;
}

export interface IntakeEventRow {
  leadId: string;
  type: string;
  data: Record<string, unknown>;
}

export interface InsertOptions {
  actor: IntakeActorRow;
  // Answer the whole stored row, not only its id.
  returnRows: boolean;
  // Added to the data of each 'created' event.
  eventData?: Record<string, unknown>;
  // One audit entry written by the same statement when at least one lead was stored: a single ingest
  // then costs one round trip.
  audit?: AuditValues;
  // The keyed hashes of the lead's email and phone (one-lead statements): nothing is stored when one is
  // on the suppression list, so the fast path checks it in the same round trip.
  unlessSuppressed?: string[];
}

// Columns of AuditService's insert, in AuditValues' order.
const AUDIT_COLUMNS = 'tenant_id, actor_type, actor_id, actor_label, action, resource_type, resource_id, outcome, ip, user_agent, request_id, changes, metadata';

// The intake's SQL: every statement runs in the caller's tenant transaction (TenantDb.run), so
// row-level security holds whatever the WHERE clauses say.
@Injectable()
export class LeadIntakeRepository {
  // Stores the rows that hit no unique index, each with its 'created' lead event (and optionally one
  // audit entry), in one statement: the events' foreign key is checked at its end, when the leads exist.
  // The statement-level triggers on leads add the search text, the stats delta and the live event.
  async insertNew(m: EntityManager, tenantId: string, rows: readonly NewLead[], options: InsertOptions): Promise<Map<string, LeadRow | undefined>> {
    const { sql, params } = insertNewSql(tenantId, rows, options);
    const inserted = await queryRows<LeadRow>(m, sql, params);
    return new Map(inserted.map((r) => [r.id, options.returnRows ? r : undefined]));
  }

  // insertNew of one lead as a whole transaction of its own in one round trip (TenantDb.scripts): the
  // fast path of a single ingest. Answers the stored row, or null when the lead hit a unique index and
  // nothing was written (the caller then takes the transactional path, which merges).
  // `then`: statements (values written in) run after the INSERT in the same transaction and round trip
  // (the lead's assignment turn); when the last of them answers a row, that is the lead as it was left.
  async insertOneAlone(db: TenantDb, tenantId: string, row: NewLead, options: InsertOptions, then: string[] = []): Promise<LeadRow | null> {
    const { sql, params } = insertNewSql(tenantId, [row], { ...options, returnRows: true });
    const results = await db.scripts(tenantId, [inlineParams(sql, params), ...then]);
    const [stored] = results[0] as LeadRow[];
    if (!stored) return null;
    const [after] = (then.length > 0 ? results[results.length - 1] : []) as LeadRow[];
    return after ?? stored;
  }

  // Which of these keyed hashes (SubjectHasher) are on the workspace's suppression list: one look-up on
  // its unique index.
  async suppressed(m: EntityManager, tenantId: string, hashes: readonly string[]): Promise<Set<string>> {
    const rows = await queryRows<{ subject_hash: string }>(
      m,
      `SELECT subject_hash FROM privacy_suppressions WHERE tenant_id = $1 AND subject_hash = ANY($2::text[])`,
      [tenantId, hashes],
    );
    return new Set(rows.map((r) => r.subject_hash));
  }

  // The audit entry of leads refused because their person was erased: how many, and the hashes only.
  async auditSuppressed(m: EntityManager, tenantId: string, actor: IntakeActorRow, metadata: Record<string, unknown>): Promise<void> {
    await m.query(
      `INSERT INTO audit_logs (tenant_id, actor_type, actor_id, action, resource_type, outcome, request_id, metadata)
       VALUES ($1, $2, $3, 'privacy.intake_suppressed', 'lead', 'success', 'intake', $4::jsonb)`,
      [tenantId, actor.type, actor.id ?? null, JSON.stringify(metadata)],
    );
  }

  match(m: EntityManager, tenantId: string, rows: ReadonlyArray<{ ord: number; lead: NormalisedLead }>): Promise<IntakeMatch[]> {
    return queryRows<IntakeMatch>(
      m,
      `SELECT i.ord,
              (SELECT l.id FROM leads l WHERE l.tenant_id = $1 AND l.source = i.source AND l.source_ref = i.source_ref) AS ref_id,
              (SELECT l.id FROM leads l WHERE l.tenant_id = $1 AND l.email = i.email AND ${OPEN_LEAD_SQL('l')}) AS email_id,
              (SELECT l.id FROM leads l WHERE l.tenant_id = $1 AND l.phone = i.phone AND ${OPEN_LEAD_SQL('l')}) AS phone_id
       FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[]) AS i(ord, email, phone, source, source_ref)`,
      [tenantId, rows.map((r) => r.ord), rows.map((r) => r.lead.email), rows.map((r) => r.lead.phone), rows.map((r) => r.lead.source), rows.map((r) => r.lead.sourceRef)],
    );
  }

  // A new version of a lead from the same source: content fields take the new values when given, tags
  // merge by lead-rules' mergeTags (case-insensitive, the lead's spelling kept) and metadata accumulates.
  // Workflow fields (status, priority, assignee) stay as people set them. An email or phone already used
  // by another open lead is not taken over.
  async updateFromSource(m: EntityManager, tenantId: string, rows: readonly NewLead[]): Promise<void> {
    const col = <T>(f: (l: NormalisedLead) => T) => rows.map((r) => f(r.lead));
    await m.query(
      `UPDATE leads l SET
         name = coalesce(u.name, l.name),
         email = CASE WHEN u.email IS NULL OR EXISTS (SELECT 1 FROM leads o WHERE o.tenant_id = l.tenant_id AND o.id <> l.id AND o.email = u.email AND ${OPEN_LEAD_SQL('o')})
                      THEN l.email ELSE u.email END,
         phone = CASE WHEN u.phone IS NULL OR EXISTS (SELECT 1 FROM leads o WHERE o.tenant_id = l.tenant_id AND o.id <> l.id AND o.phone = u.phone AND ${OPEN_LEAD_SQL('o')})
                      THEN l.phone ELSE u.phone END,
         company = coalesce(u.company, l.company),
         subject = coalesce(u.subject, l.subject),
         message = coalesce(u.message, l.message),
         role = coalesce(u.role, l.role),
         quality_score = coalesce(u.quality_score, l.quality_score),
         tags = ${mergeTagsSql('l.tags', 'ARRAY(SELECT jsonb_array_elements_text(u.tags))')},
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
        // A text[][] would have to be rectangular (and unnest flattens it): each lead's tags travel as JSON.
        col((l) => JSON.stringify(l.tags)),
        col((l) => JSON.stringify(l.metadata)),
      ],
    );
  }

  // The trigger sets updated_at; a resubmission brings the lead back to the top of "recently active".
  async touch(m: EntityManager, tenantId: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await m.query(`UPDATE leads SET updated_at = now() WHERE tenant_id = $1 AND id = ANY($2::uuid[])`, [tenantId, ids]);
  }

  // Fresh planner statistics for leads and the tables a load fills beside it (lead_analyze(true) runs
  // ANALYZE as their owner). Its own short transaction, after the load committed.
  async analyze(m: EntityManager): Promise<void> {
    await m.query(`SELECT lead_analyze(true)`);
  }

  async insertEvents(m: EntityManager, tenantId: string, events: readonly IntakeEventRow[], actor: IntakeActorRow): Promise<void> {
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

// The statement of insertNew with its parameters, every one of them cast (so it can also be inlined).
function insertNewSql(tenantId: string, rows: readonly NewLead[], options: InsertOptions): { sql: string; params: unknown[] } {
  const full = options.returnRows;
  // A stable order (by email, then phone) keeps two concurrent batches from locking in opposite orders.
  const sorted = [...rows].sort((a, b) => (a.lead.email ?? '').localeCompare(b.lead.email ?? '') || (a.lead.phone ?? '').localeCompare(b.lead.phone ?? ''));
  const col = <T>(f: (l: NormalisedLead) => T) => sorted.map((r) => f(r.lead));
  const params: unknown[] = [
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
    sorted.map(({ lead: l, eventData }) =>
      JSON.stringify({ source: l.source, ...(l.formId ? { formId: l.formId } : {}), ...options.eventData, ...eventData }),
    ),
    sorted.map((r) => r.scored?.score ?? null),
    sorted.map((r) => (r.scored ? JSON.stringify(r.scored.reasons) : null)),
    sorted.map((r) => r.assignment?.userId ?? null),
    sorted.map((r) =>
      r.assignment
        ? JSON.stringify({ changes: { assigneeId: { from: null, to: r.assignment.userId } }, rule: { id: r.assignment.ruleId, name: r.assignment.ruleName } })
        : null,
    ),
  ];
  let unlessSuppressed = '';
  if (options.unlessSuppressed && options.unlessSuppressed.length > 0) {
    params.push(options.unlessSuppressed);
    unlessSuppressed = `WHERE NOT EXISTS (SELECT 1 FROM privacy_suppressions s WHERE s.tenant_id = $1::uuid AND s.subject_hash = ANY($${params.length}::text[]))`;
  }
  let audit = '';
  if (options.audit) {
    const first = params.length + 1;
    params.push(...options.audit);
    const p = (i: number) => `$${first + i}`;
    audit = `, audited AS (
       INSERT INTO audit_logs (${AUDIT_COLUMNS})
       SELECT ${p(0)}::uuid, ${p(1)}::text, ${p(2)}::uuid, ${p(3)}::text, ${p(4)}::text, ${p(5)}::text, ${p(6)}::text, ${p(7)}::text, ${p(8)}::text, ${p(9)}::text, ${p(10)}::text, ${p(11)}::jsonb, ${p(12)}::jsonb
       WHERE EXISTS (SELECT 1 FROM stored)
     )`;
  }
  const sql = `WITH stored AS (
       INSERT INTO leads (id, tenant_id, type, priority, quality_score, name, email, phone, company, subject, message, role,
                          source, source_ref, form_id, tags, metadata, score, score_reasons, assignee_id)
       SELECT i.id, $1::uuid, i.type, i.priority, i.quality_score, i.name, i.email, i.phone, i.company, i.subject, i.message, i.role,
              i.source, i.source_ref, i.form_id, ARRAY(SELECT jsonb_array_elements_text(i.tags)), i.metadata, i.score, i.score_reasons, i.assignee_id
       FROM unnest($2::uuid[], $3::text[], $4::text[], $5::smallint[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
                   $11::text[], $12::text[], $13::text[], $14::text[], $15::uuid[], $16::jsonb[], $17::jsonb[], $21::smallint[], $22::jsonb[], $23::uuid[])
            WITH ORDINALITY AS i(id, type, priority, quality_score, name, email, phone, company, subject, message, role,
                                 source, source_ref, form_id, tags, metadata, score, score_reasons, assignee_id, ord)
       ${unlessSuppressed}
       ORDER BY i.ord
       ON CONFLICT DO NOTHING
       RETURNING ${full ? '*' : 'id'}
     ), created AS (
       INSERT INTO lead_events (tenant_id, lead_id, type, actor_type, actor_id, data, created_at)
       SELECT $1::uuid, e.id, 'created', $18::text, $19::uuid, e.data, clock_timestamp()
       FROM unnest($2::uuid[], $20::jsonb[]) WITH ORDINALITY AS e(id, data, ord)
       WHERE e.id IN (SELECT id FROM stored)
       ORDER BY e.ord
       RETURNING lead_id, created_at
     ), ruled AS (
       -- The assignment's event, a microsecond after its lead's 'created' one so timelines keep that order.
       INSERT INTO lead_events (tenant_id, lead_id, type, actor_type, actor_id, data, created_at)
       SELECT $1::uuid, c.lead_id, 'updated', 'system', NULL, r.data, c.created_at + interval '1 microsecond'
       FROM created c JOIN unnest($2::uuid[], $24::jsonb[]) AS r(id, data) ON r.id = c.lead_id
       WHERE r.data IS NOT NULL
     )${audit}
     SELECT ${full ? '*' : 'id'} FROM stored`;
  return { sql, params };
}
