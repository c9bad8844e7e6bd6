import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InvitationsDoNotHoldAddress1796619092380 implements MigrationInterface {
  name = 'InvitationsDoNotHoldAddress1796619092380';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."IDX_97672ac88f789774dd47f7c8be"`);
    await q.query(`CREATE UNIQUE INDEX "UQ_users_tenant_email" ON "users" ("tenant_id", "email") `);
    await q.query(`CREATE UNIQUE INDEX "UQ_users_email_account" ON "users" ("email") WHERE status <> 'invited'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."UQ_users_email_account"`);
    await q.query(`DROP INDEX "public"."UQ_users_tenant_email"`);
    await q.query(`CREATE UNIQUE INDEX "IDX_97672ac88f789774dd47f7c8be" ON "users" ("email") `);
  }
}
