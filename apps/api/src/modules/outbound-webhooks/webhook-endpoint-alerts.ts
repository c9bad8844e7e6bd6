import { Injectable, Logger } from '@nestjs/common';

export interface EndpointDisabledAlert {
  tenantId: string;
  endpointId: string;
  url: string;
  reason: string;
}

type Listener = (alert: EndpointDisabledAlert) => Promise<void> | void;

// Where other features learn that an endpoint was turned off automatically (410, five days of failures),
// e.g. to notify the workspace's admins. The audit log records it whether or not anyone listens.
@Injectable()
export class WebhookEndpointAlerts {
  private readonly logger = new Logger('OutboundWebhooks');
  private readonly listeners: Listener[] = [];

  onEndpointDisabled(listener: Listener): void {
    this.listeners.push(listener);
  }

  async endpointDisabled(alert: EndpointDisabledAlert): Promise<void> {
    this.logger.warn({ tenantId: alert.tenantId, endpointId: alert.endpointId, reason: alert.reason }, 'webhook endpoint disabled');
    for (const listener of this.listeners) {
      try {
        await listener(alert);
      } catch (error) {
        this.logger.warn({ err: error }, 'an endpoint-disabled listener failed');
      }
    }
  }
}
