import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SessionAuthenticatedAt1796617511280 implements MigrationInterface {
  name = 'SessionAuthenticatedAt1796617511280';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "sessions" ADD "authenticated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`);
    // Sessions that exist already were authenticated when they began, not at this upgrade.
    await q.query(`UPDATE "sessions" SET "authenticated_at" = "created_at"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "sessions" DROP COLUMN "authenticated_at"`);
  }
}
