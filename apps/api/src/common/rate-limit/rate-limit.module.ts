import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { Logger, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { rateLimitConfig, type RateLimitConfig } from '../../config/rate-limit.config';
import { MemoryThrottlerStorage } from './memory-throttler.storage';
import { RateLimiter } from './rate-limiter.service';

const MINUTE = 60_000;

// Shared budgets across replicas. Requests never wait for Redis: with no connection a command fails at
// once (no offline queue) and the guard lets the request through. The storage disconnects its client
// when the application closes.
function redisStorage(url: string): ThrottlerStorageRedisService {
  const storage = new ThrottlerStorageRedisService(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 1000 });
  const logger = new Logger('RateLimitStorage');
  let lastWarning = 0;
  // ioredis retries on its own; without a listener every failed attempt is printed to stderr.
  storage.redis.on('error', (error: Error) => {
    if (Date.now() - lastWarning < MINUTE) return;
    lastWarning = Date.now();
    logger.warn({ err: error }, 'Redis for rate limits is unreachable; requests are not limited meanwhile');
  });
  return storage;
}

@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [rateLimitConfig.KEY],
      useFactory: (c: RateLimitConfig) => ({
        throttlers: [
          { name: 'default', ttl: MINUTE, limit: c.RATE_LIMIT_DEFAULT },
          { name: 'login', ttl: MINUTE, limit: c.RATE_LIMIT_LOGIN },
          { name: 'public', ttl: MINUTE, limit: c.RATE_LIMIT_PUBLIC },
          { name: 'api-key', ttl: MINUTE, limit: c.RATE_LIMIT_API_KEY },
          { name: 'auth-failure', ttl: MINUTE, limit: c.RATE_LIMIT_AUTH_FAILURE },
          { name: 'webhook', ttl: MINUTE, limit: c.RATE_LIMIT_WEBHOOK },
        ],
        // In-process counters without Redis: each replica then counts alone.
        storage: c.REDIS_URL ? redisStorage(c.REDIS_URL) : new MemoryThrottlerStorage(),
      }),
    }),
  ],
  providers: [RateLimiter],
  exports: [ThrottlerModule, RateLimiter],
})
export class RateLimitModule {}
