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

// Outbound webhook events carry a copy of the lead: these keys are facts, not the person.
const KEPT_WEBHOOK_LEAD_KEYS = ['id', 'source', 'status', 'priority', 'assigneeId', 'score', 'tags', 'createdAt', 'updatedAt', 'deletedAt'];
const outboundEventMatch = (data: string) => `((${data}->'lead'->>'id') = ANY($3::text[]) OR ${mentions(data)})`;

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
    kind: 'leadEnrichments',
    erasure: 'Enrichment lookups of the person lose the value looked up and what the provider answered; that a lookup ran (and was charged) stays.',
    find: (m, s) =>
      queryRows(
        m,
        `SELECT id, lead_id AS "leadId", provider, kind, value, status, reason, summary, raw, created_at AS "createdAt", finished_at AS "finishedAt" FROM lead_enrichments
         WHERE tenant_id = $1 AND (lead_id = ANY($3::uuid[]) OR ${mentions('value')} OR ${mentions('raw')} OR ${mentions('summary')}) ORDER BY created_at`,
        base(s),
      ),
    // The value is also the cache key: an erased value is never served to another lead.
    erase: (m, s) =>
      count(
        m,
        `UPDATE lead_enrichments SET value = '${ERASED}', reason = NULL, summary = NULL, raw = NULL
         WHERE tenant_id = $1 AND (lead_id = ANY($3::uuid[]) OR ${mentions('value')} OR ${mentions('raw')} OR ${mentions('summary')}) AND value <> '${ERASED}'`,
        base(s),
      ),
  },
  {
    kind: 'notifications',
    erasure: 'Notifications about the person keep their kind and time; what they quoted (a note excerpt, the lead) is removed.',
    find: (m, s) =>
      queryRows(
        m,
        `SELECT id::text, recipient_id AS "recipientId", kind, lead_id AS "leadId", data, created_at AS "createdAt", read_at AS "readAt" FROM notifications
         WHERE tenant_id = $1 AND (lead_id = ANY($3::uuid[]) OR ${mentions('data')}) ORDER BY created_at`,
        base(s),
      ),
    erase: (m, s) =>
      count(
        m,
        `UPDATE notifications SET data = '{"erased": true}'::jsonb
         WHERE tenant_id = $1 AND (lead_id = ANY($3::uuid[]) OR ${mentions('data')}) AND data <> '{"erased": true}'::jsonb`,
        base(s),
      ),
  },
  {
    kind: 'notificationDeliveries',
    erasure: 'Errors of notification emails that quote the person are removed.',
    find: (m, s) =>
      queryRows(
        m,
        `SELECT notification_id::text AS "notificationId", channel, status, last_error AS "lastError", sent_at AS "sentAt" FROM notification_deliveries
         WHERE tenant_id = $1 AND ${mentions('last_error')}`,
        base(s).slice(0, 2),
      ),
    erase: (m, s) => count(m, `UPDATE notification_deliveries SET last_error = '${ERASED}' WHERE tenant_id = $1 AND ${mentions('last_error')}`, base(s).slice(0, 2)),
  },
  {
    // Before the events: a delivery is the person's when its event is, which the event's data says until erased.
    kind: 'outboundWebhookDeliveries',
    erasure: 'What receivers answered to events about the person is removed; the delivery, its status and timing stay.',
    find: (m, s) =>
      queryRows(
        m,
        `SELECT d.id, d.endpoint_id AS "endpointId", d.event_id AS "eventId", d.state, d.attempts, d.last_status_code AS "lastStatusCode",
                d.last_response_excerpt AS "lastResponseExcerpt", d.last_error AS "lastError", d.created_at AS "createdAt"
         FROM outbound_webhook_deliveries d JOIN outbound_webhook_events e ON e.id = d.event_id
         WHERE d.tenant_id = $1 AND (${outboundEventMatch('e.data')} OR ${mentions('d.last_response_excerpt')} OR ${mentions('d.last_error')})
         ORDER BY d.created_at`,
        base(s),
      ),
    erase: (m, s) =>
      count(
        m,
        `UPDATE outbound_webhook_deliveries d SET last_response_excerpt = NULL, last_error = NULL
         FROM outbound_webhook_events e
         WHERE e.id = d.event_id AND d.tenant_id = $1 AND (${outboundEventMatch('e.data')} OR ${mentions('d.last_response_excerpt')} OR ${mentions('d.last_error')})
           AND (d.last_response_excerpt IS NOT NULL OR d.last_error IS NOT NULL)`,
        base(s),
      ),
  },
  {
    kind: 'outboundWebhookEvents',
    erasure: 'Events sent to your webhooks keep the lead id, status, source, priority, tags and dates; names and contact details are removed.',
    find: (m, s) =>
      queryRows(m, `SELECT id, type, data, created_at AS "createdAt" FROM outbound_webhook_events WHERE tenant_id = $1 AND ${outboundEventMatch('data')} ORDER BY created_at`, base(s)),
    erase: (m, s) =>
      count(
        m,
        `UPDATE outbound_webhook_events SET data = jsonb_build_object('erased', true)
                || CASE WHEN jsonb_typeof(data->'lead') = 'object'
                        THEN jsonb_build_object('lead', coalesce((SELECT jsonb_object_agg(k, v) FROM jsonb_each(data->'lead') AS l(k, v) WHERE k = ANY($4::text[])), '{}'::jsonb))
                        ELSE '{}'::jsonb END
                || CASE WHEN jsonb_typeof(data->'changes') = 'object'
                        THEN jsonb_build_object('changes', coalesce((SELECT jsonb_object_agg(k, v) FROM jsonb_each(data->'changes') AS c(k, v) WHERE k = ANY($5::text[])), '{}'::jsonb))
                        ELSE '{}'::jsonb END
         WHERE tenant_id = $1 AND ${outboundEventMatch('data')} AND NOT (data ? 'erased')`,
        [...base(s), KEPT_WEBHOOK_LEAD_KEYS, KEPT_CHANGE_KEYS],
      ),
  },
  {
    kind: 'syncRecords',
    erasure: 'Links between the person\'s leads and provider records stay (ids only), so a sync recognises the record and intake refuses it.',
    find: (m, s) =>
      queryRows(
        m,
        `SELECT connection_id AS "connectionId", stream, source_ref AS "sourceRef", version, lead_id AS "leadId", applied_at AS "appliedAt" FROM sync_records
         WHERE tenant_id = $1 AND lead_id = ANY($2::uuid[]) ORDER BY applied_at`,
        [s.tenantId, s.leadIds],
      ),
    erase: async () => 0,
  },
  {
    kind: 'imports',
    erasure: 'Import errors that quote the person are replaced by "erased".',
    find: (m, s) =>
      queryRows(m, `SELECT id, filename, status, error, created_at AS "createdAt" FROM lead_imports WHERE tenant_id = $1 AND (${mentions('filename')} OR ${mentions('error')})`, base(s).slice(0, 2)),
    erase: (m, s) =>
      count(
        m,
        `UPDATE lead_imports SET filename = CASE WHEN ${mentions('filename')} THEN '${ERASED}' ELSE filename END, error = CASE WHEN ${mentions('error')} THEN '${ERASED}' ELSE error END
         WHERE tenant_id = $1 AND (${mentions('filename')} OR ${mentions('error')})`,
        base(s).slice(0, 2),
      ),
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
