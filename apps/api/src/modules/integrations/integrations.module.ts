import { Module } from '@nestjs/common';
import { RateLimitModule } from '../../common/rate-limit/rate-limit.module';
import { LeadsModule } from '../leads/leads.module';
import { CredentialsVaultService } from './credentials-vault.service';
import { IntegrationConnectionsController } from './integration-connections.controller';
import { IntegrationConnectionsService } from './integration-connections.service';
import { AcuityClient } from './providers/acuity/acuity.client';
import { AcuityProvider } from './providers/acuity/acuity.provider';
import { GenericWebhookProvider } from './providers/webhook/generic-webhook.provider';
import { WebhookAckBatcher } from './webhook-ack-batcher.service';
import { WebhookConnectionLookup } from './webhook-connection-lookup.service';
import { WebhookDeliveriesController } from './webhook-deliveries.controller';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookHttpService } from './webhook-http.service';
import { WebhookIntakeService } from './webhook-intake.service';
import { WebhookPayloadPurgeJob } from './webhook-payload-purge.job';
import { WebhookProcessingJob } from './webhook-processing.job';
import { WebhookProviders } from './webhook-providers.service';
import { WebhooksController } from './webhooks.controller';
import { GoogleCalendarProvider } from './providers/google/google-calendar.provider';
import { ZohoProvider } from './providers/zoho/zoho.provider';
import { ZoomProvider } from './providers/zoom/zoom.provider';
import { TwilioSmsProvider } from './providers/twilio/twilio-sms.provider';
import { AccessTokens } from './sync/access-tokens.service';
import { PullProviders } from './sync/pull-providers.service';
import { SyncController } from './sync/sync.controller';
import { SyncEngine } from './sync/sync-engine.service';
import { SyncJobs } from './sync/sync-jobs';
import { SyncRepository } from './sync/sync.repository';
import { PushRepository } from './sync/push.repository';
import { SyncService } from './sync/sync.service';
import { ZohoConnectController } from './zoho-connect/zoho-connect.controller';
import { ZohoConnectService } from './zoho-connect/zoho-connect.service';

// Connections to outside tools, the inbound-webhook ledger and its processing, and the sync engine that
// pulls from providers on a schedule (sync/). Providers store leads
// through LeadIntakeService; the leads module knows no provider.
@Module({
  imports: [LeadsModule, RateLimitModule],
  controllers: [IntegrationConnectionsController, WebhookDeliveriesController, WebhooksController, SyncController, ZohoConnectController],
  providers: [
    CredentialsVaultService,
    IntegrationConnectionsService,
    WebhookDeliveriesService,
    WebhookDeliveriesRepository,
    WebhookConnectionLookup,
    WebhookIntakeService,
    WebhookAckBatcher,
    WebhookHttpService,
    WebhookProcessingJob,
    WebhookPayloadPurgeJob,
    WebhookProviders,
    AcuityClient,
    AcuityProvider,
    GenericWebhookProvider,
    ZohoProvider,
    GoogleCalendarProvider,
    ZoomProvider,
    TwilioSmsProvider,
    PullProviders,
    AccessTokens,
    SyncRepository,
    PushRepository,
    SyncEngine,
    SyncJobs,
    SyncService,
    ZohoConnectService,
  ],
  exports: [WebhookProviders, CredentialsVaultService, TwilioSmsProvider],
})
export class IntegrationsModule {}
