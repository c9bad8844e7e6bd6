import { auditRowsFor, createApiKey } from './support/identity';
import { addUser, createTenantWithUser, signIn, type SignedIn, type TestUser } from './support/factories';
import { tenantSql } from './support/tenant-sql';
import { createTestApp, type TestApp } from './support/test-app';

interface FormBody {
  id: string;
  type: string;
  name: string;
  allowedOrigins: string[];
  redirectUrls: string[];
  defaultPriority: string;
  defaultTags: string[];
  acknowledgmentEmail: boolean;
  enabled: boolean;
  publicUrl: string;
  submissionCount: number;
  spamCount: number;
  createdAt: string;
  updatedAt: string;
}

describe('forms', () => {
  let t: TestApp;
  let owner: TestUser;
  let session: SignedIn;

  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_LOGIN: '1000', PUBLIC_URL: 'https://leads.example.com/' } });
    owner = await createTenantWithUser(t.app, 'owner');
    session = await signIn(t.http, owner.email, owner.password);
  });

  afterAll(async () => {
    await t.close();
  });

  const create = (body: object, expected = 201) => t.http.post('/api/v1/forms').set(session.auth).send(body).expect(expected);

  it('gives a new workspace its three default forms', async () => {
    const fresh = await createTenantWithUser(t.app, 'owner', 'Fresh');
    const auth = await signIn(t.http, fresh.email, fresh.password);
    const res = await t.http.get('/api/v1/forms').set(auth.auth).expect(200);
    const forms = res.body as FormBody[];
    // Created together, so listed by name.
    expect(forms.map((f) => [f.type, f.name])).toEqual([
      ['collaboration', 'Collaboration'],
      ['contact', 'Contact'],
      ['cv_request', 'CV request'],
    ]);
    for (const form of forms) {
      expect(form).toMatchObject({ allowedOrigins: [], redirectUrls: [], defaultPriority: 'medium', defaultTags: [], acknowledgmentEmail: false, enabled: true, submissionCount: 0, spamCount: 0 });
      expect(form.publicUrl).toBe(`https://leads.example.com/api/v1/public/forms/${form.id}/submissions`);
    }
  });

  it('creates, reads, updates and deletes a form, recording each change', async () => {
    const created = await create({
      type: 'custom',
      name: '  Newsletter  ',
      allowedOrigins: ['https://WWW.Example.com', 'http://localhost:8080', 'https://example.com:443'],
      redirectUrls: ['https://www.example.com/thanks'],
      defaultPriority: 'high',
      defaultTags: ['web', ' Web ', 'newsletter'],
      acknowledgmentEmail: true,
    });
    const form = created.body as FormBody;
    expect(form).toEqual({
      id: expect.any(String),
      type: 'custom',
      name: 'Newsletter',
      // Stored as browsers send them: lower-case host, no default port.
      allowedOrigins: ['https://www.example.com', 'http://localhost:8080', 'https://example.com'],
      redirectUrls: ['https://www.example.com/thanks'],
      defaultPriority: 'high',
      defaultTags: ['web', 'newsletter'],
      acknowledgmentEmail: true,
      consentLabel: null,
      consentPolicyVersion: null,
      enabled: true,
      publicUrl: `https://leads.example.com/api/v1/public/forms/${form.id}/submissions`,
      submissionCount: 0,
      spamCount: 0,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });

    const got = await t.http.get(`/api/v1/forms/${form.id}`).set(session.auth).expect(200);
    expect(got.body).toEqual(form);

    const patched = await t.http.patch(`/api/v1/forms/${form.id}`).set(session.auth).send({ name: 'Newsletter sign-up', enabled: false, defaultTags: ['web'] }).expect(200);
    expect(patched.body).toMatchObject({ name: 'Newsletter sign-up', enabled: false, defaultTags: ['web'], defaultPriority: 'high' });
    // Sending what is already there changes nothing and records nothing.
    await t.http.patch(`/api/v1/forms/${form.id}`).set(session.auth).send({ name: 'Newsletter sign-up' }).expect(200);

    await t.http.delete(`/api/v1/forms/${form.id}`).set(session.auth).expect(204);
    await t.http.get(`/api/v1/forms/${form.id}`).set(session.auth).expect(404);
    await t.http.delete(`/api/v1/forms/${form.id}`).set(session.auth).expect(404);

    const audit = await auditRowsFor(t.app, owner.tenantId, form.id);
    expect(audit.map((a) => a.action)).toEqual(['form.create', 'form.update', 'form.delete']);
    expect(audit[0].changes).toMatchObject({ name: { from: null, to: 'Newsletter' }, type: { from: null, to: 'custom' } });
    expect(audit[1].changes).toEqual({
      name: { from: 'Newsletter', to: 'Newsletter sign-up' },
      enabled: { from: true, to: false },
      defaultTags: { from: ['web', 'newsletter'], to: ['web'] },
    });
    expect(audit[2].metadata).toEqual({ name: 'Newsletter sign-up', type: 'custom' });
    expect(audit.every((a) => a.actor_id === owner.id && a.outcome === 'success')).toBe(true);
  });

  it('refuses invalid input with field errors', async () => {
    const cases: Array<[object, string]> = [
      [{ name: 'x' }, 'type'],
      [{ type: 'contact' }, 'name'],
      [{ type: 'contact', name: '   ' }, 'name'],
      [{ type: 'webinar', name: 'x' }, 'type'],
      [{ type: 'contact', name: 'x', allowedOrigins: ['https://example.com/contact'] }, 'allowedOrigins'],
      [{ type: 'contact', name: 'x', allowedOrigins: ['example.com'] }, 'allowedOrigins'],
      [{ type: 'contact', name: 'x', allowedOrigins: ['ftp://example.com'] }, 'allowedOrigins'],
      [{ type: 'contact', name: 'x', allowedOrigins: 'https://example.com' }, 'allowedOrigins'],
      [{ type: 'contact', name: 'x', redirectUrls: ['/thanks'] }, 'redirectUrls'],
      [{ type: 'contact', name: 'x', redirectUrls: ['javascript:alert(1)'] }, 'redirectUrls'],
      [{ type: 'contact', name: 'x', defaultPriority: 'asap' }, 'defaultPriority'],
      [{ type: 'contact', name: 'x', defaultTags: ['x'.repeat(51)] }, 'defaultTags'],
      [{ type: 'contact', name: 'x', acknowledgmentEmail: 'yes' }, 'acknowledgmentEmail'],
      [{ type: 'contact', name: 'x', tenantId: owner.tenantId }, 'tenantId'],
      [{ type: 'contact', name: 'x', consentLabel: 'I agree' }, 'consentPolicyVersion'],
      [{ type: 'contact', name: 'x', consentLabel: 'x'.repeat(501), consentPolicyVersion: '1' }, 'consentLabel'],
      [{ type: 'contact', name: 'x', consentLabel: '  ', consentPolicyVersion: '1' }, 'consentLabel'],
      [{ type: 'contact', name: 'x', consentLabel: 42, consentPolicyVersion: '1' }, 'consentLabel'],
      [{ type: 'contact', name: 'x', consentLabel: 'ok', consentPolicyVersion: ['1'] }, 'consentPolicyVersion'],
    ];
    for (const [body, field] of cases) {
      const res = await create(body, 400);
      expect({ body, code: res.body.code, fields: res.body.errors.map((e: { field: string }) => e.field) }).toEqual({ body, code: 'validation_failed', fields: expect.arrayContaining([field]) });
    }
    const [{ count }] = await tenantSql<{ count: number }>(t.app, owner.tenantId, `select count(*)::int as count from forms where name = 'x'`);
    expect(count).toBe(0);
    const seed = (await t.http.get('/api/v1/forms').set(session.auth).expect(200)).body[0] as FormBody;
    const bad = await t.http.patch(`/api/v1/forms/${seed.id}`).set(session.auth).send({ redirectUrls: ['not a url'] }).expect(400);
    expect(bad.body.errors[0].field).toBe('redirectUrls');
  });

  it('sets and clears the consent checkbox of a form', async () => {
    const created = await create({ type: 'contact', name: 'Consent form', consentLabel: '  I agree to be contacted. ', consentPolicyVersion: 'v3' }, 201);
    expect(created.body).toMatchObject({ consentLabel: 'I agree to be contacted.', consentPolicyVersion: 'v3' });
    const path = `/api/v1/forms/${created.body.id}`;
    // The version alone may change; the label may not lose its version.
    await t.http.patch(path).set(session.auth).send({ consentPolicyVersion: 'v4' }).expect(200);
    const orphan = await t.http.patch(path).set(session.auth).send({ consentPolicyVersion: null }).expect(400);
    expect(orphan.body.errors[0].field).toBe('consentPolicyVersion');
    expect((await t.http.get(path).set(session.auth).expect(200)).body).toMatchObject({ consentLabel: 'I agree to be contacted.', consentPolicyVersion: 'v4' });
    const off = await t.http.patch(path).set(session.auth).send({ consentLabel: null, consentPolicyVersion: null }).expect(200);
    expect(off.body).toMatchObject({ consentLabel: null, consentPolicyVersion: null });
    const audit = await tenantSql<{ changes: Record<string, unknown> }>(t.app, owner.tenantId, `select changes from audit_logs where resource_id = $1 and action = 'form.update' order by created_at`, [created.body.id]);
    expect(audit.map((a) => Object.keys(a.changes).sort())).toEqual([['consentPolicyVersion'], ['consentLabel', 'consentPolicyVersion']]);
  });

  it('counts the leads and spam hits of each form', async () => {
    const form = (await create({ type: 'contact', name: 'Counted' })).body as FormBody;
    await tenantSql(
      t.app,
      owner.tenantId,
      `insert into leads (tenant_id, email, source, form_id) values ($1, 'a@example.com', 'form', $2), ($1, 'b@example.com', 'form', $2), ($1, 'c@example.com', 'api', null)`,
      [owner.tenantId, form.id],
    );
    await tenantSql(t.app, owner.tenantId, `insert into form_spam_hits (tenant_id, form_id) values ($1, $2)`, [owner.tenantId, form.id]);
    const got = await t.http.get(`/api/v1/forms/${form.id}`).set(session.auth).expect(200);
    expect(got.body).toMatchObject({ submissionCount: 2, spamCount: 1 });
    const listed = (await t.http.get('/api/v1/forms').set(session.auth).expect(200)).body as FormBody[];
    expect(listed.find((f) => f.id === form.id)).toMatchObject({ submissionCount: 2, spamCount: 1 });
  });

  it('needs forms:manage: managers and API keys with the scope may, agents and other keys may not', async () => {
    const manager = await addUser(t.app, owner.tenantId, owner.roleIds.manager, 'manager');
    const agent = await addUser(t.app, owner.tenantId, owner.roleIds.agent, 'agent');
    const managerAuth = await signIn(t.http, manager.email, manager.password);
    const agentAuth = await signIn(t.http, agent.email, agent.password);
    await t.http.get('/api/v1/forms').set(managerAuth.auth).expect(200);
    await t.http.get('/api/v1/forms').set(agentAuth.auth).expect(403);
    await t.http.post('/api/v1/forms').set(agentAuth.auth).send({ type: 'contact', name: 'Nope' }).expect(403);
    await t.http.get('/api/v1/forms').expect(401);

    const key = await createApiKey(t.app, owner.tenantId, ['forms:manage']);
    const byKey = await t.http.post('/api/v1/forms').set('X-API-Key', key).send({ type: 'collaboration', name: 'Partners' }).expect(201);
    const audit = await auditRowsFor(t.app, owner.tenantId, byKey.body.id);
    expect(audit.map((a) => a.action)).toEqual(['form.create']);
    const readOnlyKey = await createApiKey(t.app, owner.tenantId, ['leads:read']);
    await t.http.get('/api/v1/forms').set('X-API-Key', readOnlyKey).expect(403);
  });

  it("keeps each workspace's forms to itself", async () => {
    const other = await createTenantWithUser(t.app, 'owner', 'Other');
    const otherAuth = await signIn(t.http, other.email, other.password);
    const mine = (await create({ type: 'contact', name: 'Private' })).body as FormBody;
    const theirs = (await t.http.get('/api/v1/forms').set(otherAuth.auth).expect(200)).body as FormBody[];
    expect(theirs.map((f) => f.id)).not.toContain(mine.id);
    await t.http.get(`/api/v1/forms/${mine.id}`).set(otherAuth.auth).expect(404);
    await t.http.patch(`/api/v1/forms/${mine.id}`).set(otherAuth.auth).send({ name: 'Taken' }).expect(404);
    await t.http.delete(`/api/v1/forms/${mine.id}`).set(otherAuth.auth).expect(404);
    await t.http.get(`/api/v1/forms/${mine.id}`).set(session.auth).expect(200);
  });
});
