import { Inject, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { Pool } from 'pg';
import { databaseConfig, type DatabaseConfig } from '../config/database.config';
import { RUNTIME, type Runtime } from '../config/runtime';
import { dataSourceOptions } from './data-source-options';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [databaseConfig.KEY, RUNTIME],
      useFactory: (db: DatabaseConfig, runtime: Runtime) => ({
        ...dataSourceOptions({ url: runtime.databaseUrl, poolSize: db.DATABASE_POOL_SIZE, ssl: db.DATABASE_SSL }),
        retryAttempts: 10,
        retryDelay: 1000,
      }),
    }),
  ],
})
export class DatabaseModule implements OnApplicationBootstrap {
  private readonly logger = new Logger('Database');

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    // An idle client losing its connection (PostgreSQL restart) emits 'error' on the pool; unhandled, it
    // would crash the process. The pool drops the client and the next query opens a new connection.
    const pool = (this.dataSource.driver as PostgresDriver).master as Pool;
    pool.removeAllListeners('error');
    pool.on('error', (error: Error) => this.logger.warn(`database connection lost: ${error.message}`));
  }
}
