import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A local Zoom written from the provider reference (shared/reference/providers.md §3): the Server-to-
// Server OAuth token endpoint (`account_credentials` grant, Basic client id and secret, no refresh token),
// GET /users/me/meetings and GET /meetings/{id}/registrants, both paged with `next_page_token` (a token
// the test expires answers 400 like a token older than 15 minutes), 404 code 3001 for a meeting that
// does not exist, 401 code 124 for a bad access token. Webinars the same way (GET /users/me/webinars,
// GET /webinars/{id}/registrants); an account without the webinar plan answers the listing 400 with
// code 200. Tests make it fail on purpose.
export interface FakeZoomMeeting {
  uuid: string;
  id: number;
  host_id: string;
  topic: string;
  type: number;
  start_time: string;
  duration: number;
  timezone: string;
  created_at: string;
  join_url: string;
}

export interface FakeZoomRegistrant {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  country: string;
  phone: string;
  industry: string;
  org: string;
  job_title: string;
  comments: string;
  custom_questions: Array<{ title: string; value: string }>;
  status: 'approved' | 'pending' | 'denied';
  create_time: string;
  join_url: string;
}

export interface FakeZoomApp {
  accountId: string;
  clientId: string;
  clientSecret: string;
}

export class FakeZoom {
  private server?: Server;
  private readonly apps = new Map<string, FakeZoomApp>();
  private readonly tokens = new Set<string>();
  private readonly meetings = new Map<number, { meeting: FakeZoomMeeting; registrants: FakeZoomRegistrant[]; webinar?: boolean }>();
  // False: the account has no webinar plan (the listing answers 400, code 200).
  webinarPlan = true;
  private readonly pageTokens = new Map<string, { offset: number; expired: boolean }>();
  private failures: Array<{ status: number; path?: string }> = [];
  private nextMeeting = 85_746_065_000;
  readonly requests: Array<{ path: string; query: URLSearchParams }> = [];
  tokenRequests = 0;
  pageSizeCap = 300;

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

  addApp(): FakeZoomApp {
    const app = { accountId: randomBytes(11).toString('base64url'), clientId: randomBytes(11).toString('base64url'), clientSecret: randomBytes(16).toString('hex') };
    this.apps.set(app.clientId, app);
    return app;
  }

  addMeeting(topic: string, inMs: number): FakeZoomMeeting {
    const id = this.nextMeeting++;
    const meeting: FakeZoomMeeting = {
      uuid: `${randomBytes(16).toString('base64')}`,
      id,
      host_id: 'z8yAAAAA8bbbQ',
      topic,
      type: 2,
      start_time: new Date(Date.now() + inMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      duration: 60,
      timezone: 'Europe/Berlin',
      created_at: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      join_url: `https://zoom.us/j/${id}`,
    };
    this.meetings.set(id, { meeting, registrants: [] });
    return meeting;
  }

  // A webinar: meetings and webinars share Zoom's id space, so the same counter.
  addWebinar(topic: string, inMs: number): FakeZoomMeeting {
    const webinar = { ...this.addMeeting(topic, inMs), type: 5 };
    webinar.join_url = `https://zoom.us/w/${webinar.id}`;
    this.meetings.set(webinar.id, { meeting: webinar, registrants: [], webinar: true });
    return webinar;
  }

  addRegistrant(meetingId: number, overrides: Partial<FakeZoomRegistrant> = {}): FakeZoomRegistrant {
    const id = randomBytes(16).toString('base64url').slice(0, 22);
    const registrant: FakeZoomRegistrant = {
      id,
      email: `${id.toLowerCase().replace(/[^a-z0-9]/g, '')}@registrant.example`,
      first_name: 'Jill',
      last_name: 'Chill',
      country: 'US',
      phone: '',
      industry: '',
      org: 'Chill Corp',
      job_title: '',
      comments: '',
      custom_questions: [],
      status: 'approved',
      create_time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      join_url: `https://zoom.us/w/${meetingId}?tk=${id}`,
      ...overrides,
    };
    this.meetings.get(meetingId)!.registrants.push(registrant);
    return registrant;
  }

  removeRegistrant(meetingId: number, registrantId: string): void {
    const m = this.meetings.get(meetingId)!;
    m.registrants = m.registrants.filter((r) => r.id !== registrantId);
  }

  expirePageTokens(): void {
    for (const t of this.pageTokens.values()) t.expired = true;
  }

  // The next `times` API requests (only those whose path ends with `path` when given) answer `status`.
  failNext(status: number, times = 1, path?: string): void {
    for (let i = 0; i < times; i++) this.failures.push({ status, path });
  }

  clear(): void {
    this.meetings.clear();
    this.webinarPlan = true;
    this.failures = [];
    this.requests.length = 0;
    this.tokenRequests = 0;
  }

  // Hook for a test: runs after each API request is answered (e.g. expire tokens between two pages).
  afterRequest: ((path: string) => void) | null = null;

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://fake');
    if (req.method === 'POST' && url.pathname === '/oauth/token') return this.token(url, req, Buffer.concat(chunks).toString('utf8'), res);
    if (!url.pathname.startsWith('/v2/')) return this.error(res, 404, 404, 'Not found');
    const path = url.pathname.slice(3);
    this.requests.push({ path, query: url.searchParams });
    const auth = req.headers.authorization ?? '';
    if (!auth.startsWith('Bearer ') || !this.tokens.has(auth.slice(7))) return this.error(res, 401, 124, 'Invalid access token.');
    const head = this.failures[0];
    if (head && (!head.path || path.endsWith(head.path))) {
      this.failures.shift();
      return this.error(res, head.status, head.status === 429 ? 429 : 500, head.status === 429 ? 'You have reached the maximum per-second rate limit for this API.' : 'Internal error');
    }
    try {
      if (req.method === 'GET' && path === '/users/me/meetings') return this.listMeetings(url, res);
      const registrants = /^\/meetings\/(\d+)\/registrants$/.exec(path);
      if (req.method === 'GET' && registrants) return this.listRegistrants(Number(registrants[1]), url, res, false);
      if (req.method === 'GET' && path === '/users/me/webinars') return this.listWebinars(url, res);
      const webinarRegistrants = /^\/webinars\/(\d+)\/registrants$/.exec(path);
      if (req.method === 'GET' && webinarRegistrants) return this.listRegistrants(Number(webinarRegistrants[1]), url, res, true);
      this.error(res, 404, 404, 'Not found');
    } finally {
      this.afterRequest?.(path);
    }
  }

  private token(url: URL, req: IncomingMessage, body: string, res: ServerResponse): void {
    this.tokenRequests++;
    // The docs put grant_type and account_id in the query string; the SDK sends a form body. Accept both.
    const form = new URLSearchParams(body);
    const field = (name: string) => url.searchParams.get(name) ?? form.get(name);
    const auth = req.headers.authorization ?? '';
    const [clientId, clientSecret] = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':') : [];
    const app = this.apps.get(clientId ?? '');
    if (field('grant_type') !== 'account_credentials') {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ reason: 'Unsupported grant type', error: 'unsupported_grant_type' }));
      return;
    }
    if (!app || app.clientSecret !== clientSecret || app.accountId !== field('account_id')) {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ reason: 'Invalid client_id or client_secret', error: 'invalid_client' }));
      return;
    }
    const accessToken = `eyJ${randomBytes(24).toString('base64url')}`;
    this.tokens.add(accessToken);
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({ access_token: accessToken, token_type: 'bearer', expires_in: 3599, scope: 'meeting:read:admin user:read:admin', api_url: 'https://api.zoom.us' }),
    );
  }

  // Forgets every access token handed out (a test of the one refresh after a 401).
  revokeTokens(): void {
    this.tokens.clear();
  }

  private page<T>(all: T[], url: URL, res: ServerResponse): { items: T[]; next: string } | null {
    const size = Math.min(Math.max(Number(url.searchParams.get('page_size') ?? 30) || 30, 1), this.pageSizeCap);
    const token = url.searchParams.get('next_page_token');
    let offset = 0;
    if (token) {
      const state = this.pageTokens.get(token);
      if (!state || state.expired) {
        this.error(res, 400, 300, 'The next page token is invalid or expired.');
        return null;
      }
      offset = state.offset;
    }
    const items = all.slice(offset, offset + size);
    let next = '';
    if (offset + size < all.length) {
      next = randomBytes(16).toString('base64url');
      this.pageTokens.set(next, { offset: offset + size, expired: false });
    }
    return { items, next };
  }

  private listMeetings(url: URL, res: ServerResponse): void {
    const type = url.searchParams.get('type') ?? 'scheduled';
    const now = Date.now();
    const all = [...this.meetings.values()].filter((m) => !m.webinar).map((m) => m.meeting).filter((m) => type !== 'upcoming' || Date.parse(m.start_time) >= now);
    const page = this.page(all, url, res);
    if (!page) return;
    this.json(res, { page_size: page.items.length, total_records: all.length, next_page_token: page.next, meetings: page.items });
  }

  private listWebinars(url: URL, res: ServerResponse): void {
    if (!this.webinarPlan) return this.error(res, 400, 200, 'Webinar plan is missing. You must subscribe to the webinar plan and enable webinar for this user in order to perform this action.');
    const all = [...this.meetings.values()].filter((m) => m.webinar).map((m) => m.meeting);
    const page = this.page(all, url, res);
    if (!page) return;
    this.json(res, { page_size: page.items.length, total_records: all.length, next_page_token: page.next, webinars: page.items });
  }

  private listRegistrants(meetingId: number, url: URL, res: ServerResponse, webinar: boolean): void {
    const m = this.meetings.get(meetingId);
    if (!m || Boolean(m.webinar) !== webinar) return webinar ? this.error(res, 404, 3001, `Webinar does not exist: ${meetingId}.`) : this.error(res, 404, 3001, `Meeting does not exist: ${meetingId}.`);
    const status = url.searchParams.get('status') ?? 'approved';
    const all = m.registrants.filter((r) => r.status === status);
    const page = this.page(all, url, res);
    if (!page) return;
    this.json(res, { page_size: page.items.length, total_records: all.length, next_page_token: page.next, registrants: page.items });
  }

  private json(res: ServerResponse, body: unknown): void {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  private error(res: ServerResponse, status: number, code: number, message: string): void {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ code, message }));
  }
}
