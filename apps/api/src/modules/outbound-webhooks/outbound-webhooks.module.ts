import { Module } from '@nestjs/common';
import { CredentialsVaultService } from '../integrations/credentials-vault.service';
import { OutboundWebhookSender } from './outbound-webhook-sender.service';
import { OutboundWebhooksRepository } from './outbound-webhooks.repository';
import { OutboundWebhooksService } from './outbound-webhooks.service';
import { WebhookEndpointAlerts } from './webhook-endpoint-alerts';
import { WebhookEndpointsController } from './webhook-endpoints.controller';

// Outbound webhooks for integrators: endpoints, the deliveries the database's outbox triggers create in
// the transaction of each lead change, and the sender that signs and sends them.
@Module({
  controllers: [WebhookEndpointsController],
  providers: [CredentialsVaultService, OutboundWebhooksRepository, OutboundWebhooksService, OutboundWebhookSender, WebhookEndpointAlerts],
  exports: [WebhookEndpointAlerts],
})
export class OutboundWebhooksModule {}
