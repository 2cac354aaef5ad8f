// What a service tells `npm start` (scripts/start.ts) that spawned it. No imports: the launcher loads this
// before any service runs, and its own start is part of the system's (issue 11, cold start).
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
