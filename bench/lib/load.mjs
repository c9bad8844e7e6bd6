// Closed-loop HTTP load with autocannon: a warm-up run, then a measured run whose every response time is
// kept so that any percentile (p95 included, which autocannon's summary lacks) can be computed exactly.
import autocannon from 'autocannon';

export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
export const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
export const WARMUP_S = Number(process.env.BENCH_WARMUP ?? 2);

export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

function once(opts) {
  const latencies = [];
  const instance = autocannon({ connections: CONNECTIONS, timeout: 30, ...opts });
  instance.on('response', (_client, status, _bytes, ms) => {
    if (status >= 200 && status < 300) latencies.push(ms);
  });
  return new Promise((resolve, reject) => {
    instance.on('done', (result) => resolve({ result, latencies }));
    instance.on('error', reject);
  });
}

// opts: autocannon options (url, method, headers, body or requests). Returns the scenario's numbers.
export async function load(opts, { duration = DURATION_S, warmup = WARMUP_S } = {}) {
  if (warmup > 0) await once({ ...opts, duration: warmup });
  const { result, latencies } = await once({ ...opts, duration });
  latencies.sort((a, b) => a - b);
  const ok = result['2xx'];
  const round = (v) => (v === null ? null : Math.round(v * 100) / 100);
  return {
    connections: result.connections,
    durationS: result.duration,
    requests: result.requests.total,
    ok,
    reqPerSec: Math.round(ok / result.duration),
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p99: round(percentile(latencies, 99)),
    max: round(latencies.at(-1) ?? null),
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, Number(count)])),
  };
}

// One request first: a 404 means the endpoint is not built yet, which the report shows as "not available".
export async function probe(url, init) {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, text };
}
