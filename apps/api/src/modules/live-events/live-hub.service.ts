import { Injectable, Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { TenantDb } from '../../common/db/tenant-db.service';
import { isUuid } from '../../common/db/uuid';
import { LiveEventsRepository, type LiveEventRow } from './live-events.repository';
import { LiveListener } from './live-listener.service';
import type { LiveStream } from './live-stream';

// Bursts of notifications for one tenant (an import, several agents at work) turn into at most one read
// per this interval; the first change after a quiet spell is read at once.
const COALESCE_MS = 150;
const RETRY_READ_MS = 1000;
// After the listening connection was down, more missed events than this mean "reload" instead.
const CATCH_UP_LIMIT = 500;
// Ids already fanned out, remembered so that a catch-up read and a late notification never send one twice.
const RECENT_IDS = 1000;

// The streams of one tenant and what is waiting to be read for them.
class TenantChannel {
  readonly streams = new Set<LiveStream>();
  // Event ids announced by notifications and not read yet.
  readonly announced = new Set<string>();
  readonly recent = new Set<string>();
  // Read everything after `cursor` too (the listener was down and notifications were lost).
  catchUp = false;
  // The largest event id fanned out, or known when a stream started.
  cursor = 0n;
  timer: NodeJS.Timeout | null = null;
  reading = false;
  lastReadAt = 0;

  constructor(readonly tenantId: string) {}

  remember(id: string): void {
    this.recent.add(id);
    if (this.recent.size > RECENT_IDS) this.recent.delete(this.recent.values().next().value as string);
  }
}

// Fans the lead changes of each tenant out to that tenant's open streams in this process. The listener
// says which events committed; the hub reads each one once per tenant (through TenantDb, so row-level
// security applies) and hands the rows to every stream of the tenant. Tenants without a stream here
// cost nothing but the notification.
//
// Reading the announced ids, rather than "everything after the last id read", matters: ids are taken
// when a statement runs, not when its transaction commits, so a long bulk update can commit after a
// later, smaller change has been read; its notification still brings it.
@Injectable()
export class LiveHub implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('LiveEvents');
  private readonly channels = new Map<string, TenantChannel>();
  private readonly streamsPerPrincipal = new Map<string, number>();
  private closing = false;

  constructor(
    private readonly listener: LiveListener,
    private readonly db: TenantDb,
    private readonly repository: LiveEventsRepository,
  ) {}

  onModuleInit(): void {
    this.listener.attach({ notification: (payload) => this.announce(payload), listening: () => this.catchUpAll() });
  }

  // Ends every stream with a `close` event so shutdown is not held up by them; clients reconnect to
  // another replica (or to this one once it is back) with their Last-Event-ID.
  beforeApplicationShutdown(): void {
    this.closing = true;
    for (const channel of this.channels.values()) {
      for (const stream of channel.streams) stream.close('shutdown');
    }
  }

  get accepting(): boolean {
    return !this.closing;
  }

  // Takes one of the principal's stream slots; false when all `limit` are in use.
  reserve(principalKey: string, limit: number): boolean {
    const open = this.streamsPerPrincipal.get(principalKey) ?? 0;
    if (open >= limit) return false;
    this.streamsPerPrincipal.set(principalKey, open + 1);
    return true;
  }

  release(principalKey: string): void {
    const open = (this.streamsPerPrincipal.get(principalKey) ?? 1) - 1;
    if (open > 0) this.streamsPerPrincipal.set(principalKey, open);
    else this.streamsPerPrincipal.delete(principalKey);
  }

  // From now on the stream receives its tenant's events (it holds them until it starts).
  join(stream: LiveStream): void {
    let channel = this.channels.get(stream.tenantId);
    if (!channel) {
      channel = new TenantChannel(stream.tenantId);
      this.channels.set(stream.tenantId, channel);
    }
    channel.streams.add(stream);
    const joined = channel;
    stream.onClose(() => this.leave(joined, stream));
  }

  // A starting stream read the newest event id: a later catch-up need not look further back.
  advance(tenantId: string, cursor: string): void {
    const channel = this.channels.get(tenantId);
    if (channel && BigInt(cursor) > channel.cursor) channel.cursor = BigInt(cursor);
  }

  private leave(channel: TenantChannel, stream: LiveStream): void {
    channel.streams.delete(stream);
    if (channel.streams.size > 0) return;
    if (channel.timer) clearTimeout(channel.timer);
    channel.timer = null;
    if (this.channels.get(channel.tenantId) === channel) this.channels.delete(channel.tenantId);
  }

  // `<tenant id>:<event id>` from the trigger.
  private announce(payload: string): void {
    const separator = payload.indexOf(':');
    const tenantId = payload.slice(0, separator);
    const id = payload.slice(separator + 1);
    const channel = this.channels.get(tenantId);
    if (!channel || !/^\d{1,19}$/.test(id)) return;
    if (channel.recent.has(id)) return;
    channel.announced.add(id);
    this.schedule(channel);
  }

  private catchUpAll(): void {
    for (const channel of this.channels.values()) {
      channel.catchUp = true;
      this.schedule(channel);
    }
  }

  private schedule(channel: TenantChannel, delayMs?: number): void {
    if (channel.timer || channel.reading) return;
    const wait = delayMs ?? Math.max(0, channel.lastReadAt + COALESCE_MS - Date.now());
    channel.timer = setTimeout(() => void this.read(channel), wait);
    channel.timer.unref();
  }

  private async read(channel: TenantChannel): Promise<void> {
    channel.timer = null;
    if (this.channels.get(channel.tenantId) !== channel || !isUuid(channel.tenantId)) return;
    channel.reading = true;
    const ids = [...channel.announced];
    channel.announced.clear();
    const catchUp = channel.catchUp;
    channel.catchUp = false;
    let failed = false;
    try {
      const outcome = await this.db.run(channel.tenantId, async (m): Promise<{ rows: LiveEventRow[]; resyncAt?: string }> => {
        const announced = ids.length ? await this.repository.byIds(m, channel.tenantId, ids) : [];
        if (!catchUp) return { rows: announced };
        const missed = await this.repository.after(m, channel.tenantId, channel.cursor.toString(), CATCH_UP_LIMIT + 1);
        if (missed.length > CATCH_UP_LIMIT) return { rows: [], resyncAt: (await this.repository.window(m)).newest };
        return { rows: [...announced, ...missed] };
      });
      if (outcome.resyncAt !== undefined) {
        channel.cursor = BigInt(outcome.resyncAt);
        for (const stream of channel.streams) stream.resync(outcome.resyncAt);
      }
      this.fanOut(channel, outcome.rows);
    } catch (error) {
      failed = true;
      for (const id of ids) channel.announced.add(id);
      channel.catchUp ||= catchUp;
      this.logger.warn({ err: error, tenantId: channel.tenantId }, 'could not read live events; retrying');
    } finally {
      channel.reading = false;
      channel.lastReadAt = Date.now();
      if (channel.announced.size > 0 || channel.catchUp) this.schedule(channel, failed ? RETRY_READ_MS : undefined);
    }
  }

  private fanOut(channel: TenantChannel, rows: LiveEventRow[]): void {
    const fresh = new Map<string, LiveEventRow>();
    for (const row of rows) if (!channel.recent.has(row.id)) fresh.set(row.id, row);
    if (fresh.size === 0) return;
    const ordered = [...fresh.values()].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    for (const row of ordered) {
      channel.remember(row.id);
      if (BigInt(row.id) > channel.cursor) channel.cursor = BigInt(row.id);
    }
    for (const stream of channel.streams) stream.push(ordered);
  }
}
