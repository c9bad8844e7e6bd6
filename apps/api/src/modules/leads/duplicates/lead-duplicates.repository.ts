import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryRows } from '../../../common/db/sql';
import type { DuplicateReason } from './dto/duplicate-pair.dto';

export interface DuplicateCursor {
  leadId: string;
  rank: number;
  matchId: string;
}

export interface DuplicateRow {
  reason: DuplicateReason;
  rank: number;
  matchedOn: string | null;
  lead: LeadSide;
  match: LeadSide;
}

interface LeadSide {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  company: string | null;
  status: string;
  createdAt: Date;
  version: number;
}

// Rank orders a lead's pairs: closed matches first.
export const REASON_RANK: Record<DuplicateReason, number> = { closed_match: 3, same_name_company: 2, email_alias: 1 };

const SIDE = (t: string) =>
  `json_build_object('id', ${t}.id, 'name', ${t}.name, 'email', ${t}.email, 'phone', ${t}.phone, 'company', ${t}.company,
     'status', ${t}.status, 'createdAt', ${t}.created_at, 'version', ${t}.version)`;

// The pairs come from lead_duplicate_pairs() (LeadDuplicates migration: it walks the leads newest first and
// looks each one's older twins up by index, as the table owner); both leads are then read by id under the
// row-level security policy.
const DUPLICATES_SQL = `
SELECT p.reason, p.rank, p.matched_on AS "matchedOn", ${SIDE('a')} AS lead, ${SIDE('b')} AS match
FROM lead_duplicate_pairs($2::uuid, $3::int, $4::uuid, $5::int) WITH ORDINALITY AS p(lead_id, match_id, reason, rank, matched_on, n)
JOIN leads a ON a.tenant_id = $1 AND a.id = p.lead_id
JOIN leads b ON b.tenant_id = $1 AND b.id = p.match_id
ORDER BY p.n`;

@Injectable()
export class LeadDuplicatesRepository {
  page(m: EntityManager, tenantId: string, after: DuplicateCursor | null, limit: number): Promise<DuplicateRow[]> {
    return queryRows<DuplicateRow>(m, DUPLICATES_SQL, [tenantId, after?.leadId ?? null, after?.rank ?? null, after?.matchId ?? null, limit]);
  }
}
