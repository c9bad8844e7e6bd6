import { Injectable, type OnModuleInit } from '@nestjs/common';
import { TenantDb } from '../../common/db/tenant-db.service';
import { WebhookEndpointAlerts } from '../outbound-webhooks/webhook-endpoint-alerts';
import { NotificationsRepository } from './notifications.repository';

// An outbound webhook endpoint turned off by itself (410, five days of failures) is integration trouble:
// the admins are told in the app, by email and in the Slack channels that take integration trouble.
@Injectable()
export class EndpointDisabledNotices implements OnModuleInit {
  constructor(
    private readonly alerts: WebhookEndpointAlerts,
    private readonly db: TenantDb,
    private readonly repository: NotificationsRepository,
  ) {}

  onModuleInit(): void {
    this.alerts.onEndpointDisabled(async (alert) => {
      let host = '';
      try {
        host = new URL(alert.url).host;
      } catch {
        // Shown without a host.
      }
      await this.db.run(alert.tenantId, (m) =>
        this.repository.notifyIntegrationAdmins(m, alert.tenantId, { reason: 'webhook_endpoint_disabled', endpointId: alert.endpointId, connection: host, detail: alert.reason }),
      );
    });
  }
}
