import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TenantDb } from '../../common/db/tenant-db.service';
import { AuditService } from '../audit/audit.service';
import { normaliseLead } from '../leads/lead-input';
import { LeadIntakeService } from '../leads/lead-intake.service';
import { describeFieldErrors, resolveColumns, rowToLeadInput, type ImportField } from './import-mapping';
import { IMPORT_JOB_RETRIES, type ImportJobData } from './import-job';
import { HEADER_ROW, ImportsRepository, type CountDelta, type ImportRow, type RowError } from './imports.repository';
import { Metrics } from '../../common/metrics/metrics.service';

export const MERGE_BATCH = 5_000;
// Past this many rows an import is a large load: the tables it filled are analysed when it completes.
export const ANALYZE_AFTER_ROWS = 10_000;

// Turns the staged rows of a received import into leads, one tenant transaction per batch: the batch's
// leads, its row errors, the import's counts and the removal of its staged rows commit together, so a
// retried job resumes exactly where the last commit left off.
@Injectable()
export class ImportMergeService {
  private readonly logger = new Logger('Imports');

  constructor(
    private readonly db: TenantDb,
    private readonly repository: ImportsRepository,
    private readonly intake: LeadIntakeService,
    private readonly audit: AuditService,
    private readonly metrics: Metrics,
  ) {}

  async run(job: ImportJobData, attempt: number): Promise<void> {
    const { tenantId, importId } = job;
    const started = await this.db.run(tenantId, async (m) => {
      const found = await this.repository.find(m, tenantId, importId);
      // Already settled by an earlier delivery of the same job.
      if (!found || found.status === 'completed' || found.status === 'failed') return null;
      await this.repository.setStatus(m, tenantId, importId, 'running');
      return found;
    });
    if (!started) return;
    try {
      await this.mergeAll(job, started);
    } catch (error) {
      // The last attempt settles the import; earlier ones leave it running for the retry.
      if (attempt >= IMPORT_JOB_RETRIES) await this.fail(job, error);
      throw error;
    }
  }

  private async mergeAll(job: ImportJobData, imp: ImportRow): Promise<void> {
    const { tenantId, importId } = job;
    const header = await this.db.run(tenantId, (m) => this.repository.header(m, tenantId, importId));
    if (!header) throw new Error('the staged header row is missing');
    const { columns } = resolveColumns(header, imp.mapping as Record<string, ImportField>);
    let after = HEADER_ROW;
    for (;;) {
      const last = await this.db.run(tenantId, (m) => this.mergeBatch(m, job, imp, columns, after));
      if (last === null) break;
      after = last;
    }
    await this.db.run(tenantId, async (m) => {
      await this.repository.deleteStaged(m, tenantId, importId, HEADER_ROW, HEADER_ROW);
      await this.repository.setStatus(m, tenantId, importId, 'completed');
      const done = (await this.repository.find(m, tenantId, importId))!;
      await this.record(m, job, 'success', done);
    });
    if (imp.totalRows >= ANALYZE_AFTER_ROWS) await this.analyze(tenantId, importId);
  }

  // The import is complete whatever this does: a failure only leaves the statistics to autovacuum.
  private async analyze(tenantId: string, importId: string): Promise<void> {
    try {
      await this.db.run(tenantId, (m) => this.intake.analyzeAfterLoad(m));
    } catch (error) {
      this.logger.warn({ err: error, importId }, 'could not analyse the leads after an import');
    }
  }

  // Answers the last row number merged, or null when nothing was left.
  private async mergeBatch(m: EntityManager, job: ImportJobData, imp: ImportRow, columns: Array<ImportField | null>, after: number): Promise<number | null> {
    const { tenantId, importId } = job;
    const rows = await this.repository.stagedBatch(m, tenantId, importId, after, MERGE_BATCH);
    if (rows.length === 0) return null;
    const errors: RowError[] = [];
    const items = [];
    for (const { rowNumber, fields } of rows) {
      const result = normaliseLead(rowToLeadInput(columns, fields), {
        source: imp.defaultSource,
        tags: imp.defaultTags,
        metadata: { importId, importRow: rowNumber },
      });
      if ('errors' in result) errors.push({ row: rowNumber, message: describeFieldErrors(result.errors) });
      else items.push({ index: rowNumber, lead: result.lead });
    }
    const delta: CountDelta = { processed: rows.length, created: 0, merged: 0, failed: 0 };
    if (items.length > 0) {
      const results = await this.intake.ingest(m, tenantId, items, { actor: { type: job.actor.type, id: job.actor.id }, mode: imp.mode });
      this.metrics.intake('import', results);
      for (const result of results) {
        if (result.status === 'error') errors.push({ row: result.index, message: describeFieldErrors(result.errors) });
        else if (result.status === 'created') delta.created += 1;
        else if (result.status === 'merged') delta.merged += 1;
        // A suppressed (erased) person counts as processed only; intake audited the refusal.
      }
    }
    delta.failed = errors.length;
    await this.repository.insertErrors(m, tenantId, importId, errors);
    await this.repository.addCounts(m, tenantId, importId, delta);
    const last = rows[rows.length - 1].rowNumber;
    await this.repository.deleteStaged(m, tenantId, importId, rows[0].rowNumber, last);
    return last;
  }

  private async fail(job: ImportJobData, error: unknown): Promise<void> {
    const { tenantId, importId } = job;
    this.logger.error({ err: error, importId }, 'import failed');
    try {
      await this.db.run(tenantId, async (m) => {
        await this.repository.setStatus(m, tenantId, importId, 'failed', 'the import stopped on an internal error; the rows counted so far were stored');
        const done = await this.repository.find(m, tenantId, importId);
        if (done) await this.record(m, job, 'failure', done);
      });
    } catch (inner) {
      this.logger.error({ err: inner, importId }, 'could not mark the import as failed');
    }
  }

  // One audit entry per import, with its counts (each lead has its own events).
  private record(m: EntityManager, job: ImportJobData, outcome: 'success' | 'failure', imp: ImportRow): Promise<void> {
    return this.audit.record(
      m,
      { ip: job.ip, userAgent: job.userAgent, requestId: job.requestId },
      {
        action: 'lead.import',
        outcome,
        tenantId: job.tenantId,
        actor: job.actor,
        resourceType: 'lead_import',
        resourceId: imp.id,
        metadata: {
          filename: imp.filename,
          mode: imp.mode,
          totalRows: imp.totalRows,
          processedRows: imp.processedRows,
          created: imp.createdCount,
          merged: imp.mergedCount,
          failed: imp.failedCount,
        },
      },
    );
  }
}
