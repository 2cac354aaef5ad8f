// The system as separate processes, as `npm start` runs it: for tests of faults (a subgraph stopped,
// hanging or killed, its database down). Each service gets a free loopback port.
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT, SUBGRAPHS } from '../../shared/src/subgraphs';
import { builtEntry, ensureServicesBuilt, SERVICE_NODE_FLAGS } from '../../scripts/build';

/**
 * A loopback port that is free now, for a child process to listen on a moment later.
 *
 * Chosen at random below the kernel's ephemeral range (`ip_local_port_range`, 32768-60999 on Linux),
 * not by `listen(0)`: a port from the ephemeral range, once closed, can be taken by any outgoing
 * connection of any process (a register's connections to PostgreSQL, another jest worker's fetch) before
 * the child binds it, which made a child die with EADDRINUSE now and then. Below that range only another
 * listener can take it, and other callers of this function pick at random among ~12,000 ports.
 */
export async function freePort(): Promise<number> {
  const ephemeralLow = ephemeralRangeStart();
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20000 + Math.floor(Math.random() * (ephemeralLow - 20000));
    if (await canListen(port)) return port;
  }
  throw new Error('no free port found below the ephemeral range');
}

function ephemeralRangeStart(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    if (low > 21000) return low;
  } catch { /* not Linux: the IANA dynamic range starts at 49152 */ }
  return existsSync('/proc') ? 32768 : 49152;
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Waits until `url` answers OK, from the expected service (not some other process on a reused port). */
export async function waitFor(url: string, service: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const answer = await fetch(url, { signal: AbortSignal.timeout(1000) }).then((r) => (r.ok ? r.json() : undefined), () => undefined);
    if ((answer as { service?: string } | undefined)?.service === service) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not become ready`);
}

export interface ServiceProcess {
  name: string;
  port: number;
  child?: ChildProcess;
  /** What the service wrote to standard output (its log lines), the last LOG_KEPT_CHARS characters. */
  log?: string;
}

/** How much of each service's log a test can read (logOf). */
const LOG_KEPT_CHARS = 1_000_000;

const DEFAULT_READY_TIMEOUT_MS = 150_000;

export class ProcessSystem {
  readonly services = new Map<string, ServiceProcess>();
  private env: NodeJS.ProcessEnv = {};
  private readyTimeoutMs = DEFAULT_READY_TIMEOUT_MS;
  private compiled = false;

  /**
   * Starts the services; each must be ready within `readyTimeoutMs`. The default, 150 s, is for a busy
   * machine: a register migrating and seeding an empty data directory took over 60 s with three suites
   * running beside it on 2 cores (a quiet machine: ~10 s). The test's hook has 300 s (jest.config.js).
   */
  static async start(
    env: NodeJS.ProcessEnv, names = SUBGRAPHS.map((s) => s.name), readyTimeoutMs = DEFAULT_READY_TIMEOUT_MS, { compiled = false } = {},
  ): Promise<ProcessSystem> {
    const system = new ProcessSystem();
    system.readyTimeoutMs = readyTimeoutMs;
    // `compiled`: each service runs its bundle from dist/ as `npm start` runs it (scripts/build.ts), built first
    // when a source changed; otherwise its TypeScript sources through tsx.
    if (compiled) await ensureServicesBuilt();
    system.compiled = compiled;
    const ports: Record<string, number> = {};
    // Distinct ports: the system may hand the same free port out twice in a row.
    for (const name of [...names, 'gateway']) {
      do ports[name] = await freePort(); while (Object.entries(ports).some(([other, port]) => other !== name && port === ports[name]));
    }
    system.env = { ...process.env, ...env, LOG_LEVEL: env.LOG_LEVEL ?? 'warn', GATEWAY_PORT: String(ports.gateway) };
    for (const name of names) {
      system.env[`${name.toUpperCase()}_PORT`] = String(ports[name]);
      system.env[`${name.toUpperCase()}_URL`] = `http://127.0.0.1:${ports[name]}/graphql`;
    }
    for (const name of [...names, 'gateway']) system.services.set(name, { name, port: ports[name] });
    // The joint register first: the others ask it for consents; then the rest side by side.
    try {
      await system.startService('joint');
      await Promise.all([...names.filter((n) => n !== 'joint'), 'gateway'].map((n) => system.startService(n)));
    } catch (error) {
      await system.stop(); // a service that did not start leaves none of the others behind
      throw error;
    }
    return system;
  }

  get gatewayUrl() { return `http://127.0.0.1:${this.services.get('gateway')!.port}/graphql`; }
  url(name: string) { return `http://127.0.0.1:${this.services.get(name)!.port}`; }

  async startService(name: string, extraEnv: NodeJS.ProcessEnv = {}) {
    const service = this.services.get(name)!;
    const entry = name === 'gateway' ? join('gateway', 'src', 'index.ts') : join('subgraphs', name, 'src', 'index.ts');
    const args = this.compiled ? [...SERVICE_NODE_FLAGS[name] ?? [], builtEntry(entry)] : ['--import', 'tsx', entry];
    service.child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: { ...this.env, ...extraEnv }, stdio: ['ignore', 'pipe', 'inherit'] });
    const child = service.child;
    service.log = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => { service.log = (service.log + chunk).slice(-LOG_KEPT_CHARS); });
    const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`${name} exited (${code}) while starting`))));
    await Promise.race([waitFor(`${this.url(name)}/health/${name === 'gateway' ? 'live' : 'ready'}`, name === 'gateway' ? 'gateway' : `subgraph-${name}`, this.readyTimeoutMs), exited]);
    exited.catch(() => undefined);
  }

  /** The log lines (JSON) the service wrote since it was last started, newest last. */
  logOf(name: string): Record<string, unknown>[] {
    return (this.services.get(name)!.log ?? '').split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  signal(name: string, signal: NodeJS.Signals) {
    this.services.get(name)!.child?.kill(signal);
  }

  async kill(name: string) {
    const child = this.services.get(name)!.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  async stop() {
    for (const service of this.services.values()) {
      service.child?.kill('SIGCONT');
      service.child?.kill('SIGTERM');
    }
    await Promise.all([...this.services.values()].map((s) => s.child && s.child.exitCode === null && s.child.signalCode === null
      ? new Promise((resolve) => { const t = setTimeout(() => { s.child!.kill('SIGKILL'); }, 8000); s.child!.once('exit', () => { clearTimeout(t); resolve(undefined); }); })
      : undefined));
  }
}
