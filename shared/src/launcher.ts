// What a service tells `npm start` (scripts/start.ts) that spawned it, and the launcher's own checks. Only the
// settings' rules are imported: the launcher loads this before any service runs, and its own start is part of the
// system's (issue 11, cold start).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { processRuns } from './processes';
import { wholeNumberSetting } from './settings';
import { GATEWAY_DEFAULT_PORT, SUBGRAPHS } from './subgraph-list';

/** The environment variable by which scripts/start.ts asks its services to report when they listen. */
export const LAUNCHER_IPC_SETTING = 'CG_LAUNCHER_IPC';

/**
 * Tells the launcher that spawned this service (scripts/start.ts, with an IPC channel and
 * CG_LAUNCHER_IPC=on) that `service` listens at `url`, so that `npm start` can say when the whole customer
 * graph answers (found by an outsider: its first line named the gateway's address while the registers were
 * still opening their databases, and a query sent then failed). A no-op in any other process: a test runner's
 * worker has an IPC channel of its own, which is not to be written to.
 */
export function reportListening(service: string, url: string): void {
  // A launcher already gone (its channel closed) is no error of the service's: the callback takes any.
  if (process.env[LAUNCHER_IPC_SETTING] === 'on' && process.send && process.connected) process.send({ listening: service, url }, undefined, {}, () => undefined);
}

/**
 * Stops this service (by its own SIGTERM handling, which closes its server and database; before that is in place,
 * at once) when the launcher that spawned it is gone, however it went: its IPC channel closes as it exits. Found by
 * an outsider: after `kill -9` of the launcher the five services ran on, holding the ports and the databases'
 * locks, and the next `npm start` was refused. A no-op in a process not started by the launcher.
 */
export function stopWithLauncher(): void {
  if (process.env[LAUNCHER_IPC_SETTING] !== 'on' || !process.send || !process.connected) return;
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}

/**
 * The environment scripts/start.ts gives its services: its own, without NODE_EXTRA_CA_CERTS where no service
 * can open a TLS connection. Node 20 reads that file and parses its own ~140 root certificates at every process's start whether or not
 * the process ever uses TLS: some 50 ms of CPU per service on the measuring machine (`node -e 0` 0.08-0.09 s
 * user with it, 0.03-0.04 without; issue 11, cold start, BENCHMARKS.md change 44). A service connects only
 * where a setting sends it: an https URL (AUTH_JWKS_URL, a subgraph's or OTLP's URL) or PostgreSQL with SSL
 * (`sslmode=`, `ssl=` or another `ssl…=` in a database URL, PGSSLMODE and its kin); with any of these set,
 * the setting is passed on as it is.
 */
export function serviceEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (!env.NODE_EXTRA_CA_CERTS) return { ...env };
  const tls = Object.entries(env).some(([name, value]) => /^PGSSL/i.test(name) || /https:|[?&]ssl\w*=/i.test(value ?? ''));
  if (tls) return { ...env };
  const { NODE_EXTRA_CA_CERTS: _unused, ...rest } = env;
  return rest;
}

/**
 * Throws, naming the settings, where `npm start` could not run every service at its port, before anything starts
 * (found by outsiders: with JOINT_PORT=0 every answer was REGISTER_UNAVAILABLE; with KELA_PORT=abc all five services
 * were started before the register refused it; GATEWAY_PORT=JOINT_PORT, or KELA_PORT at joint's default port, was
 * only "in use"):
 * - a register on a port chosen by the system (`<NAME>_PORT=0`): the others and the gateway find each register at
 *   its port, so each needs a fixed one;
 * - a register moved by `PORT`: it would listen there while the others look for it at `<NAME>_PORT` (or its default);
 * - a port that is not a whole number from 1 to 65535 (the gateway's may be 0: any free port, which it says);
 * - two services at one port, a default port included.
 * `registers`: the registers' names (`joint`, ...), with their default ports from ./subgraph-list.ts; the gateway's
 * setting is `GATEWAY_PORT`, else `PORT`, else its default. Unset or empty: the default.
 */
export function checkFixedPorts(env: NodeJS.ProcessEnv, registers: readonly string[]): void {
  const taken = new Map<number, { service: string; source: string }>();
  const take = (service: string, source: string, port: number) => {
    const other = taken.get(port);
    if (other) throw new Error(`${other.source} and ${source}: ${other.service} and ${service} would both listen on port ${port}; each service needs its own`);
    taken.set(port, { service, source });
  };
  for (const name of registers) {
    const own = `${name.toUpperCase()}_PORT`;
    const value = env[own]?.trim();
    if (value) {
      if (value === '0') {
        throw new Error(`${own}=${env[own]}: npm start runs each register at a fixed port, where the others and the gateway find it; give it one or leave it unset`);
      }
      take(name, `${own}=${env[own]}`, wholeNumberSetting(env, own, 0, { min: 1, max: 65_535 }));
    } else if (env.PORT?.trim()) {
      throw new Error(`PORT=${env.PORT} would move ${name} there, while the gateway and the other registers look for it at ${own} or its default port: set ${own} instead, or leave PORT unset`);
    } else {
      const defaultPort = SUBGRAPHS.find((subgraph) => subgraph.name === name)?.defaultPort;
      if (defaultPort !== undefined) take(name, `${name}'s default port ${defaultPort}`, defaultPort);
    }
  }
  const setting = env.GATEWAY_PORT?.trim() ? 'GATEWAY_PORT' : env.PORT?.trim() ? 'PORT' : undefined;
  const port = setting ? wholeNumberSetting(env, setting, 0, { min: 0, max: 65_535 }) : GATEWAY_DEFAULT_PORT;
  if (port !== 0) take('the gateway', setting ? `${setting}=${env[setting]}` : `the gateway's default port ${port}`, port);
}

/**
 * Throws, naming the setting, where a data directory setting (`DATA_DIR`, `<NAME>_DATA_DIR`) names something that
 * is not a directory (found by outsiders: "ENOTDIR: ... mkdir '.../keys'", or every service started before the
 * register's "EEXIST"). `path`: the setting resolved as the services will; `unsetMeans` names the default.
 */
export function checkDirectorySetting(env: NodeJS.ProcessEnv, name: string, path: string, unsetMeans?: string): void {
  if (!existsSync(path) || statSync(path).isDirectory()) return;
  throw new Error(`${name}${env[name] ? `=${env[name]}` : unsetMeans ? ` (unset: ${unsetMeans})` : ''}: ${path} is not a directory`);
}

/**
 * Whether whoever ran the launcher is still there: a function, true while it is. npm runs a script through
 * `sh -c`, and a shell that does not exec its command (dash, Debian's sh) stays between them: npm killed outright
 * (SIGKILL, which it cannot pass on) left that shell as the launcher's parent, so the launcher and every service ran
 * on (found by an outsider). So where the parent is such a shell under npm, npm's own process is watched as well.
 * Linux's /proc tells the shell and its parent; elsewhere only the parent is watched.
 */
export function starterWatch(env: NodeJS.ProcessEnv = process.env): () => boolean {
  const parent = process.ppid;
  let npm: number | undefined;
  if (env.npm_lifecycle_event) {
    try {
      const command = readFileSync(`/proc/${parent}/comm`, 'utf8').trim();
      if (['sh', 'dash', 'bash', 'zsh', 'ash'].includes(command)) {
        npm = Number(readFileSync(`/proc/${parent}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
      }
    } catch { /* no /proc: the parent alone */ }
  }
  return () => process.ppid === parent && (npm === undefined || npm <= 1 || processRuns(npm));
}
