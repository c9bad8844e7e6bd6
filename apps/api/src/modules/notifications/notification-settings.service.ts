import { Injectable } from '@nestjs/common';
import type { Principal } from '../../common/auth/principal';
import type { AuthedContext } from '../../common/auth/request-context';
import { TenantDb } from '../../common/db/tenant-db.service';
import { queryRows } from '../../common/db/sql';
import type { NotificationSettingsDto, UpdateNotificationSettingsDto } from './dto/notification-settings.dto';
import { DEFAULT_ESCALATION_PERCENT } from './notification-values';
import { UnknownOnDutyUserException } from './unknown-on-duty-user.exception';

interface SettingsRow {
  on_duty_user_ids: string[];
  hot_lead_score: number | null;
  escalation_percent: number;
}

const toDto = (row: SettingsRow | undefined): NotificationSettingsDto => ({
  onDutyUserIds: row?.on_duty_user_ids ?? [],
  hotLeadScore: row?.hot_lead_score ?? null,
  escalationPercent: row?.escalation_percent ?? DEFAULT_ESCALATION_PERCENT,
});

// The workspace's notification settings (Settings, Notifications), read by the database producers.
@Injectable()
export class NotificationSettingsService {
  constructor(private readonly db: TenantDb) {}

  get(ctx: AuthedContext<Principal>): Promise<NotificationSettingsDto> {
    const { tenantId } = ctx.principal;
    return this.db.run(tenantId, async (m) => toDto((await queryRows<SettingsRow>(m, `SELECT on_duty_user_ids, hot_lead_score, escalation_percent FROM notification_settings WHERE tenant_id = $1`, [tenantId]))[0]));
  }

  update(ctx: AuthedContext<Principal>, dto: UpdateNotificationSettingsDto): Promise<NotificationSettingsDto> {
    const { tenantId } = ctx.principal;
    return this.db.run(tenantId, async (m) => {
      const onDuty = dto.onDutyUserIds === undefined ? null : [...new Set(dto.onDutyUserIds.map((id) => id.toLowerCase()))];
      if (onDuty?.length) {
        const [{ count }] = await queryRows<{ count: number }>(m, `SELECT count(*)::int AS count FROM users WHERE tenant_id = $1 AND id = ANY($2::uuid[]) AND status = 'active'`, [tenantId, onDuty]);
        if (count !== onDuty.length) throw new UnknownOnDutyUserException();
      }
      const [row] = await queryRows<SettingsRow>(
        m,
        `INSERT INTO notification_settings (tenant_id, on_duty_user_ids, hot_lead_score, escalation_percent)
         VALUES ($1, coalesce($2::uuid[], '{}'), CASE WHEN $3 THEN $4::smallint END, coalesce($5::smallint, ${DEFAULT_ESCALATION_PERCENT}))
         ON CONFLICT (tenant_id) DO UPDATE SET
           on_duty_user_ids = coalesce($2::uuid[], notification_settings.on_duty_user_ids),
           hot_lead_score = CASE WHEN $3 THEN $4::smallint ELSE notification_settings.hot_lead_score END,
           escalation_percent = coalesce($5::smallint, notification_settings.escalation_percent),
           updated_at = now()
         RETURNING on_duty_user_ids, hot_lead_score, escalation_percent`,
        [tenantId, onDuty, dto.hotLeadScore !== undefined, dto.hotLeadScore ?? null, dto.escalationPercent ?? null],
      );
      return toDto(row);
    });
  }
}
