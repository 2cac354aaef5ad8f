// CPU per request of each process, read from the operating system (issue 11): starts the four subgraphs
// and the gateway as separate processes on their own ports (4700-4704) and data directory, sends N
// requests of one scenario, and divides the change of each process's user+system CPU time
// (/proc/<pid>/stat utime+stime) by N. The figure is CPU-milliseconds per request, which other work on a
// shared machine disturbs far less than throughput or latency. Also prints each process's resident
// memory (RSS) after the run, and the fixed and per-customer cost fitted over the page sizes.
//
//   npx tsx scripts/profile.ts                                caseload at 10 and 100 customers, 60 requests each
//   npx tsx scripts/profile.ts --scenario full --requests 100 the single-customer full view
//   npx tsx scripts/profile.ts --sizes 10,50,100 --concurrency 4
//   npx tsx scripts/profile.ts --cpu-prof joint,gateway      also writes V8 CPU profiles of those processes
//                                                            (profile-out/<name>.cpuprofile, see --prof-dir)
//                                                            and prints their top self-time functions
//   npx tsx scripts/profile.ts --age-access-log 12000         first ages every register's database as that
//                                                            many requests of the scenario would (access-log
//                                                            entries copied from real ones, sealed); with
//                                                            --age-disclosures N also N disclosure records;
//                                                            --age-only stops after aging (the growth test)
//   npx tsx scripts/profile.ts --repeat 10 --sizes 100       measures 10 times over in the same processes
//   npx tsx scripts/profile.ts --summarize file.cpuprofile    prints the summary of an existing profile
//   npx tsx scripts/profile.ts --data-dir DIR                 reuses DIR (seeded on first use) instead of a fresh one
//
// On a machine shared with others run it under a lock so no two measurements overlap:
//   flock /tmp/bench.lock npx tsx scripts/profile.ts
// Linux only (/proc). The caller and the caseload query are those of scripts/bench.ts.
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GraphQLObjectType } from 'graphql';
import { actorFromClaims, authConfigFromEnv, ensureDevKeys, signDevToken } from '../shared/src/auth/tokens';
import { presetClaims } from '../shared/src/auth/presets';
import { demoPopulation } from '../shared/src/demo/population';
import { areaOfMunicipality } from '../shared/src/law/areas';
import type { CategoryName } from '../shared/src/law/categories';
import { decide } from '../shared/src/law/rules';
import { REPO_ROOT, SUBGRAPHS, subgraphTypeDefs } from '../shared/src/subgraphs';
import { CASELOAD_QUERY } from '../tests/support/queries';
import { apiSchema, FieldRef, selectAll } from '../tests/support/selection';
import { waitReady } from './system-process';
import { addToBenchCaseload } from './bench/caseload-data';
import { extraCaseload } from './bench/scenarios';
import { sampleRss } from './bench/cpu';
import { SERVICE_NODE_FLAGS } from './build';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};

const BASE_PORT = Number(option('port', '4700'));
const HOST = '127.0.0.1';
const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux (getconf CLK_TCK)
const PAGE_SIZE = 4096;

const services = [
  ...SUBGRAPHS.map((s, i) => ({ name: s.name, entry: join('subgraphs', s.name, 'src', 'index.ts'), port: BASE_PORT + 1 + i })),
  { name: 'gateway', entry: join('gateway', 'src', 'index.ts'), port: BASE_PORT },
];

/** CPU seconds (user + system) and resident bytes of one process, from /proc/<pid>/stat. */
function processStat(pid: number): { cpuSeconds: number; rssBytes: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may hold spaces: fields are counted after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  const rssPages = Number(fields[21]);
  return { cpuSeconds: (utime + stime) / CLOCK_TICKS_PER_SECOND, rssBytes: rssPages * PAGE_SIZE };
}

interface Running { name: string; child: ChildProcess; exited: Promise<void> }

/** Starts every service as a child of this process (so their pids are known), each with its own node flags. */
async function startServices(dataDir: string, profileNames: string[], profDir: string): Promise<Running[]> {
  const auth = authConfigFromEnv();
  await ensureDevKeys(auth.devKeysDir);
  const env: NodeJS.ProcessEnv = {
    ...process.env, DATA_DIR: dataDir, GATEWAY_PORT: String(BASE_PORT), HOST, LOG_LEVEL: 'warn', AUTH_DEV_KEYS_DIR: auth.devKeysDir,
  };
  for (const s of services.filter((s) => s.name !== 'gateway')) {
    env[`${s.name.toUpperCase()}_PORT`] = String(s.port);
    env[`${s.name.toUpperCase()}_URL`] = `http://${HOST}:${s.port}/graphql`;
  }
  const running: Running[] = [];
  for (const s of services) {
    const flags = [...SERVICE_NODE_FLAGS[s.name] ?? [], ...profileNames.includes(s.name) ? ['--cpu-prof', '--cpu-prof-dir', join(profDir, s.name)] : []];
    // Loaded as `npm start` loads them (scripts/start.ts: tsx's CommonJS hook, no ES-module loader thread).
    const child = spawn(process.execPath, [...flags, '--require', 'tsx/cjs', s.entry], { cwd: REPO_ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
    running.push({ name: s.name, child, exited: new Promise((r) => child.once('exit', () => r())) });
    // The joint register first: the others ask it about consents. Seeding goes one register at a time.
    if (s.name === 'joint') await waitReady([s.port], child);
  }
  await waitReady(services.map((s) => s.port));
  return running;
}

async function stopServices(running: Running[]) {
  for (const r of running) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGTERM');
  await Promise.all(running.map((r) => r.exited));
}

interface Scenario { name: string; size: number; body: string }

async function scenarios(which: string, sizes: number[]): Promise<{ token: string; list: Scenario[] }> {
  const auth = authConfigFromEnv();
  const official = presetClaims('employment-work-ability-coordinator');
  const token = await signDevToken(auth, official, '2h');
  const list: Scenario[] = [];
  if (which.split(',').includes('caseload')) {
    for (const size of sizes) list.push({ name: 'caseload', size, body: JSON.stringify({ query: CASELOAD_QUERY, variables: { first: size } }) });
  }
  if (which.split(',').includes('full')) {
    // The full view of scripts/bench.ts: every field this official may read of one customer, logs aside.
    const classification = new Map<string, CategoryName>(SUBGRAPHS.flatMap((s) => [...subgraphTypeDefs(s).classification]));
    const customer = demoPopulation().find((c) => c.responsibleOfficials.EMPLOYMENT.id === official.sub)!;
    const actor = actorFromClaims(official as never);
    const area = areaOfMunicipality(customer.homeMunicipality);
    const denied = (f: FieldRef) => {
      const category = classification.get(`${f.type}.${f.field}`);
      return !category || !decide(actor, category, customer.id, 'read', [], area).allowed;
    };
    const query = `query FullView($id: ID!) { customer(id: $id) { ${selectAll(apiSchema().getType('Customer') as GraphQLObjectType, (f) => /AccessLog$|^disclosures$/.test(f.field) || denied(f))} } }`;
    list.push({ name: 'full view', size: 1, body: JSON.stringify({ query, variables: { id: customer.id } }) });
  }
  return { token, list };
}

async function post(url: string, token: string, body: string): Promise<{ data?: { caseload?: { edges: unknown[] } }; errors?: unknown[] }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
  const json = await response.json() as { data?: { caseload?: { edges: unknown[] } }; errors?: unknown[] };
  if (!response.ok || json.errors?.length) throw new Error(`the query does not answer cleanly: ${JSON.stringify(json).slice(0, 300)}`);
  return json;
}

interface Row { scenario: string; customers: number; requests: number; seconds: number; cpuMs: Record<string, number>; rssMb: Record<string, number>; rssPeakMb: Record<string, number> }

async function measure(url: string, token: string, scenario: Scenario, running: Running[], requests: number, concurrency: number, warmup: number): Promise<Row> {
  const probe = await post(url, token, scenario.body);
  const customers = probe.data?.caseload ? probe.data.caseload.edges.length : 1;
  for (let i = 0; i < warmup; i++) await post(url, token, scenario.body);
  const before = new Map(running.map((r) => [r.name, processStat(r.child.pid!)]));
  // The peak under load, sampled every 50 ms (the figure the benchmark reports for the gateway).
  const samplers = running.map((r) => [r.name, sampleRss(r.child.pid!, 50)] as const);
  const started = process.hrtime.bigint();
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < requests) {
      next += 1;
      await post(url, token, scenario.body);
    }
  }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuMs: Record<string, number> = {};
  const rssMb: Record<string, number> = {};
  const rssPeakMb = Object.fromEntries(samplers.map(([name, sampler]) => [name, sampler.stop().peak / 2 ** 20]));
  for (const r of running) {
    const after = processStat(r.child.pid!);
    cpuMs[r.name] = ((after.cpuSeconds - before.get(r.name)!.cpuSeconds) * 1000) / requests;
    rssMb[r.name] = after.rssBytes / 2 ** 20;
  }
  return { scenario: scenario.name, customers, requests, seconds, cpuMs, rssMb, rssPeakMb };
}

/**
 * Ages every register's database as a long load would (issue 11, "growth with time"): `rows` more access-log
 * entries in each register, copies (new ids and times) of the entries the measured scenario wrote there
 * (`template`: a few requests sent before aging, so the shape is real: a caseload of 100 is one entry of 100
 * customer ids per register), written in batches of 100 and sealed after each batch by the registers' own
 * sealer (../shared/src/logs/chain.ts `sealChain`), as the running register seals them about once a second.
 * So the tables end as after that many requests: each entry inserted once and updated once by its seal.
 * The joint register also gets `disclosures` disclosure records (employer reads), sealed the same way.
 */
async function ageRegisters(dataDir: string, rows: number, disclosures: number) {
  const { PGlite } = await import('@electric-sql/pglite');
  const { LOG_CHAINS, sealChain } = await import('../shared/src/logs/chain');
  const { createLogSigner } = await import('../shared/src/logs/signing');
  for (const s of SUBGRAPHS) {
    const started = Date.now();
    const db = await PGlite.create(resolve(dataDir, s.name, 'pglite'));
    const chainDb = {
      $queryRawUnsafe: async (sql: string, ...values: unknown[]) => (await db.query(sql, values)).rows,
      $transaction: <T>(fn: (tx: unknown) => Promise<T>) => db.transaction((tx) =>
        fn({ $queryRawUnsafe: async (sql: string, ...values: unknown[]) => (await tx.query(sql, values)).rows })),
    };
    const signer = await createLogSigner(s.register);
    const seal = async () => { for (const spec of LOG_CHAINS[s.register]) await sealChain(chainDb as never, signer, spec); };
    await seal();
    // The newest entries (the template requests'), as many as one request writes at most.
    const { rows: [{ n }] } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "AccessLogEntry" WHERE "requestId" = (SELECT "requestId" FROM "AccessLogEntry" ORDER BY at DESC LIMIT 1)`);
    const per = Math.max(1, n);
    for (let done = 0; done < rows; done += 100) {
      const batch = Math.min(100, rows - done);
      await db.query(`INSERT INTO "AccessLogEntry" (id, "requestId", "actorId", "actorOrganisationKind", "actorOrganisationId", "actorRoles", "customerIds", categories, operation, "operationName", outcome, at)
        SELECT gen_random_uuid(), gen_random_uuid()::text, t."actorId", t."actorOrganisationKind", t."actorOrganisationId", t."actorRoles", t."customerIds", t.categories, t.operation, t."operationName", t.outcome,
               now() - ((${rows} - ${done} - g) * interval '100 milliseconds')
        FROM (SELECT * FROM "AccessLogEntry" ORDER BY at DESC LIMIT ${per}) t CROSS JOIN generate_series(1, ${Math.ceil(batch / per)}) g`);
      if (s.name === 'joint' && disclosures > 0) {
        const consent = (await db.query<{ id: string; customerId: string }>('SELECT id, "customerId" FROM "Consent" LIMIT 1')).rows[0];
        const count = Math.round((disclosures * batch) / rows);
        if (consent && count > 0) {
          await db.query(`INSERT INTO "DisclosureRecord" (id, "customerId", "consentId", "recipientType", "recipientId", "recipientOrganisationId", purpose, categories, fields, register, "disclosedAt", "requestId")
            SELECT gen_random_uuid(), $1, $2, 'EMPLOYER', 'aging-employer', 'aging-org', 'aging', ARRAY['IDENTIFICATION'], ARRAY['Customer.firstNames'], 'JOINT', now() - (g || ' seconds')::interval, gen_random_uuid()::text
            FROM generate_series(1, $3::int) g`, [consent.customerId, consent.id, count]);
        }
      }
      await seal();
    }
    await db.close();
    console.log(`aged ${s.name}: ${rows} access-log entries (${per} per request) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

/** Self time per function of a V8 CPU profile, optionally over [fromMs, toMs) of its own clock measured from its end. */
export function summarizeProfile(file: string, top = 25, lastMs?: number): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as {
    nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
    samples: number[]; timeDeltas: number[]; startTime: number; endTime: number;
  };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const groups = new Map<string, number>();
  let total = 0;
  let t = profile.startTime;
  const from = lastMs === undefined ? -Infinity : profile.endTime - lastMs * 1000;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i];
    const dt = profile.timeDeltas[i + 1] ?? 0;
    if (t < from) return;
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)') return;
    const url = frame.url.replace(/^file:\/\//, '').replace(REPO_ROOT + '/', '');
    const where = url ? `${url.replace(/.*node_modules\//, '')}:${frame.lineNumber + 1}` : '';
    const key = `${frame.functionName || '(anonymous)'} ${where}`;
    self.set(key, (self.get(key) ?? 0) + dt);
    const group = /pglite|^wasm:/.test(url) ? 'PGlite' : /@prisma|\/prisma\/|generated\/prisma/.test(url) ? 'Prisma'
      : /graphql-shield|graphql-middleware/.test(url) ? 'graphql-shield' : /@apollo\/gateway|query-planner|federation-internals/.test(url) ? 'Apollo gateway/query planner'
        : /node_modules\/graphql\//.test(url) ? 'graphql-js' : /@apollo\/server|@apollo\/subgraph/.test(url) ? 'Apollo server/subgraph'
          : frame.functionName === '(garbage collector)' ? 'GC' : /node_modules/.test(url) ? 'other libraries' : url.startsWith('node:') || !url ? 'node/V8 internals'
            : 'our code';
    groups.set(group, (groups.get(group) ?? 0) + dt);
    total += dt;
  });
  const lines = [`${file}: ${(total / 1000).toFixed(0)} ms sampled${lastMs ? ` (last ${(lastMs / 1000).toFixed(1)} s)` : ''}`];
  lines.push('  by part: ' + [...groups].sort((a, b) => b[1] - a[1]).map(([g, us]) => `${g} ${((100 * us) / total).toFixed(1)} %`).join(', '));
  for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    lines.push(`  ${((100 * us) / total).toFixed(1).padStart(5)} %  ${key}`);
  }
  return lines.join('\n');
}

async function main() {
  if (args.includes('--summarize')) {
    console.log(summarizeProfile(option('summarize', ''), Number(option('top', '25'))));
    return;
  }
  const sizes = option('sizes', '10,100').split(',').map(Number);
  const requests = Number(option('requests', '60'));
  const concurrency = Number(option('concurrency', '4'));
  const warmup = Number(option('warmup', '15'));
  const profileNames = args.includes('--cpu-prof') ? option('cpu-prof', 'joint,gateway').split(',') : [];
  const profDir = resolve(option('prof-dir', join(REPO_ROOT, 'profile-out')));
  const given = option('data-dir', '');
  const dataDir = given ? resolve(given) : mkdtempSync(join(tmpdir(), 'cg-profile-'));
  const age = Number(option('age-access-log', '0'));
  const { token, list } = await scenarios(option('scenario', 'caseload'), sizes);
  const url = `http://${HOST}:${BASE_PORT}/graphql`;

  if (age > 0) {
    // Seed first (a start on an empty directory) and send a few requests of each scenario, whose access-log
    // entries are the template of the aging; then age every register's tables while they are down.
    const seeding = await startServices(dataDir, [], profDir);
    try {
      for (const scenario of list) for (let i = 0; i < 3; i++) await post(url, token, scenario.body);
    } finally {
      await stopServices(seeding);
    }
    await ageRegisters(dataDir, age, Number(option('age-disclosures', '0')));
    if (args.includes('--age-only')) return;
  }
  // A page larger than the caller's caseload (about 112) needs more customers in it, as the benchmark adds them.
  const extra = extraCaseload(Math.max(...sizes));
  if (extra.length > 0) {
    if (!existsSync(join(dataDir, 'joint', 'pglite'))) await stopServices(await startServices(dataDir, [], profDir));
    const added = await addToBenchCaseload({ dataDir }, extra);
    if (added > 0) console.log(`${added} customers added to the caller's caseload`);
  }
  for (const name of profileNames) { rmSync(join(profDir, name), { recursive: true, force: true }); mkdirSync(join(profDir, name), { recursive: true }); }
  const running = await startServices(dataDir, profileNames, profDir);
  const rows: Row[] = [];
  let measuringStarted = 0;
  try {
    // --repeat R measures the scenarios R times over in the same processes (growth within a process).
    for (let round = 0; round < Number(option('repeat', '1')); round++) {
      for (const scenario of list) {
        if (!measuringStarted) measuringStarted = Date.now();
        rows.push(await measure(url, token, scenario, running, requests, concurrency, round === 0 ? warmup : 0));
        if (args.includes('--repeat')) { const r = rows.at(-1)!; console.log(`round ${round + 1} ${r.scenario} ${r.customers}: ${services.map((s) => `${s.name} ${r.cpuMs[s.name].toFixed(1)} ms ${r.rssMb[s.name].toFixed(0)} MB`).join(', ')}, ${(r.requests / r.seconds).toFixed(1)} req/s`); }
      }
    }
  } finally {
    const stopAt = Date.now();
    await stopServices(running);
    const window = stopAt - measuringStarted;
    for (const name of profileNames) {
      const dir = join(profDir, name);
      const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
      if (!file) { console.log(`no profile written by ${name}`); continue; }
      const target = join(profDir, `${name}.cpuprofile`);
      renameSync(join(dir, file), target);
      rmSync(dir, { recursive: true, force: true });
      // Only the measured requests (plus the stop), not the start.
      console.log(summarizeProfile(target, Number(option('top', '25')), window));
    }
    if (!given) rmSync(dataDir, { recursive: true, force: true });
  }

  const names = services.map((s) => s.name);
  console.log(`\n${new Date().toISOString()}  node ${process.version}  ${requests} requests per row, ${concurrency} concurrent, after ${warmup} warm-up requests${age ? `, every register aged by ${age} access-log entries` : ''}`);
  console.log(`CPU ms per request (user+system, from /proc/<pid>/stat)\n`);
  console.log(`| scenario | customers | ${names.join(' | ')} | all | req/s |`);
  console.log(`|---|---|${names.map(() => '---|').join('')}---|---|`);
  for (const r of rows) {
    const all = names.reduce((sum, n) => sum + r.cpuMs[n], 0);
    console.log(`| ${r.scenario} | ${r.customers} | ${names.map((n) => r.cpuMs[n].toFixed(1)).join(' | ')} | ${all.toFixed(1)} | ${(r.requests / r.seconds).toFixed(1)} |`);
  }
  const caseload = rows.filter((r) => r.scenario === 'caseload');
  // Two different page sizes are needed for a line (with --repeat the same size comes back: no fit).
  if (caseload.length >= 2 && caseload[0].customers !== caseload.at(-1)!.customers) {
    const [a, b] = [caseload[0], caseload.at(-1)!];
    const span = b.customers - a.customers;
    console.log(`\nfitted over ${a.customers} and ${b.customers} customers: fixed ms per request + ms per customer`);
    for (const n of [...names, 'all']) {
      const cost = (r: Row) => (n === 'all' ? names.reduce((sum, m) => sum + r.cpuMs[m], 0) : r.cpuMs[n]);
      const perCustomer = (cost(b) - cost(a)) / span;
      console.log(`  ${n.padEnd(10)} ${(cost(a) - perCustomer * a.customers).toFixed(1).padStart(6)} ms + ${perCustomer.toFixed(3)} ms/customer`);
    }
  }
  console.log(`\nRSS after the run (MB): ${names.map((n) => `${n} ${rows.at(-1)!.rssMb[n].toFixed(0)}`).join(', ')}`);
  console.log(`RSS peak during each row (MB, sampled every 50 ms): ${rows.map((r) => `${r.scenario} ${r.customers}: ${names.map((n) => `${n} ${r.rssPeakMb[n].toFixed(0)}`).join(', ')}`).join('; ')}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
