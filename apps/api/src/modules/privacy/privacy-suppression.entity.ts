import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Tenant } from '../tenants/tenant.entity';

// An erased person's email or phone, as its keyed hash only (SubjectHasher): intake refuses a lead that
// carries one, so the next import or sync does not bring the person back.
@Entity('privacy_suppressions')
@Unique('uq_privacy_suppressions_hash', ['tenantId', 'subjectHash'])
export class PrivacySuppression {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  @Column({ type: 'text' })
  subjectHash: string;

  @Column({ type: 'text' })
  kind: 'email' | 'phone';

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
