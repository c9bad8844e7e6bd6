import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { loggerOptions } from './common/logging/logger-options';
import { ConfigModule } from './config/config.module';
import type { Config } from './config/load-config';
import type { Runtime } from './config/runtime';
import { DatabaseModule } from './database/database.module';
import { CryptoModule } from './common/crypto/crypto.module';
import { DbModule } from './common/db/db.module';
import { SystemChecksModule } from './common/health/system-checks';
import { MetricsModule } from './common/metrics/metrics.module';
import { ApiKeysModule } from './modules/api-keys/api-keys.module';
import { AuditModule } from './modules/audit/audit.module';
import { AuthModule } from './modules/auth/auth.module';
import { BackupsModule } from './modules/backups/backups.module';
import { FormsModule } from './modules/forms/forms.module';
import { HealthModule } from './modules/health/health.module';
import { ImportsModule } from './modules/imports/imports.module';
import { IntegrationsModule } from './modules/integrations/integrations.module';
import { EnrichmentModule } from './modules/enrichment/enrichment.module';
import { JobsModule } from './modules/jobs/jobs.module';
import { LeadsModule } from './modules/leads/leads.module';
import { LiveEventsModule } from './modules/live-events/live-events.module';
import { OutboundWebhooksModule } from './modules/outbound-webhooks/outbound-webhooks.module';
import { MailModule } from './modules/mail/mail.module';
import { PrivacyModule } from './modules/privacy/privacy.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { SavedViewsModule } from './modules/saved-views/saved-views.module';
import { SystemModule } from './modules/system/system.module';
import { SsoModule } from './modules/sso/sso.module';
import { TenantsModule } from './modules/tenants/tenants.module';
import { UsersModule } from './modules/users/users.module';
import { WorkspacesModule } from './modules/workspaces/workspaces.module';

@Module({})
export class AppModule {
  static register(config: Config, runtime: Runtime, logDestination?: DestinationStream): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config, runtime),
        LoggerModule.forRoot(loggerOptions(config.app, logDestination)),
        DatabaseModule,
        DbModule,
        CryptoModule,
        SystemChecksModule,
        MetricsModule,
        AuditModule,
        JobsModule,
        MailModule,
        TenantsModule,
        AuthModule,
        UsersModule,
        WorkspacesModule,
        ApiKeysModule,
        LeadsModule,
        LiveEventsModule,
        SavedViewsModule,
        NotificationsModule,
        FormsModule,
        ImportsModule,
        IntegrationsModule,
        OutboundWebhooksModule,
        EnrichmentModule,
        BackupsModule,
        PrivacyModule,
        HealthModule,
        SystemModule,
        SsoModule,
      ],
    };
  }
}
