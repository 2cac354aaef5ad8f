// Issue 11, cold start: the gateway's startup snapshot (scripts/startup-snapshot.ts, gateway/src/startup-snapshot.ts)
// must change nothing but how fast the gateway starts:
//   - a gateway restored from it answers exactly what a gateway started without it answers;
//   - the prebuilt supergraph is handed over once, for the very SDL it was built from, and nothing else;
//   - it is used only where it holds what this start would load (its Node, its flags, the environment its
//     packages read, tracing off, not turned off).
import { execFileSync, spawn, ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Supergraph, Schema } from '@apollo/federation-internals';
import { QueryPlanner } from '@apollo/query-planner';
import { parse } from 'graphql';
import { builtEntry, DIST_DIR, ensureServicesBuilt, SERVICE_ENTRIES, SERVICE_NODE_FLAGS } from '../scripts/build';
import { nodeBinary, snapshotEnvironment, STARTUP_SNAPSHOT_BLOB, SnapshotRecord, startupSnapshotArgs } from '../scripts/startup-snapshot';
import { installPrebuiltSupergraph, SupergraphPackages } from '../gateway/src/prebuilt-supergraph';
import { recordingEnvironmentReads, repositoryOf } from '../gateway/src/snapshot-modules';
import { benchTokens, caseloadScenario, fullViewScenario } from '../scripts/bench/scenarios';
import { commandLine } from '../scripts/bench/cpu';
import { authConfigFromEnv } from '../shared/src/auth/tokens';
import { REPO_ROOT } from '../shared/src/subgraphs';
import { startSystem, System, tokenFor } from './support/system';
import { freePort, waitFor } from './support/processes';

const scratch: string[] = [];
const tempDir = (prefix: string) => { const dir = mkdtempSync(join(tmpdir(), prefix)); scratch.push(dir); return dir; };
afterAll(() => { for (const dir of scratch) rmSync(dir, { recursive: true, force: true }); });

const SUPERGRAPH_SDL = readFileSync(join(REPO_ROOT, 'schema', 'supergraph.graphql'), 'utf8');

describe('the prebuilt supergraph (gateway/src/prebuilt-supergraph.ts)', () => {
  // The packages' own module objects, as the snapshot holds them; the wrappers are undone after each test.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const queryPlannerBuild = require('@apollo/query-planner/dist/buildPlan') as SupergraphPackages['queryPlannerBuild'];
  const packages = { federationInternals: { Supergraph, Schema }, queryPlannerBuild } as unknown as SupergraphPackages;
  const originals = { build: Supergraph.build, planner: queryPlannerBuild.QueryPlanner, toGraphQLJSSchema: Schema.prototype.toGraphQLJSSchema };
  afterEach(() => {
    Supergraph.build = originals.build;
    queryPlannerBuild.QueryPlanner = originals.planner;
    Schema.prototype.toGraphQLJSSchema = originals.toGraphQLJSSchema;
  });

  // One prebuilt and one built at the start, compared (each supergraph with its planner holds some 100 MB: the
  // test keeps to two, as a jest worker runs other suites after this one).
  it('is handed over once for the SDL it was built from, and plans as one built at the start does; anything else builds anew', () => {
    const prebuilt = installPrebuiltSupergraph(packages, SUPERGRAPH_SDL);
    const first = Supergraph.build(SUPERGRAPH_SDL, { validateSupergraph: true });
    expect(first).toBe(prebuilt.supergraph);
    const fresh = Supergraph.build(SUPERGRAPH_SDL);
    expect(fresh).not.toBe(prebuilt.supergraph);
    expect(fresh.schema.toString()).toBe(first.schema.toString());

    // As @apollo/gateway asks for them: the graphql-js schemas once each, then built again.
    const apiJs = first.apiSchema().toGraphQLJSSchema();
    expect(first.apiSchema().toGraphQLJSSchema()).not.toBe(apiJs);
    expect(first.schema.toGraphQLJSSchema()).not.toBe(first.schema.toGraphQLJSSchema());
    expect(Schema.prototype.toGraphQLJSSchema).toBe(originals.toGraphQLJSSchema);

    const planner = new QueryPlanner(first as never);
    expect(planner).toBe(prebuilt.queryPlanner);
    expect(planner).toBeInstanceOf(QueryPlanner);
    // Asked again, or for another supergraph: a planner of its own.
    const freshPlanner = new QueryPlanner(fresh as never);
    expect(freshPlanner).not.toBe(planner);
    expect(freshPlanner).toBeInstanceOf(QueryPlanner);

    const operation = `query { caseload(first: 3) { totalCount edges { node { lastName employmentPlan { goal } } } } }`;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { operationFromDocument } = require('@apollo/federation-internals') as typeof import('@apollo/federation-internals');
    const plan = (supergraph: Supergraph, built: QueryPlanner) => JSON.stringify(built.buildQueryPlan(operationFromDocument(supergraph.schema, parse(operation))));
    expect(plan(first, planner)).toBe(plan(fresh, freshPlanner));
  });

  it('hands the planner over only without a configuration of its own, and only once', () => {
    const planners: unknown[] = [];
    // The original constructor is not run here: only whether the prebuilt one is handed over.
    queryPlannerBuild.QueryPlanner = function Stand(this: unknown, ...args: unknown[]) { planners.push(args); } as never;
    const supergraph = { schema: { toGraphQLJSSchema: () => ({}) }, apiSchema: () => ({ toGraphQLJSSchema: () => ({}) }) };
    const stub = { federationInternals: { Supergraph: { build: () => supergraph }, Schema: { prototype: { toGraphQLJSSchema: () => ({}) } } }, queryPlannerBuild } as unknown as SupergraphPackages;
    const prebuilt = installPrebuiltSupergraph(stub, 'type Query { x: Int }');
    expect(planners).toHaveLength(1); // the prebuilt one
    const Wrapped = queryPlannerBuild.QueryPlanner;
    expect(new Wrapped(supergraph as never, { cache: true } as never)).not.toBe(prebuilt.queryPlanner);
    expect(new Wrapped(supergraph as never)).toBe(prebuilt.queryPlanner);
    expect(new Wrapped(supergraph as never)).not.toBe(prebuilt.queryPlanner);
    expect(planners).toHaveLength(3);
  });

  it('is not made from an invalid supergraph', () => {
    expect(() => installPrebuiltSupergraph(packages, 'type Query { x: Int }')).toThrow();
    expect(Supergraph.build).toBe(originals.build);
  });
});

describe("the snapshot's modules (gateway/src/snapshot-modules.ts)", () => {
  it('records each environment variable read, by name, `in` or descriptor, with its value then; process.env is back after', () => {
    process.env.CG_SNAPSHOT_PROBE = 'x';
    try {
      const real = process.env;
      const { result, read } = recordingEnvironmentReads(() => [process.env.CG_SNAPSHOT_PROBE, 'CG_SNAPSHOT_UNSET' in process.env, Object.getOwnPropertyDescriptor(process.env, 'CG_SNAPSHOT_OTHER')]);
      expect(result).toEqual(['x', false, undefined]);
      expect(read).toEqual({ CG_SNAPSHOT_PROBE: 'x', CG_SNAPSHOT_UNSET: null, CG_SNAPSHOT_OTHER: null });
      expect(process.env).toBe(real);
      expect(() => recordingEnvironmentReads(() => { throw new Error('boom'); })).toThrow('boom');
      expect(process.env).toBe(real);
    } finally {
      delete process.env.CG_SNAPSHOT_PROBE;
    }
  });

  it("puts loaded packages into Node's module cache under this checkout's paths, marked, leaving what is there", () => {
    const root = tempDir('cg-snapshot-modules-');
    mkdirSync(join(root, 'node_modules', 'probe-package'), { recursive: true });
    writeFileSync(join(root, 'node_modules', 'probe-package', 'index.js'), 'module.exports = { from: "disk" };');
    writeFileSync(join(root, 'node_modules', 'probe-package', 'taken.js'), 'module.exports = { from: "disk" };');
    // A package linked into node_modules (as workspaces and some package managers do): cached under its real path.
    const elsewhere = tempDir('cg-snapshot-linked-');
    writeFileSync(join(elsewhere, 'index.js'), 'module.exports = { from: "disk" };');
    symlinkSync(elsewhere, join(root, 'node_modules', 'linked-package'));
    // In a process of its own: jest's `require` and `module` are its own, not Node's module cache.
    const script = `
      const { registerModules, FROM_STARTUP_SNAPSHOT } = require(${JSON.stringify(join(REPO_ROOT, 'gateway', 'src', 'snapshot-modules.ts'))});
      const { createRequire } = require('node:module');
      const nodeRequire = createRequire(${JSON.stringify(join(root, 'probe.js'))});
      const taken = nodeRequire('probe-package/taken.js');
      const fromSnapshot = { from: 'snapshot' };
      const linked = { from: 'snapshot' };
      registerModules({ 'node_modules/probe-package/index.js': fromSnapshot, 'node_modules/probe-package/taken.js': { from: 'snapshot' }, 'node_modules/linked-package/index.js': linked, 'node_modules/missing/index.js': {} }, ${JSON.stringify(root)});
      const index = nodeRequire.resolve('probe-package');
      console.log(JSON.stringify({ same: nodeRequire('probe-package') === fromSnapshot, marked: nodeRequire.cache[index][FROM_STARTUP_SNAPSHOT] === true, loaded: nodeRequire.cache[index].loaded, takenKept: nodeRequire('probe-package/taken.js') === taken, linked: nodeRequire('linked-package') === linked }));`;
    const printed = execFileSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(JSON.parse(printed.trim().split('\n').pop()!)).toEqual({ same: true, marked: true, loaded: true, takenKept: true, linked: true });
    expect(repositoryOf(join(root, 'dist', 'gateway', 'src', 'index.js'), 'dist/gateway/src/index.js')).toBe(root);
    expect(repositoryOf(join(root, 'elsewhere.js'), 'dist/gateway/src/index.js')).toBeUndefined();
  });
});

describe('whether npm start uses the snapshot (startupSnapshotArgs)', () => {
  const flags = ['--max-semi-space-size=8'];
  function distWith(record: Partial<SnapshotRecord> | string, blob = true): string {
    const dist = tempDir('cg-snapshot-dist-');
    mkdirSync(join(dist, 'gateway'));
    if (blob) writeFileSync(join(dist, STARTUP_SNAPSHOT_BLOB), 'blob');
    const full: SnapshotRecord = { node: process.version, v8: process.versions.v8, binary: nodeBinary(), flags, environmentRead: { NODE_ENV: null, FORCE_COLOR: null }, ...typeof record === 'string' ? {} : record };
    writeFileSync(join(dist, 'gateway', 'startup-snapshot.json'), typeof record === 'string' ? record : JSON.stringify(full));
    return dist;
  }
  const env = { PATH: process.env.PATH };

  it('uses it where it was made by this Node with these flags and the same environment its packages read', () => {
    const dist = distWith({});
    expect(startupSnapshotArgs(dist, env, flags)).toEqual(['--snapshot-blob', join(dist, STARTUP_SNAPSHOT_BLOB)]);
    // What the packages did not read may differ.
    expect(startupSnapshotArgs(dist, { ...env, LOG_LEVEL: 'debug', GATEWAY_PORT: '5000' }, flags)).toHaveLength(2);
  });

  it('does not where anything differs, is missing, or tracing or the setting says no', () => {
    const dist = distWith({});
    expect(startupSnapshotArgs(dist, { ...env, NODE_ENV: 'production' }, flags)).toEqual([]);
    expect(startupSnapshotArgs(dist, { ...env, FORCE_COLOR: '1' }, flags)).toEqual([]);
    expect(startupSnapshotArgs(dist, { ...env, NODE_OPTIONS: '--max-old-space-size=300' }, flags)).toEqual([]);
    expect(startupSnapshotArgs(dist, { ...env, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }, flags)).toEqual([]);
    expect(startupSnapshotArgs(dist, { ...env, CG_STARTUP_SNAPSHOT: 'off' }, flags)).toEqual([]);
    expect(startupSnapshotArgs(dist, env, [])).toEqual([]);
    expect(startupSnapshotArgs(distWith({ node: 'v18.0.0' }), env, flags)).toEqual([]);
    expect(startupSnapshotArgs(distWith({ v8: '10.2' }), env, flags)).toEqual([]);
    // Another build of the same Node (a reinstall): Node would refuse the snapshot and stop the gateway.
    expect(startupSnapshotArgs(distWith({ binary: { ...nodeBinary(), size: nodeBinary().size + 1 } }), env, flags)).toEqual([]);
    expect(startupSnapshotArgs(distWith({ binary: undefined }), env, flags)).toEqual([]);
    expect(startupSnapshotArgs(distWith({}, false), env, flags)).toEqual([]);
    expect(startupSnapshotArgs(distWith('{ not json'), env, flags)).toEqual([]);
  });
});

describe('a gateway started from the snapshot', () => {
  let system: System;
  const gateways: ChildProcess[] = [];
  beforeAll(async () => {
    await ensureServicesBuilt();
    system = await startSystem({ gateway: false });
  });
  afterAll(async () => {
    for (const child of gateways) child.kill('SIGTERM');
    await system?.stop();
  });

  async function compiledGateway(withSnapshot: boolean): Promise<{ url: string; pid: number }> {
    const port = await freePort();
    // The settings the snapshot's packages read as the snapshot had them (unset: jest sets NODE_ENV=test).
    const env: NodeJS.ProcessEnv = {
      // And no NODE_OPTIONS, under which npm start would not use it (a runner may set some).
      ...process.env, ...snapshotEnvironment(join(REPO_ROOT, DIST_DIR)), NODE_OPTIONS: undefined, GATEWAY_PORT: String(port), LOG_LEVEL: 'warn', AUTH_DEV_KEYS_DIR: authConfigFromEnv().devKeysDir,
      ...Object.fromEntries(Object.entries(system.subgraphs).map(([name, running]) => [`${name.toUpperCase()}_URL`, running.listening.url])),
    };
    const flags = SERVICE_NODE_FLAGS.gateway ?? [];
    const snapshot = withSnapshot ? startupSnapshotArgs(join(REPO_ROOT, DIST_DIR), env, flags) : [];
    if (withSnapshot) expect(snapshot).toEqual(['--snapshot-blob', join(REPO_ROOT, DIST_DIR, STARTUP_SNAPSHOT_BLOB)]);
    const child = spawn(process.execPath, [...snapshot, ...flags, builtEntry(SERVICE_ENTRIES.gateway)], { cwd: REPO_ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
    gateways.push(child);
    await waitFor(`http://127.0.0.1:${port}/health/live`, 'gateway');
    return { url: `http://127.0.0.1:${port}/graphql`, pid: child.pid! };
  }

  it('answers what one started without it answers: reads, refusals, errors and the schema', async () => {
    const [restored, plain] = [await compiledGateway(true), await compiledGateway(false)];
    expect(commandLine(restored.pid)).toContain('--snapshot-blob');
    expect(commandLine(plain.pid)).not.toContain('--snapshot-blob');
    const [official] = await benchTokens(1);
    const employer = await tokenFor('employer');
    const fullView = JSON.parse(fullViewScenario().body) as { query: string; variables: unknown };
    const asks: [string, string][] = [
      [official, caseloadScenario(20).body],
      [official, JSON.stringify(fullView)],
      [employer, JSON.stringify(fullView)],
      [official, JSON.stringify({ query: '{ caseload(first: 2) { edges { node { noSuchField } } } }' })],
      [official, JSON.stringify({ query: '{ __schema { types { name fields { name description } } } }' })],
    ];
    for (const [token, body] of asks) {
      const answers = await Promise.all([restored, plain].map(({ url }) => fetch(url, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body,
      }).then(async (response) => ({ status: response.status, json: await response.json() as { data?: unknown; errors?: unknown[] } }))));
      expect(answers[0]).toEqual(answers[1]);
    }
  }, 300_000);
});
