import { Injectable } from '@nestjs/common';
import type { AuthedContext } from '../../../common/auth/request-context';
import type { UserPrincipal } from '../../../common/auth/principal';
import { TenantDb } from '../../../common/db/tenant-db.service';
import { toLeadDto, type LeadRow } from '../lead-dto.mapper';
import type { MyDayDto, MyDaySectionDto } from './dto/my-day.dto';
import type { MyDayQueryDto } from './dto/my-day-query.dto';
import { MY_DAY_REASONS, MyDayRepository, type MyDayReason } from './my-day.repository';

// Leads listed per section; the rest is one click away in the filtered list.
export const MY_DAY_SECTION_LIMIT = 50;
// A first response due within this many minutes (or already late) is on the day's list.
export const RESPONSE_DUE_WITHIN_MINUTES = 60;

const dueAtOf: Record<MyDayReason, (lead: LeadRow) => Date | null> = {
  follow_up_overdue: (l) => l.followUpAt,
  follow_up_today: (l) => l.followUpAt,
  unread: (l) => l.createdAt,
  response_due: (l) => l.respondBy,
};

// An agent's day, most pressing first: promised follow-ups that are late, those due today, new leads
// assigned to them and not opened, and first responses about to miss (or past) their target.
@Injectable()
export class MyDayService {
  constructor(
    private readonly db: TenantDb,
    private readonly repository: MyDayRepository,
  ) {}

  get(ctx: AuthedContext<UserPrincipal>, query: MyDayQueryDto): Promise<MyDayDto> {
    const { tenantId, userId } = ctx.principal;
    const q = { tenantId, userId, timeZone: query.tz ?? 'UTC', limit: MY_DAY_SECTION_LIMIT + 1, responseDueWithinMinutes: RESPONSE_DUE_WITHIN_MINUTES };
    return this.db.run(tenantId, async (m) => {
      const seen = new Set<string>();
      const sections: MyDaySectionDto[] = [];
      for (const reason of MY_DAY_REASONS) {
        const rows = await this.repository.section(m, reason, q);
        const more = rows.length > MY_DAY_SECTION_LIMIT;
        const fresh = rows.slice(0, MY_DAY_SECTION_LIMIT).filter((row) => !seen.has(row.id));
        for (const row of fresh) seen.add(row.id);
        sections.push({ reason, more, items: fresh.map((row) => ({ lead: toLeadDto(row), dueAt: dueAtOf[reason](row) })) });
      }
      return { sections };
    });
  }
}
