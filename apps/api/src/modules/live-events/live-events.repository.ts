import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryRows } from '../../common/db/sql';
import type { LiveRowEvent } from './live-event-types';

export interface LiveEventRow {
  id: string;
  type: LiveRowEvent;
  lead_ids: string[];
  count: number;
}

export interface LiveEventsWindow {
  // Smallest id still kept (any tenant); null when none is.
  oldest: string | null;
  // Largest id handed out so far ('0' before the first).
  newest: string;
}

const COLUMNS = 'id, type, lead_ids, count';

// The SQL of live updates. Reads run inside the caller's TenantDb transaction (row-level security
// applies); the window and the purge are owner functions (LiveEvents migration).
@Injectable()
export class LiveEventsRepository {
  async window(m: EntityManager): Promise<LiveEventsWindow> {
    const [row] = await queryRows<LiveEventsWindow>(m, `SELECT oldest, newest FROM live_events_window()`);
    return row;
  }

  // The tenant's events after `afterId`, oldest first.
  after(m: EntityManager, tenantId: string, afterId: string, limit: number): Promise<LiveEventRow[]> {
    return queryRows<LiveEventRow>(m, `SELECT ${COLUMNS} FROM live_events WHERE tenant_id = $1 AND id > $2 ORDER BY id LIMIT $3`, [tenantId, afterId, limit]);
  }

  // The tenant's events with these ids (announced by notifications), oldest first.
  byIds(m: EntityManager, tenantId: string, ids: string[]): Promise<LiveEventRow[]> {
    return queryRows<LiveEventRow>(m, `SELECT ${COLUMNS} FROM live_events WHERE tenant_id = $1 AND id = ANY($2::bigint[]) ORDER BY id`, [tenantId, ids]);
  }

  async purge(m: EntityManager, cutoff: Date): Promise<number> {
    const [row] = await queryRows<{ purged: string }>(m, `SELECT purged FROM purge_live_events($1)`, [cutoff]);
    return Number(row.purged);
  }
}
