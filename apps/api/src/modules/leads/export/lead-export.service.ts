import { pipeline, Transform, type Readable } from 'node:stream';
import { BadRequestException, HttpStatus, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { to as copyTo, type CopyToStreamQuery } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { ApiKeyPrincipal, UserPrincipal } from '../../../common/auth/principal';
import type { AuthedContext } from '../../../common/auth/request-context';
import { TenantDb, type TenantConnection } from '../../../common/db/tenant-db.service';
import { ProblemException } from '../../../common/problem/problem.exception';
import { AuditService } from '../../audit/audit.service';
import { describeFilter, toLeadFilter } from '../triage/lead-filter';
import type { ExportLeadsQueryDto } from './dto/export-leads-query.dto';
import { jsonArrayTransform } from './json-array.transform';
import { LEAD_EXPORT_CONTENT_TYPES, type LeadExportFormat } from './lead-export-format';
import { buildLeadExportCopy } from './lead-export-sql';

export interface LeadExport {
  stream: Readable;
  contentType: string;
  filename: string;
}

interface ExportOutcome {
  completed: boolean;
  // PostgreSQL's count; unknown when the export was cut short.
  rows: number | null;
  // Bytes handed on towards the client.
  bytes: number;
}

export class ExportCapacityException extends ProblemException {
  static readonly status = HttpStatus.SERVICE_UNAVAILABLE;
  static readonly code = 'export_capacity';
  static readonly headers = ['Retry-After'] as const;

  constructor() {
    super(ExportCapacityException.status, ExportCapacityException.code, 'Too many exports running', {
      detail: 'Other exports are still downloading; try again shortly.',
      headers: { 'Retry-After': '30' },
    });
  }
}

type ExportContext = AuthedContext<UserPrincipal | ApiKeyPrincipal>;

// Streams every matching lead straight out of one COPY on one connection: PostgreSQL formats the rows
// and the API forwards the bytes, so memory stays flat whatever the size. Backpressure runs the whole
// way: a slow client stops the response stream, which stops reading the socket, which blocks the COPY.
@Injectable()
export class LeadExportService {
  private readonly logger = new Logger('LeadExport');
  // Each export holds a pooled connection for as long as its download runs; at most half the pool, so
  // slow downloads can never starve the rest of the API.
  private active = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly db: TenantDb,
    private readonly audit: AuditService,
  ) {}

  async export(ctx: ExportContext, query: ExportLeadsQueryDto): Promise<LeadExport> {
    const format = query.format ?? 'csv';
    const copySql = this.copySql(ctx, query, format);
    if (this.active >= Math.max(1, Math.floor((this.pool().options.max ?? 10) / 2))) throw new ExportCapacityException();
    this.active++;
    let connection: TenantConnection;
    try {
      // Not TenantDb.run: the transaction has to outlive this call, as long as the response streams.
      connection = await this.db.connect(ctx.principal.tenantId, { readOnly: true });
    } catch (error) {
      this.active--;
      throw error;
    }
    const client = connection.client;
    let copy: CopyToStreamQuery;
    try {
      copy = client.query(copyTo(copySql));
    } catch (error) {
      this.active--;
      connection.release(true);
      throw error;
    }
    // A dropped connection is reported on the query even after the pipeline stopped listening to it.
    copy.on('error', () => undefined);

    let released = false;
    const release = (destroy: boolean) => {
      if (released) return;
      released = true;
      this.active--;
      connection.release(destroy);
    };
    let bytes = 0;
    let started = false;
    // One audit entry per export, even when the client hangs up while the last one is being written.
    let recorded = false;
    const finish = (outcome: ExportOutcome) => {
      if (recorded) return Promise.resolve();
      recorded = true;
      return this.record(ctx, query, format, outcome);
    };
    const commit = async () => {
      await client.query('COMMIT');
      release(false);
      // rowCount comes with the COPY's CommandComplete, which pg has handled before COMMIT's answer.
      await finish({ completed: true, rows: copy.rowCount, bytes });
    };
    // The last stage counts bytes and, at the end of the rows, commits and writes the audit entry before
    // the response ends: a client that saw the whole file can find the entry.
    const body = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        done(null, chunk);
      },
      flush(done) {
        commit().then(() => done(), done);
      },
    });
    const firstBytes = copyStarted(copy);
    pipeline([copy, ...(format === 'json' ? [jsonArrayTransform()] : []), body], (error) => {
      if (!error) return;
      // The client went away, or the database or the commit failed. Dropping the connection stops the
      // COPY and rolls its transaction back; the pool opens a fresh one when needed.
      release(true);
      if (started) void finish({ completed: false, rows: null, bytes });
    });
    // Answer only once PostgreSQL has accepted the COPY, so a failure still gets a problem response.
    await firstBytes;
    started = true;
    return { stream: body, contentType: LEAD_EXPORT_CONTENT_TYPES[format], filename: `leads-${new Date().toISOString().slice(0, 10)}.${format}` };
  }

  private copySql(ctx: ExportContext, query: ExportLeadsQueryDto, format: LeadExportFormat): string {
    try {
      return buildLeadExportCopy(ctx.principal.tenantId, toLeadFilter(query, ctx.principal), format);
    } catch (error) {
      if (error instanceof RangeError) throw new BadRequestException(error.message);
      throw error;
    }
  }

  private pool(): Pool {
    return (this.dataSource.driver as PostgresDriver).master as Pool;
  }

  // Its own short transaction: the export's transaction is read-only, and may already be gone.
  private async record(ctx: ExportContext, query: ExportLeadsQueryDto, format: LeadExportFormat, outcome: ExportOutcome): Promise<void> {
    try {
      await this.db.run(ctx.principal.tenantId, (m) =>
        this.audit.record(m, ctx, {
          action: 'lead.export',
          outcome: outcome.completed ? 'success' : 'failure',
          resourceType: 'lead',
          metadata: { filter: describeFilter(query), format, ...outcome },
        }),
      );
    } catch (error) {
      // The response is already under way (or gone); there is nothing left to fail.
      this.logger.error({ err: error, requestId: ctx.requestId }, 'could not record the lead export');
    }
  }
}

// Settles at the COPY's first data (the CSV header, or the first row) or its end, or fails with its error.
function copyStarted(copy: CopyToStreamQuery): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (error?: Error) => {
      copy.off('data', onData).off('end', onData).off('error', settle);
      if (error) reject(error);
      else resolve();
    };
    const onData = () => settle();
    copy.on('data', onData).on('end', onData).on('error', settle);
  });
}
