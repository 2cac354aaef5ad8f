// Resolvers of the joint register. Authorization is not here: the shield derived from the field
// classification guards every field; resolvers only fetch (through loaders) and validate input.
import { randomUUID } from 'node:crypto';
import { checkPersonalIdentityCode } from '@cg/shared/src/hetu';
import { forbidden, invalidInput } from '@cg/shared/src/graphql/errors';
import type { SubgraphContext } from '@cg/shared/src/graphql/subgraph';
import { requireId } from '@cg/shared/src/validation';
import { consentInForce } from '@cg/shared/src/law/rules';
import { consentIsSensitive, controllerMayConsent } from '@cg/shared/src/law/consents';
import type { CategoryName } from '@cg/shared/src/law/categories';
import { isAuthority, isCustomer } from '@cg/shared/src/auth/actor';
import { GraphQLError } from 'graphql';
import { validateConsentChange, validateNewConsent } from './consent-validation';
import { validateMeeting, validatePlanReview } from './input-validation';
import type { PrismaClient } from './generated/prisma/client';
import type { Customer, Meeting, Consent, ConsentVersion, DisclosureRecord, EmploymentPlan } from './generated/prisma/client';
import type { ConsentChange, ConsentMethod } from './generated/prisma/enums';
import type { Loaders } from './loaders';

type Ctx = SubgraphContext<PrismaClient, Loaders>;

/** A caseload page holds at most this many customers (a whole caseload is about 125). */
const MAX_PAGE = 1000;

const encodeCursor = (customerId: string) => Buffer.from(`customer:${customerId}`).toString('base64url');
function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!decoded.startsWith('customer:')) throw invalidInput('after', 'is not a cursor returned by caseload');
  return decoded.slice('customer:'.length);
}

/** Secrecy of customership: a caller who may not know of the person gets what a non-customer gets. */
async function visibleCustomer(ctx: Ctx, id: string) {
  if (!(await ctx.law.mayKnow(id))) return null;
  return ctx.loaders.customer.load(id);
}

export const resolvers = {
  Query: {
    customer: (_: unknown, { id }: { id: string }, ctx: Ctx) => visibleCustomer(ctx, id),

    customerByPersonalIdentityCode: async (_: unknown, { personalIdentityCode }: { personalIdentityCode: string }, ctx: Ctx) => {
      const check = checkPersonalIdentityCode(personalIdentityCode.trim().toUpperCase());
      if (!check.valid) throw invalidInput('personalIdentityCode', check.reason);
      const found = await ctx.db.customer.findUnique({ where: { personalIdentityCode: personalIdentityCode.trim().toUpperCase() }, select: { id: true } });
      return found ? visibleCustomer(ctx, found.id) : null;
    },

    caseload: async (_: unknown, args: { first?: number; after?: string }, ctx: Ctx) => {
      const first = args.first ?? 50;
      if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE) throw invalidInput('first', `must be between 0 and ${MAX_PAGE}`);
      const after = args.after ? decodeCursor(args.after) : undefined;
      const where = { officialId: ctx.actor.id };
      const [rows, totalCount] = await Promise.all([
        ctx.db.responsibleOfficial.findMany({
          where: after ? { ...where, customerId: { gt: after } } : where,
          orderBy: { customerId: 'asc' },
          take: first + 1,
          select: { customerId: true },
        }),
        ctx.db.responsibleOfficial.count({ where }),
      ]);
      const page = rows.slice(0, first);
      const customers = await ctx.loaders.customer.loadMany(page.map((r) => r.customerId));
      // Only customers the official may know (their own area's, issue 9): an assignment across areas would
      // otherwise show another area's customer, their id at least (in the cursor).
      const knowable = await Promise.all(customers.map((node) => (node && !(node instanceof Error) ? ctx.law.mayKnow(node.id) : false)));
      const edges = customers.flatMap((node, i) => (knowable[i] && node && !(node instanceof Error) ? [{ cursor: encodeCursor(node.id), node }] : []));
      return {
        edges,
        totalCount,
        pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
      };
    },
  },

  Mutation: {
    recordConsent: async (_: unknown, { input }: { input: Parameters<typeof validateNewConsent>[0] }, ctx: Ctx) => {
      const data = validateNewConsent(input);
      await requireCustomer(ctx, data.customerId);
      await requireSayOverConsent(ctx, data.customerId, data, data.categories);
      const id = randomUUID();
      // The consent and its first version belong together: both or neither.
      const [created] = await ctx.db.$transaction([
        ctx.db.consent.create({ data: { ...data, id, recordedBy: ctx.actor.id, version: 1 } }),
        ctx.db.consentVersion.create({ data: versionOf({ ...data, id, status: 'GIVEN', version: 1 }, 'GIVEN', data.method, ctx.actor.id) }),
      ]);
      return created;
    },

    changeConsent: async (_: unknown, { input }: { input: Parameters<typeof validateConsentChange>[1] & { customerId: string; consentId: string; method?: ConsentMethod | null } }, ctx: Ctx) => {
      const consent = await consentOf(ctx, input.customerId, input.consentId);
      if (!consentInForce(consent)) throw invalidInput('consentId', 'the consent is not in force; record a new consent instead');
      const data = validateConsentChange(consent, input);
      // The old terms and the new ones both fall under the controllers' say: narrowing a consent to an
      // A-clinic is still a decision on substance-abuse data.
      await requireSayOverConsent(ctx, consent.customerId, { ...consent, ...data }, [...new Set([...consent.categories, ...(data.categories ?? [])])]);
      return changeWithVersion(ctx, consent, data, 'CHANGED', input.method ?? consent.method);
    },

    withdrawConsent: async (_: unknown, { input }: { input: { customerId: string; consentId: string; method?: ConsentMethod | null } }, ctx: Ctx) => {
      const consent = await consentOf(ctx, input.customerId, input.consentId);
      // GDPR art. 7(3): the customer withdraws any consent of their own; an official withdraws on the
      // customer's instruction, a consent whose recipient reveals treatment only with a role that may see it.
      if (!isCustomer(ctx.actor) && consentIsSensitive(consent)) await ctx.law.requireWrite('JOINT_SENSITIVE_CONSENTS', consent.customerId);
      if (consent.status === 'WITHDRAWN') return consent;
      const method = input.method ?? (isCustomer(ctx.actor) ? 'ELECTRONIC' : 'ORAL_RECORDED');
      return changeWithVersion(ctx, consent, { status: 'WITHDRAWN', withdrawnAt: new Date(), withdrawnBy: ctx.actor.id }, 'WITHDRAWN', method);
    },

    recordMeeting: async (_: unknown, { input }: { input: Parameters<typeof validateMeeting>[0] }, ctx: Ctx) => {
      const data = validateMeeting(input);
      await requireCustomer(ctx, data.customerId);
      return ctx.db.meeting.create({ data: { ...data, id: randomUUID(), recordedBy: ctx.actor.id } });
    },

    recordPlanReview: async (_: unknown, { input }: { input: Parameters<typeof validatePlanReview>[0] }, ctx: Ctx) => {
      const { review, nextReviewOn } = validatePlanReview(input);
      const plan = await ctx.db.employmentPlan.findUnique({ where: { customerId: review.customerId } });
      if (!plan) throw invalidInput('customerId', 'the customer has no employment plan');
      // The review and the plan's next review date belong together: both or neither.
      const [created] = await ctx.db.$transaction([
        ctx.db.planReview.create({ data: { ...review, id: randomUUID(), recordedBy: ctx.actor.id } }),
        ctx.db.employmentPlan.update({ where: { id: plan.id }, data: { nextReviewOn: nextReviewOn ?? plan.nextReviewOn, updatedAt: new Date() } }),
      ]);
      return created;
    },
  },

  Customer: {
    __resolveReference: (ref: { id: string }, ctx: Ctx) => ctx.loaders.customer.load(ref.id),
    customership: (c: Customer) => ({
      customerId: c.id, startedOn: c.customershipStartedOn, endedOn: c.customershipEndedOn,
      endReason: c.customershipEndReason, youthService: c.youthService,
    }),
    specialArrangements: (c: Customer, _: unknown, ctx: Ctx) => ctx.loaders.specialArrangements.load(c.id),
    referralNotes: (c: Customer, _: unknown, ctx: Ctx) => ctx.loaders.referralNotes.load(c.id),
    responsibleOfficials: (c: Customer, _: unknown, ctx: Ctx) => ctx.loaders.responsibleOfficials.load(c.id),
    meetings: (c: Customer, _: unknown, ctx: Ctx) => ctx.loaders.meetings.load(c.id),
    consents: async (c: Customer, _: unknown, ctx: Ctx) => (await ctx.loaders.consents.load(c.id)).filter((k) => !consentIsSensitive(k)),
    sensitiveConsents: async (c: Customer, _: unknown, ctx: Ctx) => (await ctx.loaders.consents.load(c.id)).filter(consentIsSensitive),
    education: (c: Customer, _: unknown, ctx: Ctx) => ctx.loaders.education.load(c.id),
    workHistory: (c: Customer, _: unknown, ctx: Ctx) => ctx.loaders.workHistory.load(c.id),
    socialSituation: (c: Customer, _: unknown, ctx: Ctx) => ctx.loaders.socialSituation.load(c.id),
    healthAndWorkCapacity: (c: Customer, _: unknown, ctx: Ctx) => ctx.loaders.healthAndWorkCapacity.load(c.id),
    serviceNeedAssessment: (c: Customer, _: unknown, ctx: Ctx) => ctx.loaders.serviceNeedAssessment.load(c.id),
    situationAssessments: (c: Customer, _: unknown, ctx: Ctx) => ctx.loaders.situationAssessments.load(c.id),
    employmentPlan: (c: Customer, _: unknown, ctx: Ctx) => ctx.loaders.employmentPlan.load(c.id),
    services: (c: Customer, _: unknown, ctx: Ctx) => ctx.loaders.services.load(c.id),
    disclosures: (c: Customer, _: unknown, ctx: Ctx) => ctx.loaders.disclosures.load(c.id),
  },

  Meeting: {
    // Participants are kept as JSON on the meeting; each carries the customer id for the access rules.
    participants: (m: Meeting) => (m.participants as Record<string, unknown>[]).map((p) => ({ ...p, customerId: m.customerId })),
  },

  Consent: {
    inForce: (c: Consent) => consentInForce(c),
    history: (c: Consent, _: unknown, ctx: Ctx) => ctx.loaders.consentVersions.load(c.id),
    termsAt: async (c: Consent, { at }: { at: Date }, ctx: Ctx) => versionAt(await ctx.loaders.consentVersions.load(c.id), at),
  },

  DisclosureRecord: {
    // The version in force when the record was made (records are written before the data leaves, so
    // this is the version the disclosure was decided under unless the consent changed in the same instant).
    consentVersion: async (d: DisclosureRecord, _: unknown, ctx: Ctx) =>
      versionAt(await ctx.loaders.consentVersions.load(d.consentId), d.disclosedAt)?.version ?? null,
  },

  EmploymentPlan: {
    reviews: (p: EmploymentPlan, _: unknown, ctx: Ctx) => ctx.loaders.planReviews.load(p.customerId),
  },
};

// An id that names no row is bad input to a write: the error names the field (the callers are
// authorities, who may know every customer).
async function requireCustomer(ctx: Ctx, customerId: string) {
  if (!(await ctx.loaders.customer.load(customerId))) throw invalidInput('customerId', 'is not a customer of the joint service');
}

/** The version of `versions` (oldest first) in force at `at`: the newest recorded at or before it. */
function versionAt(versions: ConsentVersion[], at: Date) {
  return versions.filter((v) => v.recordedAt.getTime() <= at.getTime()).at(-1) ?? null;
}

type Terms = Pick<Consent, 'id' | 'customerId' | 'recipientType' | 'recipientOrganisationId' | 'recipientOrganisationName' | 'categories' | 'purpose' | 'validFrom' | 'validUntil' | 'status' | 'version'>;

function versionOf(terms: Terms, change: ConsentChange, method: ConsentMethod, recordedBy: string) {
  return {
    id: randomUUID(), consentId: terms.id, customerId: terms.customerId, version: terms.version, change,
    recipientType: terms.recipientType, recipientOrganisationId: terms.recipientOrganisationId, recipientOrganisationName: terms.recipientOrganisationName,
    categories: terms.categories, purpose: terms.purpose, validFrom: terms.validFrom, validUntil: terms.validUntil, status: terms.status,
    method, recordedBy,
  };
}

/**
 * A change makes a new version: the consent's present terms and the version row are written in one
 * transaction, and only if nobody changed the consent in between (the version number is the check).
 */
async function changeWithVersion(ctx: Ctx, consent: Consent, data: Partial<Consent>, change: ConsentChange, method: ConsentMethod) {
  const next = { ...consent, ...data, version: consent.version + 1 };
  try {
    const [updated] = await ctx.db.$transaction([
      ctx.db.consent.update({ where: { id: consent.id, version: consent.version }, data: { ...data, version: next.version } }),
      ctx.db.consentVersion.create({ data: versionOf(next, change, method, ctx.actor.id) }),
    ]);
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
 * these terms covering `categories`: a consent naming a recipient or purpose that reveals treatment is
 * written only by roles that may see such consents; a category of an authority's own register only by an
 * official of that authority who may read it (joint-register categories by any official of the joint
 * service, who got here). Refused with FORBIDDEN naming the categories (the caller's own input).
 */
async function requireSayOverConsent(ctx: Ctx, customerId: string, terms: { recipientType: string; purpose: string }, categories: string[]) {
  if (!isAuthority(ctx.actor)) throw forbidden();
  if (consentIsSensitive(terms)) await ctx.law.requireWrite('JOINT_SENSITIVE_CONSENTS', customerId);
  const refused: string[] = [];
  for (const category of categories as CategoryName[]) {
    if (!controllerMayConsent(ctx.actor, category) || !(await ctx.law.allows(category, customerId, 'read'))) refused.push(category);
  }
  if (refused.length > 0) {
    throw new GraphQLError(
      `Only an official of the authority that keeps them, whose role certificate entitles them to read them, may record a consent covering ${refused.join(', ')}`,
      { extensions: { code: 'FORBIDDEN', field: 'categories' } },
    );
  }
}

async function consentOf(ctx: Ctx, customerId: string, consentId: string) {
  const customer = requireId('customerId', customerId);
  const consent = await ctx.db.consent.findUnique({ where: { id: requireId('consentId', consentId) } });
  if (!consent) throw invalidInput('consentId', 'is not a consent');
  if (consent.customerId !== customer) throw invalidInput('customerId', 'is not the customer of the consent');
  return consent;
}
