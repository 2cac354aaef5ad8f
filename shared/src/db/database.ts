// One database per subgraph. The embedded default is PGlite (PostgreSQL compiled to WASM, in-process,
// data kept in a directory that survives restarts); setting DATABASE_URL points the same Prisma
// schema and the same SQL migrations at a real PostgreSQL through @prisma/adapter-pg.
import { mkdirSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import type { SqlDriverAdapter, SqlDriverAdapterFactory, Transaction } from '@prisma/driver-adapter-utils';
import { lockDataDir } from './data-dir-lock';
import { applyMigrations } from './migrations';
import { pglitePreparedStatements } from './pglite-statements';
import { tracingEnabled } from '../tracing';
import { wholeNumberSetting } from '../settings';

export interface DatabaseOptions {
  /** PostgreSQL connection string; when absent the embedded PGlite database in `dataDir` is used. */
  databaseUrl?: string;
  /** Directory of the embedded database; `memory://` keeps it in memory (tests). */
  dataDir: string;
  /** Prisma's migrations directory (`prisma/migrations`). */
  migrationsDir: string;
}

/** Counts SQL statements sent to the database, so tests can show that loaders batch. */
export class QueryCounter {
  count = 0;
}

export interface Database {
  adapter: SqlDriverAdapterFactory;
  queries: QueryCounter;
  kind: 'pglite' | 'postgresql';
  /** Runs SQL outside Prisma (migrations, health checks). A multi-statement script runs as one transaction. */
  execute(sql: string): Promise<void>;
  /** One statement outside Prisma for tools, tests and health checks: not counted, no pause, not traced. */
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
  /**
   * One statement of a request, straight to the driver (issue 11: Prisma's raw-query layer cost 0.2-0.5 ms
   * CPU per statement on top of PGlite's 0.3-1.2; BENCHMARKS.md change 15). Treated as Prisma's path treats
   * a statement outside a transaction: counted in `queries`, and on PGlite preceded by the same pause
   * (see `counting`) and, with tracing on, a span of its own (`db.query.text`, never the values; on
   * PostgreSQL the pg driver's instrumentation makes it). Never inside a transaction: it waits for one in
   * progress (PGlite's one connection) or takes another connection (PostgreSQL). `params` are `$1`, `$2`,
   * ... (a JS array binds as a PostgreSQL array). Rows as the driver types them: text and text[] as Prisma
   * gives them (callers read only those); numbers, bigints, timestamps and json differ, so keep to text.
   * Rejects with the driver's error (isDatabaseUnavailable in ../graphql/subgraph.ts knows both).
   */
  statement<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
  /**
   * Runs `work` in one transaction on the driver (PGlite's own transaction, or one pooled PostgreSQL
   * connection between BEGIN and COMMIT): committed when `work` resolves, rolled back when it rejects (the
   * rejection is passed on). For background work that must not pay Prisma's raw layer per statement (the log
   * sealer: ../logs/chain.ts). Statements inside are neither counted nor paused; rows as `query` gives them.
   * With `timeoutMs`, work still running after that long is abandoned and the transaction rolled back (it
   * rejects naming the limit), so that a hung step cannot hold PGlite's one connection, or a PostgreSQL
   * connection and its locks, for good. Once the transaction is over, its `query` refuses to run anything:
   * a late statement of abandoned work never runs outside the transaction.
   */
  transaction<T>(work: (tx: DriverTransaction) => Promise<T>, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

/** A transaction on the driver (Database.transaction): one statement at a time, `$1`... bound to `params`. */
export interface DriverTransaction {
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
}

/** One turn of the event loop: lets the sockets that are ready be read before the next statement runs. */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Counts the statements sent; with `yieldBetweenStatements` (the embedded PGlite) each statement first waits
 * for the event loop's next turn. Why (issue 11): PGlite runs a statement synchronously in this process, so
 * without a pause one turn of the loop ran every ready request's statements back to back, caseloads of 60+
 * ms included, before any newly arrived request was even read; a request that needs a few turns (a consent
 * look-up of another register: read, verify its tokens, one statement) then waited seconds and timed out.
 * With the pause the statements of the requests in progress take turns, as a connection pool's would.
 */
function counting(factory: SqlDriverAdapterFactory, counter: QueryCounter, yieldBetweenStatements = false): SqlDriverAdapterFactory {
  // Not inside a transaction: it holds the one connection, and a pause there would only keep the others waiting longer.
  const countQueries = <T extends SqlDriverAdapter | Transaction>(target: T, inTransaction = false): T =>
    new Proxy(target, {
      get(obj, prop, receiver) {
        const value = Reflect.get(obj, prop, receiver);
        if (typeof value !== 'function') return value;
        if (prop === 'queryRaw' || prop === 'executeRaw') {
          if (yieldBetweenStatements && !inTransaction) return async (...args: unknown[]) => { counter.count += 1; await nextTurn(); return value.apply(obj, args); };
          return (...args: unknown[]) => { counter.count += 1; return value.apply(obj, args); };
        }
        if (prop === 'startTransaction') {
          return async (...args: unknown[]) => countQueries(await value.apply(obj, args), true);
        }
        return value.bind(obj);
      },
    });
  return new Proxy(factory, {
    get(obj, prop, receiver) {
      if (prop === 'connect') return async () => countQueries(await obj.connect());
      const value = Reflect.get(obj, prop, receiver);
      return typeof value === 'function' ? value.bind(obj) : value;
    },
  });
}

/**
 * PostgreSQL's buffer cache inside the embedded PGlite (PGLITE_SHARED_BUFFERS, PostgreSQL's units: `16MB`,
 * `4096kB`, `2048` pages of 8 kB; default 16MB). Why not PostgreSQL's 128MB, nor the 32MB of before (issue 11,
 * cold start; BENCHMARKS.md changes 15 and 43): Emscripten's mmap zeroes the whole shared-memory segment at
 * every start, which touches every one of its pages, and a page touched for the first time costs this 2-core VM
 * some 12 µs of kernel time (a fresh 32 MB filled from JavaScript: ~95 ms, filled again: ~2 ms). The segment is
 * 39 MB with 32MB of buffers, 20 MB with 16MB: ~4,300 fewer page faults and ~0.1 CPU s less per register and
 * start. A register's own tables and indexes are a few MB beside 7 MB of catalogs (the demo data; the access
 * log grows); what does not fit is read from its file through the operating system's page cache. CPU per
 * caseload of 100 and 500 was the same with 16MB as with 32MB (`scripts/profile.ts`, alternated); 8MB cost the
 * joint register more at 100. Throws naming the variable when the value is not a size PostgreSQL reads.
 */
export function pgliteSharedBuffers(value = process.env.PGLITE_SHARED_BUFFERS): string {
  if (value === undefined || value === '') return '16MB';
  if (!/^\d+\s*(kB|MB|GB)?$/.test(value.trim())) throw new Error(`PGLITE_SHARED_BUFFERS must be a size such as 16MB or 128MB, not "${value}"`);
  return value.trim();
}

/** V8's default `--wasm-tiering-budget` (node 20's V8 11.3) times 300: see {@link applyWasmTieringBudget}. */
export const DEFAULT_WASM_TIERING_BUDGET = 540_000_000;

/**
 * How much of a WASM function's code V8 runs on its baseline compiler (Liftoff) before it compiles the function
 * again with TurboFan, in V8's units (roughly bytes of WASM code executed): PGLITE_WASM_TIERING_BUDGET, default
 * {@link DEFAULT_WASM_TIERING_BUDGET} (300× V8's 1,800,000); `v8` keeps V8's own. Why (issue 11, cold start;
 * BENCHMARKS.md changes 34 and 38): with V8's budget, PostgreSQL's start inside PGlite (its relation cache built
 * from the catalogs, the migrations' check, the first statements) heated enough of its 8.7 MB of WASM for TurboFan
 * to spend 0.6-1.0 CPU s per register compiling functions that the start ran and requests mostly do not: `perf`
 * over a whole cold start put 37 % of all five processes' CPU in TurboFan's WASM pipeline. 100× left three large
 * functions (the SQL parser `raw_parser`, `copyObjectImpl` and one more, 37-103 kB of WASM each) reaching
 * TurboFan during every register's start, 0.3-0.4 CPU s on V8's background threads; from 300× up none does on
 * existing data (`--trace-wasm-compilation-times`, each register). The functions requests keep hot still reach
 * TurboFan within the first requests: CPU per request was the same from the second batch of 30 caseloads of
 * 100 on, and from the first batch of 60 full views (`scripts/profile.ts --warmup 0 --repeat 6`, 300× against
 * 100×). V8 reads the flag when a module is compiled, so this must run before PGlite's (and
 * Prisma's query compiler's) WASM is; it applies to the whole process. Returns the budget set, or undefined for
 * `v8`; throws naming the variable when the value is neither `v8` nor a whole number from 1 to 2^31-1.
 */
export function applyWasmTieringBudget(value = process.env.PGLITE_WASM_TIERING_BUDGET): number | undefined {
  if (value === 'v8') return undefined;
  let budget: number;
  try {
    // Strict parsing, as every whole-number setting: no exponents, hex, signs or decimals.
    budget = wholeNumberSetting({ PGLITE_WASM_TIERING_BUDGET: value }, 'PGLITE_WASM_TIERING_BUDGET', DEFAULT_WASM_TIERING_BUDGET, { min: 1, max: 2 ** 31 - 1 });
  } catch {
    throw new Error(`PGLITE_WASM_TIERING_BUDGET must be a whole number from 1 to 2147483647 or "v8", not "${String(value).slice(0, 40)}"`);
  }
  setFlagsFromString(`--wasm-tiering-budget=${budget}`);
  return budget;
}

/**
 * Has V8 validate a WASM function when it first compiles it (with Liftoff, at its first call) instead of every
 * function of a module when the module is compiled (`--wasm-lazy-validation`; V8 already compiles lazily).
 * PGlite's 8.7 MB module then compiles in ~85 ms instead of ~120 (issue 11, cold start; BENCHMARKS.md change 43):
 * most of its functions never run in a register. The module is PGlite's own, installed from the lockfile; a
 * function that did not validate would still be refused, at its first call instead of at the start. V8 reads
 * the flag when a module is compiled, so this runs with {@link applyWasmTieringBudget}, before PGlite's WASM is;
 * it applies to the whole process (Prisma's query compiler too).
 */
export function applyWasmLazyValidation(): void {
  setFlagsFromString('--wasm-lazy-validation');
}

/**
 * The planner's cost of reading a page out of order in the embedded PGlite: 1.1, not PostgreSQL's default 4
 * (issue 11, BENCHMARKS.md change 27). The default prices a random read as a disk seek; a register's
 * embedded database is a few MB that sit in its buffers and the operating system's page cache, which is the
 * case PostgreSQL's documentation gives for lowering it ("data is likely to be completely in cache"; 1.1 is
 * the usual value for SSDs and cached data). With 4 and no statistics (./planner-statistics.ts), the planner
 * read the joint register's customer tables whole for a caseload's `"customerId" = ANY($1)` rather than use
 * their customerId indexes, which cost more the larger the register. Measured together with the statistics
 * (BENCHMARKS.md change 27): the same at 1,000 demo customers, −19 to −22 % CPU per caseload of 100 at 5,000. Plans
 * only; answers are the same. A real PostgreSQL keeps its own configuration.
 */
export const PGLITE_RANDOM_PAGE_COST = '1.1';

/**
 * How the embedded PGlite plans the registers' prepared statements: one generic plan per statement, kept for
 * the session, not a new plan at each execution (PostgreSQL's `plan_cache_mode`, default `auto`; issue 11,
 * BENCHMARKS.md change 31). Under `auto` the plan cache kept choosing custom plans for our parameterised
 * statements (`= ANY($1)` over a customer list prices a generic plan dearer), so every execution planned again,
 * and planning opens every index of every table a statement names to read its size. PGlite's backend keeps
 * some 32 files open at a time (PostgreSQL's default `max_safe_fds`, which a standalone backend never raises),
 * fewer than a read of the full view touches: each request then closed and reopened some 60 files through
 * Emscripten's file system (strace on the joint register: ~1,800 open/close pairs a second). Measured with
 * `scripts/profile.ts`: the full view −30 % CPU per request over the five processes, the caseload of 100
 * −12 %, of 500 −6 %. Plans only; answers are the same. A real PostgreSQL keeps its own configuration.
 */
export const PGLITE_PLAN_CACHE_MODE = 'force_generic_plan';

/**
 * A request's statement for the driver, counted and paused as `counting` does outside a transaction, and
 * with tracing on (PGlite: no instrumentation of its own) inside a span like Prisma's db_query span.
 */
function requestStatement(
  run: <Row>(sql: string, params?: unknown[]) => Promise<Row[]>, counter: QueryCounter, yieldBetweenStatements: boolean, traced: boolean,
): Database['statement'] {
  const counted = yieldBetweenStatements
    ? async <Row>(sql: string, params?: unknown[]) => { counter.count += 1; await nextTurn(); return run<Row>(sql, params); }
    : <Row>(sql: string, params?: unknown[]) => { counter.count += 1; return run<Row>(sql, params); };
  if (!traced) return counted;
  // Loaded only with tracing on (../tracing/index.ts: off, nothing of OpenTelemetry is loaded).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { trace, SpanKind, SpanStatusCode } = require('@opentelemetry/api') as typeof import('@opentelemetry/api');
  const tracer = trace.getTracer('customer-graph-db');
  return <Row>(sql: string, params?: unknown[]) => tracer.startActiveSpan(
    'db_query', { kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'postgresql', 'db.system': 'postgresql', 'db.query.text': sql } },
    async (span) => {
      try {
        return await counted<Row>(sql, params);
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).name });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

// Which Database a Prisma client was opened on (bindClient), for the request statements that go to the
// driver directly (rawRows); a transaction's client is another object, so it is never found here.
const databases = new WeakMap<object, Database>();

/** Registers `client` (a register's Prisma client) as opened on `database`, for rawRows and rawExecute. */
export function bindClient(client: object, database: Database): void {
  databases.set(client, database);
}

/**
 * The Database to send `db`'s request statements to, or undefined for Prisma's path: a client not bound, or
 * DATABASE_DIRECT_STATEMENTS=off (read at each statement, like LEAN_LOADERS: an operator's way back, and the
 * tests' reference).
 */
function directDatabaseOf(db: object): Database | undefined {
  const database = databases.get(db);
  return database && process.env.DATABASE_DIRECT_STATEMENTS !== 'off' ? database : undefined;
}

/** A Prisma client or transaction, as far as raw statements go. */
export interface RawClient {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): PromiseLike<T>;
}

/**
 * The rows of one statement (`$1`... bound to `params`): through the driver (Database.statement) when `db`
 * is a client bound to its Database (bindClient: every register's client in ../graphql/run.ts), else
 * through Prisma's `$queryRawUnsafe` (a transaction's client, a test's bare client,
 * DATABASE_DIRECT_STATEMENTS=off). Keep the selected columns text or text[]: only those come back the same
 * both ways.
 */
export function rawRows<Row>(db: RawClient, sql: string, params: unknown[] = []): Promise<Row[]> {
  const database = directDatabaseOf(db);
  if (database) return database.statement<Row>(sql, params);
  return Promise.resolve(db.$queryRawUnsafe<Row[]>(sql, ...params));
}

/** A Prisma client or transaction, as far as writing raw statements goes. */
export interface RawWriter {
  $executeRawUnsafe(query: string, ...values: unknown[]): PromiseLike<unknown>;
}

/** One statement that returns no rows (an INSERT), as rawRows sends it: the driver when bound, else Prisma's `$executeRawUnsafe`. */
export async function rawExecute(db: RawWriter, sql: string, params: unknown[] = []): Promise<void> {
  const database = directDatabaseOf(db);
  if (database) await database.statement(sql, params);
  else await db.$executeRawUnsafe(sql, ...params);
}

/**
 * Runs a transaction's `work` with a `query` that refuses once the work is over (resolved, rejected, or past
 * `timeoutMs`, when it rejects naming the limit). Database.transaction's driver paths commit or roll back on
 * what this returns.
 */
async function boundedWork<T>(work: (tx: DriverTransaction) => Promise<T>, query: DriverTransaction['query'], timeoutMs?: number): Promise<T> {
  let over = false;
  const tx: DriverTransaction = {
    query: (sql, params) => (over ? Promise.reject(new Error('the transaction is over: statement not run')) : query(sql, params)),
  };
  let timer: NodeJS.Timeout | undefined;
  try {
    const working = work(tx);
    if (timeoutMs === undefined) return await working;
    const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`the transaction took longer than ${timeoutMs} ms and was rolled back`)), timeoutMs); });
    return await Promise.race([working, late]);
  } finally {
    over = true;
    clearTimeout(timer);
  }
}

/** A Prisma client, as far as interactive transactions of raw statements go. */
export interface RawTransactor extends RawClient {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  $transaction<T>(fn: (tx: any) => Promise<T>, options?: { maxWait?: number; timeout?: number }): Promise<T>;
}

/**
 * Runs `work` in one transaction whose client answers `$queryRawUnsafe` as Prisma's does: on the driver
 * (Database.transaction, rolled back after `options.timeout` ms) when `db` is a client bound to its Database,
 * else Prisma's interactive transaction with `options` (a test's bare client, DATABASE_DIRECT_STATEMENTS=off).
 * Why: through Prisma each statement of the log sealer cost about 1 ms of CPU (PGlite's own share 0.1-0.5),
 * and a seal runs six (issue 11). Keep the selected columns text, text[] or boolean: only those come back the
 * same both ways. On PostgreSQL a statement the server never answers keeps the ROLLBACK waiting too (set the
 * server's statement_timeout for that).
 */
export function rawTransaction<T>(db: RawTransactor, work: (tx: RawClient) => Promise<T>, options?: { maxWait?: number; timeout?: number }): Promise<T> {
  const database = directDatabaseOf(db);
  if (!database) return db.$transaction((tx: RawClient) => work(tx), options);
  return database.transaction((tx) => work({
    $queryRawUnsafe: <R>(sql: string, ...values: unknown[]) => tx.query(sql, values) as unknown as Promise<R>,
  }), options?.timeout);
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const queries = new QueryCounter();
  let database: Database;
  if (options.databaseUrl) {
    const { Pool } = await import('pg');
    const { PrismaPg } = await import('@prisma/adapter-pg');
    const pool = new Pool({ connectionString: options.databaseUrl, max: wholeNumberSetting(process.env, 'DATABASE_POOL_SIZE', 10, { min: 1 }) });
    // A dropped connection must not crash the process: the pool reconnects on the next query. pg-pool
    // listens for an idle client's 'error' (below) but not for a checked-out one's, and pg emits 'error' on
    // a client whose connection ends between the statements of a transaction (ours or Prisma's): so every
    // client gets a listener of its own. The transaction fails on its next statement, and the pool drops
    // the dead client on release (tests/database-connection-loss.test.ts).
    pool.on('error', () => undefined);
    pool.on('connect', (client) => { client.on('error', () => undefined); });
    const query = async <Row>(sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows as Row[];
    database = {
      adapter: counting(new PrismaPg(pool), queries),
      queries,
      kind: 'postgresql',
      execute: async (sql) => { await pool.query(sql); },
      query,
      // The pg driver's instrumentation traces these (../tracing/sdk.ts).
      statement: requestStatement(query, queries, false, false),
      transaction: async (work, timeoutMs) => {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const result = await boundedWork(work, async (sql, params) => (await client.query(sql, params)).rows, timeoutMs);
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        } finally {
          client.release();
        }
      },
      close: () => pool.end(),
    };
  } else {
    applyWasmTieringBudget();
    applyWasmLazyValidation();
    const pgliteModule = await import('@electric-sql/pglite');
    const { PGlite } = pgliteModule;
    const { PrismaPGlite } = await import('pglite-prisma-adapter');
    let release = () => {};
    if (!options.dataDir.startsWith('memory://')) {
      mkdirSync(options.dataDir, { recursive: true });
      release = lockDataDir(options.dataDir);
    }
    let pglite: InstanceType<typeof PGlite>;
    try {
      pglite = await PGlite.create(options.dataDir, { startParams: [
        ...PGlite.defaultStartParams, '-c', `shared_buffers=${pgliteSharedBuffers()}`, '-c', `random_page_cost=${PGLITE_RANDOM_PAGE_COST}`,
        '-c', `plan_cache_mode=${PGLITE_PLAN_CACHE_MODE}`,
      ] });
    } catch (error) {
      release();
      throw error;
    }
    const yieldBetweenStatements = process.env.DATABASE_YIELD_BETWEEN_STATEMENTS !== 'off';
    const query = async <Row>(sql: string, params?: unknown[]) => (await pglite.query<Row>(sql, params)).rows;
    const prepared = pglitePreparedStatements(pglite, pgliteModule);
    database = {
      adapter: counting(new PrismaPGlite(pglite), queries, yieldBetweenStatements),
      queries,
      kind: 'pglite',
      execute: async (sql) => { await pglite.exec(sql); },
      query,
      // Prepared once, one exchange per execution (issue 11); tools and tests keep PGlite's `query`.
      statement: requestStatement(prepared, queries, yieldBetweenStatements, tracingEnabled()),
      // PGlite's transaction, its statements prepared as the requests' are (its own `query` cost 0.4-0.7 ms of
      // CPU for each of the sealer's small statements, the prepared ones a tenth of that).
      transaction: (work, timeoutMs) => pglite.transaction(() => boundedWork(work, prepared.inTransaction, timeoutMs)),
      // The directory is free for another process only once PGlite has written everything and closed.
      close: async () => { try { await pglite.close(); } finally { release(); } },
    };
  }
  await applyMigrations(database, options.migrationsDir);
  return database;
}
