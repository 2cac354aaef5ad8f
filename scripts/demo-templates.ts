// Each register's embedded database, migrated and seeded with the demo data, kept from `npm install` (issue 11,
// cold start on an empty data directory): the four registers' migrations and demo seeds cost 15 CPU s and
// more, all four at once on the same cores, at the first `npm start` and on every new data directory. The
// seeds are deterministic (the demo world has its own "today", shared/src/demo/population.ts), so the database
// they make can be made once and copied: `npm run build` (also run by postinstall) makes it, and scripts/start.ts
// copies it into a new data directory (shared/src/db/pglite-template.ts `provideEmbeddedDatabases`).
//
// Never stale: a template is kept under a key over everything its content follows from (the register's
// compiled service, which holds its seed and the code that applies migrations, its migrations, PGlite's
// version), and start.ts copies only a template whose key is the current one; otherwise the register gets the
// empty cluster and migrates and seeds itself, as before. A template is made by the register's own compiled
// service (`--prepare-demo-data DIR`, shared/src/graphql/run.ts `prepareDemoDatabase`), the code that would
// otherwise seed it at its first start.
//
// Only for the default demo data: a start with DEMO_CUSTOMERS set, or without demo data (DEMO_SEED=off,
// production), gets the empty cluster.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { SUBGRAPHS } from './generate';
import { builtEntry, DIST_DIR, SERVICE_ENTRIES } from './build';
import {
  copyTemplate, demoDataWanted, emptyClusterTemplateDir, ensureEmptyClusterTemplate, markTemplateComplete, templateIsComplete,
} from '../shared/src/db/pglite-template';

const REPO_ROOT = join(__dirname, '..');
const run = promisify(execFile);

/** Every file under `dir`, relative to it, sorted (none when it does not exist). */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((entry) => statSync(join(dir, entry)).isFile())
    .map((entry) => entry.split('\\').join('/'))
    .sort();
}

/**
 * The key of `register`'s demo template in the checkout at `root`: sha256 (hex, 16 characters kept) over
 * PGlite's version, the register's compiled service and its migrations. Undefined while the service is not
 * built (no template can be current then).
 */
export function demoTemplateKey(register: string, root = REPO_ROOT): string | undefined {
  const bundle = join(root, builtEntry(SERVICE_ENTRIES[register]));
  if (!existsSync(bundle)) return undefined;
  const hash = createHash('sha256');
  hash.update(basename(emptyClusterTemplateDir())); // pglite-<version>
  hash.update('\0').update(readFileSync(bundle));
  const migrations = join(root, 'subgraphs', register, 'prisma', 'migrations');
  for (const file of filesUnder(migrations)) hash.update(`\0${file}\0`).update(readFileSync(join(migrations, file)));
  return hash.digest('hex').slice(0, 16);
}

/**
 * Where a checkout keeps its templates: dist/demo-databases/, beside the compiled services they were made by
 * (a rebuild, which makes them stale, removes them with the rest of dist/).
 */
const templatesRoot = (root: string) => join(root, DIST_DIR, 'demo-databases');
const templateDir = (register: string, key: string, root: string) => join(templatesRoot(root), `${register}-${key}`);

/**
 * The current demo template of each register that has one, for a new data directory under `env`: none when
 * the start seeds no demo data or asks for another number of customers (DEMO_CUSTOMERS).
 */
export function currentDemoTemplates(env: NodeJS.ProcessEnv = process.env, root = REPO_ROOT): Record<string, string> {
  if (!demoDataWanted(env) || env.DEMO_CUSTOMERS !== undefined) return {};
  const found: Record<string, string> = {};
  for (const register of SUBGRAPHS) {
    const key = demoTemplateKey(register, root);
    if (key && templateIsComplete(templateDir(register, key, root))) found[register] = templateDir(register, key, root);
  }
  return found;
}

/**
 * Makes every register's demo template that is not current (all four at once, each by its compiled service)
 * and removes the register's older ones. Needs the services built (scripts/build.ts). Returns the registers
 * made. Each is made in a temporary directory and renamed into place once complete, so that a template made
 * half-way (an interrupted install) is never used; throws with the service's error output when one fails.
 */
export async function ensureDemoTemplates(root = REPO_ROOT): Promise<string[]> {
  const targets = new Map<string, string>();
  for (const register of SUBGRAPHS) {
    const key = demoTemplateKey(register, root);
    if (!key) throw new Error(`${register} is not built; run scripts/build.ts first`);
    if (!templateIsComplete(templateDir(register, key, root))) targets.set(register, templateDir(register, key, root));
  }
  const stale = [...targets.keys()];
  if (!stale.length) return [];
  const empty = await ensureEmptyClusterTemplate();
  mkdirSync(templatesRoot(root), { recursive: true });
  await Promise.all([...targets].map(async ([register, target]) => {
    const making = mkdtempSync(`${target}.making-`);
    try {
      copyTemplate(empty, making);
      // The defaults a fresh `npm start` seeds with, whatever this process was started with.
      const env: NodeJS.ProcessEnv = { ...process.env, DEMO_SEED: 'on', LOG_LEVEL: 'warn' };
      delete env.DEMO_CUSTOMERS;
      try {
        await run(process.execPath, [join(root, builtEntry(SERVICE_ENTRIES[register])), '--prepare-demo-data', making], { cwd: root, env, timeout: 300_000 });
      } catch (error) {
        const { stderr, stdout } = error as { stderr?: string; stdout?: string };
        throw new Error(`the ${register} demo database could not be prepared: ${(stderr || stdout || (error as Error).message).trim()}`);
      }
      markTemplateComplete(making);
      rmSync(target, { recursive: true, force: true });
      renameSync(making, target);
    } finally {
      rmSync(making, { recursive: true, force: true });
    }
    // Older templates of this register (an earlier build's) are never current again; what an interrupted
    // making left (older than any making takes) goes too.
    for (const entry of readdirSync(templatesRoot(root))) {
      const path = join(templatesRoot(root), entry);
      if (!entry.startsWith(`${register}-`) || path === target) continue;
      if (entry.includes('.making-') && Date.now() - statSync(path).mtimeMs < 3_600_000) continue;
      rmSync(path, { recursive: true, force: true });
    }
  }));
  return stale;
}
