import { Global, Module, type DynamicModule } from '@nestjs/common';
import { appConfig } from './app.config';
import { authConfig } from './auth.config';
import { backupConfig } from './backup.config';
import { databaseConfig } from './database.config';
import { integrationsConfig } from './integrations.config';
import { liveConfig } from './live.config';
import { mailConfig } from './mail.config';
import { observabilityConfig } from './observability.config';
import { rateLimitConfig } from './rate-limit.config';
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
      { provide: authConfig.KEY, useValue: config.auth },
      { provide: rateLimitConfig.KEY, useValue: config.rateLimit },
      { provide: mailConfig.KEY, useValue: config.mail },
      { provide: liveConfig.KEY, useValue: config.live },
      { provide: integrationsConfig.KEY, useValue: config.integrations },
      { provide: backupConfig.KEY, useValue: config.backup },
      { provide: observabilityConfig.KEY, useValue: config.observability },
      { provide: RUNTIME, useValue: runtime },
    ];
    return { module: ConfigModule, providers, exports: providers.map((p) => p.provide) };
  }
}
