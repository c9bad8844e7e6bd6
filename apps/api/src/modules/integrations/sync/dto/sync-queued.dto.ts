export class SyncQueuedDto {
  /** Runs queued, one per stream; a stream with a run already waiting is not queued twice. */
  queued: number;
}
