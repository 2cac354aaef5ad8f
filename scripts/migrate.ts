// Applies each subgraph's migrations without starting it (subgraphs also apply them at start):
//   npm run migrate                  all four, each to <NAME>_DATABASE_URL / DATABASE_URL or its embedded database
//   npm run migrate -- employment    one of them
// Where the Prisma CLI's schema engine is available, `prisma migrate deploy` in subgraphs/<name> does the same.
import { join } from 'node:path';
import { openDatabase } from '../shared/src/db/database';
import { REPO_ROOT, SUBGRAPHS, registerDataLocation } from '../shared/src/subgraphs';

async function main() {
  const only = process.argv[2];
  const targets = SUBGRAPHS.filter((s) => !only || s.name === only);
  if (targets.length === 0) throw new Error(`unknown subgraph ${only}; one of ${SUBGRAPHS.map((s) => s.name).join(', ')}`);
  for (const subgraph of targets) {
    const database = await openDatabase({
      ...registerDataLocation(subgraph.name),
      migrationsDir: join(REPO_ROOT, 'subgraphs', subgraph.name, 'prisma', 'migrations'),
    });
    const applied = await database.query<{ migration_name: string }>('SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name');
    console.log(`${subgraph.name} (${database.kind}): ${applied.map((m) => m.migration_name).join(', ')}`);
    await database.close();
  }
}

main().catch((error) => {
  console.error(`migration failed: ${(error as Error).message}`);
  process.exit(1);
});
