// The embedded database's planner statistics, page cost and plan cache (../src/db/planner-statistics.ts,
// ../src/db/database.ts PGLITE_RANDOM_PAGE_COST, PGLITE_PLAN_CACHE_MODE): a real PGlite with the joint
// register's migrations and a probe table of 20,000 rows, as a register's customer rows grow.
import { join } from 'node:path';
import { Database, openDatabase } from '../src/db/database';
import { analyzeIntervalFromEnv, DEFAULT_ANALYZE_INTERVAL_MS, startPlannerStatistics } from '../src/db/planner-statistics';
import { REPO_ROOT } from '../src/subgraphs';
import { createDatabases } from '../../tests/support/postgres';

let database: Database;
const ids = Array.from({ length: 100 }, (_, i) => `customer-${i * 17}`);
// As a register's folded statements read a caseload's rows: the rows of 100 customers, by their ids.
const PROBE = `SELECT id, note FROM "PlannerProbe" WHERE "customerId" = ANY($1::text[])`;
/** The planner's estimate of the rows of the probe's scan. */
const estimatedRows = (text: string) => Number(/rows=(\d+)/.exec(text)?.[1]);

const plan = async (sql: string, params: unknown[]) =>
  (await database.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params)).map((row) => row['QUERY PLAN']).join('\n');
const reltuples = async (table: string) =>
  Number((await database.query<{ reltuples: number }>(`SELECT reltuples FROM pg_class WHERE relname = $1`, [table]))[0].reltuples);
const addRows = (from: number, count: number) => database.execute(
  `INSERT INTO "PlannerProbe" ("customerId", note) SELECT 'customer-' || (g % 2000), repeat('x', 40) FROM generate_series(${from}, ${from + count - 1}) g`);

beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://', migrationsDir: join(REPO_ROOT, 'subgraphs', 'joint', 'prisma', 'migrations') });
  await database.execute(`CREATE TABLE "PlannerProbe" (id serial PRIMARY KEY, "customerId" text NOT NULL, note text);
    CREATE INDEX "PlannerProbe_customerId_idx" ON "PlannerProbe" ("customerId");`);
  await addRows(0, 20_000);
}, 60_000);

afterAll(async () => {
  await database?.close();
});

describe('the embedded database plans a caseload look-up by its index', () => {
  it('prices a random page read as cached data (random_page_cost 1.1, not 4)', async () => {
    expect((await database.query<{ random_page_cost: string }>('SHOW random_page_cost'))[0].random_page_cost).toBe('1.1');
  });

  it('plans a prepared statement once, generically, and its generic plan reads the index (plan_cache_mode)', async () => {
    expect((await database.query<{ plan_cache_mode: string }>('SHOW plan_cache_mode'))[0].plan_cache_mode).toBe('force_generic_plan');
    const list = `{${ids.join(',')}}`;
    await database.execute(`PREPARE caseload_probe(text[]) AS ${PROBE.replace('$1::text[]', '$1')}`);
    try {
      // The plan keeps the parameter: it was made once for every list, not for this one.
      const generic = await plan(`EXECUTE caseload_probe('${list}')`, []);
      expect(generic).toMatch(/"customerId" = ANY \(\$1\)/);
      expect(generic).toMatch(/Index Scan|Bitmap Index Scan/);
      expect(generic).not.toMatch(/Seq Scan/);
      // PostgreSQL's default plans each execution for its own list (a custom plan), as the registers did.
      await database.execute('SET plan_cache_mode = auto');
      try {
        expect(await plan(`EXECUTE caseload_probe('${list}')`, [])).toContain(`'${list}'`);
      } finally {
        await database.execute('RESET plan_cache_mode');
      }
    } finally {
      await database.execute('DEALLOCATE caseload_probe');
    }
  });

  it("with PostgreSQL's default page cost and no statistics, reads the whole table for 100 ids; with 1.1, the index", async () => {
    expect(await reltuples('PlannerProbe')).toBe(-1); // never analyzed
    await database.execute('SET random_page_cost = 4');
    try {
      expect(await plan(PROBE, [ids])).toMatch(/Seq Scan on "PlannerProbe"/);
    } finally {
      await database.execute('RESET random_page_cost');
    }
    expect(await plan(PROBE, [ids])).not.toMatch(/Seq Scan/);
  });

  it('analyzes every table never analyzed in its first pass: the estimate for 100 ids becomes right', async () => {
    // Without statistics the planner guesses that 100 ids match half of the table (0.005 each).
    expect(estimatedRows(await plan(PROBE, [ids]))).toBeGreaterThan(5_000);
    const statistics = startPlannerStatistics(database, { intervalMs: 3_600_000 });
    try {
      await statistics.analyzeDue(); // waits for the first pass, then looks again
      const never = await database.query<{ relname: string }>(
        `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.reltuples < 0`);
      expect(never).toEqual([]);
      expect(await reltuples('PlannerProbe')).toBeGreaterThan(15_000);
      const analyzed = await plan(PROBE, [ids]);
      expect(analyzed).not.toMatch(/Seq Scan/);
      expect(estimatedRows(analyzed)).toBeLessThan(2_000); // 1,000 in fact
      // Plans only: the answer is the same.
      expect(await database.query(PROBE, [ids])).toHaveLength(1000);
    } finally {
      await statistics.stop();
    }
  }, 60_000);

  it('analyzes again a table that grew by more than a tenth, and nothing that did not', async () => {
    const statistics = startPlannerStatistics(database, { intervalMs: 3_600_000 });
    try {
      await statistics.analyzeDue();
      expect(await statistics.analyzeDue()).toEqual([]);
      await addRows(20_000, 1_000); // 5 %: not yet
      expect(await statistics.analyzeDue()).toEqual([]);
      await addRows(21_000, 4_000); // 25 % in all since the last ANALYZE
      expect(await statistics.analyzeDue()).toEqual(['"PlannerProbe"']);
      expect(await reltuples('PlannerProbe')).toBeGreaterThan(23_000);
      expect(await statistics.analyzeDue()).toEqual([]);
    } finally {
      await statistics.stop();
    }
  }, 60_000);
});

describe('PGLITE_ANALYZE_INTERVAL_MS', () => {
  it('takes a whole number of milliseconds of at least 1000, defaults to 60 s, and names itself when wrong', () => {
    expect(analyzeIntervalFromEnv({})).toBe(DEFAULT_ANALYZE_INTERVAL_MS);
    expect(analyzeIntervalFromEnv({ PGLITE_ANALYZE_INTERVAL_MS: '300000' })).toBe(300_000);
    for (const wrong of ['abc', '0', '500', '-1000', '1.5e3x', '2500.5', '1e4', '0x2710', '+5000', '5000.0', '2147483648']) {
      expect(() => analyzeIntervalFromEnv({ PGLITE_ANALYZE_INTERVAL_MS: wrong })).toThrow(`PGLITE_ANALYZE_INTERVAL_MS must be a whole number from 1000 to 2147483647, not "${wrong}"`);
    }
    expect(analyzeIntervalFromEnv({ PGLITE_ANALYZE_INTERVAL_MS: '  ' })).toBe(DEFAULT_ANALYZE_INTERVAL_MS); // blank is unset
  });
});

// On PostgreSQL (the CI's second run, TEST_DATABASE_URL) autovacuum keeps the statistics: nothing is sent.
(process.env.TEST_DATABASE_URL ? describe : describe.skip)('on PostgreSQL', () => {
  it('leaves the statistics to autovacuum: no pass, no ANALYZE', async () => {
    const postgres = await createDatabases(process.env.TEST_DATABASE_URL!, ['planner']);
    const real = await openDatabase({ databaseUrl: postgres.urls.planner, dataDir: 'memory://', migrationsDir: join(REPO_ROOT, 'subgraphs', 'joint', 'prisma', 'migrations') });
    try {
      const before = (await real.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL`))[0].n;
      const statistics = startPlannerStatistics(real);
      expect(await statistics.analyzeDue()).toEqual([]);
      await statistics.stop();
      expect((await real.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL`))[0].n).toBe(before);
    } finally {
      await real.close();
      await postgres.drop();
    }
  }, 60_000);
});
