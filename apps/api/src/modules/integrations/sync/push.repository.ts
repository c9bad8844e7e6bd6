import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryRows } from '../../../common/db/sql';
import type { PushLead } from './pull-provider';

export const PUSH_STREAM = 'push';

export interface PushCandidate extends PushLead {
  updatedAt: string;
}

const LEAD_COLUMNS = `l.id, l.name, l.email, l.phone, l.company, l.role, l.message, l.source, l.status, to_char(l.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "updatedAt"`;

// The SQL of pushing leads to a provider. A lead's push state is its `sync_records` row in the `push`
// stream (reference = the lead id): `pushed:{remote id}`, `failed` (tried again by every run) or
// `skipped:origin` (came from the provider).
@Injectable()
export class PushRepository {
  // Leads at `status` changed since the cursor (keyset on updated_at, id) that the connection never
  // handled, oldest first: the (tenant, updated_at, id) index serves it.
  candidates(m: EntityManager, connectionId: string, status: string, after: { at: string; id: string }, limit: number): Promise<PushCandidate[]> {
    return queryRows(
      m,
      `SELECT ${LEAD_COLUMNS} FROM leads l
       WHERE (l.updated_at, l.id) > ($3::timestamptz, $4::uuid) AND l.status = $2 AND l.deleted_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM sync_records r WHERE r.connection_id = $1 AND r.stream = '${PUSH_STREAM}' AND r.source_ref = l.id::text)
       ORDER BY l.updated_at, l.id LIMIT $5`,
      [connectionId, status, after.at, after.id, limit],
    );
  }

  // Leads whose last push failed, still at `status` (one that moved on is left alone), oldest attempt first.
  failed(m: EntityManager, connectionId: string, status: string, limit: number): Promise<PushCandidate[]> {
    return queryRows(
      m,
      `SELECT ${LEAD_COLUMNS} FROM sync_records r JOIN leads l ON l.id = r.lead_id
       WHERE r.connection_id = $1 AND r.stream = '${PUSH_STREAM}' AND r.version = 'failed' AND l.status = $2 AND l.deleted_at IS NULL
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
