import type { FieldError } from '../../../common/problem/problem.exception';
import type { NormalisedLead } from '../../leads/lead-input';
import type { Credentials } from '../credentials-vault';
import type { PullProviderName } from '../integration-values';
import type { HttpAnswer, RequestBudget } from './provider-http';

// A provider record as the engine applies it. `version` (a modified time, or a payload hash where the
// provider keeps none) decides whether it changed since it was last applied.
export type PulledRecord =
  | { kind: 'upsert'; ref: string; version: string; lead: NormalisedLead | FieldError[] }
  // The provider's own deletion signal for a record of `stream` (Zoho's deleted leads, Google's cancelled
  // events): a lead event, never a delete here.
  // `refPrefix`: every record whose reference starts with `ref` (a cancelled event's attendees).
  | { kind: 'delete'; stream: string; ref: string; refPrefix?: boolean; version: string; data: Record<string, unknown> };

export interface PulledPage {
  records: PulledRecord[];
  // The stream's checkpoint once this page is applied; committed with the page's upserts.
  checkpoint: string | null;
  // The provider asked for everything again (Google's 410): the run is counted as a full resync.
  fullResync?: boolean;
  // A complete listing of everything under `prefix` (a Zoom meeting's registrants): every record applied
  // under it and missing from `present` is gone in the provider, a lead event like a delete.
  gone?: { stream: string; prefix: string; present: string[]; data: Record<string, unknown> };
  // How many of the provider's pages this is (the engine's read-ahead hands over several as one); 1 when absent.
  pages?: number;
}

// What a stream's reader gets: the connection's credentials and an authorised, budgeted, retrying call.
export interface PullContext {
  connectionId: string;
  config: Record<string, unknown>;
  credentials: Credentials;
  lookbackMs: number;
  budget: RequestBudget;
  // A call with the connection's access token: a 401 refreshes the token once and tries again, a second
  // 401 is an `auth` ProviderError (the connection needs attention).
  call(url: string, init?: RequestInit): Promise<HttpAnswer>;
}

export interface PullStream {
  readonly name: string;
  // Pages in ascending cursor order from `checkpoint` (null: from the beginning).
  read(ctx: PullContext, checkpoint: string | null): AsyncIterable<PulledPage>;
}

// A lead as a push stream sends it.
export interface PushLead {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  company: string | null;
  role: string | null;
  message: string | null;
  source: string;
  status: string;
  // Hash of the fields sent (name, email, phone, company, role, message), kept with the push.
  fingerprint: string;
  // The provider's id when the lead was pushed before and changed since: sent as an update of that record.
  remoteId: string | null;
}

// Per lead, in the order sent: the provider's id for it and whether it was inserted or updated there,
// or why the provider refused it.
export type PushOutcome = { ok: true; remoteId: string; action: 'insert' | 'update' } | { ok: false; error: string };

// Leads sent to the provider once they reach the status `config.push.on` (a reconciling pass over the
// leads' own state; see the engine). `origin`: the source of leads that came from this provider, which
// are never sent back as new records.
export interface PushStream {
  readonly name: string;
  readonly origin: string;
  readonly batchSize: number;
  send(ctx: PullContext, leads: PushLead[]): Promise<PushOutcome[]>;
}

// A provider the sync engine pulls from: its streams, and how it gets an access token.
export interface PullProvider {
  readonly name: PullProviderName;
  readonly label: string;
  readonly streams: readonly PullStream[];
  // Streams that send leads to the provider (Zoho's upsert), run like the others.
  readonly pushStreams?: readonly PushStream[];
  // Token requests the provider allows per window (Zoho: 10 per 10 minutes).
  readonly tokenRequestLimit: { count: number; windowMs: number };
  requestToken(credentials: Credentials): Promise<{ accessToken: string; expiresInMs: number }>;
  // The header carrying the token (Zoho: `Zoho-oauthtoken <token>`).
  authorization(accessToken: string): string;
}
