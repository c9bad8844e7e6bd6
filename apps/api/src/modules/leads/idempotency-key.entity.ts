import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

// Idempotency-Key records per tenant and route: the first response is replayed for the same key and
// body; kept at least 24 hours.
@Entity('idempotency_keys')
@Index(['expiresAt'])
export class IdempotencyKey {
  @PrimaryColumn({ type: 'uuid' })
  tenantId: string;

  @PrimaryColumn({ type: 'text' })
  scope: string;

  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ type: 'text' })
  requestHash: string;

  // in_flight while the first request runs; completed once its response is stored.
  @Column({ type: 'text', default: 'in_flight' })
  state: 'in_flight' | 'completed';

  @Column({ type: 'integer', nullable: true })
  responseStatus: number | null;

  @Column({ type: 'jsonb', nullable: true })
  responseBody: unknown;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;
}
