import { createTenantWithUser, signIn, type SignedIn } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

interface Side {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  status: string;
  version: number;
}
interface Pair {
  reason: string;
  matchedOn: string | null;
  lead: Side;
  match: Side;
}

const DUPLICATES = '/api/v1/leads/duplicates';

describe('duplicate finder', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_DEFAULT: '100000', RATE_LIMIT_LOGIN: '1000' } });
  });

  afterAll(async () => {
    await t.close();
  });

  async function workspace(role: 'owner' | 'agent' = 'owner'): Promise<SignedIn['auth']> {
    const user = await createTenantWithUser(t.app, role, `Dupes ${role}`);
    return (await signIn(t.http, user.email, user.password)).auth;
  }

  async function lead(auth: SignedIn['auth'], body: Record<string, unknown>): Promise<Side> {
    const res = await t.http.post('/api/v1/leads').set(auth).send({ source: 'e2e', ...body }).expect(201);
    return res.body as Side;
  }

  async function allPairs(auth: SignedIn['auth'], limit: number): Promise<Pair[]> {
    const pairs: Pair[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 50; pages++) {
      const res = await t.http.get(DUPLICATES).query({ limit, ...(cursor ? { cursor } : {}) }).set(auth).expect(200);
      pairs.push(...(res.body.data as Pair[]));
      cursor = res.body.nextCursor ?? undefined;
      if (!cursor) return pairs;
    }
    throw new Error('too many pages');
  }

  it('finds each kind of near duplicate once, on its newer lead, with the reason, page by page', async () => {
    const auth = await workspace();
    // An archived lead, then a new open one with the same phone: intake does not attach to archived leads.
    const old = await lead(auth, { name: 'Olga Old', phone: '+49 30 3644053' });
    await t.http.patch(`/api/v1/leads/${old.id}`).set(auth).send({ status: 'archived' }).expect(200);
    const reopened = await lead(auth, { name: 'Olga New', phone: '+49303644053', email: 'olga@example.com' });
    // Same name and company (other case), other contacts.
    const firstJane = await lead(auth, { name: 'Jane Roe', company: 'Acme GmbH', email: 'jane@acme.example' });
    const secondJane = await lead(auth, { name: 'jane roe', company: 'ACME GmbH', email: 'j.roe@other.example' });
    // Gmail ignores dots and +tags, and googlemail.com is gmail.com; other providers keep them.
    const gmail = await lead(auth, { name: 'John', email: 'john.doe@gmail.com' });
    const alias = await lead(auth, { name: 'Johnny', email: 'johndoe+news@googlemail.com' });
    await lead(auth, { name: 'Dotted', email: 'john.doe@example.com' });
    await lead(auth, { name: 'Undotted', email: 'johndoe@example.com' });
    // A deleted lead is no one's twin.
    const trashed = await lead(auth, { name: 'J.D.', email: 'j.o.h.n.doe@gmail.com' });
    await t.http.delete(`/api/v1/leads/${trashed.id}`).set(auth).expect(204);

    const pairs = await allPairs(auth, 1);
    expect(pairs.map((p) => [p.reason, p.matchedOn, p.lead.id, p.match.id])).toEqual([
      ['email_alias', 'gmail', alias.id, gmail.id],
      ['same_name_company', null, secondJane.id, firstJane.id],
      ['closed_match', 'phone', reopened.id, old.id],
    ]);
    expect(pairs[2].match).toMatchObject({ status: 'archived', name: 'Olga Old', version: expect.any(Number) });
    // One page with everything gives the same pairs.
    expect(await allPairs(auth, 100)).toEqual(pairs);
  });

  it('keeps to its workspace, needs leads:read, and refuses a bad cursor or limit', async () => {
    const a = await workspace();
    const b = await workspace();
    await lead(a, { name: 'Twin', company: 'Same', email: 'one@example.com' });
    await lead(a, { name: 'Twin', company: 'Same', email: 'two@example.com' });
    await lead(b, { name: 'Twin', company: 'Same', email: 'three@example.com' });
    expect((await t.http.get(DUPLICATES).set(a).expect(200)).body.data).toHaveLength(1);
    expect((await t.http.get(DUPLICATES).set(b).expect(200)).body).toEqual({ data: [], nextCursor: null });
    const bad = await t.http.get(DUPLICATES).query({ cursor: 'not-a-cursor' }).set(a).expect(400);
    expect(bad.body.code).toBe('invalid_cursor');
    await t.http.get(DUPLICATES).query({ limit: 0 }).set(a).expect(400);
    await t.http.get(DUPLICATES).query({ limit: 101 }).set(a).expect(400);
    await t.http.get(DUPLICATES).expect(401);
  });
});
