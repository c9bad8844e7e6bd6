import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { AccessTokenService } from '../src/modules/auth/access-token.service';
import { LeadTrashPurgeJob } from '../src/modules/leads/trash/lead-trash-purge.job';
import { LiveEventIds } from '../src/modules/live-events/live-event-ids';
import { LiveEventsPurgeJob } from '../src/modules/live-events/live-events-purge.job';
import { signStandardWebhook } from '../src/modules/integrations/providers/webhook/standard-webhook-signature';
import { createTenantWithUser, signIn, uniqueEmail, type SignedIn, type TestUser, SAME_ORIGIN } from './support/factories';
import { createApiKey } from './support/identity';
import { rememberSecret } from './support/log-capture';
import { SseClient, type SseEvent } from './support/sse-client';
import { tenantSql } from './support/tenant-sql';
import { createTestApp, type TestApp } from './support/test-app';

const ORIGIN = 'https://admin.example.com';
const ENV = {
  RATE_LIMIT_DEFAULT: '100000',
  RATE_LIMIT_LOGIN: '1000',
  RATE_LIMIT_API_KEY: '100000',
  LIVE_HEARTBEAT_SECONDS: '1',
  LIVE_MAX_STREAMS_PER_PRINCIPAL: '3',
  CORS_ORIGINS: ORIGIN,
};

async function listen(t: TestApp): Promise<string> {
  const server = t.app.getHttpServer();
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const leadIds = (event: SseEvent) => event.data.ids as string[];
// What a client sees as an event id: opaque, never the number behind it.
const OPAQUE_ID = /^[A-Za-z0-9_-]{22}$/;

describe('live events (GET /api/v1/events)', () => {
  let t: TestApp;
  let base: string;
  let owner: TestUser;
  let session: SignedIn;
  let other: TestUser;
  let otherSession: SignedIn;
  const opened: SseClient[] = [];

  const open = async (auth: Record<string, string>, headers: Record<string, string> = {}, url = `${base}/api/v1/events`) => {
    const client = await SseClient.open(url, { ...auth, ...headers });
    opened.push(client);
    return client;
  };
  // A stream that is live: its `ready` event has arrived.
  const ready = async (auth: Record<string, string> = session.auth, headers: Record<string, string> = {}, url?: string) => {
    const client = await open(auth, headers, url);
    expect(client.status).toBe(200);
    await client.next('ready');
    return client;
  };
  const createLead = async (auth = session.auth, body: Record<string, unknown> = {}): Promise<string> =>
    (await t.http.post('/api/v1/leads').set(auth).send({ email: uniqueEmail('live'), ...body }).expect(201)).body.id;
  const lastId = (client: SseClient) => [...client.events].reverse().find((e) => e.id !== undefined)?.id;
  // The number behind an id, as only the server can read it.
  const numberOf = (tenantId: string, id: string | undefined) => t.app.get(LiveEventIds).decode(tenantId, id ?? '');

  beforeAll(async () => {
    t = await createTestApp({ env: ENV });
    base = await listen(t);
    owner = await createTenantWithUser(t.app, 'owner', 'Live A');
    other = await createTenantWithUser(t.app, 'owner', 'Live B');
    session = await signIn(t.http, owner.email, owner.password);
    otherSession = await signIn(t.http, other.email, other.password);
  });

  afterEach(() => {
    for (const client of opened.splice(0)) client.close();
  });

  afterAll(async () => {
    // Node's fetch opens a spare connection after a stream is aborted and never sends on it; Node's
    // server counts it as busy, so it would hold the close until fetch gives it up.
    t.app.getHttpServer().closeAllConnections();
    await t.close();
  });

  it('answers 401 without a credential and 403 without leads:read', async () => {
    const anonymous = await open({});
    expect(anonymous.status).toBe(401);
    expect(anonymous.response.headers.get('content-type')).toContain('application/problem+json');
    const writeOnly = await createApiKey(t.app, owner.tenantId, ['leads:write']);
    const forbidden = await open({ 'X-API-Key': writeOnly });
    expect(forbidden.status).toBe(403);
  });

  it('streams with SSE, security and CORS headers, a retry hint and a ready event holding the cursor', async () => {
    const client = await open(session.auth, { Origin: ORIGIN });
    expect(client.status).toBe(200);
    const headers = client.response.headers;
    expect(headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(headers.get('cache-control')).toContain('no-cache');
    expect(headers.get('x-accel-buffering')).toBe('no');
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('x-request-id')).toBeTruthy();
    expect(headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const first = await client.next('ready');
    expect(first.data).toEqual({ resumed: false });
    expect(first.id).toMatch(OPAQUE_ID);
    expect(client.retry).toBe(3000);
    // HEAD answers the headers and opens nothing.
    const head = await fetch(`${base}/api/v1/events`, { method: 'HEAD', headers: session.auth });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  });

  it('announces a lead created through the API with its id, then stats.changed', async () => {
    const client = await ready();
    const id = await createLead();
    const created = await client.next('lead.created');
    expect(created.data).toEqual({ ids: [id], count: 1 });
    expect(created.id).toMatch(OPAQUE_ID);
    expect(numberOf(owner.tenantId, created.id)).toBeGreaterThan(numberOf(owner.tenantId, client.events[0].id)!);
    expect((await client.next('stats.changed')).data).toEqual({ count: 1 });
  });

  it('announces an edit as lead.updated, the trash as lead.deleted and a restore as lead.updated', async () => {
    const id = await createLead();
    const client = await ready();
    const about = (name: string) => client.find((e) => e.event === name && leadIds(e).includes(id));
    await t.http.patch(`/api/v1/leads/${id}`).set(session.auth).send({ priority: 'urgent' }).expect(200);
    expect((await about('lead.updated')).data).toEqual({ ids: [id], count: 1 });
    await t.http.delete(`/api/v1/leads/${id}`).set(session.auth).expect(204);
    expect((await about('lead.deleted')).data).toEqual({ ids: [id], count: 1 });
    const before = client.events.length;
    await t.http.post(`/api/v1/leads/${id}/restore`).set(session.auth).expect(200);
    await client.find((e) => client.events.indexOf(e) >= before && e.event === 'lead.updated' && leadIds(e).includes(id));
  });

  it('announces a bulk write as one event with the exact count, listing ids only up to 100', async () => {
    const tag = `bulk-${Date.now()}`;
    const client = await ready();
    const leads = Array.from({ length: 120 }, () => ({ email: uniqueEmail('bulk'), tags: [tag] }));
    const stored = await t.http.post('/api/v1/leads/bulk').set(session.auth).send({ leads }).expect(200);
    expect(stored.body.results.filter((r: { status: string }) => r.status === 'created')).toHaveLength(120);
    expect((await client.next('lead.created')).data).toEqual({ ids: [], count: 120 });

    const updated = await t.http.post('/api/v1/leads/bulk-update').set(session.auth).send({ filter: { tag: [tag] }, set: { priority: 'high' } }).expect(200);
    expect(updated.body.updated).toBe(120);
    expect((await client.next('lead.updated')).data).toEqual({ ids: [], count: 120 });

    const few = stored.body.results.slice(0, 3).map((r: { id: string }) => r.id);
    await t.http.post('/api/v1/leads/bulk-delete').set(session.auth).send({ ids: few }).expect(200);
    const deleted = await client.next('lead.deleted');
    expect(deleted.data.count).toBe(3);
    expect([...leadIds(deleted)].sort()).toEqual([...few].sort());
    // One event per statement, nothing else about these leads in between: the insert, the priority change and,
    // in the same transaction, the rescoring of the leads it changed (a priority is what scoring rules read).
    expect(client.events.filter((e) => e.event.startsWith('lead.') && e.data.count === 120).map((e) => e.event)).toEqual(['lead.created', 'lead.updated', 'lead.updated']);
  });

  it('announces writes that bypass the API too: direct SQL and the trash purge', async () => {
    const id = await createLead();
    const client = await ready();
    await tenantSql(t.app, owner.tenantId, `update leads set deleted_at = now() - interval '400 days' where id = $1`, [id]);
    await client.find((e) => e.event === 'lead.deleted' && leadIds(e).includes(id));
    const before = client.events.length;
    await t.app.get(LeadTrashPurgeJob).run();
    await client.find((e) => client.events.indexOf(e) >= before && e.event === 'lead.deleted' && leadIds(e).includes(id));
  });

  it("never sends another tenant's changes", async () => {
    const theirs = await ready(otherSession.auth);
    const mine = await createLead();
    const own = await createLead(otherSession.auth);
    const event = await theirs.next('lead.created');
    expect(event.data).toEqual({ ids: [own], count: 1 });
    // Give A's event time to arrive, were it going to.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(theirs.events.filter((e) => JSON.stringify(e.data).includes(mine))).toEqual([]);
  });

  it('announces webhook deliveries as delivery.changed, without ids and only to their workspace', async () => {
    const created = await t.http.post('/api/v1/integrations/connections').set(session.auth).send({ provider: 'webhook', name: 'Live source' }).expect(201);
    const { id: connectionId, secret } = created.body as { id: string; secret: string };
    rememberSecret(secret);
    const client = await ready();
    const theirs = await ready(otherSession.auth);
    const body = JSON.stringify({ email: uniqueEmail('live-webhook') });
    const messageId = `msg_${Date.now()}`;
    const timestamp = Math.floor(Date.now() / 1000);
    await t.http
      .post(`/api/v1/webhooks/${connectionId}`)
      .set({ 'content-type': 'application/json', 'webhook-id': messageId, 'webhook-timestamp': String(timestamp), 'webhook-signature': signStandardWebhook(secret, messageId, timestamp, body) })
      .send(body)
      .expect(200);
    // The acknowledgment itself is not announced (a NOTIFY would serialise the ack path's commits); its
    // processing is, in the transaction that creates the lead.
    const event = await client.next('delivery.changed');
    expect(event.data).toEqual({ ids: [], count: 1 });
    expect(event.id).toMatch(OPAQUE_ID);
    await client.find((e) => e.event === 'lead.created');
    // A badly signed delivery is stored final (rejected), so its insert is announced.
    const before = client.events.length;
    await t.http
      .post(`/api/v1/webhooks/${connectionId}`)
      .set({ 'content-type': 'application/json', 'webhook-id': `${messageId}-bad`, 'webhook-timestamp': String(timestamp), 'webhook-signature': 'v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' })
      .send(body)
      .expect(401);
    const rejected = await client.find((e) => client.events.indexOf(e) >= before && e.event === 'delivery.changed');
    expect(rejected.data).toEqual({ ids: [], count: 1 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(theirs.events.filter((e) => e.event === 'delivery.changed')).toEqual([]);
  });

  it('sends a heartbeat comment while nothing happens', async () => {
    const client = await ready();
    expect(await client.waitForComment(3000)).toBe('ping');
  });

  it('replays the events missed since Last-Event-ID (header or query parameter)', async () => {
    const first = await ready();
    const cursor = first.events[0].id!;
    first.close();
    const missed = [await createLead(), await createLead()];

    const resumed = await open(session.auth, { 'Last-Event-ID': cursor });
    const hello = await resumed.next('ready');
    expect(hello).toEqual({ event: 'ready', data: { resumed: true }, id: undefined });
    const replayed = [await resumed.next('lead.created'), await resumed.next('lead.created')];
    expect(replayed.map((e) => leadIds(e)[0])).toEqual(missed);
    expect((await resumed.next('stats.changed')).data).toEqual({ count: 2 });

    const byQuery = await open(session.auth, {}, `${base}/api/v1/events?lastEventId=${cursor}`);
    expect((await byQuery.next('ready')).data).toEqual({ resumed: true });
    expect(leadIds(await byQuery.next('lead.created'))).toEqual([missed[0]]);
    // Nothing after the last one seen: resumed, nothing replayed.
    const upToDate = await open(session.auth, { 'Last-Event-ID': lastId(resumed)! });
    expect((await upToDate.next('ready')).data).toEqual({ resumed: true });
    await upToDate.waitForComment(3000);
    // Background work of earlier tests (a rescore after a bulk edit, the trash purge) may announce changes
    // meanwhile; what must not come again is anything already seen.
    expect(upToDate.events.filter((e) => e.event === 'lead.created' || (leadIds(e) ?? []).some((id) => missed.includes(id)))).toEqual([]);
    expect((await t.http.get('/api/v1/events').query({ lastEventId: 'x1' }).set(session.auth)).status).toBe(400);
  });

  it("hands each workspace ids that say nothing about other workspaces' activity", async () => {
    const mine = await ready();
    const theirs = await ready(otherSession.auth);
    const before = await createLead();
    const first = await mine.find((e) => e.event === 'lead.created' && leadIds(e).includes(before));
    // Another workspace is busy in between.
    for (let i = 0; i < 5; i++) await createLead(otherSession.auth);
    const after = await createLead();
    const second = await mine.find((e) => e.event === 'lead.created' && leadIds(e).includes(after));
    const seen = await theirs.find((e) => e.event === 'lead.created');

    // Behind the ids, the other workspace's five events lie between ours ...
    expect(numberOf(owner.tenantId, second.id)! - numberOf(owner.tenantId, first.id)!).toBeGreaterThanOrEqual(6n);
    // ... but the ids are not numbers, nor in any order a client could count with.
    for (const id of [mine.events[0].id, first.id, second.id, theirs.events[0].id, seen.id]) expect(id).toMatch(OPAQUE_ID);
    // The same moment has a different id in each workspace, and one workspace's id means nothing to another.
    const ids = t.app.get(LiveEventIds);
    const moment = numberOf(owner.tenantId, first.id)!;
    expect(ids.encode(other.tenantId, moment)).not.toBe(first.id);
    expect(numberOf(other.tenantId, first.id)).toBeNull();
    const probing = await open(otherSession.auth, { 'Last-Event-ID': second.id! });
    expect((await probing.next('ready')).data).toEqual({ resumed: false });
    await probing.next('resync');
  });

  it('sends resync when Last-Event-ID is older than what is kept, or unknown', async () => {
    const first = await ready();
    const cursor = first.events[0].id!;
    first.close();
    await createLead();
    // Everything older than a minute from now: all of it.
    expect(await t.app.get(LiveEventsPurgeJob).run(new Date(Date.now() + 60_000))).toBeGreaterThan(0);
    await createLead();

    const client = await open(session.auth, { 'Last-Event-ID': cursor });
    const hello = await client.next('ready');
    expect(hello.data).toEqual({ resumed: false });
    expect(numberOf(owner.tenantId, hello.id)).toBeGreaterThan(numberOf(owner.tenantId, cursor)!);
    expect((await client.next('resync')).data).toEqual({});

    client.close();
    // At most three streams per user here (LIVE_MAX_STREAMS_PER_PRINCIPAL): each probe closes when done.
    const garbage = await open(session.auth, { 'Last-Event-ID': 'not-an-id' });
    await garbage.next('resync');
    garbage.close();
    // The old numeric form is not an id any more.
    const numeric = await open(session.auth, { 'Last-Event-ID': numberOf(owner.tenantId, cursor)!.toString() });
    await numeric.next('resync');
    numeric.close();
    const future = await open(session.auth, { 'Last-Event-ID': t.app.get(LiveEventIds).encode(owner.tenantId, 999_999_999_999n) });
    await future.next('resync');
  });

  it('ends the stream when its session signs out, and the token then gets 401', async () => {
    const own = await signIn(t.http, owner.email, owner.password);
    const client = await ready(own.auth);
    await t.http.post('/api/v1/auth/logout').set(own.auth).set(SAME_ORIGIN).expect(204);
    expect((await client.next('close', 4000)).data).toEqual({ reason: 'revoked' });
    await client.waitForEnd();
    expect((await open(own.auth)).status).toBe(401);
  });

  it('ends the stream when the access token expires', async () => {
    const own = await signIn(t.http, owner.email, owner.password);
    const [row] = await tenantSql<{ id: string }>(t.app, owner.tenantId, `select id from sessions where user_id = $1 order by created_at desc limit 1`, [owner.id]);
    const tokens = t.app.get(AccessTokenService);
    const ttl = jest.spyOn(tokens, 'ttlSeconds', 'get').mockReturnValue(3);
    let token: string;
    try {
      token = tokens.sign(owner.id, owner.tenantId, row.id).token;
    } finally {
      ttl.mockRestore();
    }
    rememberSecret(token);
    const client = await ready({ Authorization: `Bearer ${token}` });
    expect((await client.next('close', 6000)).data).toEqual({ reason: 'token_expired' });
    await client.waitForEnd();
    // The session itself is fine: a fresh token streams again.
    expect((await open(own.auth)).status).toBe(200);
  });

  it('streams to API keys with leads:read, and ends when the key is revoked', async () => {
    const key = await createApiKey(t.app, owner.tenantId, ['leads:read']);
    const client = await ready({ 'X-API-Key': key });
    const id = await createLead();
    expect(leadIds(await client.next('lead.created'))).toEqual([id]);
    await tenantSql(t.app, owner.tenantId, `update api_keys set revoked_at = now() where prefix = $1`, [key.slice(0, 15)]);
    expect((await client.next('close', 4000)).data).toEqual({ reason: 'revoked' });
  });

  it('limits the open streams of one user (429 too_many_streams) and frees a slot when one closes', async () => {
    const user = await createTenantWithUser(t.app, 'viewer', 'Live limits');
    const own = await signIn(t.http, user.email, user.password);
    const streams = [await ready(own.auth), await ready(own.auth), await ready(own.auth)];
    const refused = await open(own.auth);
    expect(refused.status).toBe(429);
    expect(await refused.response.json()).toMatchObject({ code: 'too_many_streams', limit: 3 });
    streams[0].close();
    const deadline = Date.now() + 5000;
    let again = await open(own.auth);
    while (again.status === 429 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      again = await open(own.auth);
    }
    expect(again.status).toBe(200);
  });

  describe('with a second API process on the same database', () => {
    let t2: TestApp | undefined;
    let base2: string;

    beforeAll(async () => {
      t2 = await createTestApp({ env: ENV, database: t.db });
      base2 = await listen(t2);
    });

    afterAll(async () => {
      await t2?.close();
    });

    it("reaches the other process's streams, also after its listening connection was cut", async () => {
      const there = await signIn(t2!.http, owner.email, owner.password);
      const client = await ready(there.auth, {}, `${base2}/api/v1/events`);
      const first = await createLead();
      expect(leadIds(await client.next('lead.created'))).toEqual([first]);

      const admin = new Client({ connectionString: t.db.url });
      await admin.connect();
      try {
        const { rowCount } = await admin.query(
          `select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'hotleads-live' and datname = current_database()`,
        );
        expect(rowCount).toBe(2);
      } finally {
        await admin.end();
      }
      // Written while the listeners are reconnecting: caught up, or announced once they listen again.
      const second = await createLead();
      expect(leadIds(await client.next('lead.created', 10_000))).toEqual([second]);
      const third = await createLead();
      expect(leadIds(await client.next('lead.created', 10_000))).toEqual([third]);
    });

    it('ends its streams promptly at shutdown', async () => {
      const app = t2!;
      t2 = undefined;
      const there = await signIn(app.http, owner.email, owner.password);
      const client = await ready(there.auth, {}, `${base2}/api/v1/events`);
      const started = Date.now();
      const closing = app.close();
      expect((await client.next('close')).data).toEqual({ reason: 'shutdown' });
      await client.waitForEnd();
      await closing;
      expect(Date.now() - started).toBeLessThan(10_000);
    });
  });
});
