import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A local Acuity Scheduling API written from the provider reference (shared/reference/providers.md §1):
// Basic auth with the numeric User ID and the API key, GET /me and GET /appointments/{id}, errors as
// {"status_code", "message", "error"}. Tests make it fail on purpose with failNext / hangNext.
export interface FakeAppointment {
  id: number;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  datetime: string;
  type: string;
  appointmentTypeID: number;
  calendar: string;
  calendarID: number;
  price: string;
  paid: string;
  amountPaid: string;
  duration: string;
  notes: string;
  timezone: string;
  canceled?: boolean;
  forms: Array<{ id: number; name: string; values: Array<{ id: number; fieldID: number; name: string; value: string }> }>;
}

const ERRORS: Record<number, [error: string, message: string]> = {
  401: ['unauthorized', 'Unauthorized'],
  404: ['not_found', 'The requested resource was not found.'],
  429: ['too_many_requests', 'Limit 10req/s and 20 concurrent connections'],
  500: ['internal_error', 'Something went wrong.'],
  503: ['service_unavailable', 'Service unavailable.'],
};

export class FakeAcuity {
  private server?: Server;
  private readonly accounts = new Map<string, string>();
  private readonly appointments = new Map<string, FakeAppointment>();
  private failures: number[] = [];
  private hangs = 0;
  private hangMs = 0;
  // Every request's path and Basic user, for asserting what Hot Leads called.
  readonly requests: Array<{ path: string; user: string | null }> = [];

  get baseUrl(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}/api/v1`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  addAccount(userId: string, apiKey: string): void {
    this.accounts.set(userId, apiKey);
  }

  addAppointment(appointment: FakeAppointment): void {
    this.appointments.set(String(appointment.id), appointment);
  }

  // The next `times` requests answer `status` with Acuity's error body.
  failNext(status: number, times = 1): void {
    for (let i = 0; i < times; i++) this.failures.push(status);
  }

  // The next `times` requests wait `ms` before answering.
  hangNext(ms: number, times = 1): void {
    this.hangs = times;
    this.hangMs = ms;
  }

  reset(): void {
    this.failures = [];
    this.hangs = 0;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const user = this.basicUser(req);
    this.requests.push({ path: url.pathname, user: user?.userId ?? null });
    if (this.hangs > 0) {
      this.hangs--;
      await new Promise((resolve) => setTimeout(resolve, this.hangMs));
      if (res.destroyed) return;
    }
    const failure = this.failures.shift();
    if (failure !== undefined) return this.error(res, failure);
    if (req.method !== 'GET') return this.error(res, 404);
    if (!user || this.accounts.get(user.userId) !== user.apiKey) return this.error(res, 401);
    if (url.pathname === '/api/v1/me') return this.json(res, 200, { id: Number(user.userId), name: 'Fake Studio', email: 'owner@fake-studio.example' });
    const match = /^\/api\/v1\/appointments\/(\d+)$/.exec(url.pathname);
    const appointment = match ? this.appointments.get(match[1]) : undefined;
    if (!appointment) return this.error(res, 404);
    return this.json(res, 200, appointment);
  }

  private basicUser(req: IncomingMessage): { userId: string; apiKey: string } | null {
    const header = req.headers.authorization;
    if (!header?.startsWith('Basic ')) return null;
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon < 0 ? null : { userId: decoded.slice(0, colon), apiKey: decoded.slice(colon + 1) };
  }

  private error(res: ServerResponse, status: number): void {
    const [error, message] = ERRORS[status] ?? ['error', 'Error'];
    this.json(res, status, { status_code: status, message, error });
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }
}

// An appointment as GET /appointments/{id} answers it (the reference's example, with the given id and an
// email and phone of its own, so appointments do not merge into one lead by accident).
export function fakeAppointment(id: number, overrides: Partial<FakeAppointment> = {}): FakeAppointment {
  return {
    id,
    firstName: 'Bob',
    lastName: 'McTest',
    email: `bob.${id}@example.com`,
    phone: `+1 (415) 555-01${String(id % 99).padStart(2, '0')}`,
    datetime: '2013-07-02T10:15:00-0700',
    type: 'Regular Visit',
    appointmentTypeID: 1,
    calendar: 'My Calendar',
    calendarID: 27238,
    price: '10.00',
    paid: 'no',
    amountPaid: '0.00',
    duration: '60',
    notes: 'Notes',
    timezone: 'America/New_York',
    forms: [{ id: 1, name: 'Example Intake Form', values: [{ value: 'yes', name: 'Is this your first visit?', fieldID: 1, id: 21502993 }] }],
    ...overrides,
  };
}
