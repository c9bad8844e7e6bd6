// "PostgreSQL alone": the same rows written by this process straight to PostgreSQL, with no HTTP, no
// framework and no rules, on a pool as large as the API's. The write scenarios report the API's ratio to
// it, so a missed target says how far the database itself is from it.
import pg from 'pg';
import { percentile } from './load.mjs';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const PG_ALONE_POOL = Number(process.env.BASELINE_POOL_SIZE ?? 10);

// One tenant transaction in one round trip (simple protocol): BEGIN, the tenant setting, the statement,
// COMMIT. Values are written into the SQL with the driver's escaping; the tenant id must be a UUID.
export function tenantScript(client, tenantId, statement) {
  if (!UUID.test(tenantId)) throw new Error('tenant id must be a UUID');
  return `START TRANSACTION; SELECT set_config('hotleads.tenant_id', '${tenantId}', true); ${statement}; COMMIT`;
}

export const literal = (client, value) => (value === null || value === undefined ? 'NULL' : client.escapeLiteral(String(value)));

// `workers` concurrent loops of `op(client)` for `durationS` (after `warmupS`), on a pool of
// PG_ALONE_POOL connections as `url`. op(client, measured) answers how many rows it stored. Returns rows/s, ops/s and
// the latency percentiles of the measured ops.
export async function closedLoop({ url, workers, durationS, warmupS = 0, op }) {
  const pool = new pg.Pool({ connectionString: url, max: PG_ALONE_POOL });
  try {
    const run = async (seconds, latencies, measured) => {
      let rows = 0;
      let ops = 0;
      const end = performance.now() + seconds * 1000;
      await Promise.all(
        Array.from({ length: workers }, async () => {
          while (performance.now() < end) {
            const t0 = performance.now();
            const client = await pool.connect();
            try {
              // Awaited first: \`rows += await ...\` would read rows before the await and lose the other
              // workers' counts.
              const stored = await op(client, measured);
              rows += stored;
            } finally {
              client.release();
            }
            ops += 1;
            latencies?.push(performance.now() - t0);
          }
        }),
      );
      return { rows, ops };
    };
    if (warmupS > 0) await run(warmupS, undefined, false);
    const latencies = [];
    const t0 = performance.now();
    const { rows, ops } = await run(durationS, latencies, true);
    const s = (performance.now() - t0) / 1000;
    latencies.sort((a, b) => a - b);
    const round = (v) => (v === null ? null : Math.round(v * 100) / 100);
    return {
      durationS: s,
      rows,
      ops,
      rowsPerSec: Math.round(rows / s),
      reqPerSec: Math.round(ops / s),
      p50: round(percentile(latencies, 50)),
      p95: round(percentile(latencies, 95)),
      p99: round(percentile(latencies, 99)),
    };
  } finally {
    await pool.end();
  }
}
