import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Tenant } from '../tenants/tenant.entity';

export type PrivacyExportStatus = 'pending' | 'ready' | 'failed' | 'downloaded' | 'expired';

// A person's data, gathered by a job for the staff member who asked: the document is encrypted at rest,
// downloadable once, and dropped after the download or 24 hours, or when the person is erased.
@Entity('privacy_exports')
@Index(['tenantId', 'requestedBy', 'createdAt'])
export class PrivacyExport {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  @Column({ type: 'uuid' })
  requestedBy: string;

  // Keyed hashes of the identifiers asked for: an erasure drops the person's exports by these.
  @Column({ type: 'text', array: true })
  subjectHashes: string[];

  @Column({ type: 'text', default: 'pending' })
  status: PrivacyExportStatus;

  // Counts per kind, no personal data: what the list shows.
  @Column({ type: 'jsonb', nullable: true })
  counts: Record<string, number> | null;

  // The JSON document and its summary, encrypted (EncryptionService) while they wait for the download.
  @Column({ type: 'text', nullable: true })
  document: string | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  downloadedAt: Date | null;
}
