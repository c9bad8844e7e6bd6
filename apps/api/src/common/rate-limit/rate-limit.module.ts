import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { rateLimitConfig, type RateLimitConfig } from '../../config/rate-limit.config';

const MINUTE = 60_000;

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
        ],
        // Shared budgets across replicas when Redis is configured; in-process counters otherwise.
        storage: c.REDIS_URL ? new ThrottlerStorageRedisService(c.REDIS_URL, { maxRetriesPerRequest: 2, lazyConnect: false }) : undefined,
        errorMessage: 'Too many requests; retry after the time in Retry-After.',
      }),
    }),
  ],
  exports: [ThrottlerModule],
})
export class RateLimitModule {}
