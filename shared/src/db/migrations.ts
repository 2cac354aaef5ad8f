// Applies Prisma-layout SQL migrations (`prisma/migrations/<timestamp>_<name>/migration.sql`) and
// records them in Prisma's own `_prisma_migrations` table, so `prisma migrate deploy` agrees with what
// ran here. We apply them ourselves because the Prisma CLI downloads its schema-engine binary at run
// time, which closed networks (and this machine) cannot do.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from './database';

const HISTORY_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
);`;

// Serialises migrations when several replicas of a subgraph start against one PostgreSQL.
const LOCK = 'SELECT pg_advisory_xact_lock(72707369);';

export function listMigrations(migrationsDir: string): { name: string; sql: string }[] {
  if (!existsSync(migrationsDir)) return [];
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(migrationsDir, name, 'migration.sql'), 'utf8') }));
}

const quote = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** Applies the migrations not yet applied, each with its history row in one transaction. */
export async function applyMigrations(db: Pick<Database, 'execute' | 'query'>, migrationsDir: string): Promise<string[]> {
  await db.execute(HISTORY_TABLE);
  const applied = new Map(
    (await db.query<{ migration_name: string; checksum: string }>('SELECT migration_name, checksum FROM "_prisma_migrations" WHERE rolled_back_at IS NULL'))
      .map((row) => [row.migration_name, row.checksum]),
  );
  const newlyApplied: string[] = [];
  for (const migration of listMigrations(migrationsDir)) {
    const checksum = createHash('sha256').update(migration.sql).digest('hex');
    if (applied.has(migration.name)) {
      // As `prisma migrate` does: an applied migration is history, and history is not edited.
      if (applied.get(migration.name) !== checksum) {
        throw new Error(`migration ${migration.name} was changed after it was applied to this database; restore it and add a new migration instead`);
      }
      continue;
    }
    // A multi-statement script is one implicit transaction in PostgreSQL: all of it or none.
    await db.execute(`${LOCK}
${migration.sql}
INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count)
VALUES (${quote(randomUUID())}, ${quote(checksum)}, ${quote(migration.name)}, now(), 1);`);
    newlyApplied.push(migration.name);
  }
  return newlyApplied;
}
