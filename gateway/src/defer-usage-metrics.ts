// Imported by gateway/src/index.ts before @apollo/gateway (issue 11, cold start). @apollo/gateway's
// utilities/opentelemetry.js requires, at load, OpenTelemetry's metrics SDK, its OTLP metrics exporter and
// the resource detectors of four clouds (some 250 modules, about 0.3 CPU s at every start), which it uses
// only in createDataCollectionMeterProvider, for Apollo GraphOS usage reporting: never here (no APOLLO_KEY).
// Each of those packages is put into Node's module cache as a stand-in that loads the real package on
// first use of any of its exports, and from then on is the real package: nothing changes but when it loads.
import Module from 'node:module';
import { dirname } from 'node:path';

/** What @apollo/gateway requires only for its usage-reporting metrics. */
const DEFERRED = [
  '@opentelemetry/sdk-metrics',
  '@opentelemetry/exporter-metrics-otlp-http',
  '@opentelemetry/resource-detector-alibaba-cloud',
  '@opentelemetry/resource-detector-aws',
  '@opentelemetry/resource-detector-gcp',
  '@opentelemetry/resource-detector-azure',
];

/**
 * Puts a loading-on-first-use stand-in for each deferred package, as @apollo/gateway resolves it, into
 * require.cache. A package already loaded, or not installed, is left alone. Returns the packages deferred.
 */
export function deferApolloUsageMetrics(): string[] {
  let gatewayDir: string;
  try {
    gatewayDir = dirname(require.resolve('@apollo/gateway'));
  } catch {
    return [];
  }
  const deferred: string[] = [];
  for (const name of DEFERRED) {
    let file: string;
    try {
      file = require.resolve(name, { paths: [gatewayDir] });
    } catch {
      continue;
    }
    if (require.cache[file]) continue;
    let real: object | undefined;
    const load = (): object => {
      if (!real) {
        delete require.cache[file];
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        real = require(file) as object;
      }
      return real;
    };
    const standIn = new Module(file);
    standIn.filename = file;
    standIn.loaded = true;
    standIn.exports = new Proxy({}, {
      get: (_target, property) => Reflect.get(load(), property),
      has: (_target, property) => Reflect.has(load(), property),
      ownKeys: () => Reflect.ownKeys(load()),
      getOwnPropertyDescriptor: (_target, property) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(load(), property);
        return descriptor && { ...descriptor, configurable: true };
      },
    });
    require.cache[file] = standIn;
    deferred.push(name);
  }
  return deferred;
}

deferApolloUsageMetrics();
