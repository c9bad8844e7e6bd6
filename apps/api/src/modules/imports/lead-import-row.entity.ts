import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

// Staging: rows COPY'd from the uploaded CSV, merged into leads set-based, then deleted.
@Entity('lead_import_rows')
@Index(['tenantId', 'importId'])
export class LeadImportRow {
  @PrimaryColumn({ type: 'uuid' })
  importId: string;

  @PrimaryColumn({ type: 'integer' })
  rowNumber: number;

  @Column({ type: 'uuid' })
  tenantId: string;

  // The CSV fields of the row, in header order.
  @Column({ type: 'text', array: true })
  fields: string[];
}
