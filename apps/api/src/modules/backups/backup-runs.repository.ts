import { Client } from 'pg';
import type { BackupRunKind } from './backup-run.entity';

export interface LastRuns {
  // Seconds since the epoch of the newest successful run of each kind, or null.
  lastBackupAt: Date | null;
  lastVerifiedAt: Date | null;
  lastBackupFailedAt: Date | null;
  lastVerifyFailedAt: Date | null;
  lastVerifyError: string | null;
  lastBackupError: string | null;
}

// The backup_runs table, over a connection of its own to the owner's URL (the app role may only read it).
export class BackupRunsRepository {
  constructor(private readonly url: string) {}

  private async with<T>(fn: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ connectionString: this.url, application_name: 'hotleads-backup-runs' });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  }

  start(kind: BackupRunKind): Promise<string> {
    return this.with(async (c) => (await c.query<{ id: string }>(`INSERT INTO backup_runs (kind, status) VALUES ($1, 'running') RETURNING id`, [kind])).rows[0].id);
  }

  succeed(id: string, done: { file: string; sizeBytes?: number; durationMs: number; rowCount: number }): Promise<void> {
    return this.with(async (c) => {
      await c.query(`UPDATE backup_runs SET status = 'succeeded', finished_at = now(), file = $2, size_bytes = $3, duration_ms = $4, row_count = $5 WHERE id = $1`, [
        id,
        done.file,
        done.sizeBytes ?? null,
        done.durationMs,
        done.rowCount,
      ]);
    });
  }

  fail(id: string, error: string, file?: string): Promise<void> {
    return this.with(async (c) => {
      await c.query(`UPDATE backup_runs SET status = 'failed', finished_at = now(), error = $2, file = coalesce($3, file), duration_ms = (extract(epoch from now() - started_at) * 1000)::int WHERE id = $1`, [
        id,
        error.slice(0, 1000),
        file ?? null,
      ]);
    });
  }
}

// Read by the health checks and the metrics, through whichever connection the caller has (the app role may
// read backup_runs).
export const LAST_RUNS_SQL = `
  SELECT
    (SELECT max(finished_at) FROM backup_runs WHERE kind = 'backup' AND status = 'succeeded') AS last_backup_at,
    (SELECT max(finished_at) FROM backup_runs WHERE kind = 'verify' AND status = 'succeeded') AS last_verified_at,
    (SELECT max(finished_at) FROM backup_runs WHERE kind = 'backup' AND status = 'failed') AS last_backup_failed_at,
    (SELECT max(finished_at) FROM backup_runs WHERE kind = 'verify' AND status = 'failed') AS last_verify_failed_at,
    (SELECT error FROM backup_runs WHERE kind = 'backup' AND status = 'failed' ORDER BY finished_at DESC LIMIT 1) AS last_backup_error,
    (SELECT error FROM backup_runs WHERE kind = 'verify' AND status = 'failed' ORDER BY finished_at DESC LIMIT 1) AS last_verify_error`;

export interface LastRunsRow {
  last_backup_at: Date | null;
  last_verified_at: Date | null;
  last_backup_failed_at: Date | null;
  last_verify_failed_at: Date | null;
  last_backup_error: string | null;
  last_verify_error: string | null;
}

export const toLastRuns = (r: LastRunsRow): LastRuns => ({
  lastBackupAt: r.last_backup_at,
  lastVerifiedAt: r.last_verified_at,
  lastBackupFailedAt: r.last_backup_failed_at,
  lastVerifyFailedAt: r.last_verify_failed_at,
  lastBackupError: r.last_backup_error,
  lastVerifyError: r.last_verify_error,
});
