import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { UserStatus } from './user.entity';
import type { UserCursor } from './user-cursor';
import type { UserDto } from './dto/user.dto';

export interface UserListFilter {
  status?: UserStatus;
  q?: string;
  after?: UserCursor;
  limit: number;
}

export type UserRow = UserDto & { cursorAt: string };

const COLUMNS = `u.id, u.email, u.name, u.role_id as "roleId", r.name as "roleName", u.status,
  u.mfa_enabled as "mfaEnabled", u.away, u.lead_capacity as "leadCapacity", u.last_login_at as "lastLoginAt", u.created_at as "createdAt",
  to_char(u.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "cursorAt"`;

// `%` and `_` typed by the user are literal characters, not wildcards.
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, '\\$&')}%`;

// Users with their role name. Runs in the caller's tenant transaction; the tenant filter is explicit
// as well, so the (tenant_id, created_at) index serves the keyset.
@Injectable()
export class UsersRepository {
  page(m: EntityManager, tenantId: string, filter: UserListFilter): Promise<UserRow[]> {
    return m.query(
      `select ${COLUMNS}
         from users u
         join roles r on r.id = u.role_id
        where u.tenant_id = $1
          and ($2::text is null or u.status = $2)
          and ($3::text is null or u.email ilike $3 or u.name ilike $3)
          and ($4::timestamptz is null or (u.created_at, u.id) > ($4::timestamptz, $5::uuid))
        order by u.created_at, u.id
        limit $6`,
      [tenantId, filter.status ?? null, filter.q ? likePattern(filter.q) : null, filter.after?.createdAt ?? null, filter.after?.id ?? null, filter.limit],
    );
  }

  // Names only, for colleagues: the directory behind assignee and "claimed by" ids.
  directory(m: EntityManager, tenantId: string, limit: number): Promise<Array<{ id: string; name: string; status: string }>> {
    return m.query(
      `select u.id, coalesce(nullif(btrim(u.name), ''), u.email) as name, u.status
         from users u
        where u.tenant_id = $1
        order by lower(coalesce(nullif(btrim(u.name), ''), u.email)), u.id
        limit $2`,
      [tenantId, limit],
    );
  }

  async findOne(m: EntityManager, tenantId: string, id: string): Promise<UserRow | undefined> {
    const rows: UserRow[] = await m.query(
      `select ${COLUMNS} from users u join roles r on r.id = u.role_id where u.tenant_id = $1 and u.id = $2`,
      [tenantId, id],
    );
    return rows[0];
  }

  // Locks the workspace's active owners (in id order, so concurrent callers cannot deadlock) and returns
  // their ids. Two simultaneous demotions of the last two owners thus see each other's result.
  async lockActiveOwners(m: EntityManager, tenantId: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await m.query(
      `select u.id from users u join roles r on r.id = u.role_id
        where u.tenant_id = $1 and r.key = 'owner' and u.status = 'active'
        order by u.id
        for update of u`,
      [tenantId],
    );
    return rows.map((r) => r.id);
  }
}
