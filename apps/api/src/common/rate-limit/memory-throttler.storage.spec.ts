import { MemoryThrottlerStorage } from './memory-throttler.storage';

describe('MemoryThrottlerStorage', () => {
  const TTL = 60_000;
  let storage: MemoryThrottlerStorage;

  beforeEach(() => {
    storage = new MemoryThrottlerStorage();
  });

  afterEach(() => {
    storage.onApplicationShutdown();
  });

  it('counts hits in a window that starts at the first hit', () => {
    expect(storage.hit('a', TTL, 3, TTL, 1_000)).toEqual({ totalHits: 1, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 });
    expect(storage.hit('a', TTL, 3, TTL, 31_000)).toEqual({ totalHits: 2, timeToExpire: 30, isBlocked: false, timeToBlockExpire: 0 });
    // A new window once the first one is over.
    expect(storage.hit('a', TTL, 3, TTL, 61_000)).toEqual({ totalHits: 1, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 });
  });

  it('blocks past the limit for blockDuration, then starts afresh', () => {
    for (let i = 0; i < 3; i++) expect(storage.hit('b', TTL, 3, 10_000, 0).isBlocked).toBe(false);
    expect(storage.hit('b', TTL, 3, 10_000, 500)).toEqual({ totalHits: 4, timeToExpire: 60, isBlocked: true, timeToBlockExpire: 10 });
    // Still blocked later in the block, even though hits keep counting.
    expect(storage.hit('b', TTL, 3, 10_000, 9_000)).toMatchObject({ totalHits: 5, isBlocked: true, timeToBlockExpire: 2 });
    expect(storage.hit('b', TTL, 3, 10_000, 10_500)).toEqual({ totalHits: 1, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 });
  });

  it('keeps budgets apart by key and throttler name', async () => {
    await storage.increment('k', TTL, 1, TTL, 'login');
    expect((await storage.increment('k', TTL, 1, TTL, 'login')).isBlocked).toBe(true);
    expect((await storage.increment('k', TTL, 1, TTL, 'default')).isBlocked).toBe(false);
    expect((await storage.increment('other', TTL, 1, TTL, 'login')).isBlocked).toBe(false);
  });

  it('forgets budgets whose window and block are over', () => {
    storage.hit('idle', TTL, 10, TTL, 0);
    storage.hit('blocked', TTL, 0, 120_000, 0);
    storage.hit('fresh', TTL, 10, TTL, 50_000);
    storage.evictIdle(70_000);
    expect(storage.size).toBe(2);
    storage.evictIdle(130_000);
    expect(storage.size).toBe(0);
  });
});
