// What a service tells `npm start` (scripts/start.ts) that spawned it, and the launcher's own checks. Only the
// settings' rules are imported: the launcher loads this before any service runs, and its own start is part of the
// system's (issue 11, cold start).
import { wholeNumberSetting } from './settings';

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
 * were started before the register refused it; GATEWAY_PORT=JOINT_PORT was "in use" without saying by whom):
 * - a register listening on a port chosen by the system (`<NAME>_PORT=0`, or `PORT=0` for those without their own):
 *   the registers and the gateway find each register at its port, so each needs a fixed one;
 * - a port that is not a whole number from 1 to 65535 (the gateway's may be 0: any free port, which it says);
 * - two services given the same port, `PORT` for two registers without their own included.
 * `registers`: the registers' names (`joint`, ...); their settings are `<NAME>_PORT`, else `PORT`; the gateway's
 * `GATEWAY_PORT`, else `PORT`. Unset or empty: the service's own default port.
 */
export function checkFixedPorts(env: NodeJS.ProcessEnv, registers: readonly string[]): void {
  const settingOf = (own: string) => (env[own]?.trim() ? own : env.PORT?.trim() ? 'PORT' : undefined);
  const taken = new Map<number, { service: string; setting: string }>();
  const take = (service: string, setting: string, port: number) => {
    const other = taken.get(port);
    if (other) {
      const settings = other.setting === setting ? `${setting}=${env[setting]}` : `${other.setting}=${env[other.setting]} and ${setting}=${env[setting]}`;
      throw new Error(`${settings}: ${other.service} and ${service} would both listen on port ${port}; each service needs its own`);
    }
    taken.set(port, { service, setting });
  };
  for (const name of registers) {
    const setting = settingOf(`${name.toUpperCase()}_PORT`);
    if (!setting) continue;
    if (env[setting]!.trim() === '0') {
      throw new Error(`${setting}=${env[setting]}: npm start runs each register at a fixed port, where the others and the gateway find it; give it one or leave it unset`);
    }
    take(name, setting, wholeNumberSetting(env, setting, 0, { min: 1, max: 65_535 }));
  }
  const gateway = settingOf('GATEWAY_PORT');
  if (gateway) {
    const port = wholeNumberSetting(env, gateway, 0, { min: 0, max: 65_535 });
    if (port !== 0) take('the gateway', gateway, port);
  }
}
