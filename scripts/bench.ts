// Benchmarks the customer graph through its gateway: the caseload query at several page sizes (fields
// from all four registers) and the single-customer full view. For each it prints throughput, latency,
// the CPU milliseconds per request of every process (gateway and each subgraph, read from the OS), the
// gateway's memory, the fixed cost per request and the cost per customer, and the cold start of the
// whole system; side by side, in alternating rounds, with a checkout of another git ref, Hive Gateway, the
// law off, and on PostgreSQL. BENCHMARKS.md documents every option; `npm run bench -- --help` lists them.
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { SUBGRAPHS } from '../shared/src/subgraphs';
import { createDatabases, PostgresCluster } from '../tests/support/postgres';
import { addToBenchCaseload } from './bench/caseload-data';
import { cpuSnapshot } from './bench/cpu';
import { startHiveGateway, PeerGateway } from './bench/hive';
import { Figures, LoadSettings, measure, probe, Target } from './bench/measure';
import { BenchOptions, parseBenchArgs, USAGE } from './bench/options';
import { checkoutRef } from './bench/ref';
import { figuresTable, pageSizeTable, ratioTable } from './bench/report';
import { benchTokens, caseloadScenario, extraCaseload, fullViewScenario, Scenario } from './bench/scenarios';
import { startSystem, SystemProcess } from './system-process';
import { ensureServicesBuilt } from './build';
import { ensureDemoTemplates } from './demo-templates';

/**
 * Seconds of uncounted load per system and scenario before the first round. 10, not 3: V8 is still compiling
 * the hot paths after a few hundred requests (the gateway alone at 10 customers, 300 requests a round in one
 * process: 6.4, 4.2, 3.1, 3.1, 3.2, 2.7 CPU ms; BENCHMARKS.md change 26), and a service serves warm code.
 * Every system gets the same warm-up, so the ratios stay fair.
 */
const WARM_UP_SECONDS = 10;

/**
 * The benchmark measures cost, not timeouts: on a busy machine it waits for slow answers (the defaults are
 * 5 s at the gateway and 3 s between registers, which `npm run load` keeps, since failing closed is what it tests).
 */
const BENCH_ENV = {
  SUBGRAPH_TIMEOUT_MS: process.env.SUBGRAPH_TIMEOUT_MS ?? '60000',
  JOINT_TIMEOUT_MS: process.env.JOINT_TIMEOUT_MS ?? '30000',
  REGISTER_TIMEOUT_MS: process.env.REGISTER_TIMEOUT_MS ?? '30000',
};

/** Port blocks: each system's gateway, its subgraphs on the next four. */
const PORTS = { ours: 4600, ref: 4610, hiveOff: 4620, hiveOn: 4621, lawOff: 4630, fresh: 4640 };

interface SystemSpec { name: string; root?: string; basePort: number; law: boolean }

interface Started {
  spec: SystemSpec; system: SystemProcess; dataDir: string; drop?: () => Promise<void>;
  /** Time to ready on an empty data directory and on existing data, ms. */
  coldEmptyMs: number; coldExistingMs: number;
  /** CPU seconds each process had spent when the system was ready, on empty and on existing data. */
  startCpuEmpty: Record<string, number>; startCpuExisting: Record<string, number>;
}

const log = (message: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

/**
 * Starts a system on an empty data directory (or empty databases): the cold start with seeding; then
 * stops it, adds the bench caller's extra caseload, and starts it again: the cold start on existing data.
 */
async function startMeasured(spec: SystemSpec, largestPage: number, cluster?: PostgresCluster): Promise<Started> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cg-bench-data-'));
  const postgres = cluster ? await createDatabases(cluster.adminUrl, SUBGRAPHS.map((s) => s.name)) : undefined;
  const env = { ...BENCH_ENV, ...Object.fromEntries(Object.entries(postgres?.urls ?? {}).map(([name, url]) => [`${name.toUpperCase()}_DATABASE_URL`, url])) };
  const start = () => startSystem({ dataDir, law: spec.law, repoRoot: spec.root, basePort: spec.basePort, env });
  log(`${spec.name}: starting on ${postgres ? 'empty PostgreSQL databases (migrations and demo data)' : 'an empty data directory (the build\'s demo databases copied, or migrations and demo data)'}`);
  let first: SystemProcess;
  let system: SystemProcess;
  let startCpuEmpty: Record<string, number>;
  let startCpuExisting: Record<string, number>;
  try {
    first = await start();
    startCpuEmpty = cpuSnapshot({ 'start.ts': first.launcherPid, ...first.pids });
    await first.stop();
    const added = await addToBenchCaseload(postgres ? { url: postgres.urls.joint } : { dataDir }, extraCaseload(largestPage));
    log(`${spec.name}: ready in ${(first.readyMs / 1000).toFixed(1)} s; ${added} customers added to the bench caller's caseload; restarting on existing data`);
    system = await start();
    startCpuExisting = cpuSnapshot({ 'start.ts': system.launcherPid, ...system.pids });
  } catch (error) {
    // startSystem stops what it started when it fails; the data is ours to remove.
    await postgres?.drop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return { spec, system, dataDir, coldEmptyMs: first.readyMs, coldExistingMs: system.readyMs, startCpuEmpty, startCpuExisting, drop: postgres?.drop };
}

async function stopStarted(s: Started) {
  await s.system.stop();
  await s.drop?.();
  rmSync(s.dataDir, { recursive: true, force: true });
}

/** The PostgreSQL server's main process (first line of postmaster.pid in its data directory). */
const postmasterPid = (cluster: PostgresCluster) => Number(readFileSync(join(cluster.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);

/** Every scenario once on every target per round; the order of the targets turns each round. */
async function rounds(targets: Target[], scenarios: Scenario[], load: LoadSettings, count: number): Promise<Figures[]> {
  const figures: Figures[] = [];
  // Warm-up, not counted: a process just started runs cold code (V8 compiles the hot paths only after some
  // requests), and the first system measured would pay for it for everybody whose subgraphs it shares.
  const warmUp = { ...load, duration: Math.min(load.duration, WARM_UP_SECONDS) };
  for (const target of targets) {
    for (const scenario of scenarios) {
      log(`warm-up: ${target.name}, ${scenario.name}`);
      await measure(target, scenario, warmUp);
    }
  }
  for (let round = 1; round <= count; round++) {
    const order = targets.map((_, i) => targets[(i + round - 1) % targets.length]);
    for (const target of order) {
      for (const scenario of scenarios) {
        log(`round ${round}/${count}: ${target.name}, ${scenario.name}`);
        figures.push(await measure(target, scenario, load, round));
      }
    }
  }
  return figures;
}

/** `--soak`: loads the caseload for `minutes`, then compares the soaked system with itself restarted and with a fresh one. */
async function soak(ours: Started, options: BenchOptions, load: LoadSettings, largestPage: number): Promise<Figures[]> {
  const scenario = caseloadScenario(100);
  const figures: Figures[] = [];
  log(`soak: loading ${ours.spec.name} with the caseload for ${options.soakMinutes} minutes`);
  await probe(ours.system.url, scenario, load.tokens[0]);
  await autocannon({
    url: ours.system.url, method: 'POST', connections: load.connections, duration: options.soakMinutes * 60, body: scenario.body,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${load.tokens[0]}` },
  });
  figures.push(await measure({ name: `soaked ${options.soakMinutes} min`, url: ours.system.url, pids: ours.system.pids }, scenario, load));
  await ours.system.stop();
  ours.system = await startSystem({ dataDir: ours.dataDir, law: ours.spec.law, basePort: ours.spec.basePort, env: BENCH_ENV });
  // The restarted and the fresh system are warmed up as the soaked one is, so that only the soak differs.
  const warmUp = { ...load, duration: Math.min(load.duration, WARM_UP_SECONDS) };
  const restarted = { name: 'restarted on the soaked data', url: ours.system.url, pids: ours.system.pids };
  await measure(restarted, scenario, warmUp);
  figures.push(await measure(restarted, scenario, load));
  const fresh = await startMeasured({ name: 'fresh', basePort: PORTS.fresh, law: true }, largestPage);
  try {
    const target = { name: 'fresh (new data)', url: fresh.system.url, pids: fresh.system.pids };
    await measure(target, scenario, warmUp);
    figures.push(await measure(target, scenario, load));
  } finally {
    await stopStarted(fresh);
  }
  return figures;
}

/** The whole measurement on one database kind: start the systems, alternate the rounds, print. */
async function runBackend(options: BenchOptions, backend: 'embedded PGlite' | 'PostgreSQL', cluster?: PostgresCluster) {
  const largestPage = Math.max(...options.sizes);
  const load: LoadSettings = { duration: options.duration, connections: options.connections, tokens: await benchTokens(options.sameCaller ? 1 : 2 * options.connections) };
  const specs: SystemSpec[] = [{ name: 'ours', basePort: PORTS.ours, law: true }];
  if (options.ref) {
    const checkout = checkoutRef(options.ref);
    specs.push({ name: options.ref, root: checkout.root, basePort: PORTS.ref, law: true });
  }
  // The full view asks only the fields every system compared has (a ref may predate some).
  const scenarios = [...options.sizes.map(caseloadScenario), fullViewScenario(specs.flatMap((s) => (s.root ? [s.root] : [])))];
  if (options.compareLaw) specs.push({ name: 'ours, law off', basePort: PORTS.lawOff, law: false });
  // What `npm install` leaves in this checkout (postinstall: scripts/build.ts), made before any start is timed:
  // the compiled services and each register's demo database, so that the cold start measures a start, not a
  // build (a ref's checkout got its own from `npm ci`).
  if (await ensureServicesBuilt()) log('ours: compiled the services (scripts/build.ts)');
  const madeDemo = await ensureDemoTemplates();
  if (madeDemo.length) log(`ours: migrated and seeded the demo databases of ${madeDemo.join(', ')} (scripts/demo-templates.ts)`);
  const started: Started[] = [];
  const peers: PeerGateway[] = [];
  try {
    for (const spec of specs) started.push(await startMeasured(spec, largestPage, cluster));
    // On PostgreSQL the database's work is done in the server's processes: counted as `postgresql` (the
    // cluster is shared, but only one system is loaded at a time).
    const trees = cluster ? { postgresql: postmasterPid(cluster) } : undefined;
    const targets: Target[] = started.map((s) => ({ name: s.spec.name, url: s.system.url, pids: s.system.pids, trees }));
    if (options.peer === 'hive') {
      const ours = started[0].system;
      const subgraphPids = Object.fromEntries(Object.entries(ours.pids).filter(([name]) => name !== 'gateway'));
      for (const [deduplicate, port] of [[false, PORTS.hiveOff], [true, PORTS.hiveOn]] as const) {
        const hive = await startHiveGateway(port, ours.subgraphUrls, deduplicate);
        peers.push(hive);
        targets.push({ name: `hive, dedup ${deduplicate ? 'on' : 'off'}`, url: hive.url, pids: { gateway: hive.pid, ...subgraphPids }, trees });
      }
    }
    const figures = await rounds(targets, scenarios, load, options.rounds);
    const soaked = options.soakMinutes > 0 && backend === 'embedded PGlite' ? await soak(started[0], options, load, largestPage) : [];
    printBackend(options, backend, started, figures, soaked);
  } finally {
    for (const peer of peers) await peer.stop();
    for (const s of started) await stopStarted(s);
  }
}

function printBackend(options: BenchOptions, backend: string, started: Started[], figures: Figures[], soaked: Figures[]) {
  const out: string[] = [];
  out.push(`\n## ${backend}: ${options.connections} connections, ${options.duration} s per scenario, ${options.rounds} round(s), ${options.sameCaller ? 'one caller' : 'distinct callers (one token per request in turn)'}\n`);
  out.push('Cold start of the whole system (spawn to every service ready; targets 15 s and 3 s), and the CPU seconds each process had spent by then:\n');
  out.push('| system | empty data (migrate, seed) s | existing data s | CPU s to ready, empty data | CPU s to ready, existing data |', '|---|---|---|---|---|');
  const cpuList = (cpu: Record<string, number>) => `${Object.entries(cpu).map(([name, sec]) => `${name} ${sec.toFixed(1)}`).join(', ')}; `
    + `total ${Object.values(cpu).reduce((a, b) => a + b, 0).toFixed(1)}`;
  for (const s of started) {
    out.push(`| ${s.spec.name} | ${(s.coldEmptyMs / 1000).toFixed(1)} | ${(s.coldExistingMs / 1000).toFixed(1)} | ${cpuList(s.startCpuEmpty)} | ${cpuList(s.startCpuExisting)} |`);
  }
  out.push('', 'Median over rounds (requests and errors summed); CPU from /proc per process:\n', figuresTable(figures));
  const fit = pageSizeTable(figures);
  if (fit) out.push('', 'CPU per request over the caseload page size (least squares over every round): fixed cost per request and cost per customer:\n', fit);
  for (const base of ['ours', 'hive, dedup off'].filter((b) => figures.some((f) => f.target === b))) {
    const ratios = ratioTable(figures.filter((f) => base === 'ours' || f.target.startsWith('hive')), base);
    if (ratios) out.push('', `Ratios per round, median (min-max):\n`, ratios);
  }
  if (soaked.length) out.push('', `Soak: the caseload of 100 after ${options.soakMinutes} min of load, after a restart on that data, and on fresh data:\n`, figuresTable(soaked));
  console.log(out.join('\n'));
}

async function main() {
  let options: BenchOptions;
  try {
    options = parseBenchArgs(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message === USAGE ? USAGE : `${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  console.log(`# Benchmark ${new Date().toISOString()}  node ${process.version}  ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}  ${Math.round(totalmem() / 2 ** 30)} GiB  load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`command: npm run bench -- ${process.argv.slice(2).join(' ')}`);
  if (options.url) {
    const load: LoadSettings = { duration: options.duration, connections: options.connections, tokens: await benchTokens(options.sameCaller ? 1 : 2 * options.connections) };
    const figures = await rounds([{ name: 'as running', url: options.url, pids: {} }], [caseloadScenario(100), fullViewScenario()], load, options.rounds);
    console.log(figuresTable(figures));
    return;
  }
  await runBackend(options, 'embedded PGlite');
  if (options.postgres) {
    const cluster = await PostgresCluster.create();
    try {
      await runBackend(options, 'PostgreSQL', cluster);
    } finally {
      cluster.destroy();
    }
  }
  console.log(`\nload average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')} (on a shared machine throughput is noisy; CPU per request is the robust figure)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
