// The access log that every register keeps of its own use (906/2019 § 17; seed 004 § 10.2): readable
// by auditors through `<register>AccessLog`, and by the customer through `Customer.<register>AccessLog`
// ("who has seen my data"). Entries hold ids and categories, never values or identity codes.
import DataLoader from 'dataloader';
import type { Register } from '../law/categories';
import { DEFAULT_LIST_SIZE_MAXIMUM } from './limits';

// Each subgraph's Prisma delegate for its AccessLogEntry model (same columns in every register).
export interface AccessLogStore {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  createMany(args: any): PromiseLike<unknown>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  findMany(args: any): PromiseLike<Record<string, unknown>[]>;
}

const lower = (register: Register) => register.toLowerCase();

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
${field('operationName', 'String', 'The GraphQL operation name, if given.')}
}

extend type Query {
  "The ${r} register's access log, newest first (auditors)."
  ${r}AccessLog(customerId: ID, actorId: String, first: Int = 100): [AccessLogEntry!] @category(is: "ACCESS_LOG")
}

extend type Customer @key(fields: "id") {
  "Who has used this customer's data in the ${r} register, newest first (the customer and auditors)."
  ${r}AccessLog(first: Int = 100): [AccessLogEntry!] @category(is: "ACCESS_LOG")
}
`;
}

type Ctx = { db: { accessLogEntry: AccessLogStore; $queryRawUnsafe<T>(sql: string, ...values: unknown[]): PromiseLike<T> } };
const MAX = DEFAULT_LIST_SIZE_MAXIMUM;
const clamp = (first: unknown) => Math.max(1, Math.min(MAX, Number(first ?? 100)));

type StoredEntry = Record<string, unknown> & { customerIds: string[] };

/**
 * A stored entry names every customer one request touched; an answer shows one customer per entry, so
 * a customer reading their own log never sees who else was in the same caseload page.
 */
function perCustomer(register: Register, rows: StoredEntry[], onlyCustomer: string | undefined, limit: number) {
  const out: Record<string, unknown>[] = [];
  for (const { customerIds, ...entry } of rows) {
    for (const customerId of onlyCustomer ? [onlyCustomer] : customerIds) {
      if (out.length === limit) return out;
      out.push({ ...entry, id: `${entry.id}:${customerId}`, customerId, register });
    }
  }
  return out;
}

/**
 * The newest `limit` entries of each customer in one query, whatever the number of customers (a lateral
 * join per customer id, served by the GIN index on "customerIds"). One loader per request and limit.
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
         CROSS JOIN LATERAL (SELECT * FROM "AccessLogEntry" WHERE "customerIds" @> ARRAY[c.id] ORDER BY "at" DESC LIMIT $2) e`,
        [...ids], limit,
      );
      return ids.map((id) => rows.filter((row) => row.forCustomer === id).map(({ forCustomer: _, ...entry }) => entry as StoredEntry));
    });
    byLimit.set(limit, loader);
  }
  return loader;
}

export function auditResolvers(register: Register) {
  const r = lower(register);
  return {
    Query: {
      [`${r}AccessLog`]: async (_: unknown, args: { customerId?: string; actorId?: string; first?: number }, ctx: Ctx) => {
        const customerId = args.customerId?.toLowerCase();
        const rows = await ctx.db.accessLogEntry.findMany({
          where: { ...(customerId ? { customerIds: { has: customerId } } : {}), ...(args.actorId ? { actorId: args.actorId } : {}) },
          orderBy: { at: 'desc' }, take: clamp(args.first),
        }) as StoredEntry[];
        return perCustomer(register, rows, customerId, clamp(args.first));
      },
    },
    Customer: {
      [`${r}AccessLog`]: async (customer: { id: string }, args: { first?: number }, ctx: Ctx) =>
        perCustomer(register, await customerLogLoader(ctx, clamp(args.first)).load(customer.id), customer.id, clamp(args.first)),
    },
  };
}
