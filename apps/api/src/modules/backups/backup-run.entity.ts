import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type BackupRunKind = 'backup' | 'verify';
export type BackupRunStatus = 'running' | 'succeeded' | 'failed';

// One backup or restore drill, as the System health and the metrics report them. Operations data, not a
// tenant's: no row-level security; it holds file names, sizes and plain error messages, never keys or URLs.
// Written over the owner connection only; the app role may read it.
@Entity('backup_runs')
@Check('ck_backup_runs_kind', `kind IN ('backup', 'verify')`)
@Check('ck_backup_runs_status', `status IN ('running', 'succeeded', 'failed')`)
@Index('IDX_backup_runs_kind_status_finished', ['kind', 'status', 'finishedAt'])
export class BackupRun {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_backup_runs' })
  id: string;

  @Column({ type: 'text' })
  kind: BackupRunKind;

  @Column({ type: 'text' })
  status: BackupRunStatus;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  startedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  // The backup file (its name in BACKUP_DIR) made or restored.
  @Column({ type: 'text', nullable: true })
  file: string | null;

  @Column({ type: 'bigint', nullable: true })
  sizeBytes: string | null;

  @Column({ type: 'integer', nullable: true })
  durationMs: number | null;

  @Column({ type: 'bigint', nullable: true })
  rowCount: string | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;
}
