import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { loggerOptions } from './common/logging/logger-options';
import { ConfigModule } from './config/config.module';
import type { Config } from './config/load-config';
import type { Runtime } from './config/runtime';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './modules/health/health.module';

@Module({})
export class AppModule {
  static register(config: Config, runtime: Runtime): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config, runtime),
        LoggerModule.forRoot(loggerOptions(config.app)),
        DatabaseModule,
        HealthModule,
      ],
    };
  }
}
