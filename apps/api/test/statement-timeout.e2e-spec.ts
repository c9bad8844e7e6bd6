import { Client } from 'pg';
import { createTenantWithUser, signIn, uniqueEmail, type SignedIn, type TestUser } from './support/factories';
import { tenantSql } from './support/tenant-sql';
import { createTestApp, type TestApp } from './support/test-app';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// A statement may run as long as its route class allows (reads short, bulk changes longer), and the
// statement of a request whose client hung up is cancelled instead of running on for nobody. A lock
// held on leads by a test connection makes the API's statements wait as long as the test wants.
describe('statement timeouts and client aborts', () => {
  let t: TestApp;
  let admin: Client;
  let locker: Client;
  let owner: TestUser;
  let session: SignedIn;

  beforeAll(async () => {
    t = await createTestApp({ env: { DATABASE_READ_TIMEOUT_MS: '400', DATABASE_WRITE_TIMEOUT_MS: '400', DATABASE_BULK_TIMEOUT_MS: '20000' } });
    admin = new Client({ connectionString: t.db.url });
    await admin.connect();
    owner = await createTenantWithUser(t.app, 'owner', 'Timeouts');
    session = await signIn(t.http, owner.email, owner.password);
    for (let i = 0; i < 3; i++) await t.http.post('/api/v1/leads').set(session.auth).send({ email: uniqueEmail('timeout'), tags: ['slow'] }).expect(201);
  });

  afterAll(async () => {
    await admin.end();
    await t.close();
  });

  beforeEach(async () => {
    locker = new Client({ connectionString: t.db.url });
    await locker.connect();
  });

  afterEach(async () => {
    await locker.end();
  });

  const lockLeads = async () => {
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE leads IN ACCESS EXCLUSIVE MODE');
  };
  const unlockLeads = () => locker.query('ROLLBACK');

  // The app role's statements waiting on the lock, by the start of their text.
  async function waiting(prefix: string): Promise<number> {
    const { rows } = await admin.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active'
         AND usename = 'hotleads_app' AND ltrim(query) LIKE $1`,
      [`${prefix}%`],
    );
    return Number(rows[0].n);
  }

  it('a read past its timeout answers 503 query_timeout as problem+json, and the next read works', async () => {
    await lockLeads();
    try {
      const started = Date.now();
      const res = await t.http.get('/api/v1/leads').set(session.auth).expect(503);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body).toMatchObject({ status: 503, code: 'query_timeout' });
      expect(await waiting('SELECT l.id')).toBe(0);
    } finally {
      await unlockLeads();
    }
    const ok = await t.http.get('/api/v1/leads').set(session.auth).expect(200);
    expect(ok.body.data).toHaveLength(3);
  });

  it('a bulk change may wait longer than a read', async () => {
    await lockLeads();
    const pending = t.http.post('/api/v1/leads/bulk-update').set(session.auth).send({ filter: { tag: ['slow'] }, set: { priority: 'high' } });
    const done = pending.then((res) => res);
    // Past the read timeout, the bulk statement is still waiting, not cancelled.
    await sleep(1_000);
    expect(await waiting('WITH matched')).toBe(1);
    await unlockLeads();
    const res = await done;
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ matched: 3, updated: 3 });
  });

  it('cancels the statement of a request whose client hung up', async () => {
    await lockLeads();
    try {
      // The client gives up after 500 ms; the bulk class would let the statement wait 20 s.
      await expect(
        t.http.post('/api/v1/leads/bulk-update').set(session.auth).send({ filter: { tag: ['slow'] }, set: { priority: 'low' } }).timeout(500),
      ).rejects.toThrow(/timeout/i);
      const deadline = Date.now() + 3_000;
      while ((await waiting('WITH matched')) > 0 && Date.now() < deadline) await sleep(50);
      expect(await waiting('WITH matched')).toBe(0);
    } finally {
      await unlockLeads();
    }
    // Nothing of the cancelled change was stored.
    const rows = await tenantSql<{ priority: string }>(t.app, owner.tenantId, `SELECT priority FROM leads`);
    expect(rows.map((r) => r.priority)).toEqual(['high', 'high', 'high']);
  });
});
