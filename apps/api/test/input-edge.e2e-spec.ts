import { connect } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { EchoModule } from './fixtures/echo.module';
import { createTenantWithUser, signIn, uniqueEmail, type SignedIn, type TestUser } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

// Malformed input reaching the API (issue 20, defects 4, 6-10, 24): every case answers problem+json with a
// stable code, the request id and the security headers, never a 500.

const PROBLEM = /^application\/problem\+json/;
const deepJson = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

interface Problem {
  status: number;
  code: string;
  requestId?: string;
  errors?: Array<{ field: string; message: string }>;
}

// A raw HTTP exchange, for what supertest cannot send or read (oversized request lines, adapter errors).
function rawRequest(port: number, text: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (data += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head, ...rest] = data.split('\r\n\r\n');
      const [statusLine, ...headerLines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of headerLines) {
        const at = line.indexOf(':');
        headers[line.slice(0, at).toLowerCase()] = line.slice(at + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
    socket.write(text);
  });
}

describe('input at the edge', () => {
  let t: TestApp;
  let owner: TestUser;
  let session: SignedIn;
  let port: number;
  let leadId: string;

  const expectProblem = (res: { status: number; headers: Record<string, string>; body: Problem }, status: number, code: string) => {
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.headers['x-request-id']).toEqual(res.body.requestId);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  };

  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_DEFAULT: '100000', RATE_LIMIT_LOGIN: '1000', RATE_LIMIT_PUBLIC: '1000' } });
    owner = await createTenantWithUser(t.app, 'owner', 'Edge');
    session = await signIn(t.http, owner.email, owner.password);
    const lead = await t.http.post('/api/v1/leads').set(session.auth).send({ email: uniqueEmail('edge'), name: 'Edge Case' }).expect(201);
    leadId = lead.body.id;
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  });

  afterAll(async () => {
    await t.close();
  });

  describe('deeply nested JSON (defect 4)', () => {
    it.each([
      ['/api/v1/auth/login', false],
      ['/api/v1/leads', true],
      ['/api/v1/public/forms/4d1a2c3e-0000-4000-8000-000000000000/submissions', false],
    ])('refuses a 10,000-deep body on %s with 400 body_too_deep, at parse time', async (path, authed) => {
      const req = t.http.post(path).set('content-type', 'application/json');
      if (authed) req.set(session.auth);
      const res = await req.send(deepJson(10_000));
      expectProblem(res, 400, 'body_too_deep');
    });

    it('keeps brackets inside strings out of the count and accepts 32 levels', async () => {
      let metadata: unknown = 'leaf';
      for (let i = 0; i < 30; i++) metadata = { n: metadata };
      const res = await t.http
        .post('/api/v1/leads')
        .set(session.auth)
        .send({ email: uniqueEmail('deep'), message: '[[[[{{{{'.repeat(100), metadata });
      expect(res.status).toBe(201);
      const tooDeep = await t.http.post('/api/v1/leads').set(session.auth).send({ email: uniqueEmail('deep'), metadata: { n: [metadata] } });
      expectProblem(tooDeep, 400, 'body_too_deep');
    });

    it('keeps the event loop responsive while refusing them', async () => {
      // The app runs in this process, so its event loop delay is measured here (wall time of the requests
      // would measure the machine's load instead).
      const delay = monitorEventLoopDelay({ resolution: 10 });
      delay.enable();
      const body = deepJson(10_000);
      await Promise.all(Array.from({ length: 20 }, () => t.http.post('/api/v1/auth/login').set('content-type', 'application/json').send(body).expect(400)));
      delay.disable();
      expect(delay.max / 1e6).toBeLessThan(250);
    });
  });

  describe('text PostgreSQL cannot store (defect 7)', () => {
    it('refuses NUL and lone surrogates in bodies with 400 invalid_text naming each field', async () => {
      const profile = await t.http.patch('/api/v1/auth/me').set(session.auth).send({ name: 'a\u0000b' });
      expectProblem(profile, 400, 'invalid_text');
      expect(profile.body.errors).toEqual([{ field: 'name', message: expect.stringContaining('NUL') }]);

      const note = await t.http.post(`/api/v1/leads/${leadId}/notes`).set(session.auth).send({ body: 'x\ud800y', text: '\ud800' });
      expectProblem(note, 400, 'invalid_text');
      expect(note.body.errors?.map((e: { field: string }) => e.field).sort()).toEqual(['body', 'text']);

      const nested = await t.http.post('/api/v1/leads').set(session.auth).send({ email: uniqueEmail('nul'), metadata: { inner: ['ok', 'b\u0000d'] } });
      expectProblem(nested, 400, 'invalid_text');
      expect(nested.body.errors?.[0].field).toBe('metadata.inner[1]');
    });

    it('refuses them in query parameters', async () => {
      const res = await t.http.get('/api/v1/leads?q=a%00b').set(session.auth);
      expectProblem(res, 400, 'invalid_text');
      expect(res.body.errors).toEqual([{ field: 'q', message: expect.any(String) }]);
    });

    it('refuses them in form-encoded public submissions, before any lookup', async () => {
      const res = await t.http.post('/api/v1/public/forms/4d1a2c3e-0000-4000-8000-000000000000/submissions').type('form').send('email=a%40example.com&message=a%00b');
      expectProblem(res, 400, 'invalid_text');
      expect(res.body.errors?.[0].field).toBe('message');
    });
  });

  describe('null in a PATCH (defect 8)', () => {
    it.each([
      ['priority', 'leads'],
      ['tags', 'leads'],
      ['status', 'leads'],
    ])('refuses null %s on a lead with 400 naming the field', async (field) => {
      const res = await t.http.patch(`/api/v1/leads/${leadId}`).set(session.auth).send({ [field]: null });
      expectProblem(res, 400, 'validation_failed');
      expect(res.body.errors?.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('clears a nullable field of a lead with null', async () => {
      await t.http.patch(`/api/v1/leads/${leadId}`).set(session.auth).send({ company: 'Acme' }).expect(200);
      const res = await t.http.patch(`/api/v1/leads/${leadId}`).set(session.auth).send({ company: null }).expect(200);
      expect(res.body.company).toBeNull();
    });

    it('refuses null names of a saved view and a role, and null lists of a form', async () => {
      const view = await t.http.post('/api/v1/saved-views').set(session.auth).send({ name: 'Mine', query: 'status=unread' }).expect(201);
      expectProblem(await t.http.patch(`/api/v1/saved-views/${view.body.id}`).set(session.auth).send({ name: null }), 400, 'validation_failed');
      const role = await t.http.post('/api/v1/roles').set(session.auth).send({ name: 'Helpers', permissions: ['leads:read'] }).expect(201);
      const roleRes = await t.http.patch(`/api/v1/roles/${role.body.id}`).set(session.auth).send({ name: null });
      expectProblem(roleRes, 400, 'validation_failed');
      expect(roleRes.body.errors?.[0].field).toBe('name');
      const form = await t.http.post('/api/v1/forms').set(session.auth).send({ type: 'contact', name: 'Contact' }).expect(201);
      const formRes = await t.http.patch(`/api/v1/forms/${form.body.id}`).set(session.auth).send({ allowedOrigins: null });
      expectProblem(formRes, 400, 'validation_failed');
      expect(formRes.body.errors?.[0].field).toBe('allowedOrigins');
    });
  });

  describe('bodies of the wrong shape (defect 9)', () => {
    it('refuses a null, array or bare body where an object is expected with 400 invalid_body', async () => {
      for (const body of ['null', '[]', '"text"', '42']) {
        const bulk = await t.http.post('/api/v1/leads/bulk-update').set(session.auth).set('content-type', 'application/json').send(body);
        expectProblem(bulk, 400, 'invalid_body');
      }
      const patch = await t.http.patch(`/api/v1/leads/${leadId}`).set(session.auth).set('content-type', 'application/json').send('null');
      expectProblem(patch, 400, 'invalid_body');
    });

    it('refuses multipart on routes that take no file with 415', async () => {
      const res = await t.http.post('/api/v1/leads/bulk-update').set(session.auth).field('set', '{"priority":"high"}');
      expectProblem(res, 415, 'unsupported_media_type');
    });

    it('refuses a multipart import without a boundary with 400 invalid_body', async () => {
      const res = await t.http.post('/api/v1/leads/imports').set(session.auth).set('content-type', 'multipart/form-data').send('name,email\n');
      expectProblem(res, 400, 'invalid_body');
    });

    it('still takes a multipart import with the mapping as a field longer than a URL may be', async () => {
      const filler = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`unused column ${i} ${'x'.repeat(430)}`, 'message']));
      const mapping = JSON.stringify({ Mail: 'email', ...filler });
      expect(mapping.length).toBeGreaterThan(16_000);
      expect(mapping.length).toBeLessThanOrEqual(20_000);
      const res = await t.http
        .post('/api/v1/leads/imports')
        .set(session.auth)
        .field('mapping', mapping)
        .attach('file', Buffer.from(`Mail\n${uniqueEmail('imp')}\n`), { filename: 'leads.csv', contentType: 'text/csv' });
      // The file lacks the filler columns: the mapping was read (a 400 naming them), not refused for size.
      expectProblem(res, 400, 'validation_failed');
      expect(res.body.errors?.[0].field).toBe(`mapping.unused column 0 ${'x'.repeat(430)}`);
    });
  });

  describe('adapter errors (defects 6 and 10)', () => {
    it.each(['post', 'patch', 'delete'] as const)('answers an over-long path id on %s like an unknown one: 404 problem+json', async (method) => {
      const res = await t.http[method](`/api/v1/leads/${'a'.repeat(150)}`).set(session.auth).send({});
      expectProblem(res, 404, 'not_found');
    });

    it('answers an unknown route with 404 problem+json', async () => {
      expectProblem(await t.http.get('/api/v1/no-such-route'), 404, 'not_found');
    });

    it('answers a bad URL with 400 problem+json', async () => {
      const res = await rawRequest(port, 'GET /api/v1/leads/%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(JSON.parse(res.body)).toMatchObject({ status: 400, code: 'bad_url', requestId: res.headers['x-request-id'] });
    });

    it('answers a query string over the header limit with 431 problem+json and the security headers', async () => {
      const res = await rawRequest(port, `GET /api/v1/leads?q=${'x'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
      expect(res.status).toBe(431);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(JSON.parse(res.body)).toMatchObject({ status: 431, code: 'headers_too_large', requestId: res.headers['x-request-id'] });
    });

    it('answers malformed HTTP with 400 problem+json', async () => {
      const res = await rawRequest(port, 'THIS IS NOT HTTP\r\n\r\n');
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body)).toMatchObject({ status: 400, code: 'malformed_request' });
    });
  });

  describe('every invalid field is named (defect 24)', () => {
    it('lists both a bad email and a bad priority', async () => {
      const res = await t.http.post('/api/v1/leads').set(session.auth).send({ email: 'not-an-email', priority: 'mega' });
      expectProblem(res, 400, 'validation_failed');
      expect(res.body.errors?.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'priority']);
    });
  });
});

describe('input at the edge: shutdown (defect 6)', () => {
  it('answers 503 problem+json with Retry-After to a request arriving while the server closes', async () => {
    const t = await createTestApp({ imports: [EchoModule] });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.app.getHttpServer().address() as AddressInfo).port;
    // A keep-alive socket busy with a slow request when the close starts stays open after its answer, so
    // the next request on it arrives while the server is closing (as a load balancer's would).
    const socket = connect(port, '127.0.0.1');
    socket.setEncoding('latin1');
    let data = '';
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const firstAnswered = new Promise<void>((resolve) =>
      socket.on('data', (chunk: string) => {
        data += chunk;
        if (data.includes('"done":true')) resolve();
      }),
    );
    socket.write('GET /api/v1/test-fixtures/slow HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n');
    await new Promise((resolve) => setTimeout(resolve, 150));
    const closing = t.close();
    await firstAnswered;
    socket.write('GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n');
    await closed;
    await closing;
    expect(data).toMatch(/^HTTP\/1\.1 200/);
    const second = data.slice(data.indexOf('HTTP/1.1', 10));
    expect(second).toMatch(/^HTTP\/1\.1 503/);
    expect(second).toMatch(/content-type: application\/problem\+json/i);
    expect(second).toMatch(/retry-after: \d+/i);
    expect(second).toMatch(/x-request-id: /i);
    expect(second).toMatch(/x-content-type-options: nosniff/i);
    expect(second).toContain('"code":"shutting_down"');
  });
});
