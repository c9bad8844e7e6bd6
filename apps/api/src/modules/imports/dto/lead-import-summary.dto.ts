import { ApiProperty } from '@nestjs/swagger';
import type { ImportStatus } from '../lead-import.entity';
import { IMPORT_MODES, type ImportMode } from './import-options.dto';
import { IMPORT_STATUSES } from './lead-import.dto';

// One import in the list of past imports: its counts, without row errors.
export class LeadImportSummaryDto {
  id: string;
  @ApiProperty({ enum: IMPORT_STATUSES })
  status: ImportStatus;
  filename: string | null;
  @ApiProperty({ enum: IMPORT_MODES })
  mode: ImportMode;
  totalRows: number;
  processedRows: number;
  created: number;
  merged: number;
  failed: number;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export class LeadImportListDto {
  /** Newest first. */
  data: LeadImportSummaryDto[];
}

export class ImportMappingDto {
  /**
   * CSV header -> lead field, as the workspace's latest import with an explicit mapping used it
   * (empty when there is none yet). The import screen applies it to headers of the same name.
   */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } })
  mapping: Record<string, string>;
}
