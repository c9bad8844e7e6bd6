import { BulkLeadResultDto } from './bulk-lead-result.dto';

export class BulkLeadsResultDto {
  created: number;
  merged: number;
  failed: number;
  skipped: number;
  /** One entry per item, in request order. */
  results: BulkLeadResultDto[];
}
