import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { TenantDb } from '../../common/db/tenant-db.service';
import { appConfig, type AppConfig } from '../../config/app.config';
import { integrationsConfig, type IntegrationsConfig } from '../../config/integrations.config';
import { AuditService } from '../audit/audit.service';
import { CredentialsVaultService } from '../integrations/credentials-vault.service';
import { runsWorkers } from '../jobs/jobs.service';
import { openSecrets, signingSecrets } from './endpoint-secrets';
import { OutboundWebhooksRepository, type DeliveryResult, type TakenDelivery } from './outbound-webhooks.repository';
import { PING_EVENT } from './outbound-webhook-values';
import { MAX_ATTEMPTS, retryAfterMs, retryDelayMs } from './retry-schedule';
import { WebhookEndpointAlerts } from './webhook-endpoint-alerts';
import { WebhookHttp } from './webhook-http';
import { webhookMessage } from './webhook-message';

// How long a taken delivery is held before another sender may take it again (the sender died).
export const LEASE_SECONDS = 120;
export const GIVE_UP_AFTER_MS = 5 * 24 * 3600 * 1000;

// Sends due deliveries: takes a batch across workspaces (FOR UPDATE SKIP LOCKED, so replicas share the
// work and never send one row at once), sends with bounded concurrency, records the batch in one
// statement, and goes again at once while there is work. Runs where workers run (WORKERS).
@Injectable()
export class OutboundWebhookSender implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('OutboundWebhooks');
  private readonly http: WebhookHttp;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(
    private readonly repository: OutboundWebhooksRepository,
    private readonly db: TenantDb,
    private readonly vault: CredentialsVaultService,
    private readonly audit: AuditService,
    private readonly alerts: WebhookEndpointAlerts,
    @Inject(integrationsConfig.KEY) private readonly config: IntegrationsConfig,
    @Inject(appConfig.KEY) private readonly app: AppConfig,
  ) {
    this.http = new WebhookHttp({
      allowPrivate: config.WEBHOOKS_ALLOW_PRIVATE_NETWORKS,
      requireHttps: app.NODE_ENV === 'production',
      timeoutMs: config.OUTBOUND_WEBHOOK_TIMEOUT_MS,
      maxSockets: config.OUTBOUND_WEBHOOK_CONCURRENCY,
    });
  }

  onApplicationBootstrap(): void {
    if (!runsWorkers(this.app)) return;
    this.running = true;
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    // The round in flight finishes and is recorded; a round cut short is sent again after its lease.
    await this.loop;
    this.http.close();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let taken = 0;
      try {
        taken = await this.round();
      } catch (error) {
        this.logger.warn({ err: error }, 'outbound webhook round failed');
      }
      if (taken === 0 && this.running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.config.OUTBOUND_WEBHOOK_POLL_MS);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  }

  // One batch; answers how many deliveries it took.
  async round(): Promise<number> {
    const taken = await this.repository.take(this.config.OUTBOUND_WEBHOOK_BATCH_SIZE, LEASE_SECONDS);
    if (taken.length === 0) return 0;
    const results: DeliveryResult[] = new Array<DeliveryResult>(taken.length);
    let next = 0;
    const worker = async () => {
      while (next < taken.length) {
        const i = next++;
        results[i] = await this.attempt(taken[i]);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.config.OUTBOUND_WEBHOOK_CONCURRENCY, taken.length) }, worker));
    await this.repository.finish(results);
    await this.disableWhereDue(taken, results);
    return taken.length;
  }

  // "Send test": the ping was inserted already taken; send it now and record it like any other.
  async sendNow(delivery: TakenDelivery): Promise<DeliveryResult> {
    const result = await this.attempt(delivery);
    await this.repository.finish([result]);
    await this.disableWhereDue([delivery], [result]);
    return result;
  }

  private async attempt(d: TakenDelivery): Promise<DeliveryResult> {
    const ping = d.type === PING_EVENT;
    const base = { id: d.id, endpointId: d.endpointId, counts: !ping };
    if (!d.enabled && !ping) {
      return { ...base, state: 'failed', nextAttemptAt: null, statusCode: null, durationMs: null, excerpt: null, error: 'the endpoint is disabled', counts: false };
    }
    let secrets: string[];
    try {
      secrets = signingSecrets(openSecrets(this.vault, d.endpointId, { ciphertext: d.secret, keyId: d.secretKeyId }), d.previousSecretExpiresAt ? new Date(d.previousSecretExpiresAt) : null);
    } catch (error) {
      this.logger.error({ err: error, endpointId: d.endpointId }, 'cannot open a webhook endpoint secret');
      return { ...base, state: 'pending', nextAttemptAt: new Date(Date.now() + 5 * 60_000), statusCode: null, durationMs: null, excerpt: null, error: 'the signing secret cannot be opened (encryption key)', counts: false };
    }
    const message = webhookMessage({ eventId: d.eventId, type: d.type, occurredAt: d.occurredAt, data: d.data }, secrets);
    const sent = await this.http.post(d.url, message.headers, message.body);
    const outcome = { statusCode: sent.statusCode, durationMs: sent.durationMs, excerpt: sent.excerpt, error: sent.error };
    if (sent.statusCode !== null && sent.statusCode >= 200 && sent.statusCode < 300) return { ...base, ...outcome, state: 'succeeded', nextAttemptAt: null };
    if (!sent.error) outcome.error = sent.statusCode !== null && sent.statusCode >= 300 && sent.statusCode < 400 ? `HTTP ${sent.statusCode} (redirects are not followed)` : `HTTP ${sent.statusCode}`;
    if (ping || sent.statusCode === 410) return { ...base, ...outcome, state: 'failed', nextAttemptAt: null };
    const speedup = this.config.OUTBOUND_WEBHOOK_RETRY_SPEEDUP;
    const scheduled = d.attempts < MAX_ATTEMPTS ? retryDelayMs(d.attempts, speedup) : null;
    if (scheduled === null) return { ...base, ...outcome, state: 'failed', nextAttemptAt: null };
    const asked = sent.statusCode === 429 || sent.statusCode === 503 ? retryAfterMs(sent.retryAfter) : null;
    const delay = asked !== null ? Math.max(1, Math.round(asked / speedup)) : scheduled;
    return { ...base, ...outcome, state: 'pending', nextAttemptAt: new Date(Date.now() + delay) };
  }

  // 410 Gone turns the endpoint off at once; so do five days of nothing but failures.
  private async disableWhereDue(taken: readonly TakenDelivery[], results: readonly DeliveryResult[]): Promise<void> {
    const due = new Map<string, { delivery: TakenDelivery; reason: string }>();
    results.forEach((r, i) => {
      const d = taken[i];
      if (!d.enabled || r.state === 'succeeded' || due.has(d.endpointId)) return;
      if (r.statusCode === 410 && d.type !== PING_EVENT) due.set(d.endpointId, { delivery: d, reason: 'The endpoint answered 410 Gone' });
      else if (r.counts && d.failingSince && Date.now() - new Date(d.failingSince).getTime() >= GIVE_UP_AFTER_MS) {
        due.set(d.endpointId, { delivery: d, reason: 'Every delivery failed for 5 days' });
      }
    });
    for (const { delivery, reason } of due.values()) {
      const disabled = await this.db.run(delivery.tenantId, async (m) => {
        if (!(await this.repository.disableEndpoint(m, delivery.endpointId, reason))) return false;
        await this.repository.giveUpPending(m, delivery.endpointId, `the endpoint was disabled: ${reason}`);
        await this.audit.record(m, { ip: '', userAgent: null, requestId: 'job:outbound-webhooks' }, {
          action: 'webhook_endpoint.auto_disable',
          tenantId: delivery.tenantId,
          resourceType: 'webhook_endpoint',
          resourceId: delivery.endpointId,
          actor: { type: 'system', label: 'outbound-webhooks' },
          metadata: { reason },
        });
        return true;
      });
      if (disabled) await this.alerts.endpointDisabled({ tenantId: delivery.tenantId, endpointId: delivery.endpointId, url: delivery.url, reason });
    }
  }
}
