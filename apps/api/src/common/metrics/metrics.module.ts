import { Global, Inject, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { Pool } from 'pg';
import { Metrics } from './metrics.service';

// The metrics registry every module reports into (see Metrics). Global: a counter is one line at the call
// site, with no module import to add.
@Global()
@Module({ providers: [Metrics], exports: [Metrics] })
export class MetricsModule implements OnApplicationBootstrap {
  constructor(
    private readonly metrics: Metrics,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    this.metrics.watchPool((this.dataSource.driver as PostgresDriver).master as Pool);
    // Every failed query passes through TypeORM's logger, whichever module ran it.
    const logger = this.dataSource.logger;
    const logQueryError = logger.logQueryError.bind(logger);
    logger.logQueryError = (...args: Parameters<typeof logger.logQueryError>) => {
      this.metrics.queryFailed();
      return logQueryError(...args);
    };
  }
}
