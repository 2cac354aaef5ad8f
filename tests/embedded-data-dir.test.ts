// An embedded database made by an earlier PGlite (PostgreSQL 17, @electric-sql/pglite 0.4) cannot be opened
// by the embedded engine of today (PostgreSQL 18): PGlite alone fails with "PGlite failed to initialize
// properly". A developer's existing `.data` must instead be refused at start with a message naming the
// directory and what to do, and be left as it was.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { openDatabase } from '../shared/src/db/database';
import { EMBEDDED_POSTGRES_MAJOR, embeddedDataDir } from '../shared/src/db/pglite-template';
import { REPO_ROOT, SUBGRAPHS } from '../shared/src/subgraphs';

/** A data directory as PostgreSQL 17's initdb leaves it, as far as the version goes: `PG_VERSION` says 17. */
function olderCluster(dir: string) {
  mkdirSync(join(dir, 'base'), { recursive: true });
  writeFileSync(join(dir, 'PG_VERSION'), '17\n');
  writeFileSync(join(dir, 'base', 'marker'), 'the old data');
}

const contents = (dir: string) => readdirSync(dir, { recursive: true }).map(String).sort();

let root: string;
beforeEach(() => { root = mkdtempSync(join(tmpdir(), 'cg-datadir-')); });
afterEach(() => rmSync(root, { recursive: true, force: true }));

it('EMBEDDED_POSTGRES_MAJOR is the major version of the embedded engine', async () => {
  const pglite = await PGlite.create('memory://');
  const { rows } = await pglite.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
  await pglite.close();
  expect(Math.floor(Number(rows[0].v) / 10000)).toBe(EMBEDDED_POSTGRES_MAJOR);
}, 120_000);

it('openDatabase refuses a data directory of an earlier PostgreSQL, naming it and what to do, and changes nothing', async () => {
  const dir = join(root, 'joint', 'pglite');
  olderCluster(dir);
  const before = contents(dir);

  const opened = openDatabase({ dataDir: dir, migrationsDir: join(REPO_ROOT, 'subgraphs', 'joint', 'prisma', 'migrations') });

  await expect(opened).rejects.toThrow(`The embedded database in ${dir} was made by PostgreSQL 17`);
  await expect(opened).rejects.toThrow(/embeds PostgreSQL 18 .*delete that directory .*DATA_DIR.*pg_dump/);
  expect(contents(dir)).toEqual(before);
  expect(readFileSync(join(dir, 'base', 'marker'), 'utf8')).toBe('the old data');
});

it('npm start stops before starting any service, with the message, when a register has an older data directory', async () => {
  olderCluster(embeddedDataDir(root, 'wellbeing'));
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: root, AUTH_DEV_KEYS_DIR: join(root, 'keys'), LOG_LEVEL: 'warn' };
  // Embedded databases for every register, whatever the test run uses.
  delete env.DATABASE_URL;
  for (const { name } of SUBGRAPHS) {
    delete env[`${name.toUpperCase()}_DATABASE_URL`];
    delete env[`${name.toUpperCase()}_DATA_DIR`];
  }
  // Its own process group: should it start services after all, they are stopped with it.
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', join('scripts', 'start.ts')], { cwd: REPO_ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => { output += d; });
  child.stderr!.on('data', (d) => { output += d; });
  const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 90_000);
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  clearTimeout(timer);
  try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* the group is gone */ }

  expect(code).toBe(1);
  expect(output).toContain(`could not start: The embedded database in ${embeddedDataDir(root, 'wellbeing')} was made by PostgreSQL 17`);
  expect(output).not.toContain('Starting the customer graph');
  // No initdb for the others either: it stopped first.
  expect(readdirSync(root).filter((d) => d !== 'keys')).toEqual(['wellbeing']);
  expect(contents(embeddedDataDir(root, 'wellbeing'))).toEqual(['PG_VERSION', 'base', join('base', 'marker')].sort());
}, 120_000);
