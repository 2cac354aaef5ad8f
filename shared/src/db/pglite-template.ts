// Creating an empty embedded database (PGlite's initdb, PostgreSQL's bootstrap run in WASM) costs seconds
// of CPU, and the four registers would each pay it at their first start, all at once on the same cores.
// `npm start` instead creates one empty cluster and copies it to every register that has none: one initdb
// instead of four. The copy is a closed, empty PostgreSQL data directory like any other; each register
// then migrates and seeds its own as before.
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Where a register keeps its embedded database under DATA_DIR (as shared/src/graphql/run.ts reads it). */
export const embeddedDataDir = (dataRoot: string, register: string) => join(dataRoot, register, 'pglite');

/**
 * For each named register without a data directory, copies in an empty PostgreSQL cluster made once by
 * PGlite (in `<dataRoot>/.pglite-template`, removed afterwards). Returns the registers given one. A
 * register that already has a directory is never touched.
 */
export async function provideEmptyEmbeddedDatabases(dataRoot: string, registers: readonly string[]): Promise<string[]> {
  const missing = registers.filter((r) => !existsSync(embeddedDataDir(dataRoot, r)));
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
