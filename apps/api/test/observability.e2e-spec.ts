import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Controller, Get, Module, Post } from '@nestjs/common';
import { Authenticated } from '../src/common/auth/access.decorator';
import { loadConfig } from '../src/config/load-config';
import { startErrorReporting, stopErrorReporting } from '../src/common/observability/error-reporting';
import { freePort, startApi, waitForHealth } from './support/api-process';
import { createTenantWithUser, signIn, type TestUser } from './support/factories';
import { createTestApp, TEST_ENCRYPTION_KEY, type TestApp } from './support/test-app';
import { createTestDatabase, type TestDatabase } from './support/test-database';

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

// A local stand-in for a collector or Sentry: keeps every POST it gets.
async function receiver(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
      received.push({ path: req.url ?? '', headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { server, url: `http://127.0.0.1:${port}`, received };
}

const until = async (done: () => boolean, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
};

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Array<{ key: string; value: { stringValue?: string } }>;
}

const SERVER = 2;

describe('OpenTelemetry tracing', () => {
  let collector: Awaited<ReturnType<typeof receiver>>;
  let db: TestDatabase;
  let dataDir: string;

  beforeAll(async () => {
    collector = await receiver();
    db = await createTestDatabase();
    dataDir = await mkdtemp(join(tmpdir(), 'hotleads-otel-'));
  });

  afterAll(async () => {
    collector.server.close();
    await db.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('exports a server span with the database spans nested in it, and logs the trace id with the request', async () => {
    const port = await freePort();
    const proc = startApi({
      PORT: String(port),
      DATA_DIR: dataDir,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      DATABASE_URL: db.url,
      ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_SERVICE_NAME: 'hotleads-test',
      // Export within a fraction of a second instead of the default 5 s.
      OTEL_BSP_SCHEDULE_DELAY: '200',
    });
    try {
      await waitForHealth(port, proc);
      expect(proc.output()).toContain('OpenTelemetry tracing is on');
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'nobody@example.com', password: 'not a real password here' }),
      });
      expect(res.status).toBe(401);
      const spans = () => collector.received.filter((r) => r.path === '/v1/traces').flatMap((r) => (JSON.parse(r.body) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: OtlpSpan[] }> }> }).resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans)));
      const login = () => spans().find((s) => s.kind === SERVER && s.attributes.some((a) => (a.key === 'http.route' || a.key === 'url.path') && a.value.stringValue === '/api/v1/auth/login'));
      await until(() => {
        const server = login();
        return Boolean(server && spans().some((s) => s.traceId === server.traceId && s.name.startsWith('pg.query')));
      }, 20_000);
      const server = login();
      expect(server).toBeDefined();
      const sameTrace = spans().filter((s) => s.traceId === server!.traceId);
      const byId = new Map(sameTrace.map((s) => [s.spanId, s]));
      const query = sameTrace.find((s) => s.name.startsWith('pg.query'));
      expect(query).toBeDefined();
      // The database span hangs below the server span (through Fastify's spans in between).
      let parent = query!.parentSpanId ? byId.get(query!.parentSpanId) : undefined;
      while (parent && parent.spanId !== server!.spanId) parent = parent.parentSpanId ? byId.get(parent.parentSpanId) : undefined;
      expect(parent?.spanId).toBe(server!.spanId);
      // Statement text only: the email the client sent is not in any span.
      expect(JSON.stringify(sameTrace)).not.toContain('nobody@example.com');
      // The request's log line names the trace.
      const line = proc
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { route?: string; traceId?: string })
        .find((l) => l.route === '/api/v1/auth/login');
      expect(line?.traceId).toBe(server!.traceId);
    } finally {
      proc.child.kill('SIGTERM');
      expect(await proc.exited).toBe(0);
    }
  }, 240_000);
});

@Controller('test-fixtures/errors')
class FailingController {
  @Post('boom')
  @Authenticated()
  boom(): never {
    throw new Error('the handler broke');
  }

  @Get('fine')
  @Authenticated()
  fine(): string {
    return 'fine';
  }
}

@Module({ controllers: [FailingController] })
class FailingModule {}

describe('error reporting to Sentry', () => {
  let sentry: Awaited<ReturnType<typeof receiver>>;
  let t: TestApp;
  let owner: TestUser;

  beforeAll(async () => {
    sentry = await receiver();
    const dsn = `${sentry.url.replace('http://', 'http://publickey@')}/42`;
    expect(await startErrorReporting(loadConfig({ SENTRY_DSN: dsn }).observability)).toBe(true);
    t = await createTestApp({ imports: [FailingModule], env: { RATE_LIMIT_LOGIN: '1000' } });
    owner = await createTenantWithUser(t.app, 'owner');
  });

  afterAll(async () => {
    await t.close();
    await stopErrorReporting();
    // Sentry's global carrier outlives the client; Jest's global cleanup at the end of the file would
    // recurse through its accessors.
    delete (globalThis as { __SENTRY__?: unknown }).__SENTRY__;
    sentry.server.close();
  });

  it('sends an unhandled error with the request id, user id and tenant id only', async () => {
    const session = await signIn(t.http, owner.email, owner.password);
    const res = await t.http
      .post('/api/v1/test-fixtures/errors/boom')
      .set(session.auth)
      .set('Cookie', 'hl_refresh=a-cookie-value-that-must-stay-home')
      .send({ phone: '+4915112345678', note: 'a body that must stay home' })
      .expect(500);
    const requestId = res.body.requestId as string;
    await until(() => sentry.received.some((r) => r.body.includes(requestId)), 10_000);
    const envelope = sentry.received.find((r) => r.body.includes(requestId));
    expect(envelope?.path.split('?')[0]).toBe('/api/42/envelope/');
    const [, , item] = envelope!.body.split('\n');
    const event = JSON.parse(item) as { exception: { values: Array<{ value: string }> }; tags: Record<string, string>; user?: Record<string, unknown>; request?: unknown };
    expect(event.exception.values[0].value).toBe('the handler broke');
    expect(event.tags).toMatchObject({ requestId, tenantId: owner.tenantId });
    expect(event.user).toEqual({ id: owner.id });
    expect(event.request).toBeUndefined();
    for (const secret of [owner.email, session.accessToken, 'a-cookie-value-that-must-stay-home', 'a body that must stay home', '+4915112345678']) {
      expect(envelope!.body).not.toContain(secret);
    }
  });

  it('sends nothing for answers below 500', async () => {
    const before = sentry.received.length;
    const session = await signIn(t.http, owner.email, owner.password);
    await t.http.get('/api/v1/test-fixtures/errors/fine').set(session.auth).expect(200);
    await t.http.get('/api/v1/leads/00000000-0000-4000-8000-000000000000').set(session.auth).expect(404);
    await new Promise((r) => setTimeout(r, 1000));
    expect(sentry.received.length).toBe(before);
  });
});
