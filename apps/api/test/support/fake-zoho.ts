import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A local Zoho CRM written from the provider reference (shared/reference/providers.md §2): the accounts
// server's refresh-token grant (at most 10 live access tokens per refresh token, the 11th invalidating the
// oldest), GET /crm/v8/Leads (fields required; page 1-10 of at most 200, then page_token; 204 when empty;
// If-Modified-Since; Modified_Time ascending), GET /crm/v8/Leads/deleted, POST /crm/v8/Leads/upsert
// (duplicate check fields, 207 on a mixed answer) and PUT /crm/v8/Leads (update by id). Tests make it fail on purpose.
export interface FakeZohoLead {
  id: string;
  First_Name: string | null;
  Last_Name: string;
  Email: string | null;
  Phone: string | null;
  Company: string | null;
  Lead_Source: string | null;
  Lead_Status: string | null;
  Description: string | null;
  Owner: { id: string; name: string; email: string };
  Created_Time: string;
  Modified_Time: string;
}

export interface FakeZohoClient {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

const LIVE_TOKENS = 10;
const zohoTime = (ms: number) => `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}+00:00`;

export class FakeZoho {
  private server?: Server;
  private readonly clients = new Map<string, FakeZohoClient>();
  private readonly liveTokens = new Map<string, string[]>();
  private readonly invalidated = new Set<string>();
  private readonly leads = new Map<string, FakeZohoLead>();
  private readonly deleted: Array<{ id: string; display_name: string; type: string; deleted_time: string; deleted_by: { name: string; id: string } }> = [];
  private readonly pageTokens = new Map<string, { offset: number; since: number | null; expired: boolean }>();
  private failures: Array<{ status: number; retryAfter?: string; path?: string; after: number }> = [];
  private nextId = 4_150_868_000_000_002_000n;
  // Every API request's path, query and headers that matter, for asserting what Hot Leads asked.
  readonly requests: Array<{ path: string; query: URLSearchParams; ifModifiedSince: string | null; token: string | null }> = [];
  tokenRequests = 0;

  get baseUrl(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  addClient(): FakeZohoClient {
    const client = { clientId: `1000.${randomBytes(8).toString('hex')}`, clientSecret: randomBytes(16).toString('hex'), refreshToken: `1000.${randomBytes(16).toString('hex')}` };
    this.clients.set(client.refreshToken, client);
    return client;
  }

  private clientOfToken(token: string | null): string | null {
    if (!token) return null;
    for (const [refreshToken, live] of this.liveTokens) if (live.includes(token)) return this.clients.get(refreshToken)?.clientId ?? null;
    return null;
  }

  revoke(refreshToken: string): void {
    this.clients.delete(refreshToken);
  }

  // Leads with ascending Modified_Time starting at `fromMs`, one second apart unless `stepMs` says.
  addLeads(count: number, fromMs: number, stepMs = 1000, overrides: Partial<FakeZohoLead> = {}): FakeZohoLead[] {
    const out: FakeZohoLead[] = [];
    for (let i = 0; i < count; i++) {
      const id = String(this.nextId++);
      const at = zohoTime(fromMs + i * stepMs);
      const lead: FakeZohoLead = {
        id,
        First_Name: 'Lead',
        Last_Name: `Number ${id.slice(-6)}`,
        Email: `lead.${id}@zoho-fake.example`,
        Phone: null,
        Company: 'Zylker Corp',
        Lead_Source: 'Web Download',
        Lead_Status: 'Not Contacted',
        Description: null,
        Owner: { id: '4150868000000225013', name: 'Patricia Boyle', email: 'patricia.boyle@example.com' },
        Created_Time: at,
        Modified_Time: at,
        ...overrides,
      };
      this.leads.set(id, lead);
      out.push(lead);
      this.sorted = null;
    }
    return out;
  }

  update(id: string, changes: Partial<FakeZohoLead>, modifiedMs = Date.now()): void {
    const lead = this.leads.get(id)!;
    this.leads.set(id, { ...lead, ...changes, Modified_Time: zohoTime(modifiedMs) });
    this.sorted = null;
  }

  remove(id: string, deletedMs = Date.now()): void {
    const lead = this.leads.get(id)!;
    this.leads.delete(id);
    this.sorted = null;
    this.deleted.push({ id, display_name: lead.Last_Name, type: 'recycle', deleted_time: zohoTime(deletedMs), deleted_by: { name: 'Patricia Boyle', id: '4150868000000225013' } });
  }

  // The next `times` API requests (optionally only those whose path ends with `path`, and only after
  // `after` of them went through) answer `status`. Queued failures fire in order.
  failNext(status: number, times = 1, options: { retryAfter?: string; path?: string; after?: number } = {}): void {
    for (let i = 0; i < times; i++) this.failures.push({ status, retryAfter: options.retryAfter, path: options.path, after: i === 0 ? (options.after ?? 0) : 0 });
  }

  expirePageTokens(): void {
    for (const t of this.pageTokens.values()) t.expired = true;
  }

  // Forgets every lead and deletion (between tests: each starts with an empty CRM).
  clear(): void {
    this.leads.clear();
    this.sorted = null;
    this.deleted.length = 0;
  }

  reset(): void {
    this.failures = [];
    this.upserts.length = 0;
    this.updates.length = 0;
    this.refusedEmails.clear();
    this.requests.length = 0;
    this.tokenRequests = 0;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://fake');
    if (req.method === 'POST' && url.pathname === '/oauth/v2/token') return this.token(url, Buffer.concat(chunks).toString('utf8'), res);
    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Zoho-oauthtoken ') ? auth.slice('Zoho-oauthtoken '.length) : null;
    this.requests.push({ path: url.pathname, query: url.searchParams, ifModifiedSince: (req.headers['if-modified-since'] as string | undefined) ?? null, token });
    const head = this.failures[0];
    if (head && (!head.path || url.pathname.endsWith(head.path)) && head.after-- <= 0) {
      const f = this.failures.shift()!;
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (f.retryAfter) headers['retry-after'] = f.retryAfter;
      const code = f.status === 429 ? 'TOO_MANY_REQUESTS' : f.status === 401 ? 'INVALID_OAUTHTOKEN' : 'INTERNAL_ERROR';
      res.writeHead(f.status, headers).end(JSON.stringify({ code, details: {}, message: code.toLowerCase(), status: 'error' }));
      return;
    }
    if (!token || this.invalidated.has(token) || ![...this.liveTokens.values()].some((list) => list.includes(token))) {
      return this.error(res, 401, 'INVALID_OAUTHTOKEN', 'invalid oauth token');
    }
    if (req.method === 'GET' && url.pathname === '/crm/v8/Leads') return this.list(url, req, res);
    if (req.method === 'GET' && url.pathname === '/crm/v8/Leads/deleted') return this.listDeleted(url, req, res);
    if (req.method === 'POST' && url.pathname === '/crm/v8/Leads/upsert') return this.upsert(Buffer.concat(chunks).toString('utf8'), res, token);
    if (req.method === 'PUT' && url.pathname === '/crm/v8/Leads') return this.updateRecords(Buffer.concat(chunks).toString('utf8'), res, token);
    this.error(res, 404, 'INVALID_URL_PATTERN', 'Please check if the URL trying to access is a correct one');
  }

  // Token requests per client id: a test's own connection, whatever else the scheduler runs meanwhile.
  readonly tokenRequestsByClient = new Map<string, number>();

  private readonly codes = new Map<string, { client: FakeZohoClient; redirectUri: string; codeChallenge: string | null }>();

  // What Zoho's consent screen would send back to the redirect URI: a code for this client. The test
  // reads the challenge and redirect URI from the authorization URL Hot Leads made.
  issueCode(client: FakeZohoClient, redirectUri: string, codeChallenge: string | null): string {
    const code = `1000.${randomBytes(16).toString('hex')}`;
    this.codes.set(code, { client, redirectUri, codeChallenge });
    return code;
  }

  private exchangeCode(field: (name: string) => string | null, res: ServerResponse): void {
    const code = field('code') ?? '';
    const issued = this.codes.get(code);
    this.codes.delete(code);
    const verifier = field('code_verifier');
    const challengeOk = !issued?.codeChallenge || (verifier !== null && createHash('sha256').update(verifier).digest('base64url') === issued.codeChallenge);
    if (!issued || issued.client.clientId !== field('client_id') || issued.client.clientSecret !== field('client_secret') || issued.redirectUri !== field('redirect_uri') || !challengeOk) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid_code' }));
      return;
    }
    // A new refresh token of the same client, usable with the refresh-token grant from now on.
    const refreshToken = `1000.${randomBytes(16).toString('hex')}`;
    this.clients.set(refreshToken, { ...issued.client, refreshToken });
    const accessToken = `1000.${randomBytes(16).toString('hex')}`;
    this.liveTokens.set(refreshToken, [accessToken]);
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({ access_token: accessToken, refresh_token: refreshToken, scope: 'ZohoCRM.modules.leads.ALL', api_domain: this.baseUrl, token_type: 'Bearer', expires_in: 3600 }),
    );
  }

  private token(url: URL, body: string, res: ServerResponse): void {
    this.tokenRequests++;
    // The docs put the fields in the query string; the SDK sends a form body. Accept both.
    const form = new URLSearchParams(body);
    const field = (name: string) => url.searchParams.get(name) ?? form.get(name);
    if (field('grant_type') === 'authorization_code') return this.exchangeCode(field, res);
    const client = this.clients.get(field('refresh_token') ?? '');
    if (field('grant_type') !== 'refresh_token' || !client || client.clientId !== field('client_id') || client.clientSecret !== field('client_secret')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid_code' }));
      return;
    }
    this.tokenRequestsByClient.set(client.clientId, (this.tokenRequestsByClient.get(client.clientId) ?? 0) + 1);
    const live = this.liveTokens.get(client.refreshToken) ?? [];
    const accessToken = `1000.${randomBytes(16).toString('hex')}`;
    live.push(accessToken);
    // The 11th live token invalidates the oldest.
    while (live.length > LIVE_TOKENS) this.invalidated.add(live.shift()!);
    this.liveTokens.set(client.refreshToken, live);
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({ access_token: accessToken, scope: 'ZohoCRM.modules.ALL', api_domain: this.baseUrl, token_type: 'Bearer', expires_in: 3600 }),
    );
  }

  // Tokens ever invalidated by the 11-token rule.
  get invalidatedTokens(): number {
    return this.invalidated.size;
  }

  private sinceOf(req: IncomingMessage): number | null {
    const header = req.headers['if-modified-since'];
    return typeof header === 'string' && Number.isFinite(Date.parse(header)) ? Date.parse(header) : null;
  }

  // The leads in Modified_Time order, kept between requests until a lead changes (a 100,000-lead
  // listing is not sorted again for each of its 500 pages).
  private sorted: FakeZohoLead[] | null = null;
  private sortedTimes: number[] = [];
  private sortedSize = -1;
  private sortedLeads(): FakeZohoLead[] {
    if (!this.sorted || this.sortedSize !== this.leads.size) {
      this.sorted = [...this.leads.values()].sort((a, b) => Date.parse(a.Modified_Time) - Date.parse(b.Modified_Time) || (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
      this.sortedTimes = this.sorted.map((l) => Date.parse(l.Modified_Time));
      this.sortedSize = this.leads.size;
    }
    return this.sorted;
  }

  private list(url: URL, req: IncomingMessage, res: ServerResponse): void {
    const q = url.searchParams;
    if (!q.get('fields')) return this.error(res, 400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing');
    if (q.get('page') && q.get('page_token')) return this.error(res, 400, 'AMBIGUITY_DURING_PROCESSING', 'page and page_token cannot be given together');
    const perPage = Math.min(Number(q.get('per_page') ?? 200), 200);
    let offset: number;
    let since = this.sinceOf(req);
    const pageToken = q.get('page_token');
    if (pageToken) {
      const state = this.pageTokens.get(pageToken);
      if (!state || state.expired) return this.error(res, 400, 'EXPIRED_VALUE', 'the page token has expired');
      offset = state.offset;
      since = state.since;
    } else {
      const page = Number(q.get('page') ?? 1);
      if (page > 10) return this.error(res, 400, 'DISCRETE_PAGINATION_LIMIT_EXCEEDED', 'use page_token to fetch more than 2000 records');
      offset = (page - 1) * perPage;
    }
    const sorted = this.sortedLeads();
    let from = 0;
    if (since !== null) {
      // The first lead modified at or after `since` (binary search over the sorted times).
      let hi = sorted.length;
      while (from < hi) {
        const mid = (from + hi) >>> 1;
        if (this.sortedTimes[mid] < since) from = mid + 1;
        else hi = mid;
      }
    }
    const all = from === 0 ? sorted : sorted.slice(from);
    if (all.length === 0) {
      res.writeHead(204).end();
      return;
    }
    const data = all.slice(offset, offset + perPage);
    const more = offset + perPage < all.length;
    let next: string | null = null;
    if (more) {
      next = randomBytes(6).toString('hex');
      this.pageTokens.set(next, { offset: offset + perPage, since, expired: false });
    }
    this.json(res, { data, info: { per_page: perPage, count: data.length, page: pageToken ? null : Number(q.get('page') ?? 1), sort_by: 'Modified_Time', sort_order: 'asc', more_records: more, next_page_token: next, previous_page_token: null } });
  }

  private listDeleted(url: URL, req: IncomingMessage, res: ServerResponse): void {
    const since = this.sinceOf(req);
    const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 200), 200);
    const page = Number(url.searchParams.get('page') ?? 1);
    const all = this.deleted.filter((d) => since === null || Date.parse(d.deleted_time) >= since).reverse();
    if (all.length === 0) {
      res.writeHead(204).end();
      return;
    }
    const data = all.slice((page - 1) * perPage, page * perPage);
    this.json(res, { data, info: { per_page: perPage, count: data.length, page, more_records: page * perPage < all.length } });
  }

  // Emails whose upsert Zoho refuses with INVALID_DATA (a test's stand-in for a validation rule).
  readonly refusedEmails = new Set<string>();
  // Each upsert with the client whose access token sent it.
  readonly upserts: Array<{ data: Array<Record<string, unknown>>; duplicate_check_fields: unknown; clientId: string | null }> = [];

  // POST /crm/v8/Leads/upsert: at most 100 records; each matched by the duplicate check fields in order
  // (updated) or inserted; 200 when all succeed, 207 when some fail, 400 when none does.
  private upsert(raw: string, res: ServerResponse, token: string | null): void {
    let body: { data?: Array<Record<string, unknown>>; duplicate_check_fields?: string[] };
    try {
      body = JSON.parse(raw) as typeof body;
    } catch {
      return this.error(res, 400, 'INVALID_DATA', 'body is not JSON');
    }
    if (!Array.isArray(body.data) || body.data.length === 0) return this.error(res, 400, 'REQUIRED_PARAM_MISSING', 'data is required');
    if (body.data.length > 100) return this.error(res, 400, 'LIMIT_EXCEEDED', 'at most 100 records per call');
    this.upserts.push({ data: body.data, duplicate_check_fields: body.duplicate_check_fields, clientId: this.clientOfToken(token) });
    const checks = Array.isArray(body.duplicate_check_fields) ? body.duplicate_check_fields : [];
    const items = body.data.map((record, i) => {
      if (typeof record.Last_Name !== 'string' || record.Last_Name === '') {
        return { code: 'MANDATORY_NOT_FOUND', details: { api_name: 'Last_Name', json_path: `$.data[${i}].Last_Name` }, message: 'required field not found', status: 'error' };
      }
      if (typeof record.Email === 'string' && this.refusedEmails.has(record.Email)) {
        return { code: 'INVALID_DATA', details: { api_name: 'Email', json_path: `$.data[${i}].Email` }, message: 'invalid data', status: 'error' };
      }
      const now = zohoTime(Date.now());
      for (const field of checks) {
        const value = record[field];
        if (typeof value !== 'string' || value === '') continue;
        const match = [...this.leads.values()].find((l) => (l as unknown as Record<string, unknown>)[field] === value);
        if (match) {
          this.leads.set(match.id, { ...match, ...(record as Partial<FakeZohoLead>), id: match.id, Modified_Time: now });
          return { code: 'SUCCESS', duplicate_field: field, action: 'update', details: { id: match.id, Modified_Time: now, Created_Time: match.Created_Time }, message: 'record updated', status: 'success' };
        }
      }
      const id = String(this.nextId++);
      const lead = { ...this.addLeadShape(id, now), ...(record as Partial<FakeZohoLead>), id };
      this.leads.set(id, lead);
      return { code: 'SUCCESS', duplicate_field: null, action: 'insert', details: { id, Modified_Time: now, Created_Time: now }, message: 'record added', status: 'success' };
    });
    this.sorted = null;
    const ok = items.filter((i) => i.status === 'success').length;
    const status = ok === items.length ? 200 : ok === 0 ? 400 : 207;
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ data: items }));
  }

  // Each update (PUT /Leads) with the client whose access token sent it.
  readonly updates: Array<{ data: Array<Record<string, unknown>>; clientId: string | null }> = [];

  // PUT /crm/v8/Leads: at most 100 records, each naming its id; 200 when all succeed, 207 when some fail
  // (an unknown id is INVALID_DATA on `id`), 400 when none does.
  private updateRecords(raw: string, res: ServerResponse, token: string | null): void {
    let body: { data?: Array<Record<string, unknown>> };
    try {
      body = JSON.parse(raw) as typeof body;
    } catch {
      return this.error(res, 400, 'INVALID_DATA', 'body is not JSON');
    }
    if (!Array.isArray(body.data) || body.data.length === 0) return this.error(res, 400, 'REQUIRED_PARAM_MISSING', 'data is required');
    if (body.data.length > 100) return this.error(res, 400, 'LIMIT_EXCEEDED', 'at most 100 records per call');
    this.updates.push({ data: body.data, clientId: this.clientOfToken(token) });
    const items = body.data.map((record, i) => {
      const lead = typeof record.id === 'string' ? this.leads.get(record.id) : undefined;
      if (!lead) return { code: 'INVALID_DATA', details: { api_name: 'id', json_path: `$.data[${i}].id` }, message: 'the id given seems to be invalid', status: 'error' };
      if (typeof record.Email === 'string' && this.refusedEmails.has(record.Email)) {
        return { code: 'INVALID_DATA', details: { api_name: 'Email', json_path: `$.data[${i}].Email` }, message: 'invalid data', status: 'error' };
      }
      const now = zohoTime(Date.now());
      this.leads.set(lead.id, { ...lead, ...(record as Partial<FakeZohoLead>), id: lead.id, Modified_Time: now });
      return { code: 'SUCCESS', details: { id: lead.id, Modified_Time: now, Modified_By: { name: 'Patricia Boyle', id: '4150868000000225013' } }, message: 'record updated', status: 'success' };
    });
    this.sorted = null;
    const ok = items.filter((i) => i.status === 'success').length;
    const status = ok === items.length ? 200 : ok === 0 ? 400 : 207;
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ data: items }));
  }

  private addLeadShape(id: string, at: string): FakeZohoLead {
    return { id, First_Name: null, Last_Name: '', Email: null, Phone: null, Company: null, Lead_Source: null, Lead_Status: null, Description: null, Owner: { id: '4150868000000225013', name: 'Patricia Boyle', email: 'patricia.boyle@example.com' }, Created_Time: at, Modified_Time: at };
  }

  lead(id: string): FakeZohoLead | undefined {
    return this.leads.get(id);
  }

  private json(res: ServerResponse, body: unknown): void {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  private error(res: ServerResponse, status: number, code: string, message: string): void {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ code, details: {}, message, status: 'error' }));
  }
}
