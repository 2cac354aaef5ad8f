// The caseload read twice, through the lean JSON loaders and through Prisma's whole rows
// (LEAN_LOADERS=off and JSON_ROWS=off, shared/src/graphql/json-rows.ts), for the tests that show the two
// answer the same.
import type { TokenClaims } from '../../shared/src/auth/tokens';
import type { System } from './system';

/**
 * Reads `query` (a caseload query taking `$first`) once through Prisma's whole rows and once lean, as `caller`,
 * and asserts what both tests need: the lean answer has no error but the law's FORBIDDEN, as many errors
 * as the whole rows' answer, `first` nodes, the same ids in the same order, and the same nodes once put in
 * a canonical form by `canonical` (lists whose order is not defined sorted).
 * @returns the lean nodes and the whole rows' nodes, in caseload order.
 */
export async function caseloadBothWays<N extends { id: string }>(
  system: System, caller: TokenClaims, query: string, canonical: (node: N) => unknown, first = 150,
): Promise<{ lean: N[]; whole: N[] }> {
  const wholeAnswer = await throughPrisma(() => system.query(caller, query, { first }));
  const leanAnswer = await system.query(caller, query, { first });
  const unexpected = (errors: { extensions?: { code?: unknown } }[] | undefined) => (errors ?? []).filter((e) => e.extensions?.code !== 'FORBIDDEN');
  expect(unexpected(leanAnswer.errors)).toEqual([]);
  expect(leanAnswer.errors?.length ?? 0).toBe(wholeAnswer.errors?.length ?? 0);
  const nodes = (answer: typeof leanAnswer) => answer.data!.caseload.edges.map((e: { node: N }) => e.node) as N[];
  const [lean, whole] = [nodes(leanAnswer), nodes(wholeAnswer)];
  expect(lean).toHaveLength(first);
  expect(lean.map((n) => n.id)).toEqual(whole.map((n) => n.id));
  expect(lean.map(canonical)).toEqual(whole.map(canonical));
  return { lean, whole };
}

/** What `read` answers with every loader reading whole rows through Prisma's findMany (the tests' reference). */
export async function throughPrisma<T>(read: () => Promise<T>): Promise<T> {
  process.env.LEAN_LOADERS = 'off';
  process.env.JSON_ROWS = 'off';
  try {
    return await read();
  } finally {
    delete process.env.LEAN_LOADERS;
    delete process.env.JSON_ROWS;
  }
}
