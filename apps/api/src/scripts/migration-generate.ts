import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withScratchDatabase } from '../database/scratch-database';
import { schemaDiff } from '../database/schema-diff';

const SRC_MIGRATIONS = join(__dirname, '..', '..', 'src', 'database', 'migrations');

const quote = (sql: string) => '`' + sql.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';

// `npm run migration:generate -- AddLeads`: writes src/database/migrations/<timestamp>-AddLeads.ts from the
// difference between the entities and a database migrated from scratch. Review it before committing.
async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
    console.error('usage: npm run migration:generate -- <PascalCaseName>');
    process.exit(2);
  }
  const diff = await withScratchDatabase(schemaDiff);
  if (!diff.up.length) {
    console.log('No changes: the entities match the migrations.');
    return;
  }
  const timestamp = Date.now();
  const className = `${name}${timestamp}`;
  const body = (queries: string[]) => queries.map((q) => `    await q.query(${quote(q)});`).join('\n');
  const file = join(SRC_MIGRATIONS, `${timestamp}-${name}.ts`);
  writeFileSync(
    file,
    `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(q: QueryRunner): Promise<void> {
${body(diff.up)}
  }

  async down(q: QueryRunner): Promise<void> {
${body(diff.down)}
  }
}
`,
  );
  console.log(`wrote ${file}`);
}

main().catch((error: unknown) => {
  console.error(`migration:generate failed: ${(error as Error).message}`);
  process.exit(1);
});
