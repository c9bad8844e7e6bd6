// When a failed delivery is tried again: about 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h after the
// attempts before (eight attempts over about 28 hours), each with up to 10% jitter either way so that a
// receiver that was down is not hit by its whole backlog in the same second. `speedup` (tests only) divides
// every delay.
export const RETRY_DELAYS_SECONDS = [5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;
// A Retry-After further away than this is not waited for longer.
export const MAX_RETRY_AFTER_SECONDS = 10 * 3600;

// Milliseconds to wait after attempt number `attempt` (1-based) failed; null when it was the last one.
export function retryDelayMs(attempt: number, speedup = 1, random: () => number = Math.random): number | null {
  const base = RETRY_DELAYS_SECONDS[attempt - 1];
  if (base === undefined) return null;
  const jitter = 1 + (random() * 2 - 1) * 0.1;
  return Math.max(1, Math.round((base * 1000 * jitter) / speedup));
}

// Retry-After as seconds or an HTTP date; null when absent or unreadable. Capped, never negative.
export function retryAfterMs(header: string | undefined, now = Date.now()): number | null {
  if (!header) return null;
  const value = header.trim();
  let ms: number;
  if (/^\d{1,10}$/.test(value)) ms = Number(value) * 1000;
  else {
    const at = Date.parse(value);
    if (Number.isNaN(at)) return null;
    ms = at - now;
  }
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_SECONDS * 1000);
}
