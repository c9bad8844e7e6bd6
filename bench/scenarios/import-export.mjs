// CSV import of 1,000,000 rows (upload, then the background merge) and CSV export of 1,000,000 rows, each
// beside a raw COPY of the same rows.
import { request } from 'node:http';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { call, rssSampler } from '../lib/api.mjs';
import { withClient } from '../lib/database.mjs';
import { dist } from '../lib/dist.mjs';
import { checksPass, int, mb } from '../lib/report.mjs';

export const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
export const IMPORT_SOURCE = 'bench-import';
// A slow import would hold up the whole run: past this it is reported with the rows done so far.
const IMPORT_TIMEOUT_S = Number(process.env.BENCH_IMPORT_TIMEOUT ?? 150);
const COPY_BATCH = 100_000;
// The COPY baseline gives a rate, not a finished import: a minute of it is enough.
const COPY_TIME_LIMIT_S = Math.min(IMPORT_TIMEOUT_S, 60);
const RSS_LIMIT = 300 * 1024 * 1024;

const COMPANIES = ['Acme GmbH', 'Globex Inc', 'Initech LLC', 'Hooli AG', 'Stark Labs'];
const SUBJECTS = ['Demo request', 'Pricing question', 'Partnership'];
const TYPES = ['contact', 'contact', 'contact', 'cv_request', 'collaboration'];
const PRIORITIES = ['low', 'medium', 'medium', 'high', 'urgent'];

// Row i of the import file: the API gets `tags` as "a|b", the COPY baseline as an array literal.
function rowOf(i, copy) {
  const tags = i % 3 === 0 ? ['imported', 'newsletter'] : ['imported'];
  return [
    `Imported Person ${i}`,
    `imported.${i}@import.bench.example`,
    i % 2 === 0 ? `+4940${String(10_000_000 + i).padStart(8, '0')}` : '',
    COMPANIES[i % COMPANIES.length],
    SUBJECTS[i % SUBJECTS.length],
    `"Hello, this is imported row ${i}; please call back."`,
    'Buyer',
    TYPES[i % TYPES.length],
    PRIORITIES[i % PRIORITIES.length],
    copy ? `"{${tags.join(',')}}"` : tags.join('|'),
  ].join(',');
}

async function* csv(copy, from = 0, to = IMPORT_ROWS) {
  yield 'name,email,phone,company,subject,message,role,type,priority,tags\n';
  for (let start = from; start < to; start += 2_000) {
    let chunk = '';
    for (let i = start; i < Math.min(start + 2_000, to); i++) chunk += rowOf(i, copy) + '\n';
    yield chunk;
  }
}

function upload(base, path, headers) {
  return new Promise((resolve, reject) => {
    const url = new URL(path, base);
    const req = request({ host: url.hostname, port: url.port, method: 'POST', path: url.pathname + url.search, headers: { ...headers, 'content-type': 'text/csv' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode, text }));
    });
    req.on('error', reject);
    Readable.from(csv(false)).pipe(req);
  });
}

export async function importCsv(ctx) {
  const t2 = ctx.tenants[1];
  const rowsLabel = IMPORT_ROWS.toLocaleString('en-US');
  const base = { id: 'import', scenario: `import ${rowsLabel} rows CSV`, target: '>= 20,000 rows/s' };
  const started = performance.now();
  const res = await upload(ctx.api.base, `/api/v1/leads/imports?source=${IMPORT_SOURCE}&filename=bench.csv`, t2.apiKey);
  if (res.status === 404) return { ...base, available: false, pass: null, apiSummary: 'not available (the API answers 404)', baselineSummary: '-', ratio: '-' };
  if (res.status !== 202) throw new Error(`import upload: HTTP ${res.status} ${res.text.slice(0, 500)}`);
  const uploadedS = (performance.now() - started) / 1000;
  const { id } = JSON.parse(res.text);
  let done;
  let timedOut = false;
  for (;;) {
    const status = await call(ctx.api.base, 'GET', `/api/v1/leads/imports/${id}`, { headers: t2.apiKey });
    if (status.status !== 200) throw new Error(`import status: HTTP ${status.status} ${JSON.stringify(status.body).slice(0, 500)}`);
    done = status.body;
    if (done.status === 'completed' || done.status === 'failed') break;
    if ((performance.now() - started) / 1000 > IMPORT_TIMEOUT_S) {
      timedOut = true;
      break;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const seconds = (performance.now() - started) / 1000;
  const rate = done.processedRows / seconds;
  ctx.importCompleted = !timedOut && done.status === 'completed' && done.created === IMPORT_ROWS;
  if (timedOut) {
    // The merge job would go on beside everything after this: the API runs without job workers from now on.
    ctx.importUnfinished = true;
    await ctx.restartApi({ workers: 'off' });
  }

  // Baseline: COPY of the same rows into a scratch table shaped like leads (same columns, defaults, checks
  // and indexes, but no triggers and no rows yet), as the owner; in batches, so it can stop at its time
  // limit.
  const baseline = await withClient(ctx.ownerUrl, async (c) => {
    await c.query(`DROP TABLE IF EXISTS bench_import_copy`);
    await c.query(`CREATE TABLE bench_import_copy (LIKE leads INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`);
    await c.query(`ALTER TABLE bench_import_copy ALTER tenant_id SET DEFAULT '${t2.tenantId}', ALTER source SET DEFAULT '${IMPORT_SOURCE}'`);
    const t0 = performance.now();
    let rows = 0;
    for (let from = 0; from < IMPORT_ROWS && (performance.now() - t0) / 1000 < COPY_TIME_LIMIT_S; from += COPY_BATCH) {
      const copy = c.query(copyStreams.from(`COPY bench_import_copy (name, email, phone, company, subject, message, role, type, priority, tags) FROM STDIN (FORMAT csv, HEADER)`));
      await pipeline(Readable.from(csv(true, from, Math.min(from + COPY_BATCH, IMPORT_ROWS))), copy);
      rows += copy.rowCount;
    }
    const s = (performance.now() - t0) / 1000;
    await c.query(`DROP TABLE bench_import_copy`);
    return { seconds: s, rows, rowsPerSec: Math.round(rows / s) };
  });

  const alone = await copyAndMergeAlone(ctx, t2.tenantId);

  const checks = [
    { what: '>= 20,000 rows/s', ok: rate >= 20_000 },
    { what: 'all rows created', ok: ctx.importCompleted },
  ];
  return {
    ...base,
    available: true,
    api: { seconds, uploadSeconds: uploadedS, rowsPerSec: Math.round(rate), timedOut, ...done, errors: undefined },
    baseline,
    pgAlone: alone,
    apiSummary: timedOut
      ? `${int(rate)} rows/s: unfinished after ${IMPORT_TIMEOUT_S} s (${int(done.processedRows)} of ${int(IMPORT_ROWS)} rows processed; upload ${uploadedS.toFixed(1)} s)`
      : `${int(rate)} rows/s (${int(done.created)} created, ${int(done.failed)} failed, ${done.status}; upload ${uploadedS.toFixed(1)} s, total ${seconds.toFixed(1)} s)`,
    baselineSummary: `COPY: ${int(baseline.rowsPerSec)} rows/s (${int(baseline.rows)} rows in ${baseline.seconds.toFixed(1)} s); PostgreSQL alone, COPY + merge into leads: ${int(alone.rowsPerSec)} rows/s (${int(alone.rows)} rows in ${alone.seconds.toFixed(1)} s)`,
    ratio: `${(rate / baseline.rowsPerSec).toFixed(2)}x COPY; ${alone.rowsPerSec ? (rate / alone.rowsPerSec).toFixed(2) : '-'}x PostgreSQL alone (rows/s)`,
    checks,
    pass: checksPass(checks),
    note: `\`POST /api/v1/leads/imports\` (text/csv body streamed as generated, API key) into the 300k tenant, then polling until the import completes; rows/s = rows processed / (upload start to completion), or to the time limit (BENCH_IMPORT_TIMEOUT, ${IMPORT_TIMEOUT_S} s). Baseline: \`COPY ... FROM STDIN\` of the same rows, ${int(COPY_BATCH)} per statement, into an empty table created \`LIKE leads\` with its indexes (no triggers, so neither the search table nor the stats deltas; no RLS, no dedup), for at most ${COPY_TIME_LIMIT_S} s. Second baseline, "PostgreSQL alone": per ${int(COPY_BATCH)} rows one tenant transaction as the app role doing \`COPY\` into a temporary table and one \`INSERT INTO leads ... SELECT ... ON CONFLICT DO NOTHING\` (the real table: its indexes, triggers and RLS; no lead events, no row checks), for at most ${COPY_TIME_LIMIT_S} s: the floor of a COPY-and-merge import.`,
  };
}

// PostgreSQL alone doing what a set-based import does: COPY into a scratch table, one merge into leads.
async function copyAndMergeAlone(ctx, tenantId) {
  return withClient(ctx.appUrl, async (c) => {
    const t0 = performance.now();
    let rows = 0;
    // Fresh addresses, so the rows are new leads like the import's.
    const offset = IMPORT_ROWS * 2;
    for (let from = offset; from < offset + IMPORT_ROWS && (performance.now() - t0) / 1000 < COPY_TIME_LIMIT_S; from += COPY_BATCH) {
      await c.query('BEGIN');
      await c.query(`SELECT set_config('hotleads.tenant_id', $1, true)`, [tenantId]);
      await c.query(`CREATE TEMP TABLE bench_import_alone (name text, email text, phone text, company text, subject text, message text, role text, type text, priority text, tags text[]) ON COMMIT DROP`);
      const copy = c.query(copyStreams.from(`COPY bench_import_alone FROM STDIN (FORMAT csv, HEADER)`));
      await pipeline(Readable.from(csv(true, from, Math.min(from + COPY_BATCH, offset + IMPORT_ROWS))), copy);
      const merged = await c.query(
        `INSERT INTO leads (tenant_id, source, name, email, phone, company, subject, message, role, type, priority, tags)
         SELECT $1, $2, name, email, phone, company, subject, message, role, type, priority, tags FROM bench_import_alone
         ON CONFLICT DO NOTHING`,
        [tenantId, `${IMPORT_SOURCE}-alone`],
      );
      await c.query('COMMIT');
      rows += merged.rowCount;
    }
    const s = (performance.now() - t0) / 1000;
    return { seconds: s, rows, rowsPerSec: Math.round(rows / s) };
  });
}

// Counts CSV records: newlines outside quoted fields (a quoted field may hold a newline).
class CsvRowCounter extends Writable {
  rows = 0;
  bytes = 0;
  quoted = false;
  _write(chunk, _enc, done) {
    this.bytes += chunk.length;
    if (!this.quoted && chunk.indexOf(0x22) === -1) {
      for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) this.rows++;
    } else {
      for (let i = 0; i < chunk.length; i++) {
        const b = chunk[i];
        if (b === 0x22) this.quoted = !this.quoted;
        else if (b === 0x0a && !this.quoted) this.rows++;
      }
    }
    done();
  }
}

function download(url, headers) {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = request({ host: u.hostname, port: u.port, path: u.pathname + u.search, headers }, (res) => {
      if (res.statusCode !== 200) {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode, text }));
        return;
      }
      const counter = new CsvRowCounter();
      pipeline(res, counter).then(() => resolve({ status: 200, rows: counter.rows - 1, bytes: counter.bytes }), reject);
    });
    req.on('error', reject);
    req.end();
  });
}

export async function exportCsv(ctx) {
  const [t1, t2] = ctx.tenants;
  // The imported rows when the import completed (exactly IMPORT_ROWS), else all of tenant 1.
  const imported = ctx.importCompleted === true;
  const tenant = imported ? t2 : t1;
  const filter = imported ? { source: [IMPORT_SOURCE] } : {};
  const query = imported ? `&source=${IMPORT_SOURCE}` : '';
  const base = { id: 'export', scenario: `export ${imported ? IMPORT_ROWS.toLocaleString('en-US') : 'all'} rows CSV`, target: '>= 100,000 rows/s, API peak RSS under 300 MB' };
  // A fresh process, so that its peak RSS is the export's and not left over from the load scenarios.
  // Without job workers when an unfinished import would otherwise go on merging beside the export.
  await ctx.restartApi({ workers: ctx.importUnfinished ? 'off' : 'on' });
  const sampler = rssSampler(ctx.api.pid);
  const started = performance.now();
  const res = await download(`${ctx.api.base}/api/v1/leads/export?format=csv${query}`, tenant.bearer);
  const seconds = (performance.now() - started) / 1000;
  const rss = sampler.stop();
  if (res.status === 404) return { ...base, available: false, pass: null, apiSummary: 'not available (the API answers 404)', baselineSummary: '-', ratio: '-' };
  if (res.status !== 200) throw new Error(`export: HTTP ${res.status} ${res.text.slice(0, 500)}`);
  const rate = res.rows / seconds;

  // Baseline: the API's own COPY statement (buildLeadExportCopy), read straight from PostgreSQL by this
  // process, as the app role in a tenant transaction.
  const { buildLeadExportCopy } = dist('modules/leads/export/lead-export-sql.js');
  const client = new pg.Client({ connectionString: ctx.appUrl });
  await client.connect();
  let baseline;
  try {
    await client.query('BEGIN');
    await client.query(`SELECT set_config('hotleads.tenant_id', $1, true)`, [tenant.tenantId]);
    const sql = buildLeadExportCopy(tenant.tenantId, filter, 'csv');
    const t0 = performance.now();
    const counter = new CsvRowCounter();
    await pipeline(client.query(copyStreams.to(sql)), counter);
    const s = (performance.now() - t0) / 1000;
    await client.query('COMMIT');
    baseline = { seconds: s, rows: counter.rows - 1, bytes: counter.bytes, rowsPerSec: Math.round((counter.rows - 1) / s) };
  } finally {
    await client.end();
  }
  const checks = [
    { what: '>= 100,000 rows/s', ok: rate >= 100_000 },
    { what: 'peak RSS < 300 MB', ok: Math.max(rss.peakBytes, rss.highWaterMarkBytes ?? 0) < RSS_LIMIT },
    { what: 'every row exported', ok: res.rows === baseline.rows },
  ];
  return {
    ...base,
    available: true,
    api: { seconds, rows: res.rows, bytes: res.bytes, rowsPerSec: Math.round(rate), rss },
    baseline,
    apiSummary: `${int(rate)} rows/s (${int(res.rows)} rows, ${mb(res.bytes)} in ${seconds.toFixed(1)} s); API RSS ${mb(rss.startBytes)} before, peak ${mb(rss.peakBytes)} (VmHWM ${mb(rss.highWaterMarkBytes)})`,
    baselineSummary: `${int(baseline.rowsPerSec)} rows/s (COPY, ${int(baseline.rows)} rows, ${mb(baseline.bytes)})`,
    ratio: `${(rate / baseline.rowsPerSec).toFixed(2)}x rows/s`,
    checks,
    pass: checksPass(checks),
    note: `${imported ? `The ${int(IMPORT_ROWS)} imported leads of tenant 2.` : "The import did not complete, so this exports all of tenant 1's leads instead."} \`GET /api/v1/leads/export?format=csv${query}\` as the owner; rows counted as received (CSV records, header excluded). The API process is restarted just before, so its peak RSS (polled from /proc every 50 ms, and VmHWM at the end) is the export's. Baseline: the API's own COPY statement (\`buildLeadExportCopy\`), read by this process as the app role.`,
  };
}
