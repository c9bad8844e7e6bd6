import type { IncomingHttpHeaders } from 'node:http';
import { safeEqual, sha256 } from '../crypto/tokens';

export type MetricsAccess = { ok: true } | { ok: false; status: 401 | 403; code: string; title: string; detail: string };

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

// With METRICS_TOKEN: `Authorization: Bearer <token>`. Without: only a caller on this machine, and only
// when it came straight to the socket; a request relayed by a local reverse proxy (X-Forwarded-For) is
// an outside caller, whatever TRUST_PROXY says.
export function metricsAccess(token: string | undefined, remoteAddress: string | undefined, headers: IncomingHttpHeaders): MetricsAccess {
  if (token) {
    const match = /^Bearer\s+(\S+)$/i.exec(String(headers.authorization ?? '').trim());
    // Hashes first: safeEqual compares equal lengths in constant time.
    if (match && safeEqual(sha256(match[1]), sha256(token))) return { ok: true };
    return { ok: false, status: 401, code: 'metrics_token_invalid', title: 'Metrics token required', detail: 'GET /metrics needs Authorization: Bearer with METRICS_TOKEN.' };
  }
  if (remoteAddress && LOOPBACK.test(remoteAddress) && headers['x-forwarded-for'] === undefined && headers.forwarded === undefined) return { ok: true };
  return {
    ok: false,
    status: 403,
    code: 'metrics_loopback_only',
    title: 'Metrics are local only',
    detail: 'Without METRICS_TOKEN, GET /metrics answers only callers on this machine.',
  };
}
