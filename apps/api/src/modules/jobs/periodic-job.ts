import { createHash } from 'node:crypto';

// The job id of one tick of a periodic job: every replica enqueues the same id for the same tick and
// pg-boss keeps the first, so each tick runs once however many replicas there are.
export function tickJobId(name: string, intervalMs: number, now = Date.now()): string {
  const tick = Math.floor(now / intervalMs);
  const hex = createHash('sha256').update(`${name}:${tick}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
