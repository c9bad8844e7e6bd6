import { SyncEngine } from '../src/modules/integrations/sync/sync-engine.service';
import { createTenantWithUser, signIn, type SignedIn, type TestUser } from './support/factories';
import { FakeGoogleCalendar } from './support/fake-google-calendar';
import { rememberSecret } from './support/log-capture';
import { tenantSql } from './support/tenant-sql';
import { createTestApp, type TestApp } from './support/test-app';

const DAY = 86_400_000;
const guest = (email: string, responseStatus = 'accepted') => ({ email, displayName: email.split('@')[0], responseStatus });
const me = { email: 'rep@acme.example', responseStatus: 'accepted', self: true, organizer: true };

describe('Sync engine with Google Calendar', () => {
  const google = new FakeGoogleCalendar();
  let t: TestApp;
  let owner: TestUser;
  let session: SignedIn;

  beforeAll(async () => {
    await google.start();
    t = await createTestApp({ env: { RATE_LIMIT_LOGIN: '1000', GOOGLE_OAUTH_URL: google.baseUrl, GOOGLE_CALENDAR_API_URL: `${google.baseUrl}/calendar/v3`, SYNC_RETRY_BASE_MS: '5' } });
    owner = await createTenantWithUser(t.app, 'owner', 'Calendar Co');
    session = await signIn(t.http, owner.email, owner.password);
  }, 60_000);

  afterAll(async () => {
    await t.close();
    await google.close();
  });

  afterEach(() => google.clear());

  const connect = async () => {
    const client = google.addClient();
    rememberSecret(client.clientSecret, client.refreshToken);
    const res = await t.http
      .post('/api/v1/integrations/connections')
      .set(session.auth)
      .send({ provider: 'google_calendar', name: 'Sales calendar', config: { calendarId: 'primary', teamDomains: ['acme.example'] }, credentials: client })
      .expect(201);
    await t.http.post(`/api/v1/integrations/connections/${res.body.id}/pause`).set(session.auth).expect(200);
    return res.body.id as string;
  };
  const run = (connectionId: string) => t.app.get(SyncEngine).run({ tenantId: owner.tenantId, connectionId, stream: 'events', trigger: 'manual' });
  const runRow = async (runId: string) =>
    (await tenantSql<Record<string, unknown>>(t.app, owner.tenantId, `select status, trigger, pages, fetched, created, updated, unchanged, deleted, failed, checkpoint_to as "checkpointTo", error from sync_runs where id = $1`, [runId]))[0];
  const leadsOf = (ref: string) => tenantSql<{ email: string; subject: string; metadata: Record<string, unknown> }>(t.app, owner.tenantId, `select email, subject, metadata from leads where source = 'google_calendar' and source_ref = $1`, [ref]);

  it('reads the window page by page, keeps nextSyncToken from the last page only, then syncs by token alone', async () => {
    const id = await connect();
    for (let i = 0; i < 260; i++) google.addEvent(`Demo ${i}`, (i - 100) * 3_600_000, [me, guest(`guest${i}@client${i}.example`), guest(`colleague${i}@acme.example`)]);
    const first = await run(id);
    expect(await runRow(first.runId!)).toMatchObject({ status: 'succeeded', pages: 2, created: 260, failed: 0, checkpointTo: expect.stringMatching(/^st-/) });
    const [p1, p2] = google.requests;
    expect(p1.query.get('singleEvents')).toBe('true');
    expect(p1.query.get('timeMin')).not.toBeNull();
    expect(p2.query.get('pageToken')).toBe('250');
    // Colleagues are not leads.
    expect(await tenantSql(t.app, owner.tenantId, `select 1 from leads where email like '%@acme.example'`)).toEqual([]);

    google.requests.length = 0;
    const event = google.addEvent('New demo', DAY, [me, guest('new.person@prospect.example', 'needsAction')]);
    const second = await run(id);
    expect(await runRow(second.runId!)).toMatchObject({ status: 'succeeded', pages: 1, fetched: 1, created: 1 });
    expect(google.requests).toHaveLength(1);
    expect(google.requests[0].query.get('syncToken')).toMatch(/^st-/);
    expect(google.requests[0].query.get('timeMin')).toBeNull();
    const [lead] = await leadsOf(`${event.id}/new.person@prospect.example`);
    expect(lead).toMatchObject({ email: 'new.person@prospect.example', subject: 'New demo', metadata: { googleCalendar: { eventId: event.id, responseStatus: 'needsAction' } } });
  });

  it('answers 410 with a full resync counted as such, writing nothing for what did not change', async () => {
    const id = await connect();
    google.addEvent('Call', DAY, [me, guest('a@one.example')]);
    google.addEvent('Call 2', 2 * DAY, [me, guest('b@two.example')]);
    await run(id);
    google.invalidateSyncTokens();
    const again = await run(id);
    expect(await runRow(again.runId!)).toMatchObject({ status: 'succeeded', trigger: 'full_resync', created: 0, unchanged: 2 });
  });

  it('turns a cancelled event into an event on its leads', async () => {
    const id = await connect();
    const event = google.addEvent('Call', DAY, [me, guest('c@three.example'), guest('d@four.example')]);
    await run(id);
    google.cancel(event.id);
    const cancelled = await run(id);
    expect(await runRow(cancelled.runId!)).toMatchObject({ status: 'succeeded', deleted: 2 });
    const events = await tenantSql<{ type: string }>(t.app, owner.tenantId, `select e.type from lead_events e join leads l on l.id = e.lead_id where l.source_ref like $1 and e.type = 'google_calendar.removed'`, [`${event.id}/%`]);
    expect(events).toHaveLength(2);
  });

  it('puts the connection in needs_attention when Google refuses the refresh token', async () => {
    const client = google.addClient();
    const res = await t.http
      .post('/api/v1/integrations/connections')
      .set(session.auth)
      .send({ provider: 'google_calendar', name: 'Revoked', credentials: { ...client, refreshToken: '1//revoked-token-value' } })
      .expect(201);
    const outcome = await run(res.body.id);
    expect(outcome).toMatchObject({ status: 'failed', error: 'Google refused the refresh token (invalid_grant): reconnect' });
    const conn = await t.http.get(`/api/v1/integrations/connections/${res.body.id}`).set(session.auth).expect(200);
    expect(conn.body).toMatchObject({ status: 'needs_attention' });
  });
});
