import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type ImportStatus = 'receiving' | 'queued' | 'running' | 'completed' | 'failed';

@Entity('lead_imports')
@Index(['tenantId', 'createdAt'])
export class LeadImport {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'text', default: 'receiving' })
  status: ImportStatus;

  @Column({ type: 'text', nullable: true })
  filename: string | null;

  @Column({ type: 'text', default: 'create' })
  mode: 'create' | 'upsert';

  // CSV header -> lead field.
  @Column({ type: 'jsonb', default: () => `'{}'` })
  mapping: Record<string, string>;

  @Column({ type: 'text', default: 'import' })
  defaultSource: string;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  defaultTags: string[];

  @Column({ type: 'integer', default: 0 })
  totalRows: number;

  @Column({ type: 'integer', default: 0 })
  processedRows: number;

  @Column({ type: 'integer', default: 0 })
  createdCount: number;

  @Column({ type: 'integer', default: 0 })
  mergedCount: number;

  @Column({ type: 'integer', default: 0 })
  failedCount: number;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
