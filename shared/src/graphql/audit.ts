// The access log that every register keeps of its own use and attempted use (906/2019 § 17; seed 004
// § 10.2): readable by auditors through `<register>AccessLog` (filtered by customer, actor, outcome and
// time, paged), and by the customer through `Customer.<register>AccessLog` ("who has seen my data").
// Entries hold ids and categories, never values or identity codes.
import DataLoader from 'dataloader';
import { Actor, isAuditor } from '../auth/actor';
import type { Register } from '../law/categories';
import { invalidInput } from './errors';
import { DEFAULT_LIST_SIZE_MAXIMUM } from './limits';
import { rawExecute, type RawWriter } from '../db/database';
import type { Outcome } from './request-law';

// Each subgraph's Prisma delegate for its AccessLogEntry model (same columns in every register).
export interface AccessLogStore {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  createMany(args: any): PromiseLike<unknown>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  findMany(args: any): PromiseLike<Record<string, unknown>[]>;
}

const lower = (register: Register) => register.toLowerCase();

/** One access-log entry as written (see ./subgraph.ts accessLogRow): ids and categories only. */
export interface AccessLogRow {
  id: string;
  requestId: string;
  actorId: string;
  actorOrganisationKind: string;
  actorOrganisationId: string;
  actorRoles: string[];
  customerIds: string[];
  categories: string[];
  operation: string;
  operationName: string | null;
  outcome: string;
}

/** The database as insertAccessLogEntries uses it: a register's Prisma client (raw SQL; ../db/database.ts rawExecute). */
export type AccessLogWriter = RawWriter;

const LOG_COLUMNS = ['id', 'requestId', 'actorId', 'actorOrganisationKind', 'actorOrganisationId', 'actorRoles', 'customerIds', 'categories', 'operation', 'operationName', 'outcome'] as const;
const LOG_CASTS: Partial<Record<(typeof LOG_COLUMNS)[number], string>> = { actorRoles: '::text[]', customerIds: '::text[]', categories: '::text[]' };

/**
 * Writes access-log entries (`rows`, one or a few per request) in one INSERT statement, before the answer
 * leaves (906/2019 § 17). Raw SQL rather than the model's `createMany` because this statement runs on every
 * request of every register: Prisma's query building for `createMany` cost about as much CPU as PGlite's
 * insert itself (issue 11, BENCHMARKS.md change 13); and straight to the driver when `db` is the register's
 * bound client (rawExecute: Prisma's raw layer cost another 0.3-0.5 ms, change 15), else through
 * `$executeRawUnsafe` (a transaction's client).
 * The same columns and values as `createMany` wrote; `at` takes the column's default (now()), the chain
 * columns stay null until the sealer (../logs/chain.ts). Rejects as the database does (the caller
 * withholds the answer).
 */
export async function insertAccessLogEntries(db: AccessLogWriter, rows: AccessLogRow[]): Promise<void> {
  if (rows.length === 0) return;
  const values: unknown[] = [];
  const tuples = rows.map((row) => `(${LOG_COLUMNS.map((column) => {
    values.push(row[column]);
    return `$${values.length}${LOG_CASTS[column] ?? ''}`;
  }).join(', ')})`);
  await rawExecute(db, `INSERT INTO "AccessLogEntry" (${LOG_COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}`, values);
}


export function auditSdl(register: Register): string {
  const r = lower(register);
  const field = (name: string, type: string, doc: string) => `  "${doc}"\n  ${name}: ${type} @category(is: "ACCESS_LOG")`;
  return `
"One use of customer data: who, when, which customer, which categories, which operation."
type AccessLogEntry @shareable {
${field('id', 'ID!', 'Entry id.')}
${field('at', 'DateTime', 'When the data was used.')}
${field('register', 'String', 'The register that was used.')}
${field('requestId', 'String', 'The request, as in the service logs.')}
${field('actorId', 'String', 'Who used the data.')}
${field('actorOrganisationKind', 'String', "The user's organisation kind.")}
${field('actorOrganisationId', 'String', "The user's organisation.")}
${field('actorRoles', '[String!]', "The user's role certificates.")}
${field('customerId', 'ID', 'Whose data.')}
${field('categories', '[String!]', 'Which data categories.')}
${field('operation', 'String', 'READ or WRITE.')}
${field('operationName', 'String', 'The GraphQL operation name, if given (identity codes masked).')}
${field('outcome', 'AccessOutcome', 'ALLOWED for a use (a write is logged before it is made), DENIED for a refused attempt, NOT_MADE for an allowed write that was then not made.')}
}

"Whether a use of customer data was allowed or refused (906/2019 § 17: logs of use and attempted use)."
enum AccessOutcome {
  "A use: a read, or a write the law allowed, logged before it was made."
  ALLOWED
  "A refused attempt."
  DENIED
  "A write the law allowed (its ALLOWED entry logged before it) that was then not made: its input was refused, it failed before it was committed, or it repeated an earlier request's idempotency key and answered that request's outcome. Nothing was changed."
  NOT_MADE
}

extend type Query {
  "The ${r} register's access log, newest first (auditors): uses and refused attempts. Filters: customerId, actorId, outcome, at from (inclusive) to (exclusive). Paging: first (1-1000) entries after the entry whose id is after (the last id of the previous page)."
  ${r}AccessLog(customerId: ID, actorId: String, outcome: AccessOutcome, from: DateTime, to: DateTime, first: Int = 100, after: ID): [AccessLogEntry!] @category(is: "ACCESS_LOG")
}

extend type Customer @key(fields: "id") {
  "Who has used this customer's data in the ${r} register, newest first (the customer and auditors); uses, and the writes then not made; refused attempts are in ${r}AccessLog. Paging: first (1-1000) entries after the entry whose id is after (the last id of the previous page), to the oldest."
  ${r}AccessLog(first: Int = 100, after: ID): [AccessLogEntry!] @category(is: "ACCESS_LOG")
}
`;
}

type Ctx = { actor: Actor; db: { accessLogEntry: AccessLogStore; $queryRawUnsafe<T>(sql: string, ...values: unknown[]): PromiseLike<T> } };
const MAX = DEFAULT_LIST_SIZE_MAXIMUM;
/**
 * A page size `first` as the schema documents it (1-1000, default 100); anything else is refused naming `first`
 * (BAD_USER_INPUT), as the caseload's and the disclosure log's are. Found by an outsider: 0 and -1 answered one
 * entry and 5000 a thousand, without a word.
 */
const pageSize = (first: number | null | undefined) => {
  const size = first ?? 100;
  if (!Number.isInteger(size) || size < 1 || size > MAX) throw invalidInput('first', `must be between 1 and ${MAX}`);
  return size;
};

type StoredEntry = Record<string, unknown> & { customerIds: string[] };

/**
 * A stored entry names every customer one request touched; an answer shows one customer per entry, so
 * a customer reading their own log never sees who else was in the same caseload page. An entry that
 * names no customer (an attempt that found nobody) is shown once, with customerId null and the row's id.
 * `after` skips the entries up to and including that entry id (of the first row).
 */
function perCustomer(register: Register, rows: StoredEntry[], onlyCustomer: string | undefined, limit: number, after?: string) {
  const out: Record<string, unknown>[] = [];
  let skipping = after !== undefined;
  for (const { customerIds, ...entry } of rows) {
    const customers: (string | null)[] = onlyCustomer ? [onlyCustomer] : customerIds.length ? customerIds : [null];
    for (const customerId of customers) {
      const id = customerId === null ? String(entry.id) : `${entry.id}:${customerId}`;
      if (skipping) {
        if (id === after) skipping = false;
        continue;
      }
      if (out.length === limit) return out;
      out.push({ ...entry, id, customerId, register });
    }
    skipping = false;
  }
  return out;
}

const ENTRY_ID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?::([0-9a-f-]{36}))?$/;

interface LogFilter { customerId?: string; actorId?: string; outcome?: Outcome; from?: Date; to?: Date; first?: number; after?: string }

/**
 * The Prisma `where` of a filter: customer, actor, outcome, and `at` in [from, to). `ownLog`: the customer's own, whose
 * refused attempts are for auditors only (an attempt by another customer would name them).
 */
function whereOf(args: LogFilter, customerId: string | undefined, ownLog: boolean) {
  if (args.from && args.to && args.from.getTime() > args.to.getTime()) throw invalidInput('from', 'must not be after to');
  return {
    // The customers' index holds sealed entries only (migration access_log_customer_index_sealed): asking for
    // sealed or unsealed lets PostgreSQL read it and the small index of unsealed entries, not the whole log.
    ...(customerId ? { customerIds: { has: customerId }, OR: [{ chainSeq: { not: null } }, { chainSeq: null }] } : {}),
    ...(args.actorId ? { actorId: args.actorId } : {}),
    ...(args.outcome ? { outcome: args.outcome } : ownLog ? { outcome: { not: 'DENIED' } } : {}),
    ...(args.from || args.to ? { at: { ...(args.from ? { gte: args.from } : {}), ...(args.to ? { lt: args.to } : {}) } } : {}),
  };
}

/**
 * The newest `limit` entries of each customer in one query, whatever the number of customers (a lateral
 * join per customer id): the sealed ones through the GIN index on "customerIds" (sealed entries only, migration
 * access_log_customer_index_sealed), the few not sealed yet through the index of unsealed entries. One loader
 * per request and limit.
 */
const customerLogLoaders = new WeakMap<object, Map<number, DataLoader<string, StoredEntry[]>>>();
function customerLogLoader(ctx: Ctx, limit: number) {
  let byLimit = customerLogLoaders.get(ctx);
  if (!byLimit) customerLogLoaders.set(ctx, (byLimit = new Map()));
  let loader = byLimit.get(limit);
  if (!loader) {
    loader = new DataLoader(async (ids: readonly string[]) => {
      const rows = await ctx.db.$queryRawUnsafe<(StoredEntry & { forCustomer: string })[]>(
        `SELECT c.id AS "forCustomer", e.* FROM unnest($1::text[]) AS c(id)
         CROSS JOIN LATERAL (
           (SELECT * FROM "AccessLogEntry" WHERE "customerIds" @> ARRAY[c.id] AND "chainSeq" IS NOT NULL AND "outcome" <> 'DENIED' ORDER BY "at" DESC, "id" DESC LIMIT $2)
           UNION ALL
           (SELECT * FROM "AccessLogEntry" WHERE "customerIds" @> ARRAY[c.id] AND "chainSeq" IS NULL AND "outcome" <> 'DENIED' ORDER BY "at" DESC, "id" DESC LIMIT $2)
           ORDER BY "at" DESC, "id" DESC LIMIT $2) e`,
        [...ids], limit,
      );
      return ids.map((id) => rows.filter((row) => row.forCustomer === id).map(({ forCustomer: _, ...entry }) => entry as StoredEntry));
    });
    byLimit.set(limit, loader);
  }
  return loader;
}

/**
 * A page of the register's log as `<register>AccessLog` answers it (newest first, one customer per entry: perCustomer),
 * filtered as `args` say; a customer (not an auditor) sees no refused attempts, nor does anyone in a customer's own
 * log (`ownLog`: `Customer.<register>AccessLog`). Its read is logged by the law's wrapper of root log fields
 * (./permissions.ts loggingLogRead) or, for a customer's own log, as that field's use. Throws BAD_USER_INPUT naming
 * `first`, `from` or `after` where that is wrong.
 */
async function readLog(register: Register, args: LogFilter, ctx: Ctx, ownLog = !isAuditor(ctx.actor)) {
  const customerId = args.customerId?.toLowerCase();
  // Refused attempts are for auditors: the data subject sees who used their data (an attempt by
  // another customer would tell them that person's customer id, which is secret, 621/1999 § 24).
  if (ownLog && args.outcome === 'DENIED') return [];
  const where = whereOf(args, customerId, ownLog);
  const limit = pageSize(args.first);
  // Newest first, ties broken by id, so that a page ends at one entry and the next starts after it.
  const orderBy = [{ at: 'desc' }, { id: 'desc' }];
  if (!args.after) {
    const rows = await ctx.db.accessLogEntry.findMany({ where, orderBy, take: limit }) as StoredEntry[];
    return perCustomer(register, rows, customerId, limit);
  }
  const after = ENTRY_ID.exec(args.after.toLowerCase());
  // The anchor is an entry of this listing (its customer, and no refused attempt in a customer's own log): no other
  // entry's id is confirmed (found by outsiders: another customer's entry, then an auditor-only DENIED one, was taken).
  const anchor = after && (await ctx.db.accessLogEntry.findMany({ where: { AND: [where, { id: after[1] }] }, select: { id: true, at: true }, take: 1 }))[0];
  if (!anchor) throw invalidInput('after', 'is not the id of an entry of this log');
  // The anchor's row again (it may name customers not yet shown), then every older row.
  const rows = await ctx.db.accessLogEntry.findMany({
    where: { AND: [where, { OR: [{ at: { lt: anchor.at } }, { at: anchor.at, id: { lte: anchor.id } }] }] },
    orderBy, take: limit + 1,
  }) as StoredEntry[];
  const skipFrom = rows[0]?.id === anchor.id ? args.after.toLowerCase() : undefined;
  return perCustomer(register, rows, customerId, limit, skipFrom);
}

export function auditResolvers(register: Register) {
  const r = lower(register);
  return {
    Query: {
      [`${r}AccessLog`]: async (_: unknown, args: LogFilter, ctx: Ctx) => readLog(register, args, ctx),
    },
    Customer: {
      // The first page of each customer in one statement for a whole page of customers (the loader); a later page,
      // asked of one customer at a time, as the root field pages. Found by an outsider: without `after` a customer
      // saw only their newest 1000 entries, and an official could push a use out of their sight with 1000 reads.
      [`${r}AccessLog`]: async (customer: { id: string }, args: { first?: number; after?: string | null }, ctx: Ctx) => (args.after
        ? readLog(register, { customerId: customer.id, first: args.first, after: args.after }, ctx, true)
        : perCustomer(register, await customerLogLoader(ctx, pageSize(args.first)).load(customer.id), customer.id, pageSize(args.first))),
    },
  };
}
