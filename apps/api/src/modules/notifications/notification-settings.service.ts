import { Injectable } from '@nestjs/common';
import type { Principal } from '../../common/auth/principal';
import type { AuthedContext } from '../../common/auth/request-context';
import { TenantDb } from '../../common/db/tenant-db.service';
import { queryRows } from '../../common/db/sql';
import type { NotificationSettingsDto, UpdateNotificationSettingsDto } from './dto/notification-settings.dto';
import { channelWanted, withChoices } from './channel-choice';
import { DEFAULT_ESCALATION_PERCENT, NOTIFICATION_KINDS } from './notification-values';
import { UnknownOnDutyUserException } from './unknown-on-duty-user.exception';

interface SettingsRow {
  on_duty_user_ids: string[];
  hot_lead_score: number | null;
  escalation_percent: number;
  defaults: Record<string, Record<string, boolean>>;
}

const toDto = (row: SettingsRow | undefined): NotificationSettingsDto => ({
  onDutyUserIds: row?.on_duty_user_ids ?? [],
  hotLeadScore: row?.hot_lead_score ?? null,
  escalationPercent: row?.escalation_percent ?? DEFAULT_ESCALATION_PERCENT,
  defaults: NOTIFICATION_KINDS.map((kind) => ({ kind, email: channelWanted(null, row?.defaults, kind, 'email') })),
});

// The workspace's notification settings (Settings, Notifications), read by the database producers.
@Injectable()
export class NotificationSettingsService {
  constructor(private readonly db: TenantDb) {}

  get(ctx: AuthedContext<Principal>): Promise<NotificationSettingsDto> {
    const { tenantId } = ctx.principal;
    return this.db.run(tenantId, async (m) => toDto((await queryRows<SettingsRow>(m, `SELECT on_duty_user_ids, hot_lead_score, escalation_percent, defaults FROM notification_settings WHERE tenant_id = $1`, [tenantId]))[0]));
  }

  update(ctx: AuthedContext<Principal>, dto: UpdateNotificationSettingsDto): Promise<NotificationSettingsDto> {
    const { tenantId } = ctx.principal;
    return this.db.run(tenantId, async (m) => {
      const onDuty = dto.onDutyUserIds === undefined ? null : [...new Set(dto.onDutyUserIds.map((id) => id.toLowerCase()))];
      if (onDuty?.length) {
        const [{ count }] = await queryRows<{ count: number }>(m, `SELECT count(*)::int AS count FROM users WHERE tenant_id = $1 AND id = ANY($2::uuid[]) AND status = 'active'`, [tenantId, onDuty]);
        if (count !== onDuty.length) throw new UnknownOnDutyUserException();
      }
      let defaults: string | null = null;
      if (dto.defaults) {
        const [current] = await queryRows<{ defaults: SettingsRow['defaults'] }>(m, `SELECT defaults FROM notification_settings WHERE tenant_id = $1 FOR UPDATE`, [tenantId]);
        defaults = JSON.stringify(withChoices(current?.defaults, dto.defaults));
      }
      const [row] = await queryRows<SettingsRow>(
        m,
        `INSERT INTO notification_settings (tenant_id, on_duty_user_ids, hot_lead_score, escalation_percent, defaults)
         VALUES ($1, coalesce($2::uuid[], '{}'), CASE WHEN $3 THEN $4::smallint END, coalesce($5::smallint, ${DEFAULT_ESCALATION_PERCENT}), coalesce($6::jsonb, '{}'))
         ON CONFLICT (tenant_id) DO UPDATE SET
           on_duty_user_ids = coalesce($2::uuid[], notification_settings.on_duty_user_ids),
           hot_lead_score = CASE WHEN $3 THEN $4::smallint ELSE notification_settings.hot_lead_score END,
           escalation_percent = coalesce($5::smallint, notification_settings.escalation_percent),
           defaults = coalesce($6::jsonb, notification_settings.defaults),
           updated_at = now()
         RETURNING on_duty_user_ids, hot_lead_score, escalation_percent, defaults`,
        [tenantId, onDuty, dto.hotLeadScore !== undefined, dto.hotLeadScore ?? null, dto.escalationPercent ?? null, defaults],
      );
      return toDto(row);
    });
  }
}
