import { ProviderError } from '../provider-error';
import type { PullContext, PulledPage, PulledRecord, PullStream } from '../../sync/pull-provider';
import { parseJson, zohoCode, zohoError, zohoTime } from './zoho-errors';
import type { ZohoHosts } from './zoho-hosts';
import { ZOHO_LEAD_FIELDS, zohoLead, zohoLeadVersion, type ZohoLead } from './zoho-lead.mapper';

// Zoho serves pages 1 to 10 by number (2,000 records at 200 a page); past that only `page_token` goes on.
export const ZOHO_PAGE_SIZE = 200;
export const ZOHO_NUMBERED_PAGES = 10;
// Stale page tokens and the 100,000-record token limit restart the listing from the checkpoint.
const MAX_RESTARTS = 5;

interface ZohoPage<T> {
  data?: T[];
  info?: { more_records?: boolean; next_page_token?: string | null };
}

const later = (a: string | null, b: string | null | undefined): string | null => {
  if (!b || !Number.isFinite(Date.parse(b))) return a;
  if (!a) return new Date(Date.parse(b)).toISOString();
  return Date.parse(b) > Date.parse(a) ? new Date(Date.parse(b)).toISOString() : a;
};

const sinceOf = (checkpoint: string | null, lookbackMs: number) => (checkpoint ? new Date(Date.parse(checkpoint) - lookbackMs) : null);

// Leads in ascending Modified_Time from the checkpoint minus the lookback. The checkpoint is the latest
// Modified_Time applied, so a restart (a stale page token) or a crash goes on from there, and records seen
// twice are skipped by their version.
export class ZohoLeadsStream implements PullStream {
  readonly name = 'leads';

  constructor(private readonly hosts: (ctx: PullContext) => ZohoHosts) {}

  async *read(ctx: PullContext, checkpoint: string | null): AsyncIterable<PulledPage> {
    let cursor = checkpoint;
    let since = sinceOf(cursor, ctx.lookbackMs);
    let page = 1;
    let pageToken: string | null = null;
    let restarts = 0;
    for (;;) {
      const params = new URLSearchParams({ fields: ZOHO_LEAD_FIELDS.join(','), sort_by: 'Modified_Time', sort_order: 'asc', per_page: String(ZOHO_PAGE_SIZE) });
      if (pageToken) params.set('page_token', pageToken);
      else params.set('page', String(page));
      const headers: Record<string, string> = since ? { 'if-modified-since': zohoTime(since) } : {};
      const answer = await ctx.call(`${this.hosts(ctx).api}/crm/v8/Leads?${params.toString()}`, { headers });
      if (answer.status === 204 || answer.status === 304) return;
      if (answer.status === 400 && restarts < MAX_RESTARTS) {
        const { code } = zohoCode(answer);
        if (code === 'EXPIRED_VALUE' || code === 'PAGINATION_LIMIT_EXCEEDED') {
          restarts++;
          since = sinceOf(cursor, ctx.lookbackMs);
          page = 1;
          pageToken = null;
          continue;
        }
      }
      if (answer.status !== 200) throw zohoError(answer, 'the leads');
      const body = parseJson<ZohoPage<ZohoLead>>(answer, 'the leads');
      const records: PulledRecord[] = [];
      // The page's latest Modified_Time, compared as numbers (one parse per record, not three).
      let latest = cursor ? Date.parse(cursor) : -Infinity;
      let moved = false;
      for (const record of body.data ?? []) {
        if (typeof record?.id !== 'string' && typeof record?.id !== 'number') continue;
        const lead = { ...record, id: String(record.id) };
        records.push({ kind: 'upsert', ref: lead.id, version: zohoLeadVersion(lead), lead: zohoLead(lead) });
        const modified = typeof lead.Modified_Time === 'string' ? Date.parse(lead.Modified_Time) : NaN;
        if (modified > latest) {
          latest = modified;
          moved = true;
        }
      }
      if (moved) cursor = new Date(latest).toISOString();
      yield { records, checkpoint: cursor };
      if (!body.info?.more_records) return;
      if (!pageToken && page < ZOHO_NUMBERED_PAGES) {
        page++;
      } else {
        pageToken = body.info.next_page_token ?? null;
        if (!pageToken) throw new ProviderError('invalid', 'Zoho said more leads follow but gave no next_page_token');
      }
    }
  }
}

interface ZohoDeleted {
  id: string;
  display_name?: string | null;
  type?: string | null;
  deleted_time?: string | null;
  deleted_by?: { name?: string; id?: string } | null;
}

// Leads deleted in Zoho (recycle bin and permanent) since the checkpoint. Zoho does not promise their
// order, so the checkpoint moves only after the last page; pages read again are skipped as already
// applied.
export class ZohoDeletedLeadsStream implements PullStream {
  readonly name = 'deleted_leads';

  constructor(private readonly hosts: (ctx: PullContext) => ZohoHosts) {}

  async *read(ctx: PullContext, checkpoint: string | null): AsyncIterable<PulledPage> {
    const since = sinceOf(checkpoint, ctx.lookbackMs);
    let latest = checkpoint;
    for (let page = 1; ; page++) {
      const params = new URLSearchParams({ type: 'all', per_page: String(ZOHO_PAGE_SIZE), page: String(page) });
      const headers: Record<string, string> = since ? { 'if-modified-since': zohoTime(since) } : {};
      const answer = await ctx.call(`${this.hosts(ctx).api}/crm/v8/Leads/deleted?${params.toString()}`, { headers });
      if (answer.status === 204 || answer.status === 304) {
        if (latest !== checkpoint) yield { records: [], checkpoint: latest };
        return;
      }
      if (answer.status !== 200) throw zohoError(answer, 'the deleted leads');
      const body = parseJson<ZohoPage<ZohoDeleted>>(answer, 'the deleted leads');
      const records: PulledRecord[] = [];
      for (const d of body.data ?? []) {
        if (typeof d?.id !== 'string' && typeof d?.id !== 'number') continue;
        latest = later(latest, d.deleted_time);
        records.push({
          kind: 'delete',
          stream: 'leads',
          ref: String(d.id),
          version: d.deleted_time ?? 'deleted',
          data: { provider: 'zoho', message: 'removed in Zoho', deletedTime: d.deleted_time ?? null, deletion: d.type ?? null, deletedBy: d.deleted_by?.name ?? null },
        });
      }
      const last = !body.info?.more_records;
      yield { records, checkpoint: last ? latest : checkpoint };
      if (last) return;
    }
  }
}
