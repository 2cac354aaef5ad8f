// Every mutation takes an idempotency key in its input (shared/src/graphql/idempotency.ts). A test that
// means a new request gives each call a fresh key; a test of repeats reuses one.
import { randomUUID } from 'node:crypto';

/** The input with a fresh idempotency key: a new request, never the repeat of an earlier one. */
export const keyed = <T extends object>(input: T): T & { idempotencyKey: string } => ({ ...input, idempotencyKey: randomUUID() });

/** A query text whose inline inputs say `idempotencyKey: "__KEY__"`, each given a fresh key (a new request each call). */
export const withFreshKeys = (query: string) => query.replace(/"__KEY__"/g, () => `"${randomUUID()}"`);
