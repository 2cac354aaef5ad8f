// The gateway's startup snapshot (issue 11, cold start; BENCHMARKS.md change 45): the entry of
// `node --build-snapshot`, which scripts/startup-snapshot.ts runs at `npm run build`, and of every `npm start` of
// the gateway restored from that snapshot (`node --snapshot-blob <blob> dist/gateway/src/index.js`).
//
// In the snapshot: the packages that cost the gateway most to load and to run at its start (graphql, Apollo's
// federation internals, query graphs and query planner: what scripts/startup-snapshot.ts lists, bundled into this
// file) loaded, and the committed supergraph built with them (./prebuilt-supergraph.ts). Never the gateway's own
// code, which reads its settings and opens its log and sockets as it loads: that runs at the start, from its
// bundle, as without a snapshot. What the packages read of the environment while they loaded is written out
// with the snapshot, and a start whose environment differs there runs without it (scripts/startup-snapshot.ts).
//
// At the start (`restore`): each loaded package file goes into Node's module cache under the path it has in this
// checkout, so that the gateway's bundle, and @apollo/gateway that it requires, get these very modules from
// `require`, then the bundle runs as the main module.
import { resolve } from 'node:path';
import { startupSnapshot } from 'node:v8';
import { installPrebuiltSupergraph, SupergraphPackages } from './prebuilt-supergraph';
import { recordingEnvironmentReads, registerModules, repositoryOf } from './snapshot-modules';

/** What scripts/startup-snapshot.ts generates for the bundle (the module `customer-graph:startup-snapshot`). */
export interface SnapshotContents {
  /** Each package file to load: its path relative to the repository, and a function that loads it. */
  files: Record<string, () => unknown>;
  /** The gateway's bundle, relative to the repository (dist/gateway/src/index.js). */
  entry: string;
  /** The supergraph to build, an absolute path at build time (schema/supergraph.graphql). */
  supergraphFile: string;
}

/** The loaded file whose path ends in node_modules/`file` (the package at the top of node_modules: the shortest path). */
const loadedFile = (modules: Record<string, unknown>, file: string) => modules[Object.keys(modules)
  .filter((path) => path.endsWith(`node_modules/${file}`)).sort((a, b) => a.length - b.length)[0]];

if (startupSnapshot?.isBuildingSnapshot()) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const contents = require('customer-graph:startup-snapshot') as SnapshotContents;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { readFileSync } = require('node:fs') as typeof import('node:fs');
  const { result: loaded, read } = recordingEnvironmentReads(() => {
    const modules: Record<string, unknown> = {};
    for (const [path, load] of Object.entries(contents.files)) modules[path] = load();
    const packages = {
      federationInternals: loadedFile(modules, '@apollo/federation-internals/dist/index.js'),
      queryPlannerBuild: loadedFile(modules, '@apollo/query-planner/dist/buildPlan.js'),
    } as SupergraphPackages;
    installPrebuiltSupergraph(packages, readFileSync(contents.supergraphFile, 'utf8'));
    return modules;
  });
  // For scripts/startup-snapshot.ts, which keeps it beside the snapshot.
  process.stdout.write(`${JSON.stringify({ environmentRead: read })}\n`);

  startupSnapshot.setDeserializeMainFunction(() => {
    const entryPath = resolve(process.argv[1] ?? '');
    const root = repositoryOf(entryPath, contents.entry);
    if (!root) throw new Error(`the gateway's startup snapshot runs ${contents.entry}, not ${process.argv[1] ?? 'nothing'}`);
    registerModules(loaded, root);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require('node:module') as { runMain(main?: string): void }).runMain(entryPath);
  });
}
