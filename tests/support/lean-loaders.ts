// The caseload read twice, through the lean JSON loaders and through Prisma's whole rows
// (LEAN_LOADERS=off, shared/src/graphql/json-rows.ts), for the tests that show the two answer the same.
import type { TokenClaims } from '../../shared/src/auth/tokens';
import type { System } from './system';

/**
 * Reads `query` (a caseload query taking `$first`) once with LEAN_LOADERS=off and once lean, as `caller`,
 * and asserts what both tests need: the lean answer has no error but the law's FORBIDDEN, as many errors
 * as the whole rows' answer, `first` nodes, the same ids in the same order, and the same nodes once put in
 * a canonical form by `canonical` (lists whose order is not defined sorted).
 * @returns the lean nodes and the whole rows' nodes, in caseload order.
 */
export async function caseloadBothWays<N extends { id: string }>(
  system: System, caller: TokenClaims, query: string, canonical: (node: N) => unknown, first = 150,
): Promise<{ lean: N[]; whole: N[] }> {
  process.env.LEAN_LOADERS = 'off';
  const wholeAnswer = await system.query(caller, query, { first }).finally(() => delete process.env.LEAN_LOADERS);
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
