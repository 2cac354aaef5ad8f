// Starts the whole system (scripts/start.ts: four subgraphs and the gateway) as a child process on its own
// ports and data directory, waits until every service is ready, and stops it. Shared by the measuring
// scripts (bench.ts, load.ts), which must never measure a system somebody else left running.
import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT, SUBGRAPHS } from '../shared/src/subgraphs';

/** The gateway listens on BASE_PORT, the subgraphs on the next four ports (in SUBGRAPHS order). */
export const BASE_PORT = 4600;
const HOST = '127.0.0.1';
const READY_WITHIN_MS = 120_000;

export interface SystemProcess {
  /** The gateway's GraphQL endpoint. */
  url: string;
  /** Stops every service (SIGTERM to start.ts, which stops its children and closes the databases). */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Where the embedded databases live; a fresh directory means fresh demo data. */
  dataDir: string;
  /** False runs the benchmark-only mode without access rules and records (UNSAFE_BENCHMARK_WITHOUT_LAW). */
  law?: boolean;
  /** The services' stderr (their warnings and errors); by default it goes to this process's stderr. */
  onStderr?: (text: string) => void;
}

const ports = () => [BASE_PORT, ...SUBGRAPHS.map((_, i) => BASE_PORT + 1 + i)];

/** A port already taken would let us wait for, and then measure, some other running system. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, HOST, () => probe.close(() => resolve(true)));
  });
}

/** Polls each service's readiness endpoint; fails early if the child has already stopped. */
export async function waitReady(portsToWait: number[], child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_WITHIN_MS;
  for (const port of portsToWait) {
    for (;;) {
      if (child && (child.exitCode !== null || child.signalCode !== null)) {
        throw new Error(`the system stopped before port ${port} became ready (${child.signalCode ?? `exit ${child.exitCode}`})`);
      }
      const ok = await fetch(`http://${HOST}:${port}/health/ready`).then((r) => r.ok, () => false);
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`port ${port} did not become ready`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

export async function startSystem(options: StartOptions): Promise<SystemProcess> {
  const busy = [];
  for (const port of ports()) if (!(await portIsFree(port))) busy.push(port);
  if (busy.length) throw new Error(`port(s) ${busy.join(', ')} on ${HOST} are in use; stop whatever listens there first`);

  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: options.dataDir, GATEWAY_PORT: String(BASE_PORT), HOST, LOG_LEVEL: 'warn' };
  SUBGRAPHS.forEach((s, i) => {
    env[`${s.name.toUpperCase()}_PORT`] = String(BASE_PORT + 1 + i);
    env[`${s.name.toUpperCase()}_URL`] = `http://${HOST}:${BASE_PORT + 1 + i}/graphql`;
  });
  if (options.law === false) env.UNSAFE_BENCHMARK_WITHOUT_LAW = 'yes';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'scripts', 'start.ts')], {
    cwd: REPO_ROOT, env, stdio: ['ignore', 'ignore', options.onStderr ? 'pipe' : 'inherit'],
  });
  if (options.onStderr) {
    // Always drain the pipe: a full pipe would block the services' logging and so the services.
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', options.onStderr);
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    await waitReady(ports(), child);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `http://${HOST}:${BASE_PORT}/graphql`, stop };
}
