// Federation's entry point for a customer: the gateway (or anybody who reaches a subgraph's port) asks
// `_entities(representations: [{ __typename: "Customer", id }])`. It follows the same law as the root
// fields: secrecy of customership (621/1999 § 24) holds here too.
import { GraphQLError } from 'graphql';
import { requireId } from '../validation';
import { consentsUnavailable } from './errors';
import type { RequestLaw } from './request-law';

/**
 * Resolves a `Customer` representation to `{ id }` (the id in its stored, lower case), or to null when
 * the caller may not know of this person: exactly what a person who is not a customer gets, with no
 * error that could tell the two apart. A representation without a well-formed id is refused with
 * `BAD_USER_INPUT` naming `representations.id` (no customer has such an id, so this reveals nothing).
 * A failed consent look-up answers `CONSENTS_UNAVAILABLE`, a register's own database `DATABASE_UNAVAILABLE`.
 */
export async function customerReference(ref: { id?: unknown }, ctx: { law: RequestLaw }): Promise<{ id: string } | null> {
  const id = requireId('representations.id', typeof ref.id === 'string' ? ref.id : '');
  // Through the request's law, so that a refused representation is logged as an attempt (906/2019 § 17).
  let allowed: boolean;
  try {
    allowed = (await ctx.law.decide('CUSTOMER_KEY', id, 'read')).allowed;
  } catch (error) {
    // A look-up the decision needed failed: not a denial, and not this register's database unless it says
    // so (the customer's area); otherwise the joint register's consents could not be asked.
    throw error instanceof GraphQLError ? error : consentsUnavailable();
  }
  return allowed ? { id } : null;
}
