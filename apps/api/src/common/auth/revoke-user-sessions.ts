import type { EntityManager } from 'typeorm';
import { queryRows } from '../db/sql';

// Revokes every live session of a user, optionally keeping one (the caller's own); answers how many.
// A plain helper so that modules which take access away (users) need not depend on the auth module.
export async function revokeUserSessions(m: EntityManager, userId: string, reason: string, keepSessionId?: string): Promise<number> {
  const rows = await queryRows(
    m,
    `update sessions set revoked_at = now(), revoked_reason = $2
      where user_id = $1 and revoked_at is null and ($3::uuid is null or id <> $3::uuid) returning id`,
    [userId, reason, keepSessionId ?? null],
  );
  return rows.length;
}
