// Compiles each service (the four subgraphs and the gateway) once into one JavaScript file under dist/, so
// that `npm start` runs plain `node dist/.../index.js` instead of transpiling and resolving some 120
// TypeScript modules through tsx's hooks at every start (issue 11, cold start: about 0.4 CPU s less per
// service and start). esbuild, the compiler tsx itself runs, so the JavaScript is the same as under tsx.
//
// What is bundled (see `externalPackage`): each register's bundle holds its packages too, except those
// that find their own files (PGlite's WASM, Prisma's query compiler), that OpenTelemetry's instrumentations
// hook by `require` when tracing is on (graphql, pg), and those loaded only when needed; the gateway's
// keeps every package an ordinary `require` of node_modules.
//
// Never stale: `ensureServicesBuilt` (called by scripts/start.ts before every start) compares a hash of the
// content of every source file the last build read (esbuild's metafile) with the one stored beside the
// output, and rebuilds when any differs (about half a second). The tests never use dist/: jest compiles
// the TypeScript sources itself.
//
// It also compiles the launcher (./start.ts into dist/start.js, run by ./start.cjs) and makes the gateway's
// startup snapshot (./startup-snapshot.ts: dist/gateway/startup-snapshot.blob).
//
// `npm run build` also makes the empty PostgreSQL cluster that start.ts copies to each new embedded
// database (shared/src/db/pglite-template.ts), so that the first start after `npm install` runs no initdb,
// and each register's database migrated and seeded with the demo data (./demo-templates.ts), so that it
// migrates and seeds nothing either.
//
//   npm run build     (also run by postinstall; `npm start` rebuilds by itself when a source changed)
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { basename, dirname, join, relative, sep } from 'node:path';
import { SUBGRAPHS } from './generate';
import { demoDataWanted, ensureEmptyClusterTemplate } from '../shared/src/db/pglite-template';
import { buildStartupSnapshot, STARTUP_SNAPSHOT_BLOB, STARTUP_SNAPSHOT_RECORD } from './startup-snapshot';
import { processRuns } from '../shared/src/processes';

const REPO_ROOT = join(__dirname, '..');
/** Where the bundles go: dist/<entry path>.js, e.g. dist/subgraphs/joint/src/index.js, dist/gateway/src/index.js. */
export const DIST_DIR = 'dist';
const STAMP = 'build-inputs.json';

/**
 * The launcher (`npm start`), compiled too: ./start.cjs runs dist/start.js with plain node where dist/ is current,
 * not ./start.ts through tsx's hook (issue 11, cold start: BENCHMARKS.md change 46).
 */
const LAUNCHER_ENTRY = join('scripts', 'start.ts');
const LAUNCHER_BUNDLE = 'start.js';
/** esbuild's namespace of the modules this build puts in place of a package's (see the plugin below). */
const STAND_IN_NAMESPACE = 'stand-in';

/** Each service's TypeScript entry, relative to the repository. */
export const SERVICE_ENTRIES: Record<string, string> = {
  ...Object.fromEntries(SUBGRAPHS.map((name) => [name, join('subgraphs', name, 'src', 'index.ts')])),
  gateway: join('gateway', 'src', 'index.ts'),
};

/**
 * Node's flags of each service that needs its own (read at the process's start, so not settable from inside).
 * The gateway's young generation at most 8 MB per semi-space instead of V8's 16: what it allocates per request
 * is short-lived, and 8 concurrent caseloads of 500 customers peaked at 202-210 MB RSS with V8's, 178-181 with
 * 8, at the same CPU per request (issue 11: at most 200 MB; BENCHMARKS.md change 37). Every spawn of a service
 * passes them: `npm start`, scripts/profile.ts, the gateway's Dockerfile (written out there).
 */
export const SERVICE_NODE_FLAGS: Record<string, readonly string[]> = {
  gateway: ['--max-semi-space-size=8'],
};

/**
 * Packages a register's bundle leaves to `require` from node_modules; every other package it uses is bundled
 * with it. Why bundle them (issue 11, cold start; BENCHMARKS.md change 39): Node's CommonJS loader resolved,
 * read and wrapped some 750 files of packages at every start of a register, 0.3-0.4 CPU s of its 1.1-1.5
 * before PGlite even started (a CPU profile's timeline); bundled, a register starts 0.15-0.2 CPU s sooner.
 * Left out, each for a reason: PGlite and Prisma's runtime find their WASM and query compiler beside their
 * own files; graphql and pg are what OpenTelemetry's instrumentations patch when they are `require`d (tracing
 * on: ../shared/src/tracing), and graphql must stay one copy for every package that uses it; OpenTelemetry,
 * pino (its transports run files of their own in worker threads), Apollo's usage reporting (0.4 MB, never on
 * here) and GraphiQL's page (9 MB, only for the playground) are loaded only when needed or keep their own
 * files, and bundled they would only be parsed at every start for nothing.
 *
 * The gateway's bundle keeps every package external but those of {@link GATEWAY_BUNDLED_PACKAGES}: bundled
 * whole, it started 0.09 CPU s sooner (1.46 against 1.55, 3 starts each), but @apollo/gateway has its own
 * versions of two OpenTelemetry packages, which its bundled code would have required from the top of
 * node_modules instead (see `checkExternal`).
 */
export const EXTERNAL_PACKAGES: readonly string[] = [
  '@electric-sql/pglite', 'pglite-prisma-adapter', '@prisma/', '.prisma/', 'graphql', 'pg', '@opentelemetry/', 'pino',
  '@graphql-yoga/render-graphiql', '@apollo/usage-reporting-protobuf', 'esbuild',
];

/**
 * Packages the gateway's bundle holds, the parts of them it uses: jose (no dependencies, used by no package the
 * gateway requires) loaded some 80 files of its CommonJS build at every start for the few functions that verify
 * a token, 0.07 CPU s (`node -e "require('jose')"` against `node -e 0`; issue 11, BENCHMARKS.md change 44).
 */
export const GATEWAY_BUNDLED_PACKAGES: readonly string[] = ['jose'];

const named = (names: readonly string[], specifier: string) => names.some((name) => name.endsWith('/')
  ? specifier.startsWith(name)
  : specifier === name || specifier.startsWith(`${name}/`));

/** Whether `specifier` (a bare import in the code of `entry`'s bundle) stays a `require` of node_modules. */
export function externalPackage(entry: string, specifier: string): boolean {
  if (specifier.startsWith('@cg/')) return false; // the workspaces: our own code
  if (!entry.startsWith('subgraphs')) return !named(GATEWAY_BUNDLED_PACKAGES, specifier);
  return named(EXTERNAL_PACKAGES, specifier);
}

/**
 * Refuses the build when an external `specifier`, required by a bundled file in `importerDir`, would at run
 * time (from the bundle in `bundleDir`) resolve to another file than the importer's own node_modules give
 * it: a package with its own nested version of an external one would silently get the top-level version.
 * A package installed nowhere (an optional dependency) is left to its importer, which catches its absence.
 */
export function checkExternal(specifier: string, importerDir: string, bundleDir: string): void {
  const resolveFrom = (dir: string) => { try { return require.resolve(specifier, { paths: [dir] }); } catch { return undefined; } };
  const own = resolveFrom(importerDir);
  if (own && own !== resolveFrom(bundleDir)) {
    throw new Error(`${specifier}, required in ${importerDir}, would load another copy from the bundle; bundle its importer's package or none`);
  }
}

/**
 * The compiled file of an entry, relative to the repository: the same path under dist/ with `.js`, so
 * that what reads the entry's path (the tracing's service name, the benchmark's process names) still
 * recognises `subgraphs/<name>/src/index` and `gateway/src/index`.
 */
export const builtEntry = (entry: string) => join(DIST_DIR, entry.replace(/\.ts$/, '.js'));

interface Stamp {
  /** sha256 over this script, esbuild's version, tsconfig.json and every input file's path and content. */
  hash: string;
  inputs: string[];
  /**
   * The size in bytes of each file the build wrote that a start runs (the bundles, the launcher, the gateway's
   * startup snapshot), by its path in dist/: a file damaged since (emptied, cut short) is a build to make again
   * (found by an outsider: an emptied bundle ran, and exited 0; a truncated snapshot crashed the gateway).
   */
  outputs: Record<string, number>;
  /**
   * Each file {@link hashOf} read, as `path size mtimeMs ctimeMs inode` lines ({@link filesOf}), taken after the
   * bundles were made and before the contents were hashed: where every file is still as it was, the build is current
   * without reading and hashing them again. Absent where a source changed while the build ran (see buildServices).
   */
  files?: string;
}

const sizeOf = (file: string) => { try { return statSync(file).size; } catch { return undefined; } };

function hashOf(root: string, inputs: readonly string[]): string | undefined {
  const hash = createHash('sha256');
  // This script's own source (not __filename: the launcher runs it bundled into dist/start.js).
  hash.update(readFileSync(join(root, 'scripts', 'build.ts')));
  hash.update(esbuildVersion(root));
  // The gateway's startup snapshot (./startup-snapshot.ts) is made by, and only for, this Node and its V8.
  hash.update(runtime());
  // esbuild reads the compiler options (e.g. decorators, the JSX and class-field settings) from tsconfig.json too.
  const tsconfig = join(root, 'tsconfig.json');
  if (existsSync(tsconfig)) hash.update(readFileSync(tsconfig));
  for (const input of inputs) {
    const file = join(root, input);
    if (!existsSync(file)) return undefined;
    hash.update(`\0${input}\0`).update(readFileSync(file));
  }
  for (const dir of sourceDirs(inputs)) {
    let names: string[];
    try { names = readdirSync(join(root, dir)); } catch { return undefined; }
    hash.update(`\0${dir}/\0`).update(names.filter((name) => RESOLVABLE.test(name)).sort().join('\n'));
  }
  return hash.digest('hex');
}

/**
 * The folders of our own sources the build read, and theirs up to the repository's (not it): what they hold is part
 * of what the build saw, since a file added there can change what an import finds (found by an outsider: a new
 * `module.tsx` beside `module.ts` is what esbuild takes for `./module`; a folder's own tsconfig.json or node_modules
 * too). Packages' folders are not walked: an `npm install` that changes a package changes its version.
 */
function sourceDirs(inputs: readonly string[]): string[] {
  const dirs = new Set<string>();
  for (const input of inputs) {
    if (input.includes('node_modules/')) continue;
    for (let dir = dirname(input); dir !== '.' && dir !== '' && !dirs.has(dir); dir = dirname(dir)) dirs.add(dir);
  }
  return [...dirs].sort();
}

/** The names in a folder that an import or esbuild's configuration can find (editors' swap files, logs and the like are not). */
const RESOLVABLE = /^(?!\.).*(?:\.(?:[cm]?[jt]sx?|json)|^node_modules)$/;

const runtime = () => `${process.version} ${process.versions.v8}`;

/**
 * The files {@link hashOf} reads, as `path size mtimeMs ctimeMs inode` lines after the Node and V8 versions, then
 * their folders' (see sourceDirs), and the latest change time among the files (ms; the kernel's, which no tool sets);
 * undefined where one is missing. A stat each, 6 ms for the ~290 files where reading and hashing them took 20-37 ms,
 * in the launcher's part of every cold start that runs alone before the first service is spawned (issue 11).
 */
function filesOf(root: string, inputs: readonly string[]): { files: string; lastChange: number } | undefined {
  const paths = [join(root, 'scripts', 'build.ts'), esbuildPackageJson(root), join(root, 'tsconfig.json'), ...inputs.map((input) => join(root, input))];
  const lines = [runtime()];
  let lastChange = 0;
  for (const path of paths) {
    let stat;
    try { stat = statSync(path); } catch { if (path === join(root, 'tsconfig.json')) continue; return undefined; }
    // The change time too, which no tool sets back (`touch -r` and `touch -d` set a file's modification time, and the
    // change time to now: found by an outsider, an edit of the same size with its old time restored ran stale),
    // and the inode, which a file replaced by another has new; as git's index keeps them.
    lines.push(`${path} ${stat.size} ${stat.mtimeMs} ${stat.ctimeMs} ${stat.ino}`);
    lastChange = Math.max(lastChange, stat.ctimeMs);
  }
  // The folders (see sourceDirs) change when a name in them comes or goes; not counted as a change of a source while
  // a build runs (an editor's swap file would make every build run again).
  for (const dir of sourceDirs(inputs)) {
    let stat;
    try { stat = statSync(join(root, dir)); } catch { return undefined; }
    lines.push(`${join(root, dir)}/ ${stat.mtimeMs} ${stat.ctimeMs} ${stat.ino}`);
  }
  return { files: lines.join('\n'), lastChange };
}

const esbuildPackageJson = (root: string) => require.resolve('esbuild/package.json', { paths: [root] });

function esbuildVersion(root: string): string {
  return (JSON.parse(readFileSync(esbuildPackageJson(root), 'utf8')) as { version: string }).version;
}

/**
 * What the stamp hashes for one input of a bundle: our own files as they are; a package's file as its
 * package's package.json (name and version), so that checking the build before every start reads some 60
 * small files, not the 900 of the packages a register's bundle holds; an `npm install` that changes a
 * package changes its version.
 */
export function stampInput(input: string): string {
  const inPackage = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
  return inPackage ? `${inPackage[1]}/package.json` : input;
}

/** True when dist/ holds a build of exactly the sources now in the checkout. */
export function servicesBuildIsCurrent(root = REPO_ROOT): boolean {
  const stampFile = join(root, DIST_DIR, STAMP);
  if (!existsSync(stampFile)) return false;
  let stamp: Stamp;
  try {
    stamp = JSON.parse(readFileSync(stampFile, 'utf8')) as Stamp;
  } catch {
    return false;
  }
  // Every bundle, the launcher and the snapshot, each as large as the build wrote it (a missing one has no size).
  if (!stamp.outputs || Object.entries(stamp.outputs).some(([file, size]) => sizeOf(join(root, DIST_DIR, file)) !== size)) return false;
  // Every file as it was when the build stamped it: the same sources (a change since has a later change time, as the
  // build saw none change while it ran).
  if (stamp.files !== undefined && filesOf(root, stamp.inputs ?? [])?.files === stamp.files) return true;
  return hashOf(root, stamp.inputs) === stamp.hash;
}

/**
 * Bundles every service's entry with the repository's own modules, a register's also with its packages
 * (but those of {@link EXTERNAL_PACKAGES}), into dist/, and stores the hash of what it read (see
 * {@link stampInput}). Returns the milliseconds it took. Throws where {@link checkExternal} refuses.
 *
 * The bundles are written into a sibling directory (`dist.building-<pid>-<n>`, at dist/'s depth, so that every
 * path relative to a bundle is the same) and put in dist/'s place only when complete, stamp included: a start
 * that runs while another process rebuilds (two `npm start`s, a test's build beside a running system) finds
 * either the whole old build or the whole new one, never a dist/ half removed or half written. Two builds at
 * once each leave a whole build; the later one stays.
 */
export async function buildServices(root = REPO_ROOT): Promise<number> {
  const started = Date.now();
  const esbuild = await import('esbuild');
  const finalRoot = join(root, DIST_DIR);
  removeAbandonedBuilds(finalRoot);
  // A source saved while esbuild read the sources (found by an outsider: a second save during a rebuild) leaves
  // bundles of one version and a stamp of the other, which every later check would call current: the build is made
  // again until no input changed while it ran; after BUILD_ATTEMPTS the stamp says so, and the next start rebuilds.
  for (let attempt = 1; ; attempt++) {
    const outRoot = `${finalRoot}.building-${process.pid}-${++buildsStarted}`;
    let settled: boolean;
    try {
      settled = await buildInto(root, esbuild, outRoot, attempt === BUILD_ATTEMPTS);
    } catch (error) {
      rmSync(outRoot, { recursive: true, force: true });
      throw error;
    }
    if (!settled && attempt < BUILD_ATTEMPTS) {
      rmSync(outRoot, { recursive: true, force: true });
      continue;
    }
    replaceDirectory(finalRoot, outRoot);
    return Date.now() - started;
  }
}

/** How often a build is made while its sources change under it (see {@link buildServices}). */
const BUILD_ATTEMPTS = 3;

/**
 * A change within this many ms before a build began is counted as made while it ran: Linux stamps a change with a
 * clock that may lag the one `Date.now()` reads by a few milliseconds.
 */
const CLOCK_STEP_MS = 20;

/**
 * Removes what builds stopped midway left beside dist/ (`dist.building-<pid>-<n>`, `dist.old-<pid>-<n>`: found by an
 * outsider after Ctrl-C during a rebuild), those of processes that are no longer running.
 */
function removeAbandonedBuilds(finalRoot: string): void {
  const parent = dirname(finalRoot);
  let names: string[];
  try { names = readdirSync(parent); } catch { return; }
  for (const name of names) {
    const match = new RegExp(`^${basename(finalRoot)}\\.(?:building|old)-(\\d+)-\\d+$`).exec(name);
    if (!match || processRuns(Number(match[1]))) continue;
    rmSync(join(parent, name), { recursive: true, force: true });
  }
}

/**
 * The bundles and their stamp, written into `outRoot` (see {@link buildServices}). Returns whether no input changed
 * while they were made; where one did and `last`, the stamp is written so that no check finds it current.
 */
async function buildInto(root: string, esbuild: typeof import('esbuild'), outRoot: string, last: boolean): Promise<boolean> {
  const began = Date.now();
  rmSync(outRoot, { recursive: true, force: true });
  const inputs = new Set<string>();
  // One build per entry: each bundle's own directory is what the rewritten __dirname is relative to.
  await Promise.all([...Object.values(SERVICE_ENTRIES), LAUNCHER_ENTRY].map(async (entry) => {
    const outfile = entry === LAUNCHER_ENTRY ? join(outRoot, LAUNCHER_BUNDLE) : join(outRoot, relative(DIST_DIR, builtEntry(entry)));
    const result = await esbuild.build({
      absWorkingDir: root,
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: `node${process.versions.node.split('.')[0]}`,
      sourcemap: 'linked',
      metafile: true,
      logLevel: 'warning',
      // `await import('pkg')` of a package becomes `require('pkg')` (in a promise): Node's ES-module loader
      // read, scanned for its format (module syntax detection) and linked each such package at every start
      // (issue 11: Prisma's query compiler, a 4.5 MB JavaScript file of base64, alone some 0.1 CPU s per
      // register). Every package imported so (PGlite, its Prisma adapter, pg, Prisma's runtime) ships
      // CommonJS (PGlite and its adapter both as CommonJS now, as both were ES modules: one copy of PGlite).
      supported: { 'dynamic-import': false },
      plugins: [{
        name: 'customer-graph',
        setup(build) {
          // graphql-jit requires fast-json-stringify (with ajv, some 200 files) at its load for an option the
          // registers leave off (`customJSONSerializer`: ../shared/src/graphql/compiled-execution.ts); the bundle
          // gets a stand-in that refuses if it were ever called, instead of parsing them at every start.
          build.onResolve({ filter: /^fast-json-stringify$/ }, (args) => (
            args.importer.includes(`${sep}graphql-jit${sep}`) ? { path: 'fast-json-stringify', namespace: STAND_IN_NAMESPACE } : undefined));
          build.onLoad({ filter: /.*/, namespace: STAND_IN_NAMESPACE }, () => ({
            contents: `module.exports = () => { throw new Error("graphql-jit's customJSONSerializer is off in this build"); };`,
            loader: 'js',
          }));
          // Packages that stay `require`s of node_modules (see externalPackage); the rest is bundled. The
          // launcher's are all left: it loads few, and esbuild only when it builds.
          build.onResolve({ filter: /^[^./]/ }, (args) => {
            if (entry === LAUNCHER_ENTRY) return args.path.startsWith('@cg/') ? undefined : { path: args.path, external: true };
            if (!externalPackage(entry, args.path)) return undefined;
            if (args.path !== 'esbuild' && !builtinModules.includes(args.path.replace(/^node:/, ''))) checkExternal(args.path, args.resolveDir, dirname(outfile));
            return { path: args.path, external: true };
          });
          // A module's __dirname (where it finds schema.graphql, prisma/, the supergraph) is its source
          // folder, not the bundle's: rewritten to the source folder relative to the bundle at run time.
          build.onLoad({ filter: /\.ts$/ }, (args) => {
            const text = readFileSync(args.path, 'utf8');
            if (!/\b__dirname\b/.test(text)) return { contents: text, loader: 'ts' };
            const sourceDir = relative(dirname(outfile), dirname(args.path)).split('\\').join('/');
            return {
              // On the first line, so that the source map's line numbers stay the file's.
              contents: `const __sourceDirname = require('node:path').join(__dirname, ${JSON.stringify(sourceDir)}); ${text.replace(/\b__dirname\b/g, '__sourceDirname')}`,
              loader: 'ts',
            };
          });
        },
      }],
    });
    // A stand-in made here (its namespace's) is no file to stamp: this script, which makes it, is stamped.
    for (const input of Object.keys(result.metafile!.inputs)) if (!input.startsWith(`${STAND_IN_NAMESPACE}:`)) inputs.add(stampInput(input));
  }));
  // After the bundles (the snapshot names the gateway's): a snapshot that cannot be made leaves the gateway to
  // start without one, as on a Node without `--build-snapshot`, and says why.
  try {
    const read = await buildStartupSnapshot(root, outRoot, esbuild, builtEntry(SERVICE_ENTRIES.gateway), SERVICE_NODE_FLAGS.gateway ?? []);
    for (const input of [...read, 'scripts/startup-snapshot.ts']) inputs.add(stampInput(input));
  } catch (error) {
    process.stderr.write(`warning: no startup snapshot for the gateway, which starts without one: ${(error as Error).message}\n`);
  }
  const sorted = [...inputs].sort();
  mkdirSync(outRoot, { recursive: true });
  const written = [...Object.values(SERVICE_ENTRIES).map((entry) => relative(DIST_DIR, builtEntry(entry))), LAUNCHER_BUNDLE, STARTUP_SNAPSHOT_BLOB, STARTUP_SNAPSHOT_RECORD];
  const outputs = Object.fromEntries(written.map((file) => [file.split('\\').join('/'), sizeOf(join(outRoot, file))]).filter(([, size]) => size !== undefined));
  // The files' stats before their contents are read: a change in between leaves a stat that differs (hashed again).
  const files = filesOf(root, sorted);
  const settled = files !== undefined && files.lastChange < began - CLOCK_STEP_MS;
  if (!settled && !last) return false;
  const stamp: Stamp = settled
    ? { hash: hashOf(root, sorted)!, inputs: sorted, outputs, files: files.files }
    : { hash: 'sources changed while the build ran', inputs: sorted, outputs };
  writeFileSync(join(outRoot, STAMP), `${JSON.stringify(stamp, null, 1)}\n`);
  return settled;
}

let buildsStarted = 0;

/**
 * Puts the complete directory `next` in `target`'s place: the old one is renamed aside and removed, so `target`
 * is missing only between two renames. When another build put its own there in that instant, that one is
 * renamed aside in turn (at most a few times). Throws what the file system throws otherwise.
 */
function replaceDirectory(target: string, next: string): void {
  for (let attempt = 0; ; attempt++) {
    const retired = `${target}.old-${process.pid}-${++buildsStarted}`;
    let moved = false;
    try {
      renameSync(target, retired);
      moved = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    try {
      renameSync(next, target);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || attempt >= 3) throw error;
    } finally {
      if (moved) rmSync(retired, { recursive: true, force: true });
    }
  }
}

/** Builds when dist/ is missing or older than any source it was built from; returns whether it built. */
export async function ensureServicesBuilt(root = REPO_ROOT): Promise<boolean> {
  if (servicesBuildIsCurrent(root)) return false;
  await buildServices(root);
  return true;
}

if (require.main === module) {
  (async () => {
    const ms = await buildServices();
    process.stdout.write(`built ${Object.keys(SERVICE_ENTRIES).length} services into ${DIST_DIR}/ in ${ms} ms\n`);
    process.stdout.write(`empty embedded database template: ${await ensureEmptyClusterTemplate()}\n`);
    // After the services: each register's demo database is made by its compiled service (./demo-templates.ts).
    // Only a shortcut for the first start: without it each register migrates and seeds itself, so a failure
    // here is reported, not fatal to the install.
    // Not where demo data is never used (NODE_ENV=production, e.g. the Dockerfiles' install).
    const started = Date.now();
    if (demoDataWanted()) {
      try {
        const made = await (await import('./demo-templates')).ensureDemoTemplates();
        if (made.length) process.stdout.write(`demo databases migrated and seeded for ${made.join(', ')} in ${Date.now() - started} ms\n`);
      } catch (error) {
        process.stderr.write(`warning: no demo databases kept (each register will seed its own at its first start): ${(error as Error).message}\n`);
      }
    }
  })().catch((error) => { process.stderr.write(`build failed: ${(error as Error).message}\n`); process.exit(1); });
}
