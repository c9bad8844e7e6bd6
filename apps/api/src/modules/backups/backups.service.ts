import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { CronTime } from 'cron';
import { DataSource } from 'typeorm';
import { SystemChecks } from '../../common/health/system-checks';
import { Metrics } from '../../common/metrics/metrics.service';
import { appConfig, type AppConfig } from '../../config/app.config';
import { backupConfig, type BackupConfig } from '../../config/backup.config';
import { RUNTIME, type Runtime } from '../../config/runtime';
import { JobsService } from '../jobs/jobs.service';
import { backupCheck, restoreDrillCheck } from './backup-health';
import { performBackup, performDrill, safeMessage, type BackupContext } from './backup-operations';
import { LAST_RUNS_SQL, toLastRuns, type LastRuns, type LastRunsRow } from './backup-runs.repository';

export const BACKUP_JOB = 'backups.run';
export const BACKUP_DRILL_JOB = 'backups.verify';
export const BACKUP_SCHEDULE_TICK = 'backups.schedule';
export const BACKUP_SCHEDULE_TICK_MS = 60_000;
// How far back a tick looks for a cron time it has not enqueued yet; the job id per cron time keeps the
// overlap from running anything twice.
const LOOK_BACK_MS = 2 * BACKUP_SCHEDULE_TICK_MS;
const TIMESTAMPS_REFRESH_MS = 60_000;

export interface BackupTimestamps {
  // Seconds since the epoch, for hotleads_backup_last_success_timestamp_seconds; null: never.
  lastSuccessSeconds: number | null;
  // For hotleads_backup_last_verified_restore_timestamp_seconds.
  lastVerifiedRestoreSeconds: number | null;
}

// Scheduled backups and restore drills in the worker (BACKUP_SCHEDULE, BACKUP_VERIFY_SCHEDULE), their
// health checks, and the timestamps the metrics report.
@Injectable()
export class BackupsService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('Backups');
  // The gauges answer from memory (a scrape runs no query): refreshed every minute and after each run.
  private timestamps?: BackupTimestamps;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly jobs: JobsService,
    private readonly checks: SystemChecks,
    private readonly metrics: Metrics,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RUNTIME) private readonly runtime: Runtime,
    @Inject(appConfig.KEY) private readonly app: AppConfig,
    @Inject(backupConfig.KEY) private readonly settings: BackupConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    // One attempt and one retry: a backup that fails twice waits for the next scheduled time, and the
    // health check says so. Long expiry: a million leads take a minute, a slow disk longer.
    const options = { retryLimit: 1, retryDelay: 300, expireInSeconds: 3 * 3600 };
    await this.jobs.register(BACKUP_JOB, () => this.backup().then(() => undefined), options);
    await this.jobs.register(BACKUP_DRILL_JOB, () => this.drill().then(() => undefined), options);
    this.checks.register({ name: 'backup', run: async () => backupCheck(await this.lastRuns(), Boolean(this.settings.BACKUP_SCHEDULE)) });
    this.checks.register({ name: 'restore-drill', run: async () => restoreDrillCheck(await this.lastRuns()) });
    this.metrics.setGaugeSource('backupLastSuccess', () => this.timestamps?.lastSuccessSeconds ?? null);
    this.metrics.setGaugeSource('backupLastVerifiedRestore', () => this.timestamps?.lastVerifiedRestoreSeconds ?? null);
    void this.refreshTimestamps();
    this.timer = setInterval(() => void this.refreshTimestamps(), TIMESTAMPS_REFRESH_MS);
    this.timer.unref();
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async refreshTimestamps(): Promise<void> {
    try {
      this.timestamps = await this.backupTimestamps();
    } catch (error) {
      // The database being away is reported elsewhere; the gauges keep their last values meanwhile.
      this.logger.debug({ err: error }, 'could not read the backup timestamps');
    }
  }

  // Every minute, where workers run: enqueues a backup (or drill) whose cron time has come, once per time.
  @Interval(BACKUP_SCHEDULE_TICK, BACKUP_SCHEDULE_TICK_MS)
  async tick(now = Date.now()): Promise<void> {
    if (!this.settings.BACKUP_SCHEDULE) return;
    for (const [job, cron] of [
      [BACKUP_JOB, this.settings.BACKUP_SCHEDULE],
      [BACKUP_DRILL_JOB, this.settings.BACKUP_VERIFY_SCHEDULE],
    ] as const) {
      const due = dueAt(cron, now);
      if (due !== undefined) await this.jobs.enqueueTick(job, BACKUP_SCHEDULE_TICK_MS, due);
    }
  }

  backup() {
    return performBackup(this.context()).then((r) => {
      this.logger.log({ file: r.manifest.file, bytes: r.manifest.sizeBytes, ms: r.manifest.durationMs }, 'backup written');
      void this.refreshTimestamps();
      return r;
    }, this.failed('backup'));
  }

  drill() {
    return performDrill(this.context()).then((r) => {
      this.logger.log({ file: r.manifest.file, rows: r.rows, ms: r.durationMs }, 'restore drill passed');
      void this.refreshTimestamps();
      return r;
    }, this.failed('restore drill'));
  }

  async lastRuns(): Promise<LastRuns> {
    const [row] = (await this.dataSource.query(LAST_RUNS_SQL)) as LastRunsRow[];
    return toLastRuns(row);
  }

  // For the metrics module's two backup gauges.
  async backupTimestamps(): Promise<BackupTimestamps> {
    const runs = await this.lastRuns();
    const s = (d: Date | null) => (d ? new Date(d).getTime() / 1000 : null);
    return { lastSuccessSeconds: s(runs.lastBackupAt), lastVerifiedRestoreSeconds: s(runs.lastVerifiedAt) };
  }

  private context(): BackupContext {
    return {
      settings: this.settings,
      dataDir: this.app.DATA_DIR,
      ownerUrl: this.runtime.ownerDatabaseUrl,
      key: this.runtime.secrets.backupEncryptionKey,
      embedded: false,
      log: (line) => this.logger.log(line),
    };
  }

  private failed(what: string) {
    return (error: unknown): never => {
      this.logger.error({ error: safeMessage(error) }, `${what} failed`);
      throw error;
    };
  }
}

// The cron time in (now - LOOK_BACK_MS, now], if any.
export function dueAt(cron: string, now: number): number | undefined {
  const next = new CronTime(cron).getNextDateFrom(new Date(now - LOOK_BACK_MS)).toMillis();
  return next <= now ? next : undefined;
}
