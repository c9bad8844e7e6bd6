import { randomUUID } from 'node:crypto';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { UserPrincipal } from '../../common/auth/principal';
import type { AuthedContext, RequestContext } from '../../common/auth/request-context';
import { TenantDb } from '../../common/db/tenant-db.service';
import { SENSITIVE_KEY } from '../../common/logging/redact';
import type { FieldError } from '../../common/problem/problem.exception';
import { ValidationException } from '../../common/problem/validation.exception';
import { appConfig, type AppConfig } from '../../config/app.config';
import { publicBaseUrlFor } from '../../common/http/public-url';
import { AuditService } from '../audit/audit.service';
import { JobsService } from '../jobs/jobs.service';
import { toConnectionDto } from './connection-dto.mapper';
import type { Credentials } from './credentials-vault';
import { CredentialsVaultService } from './credentials-vault.service';
import type { ConnectionTestResultDto } from './dto/connection-test-result.dto';
import type { ConnectionWithSecretDto } from './dto/connection-with-secret.dto';
import type { ConnectionDto } from './dto/connection.dto';
import type { CreateConnectionDto } from './dto/create-connection.dto';
import type { TestCredentialsDto } from './dto/test-credentials.dto';
import type { UpdateConnectionDto } from './dto/update-connection.dto';
import { IntegrationConnection } from './integration-connection.entity';
import type { ConnectionStatus, ProviderName } from './integration-values';
import { SecretRotationNotSupportedException } from './secret-rotation-not-supported.exception';
import { WEBHOOK_DELIVERY_JOB, type WebhookDeliveryJobData } from './webhook-delivery-job-data';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookProviders } from './webhook-providers.service';
import { ProviderError } from './providers/provider-error';
import { AccessTokens } from './sync/access-tokens.service';
import { PullProviders } from './sync/pull-providers.service';
import { checkPushConfig } from './sync/push-config';

type Staff = AuthedContext<UserPrincipal>;

const MAX_CONFIG_CHARS = 4096;
// Failed deliveries queued again when a connection's credentials are fixed, per update.
const REQUEUE_LIMIT = 1000;

function checkConfig(config: Record<string, unknown> | undefined, supportsPush: boolean): FieldError[] {
  if (config === undefined) return [];
  const push = checkPushConfig(config, supportsPush);
  if (push.length > 0) return push;
  if (JSON.stringify(config).length > MAX_CONFIG_CHARS) return [{ field: 'config', message: `config must serialise to at most ${MAX_CONFIG_CHARS} characters` }];
  const secretLooking = Object.keys(config).filter((k) => SENSITIVE_KEY.test(k));
  // config is returned and audited in the clear: a secret put there by mistake would leak.
  return secretLooking.length > 0 ? [{ field: 'config', message: `config is not secret; put ${secretLooking.join(', ')} in credentials` }] : [];
}

// Connections of a workspace. Credentials go into the vault and never come back out through the API;
// every change is audited with the credential field names only.
@Injectable()
export class IntegrationConnectionsService {
  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
    private readonly vault: CredentialsVaultService,
    private readonly providers: WebhookProviders,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly jobs: JobsService,
    @Inject(appConfig.KEY) private readonly app: AppConfig,
    private readonly pullProviders: PullProviders,
    private readonly tokens: AccessTokens,
  ) {
  }

  async list(ctx: Staff): Promise<ConnectionDto[]> {
    const rows = await this.db.run(ctx.principal.tenantId, (m) => m.find(IntegrationConnection, { order: { createdAt: 'DESC', id: 'DESC' } }));
    return rows.map((c) => toConnectionDto(c, publicBaseUrlFor(this.app, ctx)));
  }

  async get(ctx: Staff, id: string): Promise<ConnectionDto> {
    return this.db.run(ctx.principal.tenantId, async (m) => toConnectionDto(await this.find(m, id), publicBaseUrlFor(this.app, ctx)));
  }

  async create(ctx: Staff, dto: CreateConnectionDto): Promise<ConnectionWithSecretDto> {
    const provider = this.providers.get(dto.provider);
    const checked = provider.checkCredentials(dto.credentials, true);
    const errors = [...checkConfig(dto.config, this.pullProviders.supportsPush(provider.name)), ...(provider.checkConfig?.(dto.config, true) ?? []), ...checked.errors];
    if (errors.length > 0 || !checked.credentials) throw new ValidationException(errors);
    const credentials = checked.credentials;
    const id = randomUUID();
    const sealed = this.vault.seal(id, credentials);
    return this.db.run(ctx.principal.tenantId, async (m) => {
      const connection = await m.save(
        m.create(IntegrationConnection, {
          id,
          tenantId: ctx.principal.tenantId,
          provider: dto.provider,
          name: dto.name,
          config: dto.config ?? {},
          credentials: sealed.ciphertext,
          credentialsKeyId: sealed.keyId,
          credentialHints: provider.hints(credentials),
          status: 'active',
          syncIntervalMinutes: dto.syncIntervalMinutes ?? 5,
          createdBy: ctx.principal.userId,
          updatedBy: ctx.principal.userId,
        }),
      );
      await this.audit.record(m, ctx, {
        action: 'integration.create',
        resourceType: 'integration_connection',
        resourceId: id,
        changes: { provider: dto.provider, name: dto.name, config: dto.config ?? {}, credentialFields: Object.keys(credentials) },
      });
      const dto$ = toConnectionDto(connection, publicBaseUrlFor(this.app, ctx));
      // The generated secret is shown this once; Acuity's key was the caller's to begin with.
      return dto.provider === 'webhook' ? { ...dto$, secret: credentials.secret } : dto$;
    });
  }

  async update(ctx: Staff, id: string, dto: UpdateConnectionDto): Promise<ConnectionDto> {
    return this.db.run(ctx.principal.tenantId, async (m) => {
      const connection = await this.find(m, id, true);
      const provider = this.providers.get(connection.provider);
      const checked = provider.checkCredentials(dto.credentials, false);
      const errors = [...checkConfig(dto.config, this.pullProviders.supportsPush(provider.name)), ...(provider.checkConfig?.(dto.config, false) ?? []), ...checked.errors];
      if (errors.length > 0) throw new ValidationException(errors);
      const changes: Record<string, unknown> = {};
      if (dto.name !== undefined && dto.name !== connection.name) changes.name = connection.name = dto.name;
      if (dto.config !== undefined) changes.config = connection.config = dto.config;
      if (dto.syncIntervalMinutes !== undefined && dto.syncIntervalMinutes !== connection.syncIntervalMinutes) {
        changes.syncIntervalMinutes = connection.syncIntervalMinutes = dto.syncIntervalMinutes;
        // The new schedule starts now rather than after the old interval.
        connection.nextSyncAt = null;
      }
      let requeue = false;
      if (checked.credentials) {
        this.storeCredentials(connection, checked.credentials);
        changes.credentialFields = Object.keys(checked.credentials);
        // New credentials are the fix for "Acuity refused the API key".
        if (connection.status === 'needs_attention') {
          connection.status = 'active';
          connection.lastError = null;
          connection.lastErrorAt = null;
          changes.status = 'active';
          requeue = true;
        }
      }
      if (Object.keys(changes).length === 0) return toConnectionDto(connection, publicBaseUrlFor(this.app, ctx));
      connection.updatedBy = ctx.principal.userId;
      const saved = await m.save(connection);
      const requeued = requeue ? await this.requeueFailed(m, connection) : 0;
      await this.audit.record(m, ctx, { action: 'integration.update', resourceType: 'integration_connection', resourceId: id, changes, metadata: requeued ? { requeued } : undefined });
      return toConnectionDto(saved, publicBaseUrlFor(this.app, ctx));
    });
  }

  async remove(ctx: Staff, id: string): Promise<void> {
    await this.db.run(ctx.principal.tenantId, async (m) => {
      const connection = await this.find(m, id, true);
      // Its deliveries go with it (foreign key cascade); its leads stay.
      await m.delete(IntegrationConnection, { id });
      await this.audit.record(m, ctx, { action: 'integration.delete', resourceType: 'integration_connection', resourceId: id, metadata: { provider: connection.provider, name: connection.name } });
    });
  }

  setStatus(ctx: Staff, id: string, status: Extract<ConnectionStatus, 'active' | 'disabled'>): Promise<ConnectionDto> {
    return this.db.run(ctx.principal.tenantId, async (m) => {
      const connection = await this.find(m, id, true);
      if (connection.status === status) return toConnectionDto(connection, publicBaseUrlFor(this.app, ctx));
      const before = connection.status;
      connection.status = status;
      if (status === 'active') {
        connection.lastError = null;
        connection.lastErrorAt = null;
      }
      connection.updatedBy = ctx.principal.userId;
      const saved = await m.save(connection);
      await this.audit.record(m, ctx, {
        action: status === 'active' ? 'integration.enable' : 'integration.disable',
        resourceType: 'integration_connection',
        resourceId: id,
        changes: { status: { from: before, to: status } },
      });
      return toConnectionDto(saved, publicBaseUrlFor(this.app, ctx));
    });
  }

  async rotateSecret(ctx: Staff, id: string): Promise<ConnectionWithSecretDto> {
    return this.db.run(ctx.principal.tenantId, async (m) => {
      const connection = await this.find(m, id, true);
      if (connection.provider !== 'webhook') throw new SecretRotationNotSupportedException(connection.provider);
      const rotated = this.providers.generic.rotate(this.credentialsOf(connection), new Date());
      this.storeCredentials(connection, rotated);
      connection.updatedBy = ctx.principal.userId;
      const saved = await m.save(connection);
      await this.audit.record(m, ctx, {
        action: 'integration.rotate_secret',
        resourceType: 'integration_connection',
        resourceId: id,
        metadata: { previousSecretValidUntil: rotated.previousSecretExpiresAt },
      });
      return { ...toConnectionDto(saved, publicBaseUrlFor(this.app, ctx)), secret: rotated.secret };
    });
  }

  // The connect form's `Test`: the same checks as creating, then one call to the provider. Nothing is
  // stored or audited (no connection exists yet); the credentials live only for this request.
  async testCredentials(dto: TestCredentialsDto): Promise<ConnectionTestResultDto> {
    const provider = this.providers.get(dto.provider);
    const checked = provider.checkCredentials(dto.credentials, true);
    if (checked.errors.length > 0 || !checked.credentials) throw new ValidationException(checked.errors);
    return provider.test(checked.credentials);
  }

  // Calls the provider with the stored credentials; a success clears "needs attention".
  async test(ctx: Staff, id: string): Promise<ConnectionTestResultDto> {
    const connection = await this.db.run(ctx.principal.tenantId, (m) => this.find(m, id));
    const outcome = this.pullProviders.has(connection.provider)
      ? await this.testPull(ctx.principal.tenantId, connection)
      : await this.providers.get(connection.provider).test(this.credentialsOf(connection));
    if (outcome.ok && connection.status === 'needs_attention') {
      await this.db.run(ctx.principal.tenantId, (m) =>
        m.update(IntegrationConnection, { id, status: 'needs_attention' }, { status: 'active', lastError: null, lastErrorAt: null }),
      );
    }
    return outcome;
  }

  // The end of Zoho's connect flow (ZohoConnectService), inside its transaction: a new connection with the
  // credentials the provider's sign-in produced, or new credentials for an existing one, which puts it
  // back to active. Null when the connection to reconnect is gone.
  async saveAuthorized(
    m: EntityManager,
    ctx: RequestContext,
    actor: { tenantId: string; userId: string; email: string },
    target: { connectionId: string | null; name: string; provider: ProviderName },
    credentials: Credentials,
  ): Promise<IntegrationConnection | null> {
    const existing = target.connectionId ? await m.findOne(IntegrationConnection, { where: { id: target.connectionId }, lock: { mode: 'pessimistic_write' } }) : null;
    if (target.connectionId && !existing) return null;
    const connection = existing ?? m.create(IntegrationConnection, { id: randomUUID(), tenantId: actor.tenantId, provider: target.provider, name: target.name, config: {}, createdBy: actor.userId });
    const before = existing?.status ?? null;
    this.storeCredentials(connection, credentials);
    connection.status = 'active';
    connection.lastError = null;
    connection.lastErrorAt = null;
    connection.updatedBy = actor.userId;
    const saved = await m.save(connection);
    await this.audit.record(m, ctx, {
      tenantId: saved.tenantId,
      action: existing ? 'integration.update' : 'integration.create',
      actor: { type: 'user', id: actor.userId, label: actor.email },
      resourceType: 'integration_connection',
      resourceId: saved.id,
      changes: existing
        ? { credentialFields: Object.keys(credentials), ...(before !== 'active' ? { status: { from: before, to: 'active' } } : {}) }
        : { provider: target.provider, name: target.name, config: {}, credentialFields: Object.keys(credentials) },
      metadata: { via: 'oauth' },
    });
    return saved;
  }

  private async find(m: EntityManager, id: string, lock = false): Promise<IntegrationConnection> {
    const connection = await m.findOne(IntegrationConnection, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!connection) throw new NotFoundException('No integration connection with this id');
    return connection;
  }

  // A pull connection is tested through the access token every run shares: a cached one answers at once,
  // and a new one is asked for under the connection's lock, counted against the provider's token limit
  // (Zoho: 10 per 10 minutes; a token of the test's own would invalidate one that runs are using).
  private async testPull(tenantId: string, connection: IntegrationConnection): Promise<ConnectionTestResultDto> {
    const provider = this.pullProviders.get(connection.provider);
    try {
      await this.tokens.get(tenantId, connection.id, provider);
      return { ok: true, message: `Connected to ${provider.label}` };
    } catch (error) {
      if (error instanceof ProviderError) return { ok: false, message: error.message };
      throw error;
    }
  }

  credentialsOf(connection: IntegrationConnection): Credentials {
    if (!connection.credentials || !connection.credentialsKeyId) return {};
    return this.vault.open(connection.id, { ciphertext: connection.credentials, keyId: connection.credentialsKeyId });
  }

  private storeCredentials(connection: IntegrationConnection, credentials: Credentials): void {
    const sealed = this.vault.seal(connection.id, credentials);
    connection.credentials = sealed.ciphertext;
    connection.credentialsKeyId = sealed.keyId;
    connection.credentialHints = this.providers.get(connection.provider).hints(credentials);
    // A token asked for with the old credentials is theirs, not the new ones'.
    connection.accessToken = null;
    connection.accessTokenExpiresAt = null;
  }

  private async requeueFailed(m: EntityManager, connection: IntegrationConnection): Promise<number> {
    const ids = await this.deliveries.requeueFailed(m, connection.id, REQUEUE_LIMIT);
    for (const deliveryId of ids) {
      const job: WebhookDeliveryJobData = { tenantId: connection.tenantId, deliveryId };
      await this.jobs.enqueue(m, WEBHOOK_DELIVERY_JOB, job);
    }
    return ids.length;
  }
}
