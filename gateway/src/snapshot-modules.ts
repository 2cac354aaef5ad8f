// The module side of the gateway's startup snapshot (./startup-snapshot.ts; issue 11, cold start, BENCHMARKS.md
// change 45): what the snapshot's packages read of the environment as they load, and how the loaded packages
// are handed to Node's module cache at a start restored from it. Loads nothing itself.
import { realpathSync } from 'node:fs';
import { join, sep } from 'node:path';

/** Marks the module-cache entries put there from the snapshot (gateway/src/dependencies.ts looks for it). */
export const FROM_STARTUP_SNAPSHOT = Symbol.for('customer-graph.startup-snapshot');

/**
 * Runs `work` with `process.env` read through a proxy; returns what it returned and each environment variable
 * it read (by name, `in`, or a property descriptor, as `Object.keys` of a copy would not tell), with its value
 * then (null: unset).
 */
export function recordingEnvironmentReads<T>(work: () => T): { result: T; read: Record<string, string | null> } {
  const real = process.env;
  const read: Record<string, string | null> = {};
  const note = (key: string | symbol) => { if (typeof key === 'string') read[key] = real[key] ?? null; };
  const proxy = new Proxy(real, {
    get: (target, key) => { note(key); return Reflect.get(target, key); },
    has: (target, key) => { note(key); return Reflect.has(target, key); },
    getOwnPropertyDescriptor: (target, key) => { note(key); return Reflect.getOwnPropertyDescriptor(target, key); },
  });
  Object.defineProperty(process, 'env', { value: proxy, configurable: true, writable: true, enumerable: true });
  try {
    return { result: work(), read };
  } finally {
    Object.defineProperty(process, 'env', { value: real, configurable: true, writable: true, enumerable: true });
  }
}

/**
 * The repository an entry path belongs to: `entryPath` (absolute) less `entry` (relative, e.g.
 * dist/gateway/src/index.js), resolved through symbolic links as Node's module cache keys are; undefined when the
 * path does not end so.
 */
export function repositoryOf(entryPath: string, entry: string): string | undefined {
  const suffix = sep + entry.split('/').join(sep);
  return entryPath.endsWith(suffix) ? realpathSync(entryPath.slice(0, -suffix.length) || sep) : undefined;
}

/**
 * Puts `loaded` (package files' exports by path relative to `root`) into Node's module cache as loaded modules,
 * each under its real path and marked {@link FROM_STARTUP_SNAPSHOT}; a path already there, or missing, is left as it is.
 */
export function registerModules(loaded: Record<string, unknown>, root: string): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Module = require('node:module') as typeof import('node:module') & {
    _cache: Record<string, unknown>;
    _nodeModulePaths(dir: string): string[];
  };
  for (const [path, exports] of Object.entries(loaded)) {
    // As Node's cache keys them: through symbolic links (a package linked into node_modules, as workspaces and
    // some package managers do); a file this checkout does not have is left out.
    let filename: string;
    try {
      filename = realpathSync(join(root, path));
    } catch {
      continue;
    }
    if (Module._cache[filename]) continue;
    const module = new Module(filename) as InstanceType<typeof Module> & { [FROM_STARTUP_SNAPSHOT]?: true };
    module.filename = filename;
    module.paths = Module._nodeModulePaths(join(filename, '..'));
    module.exports = exports;
    module.loaded = true;
    module[FROM_STARTUP_SNAPSHOT] = true;
    Module._cache[filename] = module;
  }
}
