// Bulk insert for the demo seeds. Through Prisma's createMany the seed of 1,000 demo customers cost about
// 0.4 ms of CPU per row (some 20,000 rows per register: most of an empty start, issue 11), nearly all of it
// in Prisma's query layer; PostgreSQL itself inserts the same rows from one JSON document in a tenth of
// that. So a Prisma model delegate's rows go in as one statement per chunk:
//   INSERT INTO "Model" (columns) SELECT columns FROM json_populate_recordset(NULL::"Model", $1::json)
// in the caller's transaction (the delegate's own client). The schemas map no names (@map), so the model
// is the table and a field its column; PostgreSQL converts each JSON value to the column's type (enums,
// arrays, timestamps, jsonb) as it would the parameters Prisma sends.
import { randomUUID } from 'node:crypto';
import { RawClient, rawRows } from '../db/database';

const CHUNK = 2000;

/** A Prisma model delegate as the seeds pass it (`tx.customer`); `$name` and `$parent` are Prisma's own. */
interface CreateManyModel<T> {
  createMany(args: { data: T[] }): PromiseLike<unknown>;
  $name?: string;
  /** The model's fields by name (Prisma's field references): here only to know whether it has an `id`. */
  fields?: object;
  $parent?: { $executeRawUnsafe?(sql: string, ...values: unknown[]): PromiseLike<number> };
}

/** Dates as ISO text (JSON's default), BigInt as its decimal text: what PostgreSQL parses into the column. */
const toJson = (rows: unknown[]) => JSON.stringify(rows, (_key, value) => (typeof value === 'bigint' ? value.toString() : value));

/**
 * Inserts `rows` (createMany's `data`) into the model's table, in chunks of 2,000 rows, one statement each.
 * A field left out (or undefined) takes the column's default as with createMany; rows are grouped by the
 * fields they set, so that no row gets NULL for a field it left to the default. The one default Prisma makes
 * in the client, `@default(uuid())` of `id`, is made here too. Without a Prisma delegate (`$name`,
 * `$parent.$executeRawUnsafe`), falls back to createMany. Errors are the database's (e.g. a constraint).
 */
export async function insertInChunks<T>(model: CreateManyModel<T>, rows: T[]) {
  const table = model.$name;
  const execute = model.$parent?.$executeRawUnsafe?.bind(model.$parent);
  if (!table || !execute || !/^\w+$/.test(table)) {
    for (let i = 0; i < rows.length; i += CHUNK) await model.createMany({ data: rows.slice(i, i + CHUNK) });
    return;
  }
  const hasId = Boolean(model.fields && Reflect.get(model.fields, 'id'));
  const groups = new Map<string, { columns: string[]; rows: Record<string, unknown>[] }>();
  for (const row of rows as Record<string, unknown>[]) {
    const withId = !hasId || row.id !== undefined ? row : { id: randomUUID(), ...row };
    const columns = Object.keys(withId).filter((key) => withId[key] !== undefined);
    const key = columns.join(',');
    let group = groups.get(key);
    if (!group) groups.set(key, group = { columns, rows: [] });
    group.rows.push(withId);
  }
  for (const { columns, rows: grouped } of groups.values()) {
    if (!columns.every((column) => /^\w+$/.test(column))) throw new Error(`insertInChunks: a field name of ${table} is not a plain identifier`);
    const list = columns.map((column) => `"${column}"`).join(', ');
    const sql = `INSERT INTO "${table}" (${list}) SELECT ${list} FROM json_populate_recordset(NULL::"${table}", $1::json)`;
    for (let i = 0; i < grouped.length; i += CHUNK) await execute(sql, toJson(grouped.slice(i, i + CHUNK)));
  }
}

/**
 * Whether the table (a model's name: the schemas map no names) has a row: the seeds' "already seeded?"
 * check. One `SELECT EXISTS` through the driver (rawRows; `db` is the register's bound client) rather than
 * Prisma's `count()`, so that a start on existing data does not instantiate Prisma's query compiler (its
 * WASM, some 0.2 CPU s) before the service is ready (issue 11, cold start); the first statement through
 * Prisma pays it later. `table` is one of our model names, never input.
 */
export async function hasRows(db: RawClient, table: string): Promise<boolean> {
  const [row] = await rawRows<{ any: string }>(db, `SELECT EXISTS (SELECT 1 FROM "${table}")::text AS any`);
  return row?.any === 'true';
}
