// The embedded database's planner statistics (issue 11). PostgreSQL keeps them by itself: its autovacuum
// daemon runs ANALYZE on a table once enough of it has changed. The embedded PGlite runs no background
// processes, so nothing ever ran ANALYZE: every table stayed "never analyzed" (pg_class.reltuples = -1), and
// without statistics the planner guesses that `"customerId" = ANY($1)` with a caseload's 100 ids matches half
// of a table (0.005 per element), so it scanned whole tables instead of their customerId indexes. A request's
// cost then grew with the register's size, not with the page: measured (BENCHMARKS.md change 27) with 5,000
// demo customers, a caseload of 100 cost 171.7-180.7 ms of CPU over the five processes before and 134.2-146.6
// after, the joint register 68.7-69.1 → 48.4-49.5 ms. PGlite also keeps no count of changed rows
// (pg_stat_user_tables.n_mod_since_analyze stays 0), so growth is read from the tables' size instead: a table is
// analyzed when it never was, or when it has grown by more than a tenth (plus a page) since its last ANALYZE,
// close to autovacuum's default rule (50 rows + 10 %). Statistics are kept in the data directory (pg_statistic,
// pg_class), so a restart on existing data analyzes nothing.
//
// ANALYZE reads a bounded sample of each table (300 × default_statistics_target rows), one table per statement
// with a turn of the event loop between, so that requests' statements interleave with it (PGlite serves one
// statement at a time); the first pass on a fresh data directory takes some 0.2-0.35 s of CPU per register, off
// the start (after listening). One table's ANALYZE is one statement, so on a large embedded database (an access
// log of millions of entries) it holds PGlite's one connection for as long as its sample takes to read; a
// deployment of that size runs on PostgreSQL (DATABASE_URL), where autovacuum does this beside the requests.
// It changes plans only and touches no row. A plan's scan decided the order of rows
// equal in an ordered list's fields, so those lists now end their order with the row's id (../graphql/json-rows.ts
// totalOrder): the same order whichever plan.
import { nextTurn, type Database } from './database';
import { wholeNumberSetting } from '../settings';

/** Tables due for ANALYZE: never analyzed, or grown by more than a tenth plus one page since the last. */
const DUE_TABLES = `
  SELECT quote_ident(c.relname) AS "table"
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = current_schema() AND c.relkind = 'r'
    AND (c.reltuples < 0 OR pg_relation_size(c.oid) / current_setting('block_size')::int > c.relpages + 1 + c.relpages / 10)
  ORDER BY c.relname`;

/** Default time between two looks at the tables' growth (PGLITE_ANALYZE_INTERVAL_MS). */
export const DEFAULT_ANALYZE_INTERVAL_MS = 60_000;

/**
 * PGLITE_ANALYZE_INTERVAL_MS as a number of milliseconds (default DEFAULT_ANALYZE_INTERVAL_MS); throws naming
 * the variable when it is not a whole number from 1000 to 2^31-1.
 */
export function analyzeIntervalFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  // Strict parsing (no exponents, hex or signs) and Node's timer limit, as every whole-number `*_MS` setting.
  return wholeNumberSetting(env, 'PGLITE_ANALYZE_INTERVAL_MS', DEFAULT_ANALYZE_INTERVAL_MS, { min: 1000 });
}

export interface PlannerStatistics {
  /**
   * Analyzes the tables due now (see DUE_TABLES), one at a time; resolves with their names. Never two passes
   * at once: a call during a pass waits for it and then makes its own.
   */
  analyzeDue(): Promise<string[]>;
  /** Stops the timer and waits for a pass in progress. */
  stop(): Promise<void>;
}

/**
 * Keeps the embedded database's planner statistics (see above): a first pass right away, then a look every
 * `intervalMs` (PGLITE_ANALYZE_INTERVAL_MS, default 60 s; each look is one catalog query of about a
 * millisecond, and ANALYZE only for tables that grew). On PostgreSQL (`database.kind` 'postgresql') it does
 * nothing: autovacuum keeps them. A failed pass (database closing or down) is reported to `onError` and
 * tried again at the next look.
 */
export function startPlannerStatistics(
  database: Pick<Database, 'kind' | 'query'>, options: { intervalMs?: number; onError?: (error: Error) => void } = {},
): PlannerStatistics {
  if (database.kind !== 'pglite') return { analyzeDue: async () => [], stop: async () => undefined };
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const pass = async () => {
    const due = await database.query<{ table: string }>(DUE_TABLES);
    const analyzed: string[] = [];
    for (const { table } of due) {
      if (stopped) break;
      await nextTurn();
      await database.query(`ANALYZE ${table}`);
      analyzed.push(table);
    }
    return analyzed;
  };
  const analyzeDue = () => {
    const result = running.then(pass);
    running = result.catch((error) => options.onError?.(error as Error));
    return result;
  };
  void analyzeDue().catch(() => undefined);
  const timer = setInterval(() => { if (!stopped) void analyzeDue().catch(() => undefined); }, Math.max(1000, options.intervalMs ?? DEFAULT_ANALYZE_INTERVAL_MS));
  timer.unref();
  return {
    analyzeDue,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
