// What `npm start` does to start faster (issue 11) must not change what starts: the same registers, and
// embedded databases that are real, empty PostgreSQL clusters of their own.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { embeddedDataDir, provideEmbeddedDatabases } from '../shared/src/db/pglite-template';
import { SUBGRAPHS as SHARED_SUBGRAPHS } from '../shared/src/subgraphs';
import { SUBGRAPHS as STARTED_SUBGRAPHS } from '../scripts/generate';

it('npm start starts every register of shared/src/subgraphs.ts (it reads the names from scripts/generate.ts)', () => {
  expect(STARTED_SUBGRAPHS).toEqual(SHARED_SUBGRAPHS.map((s) => s.name));
});

describe('provideEmbeddedDatabases', () => {
  let root: string;
  beforeEach(() => { root = mkdtempSync(join(tmpdir(), 'cg-template-')); });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('gives each register without a database its own empty cluster, and leaves an existing one alone', async () => {
    // kela already has a database: a marker file stands for its data.
    mkdirSync(embeddedDataDir(root, 'kela'), { recursive: true });
    writeFileSync(join(embeddedDataDir(root, 'kela'), 'marker'), 'kept');

    expect(await provideEmbeddedDatabases(root, ['joint', 'employment', 'kela'])).toEqual(['joint', 'employment']);

    expect(readdirSync(embeddedDataDir(root, 'kela'))).toEqual(['marker']);
    expect(existsSync(join(root, '.pglite-template'))).toBe(false);
    // Each copy is a cluster of its own: a table made in one is not in the other.
    const joint = await PGlite.create(embeddedDataDir(root, 'joint'));
    await joint.exec('CREATE TABLE only_here (id int)');
    await joint.close();
    const employment = await PGlite.create(embeddedDataDir(root, 'employment'));
    const tables = await employment.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'only_here'");
    await employment.close();
    expect(tables.rows[0].n).toBe(0);

    // Nothing missing: no initdb at all.
    expect(await provideEmbeddedDatabases(root, ['joint', 'employment', 'kela'])).toEqual([]);
  }, 240_000); // one initdb and two starts of PGlite: seconds on idle cores, a minute on a busy machine

  it('never leaves a half-copied database: what an interrupted copy left is removed, and a demo database that is gone gives the empty cluster', async () => {
    // An interrupted start: a copy under way beside the (never created) database directory.
    mkdirSync(join(root, 'wellbeing', 'pglite.copying-x1'), { recursive: true });
    writeFileSync(join(root, 'wellbeing', 'pglite.copying-x1', 'PG_VERSION'), '17');
    expect(await provideEmbeddedDatabases(root, ['wellbeing', 'kela'], undefined, { kela: join(root, 'removed-by-a-rebuild') })).toEqual(['wellbeing', 'kela']);
    expect(readdirSync(join(root, 'wellbeing'))).toEqual(['pglite']);
    for (const register of ['wellbeing', 'kela']) {
      const db = await PGlite.create(embeddedDataDir(root, register));
      const tables = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'");
      await db.close();
      expect(tables.rows[0].n).toBe(0); // the empty cluster, complete
    }
  }, 240_000);
});
