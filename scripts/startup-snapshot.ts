// The gateway's startup snapshot (issue 11, cold start; BENCHMARKS.md change 45): made by `npm run build` beside
// the bundles (./build.ts), used by `npm start` (./start.ts) wherever it holds what this start would load.
//
// A V8 startup snapshot (`node --build-snapshot`, Node 18.8+) is the heap of a process that has run a script,
// written to a file, from which a new process starts instead of from Node's own. The gateway's is the heap after
// gateway/src/startup-snapshot.ts loaded graphql and Apollo's federation packages (STARTUP_SNAPSHOT_PACKAGES) and
// built the committed supergraph with them; a start from it skips some 0.6 of the gateway's ~1.4 CPU s to ready.
//
// Used only where it is what this start would have built itself; otherwise the gateway starts as before, from its
// bundle alone (`startupSnapshotArgs` says which):
//   - made by this very Node (version, V8 and binary) with the gateway's own V8 flags (Node refuses a snapshot made
//     with other flags: so none when NODE_OPTIONS is set, which could carry some);
//   - every environment variable that the packages read while they loaded (e.g. graphql's NODE_ENV) has the
//     value it had then: unset, as the snapshot is made with no settings (the packages' module-level state was
//     made so);
//   - tracing off: OpenTelemetry instruments graphql as it is first required, which in a snapshot it never is;
//   - CG_STARTUP_SNAPSHOT is not `off`.
// A supergraph other than the one built into the snapshot (another SUPERGRAPH file, a new composition before
// `npm run build`) is simply built at the start: the prebuilt one is handed over only for the same SDL.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type * as Esbuild from 'esbuild';
import { tracingEnabled } from '../shared/src/tracing';
import { onOffSetting } from '../shared/src/settings';

/** The packages in the gateway's snapshot: those whose loading and whose work at the start cost most. */
export const STARTUP_SNAPSHOT_PACKAGES: readonly string[] = ['graphql', '@apollo/federation-internals', '@apollo/query-graphs', '@apollo/query-planner'];

/** Packages in the snapshot whose every file is loaded, not only those their entry reaches: code elsewhere requires their files by path (graphql/execution/values.js). */
const WHOLE_PACKAGES: readonly string[] = ['graphql'];

/** The snapshot's files in dist/ (relative to it), and where the gateway's bundle is. */
export const STARTUP_SNAPSHOT_BLOB = join('gateway', 'startup-snapshot.blob');
/** What the snapshot was made with (Node, V8, the binary, flags, the environment read): see {@link startupSnapshotArgs}. */
export const STARTUP_SNAPSHOT_RECORD = join('gateway', 'startup-snapshot.json');
const SNAPSHOT_SCRIPT = join('gateway', 'startup-snapshot.js');
const SNAPSHOT_ENTRY = join('gateway', 'src', 'startup-snapshot.ts');
const SUPERGRAPH = join('schema', 'supergraph.graphql');

/** What is kept beside the snapshot: what it was made with. */
export interface SnapshotRecord {
  node: string;
  v8: string;
  /** The node binary that made it (its size and modification time): another build of the same version may differ. */
  binary: { size: number; mtimeMs: number };
  flags: string[];
  /** Each environment variable the packages read while they loaded, with its value then (null: unset). */
  environmentRead: Record<string, string | null>;
}

/**
 * The package files the snapshot loads, relative to `root`: every file of STARTUP_SNAPSHOT_PACKAGES that their
 * entries reach (with the packages those require), and every `.js` file of WHOLE_PACKAGES.
 */
async function snapshotFiles(root: string, esbuild: typeof Esbuild): Promise<string[]> {
  const probe = await esbuild.build({
    absWorkingDir: root,
    stdin: { contents: STARTUP_SNAPSHOT_PACKAGES.map((name) => `require(${JSON.stringify(name)});`).join('\n'), resolveDir: root, loader: 'js' },
    bundle: true, platform: 'node', format: 'cjs', write: false, metafile: true, logLevel: 'warning',
  });
  const files = new Set(Object.keys(probe.metafile!.inputs).filter((input) => input.includes('node_modules/')));
  for (const name of WHOLE_PACKAGES) {
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory() && entry.name !== 'node_modules') walk(path);
        else if (entry.isFile() && entry.name.endsWith('.js')) files.add(relative(root, path).split('\\').join('/'));
      }
    };
    walk(join(root, 'node_modules', name));
  }
  return [...files].sort();
}

/**
 * Makes the gateway's startup snapshot in `outRoot` (a dist/ being built): bundles gateway/src/startup-snapshot.ts
 * with the package files, runs it under `node --build-snapshot` with `flags` (the gateway's), and keeps the record.
 * Returns the files it read, for the build's stamp. Throws, naming the step, where a step fails.
 */
export async function buildStartupSnapshot(root: string, outRoot: string, esbuild: typeof Esbuild, entry: string, flags: readonly string[]): Promise<string[]> {
  const files = await snapshotFiles(root, esbuild);
  const script = join(outRoot, SNAPSHOT_SCRIPT);
  const contents = `module.exports = { files: {\n${files.map((file) => `  ${JSON.stringify(file)}: () => require(${JSON.stringify(join(root, file))}),`).join('\n')}\n}, entry: ${JSON.stringify(entry.split('\\').join('/'))}, supergraphFile: ${JSON.stringify(join(root, SUPERGRAPH))} };\n`;
  const bundled = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [SNAPSHOT_ENTRY],
    outfile: script,
    // Not CommonJS: the snapshot builder runs the script with `require` but no `module`.
    bundle: true, platform: 'node', format: 'iife', target: `node${process.versions.node.split('.')[0]}`,
    metafile: true, logLevel: 'warning',
    plugins: [{
      name: 'startup-snapshot-contents',
      setup(build) {
        build.onResolve({ filter: /^customer-graph:startup-snapshot$/ }, () => ({ path: 'contents', namespace: 'startup-snapshot' }));
        build.onLoad({ filter: /.*/, namespace: 'startup-snapshot' }, () => ({ contents, resolveDir: root, loader: 'js' }));
      },
    }],
  });
  const blob = join(outRoot, STARTUP_SNAPSHOT_BLOB);
  // In an environment of no settings, so that the snapshot is the same whoever builds it (npm install, a start
  // after a change, a test runner with NODE_ENV=test): what the packages read is then unset in the record.
  const env = { PATH: process.env.PATH ?? '' };
  const made = spawnSync(process.execPath, [...flags, '--snapshot-blob', blob, '--build-snapshot', script], { cwd: root, env, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const line = made.stdout?.split('\n').find((text) => text.startsWith('{"environmentRead"'));
  if (made.status !== 0 || !line || !existsSync(blob)) {
    throw new Error(`node --build-snapshot ${SNAPSHOT_SCRIPT} failed (${made.error?.message ?? `exit ${made.status}`}): ${(made.stderr ?? '').trim().split('\n').slice(-3).join(' / ')}`);
  }
  const record: SnapshotRecord = { node: process.version, v8: process.versions.v8, binary: nodeBinary(), flags: [...flags], ...JSON.parse(line) as Pick<SnapshotRecord, 'environmentRead'> };
  writeFileSync(join(outRoot, STARTUP_SNAPSHOT_RECORD), `${JSON.stringify(record, null, 1)}\n`);
  return [...Object.keys(bundled.metafile!.inputs).filter((input) => !input.startsWith('startup-snapshot:')), ...files, SUPERGRAPH];
}

/** The running node binary's size and modification time (Node refuses a snapshot made by another build of itself). */
export function nodeBinary(): SnapshotRecord['binary'] {
  const { size, mtimeMs } = statSync(process.execPath);
  return { size, mtimeMs };
}

/** What the snapshot in `distDir` was made with; undefined where there is none or it cannot be read. */
export function snapshotRecord(distDir: string): SnapshotRecord | undefined {
  try {
    return JSON.parse(readFileSync(join(distDir, STARTUP_SNAPSHOT_RECORD), 'utf8')) as SnapshotRecord;
  } catch {
    return undefined;
  }
}

/**
 * The environment variables a start must leave as the snapshot in `distDir` was made with (its packages read them
 * as they loaded), with those values: `undefined` for unset, as `spawn`'s `env` takes it.
 */
export function snapshotEnvironment(distDir: string): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(snapshotRecord(distDir)?.environmentRead ?? {}).map(([name, value]) => [name, value ?? undefined]));
}

/**
 * Node's arguments that start the gateway from its snapshot in `distDir`: `['--snapshot-blob', <blob>]` where the
 * snapshot is usable for a start with `env` and `flags` (see the top of this file), else `[]`. Throws where
 * CG_STARTUP_SNAPSHOT is neither on nor off (./start.ts checks it before anything starts).
 */
export function startupSnapshotArgs(distDir: string, env: NodeJS.ProcessEnv, flags: readonly string[]): string[] {
  if (!onOffSetting(env, 'CG_STARTUP_SNAPSHOT', true) || env.NODE_OPTIONS?.trim() || tracingEnabled(env)) return [];
  const blob = join(distDir, STARTUP_SNAPSHOT_BLOB);
  const record = snapshotRecord(distDir);
  if (!existsSync(blob) || !record) return [];
  const binary = nodeBinary();
  if (record.node !== process.version || record.v8 !== process.versions.v8) return [];
  if (record.binary?.size !== binary.size || record.binary.mtimeMs !== binary.mtimeMs) return [];
  if (record.flags?.length !== flags.length || record.flags.some((flag, i) => flag !== flags[i])) return [];
  // An empty value is unset, as for every setting.
  if (Object.entries(record.environmentRead ?? {}).some(([name, value]) => (env[name] || null) !== value)) return [];
  return ['--snapshot-blob', blob];
}
