export class RescoreProgressDto {
  /** idle, queued, running, done or failed. */
  status: string;
  total: number;
  done: number;
  startedAt: Date | null;
  finishedAt: Date | null;
}
