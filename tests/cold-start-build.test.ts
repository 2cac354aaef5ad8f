// Issue 11, cold start: what `npm start` does to start faster must not change what runs or what is stored.
//   - the services run compiled (scripts/build.ts, dist/), and never from a build older than the sources;
//   - the empty PostgreSQL cluster is made once and kept (shared/src/db/pglite-template.ts), and each
//     register's demo database too, used only while current (scripts/demo-templates.ts);
//   - the demo seeds insert through one JSON statement per chunk (shared/src/demo/insert.ts): every register
//     stores exactly the rows Prisma's createMany stored.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServices, builtEntry, ensureServicesBuilt, checkExternal, EXTERNAL_PACKAGES, externalPackage, GATEWAY_BUNDLED_PACKAGES, SERVICE_ENTRIES, servicesBuildIsCurrent, stampInput } from '../scripts/build';
import { accepts, startSystem } from '../scripts/system-process';
import { snapshotEnvironment, STARTUP_SNAPSHOT_BLOB } from '../scripts/startup-snapshot';
import { childPids, commandLine } from '../scripts/bench/cpu';
import { checkFixedPorts } from '../shared/src/launcher';
import { benchTokens, caseloadScenario } from '../scripts/bench/scenarios';
import { demoDataWanted, embeddedDataDir, ensureEmptyClusterTemplate, provideEmbeddedDatabases } from '../shared/src/db/pglite-template';
import { currentDemoTemplates, ensureDemoTemplates } from '../scripts/demo-templates';
import { SUBGRAPHS as STARTED_SUBGRAPHS } from '../scripts/generate';
import { applyWasmTieringBudget, DEFAULT_WASM_TIERING_BUDGET, openDatabase, pgliteSharedBuffers } from '../shared/src/db/database';
import { ensureDevKeys } from '../shared/src/auth/config';
import { authConfigFromEnv, createTokenVerifier, signDevToken } from '../shared/src/auth/tokens';
import { createLogger } from '../shared/src/log';
import { REPO_ROOT } from '../shared/src/subgraphs';
import { subgraphModule } from './support/system';

/** The environment a running process was started with (Linux: /proc). */
const environmentOf = (pid: number): Record<string, string> => Object.fromEntries(readFileSync(`/proc/${pid}/environ`, 'utf8')
  .split('\0').filter(Boolean).map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]));

const scratch: string[] = [];
const tempDir = (prefix: string) => { const dir = mkdtempSync(join(tmpdir(), prefix)); scratch.push(dir); return dir; };
afterAll(() => { for (const dir of scratch) rmSync(dir, { recursive: true, force: true }); });

/**
 * A copy of the checkout without node_modules and dist/ (node_modules shared by a link), so that a source or a
 * migration can change without touching ours. Its workspace packages (@cg/shared) resolve to ours through the link.
 */
function copyOfCheckout(prefix: string): string {
  const root = tempDir(prefix);
  for (const part of ['package.json', 'tsconfig.json', 'scripts', 'shared', 'subgraphs', 'gateway', 'schema']) {
    cpSync(join(REPO_ROOT, part), join(root, part), { recursive: true, filter: (source) => !/[\\/](node_modules|dist)([\\/]|$)/.test(source) });
  }
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'));
  return root;
}

describe('the compiled services (scripts/build.ts)', () => {
  it('are rebuilt as soon as a source they were built from changes, and only then', async () => {
    const root = copyOfCheckout('cg-build-');

    expect(servicesBuildIsCurrent(root)).toBe(false); // never built
    await buildServices(root);
    expect(servicesBuildIsCurrent(root)).toBe(true);
    for (const entry of Object.values(SERVICE_ENTRIES)) expect(existsSync(join(root, builtEntry(entry)))).toBe(true);
    expect(await ensureServicesBuilt(root)).toBe(false);

    // tsconfig.json's compiler options are read by esbuild too (found by an outsider, session 24).
    appendFileSync(join(root, 'tsconfig.json'), '\n');
    expect(servicesBuildIsCurrent(root)).toBe(false);
    expect(await ensureServicesBuilt(root)).toBe(true);

    const source = join(root, 'subgraphs', 'kela', 'src', 'module.ts');
    appendFileSync(source, '\n// changed\n');
    expect(servicesBuildIsCurrent(root)).toBe(false);
    const before = statSync(join(root, builtEntry(SERVICE_ENTRIES.kela))).mtimeMs;
    expect(await ensureServicesBuilt(root)).toBe(true);
    expect(statSync(join(root, builtEntry(SERVICE_ENTRIES.kela))).mtimeMs).toBeGreaterThanOrEqual(before);
    expect(servicesBuildIsCurrent(root)).toBe(true);

    // A module's __dirname is its source folder (where it reads schema.graphql and its migrations).
    expect(readFileSync(join(root, builtEntry(SERVICE_ENTRIES.kela)), 'utf8')).toMatch(/join\(__dirname, "\.\.\/\.\.\/\.\.\/\.\.\/subgraphs\/kela\/src"\)/);
    // Packages imported at run time are required (CommonJS), not loaded through Node's ES-module loader.
    const bundle = readFileSync(join(root, builtEntry(SERVICE_ENTRIES.kela)), 'utf8');
    expect(bundle).toMatch(/require\("@electric-sql\/pglite"\)/);
    expect(bundle).not.toMatch(/\bimport\("/);

    // A register's bundle holds its packages (esbuild marks each bundled file with a comment of its path,
    // `// node_modules/...`; here through the copy's link to ours), and requires only the packages left out on
    // purpose, or Node's own modules. graphql is one of those: one copy for all, and what OpenTelemetry's
    // graphql instrumentation patches when required.
    const required = (text: string) => new Set([...text.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]).filter((name) => !name.startsWith('.')));
    const builtins = new Set(require('node:module').builtinModules as string[]);
    expect(bundle).toMatch(/^\/\/ .*node_modules\/@apollo\/server\//m);
    expect(bundle).not.toMatch(/^\/\/ .*node_modules\/graphql\//m);
    expect(required(bundle)).toContain('graphql');
    for (const name of required(bundle)) {
      const builtin = name.startsWith('node:') || builtins.has(name);
      expect({ name, allowed: builtin || externalPackage(SERVICE_ENTRIES.kela, name) }).toEqual({ name, allowed: true });
      if (!builtin) expect({ name, listed: EXTERNAL_PACKAGES.some((listed) => name.startsWith(listed)) }).toEqual({ name, listed: true });
    }
    // The gateway's keeps every package a require of node_modules but jose (GATEWAY_BUNDLED_PACKAGES).
    const gateway = readFileSync(join(root, builtEntry(SERVICE_ENTRIES.gateway)), 'utf8');
    const bundledInGateway = new Set([...gateway.matchAll(/^\/\/ .*node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)].map((m) => m[1]));
    expect([...bundledInGateway]).toEqual([...GATEWAY_BUNDLED_PACKAGES]);
    expect(required(gateway)).toContain('@apollo/gateway');
    expect(required(gateway)).not.toContain('jose');
    // Why: bundled, @apollo/gateway's code would require the top-level copy of a package it has its own of.
    const gatewayDir = join(REPO_ROOT, 'node_modules', '@apollo', 'gateway', 'dist');
    expect(() => checkExternal('@opentelemetry/resources', gatewayDir, join(root, 'dist', 'gateway', 'src'))).toThrow(/another copy/);
    expect(() => checkExternal('graphql', gatewayDir, join(root, 'dist', 'gateway', 'src'))).not.toThrow();
    // The stamp names a bundled package by its package.json (its version), not by each of its files.
    const stamp = JSON.parse(readFileSync(join(root, 'dist', 'build-inputs.json'), 'utf8')) as { inputs: string[] };
    expect(stamp.inputs.filter((input) => input.endsWith('node_modules/@apollo/server/package.json'))).toHaveLength(1);
    expect(stamp.inputs.filter((input) => input.includes('node_modules/') && !input.endsWith('/package.json'))).toEqual([]);
    expect(stampInput('node_modules/a/node_modules/@s/b/dist/x.js')).toBe('node_modules/a/node_modules/@s/b/package.json');
    expect(stampInput('shared/src/log.ts')).toBe('shared/src/log.ts');
    // The gateway's startup snapshot is made with the build, holding the committed supergraph built: a changed
    // supergraph, or the launcher's source, is a changed build.
    expect(existsSync(join(root, 'dist', STARTUP_SNAPSHOT_BLOB))).toBe(true);
    expect(stamp.inputs).toEqual(expect.arrayContaining(['schema/supergraph.graphql', 'gateway/src/startup-snapshot.ts', 'scripts/start.ts']));

    // A file a start runs, damaged since the build (found by an outsider: an emptied bundle ran, a truncated
    // snapshot crashed the gateway), is a build to make again.
    for (const file of [builtEntry(SERVICE_ENTRIES.kela), join('dist', 'start.js'), join('dist', STARTUP_SNAPSHOT_BLOB)]) {
      expect(servicesBuildIsCurrent(root)).toBe(true);
      truncateSync(join(root, file), Math.floor(statSync(join(root, file)).size / 2));
      expect({ file, current: servicesBuildIsCurrent(root) }).toEqual({ file, current: false });
      expect(await ensureServicesBuilt(root)).toBe(true);
    }
    expect(servicesBuildIsCurrent(root)).toBe(true);
  }, 240_000);

  it('are found current by their files\' stats where those are as the build saw them, by their contents where not', async () => {
    const root = copyOfCheckout('cg-build-stats-');
    const source = join(root, 'subgraphs', 'kela', 'src', 'seed.ts');
    const text = readFileSync(source, 'utf8');
    await buildServices(root);
    expect(servicesBuildIsCurrent(root)).toBe(true);
    const stamp = JSON.parse(readFileSync(join(root, 'dist', 'build-inputs.json'), 'utf8')) as { files: string };
    const line = stamp.files.split('\n').find((entry) => entry.startsWith(`${source} `))?.split(' ');
    const stat = statSync(source);
    expect(line?.slice(1)).toEqual([String(stat.size), String(stat.mtimeMs), String(stat.ctimeMs), String(stat.ino)]);
    // Where every stat is as the build saw it, the contents are not read at all.
    const fs = require('node:fs') as typeof import('node:fs');
    const reads = jest.spyOn(fs, 'readFileSync');
    try {
      expect(servicesBuildIsCurrent(root)).toBe(true);
      expect(reads.mock.calls.filter(([file]) => String(file).startsWith(join(root, 'subgraphs')))).toEqual([]);
    } finally {
      reads.mockRestore();
    }
    // The same size and modification time, other contents (found by an outsider: `touch -r` after an edit ran stale
    // code): the change time, which no tool sets back, differs, and the contents are hashed.
    const reference = join(root, 'seed.ts.as-built');
    execFileSync('cp', ['-p', source, reference]);
    writeFileSync(source, text.replace('export', 'exporT'));
    execFileSync('touch', ['-r', reference, source]);
    expect(statSync(source).mtimeMs).toBe(stat.mtimeMs);
    expect(servicesBuildIsCurrent(root)).toBe(false);
    // Back as it was, with new times (what a checkout of the same contents does): current, by its contents.
    writeFileSync(source, text);
    expect(servicesBuildIsCurrent(root)).toBe(true);
    // A new file that an import could find first (found by a second outsider: `module.tsx` beside `module.ts`, which
    // esbuild takes for './module'), or a folder's own tsconfig.json: not current; an editor's swap file: current.
    const shadow = join(root, 'subgraphs', 'kela', 'src', 'module.tsx');
    writeFileSync(shadow, "export * from './module.ts';\n");
    expect(servicesBuildIsCurrent(root)).toBe(false);
    rmSync(shadow);
    expect(servicesBuildIsCurrent(root)).toBe(true);
    writeFileSync(join(root, 'subgraphs', 'kela', 'tsconfig.json'), '{}\n');
    expect(servicesBuildIsCurrent(root)).toBe(false);
    rmSync(join(root, 'subgraphs', 'kela', 'tsconfig.json'));
    writeFileSync(join(root, 'subgraphs', 'kela', 'src', '.module.ts.swp'), 'swap');
    expect(servicesBuildIsCurrent(root)).toBe(true);
    // A file the build read that is gone since: not current.
    rmSync(join(root, 'tsconfig.json'));
    expect(servicesBuildIsCurrent(root)).toBe(false);
  }, 120_000);

  it('are built again when a source changes while they are built, so that a stamp never describes other bundles', async () => {
    const root = copyOfCheckout('cg-build-during-');
    const source = join(root, 'subgraphs', 'kela', 'src', 'module.ts');
    // Found by an outsider: a second save during a rebuild left bundles of the first save under a stamp of the
    // second, which every later start called current. The save here comes once esbuild has written a bundle (it has
    // read that bundle's sources by then).
    const building = buildServices(root);
    const under = (name: string) => name.startsWith('dist.building-');
    for (let waited = 0; !readdirSync(root).filter(under).some((dir) => existsSync(join(root, dir, 'subgraphs'))); waited += 10) {
      if (waited > 60_000) throw new Error('no bundle written within 60 s');
      await new Promise((r) => setTimeout(r, 10));
    }
    appendFileSync(source, "\n(globalThis as { buildMark?: string }).buildMark = 'saved-while-building';\n");
    await building;
    expect(readFileSync(join(root, builtEntry(SERVICE_ENTRIES.kela)), 'utf8')).toContain('saved-while-building');
    expect(servicesBuildIsCurrent(root)).toBe(true);
    // What a build stopped midway left beside dist/ (found by an outsider after Ctrl-C) goes at the next build.
    const abandoned = join(root, 'dist.building-999999-1');
    cpSync(join(root, 'dist'), abandoned, { recursive: true });
    // And the gateway's snapshot record is one of the outputs a start checks (found by an outsider: deleted, the
    // gateway silently started without its snapshot, and no start built it again).
    rmSync(join(root, 'dist', 'gateway', 'startup-snapshot.json'));
    expect(servicesBuildIsCurrent(root)).toBe(false);
    await buildServices(root);
    expect(existsSync(abandoned)).toBe(false);
    expect(existsSync(join(root, 'dist', 'gateway', 'startup-snapshot.json'))).toBe(true);
  }, 180_000);

  it('npm start runs the launcher compiled with them, and its sources through tsx where the build is not current', async () => {
    const root = copyOfCheckout('cg-launcher-');
    await buildServices(root);
    // A launcher that says which file it runs from, then stops once built: its development keys' folder is a file.
    appendFileSync(join(root, 'scripts', 'start.ts'), "\nprocess.stdout.write(`launcher: ${__filename}\\n`);\n");
    const notADirectory = join(root, 'package.json');
    const dataDir = tempDir('cg-launcher-data-');
    const start = () => {
      const run = spawnSync(process.execPath, [join(root, 'scripts', 'start.cjs')], { cwd: root, env: { ...process.env, DATA_DIR: dataDir, AUTH_DEV_KEYS_DIR: notADirectory }, encoding: 'utf8', timeout: 120_000 });
      return { status: run.status, stdout: run.stdout, stderr: run.stderr };
    };
    const stale = start();
    expect(stale.stdout).toContain(`launcher: ${join(root, 'scripts', 'start.ts')}`);
    expect(stale.stdout).toContain('compiled the services into dist/');
    expect(stale).toMatchObject({ status: 1, stderr: expect.stringContaining('could not start:') });
    const current = start();
    expect(current.stdout).toContain(`launcher: ${join(root, 'dist', 'start.js')}`);
    expect(current.stdout).not.toContain('compiled the services');
    expect(current).toMatchObject({ status: 1, stderr: expect.stringContaining('could not start:') });

    // A compiled launcher that cannot be loaded: the sources run instead, saying so, and build dist/ again (found
    // by an outsider: an emptied dist/start.js stopped npm start with a TypeError).
    writeFileSync(join(root, 'dist', 'start.js'), 'syntax error here');
    const damaged = start();
    expect(damaged.stderr).toContain('dist/start.js could not be run (');
    expect(damaged.stdout).toContain(`launcher: ${join(root, 'scripts', 'start.ts')}`);
    expect(damaged.stdout).toContain('compiled the services into dist/');
    expect(start().stdout).toContain(`launcher: ${join(root, 'dist', 'start.js')}`);
  }, 300_000);

  it('npm start refuses a register at a port the system chooses, and on/off settings of another value, naming them', () => {
    expect(() => checkFixedPorts({ KELA_PORT: '0' }, STARTED_SUBGRAPHS)).toThrow(/^KELA_PORT=0: npm start runs each register at a fixed port/);
    expect(() => checkFixedPorts({ PORT: '0' }, STARTED_SUBGRAPHS)).toThrow(/^PORT=0 would move joint there/);
    expect(() => checkFixedPorts({ PORT: '0', JOINT_PORT: '4101', EMPLOYMENT_PORT: '4102', WELLBEING_PORT: '4103', KELA_PORT: '4104' }, STARTED_SUBGRAPHS)).not.toThrow();
    expect(() => checkFixedPorts({ GATEWAY_PORT: '0', KELA_PORT: '' }, STARTED_SUBGRAPHS)).not.toThrow();
    // A port that is no port, or one two services would share, before anything starts (found by an outsider: all
    // five were started before the register refused KELA_PORT=abc; GATEWAY_PORT=JOINT_PORT was only "in use").
    expect(() => checkFixedPorts({ KELA_PORT: 'abc' }, STARTED_SUBGRAPHS)).toThrow('KELA_PORT must be a whole number from 1 to 65535, not "abc"');
    expect(() => checkFixedPorts({ KELA_PORT: '70000' }, STARTED_SUBGRAPHS)).toThrow('KELA_PORT must be a whole number from 1 to 65535, not "70000"');
    expect(() => checkFixedPorts({ GATEWAY_PORT: '-1' }, STARTED_SUBGRAPHS)).toThrow('GATEWAY_PORT must be a whole number from 0 to 65535, not "-1"');
    expect(() => checkFixedPorts({ GATEWAY_PORT: '5601', JOINT_PORT: '5601' }, STARTED_SUBGRAPHS))
      .toThrow('JOINT_PORT=5601 and GATEWAY_PORT=5601: joint and the gateway would both listen on port 5601; each service needs its own');
    expect(() => checkFixedPorts({ JOINT_PORT: '5601', KELA_PORT: '5601' }, STARTED_SUBGRAPHS)).toThrow(/^JOINT_PORT=5601 and KELA_PORT=5601: joint and kela/);
    expect(() => checkFixedPorts({ PORT: '5000' }, STARTED_SUBGRAPHS))
      .toThrow('PORT=5000 would move joint there, while the gateway and the other registers look for it at JOINT_PORT or its default port: set JOINT_PORT instead, or leave PORT unset');
    // A default port counts (found by a second outsider: KELA_PORT at joint's default was only "in use").
    expect(() => checkFixedPorts({ KELA_PORT: '4101' }, STARTED_SUBGRAPHS)).toThrow("joint's default port 4101 and KELA_PORT=4101: joint and kela would both listen on port 4101; each service needs its own");
    expect(() => checkFixedPorts({ JOINT_PORT: '4000' }, STARTED_SUBGRAPHS)).toThrow("JOINT_PORT=4000 and the gateway's default port 4000: joint and the gateway would both listen on port 4000");
    expect(() => checkFixedPorts({}, STARTED_SUBGRAPHS)).not.toThrow();
    expect(() => checkFixedPorts({ PORT: '5000', JOINT_PORT: '5001', EMPLOYMENT_PORT: '5002', WELLBEING_PORT: '5003', KELA_PORT: '5004' }, STARTED_SUBGRAPHS)).not.toThrow();
    const refused = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'start.cjs')], { cwd: REPO_ROOT, env: { ...process.env, KELA_PORT: 'abc' }, encoding: 'utf8', timeout: 120_000 });
    expect({ status: refused.status, stderr: refused.stderr }).toEqual({ status: 1, stderr: 'could not start: KELA_PORT must be a whole number from 1 to 65535, not "abc"\n' });
    // A data directory that is a file, named as the setting (found by an outsider: "ENOTDIR: ... mkdir '.../keys'").
    const file = join(tempDir('cg-data-file-'), 'a-file');
    writeFileSync(file, '');
    const notDir = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'start.cjs')], { cwd: REPO_ROOT, env: { ...process.env, DATA_DIR: file }, encoding: 'utf8', timeout: 120_000 });
    expect({ status: notDir.status, stderr: notDir.stderr }).toEqual({ status: 1, stderr: `could not start: DATA_DIR=${file}: ${file} is not a directory\n` });
    // The same for a register's own directory, and the services' settings that each would refuse at its start
    // (found by a second outsider: all five were started first, each then refusing it).
    for (const [name, value, message] of [
      ['KELA_DATA_DIR', file, `KELA_DATA_DIR=${file}: ${file} is not a directory`],
      ['NODE_ENV', 'prod', 'NODE_ENV must be "production", "development" or "test" (or unset: development), not "prod"'],
      ['DEMO_SEED', 'yes', 'DEMO_SEED must be "on" or "off" (or unset: on in development, off in production), not "yes"'],
      ['INTROSPECTION', 'maybe', 'INTROSPECTION must be "on" or "off" (or unset), not "maybe"'],
    ]) {
      const run = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'start.cjs')], { cwd: REPO_ROOT, env: { ...process.env, [name]: value }, encoding: 'utf8', timeout: 120_000 });
      expect({ name, status: run.status, stderr: run.stderr }).toEqual({ name, status: 1, stderr: `could not start: ${message}\n` });
    }
    for (const [name, value] of [['CG_RUN_TYPESCRIPT', 'yes'], ['CG_STARTUP_SNAPSHOT', 'OFF']]) {
      const run = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'start.cjs')], { cwd: REPO_ROOT, env: { ...process.env, [name]: value }, encoding: 'utf8', timeout: 120_000 });
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 1, stderr: `could not start: ${name} must be "on" or "off" (or unset), not "${value}"\n` });
    }
  });

  it('are put in place whole: a start beside a rebuild, or two builds at once, never find dist/ half written or gone', async () => {
    const root = copyOfCheckout('cg-build-swap-');
    await buildServices(root);
    const dist = join(root, 'dist');
    const entries = Object.values(SERVICE_ENTRIES).map((entry) => join(root, builtEntry(entry)));
    // Looked at every turn of the event loop while two builds run at once (esbuild works in its own process):
    // dist/ always there with its stamp and every bundle, as a start would need it.
    const seen = { looks: 0, incomplete: 0 };
    let building = true;
    const watcher = (async () => {
      while (building) {
        seen.looks++;
        if (!existsSync(join(dist, 'build-inputs.json')) || !entries.every((file) => existsSync(file))) seen.incomplete++;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    appendFileSync(join(root, 'subgraphs', 'kela', 'src', 'module.ts'), '\n// changed\n');
    await Promise.all([buildServices(root), buildServices(root)]);
    building = false;
    await watcher;
    expect(seen.looks).toBeGreaterThan(10);
    expect(seen.incomplete).toBe(0);
    expect(servicesBuildIsCurrent(root)).toBe(true);
    // Nothing left beside it.
    expect(readdirSync(root).filter((name) => name.startsWith('dist.'))).toEqual([]);
  }, 120_000);

  it('npm start runs them, and they answer the caseload from all four registers', async () => {
    const dataDir = tempDir('cg-compiled-');
    // The services' last log lines, shown if the start fails (stop 30's CI: it waited out the test's timeout and
    // said nothing more); the start and the request each bounded within the test's own timeout.
    const logTail: string[] = [];
    const [token] = await benchTokens(1);
    const basePort = 4900 + Math.floor(Math.random() * 90) * 5;
    const caseload = () => fetch(`http://127.0.0.1:${basePort}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: caseloadScenario(5).body, signal: AbortSignal.timeout(60_000),
    }).then((response) => response.json() as Promise<{ data?: { caseload: { edges: unknown[] } }; errors?: unknown[] }>);
    // npm start's line that the customer graph answers (found by an outsider: its only line came before the
    // registers listened, and a query sent then failed): the caseload is asked for the moment it is printed.
    let answersLine: string | undefined;
    let askedOnTheLine: ReturnType<typeof caseload> | undefined;
    const onLogLine = (line: string, stream: string) => {
      logTail.push(`${stream}: ${line.slice(0, 400)}`); if (logTail.length > 60) logTail.shift();
      if (stream === 'stdout' && line.startsWith('The customer graph answers at')) { answersLine = line; askedOnTheLine = caseload(); }
    };
    // NODE_EXTRA_CA_CERTS set (as on the measuring machine), no TLS configured: the services start without it
    // (shared/src/launcher.ts serviceEnvironment); start.ts, which npm started with it, keeps it.
    const extraCerts = join(tempDir('cg-certs-'), 'extra.pem');
    writeFileSync(extraCerts, '');
    // The settings the gateway's startup snapshot was made with (all unset; jest sets NODE_ENV=test): the gateway
    // then starts from it.
    const snapshotSettings = snapshotEnvironment(join(REPO_ROOT, 'dist'));
    expect(Object.keys(snapshotSettings)).toContain('NODE_ENV');
    const system = await startSystem({ dataDir, basePort, onLogLine, readyWithinMs: 200_000, env: { NODE_EXTRA_CA_CERTS: extraCerts, ...snapshotSettings, NODE_OPTIONS: undefined } })
      .catch((error: Error) => { throw new Error(`${error.message}\nthe services' last log lines:\n${logTail.join('\n')}`); });
    try {
      for (const pid of Object.values(system.pids)) expect(commandLine(pid).some((arg) => /[\\/]?dist[\\/].*index\.js$/.test(arg))).toBe(true);
      // The gateway from its startup snapshot (scripts/startup-snapshot.ts), made by the build; the registers have none.
      for (const [name, pid] of Object.entries(system.pids)) expect(commandLine(pid).includes('--snapshot-blob')).toBe(name === 'gateway');
      expect(environmentOf(system.launcherPid).NODE_EXTRA_CA_CERTS).toBe(extraCerts);
      for (const pid of Object.values(system.pids)) expect(environmentOf(pid)).not.toHaveProperty('NODE_EXTRA_CA_CERTS');
      for (let waited = 0; !answersLine && waited < 5000; waited += 50) await new Promise((r) => setTimeout(r, 50));
      expect(answersLine).toMatch(new RegExp(`^The customer graph answers at http://localhost:${basePort}/graphql \\(a browser gets the playground\\), all 5 services in \\d+\\.\\d s$`));
      for (const json of [await askedOnTheLine!, await caseload()]) {
        expect(json.errors).toBeUndefined();
        expect(json.data!.caseload.edges).toHaveLength(5);
      }
    } finally {
      await system.stop();
    }
  }, 300_000);
});

/**
 * `npm start`'s launcher run by `command args` in `cwd`, on fresh ports and a fresh data directory, in its own process
 * group (so that whatever a test leaves behind can be stopped as a whole): its output so far, whether each service's
 * port listens, a wait until every service is gone, and the group's end.
 */
function startOnFreshPorts(command: string, args: string[], cwd: string) {
  const dataDir = tempDir('cg-launcher-data-');
  const basePort = 4900 + Math.floor(Math.random() * 90) * 5;
  const ports = [0, 1, 2, 3, 4].map((i) => basePort + i);
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, HOST: '127.0.0.1', LOG_LEVEL: 'warn', GATEWAY_PORT: String(basePort) };
  // Each register on the next port; its URL follows its port (unset here).
  STARTED_SUBGRAPHS.forEach((name, i) => { env[`${name.toUpperCase()}_PORT`] = String(basePort + 1 + i); delete env[`${name.toUpperCase()}_URL`]; });
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const listening = () => Promise.all(ports.map(accepts));
  const lock = () => existsSync(`${embeddedDataDir(dataDir, 'joint')}.lock`);
  return {
    child,
    output: () => output,
    listening,
    /** Waits until the launcher says the whole graph answers (at most 200 s). */
    answering: async () => {
      for (let waited = 0; !output.includes('The customer graph answers at'); waited += 200) {
        if (waited > 200_000) throw new Error(`npm start did not answer within 200 s:\n${output.slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    /** Waits (at most `ms`) until no service listens and the joint register's database is unlocked; what is left. */
    allGone: async (ms: number) => {
      let open: boolean[] = [];
      for (let waited = 0; waited < ms; waited += 250) {
        open = await listening();
        if (!open.includes(true) && !lock()) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      return { open, lock: lock() };
    },
    groupAlive: () => { try { process.kill(-child.pid!, 0); return true; } catch { return false; } },
    kill: () => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* the group is gone */ } },
  };
}

// Found by an outsider: `kill <npm's pid>` (SIGTERM, as a process manager stops a service) ended npm and its shell,
// which passed nothing on; start.ts and the five services ran on as orphans, holding the ports and the locks.
describe('npm start stopped by a signal to npm itself', () => {
  // SIGKILL (found by a second outsider): npm cannot pass it on, and the shell npm runs the script in stays.
  it.each(['SIGTERM', 'SIGKILL'] as const)('%s stops start.ts and every service, freeing the ports and the databases', async (signal) => {
    const system = startOnFreshPorts('npm', ['start'], REPO_ROOT);
    try {
      await system.answering();
      expect(await system.listening()).toEqual([true, true, true, true, true]);
      process.kill(system.child.pid!, signal);
      expect(await system.allGone(15_000)).toEqual({ open: [false, false, false, false, false], lock: false });
    } finally {
      system.kill();
    }
  }, 300_000);
});

describe('npm start stopped by a signal to npm during a rebuild', () => {
  it('starts nothing once the build is done (found by an outsider: the launcher, re-parented, started all five)', async () => {
    const root = copyOfCheckout('cg-npm-stop-build-');
    // The copy has no dist/: npm start builds it first.
    const system = startOnFreshPorts('npm', ['start'], root);
    try {
      for (let waited = 0; !readdirSync(root).some((name) => name.startsWith('dist.building-')); waited += 20) {
        if (waited > 120_000) throw new Error(`no build began within 120 s:\n${system.output().slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      process.kill(system.child.pid!, 'SIGTERM');
      for (let waited = 0; system.groupAlive(); waited += 250) {
        if (waited > 180_000) throw new Error(`the launcher did not stop within 180 s of npm:\n${system.output().slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(system.output()).toContain('stopped before starting the services: the process that ran npm start is gone');
      expect(system.output()).not.toContain('Starting the customer graph');
      expect(await system.listening()).toEqual([false, false, false, false, false]);
    } finally {
      system.kill();
    }
  }, 300_000);
});

describe('npm start when its launcher or a service goes', () => {
  /** The launcher (scripts/start.cjs, as npm start runs it) on fresh ports and data, answering. */
  async function startLauncher() {
    const system = startOnFreshPorts(process.execPath, [join(REPO_ROOT, 'scripts', 'start.cjs')], REPO_ROOT);
    const launcher = system.child;
    const exited = new Promise<number | null>((resolve) => launcher.once('exit', (code) => resolve(code)));
    await system.answering();
    const services = Object.fromEntries(childPids(launcher.pid!).map((pid) => [commandLine(pid).find((arg) => arg.endsWith('index.js'))?.split('/').slice(-3, -2)[0], pid]));
    return { launcher, services, exited, allGone: () => system.allGone(20_000), kill: system.kill, output: system.output, listening: system.listening };
  }
  const gone = { open: [false, false, false, false, false], lock: false };

  it('stops every service when the launcher is killed outright (SIGKILL)', async () => {
    const system = await startLauncher();
    try {
      expect(await system.listening()).toEqual([true, true, true, true, true]);
      process.kill(system.launcher.pid!, 'SIGKILL');
      expect(await system.allGone()).toEqual(gone);
    } finally {
      system.kill();
    }
  }, 300_000);

  it('stops the others, with status 1, when a service stops by itself, even with status 0', async () => {
    const system = await startLauncher();
    try {
      expect(Object.keys(system.services).sort()).toEqual(['employment', 'gateway', 'joint', 'kela', 'wellbeing']);
      process.kill(system.services.kela, 'SIGTERM'); // stops cleanly: status 0
      expect(await system.exited).toBe(1);
      expect(system.output()).toContain('kela stopped (exit 0); stopping the others');
      expect(await system.allGone()).toEqual(gone);
    } finally {
      system.kill();
    }
  }, 300_000);
});

describe("the embedded database's buffer cache (PGLITE_SHARED_BUFFERS)", () => {
  it('is 16MB unless set, is what PostgreSQL runs with, and a wrong value is refused naming the variable', async () => {
    expect(pgliteSharedBuffers(undefined)).toBe('16MB');
    expect(pgliteSharedBuffers('128MB')).toBe('128MB');
    expect(() => pgliteSharedBuffers('lots')).toThrow(/PGLITE_SHARED_BUFFERS/);
    const previous = process.env.PGLITE_SHARED_BUFFERS;
    try {
      for (const [value, expected] of [[undefined, '16MB'], ['32MB', '32MB']] as const) {
        if (value === undefined) delete process.env.PGLITE_SHARED_BUFFERS; else process.env.PGLITE_SHARED_BUFFERS = value;
        const database = await openDatabase({ dataDir: 'memory://', migrationsDir: join(subgraphModule('kela').dir, 'prisma', 'migrations') });
        try {
          expect((await database.query<{ shared_buffers: string }>('SHOW shared_buffers'))[0].shared_buffers).toBe(expected);
        } finally {
          await database.close();
        }
      }
    } finally {
      if (previous === undefined) delete process.env.PGLITE_SHARED_BUFFERS; else process.env.PGLITE_SHARED_BUFFERS = previous;
    }
  }, 120_000);
});

describe("the embedded database's WASM tiering budget (PGLITE_WASM_TIERING_BUDGET)", () => {
  it('is 300× V8\'s unless set, and a wrong value is refused naming the variable', () => {
    for (const wrong of ['lots', '0', '-5', '1.5', '2147483648', '1e3', '0x10', '0b11', '+7', '5.0', 'V8']) {
      expect(() => applyWasmTieringBudget(wrong)).toThrow(/PGLITE_WASM_TIERING_BUDGET/);
    }
    expect(applyWasmTieringBudget('v8')).toBeUndefined();
    expect(DEFAULT_WASM_TIERING_BUDGET).toBe(540_000_000);
  });

  it("leaves most of a start's WASM to the baseline compiler, which `v8` does not", () => {
    // A child process per setting, because the flag is V8's and applies to the whole process: PGlite started and
    // asked one statement, V8 printing each function it compiles with TurboFan.
    const emptyMigrations = tempDir('cg-no-migrations-');
    const script = `
      const { openDatabase } = require('./shared/src/db/database');
      (async () => {
        const database = await openDatabase({ dataDir: 'memory://', migrationsDir: process.env.MIGRATIONS });
        await database.query('SELECT count(*) FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid');
        await database.close();
      })();`;
    const turbofanCompilations = (budget: string) => execFileSync(process.execPath, ['--trace-wasm-compilation-times', '--require', 'tsx/cjs', '-e', script], {
      cwd: REPO_ROOT, env: { ...process.env, MIGRATIONS: emptyMigrations, PGLITE_WASM_TIERING_BUDGET: budget }, encoding: 'utf8',
    }).split('\n').filter((line) => line.includes('using TurboFan')).length;
    const ours = turbofanCompilations('');
    const v8s = turbofanCompilations('v8');
    // On node 20 here: ~75 against ~630.
    expect(v8s).toBeGreaterThan(100);
    expect(ours).toBeLessThan(v8s / 4);
  }, 120_000);
});

describe("the development key pair (shared/src/auth/config.ts, made with Node's crypto)", () => {
  it('signs tokens that the verifier accepts', async () => {
    const config = { ...authConfigFromEnv({}), devKeysDir: join(tempDir('cg-dev-keys-'), 'keys') };
    await ensureDevKeys(config.devKeysDir);
    const verify = await createTokenVerifier(config);
    const token = await signDevToken(config, { sub: 'official-1', org_kind: 'EMPLOYMENT', org_id: 'te-1', roles: [] });
    expect((await verify(`Bearer ${token}`)).id).toBe('official-1');
  });
});

describe('the kept empty cluster (ensureEmptyClusterTemplate)', () => {
  it('is made once, and made again when an earlier making did not finish', async () => {
    const template = join(tempDir('cg-template-kept-'), 'pglite');
    await ensureEmptyClusterTemplate(template);
    const version = statSync(join(template, 'PG_VERSION')).mtimeMs;
    await ensureEmptyClusterTemplate(template);
    expect(statSync(join(template, 'PG_VERSION')).mtimeMs).toBe(version); // not made again

    rmSync(join(template, '.customer-graph-template-complete'));
    await ensureEmptyClusterTemplate(template);
    expect(existsSync(join(template, '.customer-graph-template-complete'))).toBe(true);
  }, 240_000);
});

describe('whether a register seeds demo data (DEMO_SEED)', () => {
  it('is on in development and off in production unless set to on or off; any other value is refused naming the variable', () => {
    expect(demoDataWanted({})).toBe(true);
    expect(demoDataWanted({ DEMO_SEED: '' })).toBe(true);
    expect(demoDataWanted({ NODE_ENV: 'production' })).toBe(false);
    expect(demoDataWanted({ NODE_ENV: 'production', DEMO_SEED: 'on' })).toBe(true);
    expect(demoDataWanted({ DEMO_SEED: 'off' })).toBe(false);
    for (const value of ['yes', 'true', 'ON', '1', ' on']) {
      expect(() => demoDataWanted({ DEMO_SEED: value })).toThrow(`DEMO_SEED must be "on" or "off" (or unset: on in development, off in production), not "${value}"`);
      expect(() => demoDataWanted({ NODE_ENV: 'production', DEMO_SEED: value })).toThrow('DEMO_SEED must be');
    }
  });
});

describe("each register's demo database kept from the build (scripts/demo-templates.ts)", () => {
  it('is made by the compiled service, copied into a new data directory only while current, and only for the default demo data', async () => {
    const root = copyOfCheckout('cg-demo-template-'); // its own dist/, so its own templates
    expect(currentDemoTemplates({}, root)).toEqual({}); // not built: nothing can be current
    await buildServices(root);
    await ensureDemoTemplates(root);
    const templates = currentDemoTemplates({}, root);
    expect(Object.keys(templates).sort()).toEqual([...STARTED_SUBGRAPHS].sort());
    expect(await ensureDemoTemplates(root)).toEqual([]); // all current: nothing made again

    // Other demo data, or none: the empty cluster, seeded (or not) by the register itself.
    expect(currentDemoTemplates({ DEMO_CUSTOMERS: '10' }, root)).toEqual({});
    expect(currentDemoTemplates({ DEMO_SEED: 'off' }, root)).toEqual({});
    expect(currentDemoTemplates({ NODE_ENV: 'production' }, root)).toEqual({});
    expect(Object.keys(currentDemoTemplates({ NODE_ENV: 'production', DEMO_SEED: 'on' }, root))).toHaveLength(4);

    // Where demo data is off, the service prepares nothing (it would seed a production database otherwise).
    const refused = tempDir('cg-demo-refused-');
    let exitCode = 0;
    try {
      execFileSync(process.execPath, [join(root, builtEntry(SERVICE_ENTRIES.kela)), '--prepare-demo-data', refused], {
        env: { ...process.env, NODE_ENV: 'production', DEMO_SEED: '' }, stdio: 'pipe', timeout: 120_000,
      });
    } catch (error) {
      exitCode = (error as { status: number }).status;
    }
    expect(exitCode).toBe(1);
    expect(readdirSync(refused)).toEqual([]);
    // Without its directory: an error, never a normal start in its place.
    let usage = '';
    try {
      execFileSync(process.execPath, [join(root, builtEntry(SERVICE_ENTRIES.kela)), '--prepare-demo-data'], { env: { ...process.env, LOG_LEVEL: 'info' }, stdio: 'pipe', timeout: 120_000 });
    } catch (error) {
      usage = `${(error as { status: number }).status} ${(error as { stdout: Buffer }).stdout}`;
    }
    expect(usage).toMatch(/^1 .*usage: --prepare-demo-data DIR/s);

    // A migration changed: Kela's template is no longer current; the others still are.
    const migrations = join(root, 'subgraphs', 'kela', 'prisma', 'migrations');
    const first = readdirSync(migrations).filter((entry) => /^\d/.test(entry)).sort()[0];
    appendFileSync(join(migrations, first, 'migration.sql'), '\n-- changed\n');
    const afterChange = currentDemoTemplates({}, root);
    expect(afterChange.kela).toBeUndefined();
    expect(afterChange.joint).toBe(templates.joint);

    // A new data directory: the joint register's copy is migrated and seeded; Kela's is the empty cluster.
    const dataRoot = tempDir('cg-demo-data-');
    expect(await provideEmbeddedDatabases(dataRoot, ['joint', 'kela'], undefined, afterChange)).toEqual(['joint', 'kela']);
    const joint = await PGlite.create(embeddedDataDir(dataRoot, 'joint'));
    try {
      const applied = await joint.query<{ n: number }>('SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL');
      expect(applied.rows[0].n).toBe(readdirSync(join(REPO_ROOT, 'subgraphs', 'joint', 'prisma', 'migrations')).filter((entry) => /^\d/.test(entry)).length);
      expect((await joint.query<{ n: number }>('SELECT count(*)::int AS n FROM "Customer"')).rows[0].n).toBeGreaterThan(0);
    } finally {
      await joint.close();
    }
    const kela = await PGlite.create(embeddedDataDir(dataRoot, 'kela'));
    try {
      expect((await kela.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'")).rows[0].n).toBe(0);
    } finally {
      await kela.close();
    }
  }, 600_000); // four registers migrated and seeded when no template is current yet: a minute or more on two cores
});

/** The delegates of `db` without Prisma's `$name`: insertInChunks then falls back to createMany. */
function throughCreateMany<T extends object>(db: T): T {
  const hideName = (value: unknown) => (value && typeof value === 'object' && '$name' in value
    ? new Proxy(value, { get: (target, prop) => (prop === '$name' ? undefined : Reflect.get(target, prop)) }) : value);
  return new Proxy(db, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (prop === '$transaction') {
        return (fn: unknown, ...rest: unknown[]) => (value as (...a: unknown[]) => unknown).call(target,
          typeof fn === 'function' ? (tx: object) => (fn as (tx: object) => unknown)(throughCreateMany(tx)) : fn, ...rest);
      }
      return typeof value === 'function' ? value.bind(target) : hideName(value);
    },
  });
}

describe('the demo seeds through insertInChunks', () => {
  it.each(['joint', 'employment', 'wellbeing', 'kela'])('store in %s exactly what createMany stored', async (name) => {
    const module = subgraphModule(name);
    const log = createLogger({ service: 'test' });
    const contents: Record<string, string>[] = [];
    for (const viaCreateMany of [false, true]) {
      const database = await openDatabase({ dataDir: 'memory://', migrationsDir: join(module.dir, 'prisma', 'migrations') });
      const db = module.createPrisma(database.adapter);
      try {
        await module.seed(viaCreateMany ? throughCreateMany(db) : db, log);
        const tables = await database.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1");
        const byTable: Record<string, string> = {};
        for (const { name: table } of tables) {
          // Left out: what differs between any two seeds: now() defaults, and the random v4 UUIDs of rows the
          // cooperation seed makes one by one (and of the ids Prisma made for @default(uuid())), as `uuid`.
          const skip = (await database.query<{ column: string }>(
            "SELECT column_name AS column FROM information_schema.columns WHERE table_name = $1 AND column_default LIKE '%CURRENT_TIMESTAMP%'", [table])).map((c) => c.column);
          const [row] = await database.query<{ n: number; rows: string }>(
            `SELECT count(*)::int AS n, coalesce(string_agg(j, '\n' ORDER BY j), '') AS rows FROM (SELECT regexp_replace((to_jsonb(x) - $1::text[])::text,
               '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}', 'uuid', 'g') AS j FROM "${table}" x) s`, [skip]);
          byTable[table] = `${row.n} rows\n${row.rows}`;
        }
        contents.push(byTable);
      } finally {
        await db.$disconnect();
        await database.close();
      }
    }
    expect(Object.values(contents[0]).some((c) => !c.startsWith('0 rows'))).toBe(true);
    expect(contents[0]).toEqual(contents[1]);
  }, 300_000);
});

describe("the packages @apollo/gateway requires but the gateway never uses (gateway/src/defer-unused-packages.ts)", () => {
  /** Runs `script` in a process of its own (this one's module cache holds whatever other tests loaded); its last line, parsed. */
  const inOwnProcess = <T>(script: string): T => {
    const out = execFileSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: REPO_ROOT, encoding: 'utf8' });
    return JSON.parse(out.trim().split('\n').pop()!) as T;
  };

  it('usage metrics: not loaded with @apollo/gateway, and loaded on first use of an export', () => {
    const result = inOwnProcess<{ before: number; after: number; meterProvider: string }>(`
      require('./gateway/src/defer-unused-packages');
      const loaded = () => Object.keys(require.cache).filter((f) => /@opentelemetry[\\\\/](sdk-metrics|resource-detector-aws)[\\\\/]build/.test(f)).length;
      require('@apollo/gateway');
      const before = loaded();
      const { MeterProvider } = require(require.resolve('@opentelemetry/sdk-metrics', { paths: [require('node:path').dirname(require.resolve('@apollo/gateway'))] }));
      console.log(JSON.stringify({ before, after: loaded(), meterProvider: typeof MeterProvider }));`);
    // Only the two stand-ins (each in the cache under the package's index.js) before; the packages' modules after.
    expect(result.before).toBe(2);
    expect(result.after).toBeGreaterThan(10);
    expect(result.meterProvider).toBe('function');
  }, 120_000);

  it("@apollo/gateway's own OpenTelemetry resources and incubating conventions: not loaded with it; the two conventions it reads at load answered as the package answers them", () => {
    const result = inOwnProcess<{ before: string[]; constants: Record<string, string>; real: Record<string, string>; after: string[]; resource: string }>(`
      const { INCUBATING_CONSTANTS } = require('./gateway/src/defer-unused-packages');
      const gatewayDir = require('node:path').dirname(require.resolve('@apollo/gateway'));
      const marks = { resources: /@opentelemetry[\\/]resources[\\/]build[\\/]src[\\/]Resource\.js$/, incubating: /semantic-conventions[\\/]build[\\/]src[\\/]experimental_attributes\.js$/ };
      const loaded = () => Object.keys(marks).filter((name) => Object.keys(require.cache).some((f) => marks[name].test(f)));
      require('@apollo/gateway');
      const before = loaded();
      const incubatingFile = require.resolve('@opentelemetry/semantic-conventions/incubating', { paths: [gatewayDir] });
      const standIn = require(incubatingFile);
      const constants = Object.fromEntries(Object.keys(INCUBATING_CONSTANTS).map((k) => [k, standIn[k]]));
      const beforeAnyOther = loaded();
      // Any other convention loads the package; the values checked against the real one.
      const osType = standIn.ATTR_OS_TYPE;
      const real = Object.fromEntries(Object.keys(INCUBATING_CONSTANTS).map((k) => [k, standIn[k]]));
      const { Resource } = require(require.resolve('@opentelemetry/resources', { paths: [gatewayDir] }));
      const resource = new Resource({ [osType]: 'linux' }).attributes[osType];
      console.log(JSON.stringify({ before: [...before, ...beforeAnyOther], constants, real, after: loaded(), resource }));`);
    expect(result.before).toEqual([]);
    expect(Object.keys(result.constants).sort()).toEqual(['ATTR_CLOUD_PLATFORM', 'ATTR_CLOUD_PROVIDER']);
    expect(result.constants).toEqual(result.real);
    expect(result.after.sort()).toEqual(['incubating', 'resources']);
    expect(result.resource).toBe('linux');
  }, 120_000);

  it('@apollo/composition: not loaded with @apollo/gateway; composes on first use', () => {
    const result = inOwnProcess<{ before: number; after: number; errors: unknown; supergraph: boolean }>(`
      require('./gateway/src/defer-unused-packages');
      const loaded = () => Object.keys(require.cache).filter((f) => /@apollo[\\/]composition[\\/]dist[\\/](?!index)/.test(f)).length;
      require('@apollo/gateway');
      const before = loaded();
      const { parse } = require('graphql');
      const { composeServices } = require('@apollo/composition');
      const result = composeServices([{ name: 'a', url: 'http://a', typeDefs: parse('type Query { hello: String }') }]);
      console.log(JSON.stringify({ before, after: loaded(), errors: result.errors ?? null, supergraph: typeof result.supergraphSdl === 'string' }));`);
    expect(result.before).toBe(0);
    expect(result.after).toBeGreaterThan(5);
    expect(result).toMatchObject({ errors: null, supergraph: true });
  }, 120_000);

  it("Apollo Server's @graphql-tools/schema: not loaded with it; a server made from type definitions still works", async () => {
    const result = inOwnProcess<{ before: number; after: number; data: unknown }>(`
      require('./gateway/src/defer-unused-packages');
      const loaded = () => Object.keys(require.cache).filter((f) => /@graphql-tools[\\/](schema|merge|utils)[\\/]cjs[\\/](?!index)/.test(f)).length;
      const { ApolloServer } = require('@apollo/server');
      const before = loaded();
      const server = new ApolloServer({ typeDefs: 'type Query { hello: String }', resolvers: { Query: { hello: () => 'world' } } });
      server.executeOperation({ query: '{ hello }' }).then((response) => {
        console.log(JSON.stringify({ before, after: loaded(), data: response.body.singleResult.data }));
      });`);
    expect(result.before).toBe(0);
    expect(result.after).toBeGreaterThan(5);
    expect(result.data).toEqual({ hello: 'world' });
  }, 120_000);

  it('trace protobufs and plan printing: not loaded with @apollo/gateway; loaded, and working, on first use', () => {
    const result = inOwnProcess<{ before: string[]; printed: string; after: string[]; esModules: Record<string, unknown> }>(`
      const { ES_MODULE_PACKAGES } = require('./gateway/src/defer-unused-packages');
      // What each package loads besides its main file (where the stand-in sits until then).
      const marks = { 'usage-reporting-protobuf': /@apollo[\\\\/]protobufjs[\\\\/]/, 'pretty-format': /pretty-format[\\\\/]build[\\\\/]plugins[\\\\/]/ };
      const loaded = () => Object.keys(marks).filter((name) => Object.keys(require.cache).some((f) => marks[name].test(f)));
      const { prettyFormatQueryPlan } = require('@apollo/query-planner');
      require('@apollo/gateway');
      const before = loaded();
      const printed = prettyFormatQueryPlan({ kind: 'QueryPlan', node: undefined });
      const { Trace } = require(require.resolve('@apollo/usage-reporting-protobuf', { paths: [require('node:path').dirname(require.resolve('@apollo/gateway'))] }));
      new Trace.QueryPlanNode();
      const esModules = {};
      for (const name of ES_MODULE_PACKAGES) {
        const file = require.resolve(name, { paths: [require('node:path').dirname(require.resolve('@apollo/query-planner'))] });
        delete require.cache[file];
        esModules[name] = require(file).__esModule;
      }
      console.log(JSON.stringify({ before, printed, after: loaded(), esModules }));`);
    expect(result.before).toEqual([]);
    expect(result.printed).toBe('QueryPlan {}');
    expect(result.after.sort()).toEqual(['pretty-format', 'usage-reporting-protobuf']);
    // The stand-in answers `__esModule` as the real package does.
    expect(result.esModules).toEqual({ 'pretty-format': true });
  }, 120_000);

  it("make-fetch-happen: not loaded by data sources with their own fetcher; a default fetcher still fetches, loading it then", () => {
    const result = inOwnProcess<{ afterOurs: number; afterDefault: number; afterFetch: number; ours: boolean; status: number; text: string }>(`
      require('./gateway/src/defer-unused-packages');
      const loaded = () => Object.keys(require.cache).filter((f) => /make-fetch-happen[\\\\/]lib[\\\\/]fetch\\.js$/.test(f)).length;
      const { RemoteGraphQLDataSource } = require('@apollo/gateway');
      const fetcher = async () => { throw new Error('not called here'); };
      const ours = new RemoteGraphQLDataSource({ url: 'http://127.0.0.1:1/graphql', fetcher });
      const afterOurs = loaded();
      const plain = new RemoteGraphQLDataSource({ url: 'http://127.0.0.1:1/graphql' });
      const afterDefault = loaded();
      const server = require('node:http').createServer((req, res) => res.end('answered')).listen(0, '127.0.0.1', async () => {
        const response = await plain.fetcher('http://127.0.0.1:' + server.address().port + '/');
        const text = await response.text();
        server.close();
        console.log(JSON.stringify({ afterOurs, afterDefault, afterFetch: loaded(), ours: ours.fetcher === fetcher, status: response.status, text }));
      });`);
    expect(result.ours).toBe(true);
    expect(result.afterOurs).toBe(0);
    expect(result.afterDefault).toBe(0);
    // The default fetcher is make-fetch-happen's, loaded at its first call.
    expect(result).toMatchObject({ afterFetch: 1, status: 200, text: 'answered' });
  }, 120_000);
});
