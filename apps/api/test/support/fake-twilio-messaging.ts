import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A local Twilio REST API (Messaging) written from the provider reference (shared/reference/providers.md and
// Twilio's documented contract): POST /2010-04-01/Accounts/{AccountSid}/Messages.json with a form-encoded
// To, From, Body and HTTP Basic auth (account SID and auth token, or an API key SID and secret) answers 201
// with the message resource; GET /2010-04-01/Accounts/{AccountSid}.json answers the account. Errors are
// {code, message, more_info, status}: 401 code 20003, 429 code 20429 (with Retry-After), 400 code 21211 for
// a number it was told is invalid. Tests queue failures on purpose.
export interface FakeSms {
  to: string;
  from: string;
  body: string;
  user: string | null;
}

type Failure = { status: number; retryAfter?: string } | { code: number };

export class FakeTwilioMessaging {
  private server?: Server;
  private readonly accounts = new Map<string, { secret: string; accountSid: string }>();
  private readonly refused = new Map<string, number>();
  private failures: Failure[] = [];
  readonly messages: FakeSms[] = [];
  // Every request as asked (method and path), successful or not.
  readonly requests: Array<{ method: string; path: string }> = [];

  get baseUrl(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  addAccount(): { accountSid: string; authToken: string } {
    const account = { accountSid: `AC${randomBytes(16).toString('hex')}`, authToken: randomBytes(16).toString('hex') };
    this.accounts.set(account.accountSid, { secret: account.authToken, accountSid: account.accountSid });
    return account;
  }

  // Messages to this number are refused with a Twilio error code (21211 invalid, 21614 not a mobile).
  refuse(to: string, code: number): void {
    this.refused.set(to, code);
  }

  failNext(...failures: Failure[]): void {
    this.failures.push(...failures);
  }

  to(number: string): FakeSms[] {
    return this.messages.filter((m) => m.to === number);
  }

  // The 6-digit code of the last message to a number.
  lastCode(number: string): string {
    const last = this.to(number).at(-1);
    const code = last ? /\b(\d{6})\b/.exec(last.body)?.[1] : undefined;
    if (!code) throw new Error(`no code was texted to ${number}`);
    return code;
  }

  private send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }

  private error(res: ServerResponse, status: number, code: number, message: string, headers: Record<string, string> = {}): void {
    this.send(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }, headers);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://fake');
    this.requests.push({ method: req.method ?? '', path: url.pathname });
    const auth = req.headers.authorization ?? '';
    const [user, password] = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':') : [null, null];
    const account = user ? this.accounts.get(user) : undefined;
    const messages = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Messages\.json$/.exec(url.pathname);
    const accountGet = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\.json$/.exec(url.pathname);
    const sid = messages?.[1] ?? accountGet?.[1];
    if (!sid) return this.error(res, 404, 20404, 'The requested resource was not found');
    if (!account || account.secret !== password || account.accountSid !== sid) return this.error(res, 401, 20003, 'Authenticate');
    if (accountGet && req.method === 'GET') {
      return this.send(res, 200, { sid, friendly_name: 'Hot Leads test account', status: 'active', type: 'Full', date_created: new Date().toUTCString() });
    }
    if (!messages || req.method !== 'POST') return this.error(res, 405, 20004, 'Method not allowed');
    if (!String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded')) return this.error(res, 400, 21000, 'Invalid content type');
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const to = form.get('To') ?? '';
    const from = form.get('From') ?? '';
    const body = form.get('Body') ?? '';
    if (!to) return this.error(res, 400, 21604, "A 'To' phone number is required.");
    if (!from) return this.error(res, 400, 21603, "A 'From' phone number is required.");
    if (!body) return this.error(res, 400, 21602, 'Message body is required.');
    const failure = this.failures.shift();
    if (failure && 'status' in failure) {
      const code = failure.status === 429 ? 20429 : 20500;
      return this.error(res, failure.status, code, failure.status === 429 ? 'Too Many Requests' : 'Internal Server Error', failure.retryAfter ? { 'retry-after': failure.retryAfter } : {});
    }
    const refusal = failure?.code ?? this.refused.get(to);
    if (refusal) return this.error(res, 400, refusal, refusal === 21614 ? `'To' number ${to} is not a mobile number` : `The 'To' number ${to} is not a valid phone number.`);
    this.messages.push({ to, from, body, user });
    return this.send(res, 201, {
      sid: `SM${randomBytes(16).toString('hex')}`,
      account_sid: sid,
      to,
      from,
      body,
      status: 'queued',
      num_segments: '1',
      direction: 'outbound-api',
      date_created: new Date().toUTCString(),
      error_code: null,
      error_message: null,
      uri: `/2010-04-01/Accounts/${sid}/Messages/SM.json`,
    });
  }
}
