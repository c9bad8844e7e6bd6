import { PassThrough } from 'node:stream';
import type { Logger } from '@nestjs/common';
import type { LiveCloseReason } from './live-event-types';
import type { LiveEventRow } from './live-events.repository';
import { sseComment, sseEvent, sseRetry } from './sse';

// A client that leaves this much output unread is cut off; it reconnects with Last-Event-ID. Above the
// largest replay (500 events of 100 ids, about 2 MB), which is written before the client reads anything.
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
// What EventSource-style clients wait before reconnecting.
const RETRY_MS = 3000;
// setTimeout's limit (about 24.8 days).
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface LiveStreamOptions {
  tenantId: string;
  heartbeatMs: number;
  // When the credential lapses by itself (the access token's expiry); null for API keys.
  expiresAt: Date | null;
  // Checks the credential again (session revoked, user disabled, key revoked, permission removed).
  stillAllowed: () => Promise<boolean>;
  // The id the client sees for an event number (opaque, of its workspace's own: see LiveEventIds).
  eventId: (id: string) => string;
  logger: Logger;
}

// Where a new stream starts: the events a reconnecting client missed, or, for a new client (replay
// null), the cursor its Last-Event-ID should start from; resync when the client's id was too old.
export interface LiveStart {
  cursor: string;
  resync: boolean;
  replay: LiveEventRow[] | null;
}

// One open event stream. Until start() it only collects the events fanned out to it, so nothing that
// commits while its starting point is read gets lost; the replay and the collected events are then sent
// in order, without repeating an event the replay already held.
export class LiveStream {
  readonly body = new PassThrough();
  private pending: LiveEventRow[] | null = [];
  private replayed = new Set<string>();
  private resyncBeforeStart = false;
  private closed = false;
  private checking = false;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly cleanups: Array<() => void> = [];

  constructor(private readonly options: LiveStreamOptions) {
    this.body.on('error', () => undefined);
    // Ended by us, by the client going away (Fastify destroys the body) or by shutdown: the one cleanup.
    this.body.once('close', () => {
      this.closed = true;
      for (const timer of this.timers.splice(0)) clearTimeout(timer);
      for (const cleanup of this.cleanups.splice(0)) cleanup();
    });
  }

  get tenantId(): string {
    return this.options.tenantId;
  }

  onClose(fn: () => void): void {
    if (this.closed) fn();
    else this.cleanups.push(fn);
  }

  start({ cursor, resync, replay }: LiveStart): void {
    if (this.closed) return;
    this.write(sseRetry(RETRY_MS));
    // A resumed stream keeps the client's own cursor; a new one (or a resync) hands out the current one.
    this.write(sseEvent('ready', { resumed: replay !== null }, replay === null ? this.options.eventId(cursor) : undefined));
    if (resync || this.resyncBeforeStart) this.write(sseEvent('resync', {}));
    if (replay?.length) {
      for (const row of replay) this.replayed.add(row.id);
      this.send(replay);
    }
    const collected = (this.pending ?? []).filter((row) => !this.replayed.has(row.id));
    this.pending = null;
    this.replayed.clear();
    if (collected.length) this.send(collected);
    this.startTimers();
  }

  // Events of the stream's tenant, oldest first.
  push(rows: LiveEventRow[]): void {
    if (this.closed || rows.length === 0) return;
    if (this.pending) this.pending.push(...rows);
    else if (this.keepsUp()) this.send(rows);
  }

  // The server's knowledge of missed events is unreliable (a gap in its notifications): start over.
  resync(cursor: string): void {
    if (this.closed) return;
    if (this.pending) {
      this.pending = [];
      this.resyncBeforeStart = true;
    } else {
      this.write(sseEvent('resync', {}, this.options.eventId(cursor)));
    }
  }

  close(reason: LiveCloseReason): void {
    if (this.closed) return;
    this.closed = true;
    this.body.end(sseEvent('close', { reason }));
  }

  // Drops the stream without a word (it never started, or its client stopped reading).
  destroy(): void {
    this.closed = true;
    this.body.destroy();
  }

  private send(rows: LiveEventRow[]): void {
    let count = 0;
    for (const row of rows) {
      this.write(sseEvent(row.type, { ids: row.lead_ids, count: row.count }, this.options.eventId(row.id)));
      if (row.type !== 'delivery.changed' && row.type !== 'notification.changed') count += row.count;
    }
    // Every lead change can move the counters; one hint per batch is enough to refetch them. Deliveries
    // and notifications alone move none (the leads they make are announced by their own events).
    if (count > 0) this.write(sseEvent('stats.changed', { count }));
  }

  private write(chunk: string): void {
    if (!this.closed) this.body.write(chunk);
  }

  private keepsUp(): boolean {
    if (this.body.writableLength <= MAX_BUFFERED_BYTES) return true;
    this.options.logger.warn({ tenantId: this.tenantId }, 'live event stream dropped: its client reads too slowly');
    this.destroy();
    return false;
  }

  private startTimers(): void {
    const heartbeat = setInterval(() => this.heartbeat(), this.options.heartbeatMs);
    heartbeat.unref();
    this.timers.push(heartbeat);
    if (this.options.expiresAt) {
      const expiry = setTimeout(() => this.close('token_expired'), Math.min(MAX_TIMER_MS, Math.max(0, this.options.expiresAt.getTime() - Date.now())));
      expiry.unref();
      this.timers.push(expiry);
    }
  }

  private heartbeat(): void {
    // The expiry timer may lose the race against a heartbeat due at the same moment.
    if (this.options.expiresAt && Date.now() >= this.options.expiresAt.getTime()) return this.close('token_expired');
    if (!this.keepsUp()) return;
    this.write(sseComment('ping'));
    if (this.checking || this.closed) return;
    this.checking = true;
    this.options
      .stillAllowed()
      .then(
        (allowed) => {
          if (!allowed) this.close('revoked');
        },
        // A database hiccup is no reason to cut every stream; the next heartbeat checks again.
        (error: unknown) => this.options.logger.warn({ err: error, tenantId: this.tenantId }, 'could not re-check a live event stream'),
      )
      .finally(() => {
        this.checking = false;
      });
  }
}
