// OpenTelemetry traces, off by default: switched on by the standard OTLP settings, and only then is the SDK
// loaded at all (./sdk.ts is required lazily), so that a service with tracing off pays nothing for it.
// On, every service (the gateway and each register) exports its spans over OTLP/HTTP (JSON): the HTTP requests
// it serves and sends (W3C trace context passed on, also between registers), its GraphQL operations and, in the
// registers, each SQL statement (parameterised; values never recorded). See README "Tracing".

/**
 * True when traces are to be exported: OTEL_TRACES_EXPORTER names `otlp`, or an OTLP endpoint is given
 * (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT); never when OTEL_SDK_DISABLED=true or
 * OTEL_TRACES_EXPORTER=none. Nothing set: off.
 */
export function tracingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '').split(',').map((name) => name.trim().toLowerCase()).filter(Boolean);
  if (exporters.includes('none')) return false;
  return exporters.includes('otlp') || Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/**
 * The service name spans carry (`service.name`): OTEL_SERVICE_NAME when set, else from the entry file
 * (`gateway/src/index.ts` → `gateway`, `subgraphs/joint/src/index.ts` → `subgraph-joint`, as in the logs),
 * else `customer-graph`.
 */
export function serviceNameFor(entry: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (env.OTEL_SERVICE_NAME) return env.OTEL_SERVICE_NAME;
  const match = /(?:^|[\\/])(?:gateway|subgraphs[\\/]([a-z]+))[\\/]src[\\/]index\.[cm]?[jt]s$/.exec(entry ?? '');
  if (!match) return 'customer-graph';
  return match[1] ? `subgraph-${match[1]}` : 'gateway';
}

let started = false;

/**
 * Starts tracing for `serviceName` when {@link tracingEnabled}; otherwise does nothing and loads nothing.
 * Must run before the instrumented modules (node:http, graphql, pg) are first required: each service's
 * entry imports ./start.ts first. Returns whether tracing runs.
 */
export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (started) return true;
  if (!tracingEnabled(env)) return false;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('./sdk') as typeof import('./sdk')).startTracingSdk(serviceName);
  started = true;
  return true;
}
