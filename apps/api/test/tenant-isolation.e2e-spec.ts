import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { TenantDb } from '../src/common/db/tenant-db.service';
import { sha256 } from '../src/common/crypto/tokens';
import { ApiKey } from '../src/modules/api-keys/api-key.entity';
import { Role } from '../src/modules/users/role.entity';
import { createTenantWithUser, signIn, type SignedIn, type TestUser } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

interface OpenApiOperation {
  security?: unknown[];
  requestBody?: { content?: Record<string, { schema?: SchemaObject }> };
}
interface SchemaObject {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  required?: string[];
  properties?: Record<string, SchemaObject>;
  items?: SchemaObject;
  minItems?: number;
  minLength?: number;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, SchemaObject> };
}

// A body that passes validation, built from the operation's schema, so the request reaches the point
// where the resource is looked up.
function sampleBody(doc: OpenApiDocument, schema: SchemaObject | undefined, depth = 0): unknown {
  if (!schema || depth > 4) return undefined;
  if (schema.$ref) return sampleBody(doc, doc.components?.schemas?.[schema.$ref.split('/').pop()!], depth + 1);
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const name of schema.required ?? []) out[name] = sampleBody(doc, schema.properties?.[name], depth + 1);
      return out;
    }
    case 'array':
      return schema.minItems ? [sampleBody(doc, schema.items, depth + 1)] : [];
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return false;
    default:
      if (schema.format === 'uuid') return randomUUID();
      if (schema.format === 'email') return 'someone@example.com';
      if (schema.format === 'date-time') return new Date(Date.now() + 86_400_000).toISOString();
      return 'x'.repeat(Math.max(schema.minLength ?? 1, 12));
  }
}

describe('tenant isolation', () => {
  let t: TestApp;
  let a: TestUser;
  let b: TestUser;
  let aSession: SignedIn;
  let bSession: SignedIn;
  // Tenant A's resources, by the path segment that names them in the API.
  const fixtures: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_DEFAULT: '100000', RATE_LIMIT_LOGIN: '1000' } });
    a = await createTenantWithUser(t.app, 'owner', 'Tenant A');
    b = await createTenantWithUser(t.app, 'owner', 'Tenant B');
    aSession = await signIn(t.http, a.email, a.password);
    bSession = await signIn(t.http, b.email, b.password);
    const db = t.app.get(TenantDb);
    await db.run(a.tenantId, async (m) => {
      const role = await m.save(m.create(Role, { tenantId: a.tenantId, name: 'A custom role', permissions: ['leads:read'] }));
      const key = await m.save(
        m.create(ApiKey, { tenantId: a.tenantId, name: 'A key', prefix: `hl_${randomUUID().slice(0, 12)}`, keyHash: sha256('unused'), scopes: ['leads:read'] }),
      );
      fixtures.users = a.id;
      fixtures.roles = role.id;
      fixtures['api-keys'] = key.id;
      const [session] = await m.query(`select id from sessions where user_id = $1 limit 1`, [a.id]);
      fixtures.sessions = session.id;
      const [form] = await m.query(`select id from forms order by created_at limit 1`);
      fixtures.forms = form.id;
      const [leadImport] = await m.query(`insert into lead_imports (tenant_id, status) values ($1, 'completed') returning id`, [a.tenantId]);
      fixtures.imports = leadImport.id;
      const [lead] = await m.query(`insert into leads (tenant_id, email, source) values ($1, 'isolation@example.com', 'api') returning id`, [a.tenantId]);
      fixtures.leads = lead.id;
      const [merge] = await m.query(
        `insert into lead_merges (tenant_id, survivor_id, merged_ids, before, moved, survivor_version, actor_type) values ($1, $2, '{}', '{}', '{}', 1, 'user') returning id`,
        [a.tenantId, lead.id],
      );
      fixtures.merges = merge.id;
      const [view] = await m.query(`insert into saved_views (tenant_id, user_id, name, query) values ($1, $2, 'A view', 'status=unread') returning id`, [a.tenantId, a.id]);
      fixtures['saved-views'] = view.id;
      const [connection] = await m.query(`insert into integration_connections (tenant_id, provider, name) values ($1, 'webhook', 'A source') returning id`, [a.tenantId]);
      fixtures.connections = connection.id;
      const [scoringRule] = await m.query(`select id from scoring_rules order by position limit 1`);
      fixtures['scoring-rules'] = scoringRule.id;
      const [assignmentRule] = await m.query(`insert into assignment_rules (tenant_id, name, action, user_id, position) values ($1, 'A rule', 'user', $2, 1) returning id`, [a.tenantId, a.id]);
      fixtures['assignment-rules'] = assignmentRule.id;
      const [endpoint] = await m.query(
        `insert into outbound_webhook_endpoints (tenant_id, url, events, enabled, secret, secret_key_id) values ($1, 'https://hooks.example.com/a', '{lead.*}', false, 'sealed', 'none') returning id`,
        [a.tenantId],
      );
      fixtures['webhook-endpoints'] = endpoint.id;
      const [event] = await m.query(`insert into outbound_webhook_events (tenant_id, type, source_id, data) values ($1, 'ping', gen_random_uuid(), '{}') returning id`, [a.tenantId]);
      const [delivery] = await m.query(`insert into outbound_webhook_deliveries (tenant_id, endpoint_id, event_id, state) values ($1, $2, $3, 'failed') returning id`, [a.tenantId, endpoint.id, event.id]);
      fixtures.deliveries = delivery.id;
      const [bulkEnrich] = await m.query(`insert into enrichment_bulk_runs (tenant_id, leads, queued) values ($1, 0, 0) returning id`, [a.tenantId]);
      fixtures['bulk-enrich'] = bulkEnrich.id;
      const [notification] = await m.query(`insert into notifications (tenant_id, recipient_id, kind, lead_id) values ($1, $2, 'hot_lead', $3) returning id`, [a.tenantId, a.id, lead.id]);
      fixtures.notifications = notification.id;
      const [slackChannel] = await m.query(`insert into notification_slack_channels (tenant_id, name, kinds, url, url_key_id) values ($1, '#a', '{hot_lead}', 'sealed', 'none') returning id`, [a.tenantId]);
      fixtures['slack-channels'] = slackChannel.id;
      const [privacyExport] = await m.query(
        `insert into privacy_exports (tenant_id, requested_by, subject_hashes, expires_at) values ($1, $2, '{unused}', now() + interval '1 day') returning id`,
        [a.tenantId, a.id],
      );
      fixtures.exports = privacyExport.id;
      const [suppression] = await m.query(`insert into privacy_suppressions (tenant_id, subject_hash, kind) values ($1, 'unused', 'email') returning id`, [a.tenantId]);
      fixtures.suppressions = suppression.id;
      // A single sign-on test sign-in (GET /settings/sso/test/{id}).
      const [ssoTest] = await m.query(
        `insert into sso_attempts (tenant_id, state_hash, nonce, code_verifier, purpose, requested_by, expires_at) values ($1, 'unused', 'n', 'v', 'test', $2, now() + interval '10 minutes') returning id`,
        [a.tenantId, a.id],
      );
      fixtures.test = ssoTest.id;
    });
  });

  afterAll(async () => {
    await t.close();
  });

  it("answers 404 to tenant B for every route that takes an id of tenant A's", async () => {
    const doc = (await t.http.get('/api/openapi.json').expect(200)).body as OpenApiDocument;
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map(([method, op]) => ({ path, method, op })),
    );
    // Public routes (no security requirement, e.g. form submissions) take no tenant from the caller.
    const withId = routes.filter((r) => /\{[^}]+\}/.test(r.path) && (r.op.security?.length ?? 0) > 0);
    expect(withId.length).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const { path, method, op } of withId) {
      const segment = /\/([^/{}]+)\/\{[^}]+\}/.exec(path)?.[1] ?? '';
      const id = fixtures[segment];
      if (!id) {
        problems.push(`${method.toUpperCase()} ${path}: no fixture for "${segment}" in tenant-isolation.e2e-spec.ts`);
        continue;
      }
      const url = path.replace(/\{[^}]+\}/g, id);
      const body = sampleBody(doc, op.requestBody?.content?.['application/json']?.schema);
      const req = t.http[method as 'get'](url).set(bSession.auth);
      const res = body === undefined ? await req : await req.send(body as object);
      if (res.status !== 404) problems.push(`${method.toUpperCase()} ${path} as tenant B: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
    }
    expect(problems).toEqual([]);
    // Tenant A still sees its own resources: the ids were real.
    await t.http.get('/api/v1/auth/me').set(aSession.auth).expect(200);
  });

  it('has row-level security enabled and forced on every table with a tenant_id', async () => {
    const admin = new Client({ connectionString: t.db.url });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ table: string; enabled: boolean; forced: boolean; policies: number }>(
        `select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
                (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
           from pg_class c
           join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
          where c.relkind = 'r'
            and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
          order by 1`,
      );
      expect(rows.length).toBeGreaterThanOrEqual(8);
      // leads and lead_search are not forced: its owner runs the two indexed look-ups (search, tags) that row-level
      // security would otherwise keep off their indexes; the app role is bound by the policy all the same.
      expect(rows.filter((r) => !r.enabled || (!r.forced && !['leads', 'lead_search'].includes(r.table)) || r.policies === 0)).toEqual([]);
    } finally {
      await admin.end();
    }
  });

  it('connects as a role that is neither superuser nor owner of the tables', async () => {
    const ds = t.app.get(DataSource);
    const [role] = await ds.query(`select rolsuper, rolbypassrls, current_user as name from pg_roles where rolname = current_user`);
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false, name: 'hotleads_app' });
    const owned = await ds.query(`select tablename from pg_tables where schemaname = 'public' and tableowner = current_user`);
    expect(owned).toEqual([]);
  });

  it('shows nothing to a query that forgets its tenant, and only its own tenant inside one', async () => {
    const ds = t.app.get(DataSource);
    expect(await ds.query(`select id from users`)).toEqual([]);
    const inA: Array<{ tenant_id: string }> = await t.app.get(TenantDb).run(a.tenantId, (m) => m.query(`select tenant_id from users`));
    expect(inA.length).toBeGreaterThan(0);
    expect(new Set(inA.map((r) => r.tenant_id))).toEqual(new Set([a.tenantId]));
    // Writing a row into another tenant is refused by the policy's WITH CHECK.
    await expect(
      t.app.get(TenantDb).run(a.tenantId, (m) => m.query(`update users set tenant_id = $1 where id = $2`, [b.tenantId, a.id])),
    ).rejects.toThrow(/row-level security/);
  });
});
