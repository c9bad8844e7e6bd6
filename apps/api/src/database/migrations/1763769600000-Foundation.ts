import type { MigrationInterface, QueryRunner } from 'typeorm';

// Extensions and helpers later migrations rely on.
export class Foundation1763769600000 implements MigrationInterface {
  name = 'Foundation1763769600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('create extension if not exists pg_trgm');
    await q.query(`
      create or replace function set_updated_at() returns trigger language plpgsql as $$
      begin
        new.updated_at = now();
        return new;
      end $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop function if exists set_updated_at()');
    await q.query('drop extension if exists pg_trgm');
  }
}
