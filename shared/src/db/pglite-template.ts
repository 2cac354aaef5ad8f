// Creating an empty embedded database (PGlite's initdb, PostgreSQL's bootstrap run in WASM) costs seconds
// of CPU, and the four registers would each pay it at their first start, all at once on the same cores.
// `npm start` instead creates one empty cluster and copies it to every register that has none: one initdb
// instead of four. The copy is a closed, empty PostgreSQL data directory like any other; each register
// then migrates and seeds its own as before.
//
// The empty cluster itself is made once per installed PGlite version and kept (issue 11: an initdb is 3-7
// CPU s, and start.ts ran it before any service could start, on the critical path of every start on an
// empty data directory): `npm install` makes it (scripts/build.ts), and a start that finds none makes it.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where a register keeps its embedded database under DATA_DIR (as shared/src/graphql/run.ts reads it). */
export const embeddedDataDir = (dataRoot: string, register: string) => join(dataRoot, register, 'pglite');

/** A file written into the kept template last: a template without it was interrupted and is made again. */
const COMPLETE_MARKER = '.customer-graph-template-complete';

/** The prefix of a copy under way beside a register's `pglite` directory (renamed to it when complete). */
const COPYING = 'pglite.copying';

/**
 * Where the empty cluster of the installed PGlite is kept: node_modules/.cache/customer-graph/pglite-<version>
 * (beside the package, so that a new PGlite version, whose cluster format may differ, gets its own).
 */
export function emptyClusterTemplateDir(): string {
  const packageDir = join(dirname(require.resolve('@electric-sql/pglite')), '..');
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  return join(packageDir, '..', '..', '.cache', 'customer-graph', `pglite-${version}`);
}

/**
 * The kept empty PostgreSQL cluster (see above), made by PGlite's initdb if there is none yet; returns its
 * directory. Made in a temporary directory and renamed into place, so that a cluster made half-way (an
 * interrupted install) or by two starts at once is never used.
 */
export async function ensureEmptyClusterTemplate(templateDir = emptyClusterTemplateDir()): Promise<string> {
  if (existsSync(join(templateDir, COMPLETE_MARKER))) return templateDir;
  mkdirSync(dirname(templateDir), { recursive: true });
  const making = mkdtempSync(`${templateDir}.making-`);
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    await (await PGlite.create(making)).close();
    markTemplateComplete(making);
    rmSync(templateDir, { recursive: true, force: true });
    try {
      renameSync(making, templateDir);
    } catch (error) {
      // Another start made it meanwhile: theirs is as good.
      if (!existsSync(join(templateDir, COMPLETE_MARKER))) throw error;
    }
  } finally {
    rmSync(making, { recursive: true, force: true });
  }
  return templateDir;
}

/**
 * Whether a register seeds demo data into an empty database (shared/src/graphql/run.ts): DEMO_SEED `on` or
 * `off`; unset or empty, on in development and off in production. Throws on any other value, naming the
 * variable: a typo (`yes`, `true`, `ON`) must not quietly mean "off" in development, nor "on" anywhere.
 */
export function demoDataWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.DEMO_SEED;
  if (value === undefined || value === '') return env.NODE_ENV !== 'production';
  if (value === 'on' || value === 'off') return value === 'on';
  throw new Error(`DEMO_SEED must be "on" or "off" (or unset: on in development, off in production), not "${value}"`);
}

/**
 * For each named register without a data directory, copies in a database: the register's entry of `seeded`
 * (a closed database already migrated and seeded with the demo data, scripts/demo-templates.ts) when there is
 * one, else the kept empty PostgreSQL cluster ({@link ensureEmptyClusterTemplate}; `templateDir` for tests),
 * which the register then migrates and seeds itself (also when the demo database cannot be copied). Each copy
 * is made beside the register's directory and renamed to it once complete, so that an interrupted start never
 * leaves a half-copied database that later starts would take for one. Returns the registers given one. A
 * register that already has a directory is never touched.
 */
export async function provideEmbeddedDatabases(
  dataRoot: string, registers: readonly string[], templateDir?: string, seeded: Readonly<Record<string, string>> = {},
): Promise<string[]> {
  const missing = registers.filter((r) => !existsSync(embeddedDataDir(dataRoot, r)));
  if (!missing.length) return [];
  for (const register of missing) {
    mkdirSync(join(dataRoot, register), { recursive: true });
    // What an interrupted copy left: never a database (only a completed copy is renamed into place).
    for (const entry of readdirSync(join(dataRoot, register))) {
      if (entry.startsWith(`${COPYING}-`)) rmSync(join(dataRoot, register, entry), { recursive: true, force: true });
    }
    const copying = mkdtempSync(join(dataRoot, register, `${COPYING}-`));
    try {
      // No demo database, or it went away under the copy (a build replacing it): the empty cluster, which the
      // register migrates and seeds itself.
      if (!seeded[register] || !copiedWhole(seeded[register], copying)) {
        copyTemplate(await ensureEmptyClusterTemplate(templateDir), copying);
      }
      renameSync(copying, embeddedDataDir(dataRoot, register));
    } finally {
      rmSync(copying, { recursive: true, force: true });
    }
  }
  return missing;
}

/** Copies the database of template `from` to `to` (without the template's marker). */
export const copyTemplate = (from: string, to: string) =>
  cpSync(from, to, { recursive: true, filter: (source) => !source.endsWith(COMPLETE_MARKER) });

/** Copies template `from` to the new directory `to`; false, with `to` removed, when the copy failed. */
function copiedWhole(from: string, to: string): boolean {
  try {
    copyTemplate(from, to);
    return true;
  } catch {
    rmSync(to, { recursive: true, force: true });
    return false;
  }
}

/** Marks a finished template directory (written last: a template without it was interrupted). */
export const markTemplateComplete = (dir: string) => writeFileSync(join(dir, COMPLETE_MARKER), '');

/** True when `dir` is a template finished by {@link markTemplateComplete}. */
export const templateIsComplete = (dir: string) => existsSync(join(dir, COMPLETE_MARKER));
