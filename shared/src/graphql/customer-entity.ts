// Federation's entry point for a customer: the gateway (or anybody who reaches a subgraph's port) asks
// `_entities(representations: [{ __typename: "Customer", id }])`. It follows the same law as the root
// fields: secrecy of customership (621/1999 § 24) holds here too.
import { GraphQLError, GraphQLResolveInfo, GraphQLSchema, isObjectType, isUnionType } from 'graphql';
import { requireId } from '../validation';
import { consentsUnavailable, invalidInput } from './errors';
import type { RequestLaw } from './request-law';
import type { Decision } from '../law/rules';

/**
 * Resolves a `Customer` representation to `{ id }` (the id in its stored, lower case), or to null when
 * the caller may not know of this person: exactly what a person who is not a customer gets, with no
 * error that could tell the two apart. A representation without a well-formed id is refused with
 * `BAD_USER_INPUT` naming `representations.id` (no customer has such an id, so this reveals nothing).
 * A failed consent look-up answers `CONSENTS_UNAVAILABLE`, a register's own database `DATABASE_UNAVAILABLE`.
 * `info` (the `_entities` field's, as @apollo/subgraph passes it) names in a refused attempt what was asked.
 */
export async function customerReference(ref: { id?: unknown }, ctx: { law: RequestLaw }, info?: GraphQLResolveInfo): Promise<{ id: string } | null> {
  const id = requireId('representations.id', typeof ref.id === 'string' ? ref.id : '');
  // Through the request's law, so that a refused representation is logged as an attempt (906/2019 § 17).
  let decision: Decision;
  try {
    decision = await ctx.law.decide('CUSTOMER_KEY', id, 'read');
  } catch (error) {
    // A look-up the decision needed failed: not a denial, and not this register's database unless it says
    // so (the customer's area); otherwise the joint register's consents could not be asked.
    throw error instanceof GraphQLError ? error : consentsUnavailable();
  }
  // A third party told that the person is a customer (even by `__typename` alone) was given that under the
  // consent: a disclosure to record (621/1999 § 24; review 7, M1).
  if (decision.allowed && decision.consentId) ctx.law.referencedUnderConsent(id, decision.consentId);
  // Refused: the attempt names what the selection asked for too (review 8, L2).
  if (!decision.allowed && info) ctx.law.refusedReference(id, info);
  return decision.allowed ? { id } : null;
}

/**
 * Makes `_entities` refuse a representation that is not an object naming an entity type of this subgraph
 * (`{ "__typename": "Customer", ... }`) with `BAD_USER_INPUT` naming `representations[i]`, before any is
 * resolved. @apollo/subgraph throws a plain Error (or a TypeError) for `1`, `"x"`, `[]` or an unknown
 * `__typename`, which the caller saw as INTERNAL_SERVER_ERROR. Changes `schema` in place and returns it.
 */
export function guardEntityRepresentations(schema: GraphQLSchema): GraphQLSchema {
  const field = schema.getQueryType()?.getFields()._entities;
  const entity = schema.getType('_Entity');
  if (!field?.resolve || !isUnionType(entity)) return schema;
  const typenames = new Set(entity.getTypes().filter(isObjectType).map((t) => t.name));
  const resolve = field.resolve;
  field.resolve = (source, args, context, info) => {
    const representations: unknown[] = Array.isArray(args.representations) ? args.representations : [];
    representations.forEach((r, i) => {
      const typename = r !== null && typeof r === 'object' && !Array.isArray(r) ? (r as { __typename?: unknown }).__typename : undefined;
      if (typeof typename !== 'string' || !typenames.has(typename)) {
        throw invalidInput(`representations[${i}]`, `must be an object whose __typename names an entity of this subgraph (${[...typenames].join(', ')})`);
      }
    });
    return resolve(source, args, context, info);
  };
  return schema;
}
