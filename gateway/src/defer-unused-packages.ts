// Imported by gateway/src/index.ts before @apollo/gateway (issue 11, cold start). @apollo/gateway requires at
// load packages that this gateway never uses, and each is put into Node's module cache as a stand-in that
// loads the real package on first use, and from then on is the real package: nothing changes but when it loads.
// - Its utilities/opentelemetry.js: OpenTelemetry's metrics SDK, its OTLP metrics exporter, the resource
//   detectors of four clouds (some 250 modules, about 0.3 CPU s at every start), and its own copies of
//   OpenTelemetry's resources and incubating semantic conventions (~50 ms more: the conventions are one
//   770 kB file of constants), used only in createDataCollectionMeterProvider, for Apollo GraphOS usage
//   reporting: never here (no APOLLO_KEY). Two of the conventions are read as the file loads; their stand-in
//   answers those two without loading the package (INCUBATING_CONSTANTS).
// - Its RemoteGraphQLDataSource: make-fetch-happen (npm's HTTP client with its disk cache, proxy agents and
//   semver; ~200 modules, about 0.1 CPU s at every start), whose `defaults()` every data source's constructor
//   calls for a default fetcher that ours replace at once (server.ts: each register's data source has its own
//   `fetcher`, ./subgraph-http.ts). The stand-in's `defaults()` returns a fetcher that loads the package at its
//   first call, which never comes here.
// - Its executeQueryPlan.js: Apollo's usage-reporting protobufs (~30 ms), used only to decode the `ftv1` traces
//   that subgraphs return for Apollo's usage reporting, which this gateway never asks for; and
//   @apollo/query-planner's pretty-format (~15 ms), used only by prettyFormatQueryPlan, for debugging.
// - Its LocalCompose: @apollo/composition (~10 ms), used only to compose a supergraph from subgraphs' SDL given
//   to the gateway; ours is given the composed supergraph (../../shared/src/composition.ts loads it on use).
// - @apollo/server's @graphql-tools/schema (with graphql-tools' utils and merge, ~40 ms), used only to make a
//   schema from `typeDefs` and `resolvers`; the gateway's server is given a gateway instead.
import Module from 'node:module';
import { dirname } from 'node:path';

/** What @apollo/gateway requires only for its usage-reporting metrics. */
const USAGE_METRICS = [
  '@opentelemetry/sdk-metrics',
  '@opentelemetry/exporter-metrics-otlp-http',
  '@opentelemetry/resource-detector-alibaba-cloud',
  '@opentelemetry/resource-detector-aws',
  '@opentelemetry/resource-detector-gcp',
  '@opentelemetry/resource-detector-azure',
  '@opentelemetry/resources',
  '@opentelemetry/semantic-conventions/incubating',
];

/**
 * The incubating semantic conventions that @apollo/gateway's utilities/opentelemetry.js reads as it loads (its
 * `ALLOWED_CLOUD_RESOURCE_ATTRIBUTES`), with the values the package gives them: its stand-in answers these
 * without loading the package (tests/cold-start-build.test.ts checks them against the real package).
 */
export const INCUBATING_CONSTANTS: Readonly<Record<string, string>> = {
  ATTR_CLOUD_PROVIDER: 'cloud.provider',
  ATTR_CLOUD_PLATFORM: 'cloud.platform',
};

/** The exports of a deferred package that its user reads as it loads, answered by the stand-in without loading it. */
const CONSTANTS_READ_AT_LOAD: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  '@opentelemetry/semantic-conventions/incubating': INCUBATING_CONSTANTS,
};

/** The HTTP client RemoteGraphQLDataSource's constructor asks for a default fetcher (see above). */
const DEFAULT_FETCHER = 'make-fetch-happen';

/** Used only for Apollo's inline traces (`ftv1`) and for printing query plans. */
const TRACES_AND_PLAN_PRINTING = ['@apollo/usage-reporting-protobuf', 'pretty-format'];

/** Used by @apollo/gateway only to compose a supergraph itself (LocalCompose). */
const LOCAL_COMPOSITION = '@apollo/composition';

/** Used by @apollo/server only for a schema given as type definitions and resolvers. */
const SCHEMA_FROM_TYPE_DEFS = '@graphql-tools/schema';

/**
 * Packages compiled from ES modules (`exports.__esModule` true), which their users load through TypeScript's
 * `__importDefault`: it reads `__esModule` at once, so the stand-in answers it without loading the package
 * (tests/cold-start-build.test.ts checks that the real packages still say so).
 */
export const ES_MODULE_PACKAGES: ReadonlySet<string> = new Set(['pretty-format']);

type Loader = () => object;

/**
 * Any package: every use of an export (reading, listing, `in`) loads it and goes to the real one; `esModule`:
 * reading `__esModule` answers true without loading it; `constants`: reading one of these answers its value
 * without loading it.
 */
function exportsStandIn(load: Loader, esModule: boolean, constants: Readonly<Record<string, string>> = {}): object {
  return new Proxy({}, {
    get: (_target, property) => (esModule && property === '__esModule' ? true
      : typeof property === 'string' && Object.hasOwn(constants, property) ? constants[property] : Reflect.get(load(), property)),
    has: (_target, property) => Reflect.has(load(), property),
    ownKeys: () => Reflect.ownKeys(load()),
    getOwnPropertyDescriptor: (_target, property) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(load(), property);
      return descriptor && { ...descriptor, configurable: true };
    },
  });
}

/** A function whose every use (a call, an own property) goes to `real()`, which it calls only then. */
function deferredFunction(real: () => object): object {
  return new Proxy(function deferred() { /* stands in for real() */ }, {
    apply: (_target, thisArg, args) => Reflect.apply(real() as (...a: unknown[]) => unknown, thisArg, args),
    get: (_target, property) => Reflect.get(real(), property),
    has: (_target, property) => Reflect.has(real(), property),
  });
}

/**
 * make-fetch-happen (a CommonJS function, no `__esModule`): `defaults(...)` answers without loading it, with a
 * fetcher that calls the real `defaults(...)` at its own first use; anything else loads it.
 */
function defaultFetcherStandIn(load: Loader): object {
  const defaults = (...args: unknown[]) => {
    let fetcher: object | undefined;
    return deferredFunction(() => (fetcher ??= (load() as { defaults: (...a: unknown[]) => object }).defaults(...args)));
  };
  return new Proxy(function makeFetchHappen() { /* stands in for the package */ }, {
    apply: (_target, thisArg, args) => Reflect.apply(load() as (...a: unknown[]) => unknown, thisArg, args),
    get: (_target, property) => (property === 'defaults' ? defaults : property === '__esModule' ? undefined : Reflect.get(load(), property)),
    has: (_target, property) => Reflect.has(load(), property),
  });
}

/**
 * Puts a loading-on-first-use stand-in for each deferred package, as @apollo/gateway resolves it, into
 * require.cache. A package already loaded, or not installed, is left alone. Returns the packages deferred.
 */
export function deferUnusedPackages(): string[] {
  let gatewayDir: string;
  let plannerDir: string;
  let serverDir: string;
  try {
    gatewayDir = dirname(require.resolve('@apollo/gateway'));
    plannerDir = dirname(require.resolve('@apollo/query-planner', { paths: [gatewayDir] }));
    serverDir = dirname(require.resolve('@apollo/server'));
  } catch {
    return [];
  }
  const deferred: string[] = [];
  // As the package that requires it resolves it: @apollo/gateway, but for these.
  const requiredFrom: Record<string, string> = { 'pretty-format': plannerDir, [SCHEMA_FROM_TYPE_DEFS]: serverDir };
  for (const name of [...USAGE_METRICS, DEFAULT_FETCHER, ...TRACES_AND_PLAN_PRINTING, LOCAL_COMPOSITION, SCHEMA_FROM_TYPE_DEFS]) {
    let file: string;
    try {
      file = require.resolve(name, { paths: [requiredFrom[name] ?? gatewayDir] });
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
    standIn.exports = name === DEFAULT_FETCHER ? defaultFetcherStandIn(load) : exportsStandIn(load, ES_MODULE_PACKAGES.has(name), CONSTANTS_READ_AT_LOAD[name]);
    require.cache[file] = standIn;
    deferred.push(name);
  }
  return deferred;
}

deferUnusedPackages();
