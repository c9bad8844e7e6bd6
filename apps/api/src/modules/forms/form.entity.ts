import { LEAD_PRIORITIES, LEAD_TYPES, type LeadPriority, type LeadType } from '@hotleads/shared';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { sqlInList } from '../../common/db/sql-in-list';
import { Tenant } from '../tenants/tenant.entity';

// A public intake endpoint of a tenant: POST /api/v1/public/forms/{id}/submissions.
@Entity('forms')
@Index(['tenantId', 'createdAt'])
@Check('ck_forms_type', `type IN (${sqlInList(LEAD_TYPES)})`)
@Check('ck_forms_default_priority', `default_priority IN (${sqlInList(LEAD_PRIORITIES)})`)
export class Form {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  @Column({ type: 'text' })
  type: LeadType;

  @Column({ type: 'text' })
  name: string;

  // Browser origins allowed to post (CORS); empty means no browser origin (server-to-server only).
  @Column({ type: 'text', array: true, default: () => `'{}'` })
  allowedOrigins: string[];

  // Where a plain HTML form may send the browser after submitting; anything else is refused.
  @Column({ type: 'text', array: true, default: () => `'{}'` })
  redirectUrls: string[];

  @Column({ type: 'text', default: 'medium' })
  defaultPriority: LeadPriority;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  defaultTags: string[];

  @Column({ type: 'boolean', default: false })
  acknowledgmentEmail: boolean;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  // A submission must tick a checkbox with this label (null: no consent asked); the lead keeps the label,
  // the policy version, the time and the IP in metadata.consent.
  @Column({ type: 'text', nullable: true })
  consentLabel: string | null;

  @Column({ type: 'text', nullable: true })
  consentPolicyVersion: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
