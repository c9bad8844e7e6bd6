import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LeadReachableByRawPhone1795308022791 implements MigrationInterface {
  name = 'LeadReachableByRawPhone1795308022791';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "leads" DROP CONSTRAINT "ck_leads_contact"`);
    await q.query(`ALTER TABLE "leads" ADD CONSTRAINT "ck_leads_reachable" CHECK (email IS NOT NULL OR phone IS NOT NULL OR (metadata ->> 'rawPhone') IS NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "leads" DROP CONSTRAINT "ck_leads_reachable"`);
    await q.query(`ALTER TABLE "leads" ADD CONSTRAINT "ck_leads_contact" CHECK (((email IS NOT NULL) OR (phone IS NOT NULL)))`);
  }
}
