import { evaluateCondition, parseCondition, type ConditionLead, type LeadCondition, type LeafCondition } from '@hotleads/shared';
import { Client } from 'pg';
import { compileCondition, minuteOfDaySql, param, type SqlParams } from '../src/modules/rules/condition-sql';
import { finishScoreSql, scoreLead, scoreSql, type ScoringModel } from '../src/modules/rules/scoring';
import { testAdminUrl } from './support/test-env';

// Property-style checks of the condition language: random leads and random conditions, evaluated by the
// TypeScript evaluator and by the compiled SQL on a real PostgreSQL, must agree; scores stay in 0-100
// and their reasons add up to them.

// A small deterministic generator (mulberry32), so a failure can be replayed from its seed.
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FORMS = ['6f1c1c9e-5a53-4f7b-9d59-0d0f2b1c0001', '6f1c1c9e-5a53-4f7b-9d59-0d0f2b1c0002'];
const POOL = {
  source: ['api', 'Form', 'import', 'zoho'],
  type: ['contact', 'cv_request', 'collaboration', 'custom'],
  priority: ['low', 'medium', 'high', 'urgent'],
  emailVerdict: ['deliverable', 'undeliverable', 'risky', 'unknown'],
  phoneLineType: ['mobile', 'landline', 'voip', 'tollFree'],
  utmCampaign: ['spring', 'Winter', 'ÉTÉ'],
  form: FORMS,
  country: ['DE', 'FR', 'US'],
  tags: ['VIP', 'vip', 'partner', 'cold', 'Ärzte'],
};

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)];
}
function some<T>(r: () => number, list: readonly T[], min = 1): T[] {
  const out = list.filter(() => r() < 0.4);
  return out.length >= min ? out : [pick(r, list)];
}
const maybe = <T>(r: () => number, value: T): T | null => (r() < 0.25 ? null : value);

function randomLead(r: () => number): ConditionLead {
  return {
    source: pick(r, POOL.source),
    type: pick(r, POOL.type),
    priority: pick(r, POOL.priority),
    emailVerdict: maybe(r, pick(r, POOL.emailVerdict)),
    phoneLineType: maybe(r, pick(r, POOL.phoneLineType)),
    utmCampaign: maybe(r, pick(r, POOL.utmCampaign)),
    formId: maybe(r, pick(r, FORMS)),
    country: maybe(r, pick(r, POOL.country)),
    tags: r() < 0.3 ? [] : some(r, POOL.tags),
    company: r() < 0.3 ? null : r() < 0.5 ? '' : 'Acme',
    message: r() < 0.2 ? null : '✓é'.repeat(Math.floor(r() * 120)),
    score: r() < 0.1 ? null : Math.floor(r() * 101),
  };
}

function randomLeaf(r: () => number, assignment: boolean): LeafCondition {
  const kinds = ['text', 'tags', 'hasCompany', 'messageLength', ...(assignment ? ['score', 'timeOfDay'] : [])];
  switch (pick(r, kinds)) {
    case 'tags':
      return { field: 'tags', op: pick(r, ['hasAny', 'hasAll', 'hasNone'] as const), value: some(r, POOL.tags).map((t) => (r() < 0.5 ? t.toUpperCase() : t)) };
    case 'hasCompany':
      return { field: 'hasCompany', op: 'is', value: r() < 0.5 };
    case 'messageLength':
      return { field: 'messageLength', op: pick(r, ['gte', 'lt'] as const), value: Math.floor(r() * 200) };
    case 'score':
      return { field: 'score', op: pick(r, ['gte', 'lt'] as const), value: Math.floor(r() * 101) };
    case 'timeOfDay': {
      const hhmm = () => `${String(Math.floor(r() * 24)).padStart(2, '0')}:${String(Math.floor(r() * 60)).padStart(2, '0')}`;
      return { field: 'timeOfDay', op: 'between', value: { from: hhmm(), to: hhmm() } };
    }
    default: {
      const field = pick(r, ['source', 'type', 'priority', 'emailVerdict', 'phoneLineType', 'utmCampaign', 'form', 'country'] as const);
      return { field, op: pick(r, ['in', 'notIn'] as const), value: some(r, POOL[field]).map((v) => (r() < 0.3 ? v.toLowerCase() : v)) };
    }
  }
}

function randomCondition(r: () => number, assignment: boolean, depth = 0): LeadCondition {
  const roll = r();
  if (depth >= 3 || roll < 0.55) return randomLeaf(r, assignment);
  if (roll < 0.75) return { all: [randomCondition(r, assignment, depth + 1), randomCondition(r, assignment, depth + 1)] };
  if (roll < 0.92) return { any: [randomCondition(r, assignment, depth + 1), randomCondition(r, assignment, depth + 1), randomCondition(r, assignment, depth + 1)] };
  return { not: randomCondition(r, assignment, depth + 1) };
}

// The lead as a one-row relation `l` with the columns the compiled SQL reads.
function leadRowSql(lead: ConditionLead, params: SqlParams, createdAt: Date, lastContactedAt: Date | null): string {
  const id = param(params, '00000000-0000-4000-8000-000000000000', 'uuid');
  const metadata: Record<string, unknown> = {};
  if (lead.country !== null) metadata.country = lead.country;
  if (lead.utmCampaign !== null) metadata.utm = { campaign: lead.utmCampaign };
  return `(SELECT ${id} AS id, ${param(params, lead.source, 'text')} AS source, ${param(params, lead.type, 'text')} AS type, ${param(params, lead.priority, 'text')} AS priority,
    ${param(params, lead.emailVerdict, 'text')} AS email_verdict, ${param(params, lead.phoneLineType, 'text')} AS phone_line_type,
    ${param(params, metadata, 'jsonb')} AS metadata, ${param(params, lead.formId, 'uuid')} AS form_id, ${param(params, lead.tags, 'text[]')} AS tags,
    ${param(params, lead.company, 'text')} AS company, ${param(params, lead.message, 'text')} AS message, ${param(params, lead.score, 'smallint')} AS score,
    ${param(params, createdAt.toISOString(), 'timestamptz')} AS created_at, ${param(params, lastContactedAt?.toISOString() ?? null, 'timestamptz')} AS last_contacted_at) l`;
}

describe('rule conditions: TypeScript and SQL agree', () => {
  let client: Client;

  beforeAll(async () => {
    client = new Client({ connectionString: testAdminUrl() });
    await client.connect();
  });
  afterAll(() => client.end());

  it('gives the same answer for 400 random conditions on random leads, at random times of day', async () => {
    const r = rng(20261207);
    for (let i = 0; i < 400; i++) {
      const condition = randomCondition(r, true);
      // What the API would accept is what it evaluates.
      expect(parseCondition(JSON.parse(JSON.stringify(condition)), { assignment: true })).toEqual({ condition });
      const lead = randomLead(r);
      const at = new Date(Date.UTC(2026, 5, 1, Math.floor(r() * 24), Math.floor(r() * 60)));
      const minuteOfDay = (at.getUTCHours() + 2) % 24 * 60 + at.getUTCMinutes(); // Europe/Berlin in June: UTC+2
      const expected = evaluateCondition(condition, lead, { minuteOfDay });
      const params: SqlParams = { values: [] };
      const tz = param(params, 'Europe/Berlin', 'text');
      const minute = minuteOfDaySql(param(params, at.toISOString(), 'timestamptz'), tz);
      const sql = compileCondition(condition, params, { minuteOfDaySql: minute });
      const { rows } = await client.query<{ hit: boolean }>(`SELECT ${sql} AS hit, ${minute} AS minute FROM ${leadRowSql(lead, params, at, null)}`, params.values);
      if (rows[0].hit !== expected) throw new Error(`case ${i} disagrees: ${JSON.stringify({ condition, lead, at, expected })}`);
    }
  });

  it('scores the same in both, within 0-100, with reasons that add up to the score', async () => {
    const r = rng(7);
    const now = new Date('2026-06-30T12:00:00Z');
    for (let i = 0; i < 150; i++) {
      const model: ScoringModel = {
        rules: Array.from({ length: Math.floor(r() * 8) }, (_, k) => ({
          id: String(k),
          name: `Rule ${k}`,
          condition: randomCondition(r, false),
          points: Math.floor(r() * 121) - 40,
        })),
        decayPerDay: r() < 0.5 ? 0 : Math.floor(r() * 5),
      };
      const lead = randomLead(r);
      const createdAt = new Date(now.getTime() - Math.floor(r() * 40) * 86_400_000 - Math.floor(r() * 86_400_000));
      const lastContactedAt = r() < 0.5 ? null : new Date(createdAt.getTime() + Math.floor(r() * 5) * 86_400_000);
      const expected = scoreLead(model, lead, lastContactedAt ?? createdAt, now);
      expect(expected.score).toBeGreaterThanOrEqual(0);
      expect(expected.score).toBeLessThanOrEqual(100);
      expect(expected.reasons.reduce((s, x) => s + x.points, 0)).toBe(expected.score);

      const params: SqlParams = { values: [] };
      const nowParam = param(params, now.toISOString(), 'timestamptz');
      const { inner, raw, reasons } = scoreSql(model, params, nowParam);
      const { rows } = await client.query<{ raw: number; reasons: Array<{ rule: string; points: number }> }>(
        `SELECT (${raw})::int AS raw, ${reasons} AS reasons, ${nowParam} AS now FROM (SELECT ${inner} FROM ${leadRowSql(lead, params, createdAt, lastContactedAt)}) s`,
        params.values,
      );
      const last: SqlParams = { values: [] };
      const rawParam = param(last, rows[0].raw, 'int');
      const reasonsParam = param(last, JSON.stringify(rows[0].reasons), 'jsonb');
      const clamp = finishScoreSql(last, 'f');
      const { rows: finished } = await client.query<{ score: number; reasons: unknown }>(
        `SELECT ${clamp.score} AS score, ${clamp.reasons} AS reasons FROM (SELECT ${rawParam} AS raw, ${reasonsParam} AS reasons) f`,
        last.values,
      );
      expect(finished[0]).toEqual({ score: expected.score, reasons: expected.reasons });
      const sqlScore = Math.min(100, Math.max(0, rows[0].raw));
      expect({ i, score: sqlScore }).toEqual({ i, score: expected.score });
      expect(rows[0].reasons).toEqual(expected.reasons.filter((x) => x.rule !== 'Limited to 0-100'));
    }
  });

  it('refuses malformed conditions with the path of each problem', () => {
    const bad: unknown[] = [
      null,
      'source',
      { field: 'nope', op: 'in', value: ['a'] },
      { field: 'source', op: 'gte', value: ['a'] },
      { field: 'source', op: 'in', value: [] },
      { field: 'source', op: 'in', value: ['a\u0000b'] },
      { field: 'tags', op: 'hasAny', value: 'vip' },
      { field: 'messageLength', op: 'gte', value: -1 },
      { field: 'messageLength', op: 'gte', value: 1.5 },
      { field: 'hasCompany', op: 'is', value: 'yes' },
      { all: [] },
      { any: 'x' },
      { not: null },
      { field: 'timeOfDay', op: 'between', value: { from: '25:00', to: '10:00' } },
    ];
    let deep: unknown = { field: 'source', op: 'in', value: ['a'] };
    for (let i = 0; i < 10; i++) deep = { not: deep };
    bad.push(deep, { any: Array.from({ length: 60 }, () => ({ field: 'source', op: 'in', value: ['a'] })) });
    for (const raw of bad) {
      const result = parseCondition(raw, { assignment: true });
      expect('errors' in result && result.errors.length > 0 && result.errors.every((e) => e.path.startsWith('condition'))).toBe(true);
    }
    // Scoring rules cannot read the score or the clock.
    expect(parseCondition({ field: 'score', op: 'gte', value: 50 }, { assignment: false })).toHaveProperty('errors');
    expect(parseCondition({ field: 'timeOfDay', op: 'between', value: { from: '09:00', to: '17:00' } }, { assignment: false })).toHaveProperty('errors');
  });
});
