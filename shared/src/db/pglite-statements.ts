// A request's statement on the embedded PGlite as one exchange with the database, prepared once per process
// (issue 11, BENCHMARKS.md change 28).
//
// Why: PGlite's `query(sql, params)` makes six calls into PostgreSQL for every statement (Parse, Describe
// statement, Bind, Describe portal, Execute, Sync), each parsed back into messages, then copies its table of
// ~380 type parsers into a new object to read the rows. That is ~0.3 ms of CPU per statement before
// PostgreSQL does any work, and PostgreSQL then parses, analyses and plans the text again each time. Measured
// through `openDatabase` on a register's data (CPU per statement, warm: `SELECT $1::text` 0.39 → 0.05-0.07 ms;
// the area look-up of 100 customers ~1.0 → 0.75 ms; the access-log INSERT ~0.6 → 0.4 ms; BENCHMARKS.md change 28).
//
// How: the first use of a statement text sends Parse (as a named prepared statement) and Describe once, and
// keeps its parameter and column types; every use then sends Bind, Execute and Sync in one call. Parameters are
// serialized and columns parsed by PGlite's own serializers and parsers for those types, so the rows are the
// same values `query` returns. Plans follow PostgreSQL's default for prepared statements (plan_cache_mode
// `auto`): the first five executions are planned for their own parameters, after which PostgreSQL keeps one
// generic plan when it is not dearer than those. For the joint register's folded caseload statement (six
// kinds of rows, ~2.5 ms of planning) that is most of the gain: 12.8 → 8.7 ms of CPU at 100 customers,
// measured alone (BENCHMARKS.md change 28). A plan depends only on the statement and the statistics (ANALYZE
// invalidates it), never on who asks; answers do not change with the plan (every ordered list ends on its id).
//
// Types only: PGlite is loaded where the database is opened (./database.ts), never by importing this file.
import type { PGlite, protocol as Protocol, types as Types } from '@electric-sql/pglite';

/** What this file uses of PGlite's module: its protocol serializer and its type parsers. */
export interface PgliteModule { protocol: typeof Protocol; types: typeof Types }

/** How many statement texts one register keeps prepared (the least recently used is closed past this). */
export const MAX_PREPARED_STATEMENTS = 256;

// Statement names are unique in the process, so that two users of one database never make the same name.
let counter = 0;

interface Prepared {
  name: string;
  /** Parameter type OIDs, in order (ParameterDescription). */
  parameterTypes: number[];
  /** Result columns: name and type OID (RowDescription); empty for a statement that returns no rows. */
  columns: { name: string; type: number }[];
}

/** The messages of one exchange as PGlite's execProtocol parses them (only the fields read here). */
type Message = { name: string; dataTypeIDs?: number[]; fields?: unknown[] };

function concat(parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) { out.set(part, offset); offset += part.length; }
  return out;
}

/**
 * `run(sql, params)` for one PGlite database (`pglite`, with its module's protocol and types): resolves with the
 * rows as objects keyed by column name, each value parsed as PGlite's `query` parses it (text as strings, text[] as string arrays, ...); `params` are
 * `$1`, `$2`, ... serialized for the types PostgreSQL infers for them, as `query` does (a JS array for an array
 * type, null as NULL). Statements run one at a time, after any transaction in progress, as `query`'s do (PGlite's
 * own locks). Rejects with PostgreSQL's error (PGlite's DatabaseError, with `query` and `params` attached as
 * `query` attaches them); a statement whose Parse failed is not kept. At most `maxPrepared` statement texts are
 * kept prepared; past that the least recently used is closed (PostgreSQL's DEALLOCATE) before the next is made.
 * `run.inTransaction(sql, params)` is the same inside a transaction the caller holds (`pglite.transaction`'s
 * callback): it must not wait for that transaction to end.
 */
export function pglitePreparedStatements(pglite: PGlite, { protocol, types }: PgliteModule, maxPrepared = MAX_PREPARED_STATEMENTS) {
  const serialize = protocol.serialize;
  const prepared = new Map<string, Prepared>();

  const exchange = async (parts: Uint8Array[], sql: string, params: unknown[] | undefined): Promise<Message[]> => {
    try {
      return (await pglite.execProtocol(concat(parts))).messages as unknown as Message[];
    } catch (error) {
      if (error instanceof Error) Object.assign(error, { query: sql, params });
      throw error;
    }
  };

  const prepare = async (sql: string): Promise<Prepared> => {
    const parts: Uint8Array[] = [];
    if (prepared.size >= maxPrepared) {
      const [oldestSql, oldest] = prepared.entries().next().value as [string, Prepared];
      prepared.delete(oldestSql);
      parts.push(serialize.close({ type: 'S', name: oldest.name }));
    }
    const name = `cg_${++counter}`;
    parts.push(serialize.parse({ name, text: sql }), serialize.describe({ type: 'S', name }), serialize.sync());
    const messages = await exchange(parts, sql, undefined);
    const parameters = messages.find((m) => m.name === 'parameterDescription');
    const rows = messages.find((m) => m.name === 'rowDescription') as { fields?: { name: string; dataTypeID: number }[] } | undefined;
    const statement = {
      name,
      parameterTypes: parameters?.dataTypeIDs ?? [],
      columns: (rows?.fields ?? []).map((field) => ({ name: field.name, type: field.dataTypeID })),
    };
    prepared.set(sql, statement);
    return statement;
  };

  const execute = async <Row>(sql: string, params: unknown[]): Promise<Row[]> => {
    let statement = prepared.get(sql);
    if (statement) {
      // Most recently used last, so the first entry is the one to close when the map is full.
      prepared.delete(sql);
      prepared.set(sql, statement);
    } else {
      statement = await prepare(sql);
    }
    const values = params.map((value, i) => {
      if (value === null || value === undefined) return null;
      const serializer = pglite.serializers[statement.parameterTypes[i]];
      return serializer ? serializer(value) : String(value);
    });
    const messages = await exchange([serialize.bind({ statement: statement.name, values: values as string[] }), serialize.execute({}), serialize.sync()], sql, params);
    const rows: Row[] = [];
    const { columns } = statement;
    for (const message of messages) {
      if (message.name !== 'dataRow') continue;
      const row: Record<string, unknown> = {};
      const fields = message.fields as (string | null)[];
      for (let i = 0; i < columns.length; i++) row[columns[i].name] = types.parseType(fields[i], columns[i].type, pglite.parsers);
      rows.push(row as Row);
    }
    return rows;
  };

  // Outside a transaction: after any transaction in progress, as `query` waits. Inside one (the caller holds
  // PGlite's transaction, e.g. in `pglite.transaction`): only the query lock, which is free between statements.
  const run = <Row>(sql: string, params: unknown[] = []): Promise<Row[]> =>
    pglite._runExclusiveTransaction(() => pglite._runExclusiveQuery(() => execute<Row>(sql, params)));
  const inTransaction = <Row>(sql: string, params: unknown[] = []): Promise<Row[]> => pglite._runExclusiveQuery(() => execute<Row>(sql, params));
  return Object.assign(run, { inTransaction });
}
