import type { PullContext, PushLead, PushOutcome, PushStream } from '../../sync/pull-provider';
import { ProviderError } from '../provider-error';
import { parseJson, zohoError } from './zoho-errors';
import type { ZohoHosts } from './zoho-hosts';
import { ZOHO_SOURCE } from './zoho-lead.mapper';

// Zoho takes at most 100 records per upsert.
export const ZOHO_UPSERT_BATCH = 100;

interface UpsertItem {
  code?: string;
  status?: string;
  action?: string;
  message?: string;
  details?: { id?: string; api_name?: string; json_path?: string } | null;
}

const text = (value: string | null, max: number): string | undefined => (value && value.trim() !== '' ? value.trim().slice(0, max) : undefined);

// A lead as a Zoho Leads record. Zoho requires Last_Name: the name's last word, else the email's local
// part, else the phone. Company is sent when known (a layout that requires it answers the record with
// MANDATORY_NOT_FOUND, kept as a failure).
export function zohoRecordOf(lead: PushLead): Record<string, string> {
  const words = (lead.name ?? '').trim().split(/\s+/).filter(Boolean);
  const last = words.length > 0 ? words[words.length - 1] : (lead.email?.split('@')[0] ?? lead.phone ?? 'Unknown');
  const record: Record<string, string | undefined> = {
    First_Name: words.length > 1 ? words.slice(0, -1).join(' ').slice(0, 40) : undefined,
    Last_Name: last.slice(0, 80),
    Email: text(lead.email, 100),
    Phone: text(lead.phone, 30),
    Company: text(lead.company, 200),
    Designation: text(lead.role, 100),
    Description: text(lead.message, 32_000),
  };
  return Object.fromEntries(Object.entries(record).filter((e): e is [string, string] => e[1] !== undefined));
}

function outcomeOf(item: UpsertItem | undefined): PushOutcome {
  if (item?.status === 'success' && typeof item.details?.id === 'string' && item.details.id !== '') {
    return { ok: true, remoteId: item.details.id.slice(0, 40), action: item.action === 'insert' ? 'insert' : 'update' };
  }
  if (!item) return { ok: false, error: 'Zoho gave no answer for this record' };
  const field = item.details?.api_name ? ` (${String(item.details.api_name).slice(0, 60)})` : '';
  return { ok: false, error: `Zoho refused the record: ${String(item.code ?? 'ERROR').slice(0, 60)}${field}${item.message ? `: ${String(item.message).slice(0, 200)}` : ''}` };
}

function readItems(text: string, expected: number): UpsertItem[] | null {
  try {
    const body = JSON.parse(text) as { data?: unknown };
    return Array.isArray(body.data) && body.data.length === expected ? (body.data as UpsertItem[]) : null;
  } catch {
    return null;
  }
}

// Leads that reached the connection's push status, upserted into Zoho's Leads by email then phone (so a
// person Zoho already has is updated, not doubled). 200 is all done, 207 a mix: each record's own answer
// decides, in the order sent. A lead pushed before whose sent fields changed since goes as an update of
// the record Zoho gave us (`PUT /Leads` with its id), not through the duplicate check: its email may be
// what changed.
export class ZohoPushStream implements PushStream {
  readonly name = 'push';
  readonly origin = ZOHO_SOURCE;
  readonly batchSize = ZOHO_UPSERT_BATCH;

  constructor(private readonly hosts: (ctx: PullContext) => ZohoHosts) {}

  async send(ctx: PullContext, leads: PushLead[]): Promise<PushOutcome[]> {
    if (leads.length > ZOHO_UPSERT_BATCH) throw new Error(`at most ${ZOHO_UPSERT_BATCH} leads per upsert`);
    const fresh = leads.filter((l) => !l.remoteId);
    const again = leads.filter((l) => l.remoteId);
    const outcomes = new Map<PushLead, PushOutcome>();
    if (fresh.length > 0) {
      const body = JSON.stringify({ data: fresh.map(zohoRecordOf), duplicate_check_fields: ['Email', 'Phone'], trigger: ['workflow'] });
      const answers = await this.call(ctx, 'POST', '/crm/v8/Leads/upsert', body, fresh.length, 'the lead upsert');
      fresh.forEach((lead, i) => outcomes.set(lead, outcomeOf(answers[i])));
    }
    if (again.length > 0) {
      const body = JSON.stringify({ data: again.map((lead) => ({ id: lead.remoteId, ...zohoRecordOf(lead) })), trigger: ['workflow'] });
      const answers = await this.call(ctx, 'PUT', '/crm/v8/Leads', body, again.length, 'the lead update');
      again.forEach((lead, i) => {
        const outcome = outcomeOf(answers[i]);
        // An update never inserts, whatever the answer says.
        outcomes.set(lead, outcome.ok ? { ...outcome, action: 'update' } : outcome);
      });
    }
    return leads.map((lead) => outcomes.get(lead)!);
  }

  private async call(ctx: PullContext, method: 'POST' | 'PUT', path: string, body: string, count: number, what: string): Promise<Array<UpsertItem | undefined>> {
    const answer = await ctx.call(`${this.hosts(ctx).api}${path}`, { method, headers: { 'content-type': 'application/json' }, body });
    // A 400 that answers record by record (every record refused) is read like a 207.
    const perRecord = answer.status === 400 ? readItems(answer.text, count) : null;
    if (answer.status !== 200 && answer.status !== 207 && !perRecord) throw zohoError(answer, what);
    const parsed = perRecord ? { data: perRecord } : parseJson<{ data?: UpsertItem[] }>(answer, what);
    if (!Array.isArray(parsed.data)) throw new ProviderError('invalid', `Zoho answered ${what} without a data list`);
    return Array.from({ length: count }, (_, i) => parsed.data![i]);
  }
}
