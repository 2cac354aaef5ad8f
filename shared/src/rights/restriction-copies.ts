// A restriction of processing of data that two authorities' registers both keep (the activation plan of
// rehabilitative work activity and its attendance: the wellbeing county's plan of record and the employment
// register's copy, 189/2001 § 12; ../law/categories.ts ACTIVATION_PLAN) holds in both (GDPR art. 18, and art. 19:
// a restriction is communicated to each recipient of the data). Found by an outsider: a restriction of
// ACTIVATION_PLAN in the wellbeing register left the employment register's copy in use.
//
// Each register keeps its restrictions in its own database, so that its rules decide from its own data and no
// register asks another on every request (./restrictions.ts). So the register where a restriction is placed or
// lifted (the source) has each other keeper refresh its copies of the source's restrictions at once, in the
// same request, with the caller's rights, as the plan's copy is refreshed (subgraphs/wellbeing/src/resolvers.ts):
// the keeper reads the source's restrictions of the customer itself (the caller's read, logged there), so no
// caller can make a copy say anything the source does not. A copy is lifted only by the source's lift. When the
// keeper cannot be reached the restriction stands in the source and the caller is told
// (RESTRICTION_COPY_NOT_REFRESHED); a repeat of the request, or the refresh mutation, tries again.
import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { CATEGORIES, type Authority, type CategoryName, type Register, AUTHORITIES, isCategoryName } from '../law/categories';
import { callRegister } from '../graphql/register-call';
import { invalidInput } from '../graphql/errors';
import { requireId } from '../validation';
import { subgraphUrlByName } from '../subgraphs';
import type { Logger } from '../log';
import type { Actor } from '../auth/actor';
import { restrictionsShownTo } from './restrictions';

const cap = (register: Register) => register.charAt(0) + register.slice(1).toLowerCase();

/**
 * The categories of customer data that both `a` and `b` keep (empty for most pairs). From the classification
 * of the categories (../law/categories.ts `registers`), never written per pair.
 */
export function sharedCategories(a: Register, b: Register): CategoryName[] {
  if (a === b || a === 'JOINT' || b === 'JOINT') return [];
  return (Object.keys(CATEGORIES) as CategoryName[]).filter((name) => {
    const category = CATEGORIES[name];
    return category.kind === 'customer-data' && (category.registers as readonly Register[]).includes(a) && (category.registers as readonly Register[]).includes(b);
  });
}

/** The other authorities' registers that keep some of `register`'s categories. */
export const keepersSharingWith = (register: Register): Authority[] => AUTHORITIES.filter((other) => sharedCategories(register, other).length > 0);

/** The name of the mutation by which `keeper` refreshes its copies of `source`'s restrictions. */
export const refreshCopiesMutation = (keeper: Register, source: Register) => `refresh${cap(keeper)}CopiesOf${cap(source)}ProcessingRestrictions`;

/** The name of that mutation's input type. */
const refreshCopiesInput = (keeper: Register, source: Register) => {
  const name = refreshCopiesMutation(keeper, source);
  return `${name.charAt(0).toUpperCase()}${name.slice(1)}Input`;
};

/** SDL of `keeper`'s refresh mutations, one per source register it shares categories with ('' for none). */
export function restrictionCopySdl(keeper: Register): string {
  return keepersSharingWith(keeper).map((source) => {
    const name = refreshCopiesMutation(keeper, source);
    const input = refreshCopiesInput(keeper, source);
    return `
input ${input} {
  "The caller's key of this request: a repeat with the same key answers the first outcome and writes nothing (shared/src/graphql/idempotency.ts)."
  idempotencyKey: ID!
  customerId: ID!
}

extend type Mutation {
  "Makes this register's copies of the ${source.toLowerCase()} register's restrictions of processing of data both keep (${sharedCategories(keeper, source).join(', ')}) what they are there, read from the ${source.toLowerCase()} register with the caller's rights (GDPR art. 18, 19); it takes no content from the caller. The ${source.toLowerCase()} register calls it after each restriction and lift; an official of the ${source} authority may repeat it. Answers this register's copies of the customer's restrictions from there."
  ${name}(input: ${input}!): [${cap(keeper)}ProcessingRestriction!] @category(is: "${source}_PROCESSING_RESTRICTIONS")
}
`;
  }).join('');
}

/** A restriction as the source register answers it (dates as GraphQL's DateTime and Date text). */
interface SourceRestriction {
  id: string; categories: string[]; ground: string; allowedUses: string[]; since: string; liftedAt: string | null; liftReason: string | null;
  liftedBy: string | null; customerInformedOn: string | null; customerInformedBy: string | null; recordedBy: string; recordedByAuthority: string;
}

type Ctx = {
  actor: Actor; law: { mayReadUnrestricted(categories: readonly string[], customerId: string): Promise<boolean> };
  authorization: string; requestId: string; log: Logger;
  /* eslint-disable-next-line @typescript-eslint/no-explicit-any */
  idempotency: { key: string; transaction<T>(write: (tx: any) => Promise<T>): Promise<T> };
};

/** The resolvers of restrictionCopySdl(keeper). */
export function restrictionCopyResolvers(keeper: Register): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const source of keepersSharingWith(keeper)) {
    const shared = sharedCategories(keeper, source);
    const lower = source.toLowerCase();
    const query = `query SourceRestrictions($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { ${lower}ProcessingRestrictions {
      id categories ground allowedUses since liftedAt liftReason liftedBy customerInformedOn customerInformedBy recordedBy recordedByAuthority } } } }`;
    out[refreshCopiesMutation(keeper, source)] = async (_: unknown, { input }: { input: { customerId: string } }, ctx: Ctx) => {
      const customerId = requireId('customerId', input.customerId);
      let restrictions: SourceRestriction[];
      try {
        const data = await callRegister<{ _entities: ({ [k: string]: SourceRestriction[] | null } | null)[] }>(
          subgraphUrlByName(lower), ctx, query, { r: [{ __typename: 'Customer', id: customerId }] });
        restrictions = data._entities[0]?.[`${lower}ProcessingRestrictions`] ?? [];
      } catch (error) {
        ctx.log.warn('restrictions of the source register not read', { register: lower, error: (error as Error).message });
        throw new GraphQLError(`The ${lower} register could not be asked for its restrictions of processing right now; try again shortly.`, { extensions: { code: 'REGISTER_UNAVAILABLE', register: lower } });
      }
      // The source's own restrictions only: not the copies it keeps of this register's (or any other's).
      const copies = restrictions.filter((r) => r.recordedByAuthority === source)
        .map((r) => ({ ...r, categories: r.categories.filter((c) => isCategoryName(c) && shared.includes(c)) }))
        .filter((r) => r.categories.length > 0);
      const held: { categories: string[] }[] = await ctx.idempotency.transaction(async (tx) => {
        for (const copy of copies) {
          const kept = await tx.processingRestriction.findUnique({ where: { id: copy.id } });
          const lift = copy.liftedAt === null ? {} : {
            liftedAt: new Date(copy.liftedAt), liftReason: copy.liftReason, liftedBy: copy.liftedBy,
            customerInformedOn: copy.customerInformedOn ? new Date(`${copy.customerInformedOn}T00:00:00Z`) : null, customerInformedBy: copy.customerInformedBy,
          };
          if (!kept) {
            await tx.processingRestriction.create({ data: {
              id: copy.id, customerId, categories: copy.categories, ground: copy.ground, allowedUses: copy.allowedUses, since: new Date(copy.since),
              recordedBy: copy.recordedBy, recordedByAuthority: source, ...lift,
            } });
          } else if (kept.customerId !== customerId || kept.recordedByAuthority !== source) {
            // Ids are UUIDs: only a forged source could name another restriction here. Nothing is written.
            throw invalidInput('customerId', `the ${lower} register answered a restriction this register keeps otherwise`);
          } else if (kept.liftedAt === null && copy.liftedAt !== null) {
            await tx.processingRestriction.update({ where: { id: copy.id }, data: lift });
          }
        }
        return tx.processingRestriction.findMany({ where: { customerId, recordedByAuthority: source }, orderBy: [{ since: 'desc' }, { id: 'asc' }] });
      });
      // Answered as the lists show them (found by an outsider: the answer showed every copy, also to officials
      // whose lists leave them out).
      return restrictionsShownTo(ctx, customerId, held);
    };
  }
  return out;
}

/**
 * After a restriction of `source` was placed or lifted (committed): each other keeper of a category it covers
 * refreshes its copies, with the caller's rights (a repeat of the request tries again; a refresh writes only what
 * differs from the source). Answers `restriction`; throws RESTRICTION_COPY_NOT_REFRESHED
 * naming the keeper and its refresh mutation when one could not be reached or refused.
 */
export async function refreshCopiesElsewhere<R extends { customerId: string; categories: string[] }>(source: Register, restriction: R, ctx: Ctx): Promise<R> {
  for (const keeper of keepersSharingWith(source)) {
    const shared = sharedCategories(source, keeper);
    if (!restriction.categories.some((c) => (shared as string[]).includes(c))) continue;
    const name = refreshCopiesMutation(keeper, source);
    const input = refreshCopiesInput(keeper, source);
    try {
      // A new key at every attempt: the refresh converges on the source's state whenever it runs, and a key the caller
      // could know beforehand would let them store an empty outcome under it first, so that the copy were never made
      // (found by an outsider).
      await callRegister(subgraphUrlByName(keeper.toLowerCase()), ctx, `mutation RefreshRestrictionCopies($input: ${input}!) { ${name}(input: $input) { id } }`,
        { input: { idempotencyKey: `copies-${randomUUID()}`, customerId: restriction.customerId } });
    } catch (error) {
      ctx.log.warn('restriction copies not refreshed', { register: keeper.toLowerCase(), error: (error as Error).message });
      throw new GraphQLError(
        `The change of the restriction stands in the ${source.toLowerCase()} register, but the ${keeper.toLowerCase()} register, which keeps ${shared.join(', ')} too, could not take it over now; repeat this request, or call ${name} for the customer, to try again.`,
        { extensions: { code: 'RESTRICTION_COPY_NOT_REFRESHED', register: keeper.toLowerCase() } },
      );
    }
  }
  return restriction;
}
