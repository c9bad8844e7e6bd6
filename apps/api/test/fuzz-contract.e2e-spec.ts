import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { createTenantWithUser, signIn, type SignedIn } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

// Walks every operation of the OpenAPI document with malformed input (issue 20, "Done when"): a 10,000-deep
// JSON body, NUL and a lone surrogate in every string field and query parameter, null for every PATCH field,
// a case-changed and an over-long path id, and a wrong credential. Every answer is a 4xx problem+json or a
// documented success, never a 5xx.

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  minimum?: number;
  minItems?: number;
}
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
  responses?: Record<string, { content?: Record<string, unknown> }>;
  security?: Array<Record<string, string[]>>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}
interface Op {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  op: Operation;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const NUL = 'a\u0000b';
const LONE_SURROGATE = 'x\ud800y';
const DEEP_BODY = '['.repeat(10_000) + ']'.repeat(10_000);
const PROBLEM = /^application\/problem\+json/;

describe('fuzzing every operation of the OpenAPI document', () => {
  let t: TestApp;
  let session: SignedIn;
  let doc: Document;
  let ops: Op[];

  const resolve = (schema: Schema | undefined): Schema => {
    let s = schema ?? {};
    while (s.$ref) s = doc.components?.schemas?.[s.$ref.split('/').pop() ?? ''] ?? {};
    if (s.allOf) return s.allOf.map(resolve).reduce<Schema>((a, b) => ({ ...a, ...b, properties: { ...a.properties, ...b.properties } }), {});
    return s;
  };

  // A plausible value for a schema: enough to get past the shape checks that run before the field's own.
  const sample = (schema: Schema | undefined, depth = 0): unknown => {
    const s = resolve(schema);
    if (s.enum) return s.enum[0];
    if (s.type === 'object' || s.properties) {
      if (depth > 3) return {};
      return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, sample(v, depth + 1)]));
    }
    if (s.type === 'array') return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => sample(s.items, depth + 1));
    if (s.type === 'integer' || s.type === 'number') return s.minimum ?? 1;
    if (s.type === 'boolean') return true;
    if (s.format === 'uuid') return randomUUID();
    if (s.format === 'email') return 'fuzz@example.com';
    if (s.format === 'date-time') return new Date().toISOString();
    return 'text';
  };

  // Paths (as the problem's `errors[].field` names them) of every string in a sample body.
  const stringPaths = (value: unknown, path = ''): string[] => {
    if (typeof value === 'string') return [path];
    if (Array.isArray(value)) return value.flatMap((item, i) => stringPaths(item, `${path}[${i}]`));
    if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => stringPaths(v, path ? `${path}.${k}` : k));
    return [];
  };

  const setAt = (body: unknown, path: string, value: unknown): unknown => {
    const copy = structuredClone(body) as Record<string, unknown>;
    const keys = path.split(/\.|\[(\d+)\]/).filter((k) => k !== undefined && k !== '');
    let at: Record<string, unknown> = copy;
    for (const key of keys.slice(0, -1)) at = at[key] as Record<string, unknown>;
    at[keys[keys.length - 1]] = value;
    return copy;
  };

  const urlOf = (o: Op, id: string) => o.path.replace(/\{[^}]+\}/g, id);
  const jsonBodySchema = (o: Op) => o.op.requestBody?.content['application/json']?.schema;
  const multipartSchema = (o: Op) => o.op.requestBody?.content['multipart/form-data']?.schema;
  const isStream = (o: Op) => Object.values(o.op.responses ?? {}).some((r) => Object.keys(r.content ?? {}).includes('text/event-stream'));

  const send = (o: Op, url: string, auth: Record<string, string> = session.auth) => t.http[o.method](url).set(auth);

  const failures: string[] = [];
  const check = (label: string, res: Response, expected?: { status?: number; code?: string; field?: string }) => {
    const where = `${label}: ${res.status} ${res.body?.code ?? ''}`;
    if (res.status >= 500) failures.push(`${where} (5xx)`);
    else if (res.status >= 400 && (!PROBLEM.test(String(res.headers['content-type'])) || typeof res.body?.code !== 'string' || !res.headers['x-request-id'])) {
      failures.push(`${where} (not problem+json with a code and request id)`);
    } else if (expected?.status !== undefined && res.status !== expected.status) failures.push(`${where} (expected ${expected.status})`);
    else if (expected?.code !== undefined && res.body?.code !== expected.code) failures.push(`${where} (expected code ${expected.code})`);
    else if (expected?.field !== undefined && !(res.body?.errors ?? []).some((e: { field: string }) => e.field === expected.field)) {
      failures.push(`${where} (expected errors to name ${expected.field}, got ${JSON.stringify(res.body?.errors)})`);
    }
  };

  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_DEFAULT: '1000000', RATE_LIMIT_LOGIN: '10000', RATE_LIMIT_PUBLIC: '10000', RATE_LIMIT_API_KEY: '1000000' } });
    const owner = await createTenantWithUser(t.app, 'owner', 'Fuzz');
    session = await signIn(t.http, owner.email, owner.password);
    doc = (await t.http.get('/api/openapi.json').expect(200)).body as Document;
    ops = Object.entries(doc.paths).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((method) => ({ method, path, op: item[method] as Operation })));
  });

  afterAll(async () => {
    await t.close();
  });

  beforeEach(() => {
    failures.length = 0;
  });

  it('finds the operations to walk', () => {
    expect(ops.length).toBeGreaterThan(50);
  });

  it('refuses a 10,000-deep JSON body on every operation that reads a body with 400 body_too_deep', async () => {
    for (const o of ops) {
      if (isStream(o)) continue;
      const res = await send(o, urlOf(o, randomUUID())).set('content-type', 'application/json').send(DEEP_BODY);
      // GET bodies are never read, so they answer as without one.
      check(`${o.method} ${o.path}`, res, o.method === 'get' ? undefined : { status: 400, code: 'body_too_deep' });
    }
    expect(failures).toEqual([]);
  });

  it('refuses NUL and a lone surrogate in every string field of every request body with 400 invalid_text', async () => {
    let cases = 0;
    for (const o of ops) {
      const url = urlOf(o, randomUUID());
      const json = jsonBodySchema(o);
      if (json) {
        const body = sample(json);
        for (const field of stringPaths(body)) {
          for (const bad of [NUL, LONE_SURROGATE]) {
            cases++;
            check(`${o.method} ${o.path} ${field}=${JSON.stringify(bad)}`, await send(o, url).send(setAt(body, field, bad) as object), { status: 400, code: 'invalid_text', field });
          }
        }
      }
      const multipart = multipartSchema(o);
      if (multipart) {
        for (const [field, schema] of Object.entries(resolve(multipart).properties ?? {})) {
          if (resolve(schema).format === 'binary' || resolve(schema).enum) continue;
          for (const bad of [NUL, LONE_SURROGATE]) {
            cases++;
            const res = await send(o, url).field(field, bad).attach('file', Buffer.from('email\nfuzz@example.com\n'), { filename: 'f.csv', contentType: 'text/csv' });
            // Multipart carries bytes: an unpaired surrogate arrives as U+FFFD, which is storable text.
            check(`${o.method} ${o.path} multipart ${field}=${JSON.stringify(bad)}`, res, bad === NUL ? { status: 400, code: 'invalid_text', field } : undefined);
          }
        }
      }
    }
    expect(cases).toBeGreaterThan(50);
    expect(failures).toEqual([]);
  });

  it('refuses NUL in every query parameter with 400 invalid_text, and never fails on an unpaired surrogate', async () => {
    let cases = 0;
    for (const o of ops) {
      for (const p of (o.op.parameters ?? []).filter((q) => q.in === 'query')) {
        cases++;
        const url = urlOf(o, randomUUID());
        check(`${o.method} ${o.path}?${p.name}=NUL`, await send(o, `${url}?${encodeURIComponent(p.name)}=a%00b`).send(), { status: 400, code: 'invalid_text', field: p.name });
        // A URL cannot carry an unpaired surrogate: its UTF-8 form is invalid and the parser keeps the
        // escape as text. A stream would answer 200 and never end, so it is left out of this one case.
        if (!isStream(o)) check(`${o.method} ${o.path}?${p.name}=surrogate`, await send(o, `${url}?${encodeURIComponent(p.name)}=%ED%A0%80`).send());
      }
    }
    expect(cases).toBeGreaterThan(20);
    expect(failures).toEqual([]);
  });

  it('answers null in every PATCH field with a documented clear or 400 naming the field', async () => {
    let cases = 0;
    for (const o of ops.filter((x) => x.method === 'patch')) {
      const url = urlOf(o, randomUUID());
      check(`${o.path} null body`, await send(o, url).set('content-type', 'application/json').send('null'), { status: 400, code: 'invalid_body' });
      for (const [field, schema] of Object.entries(resolve(jsonBodySchema(o)).properties ?? {})) {
        cases++;
        const res = await send(o, url).send({ [field]: null });
        // A nullable field is cleared (here on an id that names nothing, so 404; 200 where there is no id).
        if (schema.nullable || resolve(schema).nullable) check(`${o.path} ${field}=null`, res, { status: o.path.includes('{') ? 404 : 200 });
        else check(`${o.path} ${field}=null`, res, { status: 400, field });
      }
    }
    expect(cases).toBeGreaterThan(20);
    expect(failures).toEqual([]);
  });

  it('answers null in every field of every other body without a 5xx', async () => {
    for (const o of ops.filter((x) => x.method !== 'patch' && jsonBodySchema(x))) {
      const url = urlOf(o, randomUUID());
      const body = sample(jsonBodySchema(o)) as Record<string, unknown>;
      for (const field of Object.keys(body)) check(`${o.method} ${o.path} ${field}=null`, await send(o, url).send({ ...body, [field]: null }));
    }
    expect(failures).toEqual([]);
  });

  it('answers a case-changed and an over-long id in every path with 4xx problem+json', async () => {
    let cases = 0;
    for (const o of ops.filter((x) => x.path.includes('{'))) {
      cases++;
      const body = jsonBodySchema(o) ? sample(jsonBodySchema(o)) : undefined;
      const upper = await send(o, urlOf(o, randomUUID().toUpperCase())).send(body as object);
      check(`${o.method} ${o.path} upper-case id`, upper);
      if (upper.status < 400) failures.push(`${o.method} ${o.path} upper-case id: ${upper.status} for an id that names nothing`);
      check(`${o.method} ${o.path} long id`, await send(o, urlOf(o, 'a'.repeat(150))).send(body as object), { status: 404, code: 'not_found' });
    }
    expect(cases).toBeGreaterThan(20);
    expect(failures).toEqual([]);
  });

  it('answers a wrong credential on every operation with 4xx problem+json or a documented public answer', async () => {
    for (const o of ops) {
      if (isStream(o)) continue;
      const body = jsonBodySchema(o) ? sample(jsonBodySchema(o)) : undefined;
      const url = urlOf(o, randomUUID());
      const bearer = await send(o, url, { Authorization: 'Bearer not.a.token' }).send(body as object);
      check(`${o.method} ${o.path} wrong bearer`, bearer);
      const key = await send(o, url, { 'X-API-Key': 'hl_wrong_0000000000000000' }).send(body as object);
      check(`${o.method} ${o.path} wrong api key`, key);
      // An operation that needs a credential refuses a wrong one (public ones answer as they would anyway).
      if ((o.op.security ?? []).length > 0 && !o.path.startsWith('/api/v1/auth/') && !o.path.includes('/public/')) {
        if (bearer.status !== 401) failures.push(`${o.method} ${o.path} wrong bearer: ${bearer.status}, expected 401`);
      }
    }
    expect(failures).toEqual([]);
  });
});
