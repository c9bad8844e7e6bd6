// The last 15 minutes of this process's requests, one slot per minute, for the System page's request rate,
// error rate and p95 latency. Prometheus keeps the history; this answers "how is it now" without one.
export const WINDOW_MINUTES = 15;

interface Slot {
  minute: number;
  requests: number;
  errors: number;
  // Counts per latency bucket (same bounds as the histogram), so a p95 can be read across slots.
  buckets: number[];
}

export interface RequestWindowSummary {
  windowSeconds: number;
  requests: number;
  requestsPerSecond: number;
  // Share of answers with a 5xx status, 0..1.
  errorRate: number;
  // Upper bound of the bucket holding the 95th percentile, in seconds; null without requests.
  p95Seconds: number | null;
}

export class RequestWindow {
  private readonly slots: Slot[];

  constructor(
    private readonly bounds: readonly number[],
    private readonly now: () => number = Date.now,
  ) {
    this.slots = Array.from({ length: WINDOW_MINUTES }, () => ({ minute: -1, requests: 0, errors: 0, buckets: new Array<number>(bounds.length + 1).fill(0) }));
  }

  record(seconds: number, status: number): void {
    const minute = Math.floor(this.now() / 60_000);
    const slot = this.slots[minute % WINDOW_MINUTES];
    if (slot.minute !== minute) {
      slot.minute = minute;
      slot.requests = 0;
      slot.errors = 0;
      slot.buckets.fill(0);
    }
    slot.requests++;
    if (status >= 500) slot.errors++;
    let i = 0;
    while (i < this.bounds.length && seconds > this.bounds[i]) i++;
    slot.buckets[i]++;
  }

  summary(): RequestWindowSummary {
    const current = Math.floor(this.now() / 60_000);
    const live = this.slots.filter((s) => s.minute > current - WINDOW_MINUTES && s.minute <= current);
    const requests = live.reduce((n, s) => n + s.requests, 0);
    const errors = live.reduce((n, s) => n + s.errors, 0);
    // The current minute is partial: the window is the 14 whole minutes before it plus what passed of it.
    const windowSeconds = (WINDOW_MINUTES - 1) * 60 + ((this.now() % 60_000) / 1000 || 60);
    return {
      windowSeconds: Math.round(windowSeconds),
      requests,
      requestsPerSecond: requests / windowSeconds,
      errorRate: requests === 0 ? 0 : errors / requests,
      p95Seconds: requests === 0 ? null : this.quantile(live, requests, 0.95),
    };
  }

  private quantile(live: Slot[], total: number, q: number): number {
    const rank = Math.ceil(total * q);
    let seen = 0;
    for (let i = 0; i <= this.bounds.length; i++) {
      seen += live.reduce((n, s) => n + s.buckets[i], 0);
      // Above the last bound: reported as that bound (the histogram's +Inf has no number).
      if (seen >= rank) return this.bounds[Math.min(i, this.bounds.length - 1)];
    }
    return this.bounds[this.bounds.length - 1];
  }
}
