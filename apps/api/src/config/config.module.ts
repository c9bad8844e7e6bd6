import { Global, Module, type DynamicModule } from '@nestjs/common';
import { appConfig } from './app.config';
import { databaseConfig } from './database.config';
import type { Config } from './load-config';
import { RUNTIME, type Runtime } from './runtime';
import { securityConfig } from './security.config';

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: Config, runtime: Runtime): DynamicModule {
    const providers = [
      { provide: appConfig.KEY, useValue: config.app },
      { provide: databaseConfig.KEY, useValue: config.database },
      { provide: securityConfig.KEY, useValue: config.security },
      { provide: RUNTIME, useValue: runtime },
    ];
    return { module: ConfigModule, providers, exports: providers.map((p) => p.provide) };
  }
}
