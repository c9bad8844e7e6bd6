import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { AcknowledgmentMailJob } from '../src/modules/mail/acknowledgment-mail.job';
import { auditRowsFor } from './support/identity';
import { createTenantWithUser, signIn, uniqueEmail, type SignedIn, type TestUser } from './support/factories';
import { tenantSql } from './support/tenant-sql';
import { createTestApp, type TestApp } from './support/test-app';

interface LeadRow {
  id: string;
  type: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  message: string | null;
  source: string;
  priority: string;
  tags: string[];
  form_id: string | null;
  metadata: Record<string, unknown>;
}

const ALLOWED_ORIGIN = 'https://www.example.com';
const THANKS = 'https://www.example.com/thanks';

describe('public form submissions', () => {
  let t: TestApp;
  let owner: TestUser;
  let session: SignedIn;

  beforeAll(async () => {
    // TRUST_PROXY: a test may pick its client address with X-Forwarded-For.
    t = await createTestApp({ env: { RATE_LIMIT_LOGIN: '1000', RATE_LIMIT_PUBLIC: '10', TRUST_PROXY: 'true' } });
    owner = await createTenantWithUser(t.app, 'owner', 'Acme Studio');
    session = await signIn(t.http, owner.email, owner.password);
  });

  afterAll(async () => {
    await t.close();
  });

  // Every test gets its own form, so each has its own rate-limit budget.
  const newForm = async (overrides: object = {}): Promise<string> => {
    const res = await t.http
      .post('/api/v1/forms')
      .set(session.auth)
      .send({ type: 'cv_request', name: 'Careers', defaultPriority: 'high', defaultTags: ['website'], allowedOrigins: [ALLOWED_ORIGIN], redirectUrls: [THANKS], ...overrides })
      .expect(201);
    return res.body.id;
  };
  // pg-boss's tables, as the owner (the app role may only insert jobs).
  const ownerSql = async <T = Record<string, unknown>>(sql: string, params: unknown[]): Promise<T[]> => {
    const client = new Client({ connectionString: t.db.url });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  };
  const submitUrl = (formId: string) => `/api/v1/public/forms/${formId}/submissions`;
  const leadsOf = (formId: string) => tenantSql<LeadRow>(t.app, owner.tenantId, `select * from leads where form_id = $1 order by created_at`, [formId]);
  const spamOf = (formId: string) => tenantSql<{ metadata: Record<string, unknown> }>(t.app, owner.tenantId, `select metadata from form_spam_hits where form_id = $1`, [formId]);

  it('takes a JSON submission and keeps where it came from', async () => {
    const formId = await newForm();
    const res = await t.http
      .post(`${submitUrl(formId)}?utm_campaign=spring&utm_source=ignored`)
      .set('User-Agent', 'Mozilla/5.0 (test)')
      .set('Referer', 'https://www.example.com/careers')
      .set('Origin', ALLOWED_ORIGIN)
      .send({ name: ' Ada Lovelace ', email: ' Ada@Example.COM ', phone: '+44 20 7946 0958', message: 'Hello', utm_source: 'newsletter', portfolio: 'https://ada.example', years: 12 })
      .expect(202);
    expect(res.body).toEqual({ received: true });

    const [lead] = await leadsOf(formId);
    expect(lead).toMatchObject({
      type: 'cv_request',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      phone: '+442079460958',
      message: 'Hello',
      source: 'form',
      priority: 'high',
      tags: ['website'],
      form_id: formId,
    });
    expect(lead.metadata).toEqual({
      ip: expect.stringMatching(/127\.0\.0\.1|::1/),
      userAgent: 'Mozilla/5.0 (test)',
      referer: 'https://www.example.com/careers',
      origin: ALLOWED_ORIGIN,
      // The body wins over the query for the same parameter.
      utm: { source: 'newsletter', campaign: 'spring' },
      fields: { portfolio: 'https://ada.example', years: 12 },
    });
    const audit = await auditRowsFor(t.app, owner.tenantId, lead.id);
    expect(audit.map((a) => [a.action, a.actor_id])).toContainEqual(['lead.form_submission', null]);
    expect(audit.find((a) => a.action === 'lead.form_submission')?.metadata).toEqual({ formId, outcome: 'created' });
  });

  it('takes a plain HTML form post (application/x-www-form-urlencoded)', async () => {
    const formId = await newForm();
    await t.http
      .post(submitUrl(formId))
      .type('form')
      .send('name=Grace+Hopper&email=grace%40example.com&message=Hi%20there&interest=ops&interest=dev&utm_medium=email')
      .expect(202, { received: true });
    const [lead] = await leadsOf(formId);
    expect(lead).toMatchObject({ name: 'Grace Hopper', email: 'grace@example.com', message: 'Hi there' });
    expect(lead.metadata).toMatchObject({ utm: { medium: 'email' }, fields: { interest: ['ops', 'dev'] } });
  });

  it('refuses a submission without the consent the form asks for, and keeps the consent given with the lead', async () => {
    const formId = await newForm({ consentLabel: 'I agree that Acme may contact me.', consentPolicyVersion: '2026-03' });
    const refused = await t.http.post(submitUrl(formId)).send({ name: 'No Consent', email: uniqueEmail('nc') }).expect(400);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ code: 'validation_failed', errors: [{ field: 'consent' }] });
    for (const consent of [false, 'off', '', 'no', ['on', 'on'], { yes: true }]) {
      const res = await t.http.post(submitUrl(formId)).send({ name: 'No Consent', email: uniqueEmail('nc'), consent }).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['consent']);
    }
    expect(await leadsOf(formId)).toEqual([]);

    const before = Date.now();
    await t.http.post(submitUrl(formId)).set('X-Forwarded-For', '198.51.100.23').send({ name: 'Ada Consent', email: uniqueEmail('ada'), consent: true }).expect(202);
    // A plain HTML checkbox sends "on".
    await t.http.post(submitUrl(formId)).type('form').send(`name=Bea+Consent&email=${encodeURIComponent(uniqueEmail('bea'))}&consent=on`).expect(202);
    const leads = await leadsOf(formId);
    expect(leads).toHaveLength(2);
    const ada = leads.find((l) => l.name === 'Ada Consent')!;
    expect(ada.metadata.consent).toEqual({ text: 'I agree that Acme may contact me.', policyVersion: '2026-03', givenAt: expect.any(String), ip: '198.51.100.23' });
    const givenAt = Date.parse((ada.metadata.consent as { givenAt: string }).givenAt);
    expect(givenAt).toBeGreaterThanOrEqual(before - 1000);
    expect(givenAt).toBeLessThanOrEqual(Date.now() + 1000);
    // The consent box itself is not an extra field.
    expect(ada.metadata.fields).toBeUndefined();

    // A form without consent ignores the field.
    const plain = await newForm();
    await t.http.post(submitUrl(plain)).send({ name: 'Plain', email: uniqueEmail('plain') }).expect(202);
    expect((await leadsOf(plain))[0].metadata.consent).toBeUndefined();
  });

  it('accepts form-encoded bodies on public form routes only', async () => {
    const res = await t.http.post('/api/v1/auth/login').type('form').send('email=a%40example.com&password=x').expect(415);
    expect(res.body.accessToken).toBeUndefined();
  });

  it('merges a second submission from the same person into the open lead, with the same answer', async () => {
    const formId = await newForm();
    const email = uniqueEmail('repeat');
    await t.http.post(submitUrl(formId)).send({ email, message: 'first' }).expect(202, { received: true });
    await t.http.post(submitUrl(formId)).send({ email: email.toUpperCase(), message: 'second' }).expect(202, { received: true });

    const leads = await leadsOf(formId);
    expect(leads).toHaveLength(1);
    expect(leads[0].message).toBe('first');
    const events = await tenantSql<{ type: string; data: Record<string, unknown> }>(t.app, owner.tenantId, `select type, data from lead_events where lead_id = $1 order by created_at, id`, [leads[0].id]);
    expect(events.map((e) => e.type)).toEqual(['created', 'resubmitted']);
    expect(JSON.stringify(events[1].data)).toContain('second');
  });

  it('answers CORS preflights from the form’s allowed origins only, without credentials', async () => {
    const formId = await newForm();
    const allowed = await t.http
      .options(submitUrl(formId))
      .set('Origin', ALLOWED_ORIGIN)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type')
      .expect(204);
    expect(allowed.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
    expect(allowed.headers['access-control-allow-methods']).toContain('POST');
    expect(allowed.headers['access-control-allow-headers']).toContain('content-type');
    expect(allowed.headers['access-control-allow-credentials']).toBeUndefined();
    expect(allowed.headers.vary).toMatch(/origin/i);

    const refused = await t.http.options(submitUrl(formId)).set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'POST');
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    // An origin allowed on another form is not allowed here.
    const otherForm = await newForm({ allowedOrigins: ['https://other.example'] });
    const elsewhere = await t.http.options(submitUrl(otherForm)).set('Origin', ALLOWED_ORIGIN).set('Access-Control-Request-Method', 'POST');
    expect(elsewhere.headers['access-control-allow-origin']).toBeUndefined();

    const post = await t.http.post(submitUrl(formId)).set('Origin', ALLOWED_ORIGIN).send({ email: uniqueEmail('cors') }).expect(202);
    expect(post.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
    expect(post.headers['access-control-allow-credentials']).toBeUndefined();
    const refusedPost = await t.http.post(submitUrl(formId)).set('Origin', 'https://evil.example').send({ email: uniqueEmail('cors') }).expect(202);
    expect(refusedPost.headers['access-control-allow-origin']).toBeUndefined();
    // Errors carry the header too, so the page can read them.
    const invalid = await t.http.post(submitUrl(formId)).set('Origin', ALLOWED_ORIGIN).send({ message: 'no contact' }).expect(400);
    expect(invalid.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
  });

  it('records a filled honeypot as spam, stores no lead, and answers the same', async () => {
    const formId = await newForm();
    await t.http
      .post(submitUrl(formId))
      .set('User-Agent', 'spambot/1.0')
      .send({ email: uniqueEmail('bot'), message: 'cheap pills', _hp: 'http://spam.example' })
      .expect(202, { received: true });
    expect(await leadsOf(formId)).toEqual([]);
    const hits = await spamOf(formId);
    expect(hits).toHaveLength(1);
    expect(hits[0].metadata).toMatchObject({ ip: expect.stringMatching(/127\.0\.0\.1|::1/), userAgent: 'spambot/1.0' });
    expect((await auditRowsFor(t.app, owner.tenantId, formId)).map((a) => a.action)).toContain('form.spam');
    const form = await t.http.get(`/api/v1/forms/${formId}`).set(session.auth).expect(200);
    expect(form.body).toMatchObject({ spamCount: 1, submissionCount: 0 });

    // An empty honeypot is a person.
    await t.http.post(submitUrl(formId)).type('form').send(`email=${encodeURIComponent(uniqueEmail('person'))}&_hp=`).expect(202);
    expect(await leadsOf(formId)).toHaveLength(1);
  });

  it('limits each IP to 10 submissions a minute per form, storing nothing of the refused ones', async () => {
    const formId = await newForm();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await t.http.post(submitUrl(formId)).send({ email: uniqueEmail(`burst${i}`) });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([...Array(10).fill(202), 429]);
    expect(await leadsOf(formId)).toHaveLength(10);
    // Another form has its own budget.
    const other = await newForm();
    await t.http.post(submitUrl(other)).send({ email: uniqueEmail('other') }).expect(202);
  });

  it('keeps one budget per form whatever the letter case of its id, and one for every malformed id', async () => {
    const formId = await newForm();
    // Variant i upper-cases the id's letters picked by the bits of i: eleven spellings, none the stored one.
    const letters = [...formId].flatMap((c, at) => (/[a-f]/.test(c) ? [at] : []));
    const spelling = (i: number) => [...formId].map((c, at) => (letters.indexOf(at) >= 0 && (i >> letters.indexOf(at)) & 1 ? c.toUpperCase() : c)).join('');
    const statuses: number[] = [];
    for (let i = 1; i <= 11; i++) statuses.push((await t.http.post(submitUrl(spelling(i))).send({ email: uniqueEmail(`case${i}`) })).status);
    expect(statuses).toEqual([...Array(10).fill(202), 429]);
    await t.http.post(submitUrl(formId)).send({ email: uniqueEmail('canonical') }).expect(429);
    expect(await leadsOf(formId)).toHaveLength(10);

    // Ids that are no UUID find no form, and all of them share one budget too.
    const malformed: number[] = [];
    for (let i = 0; i < 11; i++) malformed.push((await t.http.post(submitUrl(`no-form-${i}`)).set('X-Forwarded-For', '10.9.8.7').send({ email: uniqueEmail() })).status);
    expect(malformed).toEqual([...Array(10).fill(404), 429]);
  });

  it('refuses oversized or malformed fields with field errors and stores nothing', async () => {
    const formId = await newForm();
    const cases: Array<[object, string]> = [
      [{ email: uniqueEmail(), message: 'x'.repeat(10_001) }, 'message'],
      [{ email: uniqueEmail(), name: 'x'.repeat(201) }, 'name'],
      [{ email: uniqueEmail(), utm_source: 'x'.repeat(201) }, 'utm_source'],
      [{ email: uniqueEmail(), notes: 'x'.repeat(2001) }, 'notes'],
      [{ email: uniqueEmail(), ...Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`f${i}`, 'v'])) }, 'fields'],
      [{ email: 'not-an-email' }, 'email'],
      [{ message: 'no way to answer' }, 'email'],
      [{ email: { nested: true } }, 'email'],
    ];
    for (const [body, field] of cases) {
      const res = await t.http.post(submitUrl(formId)).send(body).expect(400);
      expect({ field, code: res.body.code, fields: res.body.errors.map((e: { field: string }) => e.field) }).toEqual({ field, code: 'validation_failed', fields: [field] });
    }
    expect(await leadsOf(formId)).toEqual([]);
  });

  it('sends the browser to an allow-listed _redirect with 303, and ignores any other', async () => {
    const formId = await newForm();
    const listed = await t.http.post(submitUrl(formId)).type('form').send(`email=${encodeURIComponent(uniqueEmail())}&_redirect=${encodeURIComponent(THANKS)}`).expect(303);
    expect(listed.headers.location).toBe(THANKS);
    const other = await t.http.post(submitUrl(formId)).type('form').send(`email=${encodeURIComponent(uniqueEmail())}&_redirect=${encodeURIComponent('https://evil.example/phish')}`).expect(202);
    expect(other.headers.location).toBeUndefined();
    expect(await leadsOf(formId)).toHaveLength(2);
  });

  it('answers 404 for unknown, malformed, disabled and deleted forms', async () => {
    await t.http.post(submitUrl(randomUUID())).send({ email: uniqueEmail() }).expect(404);
    await t.http.post(submitUrl('not-a-form')).send({ email: uniqueEmail() }).expect(404);

    const disabled = await newForm({ enabled: false });
    const res = await t.http.post(submitUrl(disabled)).send({ email: uniqueEmail() }).expect(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(await leadsOf(disabled)).toEqual([]);

    const deleted = await newForm();
    await t.http.delete(`/api/v1/forms/${deleted}`).set(session.auth).expect(204);
    await t.http.post(submitUrl(deleted)).send({ email: uniqueEmail() }).expect(404);
  });

  it('queues the acknowledgment email, recorded as not sent without SMTP, once per lead', async () => {
    const formId = await newForm({ acknowledgmentEmail: true });
    const email = uniqueEmail('ack');
    await t.http.post(submitUrl(formId)).send({ name: 'Ada', email }).expect(202);
    const [lead] = await leadsOf(formId);

    const deadline = Date.now() + 20_000;
    let rows: Array<{ to: string; subject: string; text: string; status: string; sent_at: string | null }> = [];
    while (Date.now() < deadline) {
      rows = await tenantSql(t.app, owner.tenantId, `select "to", subject, text, status, sent_at from outbound_emails where lead_id = $1`, [lead.id]);
      if (rows.length > 0 && rows[0].status !== 'pending') break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(rows).toEqual([{ to: email, subject: 'Acme Studio: we received your message', text: expect.stringContaining('Hello Ada,'), status: 'not_sent', sent_at: null }]);

    // A retried job (same data) finds its row and neither writes nor sends a second one.
    await t.app.get(AcknowledgmentMailJob).run({ tenantId: owner.tenantId, leadId: lead.id, to: email });
    expect(await tenantSql(t.app, owner.tenantId, `select status from outbound_emails where lead_id = $1`, [lead.id])).toEqual([{ status: 'not_sent' }]);

    // The same person again: merged; its job runs and finds the email already recorded.
    await t.http.post(submitUrl(formId)).send({ email }).expect(202);
    const jobs = async () => ownerSql<{ state: string }>(`select state from pgboss.job where name = 'mail.acknowledgment' and data->>'leadId' = $1`, [lead.id]);
    while (Date.now() < deadline + 10_000 && (await jobs()).filter((j) => j.state === 'completed').length < 2) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect((await jobs()).map((j) => j.state)).toEqual(['completed', 'completed']);
    const after = await tenantSql(t.app, owner.tenantId, `select id from outbound_emails where lead_id = $1`, [lead.id]);
    expect(after).toHaveLength(1);

    // A form without acknowledgments queues nothing; neither does a submission without an email.
    const quiet = await newForm();
    await t.http.post(submitUrl(quiet)).send({ email: uniqueEmail('quiet') }).expect(202);
    const phoneOnly = await newForm({ acknowledgmentEmail: true });
    await t.http.post(submitUrl(phoneOnly)).send({ phone: '+14155552671' }).expect(202);
    const ids = [(await leadsOf(quiet))[0].id, (await leadsOf(phoneOnly))[0].id];
    expect(await ownerSql(`select id from pgboss.job where name = 'mail.acknowledgment' and data->>'leadId' = any($1)`, [ids])).toEqual([]);
  });
});
