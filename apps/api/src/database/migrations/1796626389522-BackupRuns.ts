import type { MigrationInterface, QueryRunner } from 'typeorm';

export class BackupRuns1796626389522 implements MigrationInterface {
  name = 'BackupRuns1796626389522';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "backup_runs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" text NOT NULL, "status" text NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, "file" text, "size_bytes" bigint, "duration_ms" integer, "row_count" bigint, "error" text, CONSTRAINT "ck_backup_runs_kind" CHECK (kind IN ('backup', 'verify')), CONSTRAINT "ck_backup_runs_status" CHECK (status IN ('running', 'succeeded', 'failed')), CONSTRAINT "PK_backup_runs" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_backup_runs_kind_status_finished" ON "backup_runs" ("kind", "status", "finished_at") `);
    // Not tenant data, so no row-level security. The owner writes (backups run over its connection); the app
    // role only reads, for the System health; the default privileges had given it more.
    await q.query(`REVOKE ALL ON backup_runs FROM hotleads_app`);
    await q.query(`GRANT SELECT ON backup_runs TO hotleads_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "backup_runs"`);
  }
}
