// Restriction of processing in an authority's own register (GDPR art. 18; DOMAIN.md rule 11: a request
// about an authority's own register goes to that authority). The joint register keeps its own restrictions
// with the request desk (subgraphs/joint/src/rights.ts); each of the three own registers keeps the
// restrictions of its own data in its own database, so that its rules decide from its own data and no
// register asks another on every request (as with the home municipality, ../graphql/run.ts). Like the
// access log (../graphql/audit.ts), the SDL and resolvers are the same for the three and added to each.
import { randomUUID } from 'node:crypto';
import { jsonListLoader, type JsonRowsClient } from '../graphql/json-rows';
import type DataLoader from 'dataloader';
import { forbidden, invalidInput, rowOfCustomer } from '../graphql/errors';
import { CATEGORIES, CategoryName, Register, isCategoryName } from '../law/categories';
import { RESTRICTION_LIFT_NOTICES, RestrictionTerms, competentToHandle, isDataProtectionOfficer } from '../law/data-subject-rights';
import { GraphQLError } from 'graphql';
import { calendarDay, todayInFinland } from '../law/today';
import { MAX_NAME, requireId, requireOneOf, requireText } from '../validation';
import { isAuthority, type Actor } from '../auth/actor';
import type { Logger } from '../log';
import { withFollowUp, type FollowUp } from '../graphql/idempotency';
import { refreshCopiesElsewhere, restrictionCopyResolvers, restrictionCopySdl } from './restriction-copies';

/**
 * The categories of the rights themselves and of consent withdrawal: never restricted or disclosed on a
 * legal basis (restricting the request desk would stop the restriction's own handling).
 */
const RIGHTS_CATEGORIES: ReadonlySet<string> = new Set([
  'DATA_SUBJECT_REQUESTS', 'DATA_SUBJECT_REQUEST_FILING', 'DATA_SUBJECT_REQUEST_OVERSIGHT', 'PROCESSING_RESTRICTIONS', 'PROCESSING_RESTRICTION_LIFTING',
  'LAW_BASED_DISCLOSURES', 'JOINT_CONTACT_SELF_SERVICE', 'JOINT_CONSENT_WITHDRAWAL',
  'EMPLOYMENT_PROCESSING_RESTRICTIONS', 'WELLBEING_PROCESSING_RESTRICTIONS', 'KELA_PROCESSING_RESTRICTIONS',
]);

/**
 * Categories of customer data kept in `register` that a request, a restriction or a disclosure may name;
 * throws BAD_USER_INPUT naming the first that is not.
 */
export function requireDataCategories(field: string, values: readonly string[], register: Register, { atLeastOne = true } = {}): CategoryName[] {
  if (atLeastOne && values.length === 0) throw invalidInput(field, 'must name at least one category');
  if (values.length > 40) throw invalidInput(field, 'must name at most 40 categories');
  if (new Set(values).size !== values.length) throw invalidInput(field, 'must name each category at most once');
  return values.map((value, i) => {
    if (!isCategoryName(value)) throw invalidInput(`${field}[${i}]`, `${value.slice(0, 60)} is not a data category`);
    const category = CATEGORIES[value];
    if (category.kind !== 'customer-data' || RIGHTS_CATEGORIES.has(value)) throw invalidInput(`${field}[${i}]`, `${value} is not a category of customer data`);
    if (!(category.registers as readonly Register[]).includes(register)) throw invalidInput(`${field}[${i}]`, `${value} is not kept in the ${register} register`);
    return value;
  });
}

const cap = (register: Register) => register.charAt(0) + register.slice(1).toLowerCase();

/** The SDL of an own register's restrictions: its list and flag on Customer, and the two mutations. */
export function restrictionSdl(register: Register): string {
  if (register === 'JOINT') return '';
  const r = cap(register);
  const category = `${register}_PROCESSING_RESTRICTIONS`;
  const f = (name: string, type: string) => `  ${name}: ${type} @category(is: "${category}")`;
  const key = '  "The caller\'s key of this request: a repeat with the same key answers the first outcome and writes nothing (shared/src/graphql/idempotency.ts)."\n  idempotencyKey: ID!';
  return `
"A restriction of processing in the ${register.toLowerCase()} register (GDPR art. 18): the data is kept but not used, except as allowed."
type ${r}ProcessingRestriction {
${f('id', 'ID!')}
${f('customerId', 'ID')}
${f('categories', '[String!]')}
"ACCURACY_CONTESTED, UNLAWFUL_PROCESSING, NEEDED_FOR_LEGAL_CLAIMS or OBJECTION_PENDING (GDPR art. 18(1))."
${f('ground', 'String')}
"What the data may still be used for (GDPR art. 18(2)), e.g. LEGAL_CLAIMS."
${f('allowedUses', '[String!]')}
${f('since', 'DateTime')}
${f('inForce', 'Boolean')}
${f('liftedAt', 'DateTime')}
${f('liftReason', 'String')}
${f('liftedBy', 'String')}
"GDPR art. 18(3): the day the customer was informed, before the lift."
${f('customerInformedOn', 'Date')}
"GDPR art. 18(3): how the customer was informed: LETTER, E_SERVICE_MESSAGE, AT_A_VISIT or PHONE_CALL."
${f('customerInformedBy', 'String')}
${f('recordedBy', 'String')}
"The authority whose official placed it: another authority's for a copy of a restriction placed in its register on data both keep (the activation plan; shared/src/rights/restriction-copies.ts), lifted only there."
${f('recordedByAuthority', 'String')}
}

input Restrict${r}ProcessingInput {
${key}
  customerId: ID!
  "Categories of customer data of the ${register.toLowerCase()} register."
  categories: [String!]!
  "ACCURACY_CONTESTED, UNLAWFUL_PROCESSING, NEEDED_FOR_LEGAL_CLAIMS or OBJECTION_PENDING."
  ground: String!
  "Of LEGAL_CLAIMS, CUSTOMER_CONSENT, PROTECTION_OF_RIGHTS, IMPORTANT_PUBLIC_INTEREST."
  allowedUses: [String!]
}

input Lift${r}ProcessingRestrictionInput {
${key}
  customerId: ID!
  restrictionId: ID!
  reason: String!
  "GDPR art. 18(3): the customer who obtained the restriction is informed before it is lifted: the day (not in the future)."
  customerInformedOn: Date!
  "How the customer was informed: LETTER, E_SERVICE_MESSAGE, AT_A_VISIT or PHONE_CALL."
  customerInformedBy: String!
}

extend type Mutation {
  "Restricts processing of categories of the ${register.toLowerCase()} register (GDPR art. 18); only the ${register} authority's officials."
  restrict${r}Processing(input: Restrict${r}ProcessingInput!): ${r}ProcessingRestriction @category(is: "${category}")
  "Lifts a restriction of the ${register.toLowerCase()} register, with the reason."
  lift${r}ProcessingRestriction(input: Lift${r}ProcessingRestrictionInput!): ${r}ProcessingRestriction @category(is: "${category}")
}

extend type Customer @key(fields: "id") {
  "Restrictions of processing in the ${register.toLowerCase()} register, in force and lifted, newest first."
  ${register.toLowerCase()}ProcessingRestrictions: [${r}ProcessingRestriction!] @category(is: "${category}")
  "Whether a restriction of processing is in force in the ${register.toLowerCase()} register."
  ${register.toLowerCase()}ProcessingRestricted: Boolean @category(is: "${category}")
}
${restrictionCopySdl(register)}`;
}

const GROUNDS = ['ACCURACY_CONTESTED', 'UNLAWFUL_PROCESSING', 'NEEDED_FOR_LEGAL_CLAIMS', 'OBJECTION_PENDING'];
const EXCEPTIONS = ['LEGAL_CLAIMS', 'CUSTOMER_CONSENT', 'PROTECTION_OF_RIGHTS', 'IMPORTANT_PUBLIC_INTEREST'];

interface Row { id: string; customerId: string; categories: string[]; allowedUses: string[]; liftedAt: Date | null; recordedByAuthority: string }
// The Prisma delegate of each own register's ProcessingRestriction model (same columns in the three).
/* eslint-disable @typescript-eslint/no-explicit-any */
export interface RestrictionStore {
  findMany(args: any): PromiseLike<any[]>;
  findUnique(args: any): PromiseLike<any>;
  findUniqueOrThrow(args: any): PromiseLike<any>;
  create(args: any): PromiseLike<any>;
  updateMany(args: any): PromiseLike<{ count: number }>;
}
/* eslint-enable @typescript-eslint/no-explicit-any */
type Ctx = {
  actor: Actor; db: { processingRestriction: RestrictionStore };
  law: { mayReadUnrestricted(categories: readonly string[], customerId: string): Promise<boolean>; refused(category: CategoryName, customerId: string): void };
};
type MCtx = Ctx & { authorization: string; requestId: string; log: Logger; idempotency: { key: string; transaction<T>(write: (tx: any) => Promise<T>): Promise<T> } }; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * One loader of the restrictions per request (never shared: a shared cache would outlive the request's
 * decisions). Its rows come as JSON and its batch folds into the statement of the register's other loaders
 * of the same turn (../graphql/json-rows.ts; issue 11: through Prisma's findMany it was one more statement of
 * every full view in each own register, ~1 ms of CPU each).
 */
const loaders = new WeakMap<object, DataLoader<string, Row[]>>();
function restrictionsOf(ctx: Ctx, customerId: string): Promise<Row[]> {
  let loader = loaders.get(ctx);
  if (!loader) {
    loader = jsonListLoader<Row & Record<string, unknown>>(ctx.db.processingRestriction, { db: ctx.db as unknown as JsonRowsClient, model: 'ProcessingRestriction' }, 'customerId', [['since', 'desc']]);
    loaders.set(ctx, loader);
  }
  return loader.load(customerId);
}

/**
 * An official places or lifts only a restriction of data their role certificates entitle them to read (GDPR art.
 * 18(3): the lift ends the restriction because the contested data was checked, or the ground fell; nobody who may
 * not read the data can judge that. Found by an outsider: an employment supervisor lifted a restriction of health
 * data they may not read). Placing it asks the same, so that whoever handles a restriction sees it whole in the
 * lists (restrictionsShownTo) and another register keeping the same data copies it whole (./restriction-copies.ts).
 * The data protection officer, whose lift the rules allow on its own ground, is not asked.
 * Throws FORBIDDEN naming `field` (`restrictionId` for a lift, `categories` for a placing), logged as a refused
 * write of `category`.
 */
export async function requireJudgesRestrictedData(
  ctx: Ctx, restriction: { customerId: string; categories: string[] }, category: CategoryName, field: 'restrictionId' | 'categories' = 'restrictionId',
): Promise<void> {
  if (isDataProtectionOfficer(ctx.actor)) return;
  if (await ctx.law.mayReadUnrestricted(restriction.categories, restriction.customerId)) return;
  ctx.law.refused(category, restriction.customerId);
  throw new GraphQLError('Only an official whose role certificates entitle them to read every category a restriction covers may place or lift it',
    { extensions: { code: 'FORBIDDEN', field } });
}

/**
 * The restrictions of a list that the caller sees (found by an outsider: the lists, a category the three
 * authorities exchange, showed officials without the role certificate the categories, ground and lift reason of a
 * restriction of health data): an official those whose every category their role certificates and area entitle
 * them to read as if it were not restricted; the customer and the data protection officer every one (the rules
 * let no one else read the lists). A restriction left out still counts in `processingRestricted` and its kin.
 * `rows`: the customer's restrictions in this register, in the list's order; answers them in the same order. The
 * same for any row that names categories of the customer's data, e.g. the data-subject requests (subgraphs/joint).
 */
export async function restrictionsShownTo<R extends { categories: string[] }>(
  ctx: { actor: Actor; law: Pick<Ctx['law'], 'mayReadUnrestricted'> }, customerId: string, rows: R[],
): Promise<R[]> {
  if (!isAuthority(ctx.actor)) return rows;
  const shown: R[] = [];
  for (const row of rows) if (await ctx.law.mayReadUnrestricted(row.categories, customerId)) shown.push(row);
  return shown;
}

/**
 * A restriction of processing is in force until it is lifted (GDPR art. 18(3)): the one rule every reader of
 * restrictions in force uses, as a Prisma filter and as SQL over a `ProcessingRestriction` alias.
 */
export const RESTRICTION_IN_FORCE = { liftedAt: null } as const;
export const restrictionInForceSql = (alias: string) => `${alias}."liftedAt" IS NULL`;

/** A restriction's terms as the rules read them, from a row of a (LEFT JOINed) `ProcessingRestriction`. */
export const restrictionTermsOf = (row: { id: string; categories: string[] | null; allowedUses: string[] | null }): RestrictionTerms =>
  ({ id: row.id, categories: row.categories ?? [], allowedUses: row.allowedUses ?? [] });

/**
 * The restrictions in force a register keeps for each customer of a batch, for the rules: one list per id,
 * in the order of the ids. `store`: the register's ProcessingRestriction delegate (the same columns in all four).
 */
export function ownRestrictionsInForce(store: Pick<RestrictionStore, 'findMany'>) {
  return async (ids: readonly string[]): Promise<RestrictionTerms[][]> => {
    const rows = await store.findMany({ where: { customerId: { in: [...ids] }, ...RESTRICTION_IN_FORCE }, select: { id: true, customerId: true, categories: true, allowedUses: true } }) as Row[];
    return ids.map((id) => rows.filter((r) => r.customerId === id));
  };
}

/** The resolvers of restrictionSdl(register): the competent authority restricts and lifts; everyone who may know the customer sees it. */
export function restrictionResolvers(register: Register) {
  if (register === 'JOINT') return {};
  const r = cap(register);
  const lower = register.toLowerCase();
  const requireCompetent = (ctx: Ctx) => { if (!competentToHandle(ctx.actor, register)) throw forbidden(); };
  const refreshCopies = (restriction: Row, ctx: MCtx) => refreshCopiesElsewhere(register, restriction, ctx);
  return {
    Mutation: {
      [`restrict${r}Processing`]: withFollowUp(async (_: unknown, { input }: { input: { customerId: string; categories: string[]; ground: string; allowedUses?: string[] | null } }, ctx: MCtx) => {
        requireCompetent(ctx);
        const customerId = requireId('customerId', input.customerId);
        // A customer this register does not keep is nobody's here: the shield's area rule has refused already.
        const categories = requireDataCategories('categories', input.categories, register);
        await requireJudgesRestrictedData(ctx, { customerId, categories }, `${register}_PROCESSING_RESTRICTIONS` as CategoryName, 'categories');
        if (!GROUNDS.includes(input.ground)) throw invalidInput('ground', `must be one of ${GROUNDS.join(', ')}`);
        const allowedUses = [...new Set(input.allowedUses ?? [])];
        allowedUses.forEach((u, i) => { if (!EXCEPTIONS.includes(u)) throw invalidInput(`allowedUses[${i}]`, `must be one of ${EXCEPTIONS.join(', ')}`); });
        const placed: Row = await ctx.idempotency.transaction((tx) => tx.processingRestriction.create({
          data: { id: randomUUID(), customerId, categories, ground: input.ground, allowedUses, recordedBy: ctx.actor.id, recordedByAuthority: ctx.actor.organisationKind },
        }));
        // Data this register shares with another (the activation plan): restricted there too (./restriction-copies.ts).
        return refreshCopies(placed, ctx);
      }, refreshCopies as FollowUp),
      [`lift${r}ProcessingRestriction`]: withFollowUp(async (_: unknown, { input }: { input: { customerId: string; restrictionId: string; reason: string; customerInformedOn: Date; customerInformedBy: string } }, ctx: MCtx) => {
        requireCompetent(ctx);
        // Another customer's restriction gets the answer of no restriction at all: the id of one (of another area,
        // say) must not be confirmed (found by an outsider).
        const found = rowOfCustomer(
          await ctx.db.processingRestriction.findUnique({ where: { id: requireId('restrictionId', input.restrictionId) } }) as (Row & { since: Date }) | null,
          requireId('customerId', input.customerId), 'restrictionId', 'a restriction', `in the ${lower} register`,
        );
        await requireJudgesRestrictedData(ctx, found, `${register}_PROCESSING_RESTRICTIONS` as CategoryName);
        // A copy of another register's restriction (./restriction-copies.ts) ends with the lift there, where it was
        // placed. Said only after the rule above: it tells what the restriction covers (found by an outsider).
        if (found.recordedByAuthority !== register) {
          throw invalidInput('restrictionId', `is the ${lower} register's copy of a restriction placed in the ${found.recordedByAuthority.toLowerCase()} register, which lifts it`);
        }
        const reason = requireText('reason', input.reason, MAX_NAME);
        // GDPR art. 18(3): the customer who obtained the restriction is informed before it is lifted (as in the joint register).
        const informedOn = calendarDay(input.customerInformedOn);
        if (informedOn > todayInFinland()) throw invalidInput('customerInformedOn', 'must not be in the future: the customer is informed before the restriction is lifted (GDPR art. 18(3))');
        if (informedOn < calendarDay(found.since)) throw invalidInput('customerInformedOn', `must not be before the restriction was placed on ${calendarDay(found.since)}`);
        const informedBy = requireOneOf('customerInformedBy', input.customerInformedBy, RESTRICTION_LIFT_NOTICES);
        const lifted: Row = await ctx.idempotency.transaction(async (tx) => {
          const done = await tx.processingRestriction.updateMany({
            where: { id: found.id, ...RESTRICTION_IN_FORCE },
            data: { liftedAt: new Date(), liftReason: reason, liftedBy: ctx.actor.id, customerInformedOn: new Date(`${informedOn}T00:00:00Z`), customerInformedBy: informedBy },
          });
          if (done.count !== 1) throw invalidInput('restrictionId', 'is lifted already');
          return tx.processingRestriction.findUniqueOrThrow({ where: { id: found.id } });
        });
        return refreshCopies(lifted, ctx);
      }, refreshCopies as FollowUp),
      ...restrictionCopyResolvers(register),
    },
    Customer: {
      [`${lower}ProcessingRestrictions`]: async (c: { id: string }, _: unknown, ctx: Ctx) => restrictionsShownTo(ctx, c.id, await restrictionsOf(ctx, c.id)),
      [`${lower}ProcessingRestricted`]: async (c: { id: string }, _: unknown, ctx: Ctx) => (await restrictionsOf(ctx, c.id)).some((r) => r.liftedAt === null),
    },
    [`${r}ProcessingRestriction`]: {
      inForce: (row: Row) => row.liftedAt === null,
    },
  };
}
