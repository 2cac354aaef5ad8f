// Resolvers of the joint register. Authorization is not here: the shield derived from the field
// classification guards every field; resolvers only fetch (through loaders) and validate input.
import { randomUUID } from 'node:crypto';
import type { GraphQLResolveInfo } from 'graphql';
import type DataLoader from 'dataloader';
import { checkPersonalIdentityCode } from '@cg/shared/src/hetu';
import { forbidden, invalidInput } from '@cg/shared/src/graphql/errors';
import { LIST_SIZE_MAXIMA } from '@cg/shared/src/graphql/limits';
import { spendIdentityCodeLookup } from './identity-code-lookups';
import type { SubgraphContext } from '@cg/shared/src/graphql/subgraph';
import { customerReference } from '@cg/shared/src/graphql/customer-entity';
import { MutationContext, withFollowUp } from '@cg/shared/src/graphql/idempotency';
import { requireId } from '@cg/shared/src/validation';
import { consentInForce } from '@cg/shared/src/law/rules';
import { RESTRICTED_CONSENT_CATEGORIES, consentRestrictions, controllerMayConsent, restrictedCategoriesNamed } from '@cg/shared/src/law/consents';
import { isCategoryName, type CategoryName } from '@cg/shared/src/law/categories';
import { isAuthority, isCustomer } from '@cg/shared/src/auth/actor';
import { GraphQLError } from 'graphql';
import { validateConsentChange, validateNewConsent } from './consent-validation';
import { validateMeeting, validatePlanReview } from './input-validation';
import { caseMutations, caseResolvers, lockOpenCustomer, openCustomerOf, openCustomerTransaction } from './case-resolvers';
import { caseloadWithRestrictions, readableOnly } from './rights';
import { loadedOrLoad, prefetchRows } from '@cg/shared/src/graphql/json-rows';
import type { PrismaClient } from './generated/prisma/client';
import { todayInFinland } from '@cg/shared/src/law/today';
import type { Customer, Meeting, Consent, ConsentVersion, DisclosureRecord, EmploymentPlan, PlanReview } from './generated/prisma/client';
import type { Authority, ConsentChange, ConsentMethod } from './generated/prisma/enums';
import type { Loaders } from './loaders';

type Ctx = SubgraphContext<PrismaClient, Loaders>;
/** A mutation's context: writes go through `ctx.idempotency.transaction` (shared/src/graphql/idempotency.ts). */
type MCtx = MutationContext<Ctx>;

/** A caseload page holds at most this many customers (a whole caseload is about 125). */
const MAX_PAGE = LIST_SIZE_MAXIMA['Query.caseload'];

const encodeCursor = (customerId: string) => Buffer.from(`customer:${customerId}`).toString('base64url');
function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const notOurs = invalidInput('after', 'is not a cursor returned by caseload');
  if (!decoded.startsWith('customer:')) throw notOurs;
  try {
    return requireId('after', decoded.slice('customer:'.length));
  } catch {
    throw notOurs;
  }
}

/**
 * Secrecy of customership: a caller who may not know of the person gets what a non-customer gets. The
 * look-up itself is logged (a use, or a refused attempt) and, for a third party, recorded as a disclosure:
 * learning that a person is a customer is itself a use (621/1999 § 24; 906/2019 § 17). `id` undefined:
 * no customer has the identity code looked up.
 */
async function visibleCustomer(ctx: Ctx, id: string | undefined, info: GraphQLResolveInfo, byIdentityCode = false) {
  const decision = await ctx.law.lookUp(id, info, { byIdentityCode });
  if (!decision.allowed || !id) return null;
  const customer = await ctx.loaders.customer.load(id.toLowerCase());
  if (customer && decision.consentId) ctx.law.recordDisclosure(customer.id, decision.consentId, 'CUSTOMER_KEY', `Query.${info.fieldName}`);
  return customer;
}

/**
 * Refuses consent terms that would put a second consent in force beside one the customer already has, given and
 * not withdrawn, for the same recipient (type and organisation) and purpose, whose validity overlaps and has not
 * ended: the customer's consents to a recipient for a purpose are one consent at a time, changed (changeConsent) or
 * withdrawn as one. For a new consent (recordConsent) and for a change of one (`exceptId`: the consent changed,
 * which does not count against itself): found by outsiders, two officials recorded the same consent, and a change
 * of another consent's purpose or validity made it the same; the customer withdrew one and the employer still
 * received the data under the other. Runs in the write's transaction, the customer's row locked first and the
 * customership found still in force (lockOpenCustomer), so that two such writes at once on PostgreSQL are one after
 * the other (PGlite runs one transaction at a time). Throws OverlappingConsent, which overlapWorded words for the
 * caller, and lockOpenCustomer's BAD_USER_INPUT.
 */
async function refuseOverlappingConsent(
  tx: PrismaClient, terms: Pick<Consent, 'customerId' | 'recipientType' | 'recipientOrganisationId' | 'purpose' | 'validFrom' | 'validUntil'>,
  field: string, exceptId?: string,
): Promise<void> {
  await lockOpenCustomer(tx, terms.customerId);
  const today = new Date(`${todayInFinland()}T00:00:00Z`);
  const overlapping = await tx.consent.findFirst({
    where: {
      customerId: terms.customerId, recipientType: terms.recipientType, recipientOrganisationId: terms.recipientOrganisationId, purpose: terms.purpose,
      status: 'GIVEN', validFrom: { lte: terms.validUntil }, validUntil: { gte: terms.validFrom > today ? terms.validFrom : today },
      ...exceptId ? { id: { not: exceptId } } : {},
    },
    select: { id: true },
  });
  if (overlapping) throw new OverlappingConsent(overlapping.id, field, terms.customerId, terms.purpose);
}

/** A consent in force for the same recipient and purpose in that period (refuseOverlappingConsent). */
class OverlappingConsent extends Error {
  constructor(readonly consentId: string, readonly field: string, readonly customerId: string, readonly purpose: string) {
    super('a consent for the same recipient and purpose is in force in that period');
  }
}

/**
 * `write` (a consent write's transaction), its refusal for an overlapping consent worded after the transaction:
 * BAD_USER_INPUT naming the field and, to a caller who may act on that consent (the customer; an official as
 * officialMayActOnConsent decides, a refusal logged as an attempt), the consent. Another official is not told which
 * consent nor its terms: it names data they may not read (found by an outsider, session 36: the error named a consent
 * hidden from the caller, and so which restricted category it covers). That one exists is still said: a second
 * consent to the same recipient for the same purpose is never recorded.
 */
async function overlapWorded<T>(ctx: Ctx, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!(error instanceof OverlappingConsent)) throw error;
    const consent = await ctx.db.consent.findUnique({ where: { id: error.consentId } });
    const named = isCustomer(ctx.actor) || (consent !== null && await officialMayActOnConsent(ctx, error.customerId, consent));
    throw invalidInput(error.field, named
      ? `already has this customer's consent for ${error.purpose} in that period (consent ${error.consentId}): change that consent (changeConsent) or withdraw it first`
      : `already has this customer's consent for ${error.purpose} in that period, one that covers data you may not read: the customer, or an official who may read it, changes or withdraws it`);
  }
}

/** Disclosure records are paged by record id, newest first. */
const RECORD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_RECORDS = LIST_SIZE_MAXIMA['Query.disclosureLog'];

export const resolvers = {
  Query: {
    // Ids in any letter case name the same customer (they are stored in lower case).
    customer: (_: unknown, { id }: { id: string }, ctx: Ctx, info: GraphQLResolveInfo) => visibleCustomer(ctx, requireId('id', id), info),

    customerByPersonalIdentityCode: async (_: unknown, { personalIdentityCode }: { personalIdentityCode: string }, ctx: Ctx, info: GraphQLResolveInfo) => {
      // Counted before anything is checked or looked up: every attempt spends the caller's budget.
      await spendIdentityCodeLookup(ctx.actor);
      const check = checkPersonalIdentityCode(personalIdentityCode.trim().toUpperCase());
      if (!check.valid) throw invalidInput('personalIdentityCode', check.reason);
      // A person who moved has a customership in each area (one per area at a time): the one the caller may
      // know answers; none, and the look-up answers as for a non-customer.
      const rows = await ctx.db.customer.findMany({ where: { personalIdentityCode: personalIdentityCode.trim().toUpperCase() }, select: { id: true }, orderBy: { id: 'asc' } });
      let found = rows[0];
      if (rows.length > 1) {
        for (const row of rows) if (await ctx.law.mayKnow(row.id)) { found = row; break; }
      }
      // Logged also when nobody has the code, and when the look-up is refused, without a customer id (the code
      // itself is never stored).
      return visibleCustomer(ctx, found?.id, info, true);
    },

    // Found by an outsider (session 33): the data protection officer may know every customership of a person, and
    // the look-up above answered only the first, so a request, a consent or a restriction of the other was not found.
    customersByPersonalIdentityCode: async (_: unknown, { personalIdentityCode }: { personalIdentityCode: string }, ctx: Ctx, info: GraphQLResolveInfo) => {
      await spendIdentityCodeLookup(ctx.actor);
      const code = personalIdentityCode.trim().toUpperCase();
      const check = checkPersonalIdentityCode(code);
      if (!check.valid) throw invalidInput('personalIdentityCode', check.reason);
      const rows = await ctx.db.customer.findMany({ where: { personalIdentityCode: code }, select: { id: true }, orderBy: { id: 'asc' } });
      // Each one the caller may not know, and nobody found, logged as the single look-up logs them (no customer id).
      // Started together, their look-ups share the batched statements: a person with a customership in another area
      // costs an official of one area the same statements as one without (measured: 4 in both).
      const found = await Promise.all((rows.length ? rows.map((row) => row.id) : [undefined]).map((id) => visibleCustomer(ctx, id, info, true)));
      return found.filter((customer) => customer !== null);
    },

    /**
     * The disclosure records (seed 002 § 7) for auditors, newest first, filtered by customer, recipient and
     * time [from, to); `first` records after the record whose id is `after`. Logged as a read of DISCLOSURE_LOG of
     * each customer the answer names (the law's wrapper of root log fields, shared/src/graphql/permissions.ts).
     */
    disclosureLog: async (_: unknown, args: { customerId?: string; recipientId?: string; from?: Date; to?: Date; first?: number; after?: string }, ctx: Ctx) => {
      const first = args.first ?? 100;
      if (!Number.isInteger(first) || first < 1 || first > MAX_RECORDS) throw invalidInput('first', `must be between 1 and ${MAX_RECORDS}`);
      if (args.from && args.to && args.from.getTime() > args.to.getTime()) throw invalidInput('from', 'must not be after to');
      const where = {
        // A redacted record (its person deleted by the retention run) has nothing left to show.
        redactedContentDigest: null,
        ...(args.customerId ? { customerId: args.customerId.toLowerCase() } : {}),
        ...(args.recipientId ? { recipientId: args.recipientId } : {}),
        ...(args.from || args.to ? { disclosedAt: { ...(args.from ? { gte: args.from } : {}), ...(args.to ? { lt: args.to } : {}) } } : {}),
      };
      let older = {};
      if (args.after) {
        const anchor = RECORD_ID.test(args.after.toLowerCase())
          ? await ctx.db.disclosureRecord.findUnique({ where: { id: args.after.toLowerCase() }, select: { id: true, disclosedAt: true } }) : null;
        if (!anchor) throw invalidInput('after', 'is not the id of a disclosure record');
        older = { OR: [{ disclosedAt: { lt: anchor.disclosedAt } }, { disclosedAt: anchor.disclosedAt, id: { lt: anchor.id } }] };
      }
      return ctx.db.disclosureRecord.findMany({ where: { AND: [where, older] }, orderBy: [{ disclosedAt: 'desc' }, { id: 'desc' }], take: first });
    },

    caseload: async (_: unknown, args: { first?: number; after?: string }, ctx: Ctx) => {
      const first = args.first ?? 50;
      if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE) throw invalidInput('first', `must be between 0 and ${MAX_PAGE}`);
      const after = args.after ? decodeCursor(args.after) : undefined;
      // The officials whose period goes on (an ended period keeps its row: issue 10). One statement gives
      // both the page and the total: a caseload is a few hundred ids at most (about 125), and a separate
      // COUNT cost as much CPU in the embedded database as the page itself (issue 11). The same statement
      // reads the customers' restrictions in force, which the rules would otherwise look up apart.
      const { ids: assigned, restrictions, homeMunicipalities } = await caseloadWithRestrictions(ctx.db, ctx.actor.id, ctx.actor.organisationKind);
      for (const [customerId, terms] of restrictions) ctx.law.knowRestrictions(customerId, terms);
      // Only customers the official may know (their own area's, issue 9) are counted and paged: an assignment
      // across areas would otherwise show in the count and in hasNextPage that somebody the official may not
      // know has them as responsible official (621/1999 § 24; review 7, L1). The same statement read the areas.
      for (const [customerId, municipality] of homeMunicipalities) ctx.law.knowHomeMunicipality(customerId, municipality);
      const mayKnow = await Promise.all(assigned.map((id) => ctx.law.mayKnow(id)));
      const ids = assigned.filter((_, i) => mayKnow[i]);
      const totalCount = ids.length;
      // After the cursor's customer; if they have left the caseload since, after where they would be (ids
      // are lower-case UUIDs of one shape: JavaScript's order is the database's in any collation).
      const at = after ? ids.indexOf(after) : -1;
      const start = !after ? 0 : at >= 0 ? at + 1 : ids.findIndex((id) => id > after);
      const rest = start < 0 ? [] : ids.slice(start);
      const customers = await ctx.loaders.customer.loadMany(rest.slice(0, first));
      // Only customers the official may know, once more on the rows just loaded (a customer who moved to
      // another area since the statement above is not shown).
      for (const node of customers) if (node && !(node instanceof Error)) ctx.law.knowHomeMunicipality(node.id, node.homeMunicipality);
      const knowable = await Promise.all(customers.map((node) => (node && !(node instanceof Error) ? ctx.law.mayKnow(node.id) : false)));
      const edges = customers.flatMap((node, i) => (knowable[i] && node && !(node instanceof Error) ? [{ cursor: encodeCursor(node.id), node }] : []));
      await prefetchCaseloadRows(ctx, edges.map((edge) => edge.node.id));
      return {
        edges,
        totalCount,
        pageInfo: { hasNextPage: rest.length > first, endCursor: edges.at(-1)?.cursor ?? null },
      };
    },
  },

  Mutation: {
    recordConsent: withFollowUp(async (_: unknown, { input }: { input: Parameters<typeof validateNewConsent>[0] }, ctx: MCtx) => {
      const data = validateNewConsent(input);
      // A former customer's data is only kept (case-resolvers.ts requireOpen): no new consent discloses it.
      await openCustomerOf(ctx, data.customerId);
      await requireSayOverConsent(ctx, data.customerId, data, data.categories);
      const id = randomUUID();
      // The consent and its first version belong together: both or neither.
      const created = await overlapWorded(ctx, () => ctx.idempotency.transaction(async (tx) => {
        await refuseOverlappingConsent(tx, data, 'recipientOrganisationId');
        const made = await tx.consent.create({ data: { ...data, id, recordedBy: ctx.actor.id, storedByAuthority: authorityOf(ctx), version: 1 } });
        await tx.consentVersion.create({ data: versionOf({ ...data, id, status: 'GIVEN', version: 1 }, 'GIVEN', data.method, ctx) });
        return made;
      }));
      return recordedConsentAnswer(created, ctx);
    }, recordedConsentAnswer),

    changeConsent: withFollowUp(async (_: unknown, { input }: { input: Parameters<typeof validateConsentChange>[1] & { customerId: string; consentId: string; method?: ConsentMethod | null } }, ctx: MCtx) => {
      const consent = await consentOf(ctx, input.customerId, input.consentId);
      if (!consentInForce(consent)) throw invalidInput('consentId', 'the consent is not in force; record a new consent instead');
      // Nor is a consent widened or extended once the customership has ended; it can still be withdrawn.
      await openCustomerOf(ctx, consent.customerId);
      const data = validateConsentChange(consent, input);
      // The old terms and the new ones both fall under the controllers' say: narrowing a consent to an
      // A-clinic is still a decision on substance-abuse data.
      await requireSayOverConsent(ctx, consent.customerId, { ...consent, ...data }, [...new Set([...consent.categories, ...(data.categories ?? [])])]);
      return changedConsentAnswer(await changeWithVersion(ctx, consent, data, 'CHANGED', input.method ?? consent.method), ctx);
    }, changedConsentAnswer),

    withdrawConsent: withFollowUp(async (_: unknown, { input }: { input: { customerId: string; consentId: string; method?: ConsentMethod | null } }, ctx: MCtx) => {
      const consent = await consentOf(ctx, input.customerId, input.consentId);
      // GDPR art. 7(3): the customer withdraws any consent of their own; an official withdraws on the
      // customer's instruction, a consent whose recipient reveals treatment or the social situation (prison
      // services) only with a role that may see it.
      if (!isCustomer(ctx.actor)) for (const category of consentRestrictions(consent)) await ctx.law.requireWrite(category, consent.customerId);
      if (consent.status === 'WITHDRAWN') return consent;
      const method = input.method ?? (isCustomer(ctx.actor) ? 'ELECTRONIC' : 'ORAL_RECORDED');
      return changedConsentAnswer(await changeWithVersion(ctx, consent, { status: 'WITHDRAWN', withdrawnAt: new Date(), withdrawnBy: ctx.actor.id, withdrawnByAuthority: authorityOf(ctx) }, 'WITHDRAWN', method), ctx);
    }, changedConsentAnswer),

    recordMeeting: async (_: unknown, { input }: { input: Parameters<typeof validateMeeting>[0] }, ctx: MCtx) => {
      const data = validateMeeting(input);
      return openCustomerTransaction(ctx, data.customerId, (tx) => tx.meeting.create({
        data: { ...data, id: randomUUID(), recordedBy: ctx.actor.id, storedByAuthority: ctx.actor.organisationKind as 'EMPLOYMENT' },
      }));
    },

    recordPlanReview: async (_: unknown, { input }: { input: Parameters<typeof validatePlanReview>[0] }, ctx: MCtx) => {
      const { review, nextReviewOn } = validatePlanReview(input);
      await openCustomerOf(ctx, review.customerId);
      const plan = await ctx.db.employmentPlan.findUnique({ where: { customerId: review.customerId } });
      if (!plan) throw invalidInput('customerId', 'the customer has no employment plan');
      // The review and the plan's next review date belong together: both or neither.
      return openCustomerTransaction(ctx, review.customerId, async (tx) => {
        const created = await tx.planReview.create({ data: { ...review, id: randomUUID(), recordedBy: ctx.actor.id, storedByAuthority: ctx.actor.organisationKind as 'EMPLOYMENT' } });
        await tx.employmentPlan.update({ where: { id: plan.id }, data: { nextReviewOn: nextReviewOn ?? plan.nextReviewOn, updatedAt: new Date() } });
        return created;
      });
    },

    ...caseMutations,
  },

  Customer: {
    __resolveReference: async (ref: { id?: unknown }, ctx: Ctx, info: GraphQLResolveInfo) => {
      const known = await customerReference(ref, ctx, info);
      return known && ctx.loaders.customer.load(known.id);
    },
    customership: (c: Customer) => ({
      customerId: c.id, startedOn: c.customershipStartedOn, endedOn: c.customershipEndedOn,
      endReason: c.customershipEndReason, youthService: c.youthService,
    }),
    referralNotes: (c: Customer, _: unknown, ctx: Ctx) => ctx.loaders.referralNotes.load(c.id),
    meetings: (c: Customer, _: unknown, ctx: Ctx) => loadedOrLoad(ctx.loaders.meetings, c.id),
    // Each consent is served in exactly one field, by what its recipient and purpose reveal (shared/src/law/consents.ts):
    // nothing (consents), health care, rehabilitation or a disability assessment (sensitiveConsents), substance-abuse
    // services (substanceAbuseConsents), the social situation, i.e. imprisonment (socialSituationConsents; review 7
    // M3). The shield guards each field by its category.
    consents: consentsServedIn(null),
    sensitiveConsents: consentsServedIn('JOINT_SENSITIVE_CONSENTS'),
    substanceAbuseConsents: consentsServedIn('JOINT_SUBSTANCE_ABUSE_CONSENTS'),
    socialSituationConsents: consentsServedIn('JOINT_SOCIAL_SITUATION_CONSENTS'),
    education: (c: Customer, _: unknown, ctx: Ctx) => ctx.loaders.education.load(c.id),
    workHistory: (c: Customer, _: unknown, ctx: Ctx) => ctx.loaders.workHistory.load(c.id),
    situationAssessments: (c: Customer, _: unknown, ctx: Ctx) => ctx.loaders.situationAssessments.load(c.id),
    employmentPlan: (c: Customer, _: unknown, ctx: Ctx) => loadedOrLoad(ctx.loaders.employmentPlan, c.id),
    services: (c: Customer, _: unknown, ctx: Ctx) => loadedOrLoad(ctx.loaders.services, c.id),
    disclosures: (c: Customer, _: unknown, ctx: Ctx) => ctx.loaders.disclosures.load(c.id),
    // Current and versioned rows: specialArrangements, responsibleOfficials, socialSituation, healthAndWorkCapacity, serviceNeedAssessment, histories.
    ...caseResolvers.Customer,
  },

  Customership: caseResolvers.Customership,
  ContactDetailsChange: caseResolvers.ContactDetailsChange,
  EmploymentPlanVersion: caseResolvers.EmploymentPlanVersion,
  CustomerService: caseResolvers.CustomerService,

  Meeting: {
    // Participants are kept as JSON on the meeting; each carries the customer id for the access rules.
    participants: (m: Meeting) => (m.participants as Record<string, unknown>[]).map((p) => ({ ...p, customerId: m.customerId })),
    ...caseResolvers.Meeting,
  },

  Consent: {
    inForce: (c: Consent) => consentInForce(c),
    storedBy: (c: Consent) => c.recordedBy,
    history: (c: Consent, _: unknown, ctx: Ctx) => ctx.loaders.consentVersions.load(c.id),
    termsAt: async (c: Consent, { at }: { at: Date }, ctx: Ctx) => versionAt(await ctx.loaders.consentVersions.load(c.id), at),
  },

  DisclosureRecord: {
    // The version in force when the record was made (records are written before the data leaves, so
    // this is the version the disclosure was decided under unless the consent changed in the same instant).
    consentVersion: async (d: DisclosureRecord, _: unknown, ctx: Ctx) =>
      (d.consentId ? versionAt(await ctx.loaders.consentVersions.load(d.consentId), d.disclosedAt)?.version ?? null : null),
  },

  ConsentVersion: {
    storedBy: (v: ConsentVersion) => v.recordedBy,
  },

  PlanReview: {
    storedBy: (r: PlanReview) => r.recordedBy,
  },

  EmploymentPlan: {
    reviews: (p: EmploymentPlan, _: unknown, ctx: Ctx) => loadedOrLoad(ctx.loaders.planReviews, p.customerId),
    ...caseResolvers.EmploymentPlan,
  },
};

/**
 * The kinds of rows a caseload page shows of each customer, by the field that shows them (type, field) and the
 * loader that reads them (keyed by customer id).
 */
const CASELOAD_ROWS: readonly (readonly [string, string, (loaders: Loaders) => DataLoader<string, unknown>])[] = [
  ['Customer', 'responsibleOfficials', (l) => l.responsibleOfficials],
  ['Customer', 'serviceNeedAssessment', (l) => l.serviceNeedAssessmentVersions],
  ['Customer', 'employmentPlan', (l) => l.employmentPlan],
  ['EmploymentPlan', 'reviews', (l) => l.planReviews],
  ['Customer', 'services', (l) => l.services],
  ['Customer', 'meetings', (l) => l.meetings],
];

/**
 * Reads the rows of the page's customers that the operation asks (issue 11), before graphql-js completes the
 * page: the same loaders and batches as the fields' own resolvers would start (all in one turn, so one folded
 * statement: the plan reviews no longer wait for the plans; prefetchRows, without a promise per customer), but
 * done before the customers' fields are resolved, so that those answer synchronously (loadedOrLoad) instead of
 * each customer's object being completed through promises. Reading is not releasing: each field is still decided by the law, logged, and answered or
 * refused as before. Per request only (the loaders are). A failed batch is left to the fields, which fail as
 * before.
 */
async function prefetchCaseloadRows(ctx: Ctx, customerIds: string[]) {
  const selected = ctx.selection?.byType;
  if (!selected || customerIds.length === 0) return;
  await Promise.all(CASELOAD_ROWS.filter(([type, field]) => selected.get(type)?.has(field)).map(([, , loader]) => prefetchRows(loader(ctx.loaders), customerIds)));
}

/** The version of `versions` (oldest first) in force at `at`: the newest recorded at or before it. */
function versionAt(versions: ConsentVersion[], at: Date) {
  return versions.filter((v) => v.recordedAt.getTime() <= at.getTime()).at(-1) ?? null;
}

type Terms = Pick<Consent, 'id' | 'customerId' | 'recipientType' | 'recipientOrganisationId' | 'recipientOrganisationName' | 'categories' | 'purpose' | 'validFrom' | 'validUntil' | 'status' | 'version'>;

/**
 * The authority of the acting official (seed 003 Liite 7 § 1: each joint controller answers for what it
 * stored); null when the customer acts themselves (e.g. withdraws a consent in the e-service).
 */
function authorityOf(ctx: Ctx): Authority | null {
  return isAuthority(ctx.actor) ? ctx.actor.organisationKind : null;
}

function versionOf(terms: Terms, change: ConsentChange, method: ConsentMethod, ctx: Ctx) {
  return {
    id: randomUUID(), consentId: terms.id, customerId: terms.customerId, version: terms.version, change,
    recipientType: terms.recipientType, recipientOrganisationId: terms.recipientOrganisationId, recipientOrganisationName: terms.recipientOrganisationName,
    categories: terms.categories, purpose: terms.purpose, validFrom: terms.validFrom, validUntil: terms.validUntil, status: terms.status,
    method, recordedBy: ctx.actor.id, storedByAuthority: authorityOf(ctx),
  };
}

/**
 * A change makes a new version: the consent's present terms and the version row are written in one
 * transaction, and only if nobody changed the consent in between (the version number is the check).
 */
async function changeWithVersion(ctx: MCtx, consent: Consent, data: Partial<Consent>, change: ConsentChange, method: ConsentMethod) {
  const next = { ...consent, ...data, version: consent.version + 1 };
  try {
    const updated = await overlapWorded(ctx, () => ctx.idempotency.transaction(async (tx) => {
      // A withdrawal ends a consent; any other change keeps it one of its kind (refuseOverlappingConsent).
      if (change !== 'WITHDRAWN') await refuseOverlappingConsent(tx, next, 'consentId', consent.id);
      const written = await tx.consent.update({ where: { id: consent.id, version: consent.version }, data: { ...data, version: next.version } });
      await tx.consentVersion.create({ data: versionOf(next, change, method, ctx) });
      return written;
    }));
    // The versions read before the change (consentOf) are not the consent's history any more: the answer reads them again.
    ctx.loaders.consentVersions.clear(consent.id);
    return updated;
  } catch (error) {
    if ((error as { code?: string }).code === 'P2025' || (error as { code?: string }).code === 'P2002') {
      throw invalidInput('consentId', 'the consent was changed by another request; read it again and retry');
    }
    throw error;
  }
}

/**
 * Each controller's say over its own data (seed 000 § 10; seed 003 Liite 7 § 1), for a consent with
 * these terms covering `categories`: a consent naming a recipient or purpose that reveals treatment or the
 * social situation (prison services) is written only by roles that may see such consents; a category of an authority's own register only by an
 * official of that authority who may read it (joint-register categories by any official of the joint
 * service, who got here). Refused with FORBIDDEN naming the categories (the caller's own input).
 */
async function requireSayOverConsent(ctx: Ctx, customerId: string, terms: { recipientType: string; purpose: string }, categories: string[]) {
  if (!isAuthority(ctx.actor)) throw forbidden();
  for (const category of consentRestrictions(terms)) await ctx.law.requireWrite(category, customerId);
  const refused: string[] = [];
  for (const category of categories as CategoryName[]) {
    if (!controllerMayConsent(ctx.actor, category) || !(await ctx.law.allows(category, customerId, 'read'))) refused.push(category);
  }
  if (refused.length > 0) {
    // Each an attempt on that category, besides the field's (idempotentMutation): the log names the data asked for.
    for (const category of refused) if (isCategoryName(category)) ctx.law.refusedWriteAttempt(customerId, category);
    throw new GraphQLError(
      `Only an official of the authority that keeps them, whose role certificate entitles them to read them, may record a consent covering ${refused.join(', ')}`,
      { extensions: { code: 'FORBIDDEN', field: 'categories' } },
    );
  }
}

/** One answer for no such consent, another person's, and one the caller may not see (consentOf, changedConsentAnswer). */
const NOT_A_CONSENT_OF_THE_CUSTOMER = 'is not a consent of the customer that customerId names';

/**
 * The answer of a consent write: the consent, only to a caller who may see it, else `refusal()` (an official
 * refused a category is logged as an attempt to write it, as in consentOf). The first answer was checked before
 * the write (consentOf, requireSayOverConsent); a repeat with the same idempotency key answers the stored
 * consent through this follow-up, and the same subject may since hold other roles: a supervisor's token with
 * the social worker's subject got a prison consent's terms (review 10, L2). A customer sees only their own.
 */
async function consentAnswer(outcome: unknown, ctx: Ctx, refusal: () => Error): Promise<unknown> {
  const consent = outcome as Consent | null;
  if (!consent) return outcome;
  if (isCustomer(ctx.actor)) {
    if (consent.customerId !== ctx.actor.customerId) throw refusal();
    return outcome;
  }
  if (!(await officialMayActOnConsent(ctx, consent.customerId, consent))) throw refusal();
  return outcome;
}

/**
 * May the official act on (change, withdraw, be answered with) this consent of `customerId`? Only one whose recipient
 * or purpose reveals nothing they may not see (consentRestrictions, each decided as a write) and that names, now or in
 * its history, no restricted category they may not read (withoutUnreadableCategories). Refusals are logged as attempts.
 */
async function officialMayActOnConsent(ctx: Ctx, customerId: string, consent: Consent): Promise<boolean> {
  for (const category of consentRestrictions(consent)) {
    if (!(await ctx.law.decide(category, customerId, 'write')).allowed) return false;
  }
  return (await withoutUnreadableCategories(ctx, customerId, [consent])).length > 0;
}
// As requireSayOverConsent refuses a new consent, and consentOf a consent the caller may not see.
function recordedConsentAnswer(outcome: unknown, ctx: unknown) { return consentAnswer(outcome, ctx as Ctx, forbidden); }
function changedConsentAnswer(outcome: unknown, ctx: unknown) { return consentAnswer(outcome, ctx as Ctx, () => invalidInput('consentId', NOT_A_CONSENT_OF_THE_CUSTOMER)); }

/**
 * The resolver of the customer's consent list guarded by `field` (null: `consents`, JOINT_CONSENTS): the consents
 * whose first restricted category (consentRestrictions) is `field`, so that each is served in exactly one list. Terms
 * that reveal more than one kind (no valid consent has them) need every one: such a consent is shown only to a caller
 * who may also read the others, each asked of the law and logged as a use or an attempt, as for the field itself.
 */
function consentsServedIn(field: (typeof RESTRICTED_CONSENT_CATEGORIES)[number] | null) {
  return async (c: Customer, _: unknown, ctx: Ctx) => {
    const served = (await ctx.loaders.consents.load(c.id)).filter((k) => (consentRestrictions(k)[0] ?? null) === field);
    const others = [...new Set(served.flatMap((k) => consentRestrictions(k).slice(1)))];
    if (others.length === 0) return withoutUnreadableCategories(ctx, c.id, served);
    const allowed = new Set<string>();
    for (const category of others) if ((await ctx.law.decide(category, c.id, 'read')).allowed) allowed.add(category);
    return withoutUnreadableCategories(ctx, c.id, served.filter((k) => consentRestrictions(k).slice(1).every((category) => allowed.has(category))));
  };
}

/**
 * `consents` of the customer `customerId` without those that name, now or in an earlier version (their history), a
 * restricted category the caller may not read of the customer (restrictedCategoriesNamed): each category decided
 * once, only when a consent names it, a refusal logged as an attempt. The data subject sees all of their own.
 * Rejects when the versions cannot be read (the consents are then not served at all).
 */
async function withoutUnreadableCategories(ctx: Ctx, customerId: string, consents: Consent[]): Promise<Consent[]> {
  if (isCustomer(ctx.actor) || consents.length === 0) return consents;
  const versions = await ctx.loaders.consentVersions.loadMany(consents.map((k) => k.id));
  const named = new Map(consents.map((k, i) => {
    const history = versions[i];
    if (history instanceof Error) throw history;
    return [k, restrictedCategoriesNamed([...k.categories, ...history.flatMap((v) => v.categories)])] as const;
  }));
  return readableOnly(ctx, customerId, consents, (k) => named.get(k)!);
}

/**
 * The consent `consentId` of the customer `customerId`, for a change or a withdrawal, before anything else is
 * checked of it. Throws BAD_USER_INPUT naming consentId, one answer alike for no such consent, another
 * person's consent, and (for an official) a consent whose recipient or purpose reveals what the official may
 * not see: health care, rehabilitation, substance-abuse services, imprisonment (JOINT_SENSITIVE_CONSENTS,
 * JOINT_SUBSTANCE_ABUSE_CONSENTS, JOINT_SOCIAL_SITUATION_CONSENTS; shared/src/law/consents.ts), or that names, now or in its
 * history, a restricted category the official may not read (withoutUnreadableCategories). Such a refusal is logged
 * as an attempt on that category (906/2019 § 17). Checked first: the validation of the new terms against the stored
 * ones answered from the stored consent and told the purpose, whether it is in force and its dates (review 9, M1).
 */
async function consentOf(ctx: Ctx, customerId: string, consentId: string) {
  const customer = requireId('customerId', customerId);
  const consent = await ctx.db.consent.findUnique({ where: { id: requireId('consentId', consentId) } });
  // One answer for "no such consent" and "another person's consent": a caller must not learn from the error
  // that a consent id exists, nor whose it is (secrecy of customership, DOMAIN.md rule 1).
  const notOne = () => invalidInput('consentId', NOT_A_CONSENT_OF_THE_CUSTOMER);
  if (!consent || consent.customerId !== customer) throw notOne();
  // The customer may change or withdraw any consent of their own; an official only one they may see.
  if (!isCustomer(ctx.actor) && !(await officialMayActOnConsent(ctx, customer, consent))) throw notOne();
  return consent;
}
