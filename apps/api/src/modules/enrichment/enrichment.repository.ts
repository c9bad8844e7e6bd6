import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryRows } from '../../common/db/sql';
import type { SqlQuery } from '../leads/lead-list-query';
import type { EnrichmentKind, EnrichmentStatus, EnrichmentTrigger } from './enrichment-values';
import type { LeadSignals } from './providers/enrichment-provider';

export interface Candidate {
  leadId: string;
  provider: string;
  kind: EnrichmentKind;
  value: string;
}

export interface QueueOptions {
  trigger: EnrichmentTrigger;
  force: boolean;
  bulkId?: string | null;
  requestedBy?: string | null;
}

export interface EnrichmentRow {
  id: string;
  leadId: string;
  provider: string;
  kind: EnrichmentKind;
  value: string;
  status: EnrichmentStatus;
  reason: string | null;
  summary: Record<string, unknown> | null;
  raw: Record<string, unknown> | null;
  cached: boolean;
  charged: boolean;
  force: boolean;
  trigger: EnrichmentTrigger;
  attempts: number;
  bulkId: string | null;
  createdAt: Date;
  fetchedAt: Date | null;
  finishedAt: Date | null;
}

export interface UsageRow {
  provider: string;
  lookups: number;
  cached: number;
  skipped: number;
}

const COLUMNS = `e.id, e.lead_id AS "leadId", e.provider, e.kind, e.value, e.status, e.reason, e.summary, e.raw, e.cached, e.charged,
  e.force, e.trigger, e.attempts, e.bulk_id AS "bulkId", e.created_at AS "createdAt", e.fetched_at AS "fetchedAt", e.finished_at AS "finishedAt"`;

// Lead columns by provider kind: the one place SQL names them.
const SIGNAL_COLUMNS: Record<keyof LeadSignals, string> = { emailVerdict: 'email_verdict', phoneValid: 'phone_valid', phoneLineType: 'phone_line_type' };

// The SQL of enrichment: queueing lookups, the feed's look at changed leads, the budget, the cache.
@Injectable()
export class EnrichmentRepository {
  // Inserts the lookups that are not already waiting (the partial unique index drops duplicates); answers
  // the ids of the new ones.
  async queue(m: EntityManager, tenantId: string, candidates: Candidate[], options: QueueOptions): Promise<string[]> {
    if (candidates.length === 0) return [];
    const rows = await queryRows<{ id: string }>(
      m,
      `INSERT INTO lead_enrichments (tenant_id, lead_id, provider, kind, value, status, trigger, force, bulk_id, requested_by)
       SELECT $1::uuid, c.lead_id, c.provider, c.kind, c.value, 'queued', $6, $7, $8::uuid, $9::uuid
       FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[]) AS c(lead_id, provider, kind, value)
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [tenantId, candidates.map((c) => c.leadId), candidates.map((c) => c.provider), candidates.map((c) => c.kind), candidates.map((c) => c.value), options.trigger, options.force, options.bulkId ?? null, options.requestedBy ?? null],
    );
    return rows.map((r) => r.id);
  }

  // The feed: leads changed since `from` whose current email or phone was never looked up by the provider
  // (in any state), oldest change first. Uses the (tenant_id, updated_at, id) index.
  async changedSince(m: EntityManager, tenantId: string, from: Date, providers: Array<{ provider: string; kind: EnrichmentKind }>, limit: number): Promise<Array<Candidate & { updatedAt: Date }>> {
    if (providers.length === 0) return [];
    return queryRows(
      m,
      `SELECT l.id AS "leadId", p.provider, p.kind, v.value, l.updated_at AS "updatedAt"
       FROM leads l
       CROSS JOIN unnest($3::text[], $4::text[]) AS p(provider, kind)
       CROSS JOIN LATERAL (SELECT CASE p.kind WHEN 'email' THEN l.email ELSE l.phone END AS value) v
       WHERE l.tenant_id = $1 AND l.updated_at > $2 AND l.deleted_at IS NULL AND v.value IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM lead_enrichments x WHERE x.lead_id = l.id AND x.provider = p.provider AND x.value = v.value)
       ORDER BY l.updated_at, l.id
       LIMIT $5`,
      [tenantId, from, providers.map((p) => p.provider), providers.map((p) => p.kind), limit],
    );
  }

  // The leads a bulk request selects (the list's own WHERE), with their emails and phones.
  async selectLeads(m: EntityManager, where: SqlQuery, limit: number): Promise<Array<{ id: string; email: string | null; phone: string | null }>> {
    return queryRows(m, `SELECT l.id, l.email, l.phone FROM leads l WHERE ${where.sql} ORDER BY l.created_at DESC, l.id DESC LIMIT ${Number(limit)}`, where.params);
  }

  async lead(m: EntityManager, leadId: string): Promise<{ id: string; email: string | null; phone: string | null; deletedAt: Date | null } | undefined> {
    const [row] = await queryRows<{ id: string; email: string | null; phone: string | null; deletedAt: Date | null }>(m, `SELECT id, email, phone, deleted_at AS "deletedAt" FROM leads WHERE id = $1`, [leadId]);
    return row;
  }

  async lockQueued(m: EntityManager, id: string): Promise<EnrichmentRow | undefined> {
    const [row] = await queryRows<EnrichmentRow>(m, `SELECT ${COLUMNS} FROM lead_enrichments e WHERE e.id = $1 AND e.status = 'queued' FOR UPDATE`, [id]);
    return row;
  }

  // The newest answer for the value within the cache window.
  async cached(m: EntityManager, tenantId: string, provider: string, value: string, days: number): Promise<EnrichmentRow | undefined> {
    if (days <= 0) return undefined;
    const [row] = await queryRows<EnrichmentRow>(
      m,
      `SELECT ${COLUMNS} FROM lead_enrichments e
       WHERE e.tenant_id = $1 AND e.provider = $2 AND e.value = $3 AND e.status = 'succeeded' AND e.fetched_at > now() - make_interval(days => $4)
       ORDER BY e.fetched_at DESC LIMIT 1`,
      [tenantId, provider, value, days],
    );
    return row;
  }

  // Takes one unit of today's budget; false when it is spent. Race-free: the guarded UPDATE of the upsert.
  async reserve(m: EntityManager, tenantId: string, provider: string, budget: number): Promise<boolean> {
    if (budget <= 0) return false;
    const rows = await queryRows(
      m,
      `INSERT INTO enrichment_usage AS u (tenant_id, provider, day, lookups) VALUES ($1, $2, (now() AT TIME ZONE 'UTC')::date, 1)
       ON CONFLICT (tenant_id, provider, day) DO UPDATE SET lookups = u.lookups + 1 WHERE u.lookups < $3
       RETURNING 1`,
      [tenantId, provider, budget],
    );
    return rows.length > 0;
  }

  async count(m: EntityManager, tenantId: string, provider: string, column: 'cached' | 'skipped'): Promise<void> {
    await m.query(
      `INSERT INTO enrichment_usage AS u (tenant_id, provider, day, ${column}) VALUES ($1, $2, (now() AT TIME ZONE 'UTC')::date, 1)
       ON CONFLICT (tenant_id, provider, day) DO UPDATE SET ${column} = u.${column} + 1`,
      [tenantId, provider],
    );
  }

  async usageToday(m: EntityManager): Promise<UsageRow[]> {
    return queryRows<UsageRow>(m, `SELECT provider, lookups, cached, skipped FROM enrichment_usage WHERE day = (now() AT TIME ZONE 'UTC')::date`);
  }

  async markCharged(m: EntityManager, id: string): Promise<void> {
    await m.query(`UPDATE lead_enrichments SET charged = true WHERE id = $1`, [id]);
  }

  async attempt(m: EntityManager, id: string, reason: string | null): Promise<void> {
    await m.query(`UPDATE lead_enrichments SET attempts = attempts + 1, reason = $2 WHERE id = $1`, [id, reason]);
  }

  async finish(
    m: EntityManager,
    id: string,
    outcome: { status: Exclude<EnrichmentStatus, 'queued'>; reason?: string | null; summary?: Record<string, unknown> | null; raw?: Record<string, unknown> | null; cached?: boolean; fetchedAt?: Date | null; attempted?: boolean },
  ): Promise<void> {
    await m.query(
      `UPDATE lead_enrichments SET status = $2, reason = $3, summary = $4, raw = $5, cached = $6, fetched_at = $7, finished_at = now(),
         attempts = attempts + $8
       WHERE id = $1`,
      [id, outcome.status, outcome.reason ?? null, outcome.summary ? JSON.stringify(outcome.summary) : null, outcome.raw ? JSON.stringify(outcome.raw) : null, outcome.cached ?? false, outcome.fetchedAt ?? null, outcome.attempted ? 1 : 0],
    );
  }

  // Sets the lead's summary columns, only while the lead still has the value that was looked up. Answers
  // whether it was applied and whether any column changed (what scoring reads).
  async applySignals(m: EntityManager, leadId: string, kind: EnrichmentKind, value: string, signals: LeadSignals): Promise<{ applied: boolean; changed: boolean }> {
    const entries = Object.entries(signals).filter(([key]) => key in SIGNAL_COLUMNS) as Array<[keyof LeadSignals, unknown]>;
    if (entries.length === 0) return { applied: false, changed: false };
    const sets = entries.map(([key], i) => `${SIGNAL_COLUMNS[key]} = $${i + 3}`).join(', ');
    const changed = entries.map(([key]) => `o.${SIGNAL_COLUMNS[key]} IS DISTINCT FROM l.${SIGNAL_COLUMNS[key]}`).join(' OR ');
    const valueColumn = kind === 'email' ? 'email' : 'phone';
    // The old values from a locked read of the same row, so "changed" compares with what this update replaced.
    const rows = await queryRows<{ changed: boolean }>(
      m,
      `WITH o AS (SELECT id, ${entries.map(([key]) => SIGNAL_COLUMNS[key]).join(', ')} FROM leads WHERE id = $1 AND ${valueColumn} = $2 AND deleted_at IS NULL FOR UPDATE)
       UPDATE leads l SET ${sets} FROM o WHERE l.id = o.id RETURNING (${changed}) AS changed`,
      [leadId, value, ...entries.map(([, v]) => v)],
    );
    return { applied: rows.length > 0, changed: rows.some((r) => r.changed) };
  }

  async addEnrichedEvent(m: EntityManager, tenantId: string, leadId: string, data: Record<string, unknown>): Promise<void> {
    await m.query(`INSERT INTO lead_events (tenant_id, lead_id, type, actor_type, actor_id, data) VALUES ($1, $2, 'enriched', 'system', NULL, $3)`, [tenantId, leadId, JSON.stringify(data)]);
  }

  async forLead(m: EntityManager, leadId: string, limit: number): Promise<EnrichmentRow[]> {
    return queryRows<EnrichmentRow>(m, `SELECT ${COLUMNS} FROM lead_enrichments e WHERE e.lead_id = $1 ORDER BY e.created_at DESC, e.id DESC LIMIT $2`, [leadId, limit]);
  }

  async bulkProgress(m: EntityManager, bulkId: string): Promise<Record<EnrichmentStatus, number>> {
    const rows = await queryRows<{ status: EnrichmentStatus; n: number }>(m, `SELECT status, count(*)::int AS n FROM lead_enrichments WHERE bulk_id = $1 GROUP BY status`, [bulkId]);
    const out: Record<EnrichmentStatus, number> = { queued: 0, succeeded: 0, failed: 0, skipped: 0 };
    for (const r of rows) out[r.status] = r.n;
    return out;
  }

  // The workspaces with an active enrichment connection and automatic enrichment (an owner function: the
  // feed looks across workspaces).
  async autoTenants(m: EntityManager, providers: string[]): Promise<string[]> {
    const rows = await queryRows<{ tenant_id: string }>(m, `SELECT tenant_id FROM enrichment_auto_tenants($1::text[])`, [providers]);
    return rows.map((r) => r.tenant_id);
  }

  // Creates the settings row with the feed's mark at the first enrichment connection; true when it did.
  async ensureSettings(m: EntityManager, tenantId: string, providers: string[]): Promise<boolean> {
    const rows = await queryRows(
      m,
      `INSERT INTO enrichment_settings (tenant_id, feed_from)
       SELECT $1, coalesce((SELECT min(created_at) FROM integration_connections WHERE provider = ANY($2::text[])), now())
       ON CONFLICT DO NOTHING RETURNING 1`,
      [tenantId, providers],
    );
    return rows.length > 0;
  }

  async moveFeedMark(m: EntityManager, tenantId: string, mark: Date): Promise<void> {
    await m.query(`UPDATE enrichment_settings SET feed_from = $2 WHERE tenant_id = $1`, [tenantId, mark]);
  }
}
