// `npm start`: prepares what a fresh clone lacks (Prisma clients, development keys, the services compiled to
// JavaScript by scripts/build.ts, rebuilt whenever a source changed), then runs the four subgraphs and the
// gateway, each as its own process, with their logs interleaved. A new embedded database is a copy of the
// register's demo database kept by `npm install` where that is current; otherwise each subgraph migrates and
// seeds its embedded database on first start. Ctrl-C stops them all and leaves nothing behind.
// `npm start` runs this file as `npm run build` compiled it (dist/start.js, through ./start.cjs), or from here.
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { authConfigFromEnv, ensureDevKeys } from '../shared/src/auth/config';
// The register names from generate.ts (../shared/src/subgraph-list.ts), not shared/src/subgraphs: that module loads
// the GraphQL server stack (half a second and more) before a single service could be spawned.
import { generatePrismaClients, SUBGRAPHS } from './generate';
import { buildServices, builtEntry, DIST_DIR, ensureServicesBuilt, SERVICE_ENTRIES, SERVICE_NODE_FLAGS } from './build';
import { checkNodeEnv, introspectionWanted, onOffSetting } from '../shared/src/settings';
import { startupSnapshotArgs } from './startup-snapshot';
import { demoDataWanted, embeddedDataDir, provideEmbeddedDatabases } from '../shared/src/db/pglite-template';
import { currentDemoTemplates } from './demo-templates';
import { checkDirectorySetting, checkFixedPorts, LAUNCHER_IPC_SETTING, serviceEnvironment, starterWatch } from '../shared/src/launcher';

const REPO_ROOT = join(__dirname, '..');

/**
 * Starts the system. `buildChecked`: the caller (./start.cjs) has just found dist/ built from the sources as they
 * are, so it is checked again only where a Prisma client was generated since (the bundles include them).
 * `rebuild`: dist/ is built again whatever its stamp says (./start.cjs could not load the compiled launcher).
 */
async function run({ buildChecked = false, rebuild = false } = {}) {
  // Who started us, taken first: a rebuild can take half a minute, and whatever started us may be gone by its end
  // (found by an outsider: npm killed during a rebuild, and the launcher, re-parented, went on to start everything).
  const startedBy = starterWatch();
  // In the repository, as `npm start` runs: DATA_DIR, AUTH_DEV_KEYS_DIR and every other relative path then mean the
  // same for this process and its services (found by an outsider: run from another directory, the databases went
  // under the repository and the development keys under that directory).
  process.chdir(REPO_ROOT);
  // Settings checked before anything starts: a wrong one stops the start naming it.
  // Each service runs its compiled bundle (scripts/build.ts) with plain node: no TypeScript hook resolving and
  // transpiling some 120 modules at every start (issue 11: about 0.4 CPU s per service and start).
  // CG_RUN_TYPESCRIPT=on runs the TypeScript sources through tsx's CommonJS hook instead, as before.
  const fromSources = onOffSetting(process.env, 'CG_RUN_TYPESCRIPT', false);
  onOffSetting(process.env, 'CG_STARTUP_SNAPSHOT', true); // read again by startupSnapshotArgs, at the gateway's spawn
  checkFixedPorts(process.env, SUBGRAPHS);
  // The services' own settings that would stop each of them at its start, once, before anything starts (found by an
  // outsider: NODE_ENV=prod, DEMO_SEED=yes or INTROSPECTION=maybe started all five, each then refusing it).
  checkNodeEnv(process.env);
  demoDataWanted(process.env);
  introspectionWanted(process.env);
  // DATA_DIR is relative to the repository, where the services run; a register's own <NAME>_DATA_DIR too.
  const dataRoot = resolve(REPO_ROOT, process.env.DATA_DIR || '.data');
  checkDirectorySetting(process.env, 'DATA_DIR', dataRoot, '.data');
  for (const name of SUBGRAPHS) {
    const own = `${name.toUpperCase()}_DATA_DIR`;
    if (process.env[own]) checkDirectorySetting(process.env, own, resolve(REPO_ROOT, process.env[own]!));
  }
  const services = [...SUBGRAPHS, 'gateway'].map((name) => ({
    name,
    args: [...SERVICE_NODE_FLAGS[name] ?? [], ...fromSources ? ['--require', 'tsx/cjs', SERVICE_ENTRIES[name]] : [builtEntry(SERVICE_ENTRIES[name])]],
  }));
  const generated = generatePrismaClients(REPO_ROOT);
  // After the Prisma clients, which the bundles include: a stale build never runs.
  const built = fromSources ? false : rebuild ? (await buildServices(REPO_ROOT), true) : !(buildChecked && !generated) && await ensureServicesBuilt(REPO_ROOT);
  if (built) process.stdout.write('compiled the services into dist/ (scripts/build.ts)\n');
  const auth = authConfigFromEnv();
  if (!auth.jwksUrl) await ensureDevKeys(auth.devKeysDir);
  // Every embedded database that does not exist yet gets a copy: of the register's demo database kept by
  // `npm install` where that is current (scripts/demo-templates.ts), else of the one empty cluster, which the
  // register migrates and seeds itself (a register on PostgreSQL needs neither).
  // Registers on PostgreSQL, or whose directory is set apart (`<NAME>_DATA_DIR`), are left as they are.
  // As shared/src/subgraphs.ts registerDataLocation reads them (not imported: see SUBGRAPHS above); empty is unset.
  const embedded = SUBGRAPHS.filter((name) => !process.env[`${name.toUpperCase()}_DATABASE_URL`] && !process.env.DATABASE_URL && !process.env[`${name.toUpperCase()}_DATA_DIR`]);
  const missing = embedded.some((name) => !existsSync(embeddedDataDir(dataRoot, name)));
  // Not when the services run from their sources: the demo databases were made by the compiled ones.
  const demo = missing && !fromSources ? currentDemoTemplates(process.env, REPO_ROOT) : {};
  const provided = await provideEmbeddedDatabases(dataRoot, embedded, undefined, demo);
  const copied = provided.filter((name) => demo[name]);
  if (copied.length) process.stdout.write(`new databases for ${copied.join(', ')}: copies of the demo databases made by the build (dist/demo-databases/)\n`);
  const seeding = provided.filter((name) => !demo[name]);
  if (seeding.length) process.stdout.write(`new databases for ${seeding.join(', ')}: empty; each migrates${demoDataWanted() ? ' and seeds' : ''} its own at its first start\n`);

  // Whatever started us went away while we prepared (the build, the databases): nothing is started.
  if (!startedBy()) {
    process.stderr.write('stopped before starting the services: the process that ran npm start is gone\n');
    process.exit(1);
  }
  const children = new Map<string, ChildProcess>();
  let stopping = false;
  const stopAll = (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const child of children.values()) child.kill('SIGTERM');
    const force = setTimeout(() => { for (const child of children.values()) child.kill('SIGKILL'); }, 5000);
    force.unref();
    const wait = setInterval(() => {
      if ([...children.values()].every((c) => c.exitCode !== null || c.signalCode !== null)) {
        clearInterval(wait);
        process.exit(code);
      }
    }, 50);
  };

  // Each service says when it listens (its database open), over an IPC channel (../shared/src/launcher.ts).
  const listening = new Map<string, string>();
  for (const service of services) {
    const env = { ...serviceEnvironment(process.env), AUTH_DEV_KEYS_DIR: auth.devKeysDir, [LAUNCHER_IPC_SETTING]: 'on' };
    // The gateway from its startup snapshot where that holds what this start would load (./startup-snapshot.ts).
    const snapshot = service.name === 'gateway' && !fromSources ? startupSnapshotArgs(join(REPO_ROOT, DIST_DIR), env, SERVICE_NODE_FLAGS.gateway ?? []) : [];
    const child = spawn(process.execPath, [...snapshot, ...service.args], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    children.set(service.name, child);
    child.on('message', (message: { listening?: string; url?: string }) => {
      if (message.listening !== service.name || !message.url || listening.has(service.name)) return;
      listening.set(service.name, message.url);
      if (listening.size < services.length) return;
      const gateway = new URL(listening.get('gateway')!);
      // The address as one types it; 127.0.0.1 and 0.0.0.0 are this machine (HOST).
      const shown = ['127.0.0.1', '0.0.0.0'].includes(gateway.hostname) ? `http://localhost:${gateway.port}${gateway.pathname}` : gateway.href;
      process.stdout.write(`The customer graph answers at ${shown} (a browser gets the playground), all ${services.length} services in ${process.uptime().toFixed(1)} s\n`);
    });
    child.on('exit', (code, signal) => {
      if (stopping) return;
      process.stderr.write(`${service.name} stopped (${signal ?? `exit ${code}`}); stopping the others\n`);
      // A service that stops by itself is a failure of the start, whatever its status (found by an outsider: an
      // empty bundle exited 0, and so did npm start).
      stopAll(code || 1);
    });
  }
  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));
  // The terminal closed, or whatever started us is gone: found by an outsider, `kill <npm's pid>` (SIGTERM, as a
  // process manager sends it) ended npm and its shell, which passed nothing on, and this process and the five
  // services ran on as orphans holding the ports and the databases' locks. Once our parent changes, we stop.
  process.on('SIGHUP', () => stopAll(0));
  setInterval(() => { if (!startedBy()) stopAll(0); }, 500).unref();
  process.stdout.write('Starting the customer graph: the gateway and four registers (Ctrl-C stops everything)\n');
}

/** Runs {@link run}; a failure to start is said on stderr, exit status 1. */
export function main(options: { buildChecked?: boolean; rebuild?: boolean } = {}): void {
  run(options).catch((error) => {
    process.stderr.write(`could not start: ${(error as Error).message}\n`);
    process.exit(1);
  });
}

// Run as a script (`node --require tsx/cjs scripts/start.ts`); ./start.cjs calls main() itself.
if (require.main === module) main();

export { servicesBuildIsCurrent } from './build';
