import { Client } from 'pg';
import { ScoreDecayJob } from '../src/modules/rules/score-decay.job';
import { addUser, createTenantWithUser, signIn, uniqueEmail, type SignedIn, type TestUser } from './support/factories';
import { tenantSql } from './support/tenant-sql';
import { createTestApp, type TestApp } from './support/test-app';

type Row = Record<string, unknown>;

// Scoring and assignment rules end to end: the settings API (with bad input), the score of a new and of
// an edited lead, the background rescoring after a rule change, round-robin under a concurrent burst,
// away and capacity, routing on demand, and tenant isolation.
describe('scoring and assignment rules', () => {
  let t: TestApp;

  beforeAll(async () => {
    // A pool as wide as a busy deployment's, so the burst below really runs its leads side by side.
    // A pool as wide as a busy deployment's, so the burst below really runs its leads side by side.
    t = await createTestApp({ env: { RATE_LIMIT_DEFAULT: '100000', RATE_LIMIT_API_KEY: '100000', RATE_LIMIT_LOGIN: '1000', DATABASE_POOL_SIZE: '25' } });
  });

  afterAll(async () => {
    // The rescoring jobs the tests queued finish before the app stops, so none is cut off mid-batch.
    const client = new Client({ connectionString: t.db.url });
    await client.connect();
    try {
      await until(
        async () => (await client.query<{ n: number }>(`select count(*)::int as n from pgboss.job where name = 'rules.rescore' and state in ('created', 'retry', 'active')`)).rows[0].n,
        (n) => n === 0,
        60_000,
      );
    } finally {
      await client.end();
    }
    await t.close();
  });

  async function workspace(name: string): Promise<{ owner: TestUser; session: SignedIn; sql: <T = Row>(q: string, p?: unknown[]) => Promise<T[]> }> {
    const owner = await createTenantWithUser(t.app, 'owner', name);
    const session = await signIn(t.http, owner.email, owner.password);
    return { owner, session, sql: <T = Row>(q: string, p: unknown[] = []) => tenantSql<T>(t.app, owner.tenantId, q, p) };
  }

  const lead = (session: SignedIn, body: Row) => t.http.post('/api/v1/leads').set(session.auth).send({ email: uniqueEmail('lead'), ...body });

  async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting; last value ${JSON.stringify(value)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  describe('scoring', () => {
    it('seeds a default rule set in a new workspace and scores a lead on intake with reasons that add up', async () => {
      const { session } = await workspace('Scoring defaults');
      const settings = await t.http.get('/api/v1/settings/scoring').set(session.auth).expect(200);
      expect(settings.body.rules.length).toBeGreaterThanOrEqual(5);
      expect(settings.body.rules.map((r: Row) => r.name)).toEqual(expect.arrayContaining(['Names a company', 'High or urgent priority']));
      // Line types as Twilio Lookup names them: there is no plain `voip`.
      const voip = settings.body.rules.find((r: Row) => r.name === 'VoIP phone');
      expect(voip.condition).toEqual({ field: 'phoneLineType', op: 'in', value: ['fixedVoip', 'nonFixedVoip'] });

      const res = await lead(session, { company: 'Acme', priority: 'high', message: 'short' }).expect(201);
      expect(res.body.score).toBe(30);
      expect(res.body.scoreReasons).toEqual([
        { rule: 'Names a company', points: 15 },
        { rule: 'High or urgent priority', points: 15 },
      ]);
      const bare = await lead(session, {}).expect(201);
      expect(bare.body).toMatchObject({ score: 0, scoreReasons: [] });
      const got = await t.http.get(`/api/v1/leads/${res.body.id}`).set(session.auth).expect(200);
      expect(got.body).toMatchObject({ score: 30, scoreReasons: res.body.scoreReasons });
    });

    it('scores every lead of a batch, and scores again when an edit changes what a rule reads', async () => {
      const { session } = await workspace('Scoring edits');
      const batch = await t.http
        .post('/api/v1/leads/bulk')
        .set(session.auth)
        .send({ leads: [{ email: uniqueEmail('a'), company: 'A' }, { email: uniqueEmail('b'), type: 'collaboration' }] })
        .expect(200);
      const [a, b] = batch.body.results.map((r: Row) => r.id as string);
      const first = await t.http.get(`/api/v1/leads/${a}`).set(session.auth).expect(200);
      expect(first.body.score).toBe(15);
      expect((await t.http.get(`/api/v1/leads/${b}`).set(session.auth).expect(200)).body.score).toBe(10);

      const patched = await t.http.patch(`/api/v1/leads/${a}`).set(session.auth).send({ priority: 'urgent' }).expect(200);
      expect(patched.body.score).toBe(30);
      expect(patched.body.scoreReasons).toEqual(expect.arrayContaining([{ rule: 'High or urgent priority', points: 15 }]));
      // One edit, one version step: the score write does not count as another change.
      expect(patched.body.version).toBe(first.body.version + 1);
    });

    it('a bulk edit of priority or tags scores again only the leads it changed, in its own transaction', async () => {
      const { session, sql } = await workspace('Scoring bulk edits');
      await t.http
        .post('/api/v1/settings/scoring-rules')
        .set(session.auth)
        .send({ name: 'VIP tag', condition: { field: 'tags', op: 'hasAny', value: ['vip'] }, points: 40 })
        .expect(201);
      await until(
        async () => (await t.http.get('/api/v1/settings/scoring').set(session.auth).expect(200)).body.rescore.status,
        (status: string) => status === 'done',
      );
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await lead(session, { priority: 'medium' }).expect(201)).body.id);
      const [edited, tagged, other] = [ids.slice(0, 2), ids[2], ids.slice(3)];
      // A stale score on the leads left out: a rescoring of the whole workspace would correct it.
      await sql(`update leads set score = 77 where id = any($1::uuid[])`, [other]);
      const state = async () => {
        const rows = await sql<{ id: string; score: number; score_reasons: unknown; version: number; updated_at: Date }>(
          `select id, score, score_reasons, version, updated_at from leads where id = any($1::uuid[])`,
          [ids],
        );
        return new Map(rows.map((r) => [r.id, r]));
      };
      const rulesVersion = async () => (await sql<{ v: number }>(`select rules_version as v from lead_rule_settings`))[0].v;
      const before = await state();
      const versionBefore = await rulesVersion();

      const res = await t.http.post('/api/v1/leads/bulk-update').set(session.auth).send({ ids: edited, set: { priority: 'urgent' } }).expect(200);
      expect(res.body).toEqual({ matched: 2, updated: 2, skipped: [], skippedCount: 0 });
      await t.http.post('/api/v1/leads/bulk-update').set(session.auth).send({ ids: [tagged], set: { addTags: ['VIP'] } }).expect(200);

      const after = await state();
      for (const id of edited) {
        expect(after.get(id)).toMatchObject({ score: 15, score_reasons: [{ rule: 'High or urgent priority', points: 15 }], version: before.get(id)!.version + 1 });
      }
      expect(after.get(tagged)).toMatchObject({ score: 40, score_reasons: [{ rule: 'VIP tag', points: 40 }], version: before.get(tagged)!.version + 1 });
      for (const id of other) {
        expect(after.get(id)).toEqual(before.get(id));
        expect(after.get(id)!.score).toBe(77);
      }
      // No rescoring of the workspace was queued.
      expect(await rulesVersion()).toBe(versionBefore);
      const scoring = await t.http.get('/api/v1/settings/scoring').set(session.auth).expect(200);
      expect(scoring.body.rescore.status).toBe('done');

      // The same for a single edit.
      await t.http.patch(`/api/v1/leads/${other[0]}`).set(session.auth).send({ priority: 'high' }).expect(200);
      const single = await state();
      expect(single.get(other[0])).toMatchObject({ score: 15, version: before.get(other[0])!.version + 1 });
      expect(single.get(other[1])).toEqual(before.get(other[1]));
    });

    it('rescoring after a rule change reaches every lead in the background, with progress, and keeps versions', async () => {
      const { session } = await workspace('Scoring rescore');
      const ids: string[] = [];
      for (let i = 0; i < 30; i++) ids.push((await lead(session, { tags: i % 3 === 0 ? ['VIP'] : ['other'] }).expect(201)).body.id);
      const before = await t.http.get(`/api/v1/leads/${ids[0]}`).set(session.auth).expect(200);
      expect(before.body.score).toBe(0);

      const created = await t.http
        .post('/api/v1/settings/scoring-rules')
        .set(session.auth)
        .send({ name: 'VIP tag', condition: { field: 'tags', op: 'hasAny', value: ['vip'] }, points: 40 })
        .expect(201);
      expect(created.body).toMatchObject({ name: 'VIP tag', points: 40, enabled: true });
      const queued = await t.http.get('/api/v1/settings/scoring').set(session.auth).expect(200);
      expect(['queued', 'running', 'done']).toContain(queued.body.rescore.status);

      const done = await until(
        async () => (await t.http.get('/api/v1/settings/scoring').set(session.auth).expect(200)).body.rescore,
        (r: Row) => r.status === 'done',
      );
      expect(done).toMatchObject({ total: 30, done: 30 });
      const after = await t.http.get(`/api/v1/leads/${ids[0]}`).set(session.auth).expect(200);
      expect(after.body.score).toBe(40);
      expect(after.body.scoreReasons).toEqual([{ rule: 'VIP tag', points: 40 }]);
      expect(after.body.version).toBe(before.body.version);
      expect((await t.http.get(`/api/v1/leads/${ids[1]}`).set(session.auth).expect(200)).body.score).toBe(0);

      // The list sorts by score and filters on it.
      const top = await t.http.get('/api/v1/leads?sort=-score&limit=5').set(session.auth).expect(200);
      expect(top.body.data.map((l: Row) => l.score)).toEqual([40, 40, 40, 40, 40]);
      const hot = await t.http.get('/api/v1/leads?scoreMin=40&limit=200').set(session.auth).expect(200);
      expect(hot.body.data).toHaveLength(10);

      // Disabling the rule takes the points away again.
      await t.http.patch(`/api/v1/settings/scoring-rules/${created.body.id}`).set(session.auth).send({ enabled: false }).expect(200);
      await until(
        async () => (await t.http.get(`/api/v1/leads/${ids[0]}`).set(session.auth).expect(200)).body.score,
        (score: number) => score === 0,
      );
    });

    it('refreshes decayed scores without an edit: only leads that crossed a whole day since the last run, set-based', async () => {
      const { session, owner, sql } = await workspace('Scoring decay');
      await t.http.patch('/api/v1/settings/scoring').set(session.auth).send({ decayPerDay: 4 }).expect(200);
      await until(
        async () => (await t.http.get('/api/v1/settings/scoring').set(session.auth).expect(200)).body.rescore.status,
        (status: string) => status === 'done',
      );
      const cold = (await lead(session, { company: 'Cold', priority: 'high' }).expect(201)).body;
      const warm = (await lead(session, { company: 'Warm', priority: 'high' }).expect(201)).body;
      expect([cold.score, warm.score]).toEqual([30, 30]);
      const decay = t.app.get(ScoreDecayJob);
      // The first run looks at every lead with points; none has lost a day yet.
      expect(await decay.refresh(owner.tenantId)).toBe(0);
      const [mark] = await sql<{ at: Date | null }>(`select decay_refreshed_at as at from lead_rule_settings`);
      expect(mark.at).not.toBeNull();

      // The clock moves in SQL: the last run was 3 days ago, the cold lead was last contacted just before it,
      // the warm one ten minutes ago.
      await sql(`update lead_rule_settings set decay_refreshed_at = now() - interval '3 days 1 minute'`);
      await sql(`update leads set last_contacted_at = now() - interval '3 days 2 minutes' where id = $1`, [cold.id]);
      await sql(`update leads set last_contacted_at = now() - interval '10 minutes' where id = $1`, [warm.id]);
      const before = (await t.http.get(`/api/v1/leads/${cold.id}`).set(session.auth).expect(200)).body;
      expect(before.score).toBe(30);

      expect(await decay.refresh(owner.tenantId)).toBe(1);
      const after = (await t.http.get(`/api/v1/leads/${cold.id}`).set(session.auth).expect(200)).body;
      expect(after.score).toBe(18);
      expect(after.scoreReasons).toEqual([
        { rule: 'Names a company', points: 15 },
        { rule: 'High or urgent priority', points: 15 },
        { rule: 'No contact (decay)', points: -12 },
      ]);
      // A score-only write: not an edit.
      expect(after.version).toBe(before.version);
      expect(after.updatedAt).toBe(before.updatedAt);
      expect((await t.http.get(`/api/v1/leads/${warm.id}`).set(session.auth).expect(200)).body.score).toBe(30);
      // Nothing crossed a day since: the next run changes nothing.
      expect(await decay.refresh(owner.tenantId)).toBe(0);

      // The periodic job goes through every workspace.
      await sql(`update lead_rule_settings set decay_refreshed_at = now() - interval '3 days 1 minute'`);
      await sql(`update leads set last_contacted_at = now() - interval '5 days 2 minutes' where id = $1`, [cold.id]);
      const changed = await decay.run();
      expect(changed[owner.tenantId]).toBe(1);
      expect((await t.http.get(`/api/v1/leads/${cold.id}`).set(session.auth).expect(200)).body.score).toBe(10);
    });

    it('previews a rule: how many of the latest leads it matches and how the average moves', async () => {
      const { session } = await workspace('Scoring preview');
      for (let i = 0; i < 4; i++) await lead(session, { tags: i < 1 ? ['partner'] : [] }).expect(201);
      const res = await t.http
        .post('/api/v1/settings/scoring/preview')
        .set(session.auth)
        .send({ condition: { field: 'tags', op: 'hasAny', value: ['partner'] }, points: 20 })
        .expect(200);
      expect(res.body).toEqual({ sampled: 4, matches: 1, averageBefore: 0, averageAfter: 5 });
    });

    it('refuses bad rules with a problem and a stable code, never a 500, and changes nothing', async () => {
      const { session, sql } = await workspace('Scoring fuzz');
      const countBefore = (await sql<{ n: number }>(`select count(*)::int as n from scoring_rules`))[0].n;
      const deep = JSON.parse('{"not":'.repeat(200) + '{"field":"source","op":"in","value":["a"]}' + '}'.repeat(200)) as unknown;
      const bodies: unknown[] = [
        null,
        [],
        'rule',
        {},
        { name: 'x', points: 5 },
        { name: 'x', condition: null, points: 5 },
        { name: 'x', condition: { field: 'source', op: 'in', value: ['web'] }, points: 'five' },
        { name: 'x', condition: { field: 'source', op: 'in', value: ['web'] }, points: 1000 },
        { name: 'x', condition: { field: 'source', op: 'in', value: ['web'] }, points: 2.5 },
        { name: '', condition: { field: 'source', op: 'in', value: ['web'] }, points: 5 },
        { name: 'x'.repeat(500), condition: { field: 'source', op: 'in', value: ['web'] }, points: 5 },
        { name: 'x', condition: { field: 'source', op: 'in', value: ['we\u0000b'] }, points: 5 },
        { name: 'x', condition: { field: 'nope', op: 'in', value: ['web'] }, points: 5 },
        { name: 'x', condition: { field: 'score', op: 'gte', value: 5 }, points: 5 },
        { name: 'x', condition: { all: [] }, points: 5 },
        { name: 'x', condition: deep, points: 5 },
        { name: 'x', condition: { any: Array.from({ length: 500 }, () => ({ field: 'source', op: 'in', value: ['a'] })) }, points: 5 },
        { name: 'x', condition: { field: 'tags', op: 'hasAny', value: Array.from({ length: 1000 }, (_, i) => `t${i}`) }, points: 5 },
      ];
      for (const body of bodies) {
        const res = await t.http.post('/api/v1/settings/scoring-rules').set(session.auth).set('Content-Type', 'application/json').send(JSON.stringify(body));
        expect({ body, status: res.status }).toEqual({ body, status: expect.any(Number) });
        expect([400, 413, 422]).toContain(res.status);
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(typeof res.body.code).toBe('string');
        expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/);
      }
      const invalid = await t.http
        .post('/api/v1/settings/scoring-rules')
        .set(session.auth)
        .send({ name: 'x', condition: { field: 'messageLength', op: 'gte', value: -3 }, points: 5 })
        .expect(422);
      expect(invalid.body).toMatchObject({ code: 'invalid_condition', errors: [{ field: 'condition.value' }] });
      await t.http.patch('/api/v1/settings/scoring-rules/not-a-uuid').set(session.auth).send({ points: 1 }).expect(400);
      await t.http.patch('/api/v1/settings/scoring-rules/00000000-0000-4000-8000-000000000000').set(session.auth).send({ points: 1 }).expect(404);
      await t.http.patch('/api/v1/settings/scoring').set(session.auth).send({ decayPerDay: -1 }).expect(400);
      await t.http.get('/api/v1/leads?scoreMin=abc').set(session.auth).expect(400);
      await t.http.get('/api/v1/leads?scoreMin=101').set(session.auth).expect(400);
      expect((await sql<{ n: number }>(`select count(*)::int as n from scoring_rules`))[0].n).toBe(countBefore);
    });

    it('lets only settings:manage change rules', async () => {
      const { owner, session } = await workspace('Scoring permissions');
      const agent = await addUser(t.app, owner.tenantId, owner.roleIds.agent, 'agent');
      const agentSession = await signIn(t.http, agent.email, agent.password);
      await t.http.get('/api/v1/settings/scoring').set(agentSession.auth).expect(200);
      await t.http
        .post('/api/v1/settings/scoring-rules')
        .set(agentSession.auth)
        .send({ name: 'x', condition: { field: 'source', op: 'in', value: ['web'] }, points: 5 })
        .expect(403);
      await t.http.post('/api/v1/leads/route').set(agentSession.auth).send({}).expect(403);
      await t.http.get('/api/v1/settings/assignment').set(session.auth).expect(200);
    });
  });

  describe('assignment', () => {
    it('spreads a concurrent burst of 50 leads over 3 round-robin users 17/17/16, each with an event naming the rule', async () => {
      const { owner, session, sql } = await workspace('Round robin');
      const users = await Promise.all(['ann', 'bob', 'cid'].map((label) => addUser(t.app, owner.tenantId, owner.roleIds.agent, label)));
      const rule = await t.http
        .post('/api/v1/settings/assignment-rules')
        .set(session.auth)
        .send({ name: 'Everyone in turn', action: 'round_robin', groupUserIds: users.map((u) => u.id) })
        .expect(201);
      const responses = await Promise.all(Array.from({ length: 50 }, () => lead(session, {})));
      expect(responses.filter((r) => r.status !== 201).map((r) => r.body)).toEqual([]);
      expect(responses.every((r) => users.some((u) => u.id === r.body.assigneeId))).toBe(true);

      const counts = await sql<{ assignee_id: string; n: number }>(`select assignee_id, count(*)::int as n from leads group by assignee_id`);
      expect(counts.map((c) => c.n).sort()).toEqual([16, 17, 17]);
      const events = await sql<{ data: Row }>(`select data from lead_events where type = 'updated'`);
      expect(events).toHaveLength(50);
      expect(events.every((e) => (e.data.rule as Row).id === rule.body.id && (e.data.rule as Row).name === 'Everyone in turn')).toBe(true);
      expect(events.every((e) => (e.data.changes as Row).assigneeId !== undefined)).toBe(true);
      const [stored] = await sql<{ last_user_id: string }>(`select last_user_id from assignment_rules where id = $1`, [rule.body.id]);
      expect(users.map((u) => u.id)).toContain(stored.last_user_id);
    });

    it('skips away, disabled and full users, falls through to the next rule, and routes unassigned leads on demand', async () => {
      const { owner, session, sql } = await workspace('Availability');
      const [ann, bob, cid] = await Promise.all(['ann', 'bob', 'cid'].map((label) => addUser(t.app, owner.tenantId, owner.roleIds.agent, label)));
      // Leads that arrive before any rule stay unassigned.
      const early = await lead(session, { priority: 'urgent' }).expect(201);
      expect(early.body.assigneeId).toBeNull();

      const annSession = await signIn(t.http, ann.email, ann.password);
      const away = await t.http.patch('/api/v1/auth/me/availability').set(annSession.auth).send({ away: true }).expect(200);
      expect(away.body.user.away).toBe(true);
      await t.http.patch(`/api/v1/users/${bob.id}`).set(session.auth).send({ leadCapacity: 1 }).expect(200);
      const bobDto = await t.http.get(`/api/v1/users/${bob.id}`).set(session.auth).expect(200);
      expect(bobDto.body).toMatchObject({ leadCapacity: 1, away: false });

      await t.http
        .post('/api/v1/settings/assignment-rules')
        .set(session.auth)
        .send({ name: 'Urgent to the team', condition: { field: 'priority', op: 'in', value: ['urgent'] }, action: 'round_robin', groupUserIds: [ann.id, bob.id] })
        .expect(201);
      await t.http.post('/api/v1/settings/assignment-rules').set(session.auth).send({ name: 'The rest to Cid', action: 'user', userId: cid.id }).expect(201);

      const first = await lead(session, { priority: 'urgent' }).expect(201);
      expect(first.body.assigneeId).toBe(bob.id); // Ann is away
      const second = await lead(session, { priority: 'urgent' }).expect(201);
      expect(second.body.assigneeId).toBe(cid.id); // Bob is full, Ann away: the next rule
      const plain = await lead(session, { priority: 'low' }).expect(201);
      expect(plain.body.assigneeId).toBe(cid.id);
      const [event] = await sql<{ data: Row }>(`select data from lead_events where lead_id = $1 and type = 'updated'`, [second.body.id]);
      expect((event.data.rule as Row).name).toBe('The rest to Cid');

      // Ann is back: routing the unassigned lead that came in before the rules gives it to her.
      await t.http.patch('/api/v1/auth/me/availability').set(annSession.auth).send({ away: false }).expect(200);
      const preview = await t.http.get('/api/v1/settings/assignment/preview').set(session.auth).expect(200);
      expect(preview.body.rows).toHaveLength(4);
      const routed = await t.http.post('/api/v1/leads/route').set(session.auth).send({ filter: { priority: ['urgent'] } }).expect(200);
      expect(routed.body).toEqual({ considered: 1, assigned: 1, byUser: { [ann.id]: 1 } });
      const after = await t.http.get(`/api/v1/leads/${early.body.id}`).set(session.auth).expect(200);
      expect(after.body.assigneeId).toBe(ann.id);
      await t.http.post('/api/v1/leads/route').set(session.auth).send({ filter: { priority: ['nope'] } }).expect(400);
      await t.http.post('/api/v1/leads/route').set(session.auth).send({ limit: 0 }).expect(400);
    });

    it('holds a capacity exactly under a concurrent burst, reads the intake score in conditions, and answers each lead as stored', async () => {
      const { owner, session, sql } = await workspace('Capacity burst');
      const [ann, cid] = await Promise.all(['ann', 'cid'].map((label) => addUser(t.app, owner.tenantId, owner.roleIds.agent, label)));
      await t.http.patch(`/api/v1/users/${ann.id}`).set(session.auth).send({ leadCapacity: 4 }).expect(200);
      // The default rules give a lead naming a company 15 points; only those go to Ann, up to her capacity.
      await t.http
        .post('/api/v1/settings/assignment-rules')
        .set(session.auth)
        .send({ name: 'Scored to Ann', condition: { field: 'score', op: 'gte', value: 15 }, action: 'round_robin', groupUserIds: [ann.id] })
        .expect(201);
      await t.http.post('/api/v1/settings/assignment-rules').set(session.auth).send({ name: 'The rest to Cid', action: 'user', userId: cid.id }).expect(201);

      const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => lead(session, i % 2 ? { company: 'Acme' } : {})));
      expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
      const byAssignee = (company: boolean, userId: string) => responses.filter((r) => Boolean(r.body.company) === company && r.body.assigneeId === userId).length;
      expect(byAssignee(true, ann.id)).toBe(4);
      expect(byAssignee(true, cid.id)).toBe(6);
      expect(byAssignee(false, cid.id)).toBe(10);
      const counts = await sql<{ assignee_id: string; n: number }>(`select assignee_id, count(*)::int as n from leads group by assignee_id order by n`);
      expect(counts).toEqual([
        { assignee_id: ann.id, n: 4 },
        { assignee_id: cid.id, n: 16 },
      ]);
      // The answer is the lead as it was committed: assignee, version and all.
      for (const response of responses.slice(0, 4)) {
        const stored = await t.http.get(`/api/v1/leads/${response.body.id}`).set(session.auth).expect(200);
        expect(response.body).toEqual({ ...stored.body, deduplicated: false });
      }
      const events = await sql<{ n: number }>(`select count(*)::int as n from lead_events where type = 'updated' and data ? 'rule'`);
      expect(events).toEqual([{ n: 20 }]);
      // Each timeline reads 'created', then the assignment.
      const outOfOrder = await sql<{ n: number }>(
        `select count(*)::int as n from lead_events u join lead_events c on c.lead_id = u.lead_id and c.type = 'created'
         where u.type = 'updated' and u.created_at <= c.created_at`,
      );
      expect(outOfOrder).toEqual([{ n: 0 }]);
    });

    it('refuses rules naming users of another workspace or malformed targets', async () => {
      const a = await workspace('Targets A');
      const b = await workspace('Targets B');
      const post = (body: unknown) => t.http.post('/api/v1/settings/assignment-rules').set(a.session.auth).set('Content-Type', 'application/json').send(JSON.stringify(body));
      expect((await post({ name: 'x', action: 'user', userId: b.owner.id })).body.code).toBe('invalid_assignment_target');
      expect((await post({ name: 'x', action: 'round_robin', groupUserIds: [a.owner.id, a.owner.id] })).status).toBe(422);
      for (const body of [null, {}, { name: 'x', action: 'nope' }, { name: 'x', action: 'round_robin', groupUserIds: [] }, { name: 'x', action: 'user' }, { name: 'x', action: 'user', userId: 'me' }]) {
        const res = await post(body);
        expect([400, 422]).toContain(res.status);
        expect(typeof res.body.code).toBe('string');
      }
      await t.http.patch('/api/v1/settings/assignment').set(a.session.auth).send({ timeZone: 'Mars/Olympus' }).expect(422);
      const tz = await t.http.patch('/api/v1/settings/assignment').set(a.session.auth).send({ timeZone: 'Europe/Berlin' }).expect(200);
      expect(tz.body.timeZone).toBe('Europe/Berlin');
    });
  });

  it('keeps every workspace to its own rules', async () => {
    const a = await workspace('Isolation A');
    const b = await workspace('Isolation B');
    const ruleA = await t.http
      .post('/api/v1/settings/scoring-rules')
      .set(a.session.auth)
      .send({ name: 'A only', condition: { field: 'source', op: 'in', value: ['api'] }, points: 50 })
      .expect(201);
    const assignA = await t.http.post('/api/v1/settings/assignment-rules').set(a.session.auth).send({ name: 'All to A owner', action: 'user', userId: a.owner.id }).expect(201);

    expect((await t.http.get('/api/v1/settings/scoring').set(b.session.auth).expect(200)).body.rules.map((r: Row) => r.name)).not.toContain('A only');
    expect((await t.http.get('/api/v1/settings/assignment').set(b.session.auth).expect(200)).body.rules).toEqual([]);
    await t.http.patch(`/api/v1/settings/scoring-rules/${ruleA.body.id}`).set(b.session.auth).send({ points: 1 }).expect(404);
    await t.http.delete(`/api/v1/settings/scoring-rules/${ruleA.body.id}`).set(b.session.auth).expect(404);
    await t.http.patch(`/api/v1/settings/assignment-rules/${assignA.body.id}`).set(b.session.auth).send({ name: 'mine' }).expect(404);

    // A lead of B is scored by B's rules and routed by none of A's.
    const leadB = await lead(b.session, {}).expect(201);
    expect(leadB.body).toMatchObject({ score: 0, assigneeId: null });
    const leadA = await lead(a.session, {}).expect(201);
    expect(leadA.body.assigneeId).toBe(a.owner.id);
    expect(await b.sql(`select id from scoring_rules where id = $1`, [ruleA.body.id])).toEqual([]);
  });
});

// A small pool: intake in a workspace with assignment rules runs in a transaction, and must not need a
// second connection while it holds one (the scoring model read on a cache miss went through the pool).
describe('intake with assignment rules on a small pool', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_DEFAULT: '100000', RATE_LIMIT_LOGIN: '1000', DATABASE_POOL_SIZE: '3' } });
  });

  afterAll(async () => {
    await t.close();
  });

  it('stores a concurrent burst with a cold scoring cache without starving the pool', async () => {
    const owner = await createTenantWithUser(t.app, 'owner', 'Small pool');
    const session = await signIn(t.http, owner.email, owner.password);
    await t.http.post('/api/v1/settings/assignment-rules').set(session.auth).send({ name: 'All to the owner', action: 'round_robin', groupUserIds: [owner.id] }).expect(201);
    // Past the per-process cache of the scoring rules, so the burst's transactions all miss it.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => t.http.post('/api/v1/leads').set(session.auth).send({ email: uniqueEmail(`pool${i}`), company: 'Pool' })));
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(201));
    expect(results.every((r) => r.body.assigneeId === owner.id && r.body.score === 15)).toBe(true);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
