import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A local Twilio Lookup v2 written from the provider reference (shared/reference/providers.md §5):
// GET /v2/PhoneNumbers/{E.164}?Fields=line_type_intelligence with HTTP Basic auth (account SID and auth
// token, or an API key SID and secret). A number it does not know is answered as Twilio answers an
// invalid one: 200 with valid:false and validation_errors. Errors are {code, message, more_info, status};
// tests queue failures (429 code 20429, 5xx, a stall) on purpose.
export interface FakeTwilioNumber {
  lineType: string;
  carrier: string;
  countryCode?: string;
  nationalFormat?: string;
}

export class FakeTwilioLookup {
  private server?: Server;
  private readonly accounts = new Map<string, string>();
  private readonly numbers = new Map<string, FakeTwilioNumber>();
  private failures: Array<{ status: number } | { stallMs: number }> = [];
  // Every lookup as asked: the number, the Fields parameter and the Basic-auth user.
  readonly requests: Array<{ number: string; fields: string | null; user: string | null }> = [];

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

  addAccount(): { accountSid: string; authToken: string } {
    const account = { accountSid: `AC${randomBytes(16).toString('hex')}`, authToken: randomBytes(16).toString('hex') };
    this.accounts.set(account.accountSid, account.authToken);
    return account;
  }

  // An API key of an account: Basic auth with the key SID and secret.
  addApiKey(accountSid: string): { accountSid: string; apiKeySid: string; apiKeySecret: string } {
    const key = { accountSid, apiKeySid: `SK${randomBytes(16).toString('hex')}`, apiKeySecret: randomBytes(16).toString('hex') };
    this.accounts.set(key.apiKeySid, key.apiKeySecret);
    return key;
  }

  revoke(sid: string): void {
    this.accounts.delete(sid);
  }

  addNumber(e164: string, number: FakeTwilioNumber): void {
    this.numbers.set(e164, number);
  }

  failNext(...failures: Array<{ status: number } | { stallMs: number }>): void {
    this.failures.push(...failures);
  }

  lookupsOf(e164: string): number {
    return this.requests.filter((r) => r.number === e164 && r.fields === 'line_type_intelligence').length;
  }

  reset(): void {
    this.failures = [];
    this.requests.length = 0;
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const match = /^\/v2\/PhoneNumbers\/([^/]+)$/.exec(url.pathname);
    if (req.method !== 'GET' || !match) return this.send(res, 404, { code: 20404, message: 'The requested resource was not found', more_info: 'https://www.twilio.com/docs/errors/20404', status: 404 });
    const number = decodeURIComponent(match[1]);
    const auth = req.headers.authorization ?? '';
    const [user, password] = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':') : [null, null];
    this.requests.push({ number, fields: url.searchParams.get('Fields'), user });
    if (!user || this.accounts.get(user) !== password) {
      return this.send(res, 401, { code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 });
    }
    const failure = this.failures.shift();
    if (failure && 'stallMs' in failure) await new Promise((resolve) => setTimeout(resolve, failure.stallMs));
    else if (failure) {
      const code = failure.status === 429 ? 20429 : 20500;
      return this.send(res, failure.status, { code, message: failure.status === 429 ? 'Too Many Requests' : 'Internal Server Error', more_info: `https://www.twilio.com/docs/errors/${code}`, status: failure.status });
    }
    const known = this.numbers.get(number);
    const withLti = url.searchParams.get('Fields') === 'line_type_intelligence';
    if (!known) {
      const digits = number.replace(/\D/g, '');
      return this.send(res, 200, {
        calling_country_code: null,
        country_code: null,
        phone_number: number,
        national_format: null,
        valid: false,
        validation_errors: [digits.length > 15 ? 'TOO_LONG' : digits.length < 8 ? 'TOO_SHORT' : 'INVALID_BUT_POSSIBLE'],
        caller_name: null,
        line_type_intelligence: null,
        url: `${this.baseUrl}/v2/PhoneNumbers/${encodeURIComponent(number)}`,
      });
    }
    return this.send(res, 200, {
      calling_country_code: '1',
      country_code: known.countryCode ?? 'US',
      phone_number: number,
      national_format: known.nationalFormat ?? number,
      valid: true,
      validation_errors: null,
      caller_name: null,
      line_type_intelligence: withLti ? { error_code: null, mobile_country_code: '310', mobile_network_code: '456', carrier_name: known.carrier, type: known.lineType } : null,
      url: `${this.baseUrl}/v2/PhoneNumbers/${encodeURIComponent(number)}`,
    });
  }
}
