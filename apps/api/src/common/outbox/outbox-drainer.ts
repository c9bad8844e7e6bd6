import type { Logger } from '@nestjs/common';

export interface OutboxDrainerOptions<Row> {
  // Leases up to `max` due rows (so replicas never take the same one) and answers them.
  take(max: number): Promise<Row[]>;
  // Sends one row and records its outcome; a throw ends the pass, and the row comes back when its lease ends.
  deliver(row: Row): Promise<void>;
  batch: number;
  intervalMs: number;
  logger: Logger;
  // Logged (with the error) when a pass fails; the next tick tries again.
  failure: string;
}

// Drains an outbox table on a timer: each pass takes due rows in batches and delivers them one by one until
// a batch comes back short. Passes never overlap (a call during a pass shares it), and stop() waits for the
// pass under way, so a shutdown never cuts a delivery between the send and its bookkeeping.
export class OutboxDrainer<Row> {
  private timer: NodeJS.Timeout | null = null;
  private draining: Promise<void> | null = null;

  constructor(private readonly options: OutboxDrainerOptions<Row>) {}

  start(): void {
    this.timer ??= setInterval(() => void this.drain(), this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.draining;
  }

  drain(): Promise<void> {
    this.draining ??= this.pass().finally(() => {
      this.draining = null;
    });
    return this.draining;
  }

  private async pass(): Promise<void> {
    const { take, deliver, batch, logger, failure } = this.options;
    try {
      for (;;) {
        const due = await take(batch);
        for (const row of due) await deliver(row);
        // Stopped: finish the batch in hand, take no more.
        if (due.length < batch || !this.timer) return;
      }
    } catch (error) {
      logger.warn({ err: error }, failure);
    }
  }
}
