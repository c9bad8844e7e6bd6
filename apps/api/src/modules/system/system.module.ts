import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { InjectThrottlerStorage, type ThrottlerStorage } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { Pool } from 'pg';
import { SystemChecks } from '../../common/health/system-checks';
import { RateLimitModule } from '../../common/rate-limit/rate-limit.module';
import { appConfig, type AppConfig } from '../../config/app.config';
import { runsWorkers } from '../jobs/jobs.service';
import { LeadsModule } from '../leads/leads.module';
import { connectionsCheck, cpuCheck, databaseCheck, diskCheck, memoryCheck, queuesCheck, redisCheck, workersCheck } from './core-checks';
import { SystemController } from './system.controller';
import { SystemHealthService } from './system-health.service';
import { SystemSnapshotService } from './system-snapshot.service';
import { SystemStatsRepository } from './system-stats.repository';

// The System report (GET /api/v1/system/health) and the database-derived gauges of /metrics. The checks of
// what every installation has are registered here; other modules register theirs in SystemChecks.
@Module({
  imports: [LeadsModule, RateLimitModule],
  controllers: [SystemController],
  providers: [SystemHealthService, SystemSnapshotService, SystemStatsRepository],
})
export class SystemModule implements OnModuleInit {
  constructor(
    private readonly checks: SystemChecks,
    private readonly snapshot: SystemSnapshotService,
    private readonly repository: SystemStatsRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectThrottlerStorage() private readonly limits: ThrottlerStorage,
    @Inject(appConfig.KEY) private readonly app: AppConfig,
  ) {}

  onModuleInit(): void {
    const snapshot = () => this.snapshot.current();
    const pool = () => (this.dataSource.driver as PostgresDriver).master as Pool;
    this.checks.register(databaseCheck(() => this.repository.roundTrip(this.dataSource.manager), pool, snapshot));
    const limits = this.limits;
    if (limits instanceof ThrottlerStorageRedisService) this.checks.register(redisCheck(() => limits.redis.ping()));
    this.checks.register(queuesCheck(snapshot));
    this.checks.register(workersCheck(snapshot, runsWorkers(this.app)));
    this.checks.register(connectionsCheck(snapshot));
    this.checks.register(diskCheck(this.app.DATA_DIR, snapshot));
    this.checks.register(memoryCheck());
    this.checks.register(cpuCheck());
  }
}
