import type PgBoss from 'pg-boss';

// What a handler learns about the job besides its data: retries reuse the job id.
export interface JobInfo {
  id: string;
  retryCount: number;
}

export type JobHandler<T> = (data: T, job: JobInfo) => Promise<void>;

// Several jobs of one queue at once (JobsService.registerBatch). Answers, for each job in order, undefined
// when it is done or the error it failed with (it is then retried like a job whose handler threw). A
// handler that throws fails them all.
export type BatchJobHandler<T> = (jobs: ReadonlyArray<{ data: T; job: JobInfo }>) => Promise<unknown[]>;

export interface QueueOptions {
  // Workers polling this queue in this process (pg-boss 10 runs one job per worker at a time).
  concurrency?: number;
  // Attempts after the first; then the job moves to the queue `<name>.dead`.
  retryLimit?: number;
  // Seconds before the first retry; doubled (with jitter) for each later one.
  retryDelay?: number;
  // How long a worker may hold a job before it counts as failed (crashed worker).
  expireInSeconds?: number;
  // How often an idle worker looks for work (pg-boss minimum 0.5).
  pollingIntervalSeconds?: number;
  // Jobs a batch handler gets at most at once (registerBatch only).
  batchSize?: number;
  // pg-boss queue policy; `stately` keeps at most one queued and one running job per singleton key.
  policy?: 'standard' | 'stately';
}

export type EnqueueOptions = Pick<PgBoss.SendOptions, 'id' | 'priority' | 'startAfter' | 'singletonKey'>;
