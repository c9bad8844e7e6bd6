import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { EchoModule } from './fixtures/echo.module';
import { logDir } from './support/log-capture';
import { createTestApp, type TestApp } from './support/test-app';

const PROBLEM_JSON = /^application\/problem\+json/;

describe('API platform', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ imports: [EchoModule], env: { BODY_LIMIT: '2kb', CORS_ORIGINS: 'https://app.example.com' } });
  });

  afterAll(async () => {
    await t.close();
  });

  describe('health', () => {
    it('reports the database up', async () => {
      const res = await t.http.get('/health').expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
    });

    it('answers liveness and readiness', async () => {
      await t.http.get('/health/live').expect(200, { status: 'ok', info: {}, error: {}, details: {} });
      const ready = await t.http.get('/health/ready').expect(200);
      expect(ready.body.status).toBe('ok');
    });
  });

  describe('problem+json errors', () => {
    it('answers an unknown route with 404 and the request id', async () => {
      const res = await t.http.get('/api/v1/no-such-thing').set('X-Request-Id', 'req-12345678').expect(404);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.headers['x-request-id']).toBe('req-12345678');
      expect(res.body).toEqual({
        type: 'urn:hotleads:problem:not_found',
        title: 'Not found',
        status: 404,
        detail: expect.any(String),
        code: 'not_found',
        instance: '/api/v1/no-such-thing',
        requestId: 'req-12345678',
      });
    });

    it('replaces an unsafe request id with a generated one', async () => {
      const res = await t.http.get('/health/live').set('X-Request-Id', 'bad id <script>').expect(200);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('answers malformed JSON with 400 malformed_json', async () => {
      const res = await t.http
        .post('/api/v1/test-fixtures/echo')
        .set('Content-Type', 'application/json')
        .send('{"name": ')
        .expect(400);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toMatchObject({ code: 'malformed_json', status: 400, requestId: res.headers['x-request-id'] });
    });

    it('answers an unsupported content type with 415', async () => {
      const res = await t.http.post('/api/v1/test-fixtures/echo').set('Content-Type', 'text/plain').send('name=x').expect(415);
      expect(res.body).toMatchObject({ code: 'unsupported_media_type', status: 415 });
    });

    it('answers a body over BODY_LIMIT with 413', async () => {
      const res = await t.http
        .post('/api/v1/test-fixtures/echo')
        .send({ name: 'x'.repeat(4096) })
        .expect(413);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toMatchObject({ code: 'payload_too_large', status: 413 });
    });

    it('lists field errors and refuses unknown fields', async () => {
      const res = await t.http
        .post('/api/v1/test-fixtures/echo')
        .send({ name: 'Ada', email: 'not-an-email', isAdmin: true })
        .expect(400);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.errors).toEqual(
        expect.arrayContaining([
          { field: 'email', message: expect.stringContaining('email') },
          { field: 'isAdmin', message: expect.stringContaining('should not exist') },
        ]),
      );
    });

    it('accepts a valid body', async () => {
      await t.http.post('/api/v1/test-fixtures/echo').send({ name: 'Ada' }).expect(201, { name: 'Ada' });
    });

    it('never leaks a stack trace or SQL from an unexpected error', async () => {
      const res = await t.http.get('/api/v1/test-fixtures/boom').expect(500);
      expect(res.body).toMatchObject({ code: 'internal_error', status: 500 });
      const text = JSON.stringify(res.body);
      expect(text).not.toMatch(/password_hash|select|at .*\.ts|Error:/i);
    });
  });

  describe('request logs', () => {
    it('logs one structured line per request with method, route, status, duration and request id', async () => {
      await t.http.post('/api/v1/test-fixtures/echo').set('X-Request-Id', 'log-check-0001').send({ name: 'Ada' }).expect(201);
      const lines = readFileSync(join(logDir(), `${t.db.name}.log`), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      const line = lines.find((l) => l.requestId === 'log-check-0001');
      expect(line).toMatchObject({
        msg: 'POST /api/v1/test-fixtures/echo 201',
        route: '/api/v1/test-fixtures/echo',
        req: { method: 'POST', url: '/api/v1/test-fixtures/echo' },
        res: { statusCode: 201 },
        durationMs: expect.any(Number),
      });
    });
  });

  describe('security headers and CORS', () => {
    it('sets a content security policy and the usual headers', async () => {
      const res = await t.http.get('/health/live').expect(200);
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-powered-by']).toBeUndefined();
    });

    it('allows only configured origins', async () => {
      const allowed = await t.http
        .options('/api/v1/test-fixtures/echo')
        .set('Origin', 'https://app.example.com')
        .set('Access-Control-Request-Method', 'POST');
      expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.com');
      const refused = await t.http
        .options('/api/v1/test-fixtures/echo')
        .set('Origin', 'https://evil.example.net')
        .set('Access-Control-Request-Method', 'POST');
      expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('OpenAPI', () => {
    it('serves a valid OpenAPI 3 document and the docs UI', async () => {
      const res = await t.http.get('/api/openapi.json').expect(200);
      expect(res.body.openapi).toMatch(/^3\./);
      expect(res.body.info.title).toBe('Hot Leads API');
      expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/health', '/health/live', '/health/ready']));
      const docs = await t.http.get('/api/docs').redirects(1).expect(200);
      expect(docs.text).toContain('swagger-ui');
    });
  });

  describe('database outages', () => {
    it('answers 503 while the database refuses connections and recovers afterwards', async () => {
      const admin = new Client({ connectionString: t.db.url.replace(/\/[^/]+$/, '/postgres') });
      await admin.connect();
      try {
        await admin.query(`alter database "${t.db.name}" with allow_connections false`);
        await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [t.db.name]);
        const down = await t.http.get('/health').expect(503);
        expect(down.body).toMatchObject({ status: 'error', error: { database: { status: 'down' } } });
        await t.http.get('/health/ready').expect(503);
      } finally {
        await admin.query(`alter database "${t.db.name}" with allow_connections true`);
        await admin.end();
      }
      // The pool drops the dead connections and the process is still serving.
      await t.http.get('/health').expect(200);
    });
  });
});
