// Loads the gateway's large dependencies (@apollo/gateway with @apollo/federation-internals, the query
// planner and OpenTelemetry, and @apollo/server) before anything else of the gateway, in the way that costs
// least per request and in memory (BENCHMARKS.md, "Profiles (issue 11)", change 11). Import it first.
//
// 1. Without their source maps. tsx turns on Node's source-map support so that our TypeScript's stack traces
//    name .ts lines; Node then reads and keeps the .js.map of every module loaded, and Apollo's packages ship
//    one per file: 9.3 MB of the gateway's 52 MB live heap after start, for stack traces inside dist/*.js that
//    no operator reads. Our own modules load after this one with the support back on.
// 2. @apollo/federation-internals' exports as plain values. The package is compiled by TypeScript to
//    CommonJS, whose `export * from './x'` defines every one of its ~300 exports as a getter
//    (`get: function () { return m[k]; }`) on an object too large for V8's fast properties. @apollo/gateway
//    calls those exports through the object on every step of shaping an answer
//    (`(0, federation_internals_1.isListType)(type)` for every field of every customer), so each call is a
//    dictionary look-up, a getter call and a second keyed look-up: `--cpu-prof gateway` gave the getter
//    10-12 % of the gateway's CPU at 100 and 500 customers. The values do not change after the package has
//    loaded (its compiled code assigns `exports.x` only at the top level), so a copy taken once is the same
//    API; the gateway's modules, loaded next, receive the copy from the module cache. A module that loaded
//    the package earlier (a subgraph's, in tests that run everything in one process) keeps the original
//    object, which still works, only slower.
// 3. Our own result shaping (./result-shaping.ts) in place of @apollo/gateway's `computeResponse`, whose
//    answers V8 kept in dictionary mode (`Object.create(null)`); `GATEWAY_RESULT_SHAPING=apollo` keeps the
//    package's own. Only over the version it was ported from (2.14): another one keeps its own, and
//    tests/gateway-dependencies.test.ts fails until the port is checked against it.
import { reusingOperations } from './operation-reuse';
import { FROM_STARTUP_SNAPSHOT } from './snapshot-modules';

/**
 * Replaces the cached exports of the CommonJS module `id` (as `require` resolves it from here) with a plain
 * object holding the same values: data properties instead of getters, same names and enumerability, the
 * `__esModule` marker kept. Returns whether it did; does nothing (false) when the module cache cannot be
 * reached (e.g. under a loader without `require.cache`) or the module was loaded already.
 */
export function usePlainExports(id: string, replace: (name: string, value: unknown) => unknown = (_name, value) => value): boolean {
  const path = require.resolve(id);
  // Put there from the gateway's startup snapshot (./startup-snapshot.ts) and required by nothing yet: as if
  // loaded just now. (The snapshot's query planner holds the package's own object: it plans only on a cache miss.)
  const fromSnapshot = (require.cache?.[path] as { [FROM_STARTUP_SNAPSHOT]?: true } | undefined)?.[FROM_STARTUP_SNAPSHOT] === true;
  if (require.cache?.[path] && !fromSnapshot) return false;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const live = require(path) as Record<PropertyKey, unknown>;
  const cached = require.cache?.[path];
  if (!cached || cached.exports !== live) return false;
  const plain: Record<PropertyKey, unknown> = {};
  for (const key of Reflect.ownKeys(live)) {
    const { enumerable } = Object.getOwnPropertyDescriptor(live, key)!;
    Object.defineProperty(plain, key, { value: replace(String(key), live[key as string]), enumerable, writable: false, configurable: false });
  }
  cached.exports = plain;
  return true;
}

const sourceMaps = process.sourceMapsEnabled;
process.setSourceMapsEnabled(false);
try {
  usePlainExports('@apollo/federation-internals', (name, value) =>
    (name === 'operationFromDocument' ? reusingOperations(value as Parameters<typeof reusingOperations>[0]) : value));
  /* eslint-disable @typescript-eslint/no-require-imports */
  require('@apollo/gateway');
  require('@apollo/server');
  require('@apollo/server/plugin/disabled');
  /* eslint-enable @typescript-eslint/no-require-imports */
} finally {
  process.setSourceMapsEnabled(sourceMaps);
}

/** The @apollo/gateway version ./result-shaping.ts was ported from (major.minor). */
export const PORTED_GATEWAY_VERSION = '2.14';

/**
 * Installs ./result-shaping.ts's `computeResponse` in @apollo/gateway's result-shaping module, whose export
 * executeQueryPlan reads at every call. Returns whether it did: not when `setting` is `apollo`, nor over an
 * @apollo/gateway of another version than PORTED_GATEWAY_VERSION or without that module. Throws when
 * `setting` is neither `own` nor `apollo`, naming GATEWAY_RESULT_SHAPING.
 */
export function useOwnResultShaping(setting = process.env.GATEWAY_RESULT_SHAPING || 'own'): boolean {
  if (setting !== 'own' && setting !== 'apollo') {
    throw new Error(`GATEWAY_RESULT_SHAPING must be "own" or "apollo", not "${setting}"`);
  }
  if (setting === 'apollo') return false;
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { version } = require('@apollo/gateway/package.json') as { version: string };
  if (!version.startsWith(`${PORTED_GATEWAY_VERSION}.`)) return false;
  const shaping = require('@apollo/gateway/dist/resultShaping') as { computeResponse?: unknown };
  if (typeof shaping.computeResponse !== 'function') return false;
  shaping.computeResponse = (require('./result-shaping') as typeof import('./result-shaping')).computeResponse;
  /* eslint-enable @typescript-eslint/no-require-imports */
  return true;
}

// A wrong setting stops the start with one line naming it, not a stack trace (this runs while modules load).
try {
  useOwnResultShaping();
} catch (error) {
  process.stderr.write(`gateway: ${(error as Error).message}\n`);
  process.exit(1);
}
