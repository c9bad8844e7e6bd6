import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryRows } from '../../common/db/sql';
import type { ImportStatus } from './lead-import.entity';
import { UPLOAD_TABLE_SQL } from './staging-copy';

export interface ImportRow {
  id: string;
  status: ImportStatus;
  filename: string | null;
  mode: 'create' | 'upsert';
  mapping: Record<string, string>;
  defaultSource: string;
  defaultTags: string[];
  totalRows: number;
  processedRows: number;
  createdCount: number;
  mergedCount: number;
  failedCount: number;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface NewImport {
  filename: string | null;
  mode: 'create' | 'upsert';
  mapping: Record<string, string>;
  defaultSource: string;
  defaultTags: string[];
  createdBy: string | null;
}

export interface RowError {
  row: number;
  message: string;
}

export interface StagedRow {
  rowNumber: number;
  fields: string[];
}

export interface CountDelta {
  processed: number;
  created: number;
  merged: number;
  failed: number;
}

// Long messages (a whole swallowed file after an open quote) are cut: the row number is what matters.
const MAX_MESSAGE = 500;

// The header is staged as row 0; data rows carry their row number as a spreadsheet shows it (header = 1).
export const HEADER_ROW = 0;

const IMPORT_COLUMNS = `id, status, filename, mode, mapping, default_source AS "defaultSource", default_tags AS "defaultTags",
  total_rows AS "totalRows", processed_rows AS "processedRows", created_count AS "createdCount",
  merged_count AS "mergedCount", failed_count AS "failedCount", error, created_at AS "createdAt", finished_at AS "finishedAt"`;

// Explicit SQL for imports: every method runs inside the caller's tenant transaction.
@Injectable()
export class ImportsRepository {
  async create(m: EntityManager, tenantId: string, imp: NewImport): Promise<string> {
    const [row] = await queryRows<{ id: string }>(
      m,
      `INSERT INTO lead_imports (tenant_id, status, filename, mode, mapping, default_source, default_tags, created_by)
       VALUES ($1, 'receiving', $2, $3, $4, $5, $6, $7) RETURNING id`,
      [tenantId, imp.filename, imp.mode, JSON.stringify(imp.mapping), imp.defaultSource, imp.defaultTags, imp.createdBy],
    );
    return row.id;
  }

  // The session's scratch table the upload is copied into (see UPLOAD_TABLE_SQL), dropped at commit.
  async createUploadTable(m: EntityManager): Promise<void> {
    await m.query(UPLOAD_TABLE_SQL);
  }

  // From the scratch table to the RLS-checked staging table: the rows (header = row 0), and the rows the
  // parser rejected (negative row numbers, their message in the first field) as row errors.
  async moveUpload(m: EntityManager, tenantId: string, importId: string): Promise<void> {
    await m.query(
      `INSERT INTO lead_import_rows (import_id, row_number, tenant_id, fields)
       SELECT $1, row_number, $2, fields FROM import_upload WHERE row_number >= 0`,
      [importId, tenantId],
    );
    await m.query(
      `INSERT INTO lead_import_errors (import_id, row_number, tenant_id, message)
       SELECT $1, -row_number, $2, left(fields[1], ${MAX_MESSAGE}) FROM import_upload WHERE row_number < 0`,
      [importId, tenantId],
    );
  }

  async find(m: EntityManager, tenantId: string, id: string): Promise<ImportRow | null> {
    const [row] = await queryRows<ImportRow>(m, `SELECT ${IMPORT_COLUMNS} FROM lead_imports WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
    return row ?? null;
  }

  // The latest imports, newest first (the (tenant_id, created_at) index).
  latest(m: EntityManager, tenantId: string, limit: number): Promise<ImportRow[]> {
    return queryRows<ImportRow>(m, `SELECT ${IMPORT_COLUMNS} FROM lead_imports WHERE tenant_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`, [tenantId, limit]);
  }

  // The mapping of the workspace's latest import that named its columns: what the next import starts from.
  async latestMapping(m: EntityManager, tenantId: string): Promise<Record<string, string>> {
    const [row] = await queryRows<{ mapping: Record<string, string> }>(
      m,
      `SELECT mapping FROM lead_imports WHERE tenant_id = $1 AND mapping <> '{}'::jsonb ORDER BY created_at DESC, id DESC LIMIT 1`,
      [tenantId],
    );
    return row?.mapping ?? {};
  }

  async setStatus(m: EntityManager, tenantId: string, id: string, status: ImportStatus, error: string | null = null): Promise<void> {
    await m.query(
      `UPDATE lead_imports SET status = $3, error = $4,
         finished_at = CASE WHEN $3 IN ('completed', 'failed') THEN now() ELSE finished_at END
       WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id, status, error],
    );
  }

  // Rows that could not be parsed are already processed (and failed) when the upload ends.
  async received(m: EntityManager, tenantId: string, id: string, totalRows: number, unreadable: number): Promise<void> {
    await m.query(
      `UPDATE lead_imports SET status = 'queued', total_rows = $3, processed_rows = $4, failed_count = $4 WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id, totalRows, unreadable],
    );
  }

  async addCounts(m: EntityManager, tenantId: string, id: string, d: CountDelta): Promise<void> {
    await m.query(
      `UPDATE lead_imports SET processed_rows = processed_rows + $3, created_count = created_count + $4,
         merged_count = merged_count + $5, failed_count = failed_count + $6
       WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id, d.processed, d.created, d.merged, d.failed],
    );
  }

  // Re-inserting a row's error (a retried batch) keeps the first one.
  async insertErrors(m: EntityManager, tenantId: string, importId: string, errors: readonly RowError[]): Promise<void> {
    if (errors.length === 0) return;
    await m.query(
      `INSERT INTO lead_import_errors (import_id, row_number, tenant_id, message)
       SELECT $1, e.row_number, $2, e.message FROM unnest($3::int[], $4::text[]) AS e(row_number, message)
       ON CONFLICT DO NOTHING`,
      [importId, tenantId, errors.map((e) => e.row), errors.map((e) => e.message.slice(0, MAX_MESSAGE))],
    );
  }

  errors(m: EntityManager, tenantId: string, importId: string, afterRow: number, limit: number): Promise<RowError[]> {
    return queryRows<RowError>(
      m,
      `SELECT row_number AS row, message FROM lead_import_errors
       WHERE tenant_id = $1 AND import_id = $2 AND row_number > $3 ORDER BY row_number LIMIT $4`,
      [tenantId, importId, afterRow, limit],
    );
  }

  async header(m: EntityManager, tenantId: string, importId: string): Promise<string[] | null> {
    const [row] = await queryRows<{ fields: string[] }>(m, `SELECT fields FROM lead_import_rows WHERE tenant_id = $1 AND import_id = $2 AND row_number = $3`, [
      tenantId,
      importId,
      HEADER_ROW,
    ]);
    return row?.fields ?? null;
  }

  stagedBatch(m: EntityManager, tenantId: string, importId: string, afterRow: number, limit: number): Promise<StagedRow[]> {
    return queryRows<StagedRow>(
      m,
      `SELECT row_number AS "rowNumber", fields FROM lead_import_rows
       WHERE tenant_id = $1 AND import_id = $2 AND row_number > $3 ORDER BY row_number LIMIT $4`,
      [tenantId, importId, afterRow, limit],
    );
  }

  async deleteAllStaged(m: EntityManager, tenantId: string, importId: string): Promise<void> {
    await m.query(`DELETE FROM lead_import_rows WHERE tenant_id = $1 AND import_id = $2`, [tenantId, importId]);
  }

  async deleteStaged(m: EntityManager, tenantId: string, importId: string, fromRow: number, toRow: number): Promise<void> {
    await m.query(`DELETE FROM lead_import_rows WHERE tenant_id = $1 AND import_id = $2 AND row_number BETWEEN $3 AND $4`, [tenantId, importId, fromRow, toRow]);
  }
}
