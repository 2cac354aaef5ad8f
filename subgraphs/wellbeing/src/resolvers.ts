// Resolvers of the wellbeing register. Authorization is not here: the shield derived from the field
// classification guards every field; resolvers only fetch (through loaders) and validate input. Every
// object handed down carries `customerId`, which the access rules read from the parent of each field.
import { randomUUID } from 'node:crypto';
import { invalidInput } from '@cg/shared/src/graphql/errors';
import { callRegister } from '@cg/shared/src/graphql/register-call';
import { subgraphUrlByName } from '@cg/shared/src/subgraphs';
import { GraphQLError } from 'graphql';
import type { SubgraphContext } from '@cg/shared/src/graphql/subgraph';
import { customerReference } from '@cg/shared/src/graphql/customer-entity';
import { selectsOwnFields } from '@cg/shared/src/graphql/loaders';
import { FollowUp, MutationContext, withFollowUp } from '@cg/shared/src/graphql/idempotency';
import {
  ActivationPlanReviewInput, WorkAbilityAssessmentInput, reviewedPlan, validateActivationPlanReview, validateWorkAbilityAssessment,
} from './input-validation';
import type { PrismaClient } from './generated/prisma/client';
import type { Loaders } from './loaders';
import { services } from './services';

type Ctx = SubgraphContext<PrismaClient, Loaders>;
/** A mutation's context: writes go through `ctx.idempotency.transaction` (shared/src/graphql/idempotency.ts). */
type MCtx = MutationContext<Ctx>;

const REFRESH_COPY = 'mutation RefreshActivationPlanCopy($input: RefreshEmploymentActivationPlanCopyInput!) { refreshEmploymentActivationPlanCopy(input: $input) { version } }';
type OfCustomer = { customerId: string };

/** A field of the register resolved by one of the per-request loaders keyed by customerId. */
const byCustomer = (loader: Exclude<keyof Loaders, 'client'>) =>
  (parent: OfCustomer, _: unknown, ctx: Ctx) => ctx.loaders[loader].load(parent.customerId);

/**
 * The plan is one plan (189/2001 § 12): the employment register's copy is made the same at once, from this
 * register's committed plan (it takes no content from here). When it cannot be, the change stands and the
 * caller is told so (COPY_NOT_REFRESHED), naming the mutation that refreshes the copy. A repeat of the review
 * (same key) writes nothing and tries the refresh again: it answers COPY_NOT_REFRESHED again while the copy
 * cannot be refreshed, and the plan once it is (shared/src/graphql/idempotency.ts `withFollowUp`).
 */
async function refreshCopy(changed: { customerId: string; version: number }, ctx: Pick<MCtx, 'authorization' | 'requestId' | 'log'> & { idempotency: { key: string } }) {
  try {
    // The copy's own write is idempotent too, under a key derived from this request's.
    await callRegister(subgraphUrlByName('employment'), ctx, REFRESH_COPY, { input: { idempotencyKey: `${ctx.idempotency.key}/refresh-copy`, customerId: changed.customerId } });
  } catch (error) {
    ctx.log.warn('activation plan copy not refreshed', { error: (error as Error).message });
    throw new GraphQLError(
      `The activation plan was changed (version ${changed.version}), but the employment register's copy could not be refreshed now; call refreshEmploymentActivationPlanCopy for the customer to refresh it.`,
      { extensions: { code: 'COPY_NOT_REFRESHED', register: 'employment' } },
    );
  }
  return changed;
}

export const resolvers = {
  Mutation: {
    recordWellbeingWorkAbilityAssessment: async (_: unknown, { input }: { input: WorkAbilityAssessmentInput }, ctx: MCtx) => {
      const data = validateWorkAbilityAssessment(input);
      if (!(await ctx.loaders.client.load(data.customerId))) throw invalidInput('customerId', 'is not a client of the wellbeing services county');
      return ctx.idempotency.transaction((tx) => tx.workAbilityAssessment.create({ data: { ...data, id: randomUUID(), recordedBy: ctx.actor.id } }));
    },

    reviewWellbeingActivationPlan: withFollowUp(async (_: unknown, { input }: { input: ActivationPlanReviewInput }, ctx: MCtx) => {
      const review = validateActivationPlanReview(input);
      // The review and the plan's new values belong together: both or neither. The plan row is locked
      // so that two reviews at once are checked against each other's results, not a stale plan.
      const changed = await ctx.idempotency.transaction(async (tx) => {
        await tx.$queryRaw`SELECT id FROM "ActivationPlan" WHERE "customerId" = ${review.customerId} FOR UPDATE`;
        const plan = await tx.activationPlan.findUnique({ where: { customerId: review.customerId } });
        if (!plan) throw invalidInput('customerId', 'the customer has no activation plan');
        const changes = reviewedPlan(plan, review);
        await tx.activationPlanReview.create({
          data: {
            id: randomUUID(), customerId: plan.customerId, planId: plan.id, reviewedOn: review.reviewedOn, outcome: review.outcome,
            goals: review.goals, nextReviewOn: review.nextReviewOn, periodEnd: review.periodEnd, reviewedBy: ctx.actor.id,
          },
        });
        return tx.activationPlan.update({ where: { id: plan.id }, data: { ...changes, updatedAt: new Date(), version: plan.version + 1 } });
      });
      return refreshCopy(changed, ctx);
    }, refreshCopy as FollowUp),

    ...services,
  },

  Customer: {
    // The wellbeing register holds no identity data: the reference is all it needs.
    __resolveReference: customerReference,
    // The client row (clientSince, serviceArea) only when the operation asks of it: the caseload does not.
    wellbeing: async (c: { id: string }, _: unknown, ctx: Ctx) =>
      (selectsOwnFields(ctx.selection, 'WellbeingRegister') ? await ctx.loaders.client.load(c.id) : null) ?? { customerId: c.id },
  },

  WellbeingRegister: {
    socialSituation: byCustomer('socialSituation'),
    socialWelfareServices: byCustomer('socialWelfareServices'),
    socialAssistanceDecisions: byCustomer('socialAssistanceDecisions'),
    healthVisits: byCustomer('healthVisits'),
    diagnoses: byCustomer('diagnoses'),
    carePlanNotes: byCustomer('carePlanNotes'),
    healthReferrals: byCustomer('healthReferrals'),
    substanceAbuseVisits: byCustomer('substanceAbuseVisits'),
    substanceAbuseTreatmentPeriods: byCustomer('substanceAbuseTreatmentPeriods'),
    workAbilityAssessments: byCustomer('workAbilityAssessments'),
    activationPlan: byCustomer('activationPlan'),
  },

  WellbeingActivationPlan: {
    // A customer has at most one plan, so its reviews and attendance days are loaded by customer.
    reviews: byCustomer('activationPlanReviews'),
    attendanceDays: byCustomer('attendanceDays'),
  },
};
