import { validateCronExpression } from 'cron';
import { z } from 'zod';
import { defineConfig, type ConfigOf } from './define-config';
import { envInt, envString } from './env-parsers';

const cron = () =>
  envString().refine((v) => validateCronExpression(v).valid, 'must be a cron expression such as "0 3 * * *" (minute hour day month weekday)');

// Backups (decision 0016). Unset BACKUP_ENCRYPTION_KEY is generated once into DATA_DIR outside production,
// like the other secrets; in production it must be given (and kept apart from the backups).
export const backupConfig = defineConfig(
  'backup',
  z.object({
    BACKUP_ENCRYPTION_KEY: envString()
      .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes encoded as base64')
      .optional(),
    // Unset: DATA_DIR/backups.
    BACKUP_DIR: envString().optional(),
    BACKUP_KEEP_DAILY: envInt(1, 1000).default(7),
    BACKUP_KEEP_WEEKLY: envInt(0, 1000).default(4),
    // When the worker takes a backup (cron, server time); unset: never on its own.
    BACKUP_SCHEDULE: cron().optional(),
    // When the worker restores the newest backup into a scratch database to prove it works (with
    // BACKUP_SCHEDULE only).
    BACKUP_VERIFY_SCHEDULE: cron().default('30 4 * * 0'),
    // Folder of pg_dump/pg_restore for `npm run backup -- --format=pg_dump`; unset: found on PATH.
    PG_BIN_DIR: envString().optional(),
  }),
);

export type BackupConfig = ConfigOf<typeof backupConfig>;
