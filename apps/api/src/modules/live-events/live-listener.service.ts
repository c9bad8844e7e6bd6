import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Client, type Notification } from 'pg';
import { appConfig, type AppConfig } from '../../config/app.config';
import { databaseConfig, type DatabaseConfig } from '../../config/database.config';
import { RUNTIME, type Runtime } from '../../config/runtime';

// The channel the live_events_capture() trigger notifies, with `<tenant id>:<event id>`.
export const LIVE_CHANNEL = 'hotleads_live';
const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 30_000;

export interface LiveListenerHandlers {
  notification(payload: string): void;
  // LISTEN is (again) in place: notifications sent while it was not are lost and must be made up.
  listening(): void;
}

// One connection per API process, outside the pool (a pooled connection would be handed to queries and
// lose its LISTEN), that listens for lead changes of every tenant. When it drops (PostgreSQL restart,
// network) it comes back with exponential backoff and tells the hub to catch up.
@Injectable()
export class LiveListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('LiveEvents');
  private client: Client | null = null;
  private handlers: LiveListenerHandlers | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private attempt = 0;
  private stopped = false;

  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    @Inject(appConfig.KEY) private readonly app: AppConfig,
    @Inject(databaseConfig.KEY) private readonly database: DatabaseConfig,
  ) {}

  attach(handlers: LiveListenerHandlers): void {
    this.handlers = handlers;
  }

  async onApplicationBootstrap(): Promise<void> {
    // A worker-only process serves no streams.
    if (this.app.WORKERS === 'only') return;
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    this.retryTimer = null;
    if (this.stopped) return;
    const client = new Client({
      connectionString: this.runtime.databaseUrl,
      ssl: this.database.DATABASE_SSL ? { rejectUnauthorized: false } : undefined,
      application_name: 'hotleads-live',
      connectionTimeoutMillis: 5_000,
      keepAlive: true,
    });
    client.on('notification', (message: Notification) => {
      if (message.channel === LIVE_CHANNEL && message.payload) this.handlers?.notification(message.payload);
    });
    client.on('error', (error: Error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${LIVE_CHANNEL}`);
    } catch (error) {
      this.lost(client, error as Error);
      return;
    }
    if (this.client !== client) return;
    if (this.attempt > 0) this.logger.log('listening for lead changes again');
    this.attempt = 0;
    this.handlers?.listening();
  }

  private lost(client: Client, error: Error): void {
    if (this.client !== client) return;
    this.client = null;
    client.removeAllListeners('notification');
    // Keep an error listener: a late socket error on a dropped client must not crash the process.
    client.removeAllListeners('error').on('error', () => undefined);
    void client.end().catch(() => undefined);
    if (this.stopped) return;
    const delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** this.attempt) * (0.5 + Math.random() / 2);
    this.attempt++;
    this.logger.warn({ err: error, retryInMs: Math.round(delay) }, 'lost the connection that listens for lead changes; reconnecting');
    this.retryTimer = setTimeout(() => void this.connect(), delay);
    this.retryTimer.unref();
  }
}
