import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryRows } from '../../../common/db/sql';
import type { PushLead } from './pull-provider';

export const PUSH_STREAM = 'push';

export interface PushCandidate extends PushLead {
  updatedAt: string;
}

// What a push sends of a lead (PushLead's fields), hashed: a pushed lead whose hash moved since is sent again.
const FINGERPRINT_SQL = `md5(jsonb_build_array(l.name, l.email, l.phone, l.company, l.role, l.message)::text)`;

const LEAD_COLUMNS = `l.id, l.name, l.email, l.phone, l.company, l.role, l.message, l.source, l.status, ${FINGERPRINT_SQL} AS fingerprint,
  to_char(l.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "updatedAt"`;

// The version a pushed lead's record keeps: the provider's id and the fingerprint of what was sent.
export const pushedVersion = (remoteId: string, fingerprint: string) => `pushed:${remoteId}:${fingerprint}`;

// The SQL of pushing leads to a provider. A lead's push state is its `sync_records` row in the `push`
// stream (reference = the lead id): `pushed:{remote id}:{fingerprint}`, `failed` (tried again by every
// run) or `skipped:origin` (came from the provider).
// An erased lead (privacy erasure marks its metadata) is never sent: its "erased" stand-ins would overwrite the
// provider's record, and a record that had gone would come back.
const NOT_ERASED = `NOT (l.metadata ? 'erased')`;

@Injectable()
export class PushRepository {
  // Leads changed since the cursor (keyset on updated_at, id), oldest first: those at `status` that the
  // connection never handled, and those it pushed whose sent fields changed since (`remoteId` set: sent
  // again as an update of the provider's record, whatever their status now). The (tenant, updated_at,
  // id) index serves it.
  candidates(m: EntityManager, connectionId: string, status: string, after: { at: string; id: string }, limit: number): Promise<PushCandidate[]> {
    return queryRows(
      m,
      `SELECT ${LEAD_COLUMNS}, CASE WHEN r.version LIKE 'pushed:%' THEN nullif(split_part(r.version, ':', 2), '') END AS "remoteId" FROM leads l
       LEFT JOIN sync_records r ON r.connection_id = $1 AND r.stream = '${PUSH_STREAM}' AND r.source_ref = l.id::text
       WHERE (l.updated_at, l.id) > ($3::timestamptz, $4::uuid) AND l.deleted_at IS NULL AND ${NOT_ERASED}
         AND ((r.version IS NULL AND l.status = $2) OR (r.version LIKE 'pushed:%' AND split_part(r.version, ':', 3) IS DISTINCT FROM ${FINGERPRINT_SQL}))
       ORDER BY l.updated_at, l.id LIMIT $5`,
      [connectionId, status, after.at, after.id, limit],
    );
  }

  // Leads whose last push failed, still at `status` (one that moved on is left alone), oldest attempt first.
  failed(m: EntityManager, connectionId: string, status: string, limit: number): Promise<PushCandidate[]> {
    return queryRows(
      m,
      `SELECT ${LEAD_COLUMNS}, NULL AS "remoteId" FROM sync_records r JOIN leads l ON l.id = r.lead_id
       WHERE r.connection_id = $1 AND r.stream = '${PUSH_STREAM}' AND r.version = 'failed' AND l.status = $2 AND l.deleted_at IS NULL AND ${NOT_ERASED}
       ORDER BY r.applied_at, r.source_ref LIMIT $3`,
      [connectionId, status, limit],
    );
  }

  // The provider's id for the lead, kept in metadata.{key} beside what the provider told before.
  async setRemote(m: EntityManager, key: string, rows: Array<{ leadId: string; remote: Record<string, unknown> }>): Promise<void> {
    if (rows.length === 0) return;
    await queryRows(
      m,
      `UPDATE leads l SET metadata = jsonb_set(l.metadata, ARRAY[$1::text], coalesce(l.metadata -> $1, '{}'::jsonb) || r.remote)
       FROM unnest($2::uuid[], $3::jsonb[]) AS r(id, remote) WHERE l.id = r.id`,
      [key, rows.map((r) => r.leadId), rows.map((r) => JSON.stringify(r.remote))],
    );
  }
}
