// Seeds the bench database with set-based SQL: a few agents per tenant and N generated leads per tenant.
// The secondary indexes of `leads` and `lead_search` are dropped first and rebuilt afterwards (one sorted
// build is far cheaper than a million incremental inserts, GIN trigram indexes above all); the
// migrations' triggers stay on, so whatever they derive (SLA due times, search text, stats counters) is
// derived for seeded leads too.
import { withClient } from './database.mjs';

export const AGENTS_PER_TENANT = 5;
// Search scenario: a company name that only a handful of leads of tenant 1 carry.
export const RARE_COMPANY = 'Zyxwerk GmbH';
export const RARE_COMPANY_EVERY = 28_000;
// Bulk-update scenario: every 7th lead of tenant 1 carries this tag (100,000 of 700,000).
export const BULK_TAG = 'bench-bulk';
export const BULK_TAG_EVERY = 7;

const FIRST = ['Anna', 'Ben', 'Clara', 'David', 'Elena', 'Felix', 'Greta', 'Hugo', 'Ida', 'Jonas', 'Karin', 'Lukas', 'Maria', 'Noah', 'Olga', 'Paul', 'Quinn', 'Rosa', 'Sven', 'Tara', 'Ulla', 'Victor', 'Wendy', 'Xaver', 'Yara', 'Zoe', 'Amir', 'Bea', 'Chen', 'Dana', 'Emil', 'Fatima', 'Gina', 'Hannes', 'Ines', 'Jakob', 'Kofi', 'Lena', 'Mateo', 'Nina'];
const LAST = ['Schmidt', 'Miller', 'Garcia', 'Rossi', 'Novak', 'Jensen', 'Dubois', 'Kowalski', 'Silva', 'Nakamura', 'Okafor', 'Larsen', 'Weber', 'Moreau', 'Costa', 'Fischer', 'Horvat', 'Berg', 'Ivanova', 'Kaya', 'Lind', 'Meyer', 'Nowak', 'Ortiz', 'Petrov', 'Quist', 'Richter', 'Santos', 'Tanaka', 'Urban'];
const COMPANY = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne', 'Tyrell', 'Cyberdyne', 'Soylent', 'Aperture', 'Wonka', 'Gringotts', 'Monarch', 'Nakatomi', 'Oscorp', 'Pied Piper', 'Massive Dynamic', 'Black Mesa', 'Blue Sun', 'Dunder', 'Prestige', 'Sterling', 'Virtucon', 'Zorg', 'Bluth', 'Krusty', 'Ollivander', 'Genco'];
const SUFFIX = ['GmbH', 'Inc', 'Ltd', 'LLC', 'AG', 'SARL', 'BV', 'Group', 'Labs', 'Partners'];
const DOMAIN = ['example.com', 'example.org', 'example.net', 'mail.example', 'corp.example'];
const SUBJECT = ['Pricing question', 'Demo request', 'Partnership', 'Support for onboarding', 'Quote for 50 seats', 'Job application', 'Callback please', 'Integration with our CRM', 'Annual plan', 'Event sponsorship', 'Reseller inquiry', 'Data migration'];
const MESSAGE = [
  'Hello, we would like to learn more about your offer and pricing for our team.',
  'Could you call me back this week? We are evaluating a few vendors.',
  'We met at the conference and would like to continue the conversation.',
  'Please send a quote for the yearly plan including onboarding support.',
  'Attached is my CV, I am interested in the open position.',
  'Our current tool is too slow with our volume of requests; can yours handle it?',
];
const ROLE = ['CEO', 'CTO', 'Head of Sales', 'Marketing Manager', 'Office Manager', 'Founder', 'Procurement', 'Engineer', 'Consultant', 'Student'];

const arr = (values) => `ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')}]`;
// A random element of a literal array.
const pick = (values) => `(${arr(values)})[1 + floor(random() * ${values.length})::int]`;

// Leads number $2..$6 of one tenant. $1 tenant id, $3 agent ids, $4 phone base (unique per tenant), $5
// whether this tenant gets the rare company and the bulk tag.
const INSERT_LEADS = `
INSERT INTO leads (tenant_id, type, status, priority, quality_score, name, email, phone, company, subject, message, role,
                   source, source_ref, tags, metadata, assignee_id, follow_up_at, first_contacted_at, last_contacted_at,
                   respond_by, version, created_at, updated_at, deleted_at)
SELECT $1::uuid, type, status, priority, quality_score, first || ' ' || last,
       CASE WHEN no_email THEN NULL ELSE lower(first) || '.' || lower(last) || '.' || g || '@' || domain END,
       CASE WHEN no_email OR has_phone THEN '+' || ($4::bigint + g)::text END,
       CASE WHEN $5 AND g % ${RARE_COMPANY_EVERY} = 17 THEN '${RARE_COMPANY}' WHEN has_company THEN company END,
       subject, message, role, source,
       CASE WHEN source = 'api' THEN 'crm-' || g END,
       array_remove(ARRAY[
         CASE WHEN random() < 0.20 THEN 'newsletter' END,
         CASE WHEN random() < 0.10 THEN 'enterprise' END,
         CASE WHEN random() < 0.15 THEN 'smb' END,
         CASE WHEN random() < 0.05 THEN 'vip' END,
         CASE WHEN random() < 0.08 THEN 'event-2025' END,
         CASE WHEN $5 AND g % ${BULK_TAG_EVERY} = 0 THEN '${BULK_TAG}' END], NULL),
       CASE WHEN random() < 0.3 THEN jsonb_build_object('utm', jsonb_build_object('source', ${pick(['google', 'linkedin', 'newsletter', 'partner'])}, 'campaign', 'spring')) ELSE '{}'::jsonb END,
       CASE WHEN status <> 'unread' AND random() < 0.7 THEN ($3::uuid[])[1 + floor(random() * cardinality($3::uuid[]))::int] END,
       CASE WHEN status IN ('contacted', 'qualified') AND random() < 0.3 THEN now() + random() * interval '14 days' END,
       first_contacted_at, last_contacted_at,
       -- What the insert trigger computes from the default response targets, given here so that it skips
       -- its per-row settings look-up.
       CASE WHEN first_contacted_at IS NULL
            THEN created_at + interval '1 minute' * CASE priority WHEN 'urgent' THEN 15 WHEN 'high' THEN 60 WHEN 'medium' THEN 240 ELSE 1440 END END,
       1, created_at, greatest(created_at, last_contacted_at),
       CASE WHEN age_days > 30 AND random() < 0.005 THEN created_at + interval '30 days' END
FROM (
  SELECT *, least(now(), first_contacted_at + random() * interval '10 days') AS last_contacted_at
  FROM (
  SELECT *,
         CASE WHEN status IN ('contacted', 'qualified', 'converted') OR (status = 'archived' AND random() < 0.5)
              THEN least(now(), created_at + interval '1 minute' * (5 + (-ln(1 - random())) * 240)) END AS first_contacted_at
  FROM (
    SELECT g, created_at, age_days,
           CASE WHEN age_days < 2 THEN CASE WHEN u < 0.7 THEN 'unread' ELSE 'processing' END
                WHEN age_days < 14 THEN CASE WHEN u < 0.15 THEN 'unread' WHEN u < 0.40 THEN 'processing' WHEN u < 0.70 THEN 'contacted'
                                             WHEN u < 0.85 THEN 'qualified' WHEN u < 0.92 THEN 'converted' ELSE 'archived' END
                ELSE CASE WHEN u < 0.01 THEN 'unread' WHEN u < 0.04 THEN 'processing' WHEN u < 0.34 THEN 'contacted'
                          WHEN u < 0.54 THEN 'qualified' WHEN u < 0.70 THEN 'converted' ELSE 'archived' END
           END AS status,
           CASE WHEN p < 0.30 THEN 'low' WHEN p < 0.75 THEN 'medium' WHEN p < 0.93 THEN 'high' ELSE 'urgent' END AS priority,
           CASE WHEN t < 0.70 THEN 'contact' WHEN t < 0.80 THEN 'cv_request' WHEN t < 0.95 THEN 'collaboration' ELSE 'custom' END AS type,
           CASE WHEN s < 0.40 THEN 'website' WHEN s < 0.60 THEN 'api' WHEN s < 0.75 THEN 'referral' WHEN s < 0.90 THEN 'linkedin' ELSE 'webinar' END AS source,
           CASE WHEN random() < 0.2 THEN NULL ELSE floor(random() * 101)::smallint END AS quality_score,
           ${pick(FIRST)} AS first, ${pick(LAST)} AS last, ${pick(DOMAIN)} AS domain,
           ${pick(COMPANY)} || ' ' || ${pick(SUFFIX)} AS company,
           ${pick(SUBJECT)} AS subject, ${pick(MESSAGE)} AS message, ${pick(ROLE)} AS role,
           random() < 0.05 AS no_email, random() < 0.6 AS has_phone, random() < 0.85 AS has_company
    FROM (
      SELECT g, created_at, extract(epoch FROM now() - created_at) / 86400 AS age_days,
             random() AS u, random() AS p, random() AS t, random() AS s
      FROM (SELECT g, now() - random() * interval '365 days' AS created_at FROM generate_series($2::int, $6::int) AS g) AS base
    ) AS r
  ) AS q
  ) AS contacted
) AS leads_in
`;

async function timed(log, label, fn) {
  const started = Date.now();
  const result = await fn();
  log(`  ${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

// The tables the seed fills: leads, and what the insert triggers on leads write for each lead.
const INDEXED_TABLES = ['leads', 'lead_search'];

async function existing(c, tables) {
  return (await c.query(`SELECT t FROM unnest($1::text[]) AS t WHERE to_regclass(t) IS NOT NULL`, [tables])).rows.map((r) => r.t);
}

// Two connections: the machine has two cores, and both the inserts and the index builds are CPU-bound.
const WORKERS = 2;

// Runs the tasks on WORKERS connections, each taking the next task when it is free.
async function onConnections(ownerUrl, tasks, setup) {
  const queue = [...tasks];
  await Promise.all(
    Array.from({ length: WORKERS }, (_, w) =>
      withClient(ownerUrl, async (c) => {
        await setup(c, w);
        for (let task = queue.shift(); task; task = queue.shift()) await task(c);
      }),
    ),
  );
}

// tenants: [{ tenantId, leads, rare }]. Returns timings in ms, the agent ids and the lead count per tenant.
export async function seed(ownerUrl, tenants, log) {
  const started = Date.now();
  const { agents, indexes } = await withClient(ownerUrl, async (c) => {
    const agents = {};
    for (const [i, t] of tenants.entries()) {
      const { rows } = await c.query(
        `INSERT INTO users (tenant_id, email, name, role_id, status)
         SELECT $1, 'agent' || n || '@tenant' || $2 || '.bench.hotleads.test', 'Agent ' || n, r.id, 'active'
         FROM generate_series(1, $3::int) AS n, roles r WHERE r.tenant_id = $1 AND r.key = 'agent'
         RETURNING id`,
        [t.tenantId, i + 1, AGENTS_PER_TENANT],
      );
      agents[t.tenantId] = rows.map((r) => r.id);
    }
    const { rows: indexes } = await c.query(
      `SELECT i.relname AS name, pg_get_indexdef(x.indexrelid) AS def, am.amname AS method
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_am am ON am.oid = i.relam
       WHERE x.indrelid IN (SELECT to_regclass(t) FROM unnest($1::text[]) AS t) AND NOT x.indisprimary
         AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)`,
      [INDEXED_TABLES],
    );
    await c.query('BEGIN');
    for (const { name } of indexes) await c.query(`DROP INDEX ${c.escapeIdentifier(name)}`);
    // The foreign-key checks (one look-up per row and key) go too: the seed writes only tenant and agent
    // ids it has just read. The migrations' own triggers (ENABLE TRIGGER USER) stay on.
    for (const table of await existing(c, INDEXED_TABLES)) {
      await c.query(`ALTER TABLE ${c.escapeIdentifier(table)} DISABLE TRIGGER ALL`);
      await c.query(`ALTER TABLE ${c.escapeIdentifier(table)} ENABLE TRIGGER USER`);
    }
    await c.query('COMMIT');
    return { agents, indexes };
  });

  // Each tenant in halves, so both connections get the same amount of work.
  const chunks = tenants.flatMap((t, i) => {
    const half = Math.ceil(t.leads / 2);
    return [
      [1, half],
      [half + 1, t.leads],
    ]
      .filter(([from, to]) => to >= from)
      .map(([from, to]) => ({ t, i, from, to }));
  });
  const insertStarted = Date.now();
  try {
    await timed(log, 'leads inserted', () =>
      onConnections(
        ownerUrl,
        chunks.map(({ t, i, from, to }) => (c) => c.query(INSERT_LEADS, [t.tenantId, from, agents[t.tenantId], 10_000_000_000 * (i + 1) + 2_000_000_000, t.rare, to])),
        // Bulk work that is thrown away when it fails: no need to wait for WAL flushes. A fixed seed per
        // connection keeps the generated data alike from run to run.
        async (c, w) => {
          await c.query(`SET synchronous_commit = off`);
          await c.query(`SELECT setseed($1)`, [0.42 + w / 10]);
        },
      ),
    );
  } finally {
    await withClient(ownerUrl, async (c) => {
      for (const table of await existing(c, INDEXED_TABLES)) await c.query(`ALTER TABLE ${c.escapeIdentifier(table)} ENABLE TRIGGER ALL`);
    });
  }
  const insertMs = Date.now() - insertStarted;

  // The trigram index takes longest: it starts first, the others fill the other connection meanwhile.
  const weight = ({ def, method }) => (def.includes('gin_trgm_ops') ? 2 : method === 'gin' ? 1 : 0);
  const ordered = [...indexes].sort((a, b) => weight(b) - weight(a));
  const indexStarted = Date.now();
  await timed(log, `${indexes.length} indexes rebuilt`, () =>
    onConnections(
      ownerUrl,
      ordered.map(({ def }) => (c) => c.query(def)),
      (c) => c.query(`SET maintenance_work_mem = '512MB'`),
    ),
  );
  const indexMs = Date.now() - indexStarted;

  return withClient(ownerUrl, async (c) => {
    const vacuumStarted = Date.now();
    // VACUUM sets the visibility map (index-only scans, e.g. for counts); ANALYZE gives the planner real statistics.
    // BENCH_SEED_ANALYZE=false leaves that to autovacuum (or to nobody), like a table just loaded
    // through the API: the API's plans must hold up without statistics the bench provided.
    const tables = await existing(c, [...INDEXED_TABLES, 'users']);
    if (process.env.BENCH_SEED_ANALYZE === 'false') log('  no VACUUM ANALYZE (BENCH_SEED_ANALYZE=false)');
    else await timed(log, 'VACUUM ANALYZE', () => c.query(`VACUUM (ANALYZE) ${tables.map((t) => c.escapeIdentifier(t)).join(', ')}`));
    const vacuumMs = Date.now() - vacuumStarted;
    const { rows: counts } = await c.query(`SELECT tenant_id, count(*)::int AS n FROM leads GROUP BY tenant_id`);
    return { totalMs: Date.now() - started, insertMs, indexMs, vacuumMs, agents, counts: Object.fromEntries(counts.map((r) => [r.tenant_id, r.n])) };
  });
}
