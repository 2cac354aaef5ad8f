// Starts the whole system (scripts/start.ts: four subgraphs and the gateway) as a child process on its own
// ports and data directory, waits until every service is ready, and stops it. Shared by the measuring
// scripts (bench.ts, load.ts), which must never measure a system somebody else left running.
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT, SUBGRAPHS } from '../shared/src/subgraphs';
import { authConfigFromEnv } from '../shared/src/auth/tokens';
import { childPids, commandLine } from './bench/cpu';

/** The gateway listens on BASE_PORT, the subgraphs on the next four ports (in SUBGRAPHS order). */
export const BASE_PORT = 4600;
const HOST = '127.0.0.1';
// Seeding the demo data takes some 20 s on two idle cores, minutes on a busy machine.
const READY_WITHIN_MS = 300_000;
// One readiness probe: a service that accepted the connection but does not answer (its database busy or stuck)
// is asked again, not waited for until an HTTP client's own timeout (stop 30's CI: a start test waited out
// jest's timeout on one probe, so the failure never said which service it was).
const PROBE_TIMEOUT_MS = 5_000;

export interface SystemProcess {
  /** The gateway's GraphQL endpoint. */
  url: string;
  /** Milliseconds from spawning the system until every service answered ready (its cold start). */
  readyMs: number;
  /** Process id of each service (`gateway`, `joint`, ...), for reading their CPU time and memory. */
  pids: Record<string, number>;
  /** Process id of scripts/start.ts, which spawned them (its CPU is part of a cold start). */
  launcherPid: number;
  /** Each subgraph's GraphQL URL by name. */
  subgraphUrls: Record<string, string>;
  /** Stops every service (SIGTERM to start.ts, which stops its children and closes the databases). */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Where the embedded databases live; a fresh directory means fresh demo data. */
  dataDir: string;
  /** False runs the benchmark-only mode without access rules and records (UNSAFE_BENCHMARK_WITHOUT_LAW). */
  law?: boolean;
  /**
   * Each line the services write (their JSON logs on stdout at LOG_LEVEL=warn, and anything on stderr).
   * Without it their stdout is dropped and their stderr goes to this process's stderr.
   */
  onLogLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** The checkout whose scripts/start.ts runs (default this one; the benchmark's --ref uses another). */
  repoRoot?: string;
  /** The gateway's port; the subgraphs take the next four (default BASE_PORT). */
  basePort?: number;
  /** More environment for every service (e.g. each subgraph's <NAME>_DATABASE_URL). */
  env?: NodeJS.ProcessEnv;
  /** How long every service may take to answer ready, in ms (default 300,000); a test sets less than its own timeout. */
  readyWithinMs?: number;
}

const portsFrom = (base: number) => [base, ...SUBGRAPHS.map((_, i) => base + 1 + i)];

/**
 * The services' processes under start.ts, by name, from their command lines (`subgraphs/<name>/src/index.ts`,
 * or its compiled `dist/subgraphs/<name>/src/index.js`).
 */
function servicePids(startPid: number): Record<string, number> {
  const pids: Record<string, number> = {};
  for (const pid of childPids(startPid)) {
    const entry = commandLine(pid).find((arg) => /(^|\/)(gateway|subgraphs\/\w+)\/src\/index\.[jt]s$/.test(arg));
    const name = entry?.match(/(gateway|subgraphs\/(\w+))\/src\/index\.[jt]s$/);
    if (name) pids[name[2] ?? name[1]] = pid;
  }
  return pids;
}

/** A port already taken would let us wait for, and then measure, some other running system. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, HOST, () => probe.close(() => resolve(true)));
  });
}

/**
 * Whether something accepts connections on `port` (a bare TCP connect, closed at once). Polled before the
 * readiness probe proper: while a service is not yet listening, each refused HTTP request cost this process
 * some 1-2 ms of CPU (node:http's request and error objects; through `fetch`, undici's, more).
 */
export function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: HOST, port });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/**
 * One readiness probe of `http://HOST:port/path`, bounded by `timeoutMs`: 'ok' for a 2xx answer, else what it got
 * (a status and the start of the body, or why there was none). Through node:http, not `fetch`, and only once
 * the port accepts connections ({@link accepts}): a cold start is timed while this process polls on the same
 * two cores (issue 11), and with `fetch` at every 25 ms the polling took 0.24-0.53 CPU s of a 3 s start away
 * from the system it measured (`process.cpuUsage()` around `startSystem`).
 */
function probe(port: number, path: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve) => {
    const req = request({ host: HOST, port, path, timeout: timeoutMs, agent: false }, (res) => {
      const ok = res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => { if (body.length < 200) body += chunk; });
      res.on('end', () => resolve(ok ? 'ok' : `${res.statusCode} ${body.slice(0, 200)}`));
      res.on('error', (error) => resolve(`${error.name}: ${error.message}`));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (error) => resolve(`${error.name}: ${error.message}`));
    req.end();
  });
}

/**
 * Polls each service's readiness endpoint (each probe bounded by 5 s) until all answer 2xx, at most
 * `withinMs` (default 300,000 ms) in all; fails early if the child has already stopped. The error names the
 * port and what its last probe got (a status, or why there was none).
 */
export async function waitReady(
  portsToWait: number[], child?: ChildProcess, path = '/health/ready', withinMs = READY_WITHIN_MS, names: Record<number, string> = {},
): Promise<void> {
  const deadline = Date.now() + withinMs;
  for (const port of portsToWait) {
    for (;;) {
      if (child && (child.exitCode !== null || child.signalCode !== null)) {
        throw new Error(`the system stopped before port ${port} became ready (${child.signalCode ?? `exit ${child.exitCode}`})`);
      }
      const last = await accepts(port) ? await probe(port, path, PROBE_TIMEOUT_MS) : 'nothing listens there';
      if (last === 'ok') break;
      if (Date.now() > deadline) throw new Error(`port ${port}${names[port] ? ` (${names[port]})` : ''} did not become ready within ${withinMs} ms (its last probe: ${last})`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

export async function startSystem(options: StartOptions): Promise<SystemProcess> {
  const basePort = options.basePort ?? BASE_PORT;
  const ports = () => portsFrom(basePort);
  const root = options.repoRoot ?? REPO_ROOT;
  const busy = [];
  for (const port of ports()) if (!(await portIsFree(port))) busy.push(port);
  if (busy.length) throw new Error(`port(s) ${busy.join(', ')} on ${HOST} are in use; stop whatever listens there first`);

  // The services verify with the development keys this process signs its tokens with (not the data dir's own).
  const env: NodeJS.ProcessEnv = {
    ...process.env, DATA_DIR: options.dataDir, GATEWAY_PORT: String(basePort), HOST, LOG_LEVEL: 'warn', AUTH_DEV_KEYS_DIR: authConfigFromEnv().devKeysDir,
    ...options.env,
  };
  const subgraphUrls: Record<string, string> = {};
  SUBGRAPHS.forEach((s, i) => {
    env[`${s.name.toUpperCase()}_PORT`] = String(basePort + 1 + i);
    env[`${s.name.toUpperCase()}_URL`] = subgraphUrls[s.name] = `http://${HOST}:${basePort + 1 + i}/graphql`;
  });
  if (options.law === false) env.UNSAFE_BENCHMARK_WITHOUT_LAW = 'yes';
  const onLogLine = options.onLogLine;
  const spawned = Date.now();
  // As `npm start` runs it (package.json): the launcher compiled into dist/ where that is current (scripts/start.cjs);
  // a checkout from before it (`--ref`, `--repo`), through tsx's CommonJS hook as its `npm start` did.
  const launcher = existsSync(join(root, 'scripts', 'start.cjs')) ? [join(root, 'scripts', 'start.cjs')] : ['--require', 'tsx/cjs', join(root, 'scripts', 'start.ts')];
  const child: ChildProcess = spawn(process.execPath, launcher, {
    cwd: root, env, stdio: onLogLine ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'ignore', 'inherit'],
  });
  if (onLogLine) {
    // Always drain the pipes: a full pipe would block the services' logging and so the services.
    for (const [name, stream] of [['stdout', child.stdout!], ['stderr', child.stderr!]] as const) {
      let partial = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const lines = (partial + chunk).split('\n');
        partial = lines.pop()!;
        for (const line of lines) if (line.trim()) onLogLine(line, name);
      });
    }
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    const names = Object.fromEntries(ports().map((port, i) => [port, i === 0 ? 'gateway' : SUBGRAPHS[i - 1].name]));
    await waitReady(ports(), child, undefined, options.readyWithinMs, names);
  } catch (error) {
    await stop();
    throw error;
  }
  const readyMs = Date.now() - spawned;
  return { url: `http://${HOST}:${basePort}/graphql`, readyMs, pids: servicePids(child.pid!), launcherPid: child.pid!, subgraphUrls, stop };
}
