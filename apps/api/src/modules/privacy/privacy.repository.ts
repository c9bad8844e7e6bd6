import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryRows } from '../../common/db/sql';

export interface SuppressionRow {
  id: string;
  kind: 'email' | 'phone';
  subject_hash: string;
  created_at: Date;
}

// The privacy module's own tables (the suppression list, exports); the personal data of other tables is
// reached through the registry (personal-data-sources.ts).
@Injectable()
export class PrivacyRepository {
  // Answers how many were new.
  async suppress(m: EntityManager, tenantId: string, entries: ReadonlyArray<{ kind: 'email' | 'phone'; hash: string }>, createdBy: string | null): Promise<number> {
    if (entries.length === 0) return 0;
    const rows = await queryRows<{ id: string }>(
      m,
      `INSERT INTO privacy_suppressions (tenant_id, kind, subject_hash, created_by)
       SELECT $1, e.kind, e.hash, $4 FROM unnest($2::text[], $3::text[]) AS e(kind, hash)
       ON CONFLICT (tenant_id, subject_hash) DO NOTHING RETURNING id`,
      [tenantId, entries.map((e) => e.kind), entries.map((e) => e.hash), createdBy],
    );
    return rows.length;
  }

  async anySuppressed(m: EntityManager, tenantId: string, hashes: readonly string[]): Promise<boolean> {
    const [row] = await queryRows<{ found: boolean }>(
      m,
      `SELECT EXISTS (SELECT 1 FROM privacy_suppressions WHERE tenant_id = $1 AND subject_hash = ANY($2::text[])) AS found`,
      [tenantId, hashes],
    );
    return row.found;
  }

  listSuppressions(m: EntityManager, tenantId: string, limit: number): Promise<SuppressionRow[]> {
    return queryRows<SuppressionRow>(
      m,
      `SELECT id, kind, subject_hash, created_at FROM privacy_suppressions WHERE tenant_id = $1 ORDER BY created_at DESC, id LIMIT $2`,
      [tenantId, limit],
    );
  }

  async liftSuppression(m: EntityManager, tenantId: string, id: string): Promise<SuppressionRow | null> {
    const rows = await queryRows<SuppressionRow>(m, `DELETE FROM privacy_suppressions WHERE tenant_id = $1 AND id = $2 RETURNING id, kind, subject_hash, created_at`, [tenantId, id]);
    return rows[0] ?? null;
  }

  // An erasure also drops the exports made of the person.
  async deleteExportsOf(m: EntityManager, tenantId: string, hashes: readonly string[]): Promise<number> {
    const rows = await queryRows<{ id: string }>(m, `DELETE FROM privacy_exports WHERE tenant_id = $1 AND subject_hashes && $2::text[] RETURNING id`, [tenantId, hashes]);
    return rows.length;
  }
}
