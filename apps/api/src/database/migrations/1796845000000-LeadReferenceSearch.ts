import type { MigrationInterface, QueryRunner } from 'typeorm';

// Search finds a lead by its external reference (the id a connected tool gave it) without knowing the
// source: uq_leads_source_ref leads with the source, so it cannot serve a lookup by reference alone.
export class LeadReferenceSearch1796845000000 implements MigrationInterface {
  name = 'LeadReferenceSearch1796845000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_leads_source_ref_lookup ON leads (tenant_id, source_ref) WHERE source_ref IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_leads_source_ref_lookup`);
  }
}
