import { Injectable, Logger } from '@nestjs/common';
import { TenantDb } from '../../common/db/tenant-db.service';
import { AuditService } from '../audit/audit.service';
import type { RetentionDto, RetentionResultDto, UpdateRetentionDto } from './dto/retention.dto';
import type { Caller } from './privacy.service';
import { PrivacyService } from './privacy.service';
import { RetentionRepository, type RetentionRow, type RetentionRules } from './retention.repository';

export const RETENTION_JOB = 'privacy.retention';
// The job ticks hourly and runs a workspace once a day: a restart never skips a day, a day never runs twice.
export const RETENTION_TICK_MS = 60 * 60_000;
export const RETENTION_GAP_MS = 23 * 60 * 60_000;
const DAY_MS = 24 * 60 * 60_000;
// Leads erased per workspace and run; the rest wait for the next day.
const LEADS_PER_RUN = 2000;
// Audit entries are kept at least this long (the database function refuses less).
export const AUDIT_FLOOR_MONTHS = 12;

const FIELDS: Array<[keyof RetentionRules, keyof UpdateRetentionDto]> = [
  ['inactive_lead_months', 'inactiveLeadMonths'],
  ['webhook_payload_days', 'webhookPayloadDays'],
  ['import_days', 'importDays'],
  ['audit_months', 'auditMonths'],
];

function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

// The workspace's retention rules and the daily run that applies them (issue 18, decision 0022).
@Injectable()
export class RetentionService {
  private readonly logger = new Logger('Retention');

  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
    private readonly repository: RetentionRepository,
    private readonly privacy: PrivacyService,
  ) {}

  async get(ctx: Caller): Promise<RetentionDto> {
    const row = await this.db.run(ctx.principal.tenantId, (m) => this.repository.get(m, ctx.principal.tenantId));
    return toDto(row);
  }

  async update(ctx: Caller, dto: UpdateRetentionDto): Promise<RetentionDto> {
    const tenantId = ctx.principal.tenantId;
    return this.db.run(tenantId, async (m) => {
      const before = await this.repository.get(m, tenantId);
      const rules = Object.fromEntries(FIELDS.map(([column, field]) => [column, dto[field] === undefined ? (before?.[column] ?? null) : dto[field]])) as RetentionRules;
      const saved = await this.repository.save(m, tenantId, rules);
      const changes = Object.fromEntries(
        FIELDS.filter(([column]) => (before?.[column] ?? null) !== rules[column]).map(([column, field]) => [field, { from: before?.[column] ?? null, to: rules[column] }]),
      );
      await this.audit.record(m, ctx, { action: 'privacy.retention_update', resourceType: 'privacy_retention', changes });
      return toDto(saved);
    });
  }

  // Every workspace due a run; answers what each run removed, by workspace.
  async runDue(now = new Date()): Promise<Record<string, RetentionResultDto>> {
    const due = await this.db.crossTenant((m) => this.repository.due(m, now, RETENTION_GAP_MS));
    const done: Record<string, RetentionResultDto> = {};
    for (const row of due) {
      try {
        done[row.tenant_id] = await this.apply(row, now);
      } catch (error) {
        // One workspace's failure does not hold the others back; the job's next tick retries it.
        this.logger.warn({ err: error, tenantId: row.tenant_id }, 'retention run failed');
      }
    }
    return done;
  }

  // One workspace's rules, each in its own transaction (leads one by one), then the result and an audit entry.
  async apply(row: RetentionRow, now: Date): Promise<RetentionResultDto> {
    const tenantId = row.tenant_id;
    const result: RetentionResultDto = { erasedLeads: 0, webhookPayloads: 0, importRows: 0, importErrors: 0, auditEntries: 0 };
    if (row.inactive_lead_months !== null) {
      const cutoff = monthsBefore(now, row.inactive_lead_months);
      const leads = await this.db.run(tenantId, (m) => this.repository.inactiveLeads(m, tenantId, cutoff, LEADS_PER_RUN));
      for (const lead of leads) {
        await this.privacy.eraseLead(tenantId, lead);
        result.erasedLeads++;
      }
    }
    await this.db.run(tenantId, async (m) => {
      if (row.webhook_payload_days !== null) {
        result.webhookPayloads = await this.repository.purgeWebhookPayloads(m, tenantId, new Date(now.getTime() - row.webhook_payload_days * DAY_MS));
      }
      if (row.import_days !== null) {
        const purged = await this.repository.purgeImports(m, tenantId, new Date(now.getTime() - row.import_days * DAY_MS));
        result.importRows = purged.rows;
        result.importErrors = purged.errors;
      }
      if (row.audit_months !== null) {
        result.auditEntries = await this.repository.purgeAuditEntries(m, monthsBefore(now, Math.max(AUDIT_FLOOR_MONTHS, row.audit_months)));
      }
      await this.repository.recordRun(m, tenantId, now, { ...result });
      await this.audit.record(m, { ip: '', userAgent: null, requestId: `job:${RETENTION_JOB}` }, {
        action: 'privacy.retention_run',
        tenantId,
        resourceType: 'privacy_retention',
        actor: { type: 'system', label: RETENTION_JOB },
        metadata: { ...result },
      });
    });
    return result;
  }
}

function toDto(row: RetentionRow | null): RetentionDto {
  const anyOn = !!row && FIELDS.some(([column]) => row[column] !== null);
  const lastRunAt = row?.last_run_at ? new Date(row.last_run_at) : null;
  // Due a day after the last run, found by the next hourly tick; never run: the next tick.
  const next = lastRunAt ? Math.max(lastRunAt.getTime() + DAY_MS, Date.now()) + RETENTION_TICK_MS : Date.now() + RETENTION_TICK_MS;
  return {
    inactiveLeadMonths: row?.inactive_lead_months ?? null,
    webhookPayloadDays: row?.webhook_payload_days ?? null,
    importDays: row?.import_days ?? null,
    auditMonths: row?.audit_months ?? null,
    lastRunAt: lastRunAt?.toISOString() ?? null,
    lastResult: (row?.last_result as RetentionResultDto | null) ?? null,
    nextRunAt: anyOn ? new Date(next).toISOString() : null,
  };
}
