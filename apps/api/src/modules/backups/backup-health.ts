import type { SystemCheckResult } from '../../common/health/system-checks';
import type { LastRuns } from './backup-runs.repository';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

const age = (ms: number) => (ms < 2 * HOUR ? `${Math.round(ms / 60_000)} min` : ms < 3 * DAY ? `${Math.round(ms / HOUR)} h` : `${Math.round(ms / DAY)} days`);
const seconds = (d: Date | null) => (d ? Math.floor(d.getTime() / 1000) : null);

// Backups: fine within 26 h (a daily schedule plus slack, the alert's threshold), late after that, failing
// after three days or when a schedule is set and none ever succeeded.
export function backupCheck(runs: LastRuns, scheduled: boolean, now = Date.now()): SystemCheckResult {
  const details = { lastSuccessAt: seconds(runs.lastBackupAt), lastFailureAt: seconds(runs.lastBackupFailedAt), scheduled };
  if (!runs.lastBackupAt) {
    if (runs.lastBackupFailedAt) return { status: 'fail', reason: `no backup has succeeded; the last attempt failed: ${runs.lastBackupError ?? 'unknown error'}`, details };
    return scheduled
      ? { status: 'fail', reason: 'BACKUP_SCHEDULE is set but no backup has succeeded yet', details }
      : { status: 'warn', reason: 'no backup has been taken: set BACKUP_SCHEDULE or run npm run backup', details };
  }
  const since = now - runs.lastBackupAt.getTime();
  const failedSince = runs.lastBackupFailedAt && runs.lastBackupFailedAt > runs.lastBackupAt;
  if (since > 3 * DAY) return { status: 'fail', reason: `last backup ${age(since)} ago`, details };
  if (since > 26 * HOUR) return { status: 'warn', reason: `last backup ${age(since)} ago (older than 26 h)`, details };
  if (failedSince) return { status: 'warn', reason: `last backup ${age(since)} ago; a later attempt failed: ${runs.lastBackupError ?? 'unknown error'}`, details };
  return { status: 'ok', reason: `last backup ${age(since)} ago`, details };
}

// Restore drills: fine within 8 days (a weekly drill plus slack), late after that, failing after 15 days.
export function restoreDrillCheck(runs: LastRuns, now = Date.now()): SystemCheckResult {
  const details = { lastVerifiedAt: seconds(runs.lastVerifiedAt), lastFailureAt: seconds(runs.lastVerifyFailedAt) };
  if (!runs.lastVerifiedAt) {
    if (runs.lastVerifyFailedAt) return { status: 'fail', reason: `no restore drill has succeeded; the last one failed: ${runs.lastVerifyError ?? 'unknown error'}`, details };
    return { status: 'warn', reason: 'no backup has been verified by a restore: run npm run backup:verify', details };
  }
  const since = now - runs.lastVerifiedAt.getTime();
  const failedSince = runs.lastVerifyFailedAt && runs.lastVerifyFailedAt > runs.lastVerifiedAt;
  if (since > 15 * DAY) return { status: 'fail', reason: `last verified restore ${age(since)} ago`, details };
  if (since > 8 * DAY) return { status: 'warn', reason: `last verified restore ${age(since)} ago (older than 8 days)`, details };
  if (failedSince) return { status: 'warn', reason: `last verified restore ${age(since)} ago; a later drill failed: ${runs.lastVerifyError ?? 'unknown error'}`, details };
  return { status: 'ok', reason: `last verified restore ${age(since)} ago`, details };
}
