import { ApiProperty } from '@nestjs/swagger';
import type { ImportStatus } from '../lead-import.entity';
import { IMPORT_MODES, type ImportMode } from './import-options.dto';
import { ImportRowErrorDto } from './import-row-error.dto';

export const IMPORT_STATUSES: readonly ImportStatus[] = ['receiving', 'queued', 'running', 'completed', 'failed'];

export class LeadImportDto {
  id: string;
  @ApiProperty({ enum: IMPORT_STATUSES })
  status: ImportStatus;
  filename: string | null;
  @ApiProperty({ enum: IMPORT_MODES })
  mode: ImportMode;
  /** Data rows in the file (the header excluded), unreadable ones included. */
  totalRows: number;
  processedRows: number;
  /** Rows that became new leads. */
  created: number;
  /** Rows merged into an existing lead (same email, phone, or source reference in upsert mode). */
  merged: number;
  failed: number;
  /** Why the import stopped, when it failed as a whole. */
  error: string | null;
  /** The first 20 row errors; all of them at errors.csv. */
  errors: ImportRowErrorDto[];
  createdAt: Date;
  finishedAt: Date | null;
}
