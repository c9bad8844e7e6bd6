import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A local Google OAuth token endpoint and Calendar API v3 events.list, written from the provider reference
// (shared/reference/providers.md §4): refresh-token grant (invalid_grant when revoked), pageToken paging
// with nextSyncToken on the last page only, syncToken never combined with time bounds (400), 410
// fullSyncRequired for a token the test invalidates, cancelled events carrying only their id.
export interface FakeEvent {
  id: string;
  status: 'confirmed' | 'cancelled';
  updated: string;
  summary?: string;
  start?: { dateTime: string };
  end?: { dateTime: string };
  attendees?: Array<{ email: string; displayName?: string; responseStatus: string; self?: boolean; organizer?: boolean }>;
}

export class FakeGoogleCalendar {
  private server?: Server;
  private readonly clients = new Map<string, { clientId: string; clientSecret: string }>();
  private readonly tokens = new Set<string>();
  private readonly events = new Map<string, { event: FakeEvent; seq: number }>();
  private seq = 0;
  private minValidSyncSeq = 0;
  private nextId = 1;
  readonly requests: Array<{ path: string; query: URLSearchParams }> = [];
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

  addClient(): { clientId: string; clientSecret: string; refreshToken: string } {
    const client = { clientId: `${randomBytes(6).toString('hex')}.apps.googleusercontent.com`, clientSecret: `GOCSPX-${randomBytes(12).toString('hex')}`, refreshToken: `1//${randomBytes(20).toString('hex')}` };
    this.clients.set(client.refreshToken, client);
    return client;
  }

  // An event starting `inMs` from now with these attendees.
  addEvent(summary: string, inMs: number, attendees: FakeEvent['attendees']): FakeEvent {
    const start = Date.now() + inMs;
    const event: FakeEvent = {
      id: `evt${this.nextId++}${randomBytes(3).toString('hex')}`,
      status: 'confirmed',
      updated: new Date().toISOString(),
      summary,
      start: { dateTime: new Date(start).toISOString() },
      end: { dateTime: new Date(start + 30 * 60_000).toISOString() },
      attendees,
    };
    this.events.set(event.id, { event, seq: ++this.seq });
    return event;
  }

  update(id: string, changes: Partial<FakeEvent>): void {
    const current = this.events.get(id)!.event;
    this.events.set(id, { event: { ...current, ...changes, updated: new Date().toISOString() }, seq: ++this.seq });
  }

  cancel(id: string): void {
    this.events.set(id, { event: { id, status: 'cancelled', updated: new Date().toISOString() }, seq: ++this.seq });
  }

  // Every sync token given so far answers 410 from now on.
  invalidateSyncTokens(): void {
    this.minValidSyncSeq = this.seq + 1;
  }

  clear(): void {
    this.events.clear();
    this.requests.length = 0;
    this.tokenRequests = 0;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://fake');
    if (req.method === 'POST' && url.pathname === '/token') return this.token(new URLSearchParams(Buffer.concat(chunks).toString('utf8')), res);
    this.requests.push({ path: url.pathname, query: url.searchParams });
    const auth = req.headers.authorization ?? '';
    if (!auth.startsWith('Bearer ') || !this.tokens.has(auth.slice(7))) return this.error(res, 401, 'authError', 'Invalid Credentials');
    const match = /^\/calendar\/v3\/calendars\/([^/]+)\/events$/.exec(url.pathname);
    if (req.method === 'GET' && match) return this.list(url.searchParams, res);
    this.error(res, 404, 'notFound', 'Not Found');
  }

  private token(form: URLSearchParams, res: ServerResponse): void {
    this.tokenRequests++;
    const client = this.clients.get(form.get('refresh_token') ?? '');
    if (form.get('grant_type') !== 'refresh_token' || !client || client.clientId !== form.get('client_id') || client.clientSecret !== form.get('client_secret')) {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid_grant', error_description: 'Token has been expired or revoked.' }));
      return;
    }
    const token = `ya29.${randomBytes(16).toString('hex')}`;
    this.tokens.add(token);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: token, expires_in: 3599, scope: 'https://www.googleapis.com/auth/calendar.readonly', token_type: 'Bearer' }));
  }

  private list(q: URLSearchParams, res: ServerResponse): void {
    const syncToken = q.get('syncToken');
    if (syncToken && ['timeMin', 'timeMax', 'updatedMin', 'q', 'orderBy', 'iCalUID'].some((p) => q.has(p))) return this.error(res, 400, 'invalid', 'syncToken cannot be combined with these parameters');
    let items: FakeEvent[];
    if (syncToken) {
      const since = Number(syncToken.replace(/^st-/, ''));
      if (!Number.isInteger(since) || since < this.minValidSyncSeq) return this.error(res, 410, 'fullSyncRequired', 'Sync token is no longer valid, a full sync is required.');
      items = [...this.events.values()].filter((e) => e.seq > since).map((e) => e.event);
    } else {
      const min = Date.parse(q.get('timeMin') ?? '') || -Infinity;
      const max = Date.parse(q.get('timeMax') ?? '') || Infinity;
      items = [...this.events.values()]
        .map((e) => e.event)
        .filter((e) => e.status === 'cancelled' ? q.get('showDeleted') === 'true' : Date.parse(e.end!.dateTime) > min && Date.parse(e.start!.dateTime) < max);
    }
    const size = Math.min(Number(q.get('maxResults') ?? 250), 2500);
    const offset = Number(q.get('pageToken') ?? 0);
    const page = items.slice(offset, offset + size);
    const last = offset + size >= items.length;
    const body: Record<string, unknown> = { kind: 'calendar#events', summary: 'sales@acme.example', timeZone: 'UTC', items: page };
    if (last) body.nextSyncToken = `st-${this.seq}`;
    else body.nextPageToken = String(offset + size);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  private error(res: ServerResponse, status: number, reason: string, message: string): void {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { errors: [{ domain: 'calendar', reason, message }], code: status, message } }));
  }
}
