import 'reflect-metadata';
import { withScratchDatabase } from '../database/scratch-database';
import { schemaDiff } from '../database/schema-diff';

// CI drift check: a database built only from the committed migrations must match the entities exactly.
async function main(): Promise<void> {
  const diff = await withScratchDatabase(schemaDiff);
  if (diff.up.length) {
    console.error('Entities and migrations disagree. Missing from the migrations:');
    for (const q of diff.up) console.error(`  ${q};`);
    console.error('Run `npm run migration:generate -- <Name>` and commit the new migration.');
    process.exit(1);
  }
  console.log('migrations: entities and migrations agree');
}

main().catch((error: unknown) => {
  console.error(`check:migrations failed: ${(error as Error).message}`);
  process.exit(1);
});
