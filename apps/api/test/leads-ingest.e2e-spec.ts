import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { sha256 } from '../src/common/crypto/tokens';
import { canonicalJson } from '../src/modules/leads/canonical-json';
import { createTenantWithUser, signIn, uniqueEmail, type SignedIn, type TestUser } from './support/factories';
import { tenantSql } from './support/tenant-sql';
import { createTestApp, type TestApp } from './support/test-app';

type Row = Record<string, unknown>;

describe('lead ingest API', () => {
  let t: TestApp;
  let owner: TestUser;
  let session: SignedIn;
  let writeKey: string;
  let writeKeyId: string;
  let readKey: string;

  const sql = <T = Row>(query: string, params: unknown[] = []) => tenantSql<T>(t.app, owner.tenantId, query, params);
  const post = (body: unknown, headers: Record<string, string> = session.auth) => t.http.post('/api/v1/leads').set(headers).send(body as object);
  const bulk = (leads: unknown[], headers: Record<string, string> = session.auth) => t.http.post('/api/v1/leads/bulk').set(headers).send({ leads });
  const eventsOf = (leadId: string) => sql<{ type: string; actor_type: string; actor_id: string | null; data: Row }>(`select type, actor_type, actor_id, data from lead_events where lead_id = $1 order by created_at, id`, [leadId]);
  const auditOf = (action: string) => sql<{ resource_id: string | null; actor_type: string; metadata: Row }>(`select resource_id, actor_type, metadata from audit_logs where action = $1 order by created_at`, [action]);
  const newKey = () => `key-${randomBytes(6).toString('hex')}`;

  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_DEFAULT: '100000', RATE_LIMIT_API_KEY: '100000' } });
    owner = await createTenantWithUser(t.app, 'owner');
    session = await signIn(t.http, owner.email, owner.password);
    const write = await t.http.post('/api/v1/api-keys').set(session.auth).send({ name: 'Website', scopes: ['leads:write'] }).expect(201);
    writeKey = write.body.secret;
    writeKeyId = write.body.apiKey.id;
    const read = await t.http.post('/api/v1/api-keys').set(session.auth).send({ name: 'Reader', scopes: ['leads:read'] }).expect(201);
    readKey = read.body.secret;
  });

  afterAll(async () => {
    await t.close();
  });

  describe('POST /leads', () => {
    it('creates a lead with the email lower-cased and the phone in E.164, with a created event and an audit entry', async () => {
      const email = uniqueEmail('Ada').toUpperCase();
      const res = await post({ name: ' Ada ', email: ` ${email} `, phone: '+44 20 7946 0101', company: 'Engines', tags: ['vip'], metadata: { plan: 'pro' } }).expect(201);
      expect(res.body).toMatchObject({ name: 'Ada', email: email.toLowerCase(), phone: '+442079460101', company: 'Engines', status: 'unread', priority: 'medium', type: 'contact', source: 'api', tags: ['vip'], metadata: { plan: 'pro' }, deduplicated: false, version: 1 });
      expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
      const [stored] = await sql(`select email, phone from leads where id = $1`, [res.body.id]);
      expect(stored).toEqual({ email: email.toLowerCase(), phone: '+442079460101' });
      const events = await eventsOf(res.body.id);
      expect(events).toEqual([expect.objectContaining({ type: 'created', actor_type: 'user', actor_id: owner.id })]);
      const audit = await auditOf('lead.create');
      expect(audit.map((a) => a.resource_id)).toContain(res.body.id);
    });

    it('merges a resubmission into the open lead (200, deduplicated) and keeps the new message in a resubmitted event', async () => {
      const email = uniqueEmail('repeat');
      const first = await post({ email, message: 'first message' }).expect(201);
      const before = new Date(first.body.updatedAt).getTime();
      const second = await post({ email: email.toUpperCase(), message: 'second message', metadata: { campaign: 'spring' } }).expect(200);
      expect(second.body).toMatchObject({ id: first.body.id, deduplicated: true, message: 'first message' });
      expect(new Date(second.body.updatedAt).getTime()).toBeGreaterThan(before);
      const events = await eventsOf(first.body.id);
      expect(events.map((e) => e.type)).toEqual(['created', 'resubmitted']);
      expect(events[1].data).toMatchObject({ message: 'second message', metadata: { campaign: 'spring' } });
      expect((await auditOf('lead.merge')).map((a) => a.resource_id)).toContain(first.body.id);
      const [{ count }] = await sql<{ count: string }>(`select count(*) from leads where email = $1`, [email]);
      expect(count).toBe('1');
    });

    it('merges by phone as well, but not into an archived lead', async () => {
      const first = await post({ email: uniqueEmail('p1'), phone: '+44 20 7946 0202' }).expect(201);
      const byPhone = await post({ phone: '00442079460202' }).expect(200);
      expect(byPhone.body.id).toBe(first.body.id);
      await sql(`update leads set status = 'archived' where id = $1`, [first.body.id]);
      const fresh = await post({ phone: '+442079460202' }).expect(201);
      expect(fresh.body.id).not.toBe(first.body.id);
    });

    it('updates the lead with the same source and sourceRef (updated_from_source)', async () => {
      const ref = `crm-${randomBytes(4).toString('hex')}`;
      const first = await post({ email: uniqueEmail('ref'), name: 'Old name', source: 'crm', sourceRef: ref, tags: ['a'] }).expect(201);
      const newEmail = uniqueEmail('ref-new');
      const second = await post({ email: newEmail, name: 'New name', source: 'crm', sourceRef: ref, tags: ['b'] }).expect(200);
      expect(second.body).toMatchObject({ id: first.body.id, deduplicated: true, name: 'New name', email: newEmail, tags: ['a', 'b'], version: 2 });
      expect((await eventsOf(first.body.id)).map((e) => e.type)).toEqual(['created', 'updated_from_source']);
      // The same reference from another source is another lead.
      const other = await post({ email: uniqueEmail('ref-other'), source: 'erp', sourceRef: ref }).expect(201);
      expect(other.body.id).not.toBe(first.body.id);
    });

    it('merges tags from the same source without case duplicates, as every other tag path does (first spelling kept)', async () => {
      const ref = `crm-${randomBytes(4).toString('hex')}`;
      const first = await post({ email: uniqueEmail('ref-case'), source: 'crm', sourceRef: ref, tags: ['VIP', 'Spring'] }).expect(201);
      const second = await post({ email: uniqueEmail('ref-case-2'), source: 'crm', sourceRef: ref, tags: ['vip', 'spring', 'Autumn'] }).expect(200);
      expect(second.body).toMatchObject({ id: first.body.id, tags: ['VIP', 'Spring', 'Autumn'] });
      const [stored] = await sql<{ tags: string[] }>(`select tags from leads where id = $1`, [first.body.id]);
      expect(stored.tags).toEqual(['VIP', 'Spring', 'Autumn']);
    });

    it('keeps an unparseable phone in metadata.rawPhone', async () => {
      const res = await post({ phone: '020 7946 0303 ext 4' }).expect(201);
      expect(res.body.phone).toBeNull();
      expect(res.body.metadata).toEqual({ rawPhone: '020 7946 0303 ext 4' });
      const national = await post({ phone: '020 7946 0303', country: 'GB' }).expect(201);
      expect(national.body.phone).toBe('+442079460303');
    });

    it('refuses invalid input with problem+json field errors and stores nothing', async () => {
      const [{ count: before }] = await sql<{ count: string }>(`select count(*) from leads`);
      const unknown = await post({ email: uniqueEmail(), favouriteColour: 'blue' }).expect(400);
      expect(unknown.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(unknown.body.code).toBe('validation_failed');
      expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'favouriteColour' })]);

      const noContact = await post({ name: 'Nobody', company: 'Nowhere' }).expect(400);
      expect(noContact.body.errors).toEqual([{ field: 'email', message: 'at least one of email or phone is required' }]);

      const tooLong = await post({ email: uniqueEmail(), name: 'x'.repeat(201), tags: Array.from({ length: 21 }, (_, i) => `t${i}`), priority: 'asap' }).expect(400);
      expect(tooLong.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['name', 'priority', 'tags']);

      const badEmail = await post({ email: 'not an email' }).expect(400);
      expect(badEmail.body.errors[0].field).toBe('email');
      const [{ count: after }] = await sql<{ count: string }>(`select count(*) from leads`);
      expect(after).toBe(before);
    });

    it('accepts an API key with the leads:write scope and refuses one without it', async () => {
      const res = await post({ email: uniqueEmail('api') }, { 'X-API-Key': writeKey }).expect(201);
      expect((await eventsOf(res.body.id))[0]).toMatchObject({ type: 'created', actor_type: 'api_key', actor_id: writeKeyId });
      const audit = await auditOf('lead.create');
      expect(audit.find((a) => a.resource_id === res.body.id)?.actor_type).toBe('api_key');
      await post({ email: uniqueEmail('api') }, { Authorization: `Bearer ${writeKey}` }).expect(201);

      const denied = await post({ email: uniqueEmail('api') }, { 'X-API-Key': readKey }).expect(403);
      expect(denied.body.code).toBe('forbidden');
      await bulk([{ email: uniqueEmail() }], { 'X-API-Key': readKey }).expect(403);
      await t.http.post('/api/v1/leads').send({ email: uniqueEmail() }).expect(401);
    });

    it('turns 20 parallel identical submissions into one lead and 19 merges', async () => {
      const email = uniqueEmail('burst');
      const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => post({ email, message: `copy ${i}` })));
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses).toEqual([200, ...Array(18).fill(200), 201].sort());
      expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
      const leads = await sql<{ id: string }>(`select id from leads where email = $1`, [email]);
      expect(leads).toHaveLength(1);
      const events = await eventsOf(leads[0].id);
      expect(events.filter((e) => e.type === 'created')).toHaveLength(1);
      expect(events.filter((e) => e.type === 'resubmitted')).toHaveLength(19);
    });
  });

  describe('POST /leads/bulk', () => {
    it('stores the valid items and reports the invalid ones at their index', async () => {
      const good1 = uniqueEmail('bulk');
      const good2 = uniqueEmail('bulk');
      const res = await bulk([{ email: good1 }, { name: 'no contact' }, 'not an object', { email: good2, unknownField: 1 }, { phone: '+44 20 7946 0404', name: 'x'.repeat(201) }, { email: good2 }]).expect(200);
      expect(res.body).toMatchObject({ created: 2, merged: 0, failed: 4 });
      expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['created', 'error', 'error', 'error', 'error', 'created']);
      expect(res.body.results[1].errors).toEqual([{ field: 'email', message: 'at least one of email or phone is required' }]);
      expect(res.body.results[3].errors).toEqual([expect.objectContaining({ field: 'unknownField' })]);
      expect(res.body.results[4].errors).toEqual([expect.objectContaining({ field: 'name' })]);
      expect(res.body.results[0].id).toEqual(expect.any(String));
      const stored = await sql<{ email: string }>(`select email from leads where email = any($1) order by email`, [[good1, good2]]);
      expect(stored.map((s) => s.email)).toEqual([good1, good2].sort());
      const audit = await auditOf('lead.bulk_ingest');
      expect(audit.at(-1)?.metadata).toEqual({ received: 6, created: 2, merged: 0, failed: 4, skipped: 0 });
    });

    it('merges duplicates inside a batch into the first item, and into existing open leads', async () => {
      const existing = await post({ email: uniqueEmail('pre') }).expect(201);
      const dup = uniqueEmail('dup');
      const res = await bulk([
        { email: dup, phone: '+44 20 7946 0505', message: 'one' },
        { email: dup.toUpperCase(), message: 'two' },
        { phone: '+442079460505', message: 'three' },
        { email: existing.body.email, message: 'four' },
      ]).expect(200);
      expect(res.body).toMatchObject({ created: 1, merged: 3, failed: 0 });
      const [first, second, third, fourth] = res.body.results;
      expect(first.status).toBe('created');
      expect([second.id, third.id]).toEqual([first.id, first.id]);
      expect(fourth).toEqual({ index: 3, status: 'merged', id: existing.body.id });
      const events = await eventsOf(first.id);
      expect(events.map((e) => e.type)).toEqual(['created', 'resubmitted', 'resubmitted']);
      expect(events.map((e) => e.data.message ?? null)).toEqual([null, 'two', 'three']);
    });

    it('stores 1,000 leads in one request', async () => {
      const batch = randomBytes(4).toString('hex');
      const leads = Array.from({ length: 1000 }, (_, i) => ({ email: `bulk-${batch}-${i}@example.com`, name: `Lead ${i}`, source: 'bulk-test', tags: ['bulk'] }));
      const res = await bulk(leads).expect(200);
      expect(res.body).toMatchObject({ created: 1000, merged: 0, failed: 0 });
      expect(res.body.results).toHaveLength(1000);
      const [{ count, events }] = await sql<{ count: string; events: string }>(
        `select count(*) as count, (select count(*) from lead_events e join leads l on l.id = e.lead_id where l.email like $1) as events from leads where email like $1`,
        [`bulk-${batch}-%`],
      );
      expect(count).toBe('1000');
      expect(events).toBe('1000');
      await bulk(Array.from({ length: 1001 }, () => ({ email: uniqueEmail() }))).expect(400);
    });
  });

  describe('Idempotency-Key', () => {
    it('replays the first response for the same key and body, on both routes', async () => {
      const key = newKey();
      const body = { email: uniqueEmail('idem'), name: 'Once' };
      const first = await post(body, { ...session.auth, 'Idempotency-Key': key }).expect(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      // Same body with the keys in another order: the same request.
      const again = await post({ name: 'Once', email: body.email }, { ...session.auth, 'Idempotency-Key': key }).expect(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect((await eventsOf(first.body.id)).map((e) => e.type)).toEqual(['created']);

      const bulkKey = newKey();
      const leads = [{ email: uniqueEmail('idem-bulk') }, { name: 'bad' }];
      const b1 = await bulk(leads, { ...session.auth, 'Idempotency-Key': bulkKey }).expect(200);
      const b2 = await bulk(leads, { ...session.auth, 'Idempotency-Key': bulkKey }).expect(200);
      expect(b2.headers['idempotent-replayed']).toBe('true');
      expect(b2.body).toEqual(b1.body);
      expect(b1.body).toMatchObject({ created: 1, failed: 1 });
    });

    it('refuses the same key with a different body (422) and keeps keys per route', async () => {
      const key = newKey();
      await post({ email: uniqueEmail('k') }, { ...session.auth, 'Idempotency-Key': key }).expect(201);
      const reused = await post({ email: uniqueEmail('k') }, { ...session.auth, 'Idempotency-Key': key }).expect(422);
      expect(reused.body.code).toBe('idempotency_key_reused');
      expect(reused.headers['content-type']).toMatch(/application\/problem\+json/);
      await bulk([{ email: uniqueEmail('k') }], { ...session.auth, 'Idempotency-Key': key }).expect(200);
    });

    it('answers 409 while the first request with the key is still in flight', async () => {
      const key = newKey();
      const body = { email: uniqueEmail('flight') };
      await sql(`insert into idempotency_keys (tenant_id, scope, key, request_hash, state, expires_at) values ($1, 'leads.create', $2, $3, 'in_flight', now() + interval '1 day')`, [
        owner.tenantId,
        key,
        sha256(canonicalJson(body)),
      ]);
      const res = await post(body, { ...session.auth, 'Idempotency-Key': key }).expect(409);
      expect(res.body.code).toBe('idempotency_request_in_flight');
      expect(await sql(`select id from leads where email = $1`, [body.email])).toHaveLength(0);
      // An expired record no longer binds the key.
      await sql(`update idempotency_keys set expires_at = now() - interval '1 second' where key = $1`, [key]);
      await post(body, { ...session.auth, 'Idempotency-Key': key }).expect(201);
    });

    it('frees the key when the request fails, and refuses malformed keys', async () => {
      const key = newKey();
      // Make the insert fail inside the transaction: a constraint only the owner role can add.
      const admin = new Client({ connectionString: t.db.url });
      await admin.connect();
      try {
        await admin.query(`alter table leads add constraint ck_test_explode check (name is distinct from 'explode') not valid`);
        const failing = await post({ email: uniqueEmail('fail'), name: 'explode' }, { ...session.auth, 'Idempotency-Key': key }).expect(500);
        expect(failing.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(await sql(`select key from idempotency_keys where key = $1`, [key])).toHaveLength(0);
      } finally {
        await admin.query(`alter table leads drop constraint if exists ck_test_explode`);
        await admin.end();
      }
      // The retry with the same key runs for real now.
      await post({ email: uniqueEmail('fail'), name: 'explode' }, { ...session.auth, 'Idempotency-Key': key }).expect(201);

      await post({ email: uniqueEmail() }, { ...session.auth, 'Idempotency-Key': '' }).expect(400);
      const long = await post({ email: uniqueEmail() }, { ...session.auth, 'Idempotency-Key': 'x'.repeat(256) }).expect(400);
      expect(long.body.code).toBe('invalid_idempotency_key');
    });
  });
});
