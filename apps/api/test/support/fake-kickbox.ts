import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A local Kickbox written from the provider reference (shared/reference/providers.md §6): GET /v2/verify
// ?email=&timeout= with the key as `Authorization: Bearer` or `apikey`. A bad key is 403 {success:false,
// message}; an address it was told about gets its verdict, any other one `deliverable` (as a sandbox key
// answers). Tests queue failures: 429, 5xx, or a 200 with success:false (a failed request, not a verdict).
export interface FakeKickboxVerdict {
  result: 'deliverable' | 'undeliverable' | 'risky' | 'unknown';
  reason: string;
  disposable?: boolean;
  role?: boolean;
  free?: boolean;
  accept_all?: boolean;
  did_you_mean?: string | null;
  sendex?: number;
}

export class FakeKickbox {
  private server?: Server;
  private readonly keys = new Set<string>();
  private readonly verdicts = new Map<string, FakeKickboxVerdict>();
  private failures: Array<{ status: number } | { successFalse: string }> = [];
  readonly requests: Array<{ email: string | null; key: string | null }> = [];

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

  addKey(): string {
    const key = `live_${randomBytes(16).toString('hex')}`;
    this.keys.add(key);
    return key;
  }

  revoke(key: string): void {
    this.keys.delete(key);
  }

  setVerdict(email: string, verdict: FakeKickboxVerdict): void {
    this.verdicts.set(email.toLowerCase(), verdict);
  }

  failNext(...failures: Array<{ status: number } | { successFalse: string }>): void {
    this.failures.push(...failures);
  }

  verificationsOf(email: string): number {
    return this.requests.filter((r) => r.email === email).length;
  }

  reset(): void {
    this.failures = [];
    this.requests.length = 0;
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json', 'x-kickbox-balance': '4999', 'x-kickbox-response-time': '120' });
    res.end(JSON.stringify(body));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (req.method !== 'GET' || url.pathname !== '/v2/verify') return this.send(res, 404, { success: false, message: 'Not found' });
    const auth = req.headers.authorization ?? '';
    const key = auth.startsWith('Bearer ') ? auth.slice(7) : url.searchParams.get('apikey');
    const email = url.searchParams.get('email');
    this.requests.push({ email, key });
    if (!key || !this.keys.has(key)) return this.send(res, 403, { success: false, message: 'Invalid API key' });
    const failure = this.failures.shift();
    if (failure && 'successFalse' in failure) return this.send(res, 200, { success: false, message: failure.successFalse });
    if (failure) return this.send(res, failure.status, { success: false, message: failure.status === 429 ? 'Too many requests' : 'Internal error' });
    if (!email) return this.send(res, 400, { success: false, message: 'Missing email' });
    const [user, domain] = email.split('@');
    const v = this.verdicts.get(email.toLowerCase()) ?? { result: 'deliverable', reason: 'accepted_email' };
    return this.send(res, 200, {
      result: v.result,
      reason: v.reason,
      role: v.role ?? false,
      free: v.free ?? false,
      disposable: v.disposable ?? false,
      accept_all: v.accept_all ?? false,
      did_you_mean: v.did_you_mean ?? null,
      sendex: v.sendex ?? (v.result === 'deliverable' ? 0.9 : 0),
      email,
      user: user ?? null,
      domain: domain ?? null,
      success: true,
      message: null,
    });
  }
}
