import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { queryRows } from '../../../common/db/sql';
import { TenantDb } from '../../../common/db/tenant-db.service';
import { AuditService } from '../../audit/audit.service';
import { JobsService } from '../../jobs/jobs.service';
import { LeadRepository } from '../lead.repository';
import { tenantSettings } from '../../tenants/tenant-settings';
import type { Tenant } from '../../tenants/tenant.entity';

export const LEAD_TRASH_PURGE_JOB = 'leads.purge-trash';
const INTERVAL_MS = 60 * 60_000;
// Deletes in slices so one tenant's big trash never holds long locks or a long transaction.
const BATCH = 5000;

// Leads in the trash longer than the workspace's retention (30 days by default) are deleted for good,
// with their timeline; one audit entry per workspace and run says how many.
@Injectable()
export class LeadTrashPurgeJob implements OnModuleInit {
  private readonly logger = new Logger('LeadTrash');

  constructor(
    private readonly jobs: JobsService,
    private readonly db: TenantDb,
    private readonly audit: AuditService,
    private readonly leads: LeadRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.register(LEAD_TRASH_PURGE_JOB, () => this.run().then(() => undefined), { retryLimit: 2, retryDelay: 300, expireInSeconds: 60 * 60 });
  }

  // Only enqueues; the tick's job id makes it run once however many replicas tick.
  @Interval(LEAD_TRASH_PURGE_JOB, INTERVAL_MS)
  tick(): Promise<void> {
    return this.jobs.enqueueTick(LEAD_TRASH_PURGE_JOB, INTERVAL_MS);
  }

  // Answers the number of leads purged per tenant (tenants with none are left out).
  async run(): Promise<Record<string, number>> {
    const tenants = await this.db.crossTenant((m) => queryRows<Pick<Tenant, 'id' | 'settings'>>(m, `SELECT id, settings FROM tenants`));
    const purged: Record<string, number> = {};
    for (const tenant of tenants) {
      const days = tenantSettings(tenant).trashRetentionDays;
      let total = 0;
      for (;;) {
        const n = await this.db.run(tenant.id, async (m) => {
          const n = await this.leads.purgeTrash(m, tenant.id, days, BATCH);
          if (n > 0) {
            await this.audit.record(m, { ip: '', userAgent: null, requestId: `job:${LEAD_TRASH_PURGE_JOB}` }, {
              action: 'lead.purge',
              tenantId: tenant.id,
              resourceType: 'lead',
              actor: { type: 'system', label: LEAD_TRASH_PURGE_JOB },
              metadata: { purged: n, retentionDays: days },
            });
          }
          return n;
        });
        total += n;
        if (n < BATCH) break;
      }
      if (total > 0) purged[tenant.id] = total;
    }
    if (Object.keys(purged).length > 0) this.logger.log({ purged }, 'purged leads from the trash');
    return purged;
  }
}
