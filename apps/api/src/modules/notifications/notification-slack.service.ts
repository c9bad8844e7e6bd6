import { randomUUID } from 'node:crypto';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { UserPrincipal } from '../../common/auth/principal';
import type { AuthedContext } from '../../common/auth/request-context';
import { TenantDb } from '../../common/db/tenant-db.service';
import { integrationsConfig, type IntegrationsConfig } from '../../config/integrations.config';
import { AuditService } from '../audit/audit.service';
import { CredentialsVaultService } from '../integrations/credentials-vault.service';
import type { CreateSlackChannelDto, SlackChannelDto, UpdateSlackChannelDto } from './dto/slack-channel.dto';
import { NotificationSlackRepository, type SlackChannelRow } from './notification-slack.repository';
import { SlackUrlRefusedException } from './slack-url-refused.exception';
import { slackUrlProblem } from './slack-url';

type Staff = AuthedContext<UserPrincipal>;

const aad = (channelId: string) => `notification_slack_channel:${channelId}`;

// The workspace's Slack channels as admins manage them (Settings, Notifications). The URL is sealed by the
// credentials vault and only its host is ever shown; changes are audited without it.
@Injectable()
export class NotificationSlackService {
  constructor(
    private readonly db: TenantDb,
    private readonly repository: NotificationSlackRepository,
    private readonly vault: CredentialsVaultService,
    private readonly audit: AuditService,
    @Inject(integrationsConfig.KEY) private readonly config: IntegrationsConfig,
  ) {}

  list(ctx: Staff): Promise<SlackChannelDto[]> {
    const { tenantId } = ctx.principal;
    return this.db.run(tenantId, async (m) => (await this.repository.list(m, tenantId)).map((row) => this.toDto(row)));
  }

  async create(ctx: Staff, dto: CreateSlackChannelDto): Promise<SlackChannelDto> {
    this.checkUrl(dto.url);
    const { tenantId } = ctx.principal;
    const id = randomUUID();
    const sealed = this.vault.seal(aad(id), { url: dto.url });
    return this.db.run(tenantId, async (m) => {
      await this.repository.insert(m, { id, tenantId, name: dto.name, kinds: dto.kinds, url: sealed.ciphertext, urlKeyId: sealed.keyId, enabled: dto.enabled ?? true });
      await this.audit.record(m, ctx, { action: 'slack_channel.create', resourceType: 'slack_channel', resourceId: id, metadata: { name: dto.name, kinds: dto.kinds } });
      return this.toDto(await this.found(m, tenantId, id));
    });
  }

  async update(ctx: Staff, id: string, dto: UpdateSlackChannelDto): Promise<SlackChannelDto> {
    if (dto.url !== undefined) this.checkUrl(dto.url);
    const { tenantId } = ctx.principal;
    return this.db.run(tenantId, async (m) => {
      const before = await this.found(m, tenantId, id, true);
      const url = dto.url === undefined ? undefined : this.vault.seal(aad(id), { url: dto.url });
      await this.repository.update(m, tenantId, id, { name: dto.name, kinds: dto.kinds, url, enabled: dto.enabled });
      if (dto.enabled === false && before.enabled) await this.repository.giveUpPending(m, tenantId, id, 'the channel was turned off');
      await this.audit.record(m, ctx, {
        action: 'slack_channel.update',
        resourceType: 'slack_channel',
        resourceId: id,
        metadata: { name: dto.name, kinds: dto.kinds, enabled: dto.enabled, urlChanged: dto.url !== undefined },
      });
      return this.toDto(await this.found(m, tenantId, id));
    });
  }

  async remove(ctx: Staff, id: string): Promise<void> {
    const { tenantId } = ctx.principal;
    await this.db.run(tenantId, async (m) => {
      if (!(await this.repository.remove(m, tenantId, id))) throw new NotFoundException('No Slack channel with this id');
      await this.audit.record(m, ctx, { action: 'slack_channel.delete', resourceType: 'slack_channel', resourceId: id });
    });
  }

  // The stored URL, for the sender.
  openUrl(row: Pick<SlackChannelRow, 'id' | 'url' | 'url_key_id'>): string {
    return this.vault.open(aad(row.id), { ciphertext: row.url, keyId: row.url_key_id }).url;
  }

  private checkUrl(url: string): void {
    const problem = slackUrlProblem(url, this.config.WEBHOOKS_ALLOW_PRIVATE_NETWORKS);
    if (problem) throw new SlackUrlRefusedException(problem);
  }

  private async found(m: Parameters<NotificationSlackRepository['one']>[0], tenantId: string, id: string, lock = false): Promise<SlackChannelRow> {
    const row = await this.repository.one(m, tenantId, id, lock);
    if (!row) throw new NotFoundException('No Slack channel with this id');
    return row;
  }

  private toDto(row: SlackChannelRow): SlackChannelDto {
    let urlHost = '';
    try {
      urlHost = new URL(this.openUrl(row)).host;
    } catch {
      urlHost = '(cannot be opened with the configured keys)';
    }
    return {
      id: row.id,
      name: row.name,
      kinds: row.kinds,
      enabled: row.enabled,
      urlHost,
      disabledReason: row.disabled_reason,
      lastSentAt: row.last_sent_at,
      lastFailedAt: row.last_failed_at,
      lastError: row.last_error,
      pending: row.pending,
      failed: row.failed,
      createdAt: row.created_at,
    };
  }
}
