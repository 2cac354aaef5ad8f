// One mechanism makes every mutation of every subgraph safe to retry (a client that timed out cannot know
// whether its write was made; it sends the same request again with the same key).
//
// The convention, the same for every mutation: the mutation takes one argument `input`, whose input type
// has the field `idempotencyKey: ID!` (8-100 characters of A-Z a-z 0-9 . _ : / -; a UUID is the usual
// choice). A subgraph whose mutation lacks it does not start (`requireIdempotencyKeys`).
//
// - The key belongs to the caller (the token's `sub`): two officials never collide.
// - The first outcome is stored in the register's `IdempotencyRecord` table IN THE SAME TRANSACTION as the
//   write (`ctx.idempotency.transaction`): either both are committed or neither. The record is claimed
//   first in that transaction, so a concurrent repeat is decided by the table's primary key (caller, key):
//   it waits for the first, fails on the key, and answers the first's outcome.
// - A repeat with the same key and the same input (same mutation, same canonical input digest) answers the
//   stored outcome and writes nothing, also when the first attempt committed after the gateway had given
//   up on it (the client never saw the answer).
// - The same key with another input or another mutation is refused: BAD_USER_INPUT naming idempotencyKey.
// - A refused or failed attempt stores nothing: it wrote nothing, and may be retried with the same key.
//
// The access log of a write is written before the write, outside this transaction (see the shield rule in
// ./permissions.ts and `logWriteBeforehand` in ./request-law.ts); a write then not made (refused, failed before its
// commit, or a repeat answered from the first outcome) is told to the request's law (`writeNotMade`), which logs it
// NOT_MADE at the end of the request, and one the resolver refused by the law (FORBIDDEN) DENIED as well.
import { createHash } from 'node:crypto';
import { callerKey } from '../auth/actor';
import stableStringify from 'fast-json-stable-stringify';
import { GraphQLError, GraphQLInputObjectType, GraphQLSchema, getNamedType, isNonNullType } from 'graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { invalidInput } from './errors';

export const IDEMPOTENCY_KEY_FIELD = 'idempotencyKey';
const KEY = /^[A-Za-z0-9][A-Za-z0-9._:/-]{7,99}$/;

/** The shape of each register's `IdempotencyRecord` Prisma delegate. */
export interface IdempotencyStore {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  findUnique(args: any): PromiseLike<IdempotencyRow | null>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  create(args: any): PromiseLike<unknown>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  update(args: any): PromiseLike<unknown>;
}

export interface IdempotencyRow {
  callerId: string;
  key: string;
  mutation: string;
  inputDigest: string;
  outcome: unknown;
}

interface IdempotentDb {
  idempotencyRecord: IdempotencyStore;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  $transaction(fn: (tx: any) => Promise<any>, options?: { maxWait?: number; timeout?: number }): Promise<any>;
}

/** What a mutation resolver gets in `ctx.idempotency`. */
export interface Idempotency<Db> {
  /** The caller's key of this request (e.g. to derive the key of a write this one makes elsewhere). */
  key: string;
  /**
   * Runs the mutation's writes in one transaction together with the record of their outcome. Call it once,
   * after validation and reads; inside, use only `tx` (not ctx.db or ctx.loaders, and no access-log
   * writes: an embedded single-connection database would wait for itself). `tx.$transaction` works inside.
   * Returns what `write` returns, which is also what a repeat of the request answers.
   */
  transaction<T>(write: (tx: Db) => Promise<T>): Promise<T>;
}

/** The context of a mutation resolver: the subgraph context plus the idempotency of this request. */
export type MutationContext<Ctx extends { db: unknown }> = Ctx & { idempotency: Idempotency<Ctx['db']> };

/** Validates a key: it names `idempotencyKey` when malformed. */
export function requireIdempotencyKey(value: unknown): string {
  if (typeof value !== 'string' || !KEY.test(value)) {
    throw invalidInput(IDEMPOTENCY_KEY_FIELD, 'must be 8-100 characters of A-Z, a-z, 0-9, ".", "_", ":", "/" or "-", starting with a letter or digit (a UUID will do)');
  }
  return value;
}

/** SHA-256 of the canonical JSON of the mutation and its input (keys sorted, dates as ISO strings). */
export function inputDigest(mutation: string, input: Record<string, unknown>): string {
  return createHash('sha256').update(stableStringify({ mutation, input })).digest('hex');
}

// The outcome is stored as JSON; dates are tagged so that a repeat answers the same Date objects the
// field resolvers and scalars of the first answer saw.
const DATE_TAG = '$date';
export function encodeOutcome(value: unknown): unknown {
  if (value instanceof Date) return { [DATE_TAG]: value.toISOString() };
  if (Array.isArray(value)) return value.map(encodeOutcome);
  if (value && typeof value === 'object') {
    if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return (value as { toJSON(): unknown }).toJSON();
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, encodeOutcome(v)]));
  }
  return value;
}
export function decodeOutcome(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeOutcome);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0][0] === DATE_TAG && typeof entries[0][1] === 'string') return new Date(entries[0][1]);
    return Object.fromEntries(entries.map(([k, v]) => [k, decodeOutcome(v)]));
  }
  return value;
}

const isUniqueViolation = (error: unknown) => {
  for (let e = error as { code?: string; cause?: unknown } | undefined, depth = 0; e && depth < 4; depth++) {
    if (e.code === 'P2002' || e.code === '23505') return true;
    e = e.cause as typeof e;
  }
  return /Unique constraint failed|duplicate key value/.test(String((error as Error)?.message ?? ''));
};

/** A transaction client has no `$transaction`; a resolver's nested one simply runs inside the outer. */
function withNestedTransactions<Db extends object>(tx: Db): Db {
  const proxy: Db = new Proxy(tx, {
    get(target, prop, receiver) {
      if (prop === '$transaction') {
        return async (arg: unknown) => {
          if (typeof arg === 'function') return arg(proxy);
          const results: unknown[] = [];
          for (const query of arg as PromiseLike<unknown>[]) results.push(await query);
          return results;
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
  return proxy;
}

class NotTheFirst extends Error {}

function replay(row: IdempotencyRow, mutation: string, digest: string): unknown {
  if (row.mutation !== mutation || row.inputDigest !== digest) {
    throw invalidInput(IDEMPOTENCY_KEY_FIELD, `was already used for another request${row.mutation !== mutation ? ` (${row.mutation})` : ' with other input'}; use a new key for a new request`);
  }
  return decodeOutcome((row.outcome as { value?: unknown } | null)?.value ?? null);
}

type Resolver = (parent: unknown, args: Record<string, unknown>, ctx: never, info: GraphQLResolveInfo) => unknown;

/**
 * What a committed write does after its transaction, outside it (e.g. refreshing a copy in another
 * register): it gets the outcome and answers it, or throws to tell the caller that the follow-up failed.
 * A repeat of the request answers the stored outcome through the same follow-up (with the same key), so a
 * follow-up that failed the first time is tried again, and the repeat reports it as it now stands rather
 * than as a plain success: never a second write, never a stale "done".
 */
export type FollowUp = (outcome: unknown, ctx: { idempotency: { key: string } } & Record<string, unknown>) => Promise<unknown>;

/** Marks `resolve` (which ends by calling `followUp` itself) so that a repeat runs `followUp` on the stored outcome. */
export function withFollowUp<R extends (...args: never[]) => unknown>(resolve: R, followUp: FollowUp): R {
  return Object.assign(resolve, { followUp });
}

/**
 * Wraps one mutation resolver in the idempotency mechanism. `createLoaders` is not needed: inside the
 * transaction the resolver uses the transaction client only.
 */
export function idempotentMutation(mutation: string, resolve: Resolver): Resolver {
  return async (parent, args, rawCtx, info) => {
    const ctx = rawCtx as unknown as { actor: { id: string; organisationId: string }; db: IdempotentDb; law?: { writeNotMade(field: string, refused?: boolean): void } };
    // Absent only with the law off for a benchmark.
    // `refused`: the resolver refused it by the law (FORBIDDEN), an attempt as well (RequestLaw.writeNotMade).
    const notMade = (refused = false) => ctx.law?.writeNotMade(String(info.path.key), refused);
    // Whether this attempt's own transaction committed: a throw before it (a malformed key, a refused input, a failed
    // statement) made nothing, and is logged so (found by an outsider, session 34: a malformed idempotencyKey left the
    // write's ALLOWED entry alone).
    let committed = false;
    try {
      return await (async () => {
        // A key is its caller's (another organisation's token with the same subject got the first caller's stored answer; review 9, L1).
        const callerId = callerKey(ctx.actor);
        const { [IDEMPOTENCY_KEY_FIELD]: rawKey, ...input } = (args.input ?? {}) as Record<string, unknown>;
        const key = requireIdempotencyKey(rawKey);
        const digest = inputDigest(mutation, input);
        const where = { callerId_key: { callerId, key } };
        const stored = async () => ctx.db.idempotencyRecord.findUnique({ where });
        const followUp = (resolve as { followUp?: FollowUp }).followUp;
        const answer = async (row: IdempotencyRow) => {
          const outcome = replay(row, mutation, digest);
          return followUp ? followUp(outcome, { ...ctx, idempotency: { key } } as never) : outcome;
        };

        /** The first attempt's stored outcome as this attempt's answer (nothing made here); undefined while none is stored. */
        const firstOutcome = async () => {
          const row = await stored();
          if (!row) return undefined;
          notMade();
          return { outcome: await answer(row) };
        };

        const first = await firstOutcome();
        if (first) return first.outcome;

        let used = false;
        const idempotency: Idempotency<unknown> = {
          key,
          transaction: async (write) => {
            if (used) throw new Error(`${mutation} opened a second idempotent transaction`);
            used = true;
            try {
              const outcome = await ctx.db.$transaction(async (tx: IdempotentDb) => {
                // Claimed first: a concurrent repeat waits here for this transaction and then fails on the key.
                await tx.idempotencyRecord.create({ data: { callerId, key, mutation, inputDigest: digest } });
                const written = await write(withNestedTransactions(tx));
                await tx.idempotencyRecord.update({ where, data: { outcome: { value: encodeOutcome(written) } } });
                return written;
              }, { maxWait: 15_000, timeout: 30_000 });
              committed = true;
              return outcome;
            } catch (error) {
              if (isUniqueViolation(error) && (await stored())) throw new NotTheFirst();
              throw error;
            }
          },
        };
        try {
          // The resolver sees the key too (a register may also keep it with its row), never in the digest.
          const outcome = await resolve(parent, { ...args, input: { ...input, [IDEMPOTENCY_KEY_FIELD]: key } }, { ...ctx, idempotency } as never, info);
          // An answer that wrote nothing (no transaction: e.g. ALREADY_CUSTOMER, found after a concurrent attempt with
          // this key admitted the person) yields to that attempt's stored outcome, the first (found by an outsider:
          // four admissions with one key at once answered ADMITTED three times and ALREADY_CUSTOMER once).
          const now = used ? undefined : await firstOutcome();
          return now ? now.outcome : outcome;
        } catch (error) {
          // A concurrent attempt with this key committed first: its outcome is the answer. (Its write may also
          // have made this attempt's validation fail, e.g. "already open": the first outcome still wins.) An
          // error after this attempt's own commit (e.g. a follow-up call that failed) is this attempt's answer.
          if (!committed && (error instanceof NotTheFirst || error instanceof GraphQLError)) {
            const now = await firstOutcome();
            if (now) return now.outcome;
          }
          throw error;
        }
      })();
    } catch (error) {
      if (!committed) notMade(error instanceof GraphQLError && error.extensions?.code === 'FORBIDDEN');
      throw error;
    }
  };
}

/** Every Mutation resolver of a resolver map wrapped in the mechanism. */
export function withIdempotentMutations<R extends Record<string, unknown>>(resolvers: R): R {
  const mutations = resolvers.Mutation as Record<string, Resolver> | undefined;
  if (!mutations) return resolvers;
  return {
    ...resolvers,
    Mutation: Object.fromEntries(Object.entries(mutations).map(([name, resolve]) => [name, idempotentMutation(name, resolve)])),
  };
}

/** A subgraph whose mutation does not take `input.idempotencyKey: ID!` must not start. */
export function requireIdempotencyKeys(schema: GraphQLSchema): void {
  for (const [name, field] of Object.entries(schema.getMutationType()?.getFields() ?? {})) {
    const input = field.args.find((a) => a.name === 'input');
    const type = input && getNamedType(input.type);
    const keyField = type instanceof GraphQLInputObjectType ? type.getFields()[IDEMPOTENCY_KEY_FIELD] : undefined;
    if (field.args.length !== 1 || !keyField || !isNonNullType(keyField.type) || getNamedType(keyField.type).name !== 'ID') {
      throw new Error(`Mutation.${name} must take one argument input whose type has ${IDEMPOTENCY_KEY_FIELD}: ID! (see shared/src/graphql/idempotency.ts)`);
    }
  }
}
