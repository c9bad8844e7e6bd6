import { Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import type { AuthedContext } from '../../common/auth/request-context';
import { TenantDb } from '../../common/db/tenant-db.service';
import { auditCsvHeader, auditCsvRow } from './audit-log-csv';
import { decodeAuditCursor, encodeAuditCursor, type AuditCursor } from './audit-cursor';
import { AuditLogRepository, type AuditLogEntry } from './audit-log.repository';
import { AuditService } from './audit.service';
import type { AuditLogFilterDto } from './dto/audit-log-filter.dto';
import type { AuditLogPageDto } from './dto/audit-log-page.dto';
import type { ListAuditLogsQueryDto } from './dto/list-audit-logs-query.dto';
import { InvalidCursorException } from './invalid-cursor.exception';

const DEFAULT_LIMIT = 50;
const EXPORT_BATCH = 1000;
const FILTER_KEYS = ['actorId', 'actorType', 'action', 'resourceType', 'resourceId', 'outcome', 'from', 'to'] as const satisfies ReadonlyArray<
  keyof AuditLogFilterDto
>;

// The filter as given, without the unset fields and without the query DTO's paging fields.
function filterOf(query: AuditLogFilterDto): AuditLogFilterDto {
  const filter: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    const value = query[key];
    if (value !== undefined) filter[key] = value;
  }
  return filter as AuditLogFilterDto;
}

@Injectable()
export class AuditQueryService {
  private readonly logger = new Logger('AuditExport');

  constructor(
    private readonly db: TenantDb,
    private readonly repository: AuditLogRepository,
    private readonly audit: AuditService,
  ) {}

  async list(ctx: AuthedContext, query: ListAuditLogsQueryDto): Promise<AuditLogPageDto> {
    const after = query.cursor ? decodeAuditCursor(query.cursor) : null;
    if (query.cursor && !after) throw new InvalidCursorException();
    const limit = query.limit ?? DEFAULT_LIMIT;
    const { tenantId } = ctx.principal;
    // One row more than asked tells whether another page exists.
    const entries = await this.db.run(tenantId, (m) => this.repository.page(m, tenantId, filterOf(query), after, limit + 1));
    const page = entries.slice(0, limit);
    return {
      data: page.map((e) => e.dto),
      nextCursor: entries.length > limit ? encodeAuditCursor(page[page.length - 1].cursor) : null,
    };
  }

  // CSV of every matching entry, newest first, read in keyset batches (one short tenant transaction
  // each) and pulled by the response stream, so memory stays flat and a slow client slows the reads.
  // The first batch is read before answering, so a failing database still gets a proper error response.
  async exportCsv(ctx: AuthedContext, query: AuditLogFilterDto): Promise<Readable> {
    const filter = filterOf(query);
    const first = await this.exportBatch(ctx, filter, null);
    // Byte mode: the stream's high-water mark then counts bytes, which is what backpressure should measure.
    return Readable.from(this.csvLines(ctx, filter, first), { objectMode: false });
  }

  private exportBatch(ctx: AuthedContext, filter: AuditLogFilterDto, after: AuditCursor | null): Promise<AuditLogEntry[]> {
    const { tenantId } = ctx.principal;
    return this.db.run(tenantId, (m) => this.repository.page(m, tenantId, filter, after, EXPORT_BATCH));
  }

  private async *csvLines(ctx: AuthedContext, filter: AuditLogFilterDto, first: AuditLogEntry[]): AsyncGenerator<string> {
    let count = 0;
    let completed = false;
    try {
      yield auditCsvHeader();
      let entries = first;
      for (;;) {
        for (const entry of entries) {
          yield auditCsvRow(entry.dto);
          count += 1;
        }
        if (entries.length < EXPORT_BATCH) break;
        entries = await this.exportBatch(ctx, filter, entries[entries.length - 1].cursor);
      }
      completed = true;
    } finally {
      // Also runs when the client goes away or a read fails: an interrupted export is recorded too.
      await this.recordExport(ctx, filter, count, completed);
    }
  }

  private async recordExport(ctx: AuthedContext, filter: AuditLogFilterDto, rows: number, completed: boolean): Promise<void> {
    try {
      await this.db.run(ctx.principal.tenantId, (m) =>
        this.audit.record(m, ctx, {
          action: 'audit.export',
          outcome: completed ? 'success' : 'failure',
          resourceType: 'audit_log',
          metadata: { filter, rows, completed },
        }),
      );
    } catch (error) {
      // The stream is already under way (or gone); there is no response left to fail.
      this.logger.error({ err: error, requestId: ctx.requestId }, 'could not record the audit export');
    }
  }
}
