// V8's compiled code of every CommonJS module a service loads, kept between starts (issue 11, cold start).
// Without it each of the five services parses and compiles its bundle and some 700 modules of node_modules
// (8 MB of JavaScript, Prisma's query compiler 4.5 MB of it) at every start, and compiles again lazily
// every function as it first runs. Node 20 has no `module.enableCompileCache` (Node 22), so this does what
// v8-compile-cache does, through `vm.Script`'s `cachedData`, with two differences: a module whose text has
// `import(` is left to Node (in v8-compile-cache such an `import()` throws, and a script made from cached
// data loses even `USE_MAIN_CONTEXT_DEFAULT_LOADER`), and the cache is written once the process has run a
// while (its code cache then holds the functions compiled lazily during the start, not just the top level).
//
// scripts/start.ts preloads the compiled form of this file (`node --require dist/code-cache.js ...`) with
// CG_CODE_CACHE_DIR set. Each service keeps one file, `<dir>/<entry>.v8cache`: a 4-byte length, the index
// (JSON, `{ "<module file>": [sha1 of its source, offset, length] }`), then every module's V8 code cache
// one after another. A module whose source no longer hashes the same is compiled as usual and cached anew; V8 itself rejects
// a cache made by another V8 version or with other flags (then compiled as usual too). Writes go to a
// temporary file renamed into place (one file, so index and code always belong together), so two systems
// started from one checkout never read a torn one.
// Without CG_CODE_CACHE_DIR this file does nothing.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname, join } from 'node:path';
import vm from 'node:vm';

interface CompiledModule { file: string; hash: string; script: vm.Script }
type Index = Record<string, [hash: string, offset: number, length: number]>;

/** The internals of Node's CommonJS loader this uses (stable since Node 12; v8-compile-cache uses the same). */
interface ModuleInternals {
  prototype: { _compile(this: NodeModule, content: string, filename: string): unknown; require(id: string): unknown };
  wrap(script: string): string;
  _resolveFilename(request: string, parent: NodeModule, isMain: boolean, options?: { paths?: string[] }): string;
  _resolveLookupPaths(request: string, parent: NodeModule): string[] | null;
  _extensions: NodeJS.RequireExtensions;
  _cache: NodeJS.Dict<NodeModule>;
}

/** `import(` anywhere in a module's text, even in a string or comment: such a module is not cached. */
const DYNAMIC_IMPORT = /\bimport\s*\(/;

/** Modules longer than this (characters) are not cached. */
const MAX_CACHED_CHARS = 1_000_000;

/** How long after start the cache is written (ms): by then a service is ready and idle (CG_CODE_CACHE_WRITE_AFTER_MS). */
const WRITE_AFTER_MS = Number(process.env.CG_CODE_CACHE_WRITE_AFTER_MS ?? 15_000);

/**
 * Installs the cache for this process when CG_CODE_CACHE_DIR names a directory: wraps
 * `Module.prototype._compile`, reads `<dir>/<entry>.{bin,json}` and schedules writing them. `entry` is the
 * main script's name (e.g. `subgraphs-joint-src-index`). Never throws: without a usable cache, modules
 * compile as they would without it.
 */
export function installCodeCache(dir = process.env.CG_CODE_CACHE_DIR, mainScript = process.argv[1]): void {
  if (!dir || !mainScript) return;
  const entry = mainScript.replace(/\.[cm]?js$/, '').split(/[\\/]/).slice(-4).join('-');
  const file = join(dir, `${entry}.v8cache`);
  let blob: Buffer | undefined;
  let index: Index = {};
  try {
    const stored = readFileSync(file);
    const indexEnd = 4 + stored.readUInt32LE(0);
    index = JSON.parse(stored.subarray(4, indexEnd).toString('utf8')) as Index;
    blob = stored.subarray(indexEnd);
  } catch {
    index = {};
  }
  const M = Module as unknown as ModuleInternals;
  const compile = M.prototype._compile;
  const compiled: CompiledModule[] = [];
  let missed = 0;

  M.prototype._compile = function compileWithCache(this: NodeModule, content: string, filename: string) {
    // A module that may `import()` compiles Node's own way: a script made from cached data loses the
    // dynamic-import callback it was compiled with (Node 20: "A dynamic import callback was not
    // specified"), and Node's callback is internal. PGlite's and Prisma's runtimes, of some 700 modules.
    // A module of data (Prisma's query compiler as one 4.5 MB base64 string) costs as much to read from
    // the cache as to scan: left to Node.
    if (content.length > MAX_CACHED_CHARS || DYNAMIC_IMPORT.test(content)) return compile.call(this, content, filename);
    const hash = createHash('sha1').update(content).digest('base64');
    const known = index[filename];
    const cachedData = blob && known && known[0] === hash ? blob.subarray(known[1], known[1] + known[2]) : undefined;
    let script: vm.Script;
    try {
      script = new vm.Script(M.wrap(content.startsWith('#!') ? `//${content}` : content), {
        filename,
        cachedData,
      });
    } catch {
      // Not a CommonJS script (e.g. module syntax Node detects and loads otherwise): Node's own way.
      return compile.call(this, content, filename);
    }
    if (!cachedData || script.cachedDataRejected) missed += 1;
    compiled.push({ file: filename, hash, script });
    const module = this;
    const require = ((id: string) => module.require(id)) as NodeJS.Require;
    const resolve = ((request: string, options?: { paths?: string[] }) => M._resolveFilename(request, module, false, options)) as NodeJS.RequireResolve;
    resolve.paths = (request: string) => M._resolveLookupPaths(request, module);
    require.resolve = resolve;
    require.main = process.mainModule;
    require.extensions = M._extensions;
    require.cache = M._cache;
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return wrapper.call(module.exports, module.exports, require, module, filename, dirname(filename));
  };

  const write = () => {
    if (missed === 0) return;
    missed = 0;
    try {
      const parts: Buffer[] = [];
      const next: Index = {};
      let offset = 0;
      for (const { file: moduleFile, hash, script } of compiled) {
        const data = script.createCachedData();
        next[moduleFile] = [hash, offset, data.length];
        parts.push(data);
        offset += data.length;
      }
      const indexBytes = Buffer.from(JSON.stringify(next), 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32LE(indexBytes.length, 0);
      mkdirSync(dir, { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, Buffer.concat([length, indexBytes, ...parts]));
      renameSync(temporary, file);
    } catch {
      // A cache that cannot be written is only a slower next start.
    }
  };
  setTimeout(write, WRITE_AFTER_MS).unref();
  process.once('exit', write);
}

installCodeCache();
