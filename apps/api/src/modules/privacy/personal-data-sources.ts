import type { EntityManager } from 'typeorm';
import { queryRows } from '../../common/db/sql';
import type { PersonalDataSource, Subject } from './personal-data-source';

// What stands in for an erased value.
export const ERASED = 'erased';

// SQL: true when the text `expr` (cast to text, lower-cased) contains one of the subject's needles ($2).
const mentions = (expr: string) => `EXISTS (SELECT 1 FROM unnest($2::text[]) nd WHERE position(nd IN lower((${expr})::text)) > 0)`;

async function count(m: EntityManager, sql: string, params: unknown[]): Promise<number> {
  const [row] = await queryRows<{ n: number }>(m, `WITH touched AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM touched`, params);
  return row?.n ?? 0;
}

const base = (s: Subject) => [s.tenantId, s.needles, s.leadIds];

// Lead event data keeps only these keys (no names, addresses or what the person wrote), and of
// `changes` only the workflow fields, so timelines and response times stay true.
const KEPT_EVENT_KEYS = ['source', 'formId', 'connectionId', 'deliveryId', 'syncRunId', 'stream', 'provider', 'rule', 'event', 'reason'];
const KEPT_CHANGE_KEYS = ['status', 'priority', 'type', 'assigneeId', 'deletedAt', 'tags'];

const AUDIT_MATCH = `tenant_id = $1 AND ((resource_type = 'lead' AND resource_id = ANY($3::text[])) OR ${mentions('changes')} OR ${mentions('metadata')})`;

// The registry, in the order an erasure runs: leads first (their update rewrites the search row, which
// is then dropped), then what hangs off them.
export const PERSONAL_DATA_SOURCES: readonly PersonalDataSource[] = [
  {
    kind: 'leads',
    erasure: 'Name, email, phone, company, subject, message, notes and metadata (IP, browser, form fields, consent) are replaced by "erased"; status, source, tags, dates and assignment stay.',
    find: (m, s) =>
      queryRows(
        m,
        `SELECT id, name, email, phone, company, subject, message, role, notes, source, source_ref AS "sourceRef", status, priority, type, tags,
                metadata, created_at AS "createdAt", updated_at AS "updatedAt", deleted_at AS "deletedAt"
         FROM leads
         WHERE tenant_id = $1 AND (email = $2 OR phone = $3 OR ($3 IS NOT NULL AND metadata->>'rawPhone' = $3))
         ORDER BY created_at`,
        [s.tenantId, s.email, s.phone],
      ),
    // A batch erases its own leads; the final pass (no ids) those still matching the identifiers.
    erase: (m, s) =>
      count(
        m,
        `UPDATE leads SET name = '${ERASED}', email = NULL, phone = NULL, company = NULL, subject = NULL, message = NULL, role = NULL,
                notes = NULL, score_reasons = NULL, metadata = jsonb_build_object('rawPhone', '${ERASED}', 'erased', true)
         WHERE tenant_id = $1 AND (CASE WHEN cardinality($4::uuid[]) > 0 THEN id = ANY($4::uuid[])
                                       ELSE (email = $2 OR phone = $3 OR ($3 IS NOT NULL AND metadata->>'rawPhone' = $3)) END)`,
        [s.tenantId, s.email, s.phone, s.leadIds],
      ),
  },
  {
    kind: 'leadSearch',
    erasure: 'The search entry is deleted.',
    // Owner functions (migration Privacy): the app role has no grant on the search table.
    find: (m, s) => queryRows(m, `SELECT lead_id AS "leadId", document FROM subject_lead_search($1::uuid[])`, [s.leadIds]),
    erase: async (m, s) => {
      const [row] = await queryRows<{ n: string }>(m, `SELECT erase_lead_search($1::uuid[]) AS n`, [s.leadIds]);
      return Number(row.n);
    },
  },
  {
    kind: 'leadEvents',
    erasure: 'Timeline entries stay with their type and time; what they recorded of the person is removed.',
    find: (m, s) =>
      queryRows(
        m,
        `SELECT id::text, lead_id AS "leadId", type, data, created_at AS "createdAt" FROM lead_events
         WHERE tenant_id = $1 AND (lead_id = ANY($3::uuid[]) OR ${mentions('data')}) ORDER BY created_at`,
        base(s),
      ),
    erase: (m, s) =>
      count(
        m,
        `UPDATE lead_events SET data = coalesce((SELECT jsonb_object_agg(k, v) FROM jsonb_each(data) AS e(k, v) WHERE k = ANY($4::text[])), '{}'::jsonb)
                || CASE WHEN jsonb_typeof(data->'changes') = 'object'
                        THEN jsonb_build_object('changes', coalesce((SELECT jsonb_object_agg(k, v) FROM jsonb_each(data->'changes') AS c(k, v) WHERE k = ANY($5::text[])), '{}'::jsonb))
                        ELSE '{}'::jsonb END
                || '{"erased": true}'::jsonb
         WHERE tenant_id = $1 AND (lead_id = ANY($3::uuid[]) OR ${mentions('data')}) AND NOT (data ? 'erased')`,
        [...base(s), KEPT_EVENT_KEYS, KEPT_CHANGE_KEYS],
      ),
  },
  {
    kind: 'outboundEmails',
    erasure: 'The recipient, subject and body of emails sent to the person are deleted; that they were sent stays.',
    find: (m, s) =>
      queryRows(
        m,
        `SELECT id, lead_id AS "leadId", "to", subject, text, status, created_at AS "createdAt", sent_at AS "sentAt" FROM outbound_emails
         WHERE tenant_id = $1 AND (lead_id = ANY($3::uuid[]) OR ${mentions('"to"')} OR ${mentions('text')}) ORDER BY created_at`,
        base(s),
      ),
    erase: (m, s) =>
      count(
        m,
        `UPDATE outbound_emails SET "to" = '${ERASED}', subject = '${ERASED}', text = '', error = NULL
         WHERE tenant_id = $1 AND (lead_id = ANY($3::uuid[]) OR ${mentions('"to"')} OR ${mentions('text')}) AND "to" <> '${ERASED}'`,
        base(s),
      ),
  },
  {
    kind: 'webhookDeliveries',
    erasure: 'The stored payload of deliveries that brought the person is deleted; the delivery record and its counts stay.',
    find: (m, s) =>
      queryRows(
        m,
        `SELECT id, connection_id AS "connectionId", lead_id AS "leadId", action, state, received_at AS "receivedAt",
                CASE WHEN body IS NULL THEN NULL ELSE convert_from(body, 'UTF8') END AS body, result
         FROM webhook_deliveries
         WHERE tenant_id = $1 AND (lead_id = ANY($3::uuid[]) OR (body IS NOT NULL AND ${mentions(`convert_from(body, 'UTF8')`)}) OR ${mentions('result')})
         ORDER BY received_at`,
        base(s),
      ),
    erase: (m, s) =>
      count(
        m,
        `UPDATE webhook_deliveries SET body = NULL, body_purged_at = coalesce(body_purged_at, now()), last_error = NULL,
                result = (SELECT jsonb_object_agg(k, v) FROM jsonb_each(result) AS r(k, v) WHERE jsonb_typeof(v) = 'number')
         WHERE tenant_id = $1 AND (lead_id = ANY($3::uuid[]) OR (body IS NOT NULL AND ${mentions(`convert_from(body, 'UTF8')`)}) OR ${mentions('result')})
           AND (body IS NOT NULL OR result ? 'items' OR last_error IS NOT NULL)`,
        base(s),
      ),
  },
  {
    kind: 'idempotencyRecords',
    erasure: 'Stored replies of earlier requests that name the person are deleted.',
    find: (m, s) =>
      queryRows(
        m,
        `SELECT scope, key, created_at AS "createdAt", response_body AS "responseBody" FROM idempotency_keys
         WHERE tenant_id = $1 AND (${mentions('response_body')} OR EXISTS (SELECT 1 FROM unnest($3::uuid[]) l WHERE position(l::text IN response_body::text) > 0))`,
        base(s),
      ),
    erase: (m, s) =>
      count(
        m,
        `DELETE FROM idempotency_keys
         WHERE tenant_id = $1 AND (${mentions('response_body')} OR EXISTS (SELECT 1 FROM unnest($3::uuid[]) l WHERE position(l::text IN response_body::text) > 0))`,
        base(s),
      ),
  },
  {
    kind: 'formSpamHits',
    erasure: 'Spam submissions that name the person lose their recorded details.',
    find: (m, s) => queryRows(m, `SELECT id, form_id AS "formId", metadata, created_at AS "createdAt" FROM form_spam_hits WHERE tenant_id = $1 AND ${mentions('metadata')}`, base(s).slice(0, 2)),
    erase: (m, s) => count(m, `UPDATE form_spam_hits SET metadata = '{"erased": true}'::jsonb WHERE tenant_id = $1 AND ${mentions('metadata')}`, base(s).slice(0, 2)),
  },
  {
    kind: 'importRows',
    erasure: 'Rows of imports still waiting to be merged that hold the person are deleted.',
    find: (m, s) =>
      queryRows(
        m,
        `SELECT import_id AS "importId", row_number AS "rowNumber", fields FROM lead_import_rows WHERE tenant_id = $1 AND ${mentions(`array_to_string(fields, ' ')`)}`,
        base(s).slice(0, 2),
      ),
    erase: (m, s) => count(m, `DELETE FROM lead_import_rows WHERE tenant_id = $1 AND ${mentions(`array_to_string(fields, ' ')`)}`, base(s).slice(0, 2)),
  },
  {
    kind: 'importErrors',
    erasure: 'Import error reports that quote the person are replaced by "erased".',
    find: (m, s) =>
      queryRows(m, `SELECT import_id AS "importId", row_number AS "rowNumber", message FROM lead_import_errors WHERE tenant_id = $1 AND ${mentions('message')}`, base(s).slice(0, 2)),
    erase: (m, s) => count(m, `UPDATE lead_import_errors SET message = '${ERASED}' WHERE tenant_id = $1 AND ${mentions('message')}`, base(s).slice(0, 2)),
  },
  {
    kind: 'syncFailures',
    erasure: 'Sync error messages that quote the person are replaced by "erased".',
    find: (m, s) =>
      queryRows(m, `SELECT id::text, run_id AS "runId", source_ref AS "sourceRef", error, created_at AS "createdAt" FROM sync_run_failures WHERE tenant_id = $1 AND ${mentions('error')}`, base(s).slice(0, 2)),
    erase: (m, s) => count(m, `UPDATE sync_run_failures SET error = '${ERASED}' WHERE tenant_id = $1 AND ${mentions('error')}`, base(s).slice(0, 2)),
  },
  {
    kind: 'auditEntries',
    erasure: 'Audit entries about the person keep who did what and when; their details (and an anonymous submitter\'s IP) are removed.',
    find: (m, s) => queryRows(m, `SELECT id, action, actor_type AS "actorType", resource_type AS "resourceType", resource_id AS "resourceId", changes, metadata, ip, created_at AS "createdAt" FROM audit_logs WHERE ${AUDIT_MATCH} ORDER BY created_at`, base(s)),
    erase: async (m, s) => {
      const ids = await queryRows<{ id: string }>(m, `SELECT id FROM audit_logs WHERE ${AUDIT_MATCH} AND metadata IS DISTINCT FROM '{"erased": true}'::jsonb`, base(s));
      if (ids.length === 0) return 0;
      const [row] = await queryRows<{ n: string }>(m, `SELECT erase_audit_entries($1::uuid[]) AS n`, [ids.map((r) => r.id)]);
      return Number(row.n);
    },
  },
];
