// Compiles each service (the four subgraphs and the gateway) once into one JavaScript file under dist/, so
// that `npm start` runs plain `node dist/.../index.js` instead of transpiling and resolving some 120
// TypeScript modules through tsx's hooks at every start (issue 11, cold start: about 0.4 CPU s less per
// service and start). esbuild, the compiler tsx itself runs, so the JavaScript is the same as under tsx.
//
// Only this repository's code is bundled; every package from node_modules stays an ordinary `require`
// (external), so that OpenTelemetry's instrumentations still hook graphql, pg and http when tracing is on,
// and packages that find their own files (PGlite's WASM, Prisma's query compiler) find them as before.
//
// Never stale: `ensureServicesBuilt` (called by scripts/start.ts before every start) compares a hash of the
// content of every source file the last build read (esbuild's metafile) with the one stored beside the
// output, and rebuilds when any differs (about half a second). The tests never use dist/: jest compiles
// the TypeScript sources itself.
//
// `npm run build` also makes the empty PostgreSQL cluster that start.ts copies to each new embedded
// database (shared/src/db/pglite-template.ts), so that the first start after `npm install` runs no initdb,
// and each register's database migrated and seeded with the demo data (./demo-templates.ts), so that it
// migrates and seeds nothing either.
//
//   npm run build     (also run by postinstall; `npm start` rebuilds by itself when a source changed)
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { SUBGRAPHS } from './generate';
import { demoDataWanted, ensureEmptyClusterTemplate } from '../shared/src/db/pglite-template';

const REPO_ROOT = join(__dirname, '..');
/** Where the bundles go: dist/<entry path>.js, e.g. dist/subgraphs/joint/src/index.js, dist/gateway/src/index.js. */
export const DIST_DIR = 'dist';
const STAMP = 'build-inputs.json';

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
 * The compiled file of an entry, relative to the repository: the same path under dist/ with `.js`, so
 * that what reads the entry's path (the tracing's service name, the benchmark's process names) still
 * recognises `subgraphs/<name>/src/index` and `gateway/src/index`.
 */
export const builtEntry = (entry: string) => join(DIST_DIR, entry.replace(/\.ts$/, '.js'));

interface Stamp {
  /** sha256 over this script, esbuild's version and every input file's path and content. */
  hash: string;
  inputs: string[];
}

function hashOf(root: string, inputs: readonly string[]): string | undefined {
  const hash = createHash('sha256');
  hash.update(readFileSync(__filename));
  hash.update(esbuildVersion(root));
  for (const input of inputs) {
    const file = join(root, input);
    if (!existsSync(file)) return undefined;
    hash.update(`\0${input}\0`).update(readFileSync(file));
  }
  return hash.digest('hex');
}

function esbuildVersion(root: string): string {
  return (JSON.parse(readFileSync(require.resolve('esbuild/package.json', { paths: [root] }), 'utf8')) as { version: string }).version;
}

/** True when dist/ holds a build of exactly the sources now in the checkout. */
export function servicesBuildIsCurrent(root = REPO_ROOT): boolean {
  const stampFile = join(root, DIST_DIR, STAMP);
  if (!existsSync(stampFile)) return false;
  const stamp = JSON.parse(readFileSync(stampFile, 'utf8')) as Stamp;
  if (!Object.values(SERVICE_ENTRIES).every((entry) => existsSync(join(root, builtEntry(entry))))) return false;
  return hashOf(root, stamp.inputs) === stamp.hash;
}

/**
 * Bundles every service's entry with the repository's own modules into dist/ (packages from node_modules
 * stay external), and stores the hash of what it read. Returns the milliseconds it took.
 */
export async function buildServices(root = REPO_ROOT): Promise<number> {
  const started = Date.now();
  const esbuild = await import('esbuild');
  const outRoot = join(root, DIST_DIR);
  rmSync(outRoot, { recursive: true, force: true });
  const inputs = new Set<string>();
  // One build per entry: each bundle's own directory is what the rewritten __dirname is relative to.
  await Promise.all(Object.values(SERVICE_ENTRIES).map(async (entry) => {
    const outfile = join(root, builtEntry(entry));
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
          // Packages stay `require`s of node_modules; the workspaces (@cg/shared, ...) are our code, bundled.
          build.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@cg/') ? undefined : { path: args.path, external: true }));
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
    for (const input of Object.keys(result.metafile!.inputs)) inputs.add(input);
  }));
  const sorted = [...inputs].sort();
  mkdirSync(outRoot, { recursive: true });
  const stamp: Stamp = { hash: hashOf(root, sorted)!, inputs: sorted };
  writeFileSync(join(outRoot, STAMP), `${JSON.stringify(stamp, null, 1)}\n`);
  return Date.now() - started;
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
