import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthedContext } from '../../common/auth/request-context';
import type { ApiKeyPrincipal, UserPrincipal } from '../../common/auth/principal';
import type { FieldError } from '../../common/problem/problem.exception';
import { ValidationException } from '../../common/problem/validation.exception';
import { AuditService } from '../audit/audit.service';
import type { BulkLeadResultDto } from './dto/bulk-lead-result.dto';
import type { BulkLeadsDto } from './dto/bulk-leads.dto';
import type { BulkLeadsResultDto } from './dto/bulk-leads-result.dto';
import { CreateLeadDto } from './dto/create-lead.dto';
import type { LeadDto } from './dto/lead.dto';
import type { LeadAcceptedDto } from './dto/lead-accepted.dto';
import { IdempotencyService, type IdempotentOutcome } from './idempotency.service';
import { toLeadDto } from './lead-dto.mapper';
import { normaliseLead, type NormalisedLead } from './lead-input';
import { checkLeadItem } from './lead-item-check';
import { LeadIntakeService, type IntakeActor } from './lead-intake.service';
import { Lead } from './lead.entity';
import { Metrics } from '../../common/metrics/metrics.service';

type Caller = AuthedContext<UserPrincipal | ApiKeyPrincipal>;

const API_SOURCE = 'api';

function actorOf(ctx: Caller): IntakeActor {
  return ctx.principal.kind === 'user' ? { type: 'user', id: ctx.principal.userId } : { type: 'api_key', id: ctx.principal.apiKeyId };
}

// The entity TypeORM would have loaded from this row: each column converted by the driver, as a read does.
function leadFromRow(m: EntityManager, row: Record<string, unknown>): Lead {
  const { driver } = m.connection;
  const lead = new Lead();
  for (const column of m.connection.getMetadata(Lead).columns) {
    if (column.isVirtual || !(column.databaseName in row)) continue;
    (lead as unknown as Record<string, unknown>)[column.propertyName] = driver.prepareHydratedValue(row[column.databaseName], column);
  }
  return lead;
}

// The ingest API: one lead or a batch, with dedup, lead events, one audit entry and Idempotency-Key.
@Injectable()
export class LeadIngestService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly intake: LeadIntakeService,
    private readonly idempotency: IdempotencyService,
    private readonly audit: AuditService,
    private readonly metrics: Metrics,
  ) {}

  async createOne(ctx: Caller, dto: CreateLeadDto, idempotencyKey?: string): Promise<IdempotentOutcome<LeadDto | LeadAcceptedDto>> {
    const normalised = normaliseLead(dto, { source: API_SOURCE });
    if ('errors' in normalised) throw new ValidationException(normalised.errors);
    const tenantId = ctx.principal.tenantId;
    // The audit entry of a creation travels with the INSERT (one round trip); a merge is audited here.
    const createdAudit = this.audit.values(ctx, { action: 'lead.create', resourceType: 'lead', metadata: { source: normalised.lead.source, event: 'created' } });
    if (idempotencyKey === undefined) {
      // Most submissions are new leads: one round trip stores one. A match falls through to the merge.
      const row = await this.intake.createAlone(tenantId, normalised.lead, { actor: actorOf(ctx), createdAudit });
      if (row) {
        this.metrics.intake('api', [{ status: 'created' }]);
        return { status: 201, body: toLeadDto(leadFromRow(this.dataSource.manager, row), false), replayed: false };
      }
    }
    return this.idempotency.execute<LeadDto | LeadAcceptedDto>(tenantId, 'leads.create', idempotencyKey, dto, async (m) => {
      const [result] = await this.intake.ingest(m, tenantId, [{ index: 0, lead: normalised.lead }], { actor: actorOf(ctx), mode: 'upsert', returnRows: true, createdAudit });
      this.metrics.intake('api', [result]);
      if (result.status === 'error') throw new ValidationException(result.errors);
      // An erased person: received, not stored, and nothing in the answer says why.
      if (result.status === 'suppressed') return { status: 202, body: { status: 'accepted' as const } };
          // A new lead is answered from the row its INSERT returned; a merge reads the lead it merged into.
      const lead = result.status === 'created' && result.row ? leadFromRow(m, result.row) : await m.findOneByOrFail(Lead, { id: result.id });
      const created = result.status === 'created';
      if (!(result.status === 'created' && result.audited)) {
        await this.audit.record(m, ctx, {
          action: created ? 'lead.create' : 'lead.merge',
          resourceType: 'lead',
          resourceId: lead.id,
          metadata: { source: lead.source, event: result.event },
        });
      }
      return { status: created ? 201 : 200, body: toLeadDto(lead, !created) };
    });
  }

  async createMany(ctx: Caller, dto: BulkLeadsDto, idempotencyKey?: string): Promise<IdempotentOutcome<BulkLeadsResultDto>> {
    const tenantId = ctx.principal.tenantId;
    const checked = dto.leads.map((item) => this.check(item));
    return this.idempotency.execute(tenantId, 'leads.bulk', idempotencyKey, dto, (m) => this.storeBatch(m, ctx, checked));
  }

  private async storeBatch(m: EntityManager, ctx: Caller, checked: Array<NormalisedLead | FieldError[]>) {
    const valid: Array<{ index: number; lead: NormalisedLead }> = [];
    const results: BulkLeadResultDto[] = checked.map((item, index) => {
      if (Array.isArray(item)) return { index, status: 'error', errors: item };
      valid.push({ index, lead: item });
      return { index, status: 'error' };
    });
    const stored = valid.length > 0 ? await this.intake.ingest(m, ctx.principal.tenantId, valid, { actor: actorOf(ctx), mode: 'upsert' }) : [];
    this.metrics.intake('bulk', stored);
    for (const result of stored) {
      results[result.index] =
        result.status === 'error'
          ? { index: result.index, status: 'error', errors: result.errors }
          : result.status === 'suppressed'
            ? { index: result.index, status: 'skipped' }
            : { index: result.index, status: result.status, id: result.id };
    }
    const count = (status: BulkLeadResultDto['status']) => results.filter((r) => r.status === status).length;
    const body: BulkLeadsResultDto = { created: count('created'), merged: count('merged'), failed: count('error'), skipped: count('skipped'), results };
    await this.audit.record(m, ctx, {
      action: 'lead.bulk_ingest',
      resourceType: 'lead',
      metadata: { received: results.length, created: body.created, merged: body.merged, failed: body.failed, skipped: body.skipped },
    });
    return { status: 200, body };
  }

  private check(item: unknown): NormalisedLead | FieldError[] {
    return checkLeadItem(item, { source: API_SOURCE });
  }
}
