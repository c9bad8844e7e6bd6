import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity('lead_import_errors')
@Index(['tenantId', 'importId'])
export class LeadImportError {
  @PrimaryColumn({ type: 'uuid' })
  importId: string;

  @PrimaryColumn({ type: 'integer' })
  rowNumber: number;

  @Column({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'text' })
  message: string;
}
