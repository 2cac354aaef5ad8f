// The statements every request sends outside a transaction go to the database driver directly, not through
// Prisma's raw-query layer (issue 11, BENCHMARKS.md change 15; shared/src/db/database.ts rawRows): the joint
// caseload's ids and rows as JSON, the area and restriction look-up, the access-log entry. What must not
// change: the answer, the statements counted per register (QueryCounter, which the query-count tests read), and
// the access-log entry each register writes before the answer. DATABASE_DIRECT_STATEMENTS=off (read at each
// statement) sends them through Prisma again: the reference here.
import { CASELOAD_QUERY } from '../support/queries';
import { startSystem, System } from '../support/system';

let system: System;
// No seal by the clock: the sealer's own statements would be counted beside the request's.
beforeAll(async () => { system = await startSystem({ env: { LOG_SEAL_INTERVAL_MS: '3600000' } }); });
afterAll(() => system?.stop());

const OFFICIAL = 'employment-work-ability-coordinator';
const REGISTERS = ['joint', 'employment', 'wellbeing', 'kela'] as const;

interface Entry { actorId: string; actorRoles: string[]; customerIds: string[]; categories: string[]; operation: string; operationName: string | null; outcome: string; chainSeq: unknown }

/** One caseload page: the answer, the statements each register sent for it, and each register's newest entry. */
async function caseload(direct: boolean) {
  const before = system.queryCounts();
  if (direct) delete process.env.DATABASE_DIRECT_STATEMENTS;
  else process.env.DATABASE_DIRECT_STATEMENTS = 'off';
  try {
    const result = await system.query(OFFICIAL, CASELOAD_QUERY, { first: 10 });
    const after = system.queryCounts();
    const statements = Object.fromEntries(REGISTERS.map((r) => [r, after[r] - before[r]]));
    const entries = Object.fromEntries(await Promise.all(REGISTERS.map(async (r) => {
      const db = system.subgraphs[r].db as unknown as { accessLogEntry: { findFirst(args: unknown): Promise<Entry & { id: string; requestId: string; at: Date }> } };
      const { id: _id, requestId: _requestId, at: _at, ...entry } = await db.accessLogEntry.findFirst({ orderBy: { at: 'desc' } });
      return [r, entry] as const;
    })));
    return { result, statements, entries };
  } finally {
    delete process.env.DATABASE_DIRECT_STATEMENTS;
  }
}

describe('request statements straight to the driver', () => {
  it('answer the caseload as through Prisma, with the same statements counted and the same access-log entries', async () => {
    await caseload(true); // warm-up: first-request work is not compared
    await caseload(false);
    const direct = await caseload(true);
    const prisma = await caseload(false);
    expect(direct.result.errors?.filter((e) => e.extensions?.code !== 'FORBIDDEN')).toEqual(prisma.result.errors?.filter((e) => e.extensions?.code !== 'FORBIDDEN'));
    expect(direct.result.data!.caseload.edges).toHaveLength(10);
    expect(direct.result.data).toEqual(prisma.result.data);
    expect(direct.statements).toEqual(prisma.statements);
    for (const r of REGISTERS) expect(direct.statements[r]).toBeGreaterThan(0);
    // Every register wrote this request's entry (the newest), the same as through Prisma, unsealed.
    expect(direct.entries).toEqual(prisma.entries);
    for (const r of REGISTERS) {
      expect(direct.entries[r]).toEqual(expect.objectContaining({ operation: 'READ', outcome: 'ALLOWED', operationName: expect.stringMatching(/^Caseload/), chainSeq: null }));
      expect(direct.entries[r].customerIds.length).toBeGreaterThan(0);
    }
  });

  it('answer the same once the embedded database plans the prepared statements generically (after five executions)', async () => {
    // shared/src/db/pglite-statements.ts: each request statement is prepared once per register; PostgreSQL
    // plans the first five executions for their parameters, then may keep one generic plan.
    for (let i = 0; i < 6; i++) await caseload(true);
    const direct = await caseload(true);
    const prisma = await caseload(false);
    expect(direct.result.data).toEqual(prisma.result.data);
    expect(direct.statements).toEqual(prisma.statements);
    if (process.env.TEST_DATABASE_URL) return; // on PostgreSQL the pg driver's statements are unnamed
    for (const r of REGISTERS) {
      const db = system.subgraphs[r].db as unknown as { $queryRawUnsafe<T>(sql: string): Promise<T> };
      const plans = await db.$queryRawUnsafe<{ generic: number; custom: number }[]>(
        `SELECT generic_plans::int AS generic, custom_plans::int AS custom FROM pg_prepared_statements WHERE name LIKE 'cg\\_%'`);
      expect(plans.length).toBeGreaterThanOrEqual(2); // the caseload's look-up, rows and access-log entry at least
      expect(plans.some((p) => p.generic > 0)).toBe(true);
    }
  });
});
