// Lean loaders whose rows the database hands over as ONE JSON text (issue 11). A lean loader (./loaders.ts
// LeanRows) reads only the columns the operation asks; through Prisma's findMany the embedded database still
// copies every field of every row out of its wire protocol and Prisma maps each into the result object (for
// 500 customers' meetings: 28 ms, of which 17 ms is PostgreSQL building the same rows as JSON). Here the
// statement aggregates the batch's rows with `json_agg` into one text column: PGlite decodes one value and
// JSON.parse builds the rows, already carrying the GraphQL field names of their columns. Same rows, same
// order, same one statement per batch; the ids are bound as one array parameter, the column and table names
// come from the Prisma schema (never from input).
import DataLoader from 'dataloader';
import { rawRows, type RawClient } from '../db/database';
import { leanSelect, LeanRows } from './loaders';

// Prisma's delegates are generic per model; this is the one method the fallback needs of them.
interface FindMany<Row> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  findMany(args: any): PromiseLike<Row[]>;
}

/**
 * What the loaders need of a Prisma client: raw SQL (sent to the driver directly when the client is bound to
 * its Database, ../db/database.ts rawRows), and the model's fields as the client knows them.
 */
export type JsonRowsClient = RawClient;

interface RuntimeField { name: string; kind: string; type: string; dbName?: string | null }
interface RuntimeModel { dbName?: string | null; fields: RuntimeField[] }

/** A table as the JSON statement reads it: its SQL name, each field's SQL column and its Prisma type. */
export interface JsonTable {
  table: string;
  /** Field name → SQL column name (the same unless `@map`). */
  columns: ReadonlyMap<string, string>;
  /** The DateTime fields (`@db.Date` or a timestamp). */
  dateTimes: ReadonlySet<string>;
  /** The BigInt fields: read as text (JSON numbers stop being exact at 2^53) and returned as BigInt, as Prisma does. */
  bigInts: ReadonlySet<string>;
}

/**
 * The table of Prisma model `model` from the client's runtime data model (the generated client's copy of
 * schema.prisma; Prisma's own `_runtimeDataModel`, not a public API): SQL names and which fields are
 * DateTime. Throws when the client does not know the model (a renamed model, or a Prisma that keeps its
 * data model elsewhere, fails the first lean batch and tests/e2e/joint-json-rows.e2e.test.ts, never answers
 * wrong rows).
 */
export function jsonTableOf(db: object, model: string): JsonTable {
  const runtime = (db as { _runtimeDataModel?: { models: Record<string, RuntimeModel> } })._runtimeDataModel?.models[model];
  if (!runtime) throw new Error(`json-rows: the Prisma client has no model ${model}`);
  const scalars = runtime.fields.filter((f) => f.kind === 'scalar' || f.kind === 'enum');
  return {
    table: runtime.dbName ?? model,
    columns: new Map(scalars.map((f) => [f.name, f.dbName ?? f.name])),
    dateTimes: new Set(scalars.filter((f) => f.type === 'DateTime').map((f) => f.name)),
    bigInts: new Set(scalars.filter((f) => f.type === 'BigInt').map((f) => f.name)),
  };
}

const quote = (identifier: string) => {
  // Names come from the generated client; a quote in one would be a broken schema, never input.
  if (identifier.includes('"')) throw new Error(`json-rows: unexpected identifier ${identifier}`);
  return `"${identifier}"`;
};

/** An order of the rows: Prisma's `orderBy` as [field, direction] pairs (the same SQL order Prisma emits). */
export type JsonOrder = readonly (readonly [string, 'asc' | 'desc'])[];

/**
 * The statements of one batch: the selected fields of the table's rows whose `keyColumn` is one of `$1`, as
 * one JSON text, in `orderBy`'s order (its fields are read too).
 *
 * - `records`: one JSON array of records (`[]` when none), each the record of a sub-select turned into JSON
 *   by PostgreSQL (a third cheaper than naming every field in `json_build_object`: 7.7 against 11.8 ms for
 *   1,740 services of 500 customers on PGlite).
 * - `columns` (null when the order is not total): the rows as columns, one JSON array per field
 *   (`[[...ids], [...dates], ...]`, the i-th row the i-th item of each; rowsOfJson makes the rows again).
 *   PostgreSQL turns a record into JSON by looking up how to write each of its fields anew for every row; a
 *   column of one type is written without that: about a quarter less CPU for many rows (the joint's caseload
 *   of 100: 9.2 against 6.5 ms), but an aggregate per field costs more for a few (the six kinds of one
 *   customer: 1.29 against 1.11 ms; of ten: 1.60 against 1.73; BENCHMARKS.md change 29), so readJsonRows
 *   takes columns from COLUMNS_FROM_KEYS keys on. The columns line up because every aggregate reads the same
 *   rows in the same order: none is ordered, or all in the same total order (the order ends with the row's
 *   `id`, which totalOrder adds), so that even aggregates sorted one by one (PostgreSQL sorts their input
 *   once when their orders are the same) agree row by row. An order that is not total (a table without
 *   `id`) keeps the records: columns sorted apart could disagree on ties.
 *
 * DateTime fields come in PostgreSQL's JSON form (`2026-03-01` for a date, `2026-03-01T09:30:00[.123]` for
 * a timestamp), which readJsonRows turns into the ISO text of the instant.
 */
export function jsonRowsStatement(table: JsonTable, fields: readonly string[], keyColumn: string, orderBy: JsonOrder = []): { records: string; columns: { sql: string; names: string[] } | null } {
  // A BigInt is read as text (below), whose order is not the number's.
  for (const [field] of orderBy) if (table.bigInts.has(field)) throw new Error(`json-rows: cannot order by the BigInt field ${field}`);
  const read = [...new Set([...fields, ...orderBy.map(([field]) => field)])];
  const columns = read.map((field) => {
    const column = table.columns.get(field) ?? field;
    if (table.bigInts.has(field)) return `t.${quote(column)}::text AS ${quote(field)}`;
    return column === field ? `t.${quote(column)}` : `t.${quote(column)} AS ${quote(field)}`;
  });
  const order = orderBy.length ? ` ORDER BY ${orderBy.map(([field, dir]) => `r.${quote(field)} ${dir === 'desc' ? 'DESC' : 'ASC'}`).join(', ')}` : '';
  const from = `FROM (SELECT ${columns.join(', ')} FROM ${quote(table.table)} t WHERE t.${quote(table.columns.get(keyColumn) ?? keyColumn)} = ANY($1::text[])) r`;
  const records = `SELECT coalesce(json_agg(r${order}), '[]')::text AS "rows" ${from}`;
  const total = orderBy.length === 0 || (orderBy.at(-1)![0] === 'id' && table.columns.has('id'));
  if (!total) return { records, columns: null };
  const arrays = read.map((field) => `coalesce(json_agg(r.${quote(field)}${order}), '[]')`);
  return { records, columns: { sql: `SELECT json_build_array(${arrays.join(', ')})::text AS "rows" ${from}`, names: read } };
}

/** The records statement of jsonRowsStatement. */
export const jsonRowsSql = (table: JsonTable, fields: readonly string[], keyColumn: string, orderBy: JsonOrder = []): string =>
  jsonRowsStatement(table, fields, keyColumn, orderBy).records;

/** From how many keys a batch reads its rows as columns (see jsonRowsStatement). */
export const COLUMNS_FROM_KEYS = 8;

/** The rows of a batch's JSON text: records as they are, or made from columns (see jsonRowsStatement). */
export function rowsOfJson(text: string, columns: readonly string[] | null): Record<string, unknown>[] {
  if (!columns) return JSON.parse(text) as Record<string, unknown>[];
  const values = JSON.parse(text) as unknown[][];
  const count = values[0]?.length ?? 0;
  const rows: Record<string, unknown>[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const row: Record<string, unknown> = {};
    for (let c = 0; c < columns.length; c++) row[columns[c]] = values[c][i];
    rows[i] = row;
  }
  return rows;
}

const ZONED = /(?:[zZ]|[+-]\d{2}:?\d{2})$/;

/**
 * A DateTime value as PostgreSQL's JSON gives it, as the text of `Date.prototype.toISOString()` of the value
 * Prisma would return: a date stays `YYYY-MM-DD` (the Date scalar's answer; Prisma's Date is its midnight
 * UTC), a timestamp (Prisma keeps UTC in `timestamp(3)`, without a zone) becomes the instant in UTC.
 */
export function isoOf(value: string): string {
  if (value.length === 10) return value;
  // timestamp(3) without a zone: YYYY-MM-DDTHH:MM:SS with 0-3 digits of fractional seconds (zeros dropped).
  if (value.length === 19) return `${value}.000Z`;
  if (value.length <= 23 && value[19] === '.' && !ZONED.test(value)) return `${value.padEnd(23, '0')}Z`;
  return new Date(ZONED.test(value) ? value : `${value}Z`).toISOString();
}

// The batches that wait for this turn of the event loop to end, per client: their statements go as one.
interface PendingBatch { sql: string; keys: string[]; resolve: (text: string) => void; reject: (error: unknown) => void }
const waiting = new WeakMap<JsonRowsClient, PendingBatch[]>();
const PARAMETER = '$1::text[]';

/**
 * The JSON text of one batch's statement (from jsonRowsSql). The batches that DataLoader dispatches in one
 * turn of the event loop (a caseload's kinds of rows: its meetings, services, plans... are asked together
 * once the customers are known) go to the database as ONE statement, each batch's statement a scalar
 * sub-select of it with its own ids parameter: `SELECT (<batch 1>) AS "0", (<batch 2>) AS "1", ...`
 * (issue 11: a statement costs 0.3-1 ms of CPU in the embedded database however small, and the joint
 * register's caseload sent six of them back to back). Each batch gets exactly the text its own statement
 * returns; the statement is read-only, so folding changes no row. Batches of concurrent requests on the same
 * client fold together too; a failing statement fails every batch folded into it (as a database that is
 * down fails them all anyway). Throws what the database throws.
 */
export function batchedRowsText(db: JsonRowsClient, sql: string, keys: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    let batches = waiting.get(db);
    if (!batches) {
      waiting.set(db, (batches = []));
      // setImmediate runs after every nextTick and promise job of this turn: all of DataLoader's dispatches
      // of this turn (each in a nextTick of its own) have added their batch by then.
      setImmediate(() => { waiting.delete(db); void runFolded(db, batches!); });
    }
    batches.push({ sql, keys: [...keys], resolve, reject });
  });
}

/**
 * The statement of several batches: each batch's statement as a column, its parameter renumbered to
 * `$<parameters[i] + 1>` (by default one parameter per batch; batches with the same ids share one).
 */
export function foldedSql(statements: readonly string[], parameters: readonly number[] = statements.map((_, i) => i)): string {
  return `SELECT ${statements.map((sql, i) => {
    if (sql.indexOf(PARAMETER) !== sql.lastIndexOf(PARAMETER) || !sql.includes(PARAMETER)) throw new Error('json-rows: a batch statement must use $1::text[] exactly once');
    return `(${sql.replace(PARAMETER, `$${parameters[i] + 1}::text[]`)}) AS "${i}"`;
  }).join(', ')}`;
}

/**
 * The parameters of folded batches: each distinct list of ids once, and for each batch the index of its
 * own. A caseload's kinds of rows are all asked for the same customers: one array of 100 ids bound and
 * parsed once instead of six times (about 0.4 ms of the joint register's CPU per page of 100, BENCHMARKS.md
 * change 29).
 */
export function foldedParameters(keyLists: readonly (readonly string[])[]): { values: (readonly string[])[]; parameters: number[] } {
  const values: (readonly string[])[] = [];
  const indexOf = new Map<string, number>();
  const parameters = keyLists.map((keys) => {
    const text = JSON.stringify(keys);
    let index = indexOf.get(text);
    if (index === undefined) {
      index = values.push(keys) - 1;
      indexOf.set(text, index);
    }
    return index;
  });
  return { values, parameters };
}

async function runFolded(db: JsonRowsClient, batches: PendingBatch[]): Promise<void> {
  try {
    if (batches.length === 1) {
      const [result] = await rawRows<{ rows: string }>(db, batches[0].sql, [batches[0].keys]);
      batches[0].resolve(result?.rows ?? '[]');
      return;
    }
    const { values, parameters } = foldedParameters(batches.map((b) => b.keys));
    const [result] = await rawRows<Record<string, string | null>>(db, foldedSql(batches.map((b) => b.sql), parameters), values);
    batches.forEach((batch, i) => batch.resolve(result?.[String(i)] ?? '[]'));
  } catch (error) {
    for (const batch of batches) batch.reject(error);
  }
}

/**
 * The rows of one batch, parsed. DateTime fields in `revive` become Date objects, as Prisma returns them; a
 * DateTime field answered as itself stays ISO text, which the Date and DateTime scalars pass on
 * (./scalars.ts). BigInt fields (read as text) become BigInt.
 */
async function readJsonRows<Row>(db: JsonRowsClient, plan: Plan, keys: readonly string[]): Promise<Row[]> {
  const columns = plan.columns && keys.length >= COLUMNS_FROM_KEYS ? plan.columns : null;
  const rows = rowsOfJson(await batchedRowsText(db, columns?.sql ?? plan.records, keys), columns?.names ?? null);
  for (const field of plan.dateTimes) {
    const asDate = plan.revive.has(field);
    for (const row of rows) {
      const value = row[field];
      if (typeof value === 'string') row[field] = asDate ? new Date(isoOf(value)) : isoOf(value);
    }
  }
  for (const field of plan.bigInts) {
    for (const row of rows) {
      const value = row[field];
      if (typeof value === 'string') row[field] = BigInt(value);
    }
  }
  return rows as Row[];
}

/**
 * The lean selection of a JSON loader's batch, or undefined for whole rows: leanSelect's, without the row's
 * own `id` when nothing asks it (the operation, a resolver's `needs`, `always`) and it is not the key: the
 * rows are grouped by `customerId` and the rules read that (issue 11: a 36-character id of every row of
 * every kind, built into the JSON and parsed again, for nothing).
 */
function jsonSelect(lean: LeanRows | undefined, keyColumn: string): Record<string, true> | undefined {
  const select = leanSelect(lean, keyColumn);
  if (!lean || !select || keyColumn === 'id' || !select.id) return select;
  const asked = (lean.always ?? []).includes('id') || lean.types.some((type) => {
    for (const field of lean.selection.byType?.get(type) ?? []) if (field === 'id' || lean.needs?.[field]?.includes('id')) return true;
    return false;
  });
  if (!asked) delete select.id;
  return select;
}

/**
 * What a JSON loader is told: its client, model and, for a loader that reads only the asked columns, its
 * lean selection (see LeanRows). Without `lean` (or when the selection cannot name the columns) a batch reads
 * whole rows, still as one JSON statement.
 */
export interface JsonRowsSpec {
  db: JsonRowsClient;
  /** The Prisma model's name (e.g. `Meeting`). */
  model: string;
  lean?: LeanRows;
}

/** A batch's statement and how to read its rows. */
interface Plan { records: string; columns: { sql: string; names: string[] } | null; dateTimes: readonly string[]; bigInts: readonly string[]; revive: ReadonlySet<string> }

function planOf(spec: JsonRowsSpec, keyColumn: string, orderBy: JsonOrder) {
  const table = jsonTableOf(spec.db, spec.model);
  // Lean rows: the DateTime fields a resolver or the loader's caller reads (`needs`, `always`) become Dates.
  const revive = new Set<string>();
  for (const columns of Object.values(spec.lean?.needs ?? {})) for (const c of columns) if (table.dateTimes.has(c)) revive.add(c);
  for (const c of spec.lean?.always ?? []) if (table.dateTimes.has(c)) revive.add(c);
  const make = (fields: readonly string[], reviveHere: ReadonlySet<string>): Plan => {
    const read = [...new Set([...fields, ...orderBy.map(([field]) => field)])];
    return {
      ...jsonRowsStatement(table, fields, keyColumn, orderBy),
      dateTimes: read.filter((f) => table.dateTimes.has(f)),
      bigInts: read.filter((f) => table.bigInts.has(f)),
      revive: reviveHere,
    };
  };
  // Whole rows are what Prisma's findMany returns: every scalar field, every DateTime a Date.
  const whole = make([...table.columns.keys()], table.dateTimes);
  // Statements per set of fields (an operation's selection is the same for every batch of the request).
  const statements = new Map<string, Plan>();
  return (select: Record<string, true> | undefined): Plan => {
    if (!select) return whole;
    const fields = Object.keys(select);
    const key = fields.join(',');
    let plan = statements.get(key);
    if (!plan) statements.set(key, (plan = make(fields, revive)));
    return plan;
  };
}

// One plan per model and loader shape, made once per process: the loaders themselves stay per request.
const plans = new WeakMap<object, Map<string, ReturnType<typeof planOf>>>();
function cachedPlan(spec: JsonRowsSpec, keyColumn: string, orderBy: JsonOrder) {
  let byDb = plans.get(spec.db);
  if (!byDb) plans.set(spec.db, (byDb = new Map()));
  const key = `${spec.model}|${keyColumn}|${JSON.stringify(orderBy)}|${spec.lean?.types.join(',') ?? '*'}`;
  let plan = byDb.get(key);
  if (!plan) byDb.set(key, (plan = planOf(spec, keyColumn, orderBy)));
  return plan;
}

/**
 * JSON_ROWS=off (read at each batch) sends every batch through Prisma's `findMany` (whole rows) again: an
 * operator's way back, and the reference the tests compare the JSON rows with.
 */
const jsonRowsOff = () => process.env.JSON_ROWS === 'off';

const totalOrders = new WeakMap<object, Map<string, JsonOrder>>();
/**
 * `orderBy` with the row's `id` last, when the table has one and the order does not already name it: rows
 * equal in every ordered field (two contacts of the same minute) then come in the same order on every request
 * and whichever plan the database chooses (a plan's scan decides the order of ties, and plans change with the
 * tables' statistics: ../db/planner-statistics.ts). An empty order stays empty (no order asked, none paid for).
 */
function totalOrder(spec: JsonRowsSpec, orderBy: JsonOrder): JsonOrder {
  if (orderBy.length === 0 || orderBy.some(([field]) => field === 'id')) return orderBy;
  let byModel = totalOrders.get(spec.db);
  if (!byModel) totalOrders.set(spec.db, (byModel = new Map()));
  const key = `${spec.model}|${JSON.stringify(orderBy)}`;
  let order = byModel.get(key);
  if (!order) byModel.set(key, (order = jsonTableOf(spec.db, spec.model).columns.has('id') ? [...orderBy, ['id', 'asc'] as const] : orderBy));
  return order;
}

/**
 * Rows grouped by `keyColumn` (e.g. all meetings of each customer), in `orderBy`'s order: one JSON statement
 * for the whole batch, folded with the other batches of its turn (batchedRowsText). Lean (`spec.lean`): only
 * the columns the operation asks; else, or when the operation asks a field the lean selection cannot name,
 * whole rows as Prisma returns them. `perLevel` turns off the loader's cache for rows referenced from several
 * depths of a query (e.g. employer customers named by offers and by coaching placements): each depth then
 * costs exactly one batch whatever rows earlier depths fetched, so the number of batches depends only on the
 * query's shape, never on the data or its size. Throws what the database throws.
 */
export function jsonListLoader<Row extends Record<string, unknown>>(
  model: FindMany<Row>, spec: JsonRowsSpec, keyColumn = 'customerId', orderBy: JsonOrder = [], perLevel = false,
): DataLoader<string, Row[]> {
  const batch = async (keys: readonly string[]) => {
    const order = totalOrder(spec, orderBy);
    const rows = jsonRowsOff()
      ? await model.findMany({ where: { [keyColumn]: { in: [...keys] } }, orderBy: order.map(([f, d]) => ({ [f]: d })) })
      : await readJsonRows<Row>(spec.db, cachedPlan(spec, keyColumn, order)(jsonSelect(spec.lean, keyColumn)), keys);
    const byKey = new Map<string, Row[]>(keys.map((k) => [k, []]));
    for (const row of rows) byKey.get(row[keyColumn] as string)?.push(row);
    if (!perLevel) remember(loader, byKey);
    return keys.map((k) => byKey.get(k)!);
  };
  const loader: DataLoader<string, Row[]> = new DataLoader(batch, { cache: !perLevel });
  if (!perLevel) batchOf.set(loader as DataLoader<string, unknown>, batch);
  return loader;
}

/** One row (or null) per key (e.g. a customer's employment plan), read as jsonListLoader reads them. */
export function jsonRowLoader<Row extends Record<string, unknown>>(
  model: FindMany<Row>, spec: JsonRowsSpec, keyColumn = 'customerId', perLevel = false,
): DataLoader<string, Row | null> {
  const batch = async (keys: readonly string[]) => {
    const rows = jsonRowsOff()
      ? await model.findMany({ where: { [keyColumn]: { in: [...keys] } } })
      : await readJsonRows<Row>(spec.db, cachedPlan(spec, keyColumn, [])(jsonSelect(spec.lean, keyColumn)), keys);
    const byKey = new Map<string, Row | null>(rows.map((row) => [row[keyColumn] as string, row]));
    const answers = keys.map((k) => byKey.get(k) ?? null);
    if (!perLevel) remember(loader, new Map(keys.map((k, i) => [k, answers[i]])));
    return answers;
  };
  const loader: DataLoader<string, Row | null> = new DataLoader(batch, { cache: !perLevel });
  if (!perLevel) batchOf.set(loader as DataLoader<string, unknown>, batch);
  return loader;
}

/**
 * What each (caching) JSON loader's batches answered, by key. The loaders are made per request
 * (createLoaders), so this holds one request's rows only, as the loader's own cache does: nothing outlives
 * the request, and `clear`/`prime` on a loader are never used on these.
 */
const answered = new WeakMap<DataLoader<string, unknown>, Map<string, unknown>>();

/** The batch function of each caching JSON loader (made per request with it), for prefetchRows. */
const batchOf = new WeakMap<DataLoader<string, unknown>, (keys: readonly string[]) => Promise<unknown>>();

/**
 * Reads the rows of `keys` that `loader`'s batches of this request have not answered yet, as one batch of the
 * loader's own (its statement, folded with the other batches of this turn), without a promise per key
 * (issue 11: `loadMany` makes two promises, a closure and a cache entry per key, for the six kinds of a
 * caseload's rows some 3,000 per page of 500); the answers are then what loadedOrLoad gives. A failed batch
 * leaves nothing behind, as DataLoader clears the keys of a batch that failed: the fields' own `load` then
 * reads again (and fails as before if the database still does). A loader that is not a caching JSON loader is
 * asked with `loadMany`. Never rejects.
 */
export async function prefetchRows(loader: DataLoader<string, unknown>, keys: readonly string[]): Promise<void> {
  const batch = batchOf.get(loader);
  if (!batch) {
    await loader.loadMany(keys);
    return;
  }
  const known = answered.get(loader);
  const missing = [...new Set(keys)].filter((key) => !known?.has(key));
  if (missing.length === 0) return;
  try {
    await batch(missing);
  } catch {
    // As `loadMany` after a failed batch: nothing cached, each field's `load` asks again.
  }
}

function remember<V>(loader: DataLoader<string, V>, values: ReadonlyMap<string, V>) {
  let known = answered.get(loader as DataLoader<string, unknown>);
  if (!known) answered.set(loader as DataLoader<string, unknown>, (known = new Map()));
  for (const [key, value] of values) if (!known.has(key)) known.set(key, value);
}

/**
 * `loader.load(key)`, but the value itself when a batch of this request already answered it (issue 11): a
 * resolver that returns a promise makes graphql-js complete the customer's object through promises
 * (`promiseForObject`, a microtask per field), which on a caseload of 500 customers was a large part of the
 * joint register's CPU. A resolver returning this answers synchronously once the rows are loaded (see
 * prefetchCaseloadRows in subgraphs/joint/src/resolvers.ts). Same value as `load` would resolve to.
 */
export function loadedOrLoad<V>(loader: DataLoader<string, V>, key: string): V | Promise<V> {
  const known = answered.get(loader as DataLoader<string, unknown>);
  return known?.has(key) ? (known.get(key) as V) : loader.load(key);
}

/** `fn` of a value that may still be a promise (loadedOrLoad's answer), without a promise when it is not. */
export function thenOrNow<V, R>(value: V | Promise<V>, fn: (v: V) => R): R | Promise<R> {
  return value instanceof Promise ? value.then(fn) : fn(value);
}
