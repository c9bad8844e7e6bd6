import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

interface Budget {
  hits: number;
  windowEndsAt: number;
  blockedUntil: number;
}

const SWEEP_INTERVAL_MS = 60_000;

// In-process counters with the same rules as the Redis storage (a fixed window that starts at the first
// hit; over the limit, blocked for blockDuration; hits keep counting while blocked), in O(1) per request.
// The library's own in-memory storage keeps one timestamp per hit and filters the whole list on every
// request, which costs milliseconds per request once a budget sees thousands of hits a minute.
@Injectable()
export class MemoryThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly budgets = new Map<string, Budget>();
  private sweep?: NodeJS.Timeout;

  increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    return Promise.resolve(this.hit(`${key}:${throttlerName}`, ttl, limit, blockDuration, Date.now()));
  }

  hit(id: string, ttl: number, limit: number, blockDuration: number, now: number): ThrottlerStorageRecord {
    this.startSweep();
    let budget = this.budgets.get(id);
    if (!budget) {
      budget = { hits: 0, windowEndsAt: now + ttl, blockedUntil: 0 };
      this.budgets.set(id, budget);
    }
    if (budget.blockedUntil !== 0 && budget.blockedUntil <= now) {
      // The block is over: the client starts again with a fresh window.
      budget.blockedUntil = 0;
      budget.hits = 0;
      budget.windowEndsAt = now + ttl;
    }
    if (budget.windowEndsAt <= now) {
      budget.hits = 0;
      budget.windowEndsAt = now + ttl;
    }
    budget.hits += 1;
    if (budget.blockedUntil === 0 && budget.hits > limit) budget.blockedUntil = now + blockDuration;
    const isBlocked = budget.blockedUntil !== 0;
    return {
      totalHits: budget.hits,
      timeToExpire: Math.ceil((budget.windowEndsAt - now) / 1000),
      isBlocked,
      timeToBlockExpire: isBlocked ? Math.ceil((budget.blockedUntil - now) / 1000) : 0,
    };
  }

  get size(): number {
    return this.budgets.size;
  }

  // Forgets budgets whose window and block are both over, so one-off clients do not pile up.
  evictIdle(now = Date.now()): void {
    for (const [id, budget] of this.budgets) {
      if (budget.windowEndsAt <= now && budget.blockedUntil <= now) this.budgets.delete(id);
    }
  }

  onApplicationShutdown(): void {
    if (this.sweep) clearInterval(this.sweep);
    this.sweep = undefined;
    this.budgets.clear();
  }

  private startSweep(): void {
    if (this.sweep) return;
    this.sweep = setInterval(() => this.evictIdle(), SWEEP_INTERVAL_MS);
    this.sweep.unref();
  }
}
