// @apollo/federation-internals' exports as plain values, for the gateway's result shaping.
//
// The package is compiled by TypeScript to CommonJS, whose `export * from './x'` defines every one of its
// ~300 exports as a getter (`get: function () { return m[k]; }`) on an object too large for V8's fast
// properties. @apollo/gateway calls those exports through the object on every step of shaping an answer
// (`(0, federation_internals_1.isListType)(type)` for every field of every customer), so each call is a
// dictionary look-up, a getter call and a second keyed look-up: `--cpu-prof gateway` gave the getter 10-12 %
// of the gateway's CPU at 100 and 500 customers (BENCHMARKS.md, "Profiles (issue 11)", change 8).
//
// The values do not change after the package has loaded (no export is reassigned later: its compiled code
// assigns `exports.x` only at the top level), so a copy taken once is the same API. This module must be
// imported before @apollo/gateway: the gateway's modules then receive the copy from the module cache.
// Modules that loaded the package earlier keep the original object, which still works, only slower.

/**
 * Replaces the cached exports of the CommonJS module `id` (as `require` resolves it from here) with a plain
 * object holding the same values: data properties instead of getters, same names and enumerability, the
 * `__esModule` marker kept. Returns whether it did; does nothing (false) when the module cache cannot be
 * reached (e.g. under a loader without `require.cache`).
 */
export function usePlainExports(id: string): boolean {
  const path = require.resolve(id);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const live = require(path) as Record<PropertyKey, unknown>;
  const cached = require.cache?.[path];
  if (!cached || cached.exports !== live) return false;
  const plain: Record<PropertyKey, unknown> = {};
  for (const key of Reflect.ownKeys(live)) {
    const { enumerable } = Object.getOwnPropertyDescriptor(live, key)!;
    Object.defineProperty(plain, key, { value: live[key as string], enumerable, writable: false, configurable: false });
  }
  cached.exports = plain;
  return true;
}

usePlainExports('@apollo/federation-internals');
