// A request's statement on the embedded PGlite, prepared once and run in one exchange (../src/db/pglite-statements.ts,
// issue 11): the rows must be the values PGlite's own `query` returns, errors must reject as PostgreSQL's and
// leave nothing half-prepared, a full set of prepared statements must close the least recently used, and a
// statement must wait for a transaction in progress on the one connection. A real PGlite in memory.
import * as pgliteModule from '@electric-sql/pglite';
import { PGlite } from '@electric-sql/pglite';
import { pglitePreparedStatements } from '../src/db/pglite-statements';

let pglite: PGlite;
beforeAll(async () => {
  pglite = await PGlite.create('memory://');
  await pglite.exec(`
    CREATE TABLE "Entry" ("id" text PRIMARY KEY, "tags" text[], "count" integer, "done" boolean, "at" timestamp(3), "data" jsonb, "note" text);
    INSERT INTO "Entry" VALUES ('a', '{x,"y z"}', 3, true, '2026-12-03 01:02:03.456', '{"k": [1, 2]}', NULL);
  `);
});
afterAll(() => pglite?.close());

const preparedNames = async () => (await pglite.query<{ name: string }>(`SELECT name FROM pg_prepared_statements ORDER BY name`)).rows.map((r) => r.name);

describe('prepared request statements on PGlite', () => {
  it('answer the rows PGlite`s query answers, for text, arrays, numbers, booleans, timestamps, json and null', async () => {
    const run = pglitePreparedStatements(pglite, pgliteModule);
    const sql = `SELECT "id", "tags", "count", "done", "at", "data", "note" FROM "Entry" WHERE "id" = ANY($1::text[]) AND "count" >= $2`;
    const reference = (await pglite.query(sql, [['a', 'b'], 2])).rows;
    expect(reference).toHaveLength(1);
    expect(await run(sql, [['a', 'b'], 2])).toEqual(reference);
    // The second run uses the prepared statement: the same rows again, and no second statement made.
    expect(await run(sql, [['a', 'b'], 2])).toEqual(reference);
    expect(await run(sql, [['b'], 2])).toEqual([]);
    expect((await run<{ tags: string[] }>(sql, [['a'], 0]))[0].tags).toEqual(['x', 'y z']);
    expect(await preparedNames()).toHaveLength(1);
  });

  it('bind null parameters as NULL and write rows (an INSERT answers no rows)', async () => {
    const run = pglitePreparedStatements(pglite, pgliteModule);
    expect(await run(`INSERT INTO "Entry" ("id", "tags", "note") VALUES ($1, $2::text[], $3)`, ['b', ['q'], null])).toEqual([]);
    expect((await pglite.query(`SELECT "tags", "note" FROM "Entry" WHERE "id" = 'b'`)).rows).toEqual([{ tags: ['q'], note: null }]);
    await pglite.exec(`DELETE FROM "Entry" WHERE "id" = 'b'`);
  });

  it('reject a statement PostgreSQL refuses with its error, keep nothing of it, and go on serving', async () => {
    const run = pglitePreparedStatements(pglite, pgliteModule);
    const before = await preparedNames();
    const bad = `SELECT "nope" FROM "Entry" WHERE "id" = $1`;
    await expect(run(bad, ['a'])).rejects.toMatchObject({ code: '42703', query: bad });
    await expect(run(bad, ['a'])).rejects.toMatchObject({ code: '42703' }); // not "already exists": nothing was kept
    expect(await preparedNames()).toEqual(before);
    // An error while executing (a duplicate key) leaves the prepared statement usable.
    const insert = `INSERT INTO "Entry" ("id") VALUES ($1)`;
    await expect(run(insert, ['a'])).rejects.toMatchObject({ code: '23505', query: insert, params: ['a'] });
    await run(insert, ['c']);
    expect((await run<{ id: string }>(`SELECT "id" FROM "Entry" WHERE "id" = $1`, ['c']))).toEqual([{ id: 'c' }]);
    await pglite.exec(`DELETE FROM "Entry" WHERE "id" = 'c'`);
  });

  it('close the least recently used statement when the set is full', async () => {
    await pglite.exec('DEALLOCATE ALL');
    const run = pglitePreparedStatements(pglite, pgliteModule, 2);
    await run(`SELECT 1 AS "one" WHERE $1::text IS NOT NULL`, ['x']);
    await run(`SELECT 2 AS "two" WHERE $1::text IS NOT NULL`, ['x']);
    await run(`SELECT 1 AS "one" WHERE $1::text IS NOT NULL`, ['x']); // now the most recently used
    expect(await run(`SELECT 3 AS "three" WHERE $1::text IS NOT NULL`, ['x'])).toEqual([{ three: 3 }]);
    expect(await preparedNames()).toHaveLength(2);
    // The closed one ("two") is made again when it is used again; "one" was kept.
    expect(await run(`SELECT 2 AS "two" WHERE $1::text IS NOT NULL`, ['x'])).toEqual([{ two: 2 }]);
    expect(await run(`SELECT 1 AS "one" WHERE $1::text IS NOT NULL`, ['x'])).toEqual([{ one: 1 }]);
    expect(await preparedNames()).toHaveLength(2);
  });

  it('wait for a transaction in progress on the one connection, and see what it committed', async () => {
    const run = pglitePreparedStatements(pglite, pgliteModule);
    let release!: () => void;
    let inserted!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    const insertedInTransaction = new Promise<void>((resolve) => { inserted = resolve; });
    const transaction = pglite.transaction(async (tx) => {
      await tx.query(`INSERT INTO "Entry" ("id") VALUES ('t')`);
      inserted();
      await held;
    });
    await insertedInTransaction;
    const read = run<{ n: string }>(`SELECT count(*)::text AS "n" FROM "Entry" WHERE "id" = $1`, ['t']);
    let answered = false;
    void read.then(() => { answered = true; });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(answered).toBe(false);
    release();
    await transaction;
    expect(await read).toEqual([{ n: '1' }]);
    await pglite.exec(`DELETE FROM "Entry" WHERE "id" = 't'`);
  });

  it('run inside a transaction the caller holds (inTransaction), without waiting for it, and are rolled back with it', async () => {
    const run = pglitePreparedStatements(pglite, pgliteModule);
    const count = `SELECT count(*)::text AS "n" FROM "Entry" WHERE "id" = $1`;
    // Committed: seen inside and after.
    await pglite.transaction(async () => {
      await run.inTransaction(`INSERT INTO "Entry" ("id") VALUES ($1)`, ['in']);
      expect(await run.inTransaction(count, ['in'])).toEqual([{ n: '1' }]);
    });
    expect(await run(count, ['in'])).toEqual([{ n: '1' }]);
    // Rolled back when the work fails: nothing of it stays, and the prepared statements go on serving.
    await expect(pglite.transaction(async () => {
      await run.inTransaction(`INSERT INTO "Entry" ("id") VALUES ($1)`, ['gone']);
      throw new Error('failed half-way');
    })).rejects.toThrow('failed half-way');
    expect(await run(count, ['gone'])).toEqual([{ n: '0' }]);
    await pglite.exec(`DELETE FROM "Entry" WHERE "id" = 'in'`);
  });
});
