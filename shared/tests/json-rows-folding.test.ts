// The JSON batches that DataLoader dispatches in one turn of the event loop go to the database as one
// statement (issue 11; shared/src/graphql/json-rows.ts batchedRowsText), on a real embedded PostgreSQL.
import { PGlite } from '@electric-sql/pglite';
import { batchedRowsText, COLUMNS_FROM_KEYS, foldedSql, jsonListLoader, JsonRowsClient, loadedOrLoad, prefetchRows } from '../src/graphql/json-rows';

let pglite: PGlite;
const sent: string[] = [];
// The one method the loaders use of Prisma's client, straight on PGlite, recording each statement.
const bound: unknown[][] = [];
const client: JsonRowsClient = {
  $queryRawUnsafe: async <T>(sql: string, ...values: unknown[]) => { sent.push(sql); bound.push(values); return (await pglite.query(sql, values)).rows as T; },
};
const rowsOf = (table: string) => `SELECT coalesce(json_agg(r ORDER BY r."n"), '[]')::text AS "rows" FROM (SELECT t."n", t."customerId" FROM "${table}" t WHERE t."customerId" = ANY($1::text[])) r`;

beforeAll(async () => {
  pglite = await PGlite.create('memory://');
  await pglite.exec(`CREATE TABLE "A" ("n" int, "customerId" text); CREATE TABLE "B" ("n" int, "customerId" text);
    INSERT INTO "A" VALUES (1, 'c1'), (2, 'c2'), (3, 'c1'); INSERT INTO "B" VALUES (10, 'c2'), (11, 'c3');`);
}, 60_000);
afterAll(() => pglite?.close());
beforeEach(() => { sent.length = 0; bound.length = 0; });

it('sends the batches of one turn as one statement, and each batch gets exactly its own rows', async () => {
  const [a, b, none] = await Promise.all([
    batchedRowsText(client, rowsOf('A'), ['c1']),
    batchedRowsText(client, rowsOf('B'), ['c2', 'c3']),
    batchedRowsText(client, rowsOf('A'), ['nobody']),
  ]);
  expect(sent).toHaveLength(1);
  expect(JSON.parse(a)).toEqual([{ n: 1, customerId: 'c1' }, { n: 3, customerId: 'c1' }]);
  expect(JSON.parse(b)).toEqual([{ n: 10, customerId: 'c2' }, { n: 11, customerId: 'c3' }]);
  expect(JSON.parse(none)).toEqual([]);
});

it('binds each distinct list of ids once: batches asked for the same customers share one parameter', async () => {
  const [a, b, a2, other] = await Promise.all([
    batchedRowsText(client, rowsOf('A'), ['c1', 'c2']),
    batchedRowsText(client, rowsOf('B'), ['c1', 'c2']),
    batchedRowsText(client, rowsOf('A'), ['c1', 'c2']),
    batchedRowsText(client, rowsOf('B'), ['c2', 'c3']),
  ]);
  expect(sent).toHaveLength(1);
  expect(bound).toEqual([[['c1', 'c2'], ['c2', 'c3']]]);
  expect(sent[0].match(/\$1::text\[\]/g)).toHaveLength(3);
  expect(JSON.parse(a)).toEqual([{ n: 1, customerId: 'c1' }, { n: 2, customerId: 'c2' }, { n: 3, customerId: 'c1' }]);
  expect(a2).toBe(a);
  expect(JSON.parse(b)).toEqual([{ n: 10, customerId: 'c2' }]);
  expect(JSON.parse(other)).toEqual([{ n: 10, customerId: 'c2' }, { n: 11, customerId: 'c3' }]);
});

it('sends a batch alone as its own statement, and batches of later turns apart', async () => {
  expect(JSON.parse(await batchedRowsText(client, rowsOf('B'), ['c3']))).toEqual([{ n: 11, customerId: 'c3' }]);
  expect(sent).toEqual([rowsOf('B')]);
  await batchedRowsText(client, rowsOf('A'), ['c2']);
  expect(sent).toHaveLength(2);
});

it('fails every batch folded into a statement that fails, with the database\'s error', async () => {
  const results = await Promise.allSettled([
    batchedRowsText(client, rowsOf('A'), ['c1']),
    batchedRowsText(client, rowsOf('NoSuchTable'), ['c1']),
  ]);
  expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/NoSuchTable/);
});

it('refuses to fold a statement that does not use its ids parameter exactly once', () => {
  expect(() => foldedSql([rowsOf('A'), 'SELECT 1'])).toThrow('$1::text[] exactly once');
  expect(() => foldedSql([`${rowsOf('A')} AND $1::text[] IS NOT NULL`])).toThrow('$1::text[] exactly once');
  expect(foldedSql([rowsOf('A'), rowsOf('B')])).toContain('ANY($2::text[])) r) AS "1"');
});

// The model of table A as a generated Prisma client describes it (json-rows reads its `_runtimeDataModel`).
const modelA = { A: { dbName: 'A', fields: [{ name: 'n', kind: 'scalar', type: 'Int' }, { name: 'customerId', kind: 'scalar', type: 'String' }] } };
const noPrisma = { findMany: () => { throw new Error('not through Prisma'); } };

it('prefetches a JSON loader\'s rows as one batch of its own, which loadedOrLoad then answers at once', async () => {
  const db = Object.assign({ _runtimeDataModel: { models: modelA } }, client);
  const loader = jsonListLoader<{ n: number; customerId: string }>(noPrisma, { db, model: 'A' }, 'customerId', [['n', 'asc']]);
  await prefetchRows(loader, ['c1', 'c2', 'c1', 'nobody']);
  expect(sent).toHaveLength(1);
  expect(loadedOrLoad(loader, 'c1')).toEqual([{ n: 1, customerId: 'c1' }, { n: 3, customerId: 'c1' }]);
  expect(loadedOrLoad(loader, 'nobody')).toEqual([]);
  // The same rows as the loader's own load, and nothing read twice.
  const fresh = jsonListLoader<{ n: number; customerId: string }>(noPrisma, { db, model: 'A' }, 'customerId', [['n', 'asc']]);
  expect(await fresh.load('c2')).toEqual(loadedOrLoad(loader, 'c2'));
  await prefetchRows(loader, ['c1', 'c2']);
  expect(sent).toHaveLength(2);
  // A key not prefetched is loaded as before.
  expect(await loadedOrLoad(loader, 'c3')).toEqual([]);
});

it('leaves nothing behind after a failed prefetch, as loadMany: each field\'s load asks again', async () => {
  const failing = { _runtimeDataModel: { models: { A: { ...modelA.A, dbName: 'NoSuchTable' } } }, ...client };
  const loader = jsonListLoader(noPrisma, { db: failing, model: 'A' });
  await expect(prefetchRows(loader, ['c1', 'c2'])).resolves.toBeUndefined();
  expect(sent).toHaveLength(1);
  const [c1, c2] = await Promise.allSettled([Promise.resolve(loadedOrLoad(loader, 'c1')), loader.load('c2')]);
  expect(String((c1 as PromiseRejectedResult).reason)).toMatch(/NoSuchTable/);
  expect(String((c2 as PromiseRejectedResult).reason)).toMatch(/NoSuchTable/);
  // Asked again, in one batch of the two keys, as after loadMany's failed batch.
  expect(sent).toHaveLength(2);
  // The same with DataLoader's own loadMany, for reference.
  const reference = jsonListLoader(noPrisma, { db: failing, model: 'A' });
  await reference.loadMany(['c1', 'c2']);
  await Promise.allSettled([reference.load('c1'), reference.load('c2')]);
  expect(sent).toHaveLength(4);
});

it('orders rows equal in every ordered field by their id, whatever order the table holds them in', async () => {
  // Heap order b, c, a: the scan would hand them over so; the order asked (n) ties for all three of c1.
  await pglite.exec(`CREATE TABLE "T" ("id" text, "n" int, "customerId" text);
    INSERT INTO "T" VALUES ('b', 1, 'c1'), ('c', 1, 'c1'), ('z', 0, 'c1'), ('a', 1, 'c1'), ('d', 1, 'c2');`);
  const modelT = { T: { dbName: 'T', fields: ['id', 'n', 'customerId'].map((name) => ({ name, kind: 'scalar', type: name === 'n' ? 'Int' : 'String' })) } };
  const db = Object.assign({ _runtimeDataModel: { models: modelT } }, client);
  const loader = jsonListLoader<{ id: string }>(noPrisma, { db, model: 'T' }, 'customerId', [['n', 'asc']]);
  expect((await loader.load('c1')).map((row) => row.id)).toEqual(['z', 'a', 'b', 'c']);
  expect(sent.at(-1)).toContain('ORDER BY r."n" ASC, r."id" ASC');
  // A few keys: records; from COLUMNS_FROM_KEYS keys on, in a total order, columns lined up row by row.
  expect(sent.at(-1)).toMatch(/^SELECT coalesce\(json_agg\(r ORDER BY/);
  const byId = jsonListLoader<{ id: string }>(noPrisma, { db, model: 'T' }, 'customerId', [['n', 'desc']]);
  const nobody = Array.from({ length: COLUMNS_FROM_KEYS - 2 }, (_, i) => `nobody-${i}`);
  expect(await byId.loadMany(['c1', 'c2', ...nobody])).toEqual([
    [{ id: 'a', n: 1, customerId: 'c1' }, { id: 'b', n: 1, customerId: 'c1' }, { id: 'c', n: 1, customerId: 'c1' }, { id: 'z', n: 0, customerId: 'c1' }],
    [{ id: 'd', n: 1, customerId: 'c2' }],
    ...nobody.map(() => []),
  ]);
  expect(sent.at(-1)).toMatch(/^SELECT json_build_array\(/);
  // A table without an id keeps the order asked (table A above), and no order asked stays none.
  const unordered = jsonListLoader<{ id: string }>(noPrisma, { db, model: 'T' });
  await unordered.load('c1');
  expect(sent.at(-1)).not.toContain('ORDER BY');
  const a = jsonListLoader(noPrisma, { db: Object.assign({ _runtimeDataModel: { models: modelA } }, client), model: 'A' }, 'customerId', [['n', 'desc']]);
  await a.load('c1');
  expect(sent.at(-1)).toContain('ORDER BY r."n" DESC)');
});
