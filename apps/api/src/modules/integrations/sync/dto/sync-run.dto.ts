import { ApiProperty } from '@nestjs/swagger';
import { SYNC_RUN_STATUSES, SYNC_TRIGGERS, type SyncRunStatus, type SyncTrigger } from '../sync-values';

export class SyncRunDto {
  id: string;
  connectionId: string;
  /** The provider's stream, e.g. `leads` or `deleted_leads`. */
  stream: string;
  @ApiProperty({ enum: SYNC_TRIGGERS })
  trigger: SyncTrigger;
  @ApiProperty({ enum: SYNC_RUN_STATUSES })
  status: SyncRunStatus;
  startedAt: Date;
  finishedAt: Date | null;
  /** Provider calls made, retries included. */
  requests: number;
  pages: number;
  fetched: number;
  created: number;
  merged: number;
  updated: number;
  unchanged: number;
  deleted: number;
  failed: number;
  checkpointFrom: string | null;
  checkpointTo: string | null;
  /** Why the run failed or stopped early, in plain words. */
  error: string | null;
}

export class SyncRunPageDto {
  data: SyncRunDto[];
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

export class SyncRunFailureDto {
  /** The provider's id of the record. */
  sourceRef: string;
  error: string;
  createdAt: Date;
}
