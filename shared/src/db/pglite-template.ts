// Creating an empty embedded database (PGlite's initdb, PostgreSQL's bootstrap run in WASM) costs seconds
// of CPU, and the four registers would each pay it at their first start, all at once on the same cores.
// `npm start` instead creates one empty cluster and copies it to every register that has none: one initdb
// instead of four. The copy is a closed, empty PostgreSQL data directory like any other; each register
// then migrates and seeds its own as before.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Where a register keeps its embedded database under DATA_DIR (as shared/src/graphql/run.ts reads it). */
export const embeddedDataDir = (dataRoot: string, register: string) => join(dataRoot, register, 'pglite');

/**
 * The PostgreSQL major version of the embedded engine (@electric-sql/pglite 0.5.x embeds PostgreSQL 18; 0.4.x
 * embedded 17). PostgreSQL cannot open another major version's data files, so a data directory made by an
 * earlier PGlite must be recognised before PGlite is started on it (tests/embedded-data-dir.test.ts checks
 * this number against the engine itself, so an upgrade that changes it fails there first).
 */
export const EMBEDDED_POSTGRES_MAJOR = 18;

/** An embedded data directory made by another PostgreSQL major version than the embedded engine's. */
export class EmbeddedDatabaseVersionError extends Error {
  constructor(readonly dataDir: string, readonly foundMajor: string) {
    super(
      `The embedded database in ${dataDir} was made by PostgreSQL ${foundMajor}` +
      `${foundMajor === '17' ? ' (@electric-sql/pglite 0.4 and earlier)' : ''}; this version embeds PostgreSQL ` +
      `${EMBEDDED_POSTGRES_MAJOR} (@electric-sql/pglite 0.5), which cannot open another major version's files. ` +
      'Nothing in it was changed. If it holds only demo data, stop the system, delete that directory (or the whole ' +
      'DATA_DIR, default .data) and start again: each register is created, migrated and seeded anew. To keep its ' +
      'data, export it with the version that made it (pg_dump of @electric-sql/pglite-tools 0.3 on ' +
      '@electric-sql/pglite 0.4) and load the dump into the new database, or run the register on PostgreSQL ' +
      '(<REGISTER>_DATABASE_URL).',
    );
    this.name = 'EmbeddedDatabaseVersionError';
  }
}

/**
 * Refuses an embedded data directory of another PostgreSQL major version, read from its `PG_VERSION` file
 * (PostgreSQL's own marker, written by initdb), before PGlite starts on it: PGlite itself would fail with
 * only "PGlite failed to initialize properly". A directory without `PG_VERSION` (absent, empty, `memory://`)
 * passes: PGlite creates a new cluster there.
 * @throws EmbeddedDatabaseVersionError naming the directory, both versions and what to do.
 */
export function checkEmbeddedDataDir(dataDir: string): void {
  let found: string;
  try {
    found = readFileSync(join(dataDir, 'PG_VERSION'), 'utf8').trim();
  } catch {
    return;
  }
  if (found !== String(EMBEDDED_POSTGRES_MAJOR)) throw new EmbeddedDatabaseVersionError(dataDir, found);
}

/**
 * For each named register without a data directory, copies in an empty PostgreSQL cluster made once by
 * PGlite (in `<dataRoot>/.pglite-template`, removed afterwards). Returns the registers given one. A
 * register that already has a directory is never touched.
 * @throws EmbeddedDatabaseVersionError when an existing one was made by another PostgreSQL major version.
 */
export async function provideEmptyEmbeddedDatabases(dataRoot: string, registers: readonly string[]): Promise<string[]> {
  const missing = registers.filter((r) => !existsSync(embeddedDataDir(dataRoot, r)));
  // An existing one of an earlier PostgreSQL major fails here, once and clearly, before any service starts.
  for (const r of registers.filter((r) => !missing.includes(r))) checkEmbeddedDataDir(embeddedDataDir(dataRoot, r));
  if (!missing.length) return [];
  const template = join(dataRoot, '.pglite-template');
  rmSync(template, { recursive: true, force: true });
  mkdirSync(template, { recursive: true });
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    await (await PGlite.create(template)).close();
    for (const register of missing) {
      mkdirSync(join(dataRoot, register), { recursive: true });
      cpSync(template, embeddedDataDir(dataRoot, register), { recursive: true });
    }
  } finally {
    rmSync(template, { recursive: true, force: true });
  }
  return missing;
}
