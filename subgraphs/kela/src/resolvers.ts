// Resolvers of Kela's register. Authorization is not here: the shield derived from the field
// classification guards every field; resolvers only fetch (through loaders) and validate input.
import { randomUUID } from 'node:crypto';
import { invalidInput, rowOfCustomer } from '@cg/shared/src/graphql/errors';
import { LIST_SIZE_MAXIMA } from '@cg/shared/src/graphql/limits';
import type { SubgraphContext } from '@cg/shared/src/graphql/subgraph';
import { customerReference } from '@cg/shared/src/graphql/customer-entity';
import type { MutationContext } from '@cg/shared/src/graphql/idempotency';
import {
  ConclusionInput, NewClarificationInput, isoDay, requireConcludedAfterStart, validateConclusion, validateNewClarification,
} from './input-validation';
import { Prisma } from './generated/prisma/client';
import type { BenefitDecision, BenefitPayment, PrimaryBenefitClarification, PrismaClient } from './generated/prisma/client';
import type { Loaders } from './loaders';
import { BenefitClass, benefitClass, decisions } from './decisions';

type Ctx = SubgraphContext<PrismaClient, Loaders>;
/** A mutation's context: writes go through `ctx.idempotency.transaction` (shared/src/graphql/idempotency.ts). */
type MCtx = MutationContext<Ctx>;

/** The register object of one customer: it carries only the customer id, which the access rules read. */
interface KelaRegister { customerId: string }

const MAX_PAYMENTS = LIST_SIZE_MAXIMA['KelaRegister.recentPayments'];


function paymentCount(first: number | null | undefined) {
  const count = first ?? 12;
  if (!Number.isInteger(count) || count < 1 || count > MAX_PAYMENTS) throw invalidInput('first', `must be between 1 and ${MAX_PAYMENTS}`);
  return count;
}

/** A register field listing one class of benefit decisions, newest application first (the loader's order). */
const decisionsOf = (benefits: BenefitClass) => async (r: KelaRegister, _: unknown, ctx: Ctx) =>
  (await ctx.loaders.benefits.load(r.customerId)).filter((b) => benefitClass(b) === benefits);

/** A register field listing the latest `first` payments (1-100, default 12) of one class of benefit, newest first. */
const paymentsOf = (benefits: BenefitClass) => async (r: KelaRegister, { first }: { first?: number | null }, ctx: Ctx) => {
  const count = paymentCount(first);
  return (await ctx.loaders.payments.load(r.customerId)).filter((p) => benefitClass(p) === benefits).slice(0, count);
};

const euros = (cents: number | null) => (cents === null ? null : cents / 100);

const isPrismaError = (error: unknown, code: string) =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === code;

const alreadyOpen = (startedOn?: Date) => invalidInput(
  'customerId',
  `the customer already has an open primary-benefit clarification${startedOn ? ` (started ${isoDay(startedOn)})` : ''}; conclude it before starting another`,
);

const decisionAmounts = {
  dailyAmount: (d: BenefitDecision) => euros(d.dailyAmountCents),
  monthlyAmount: (d: BenefitDecision) => euros(d.monthlyAmountCents),
};
const paymentAmount = { grossAmount: (p: BenefitPayment) => euros(p.grossAmountCents) };

export const resolvers = {
  Mutation: {
    recordKelaPrimaryBenefitClarification: async (_: unknown, { input }: { input: NewClarificationInput }, ctx: MCtx) => {
      const data = validateNewClarification(input);
      if (!(await ctx.loaders.kelaCustomer.load(data.customerId))) throw invalidInput('customerId', 'is not a Kela customer');
      const open = await ctx.db.primaryBenefitClarification.findUnique({ where: { openForCustomer: data.customerId } });
      if (open) throw alreadyOpen(open.startedOn);
      try {
        return await ctx.idempotency.transaction((tx) => tx.primaryBenefitClarification.create({
          data: { ...data, id: randomUUID(), openForCustomer: data.customerId, startedBy: ctx.actor.id },
        }));
      } catch (error) {
        // A concurrent request opened one after the check above: the unique index refused this one.
        if (isPrismaError(error, 'P2002')) throw alreadyOpen();
        throw error;
      }
    },

    concludeKelaPrimaryBenefitClarification: async (_: unknown, { input }: { input: ConclusionInput }, ctx: MCtx) => {
      const data = validateConclusion(input);
      const found = rowOfCustomer(await ctx.db.primaryBenefitClarification.findUnique({ where: { id: data.clarificationId } }), data.customerId, 'clarificationId', 'a primary-benefit clarification');
      if (!found.openForCustomer) {
        throw invalidInput('clarificationId', `the clarification was already concluded on ${found.concludedOn ? isoDay(found.concludedOn) : 'an earlier day'}`);
      }
      requireConcludedAfterStart(found.startedOn, data.concludedOn);
      try {
        // Only while still open, so that two concurrent conclusions cannot both succeed.
        return await ctx.idempotency.transaction((tx) => tx.primaryBenefitClarification.update({
          where: { id: found.id, openForCustomer: found.customerId },
          data: {
            openForCustomer: null, outcome: data.outcome, outcomeNote: data.outcomeNote,
            concludedOn: data.concludedOn, concludedBy: ctx.actor.id,
          },
        }));
      } catch (error) {
        if (isPrismaError(error, 'P2025')) throw invalidInput('clarificationId', 'the clarification was concluded by another request');
        throw error;
      }
    },

    ...decisions,
  },

  Customer: {
    // Kela's register keeps no customer table of the joint register's kind: the key is all it needs.
    __resolveReference: customerReference,
    kela: (c: { id: string }): KelaRegister => ({ customerId: c.id }),
  },

  KelaRegister: {
    serviceOffice: async (r: KelaRegister, _: unknown, ctx: Ctx) => (await ctx.loaders.kelaCustomer.load(r.customerId))?.serviceOffice ?? null,
    // Each list holds one class of benefit (./decisions.ts benefitClass), under its own category.
    benefits: decisionsOf('benefits'),
    healthBenefits: decisionsOf('health'),
    activationBenefits: decisionsOf('activation'),
    recentPayments: paymentsOf('benefits'),
    recentHealthBenefitPayments: paymentsOf('health'),
    recentActivationBenefitPayments: paymentsOf('activation'),
    rehabilitationDecisions: (r: KelaRegister, _: unknown, ctx: Ctx) => ctx.loaders.rehabilitationDecisions.load(r.customerId),
    primaryBenefitClarifications: (r: KelaRegister, _: unknown, ctx: Ctx) => ctx.loaders.primaryBenefitClarifications.load(r.customerId),
    openPrimaryBenefitClarification: async (r: KelaRegister, _: unknown, ctx: Ctx) =>
      (await ctx.loaders.primaryBenefitClarifications.load(r.customerId)).find((c) => c.openForCustomer !== null) ?? null,
  },

  KelaBenefitDecision: decisionAmounts,
  // The same rows as KelaBenefitDecision, of the kinds that reveal illness: a type of their own, so that every
  // field of theirs is health data (KELA_HEALTH_BENEFITS) and not the unrestricted KELA_BENEFITS, but the statement the
  // decision rests on (KELA_LABOUR_POLICY_STATEMENTS, on every kind of decision).
  KelaHealthBenefitDecision: decisionAmounts,
  // And of the expense allowance of rehabilitative work activity: every field KELA_ACTIVATION_BENEFITS but the statement.
  KelaActivationBenefitDecision: decisionAmounts,

  KelaBenefitPayment: paymentAmount,
  KelaHealthBenefitPayment: paymentAmount,
  KelaActivationBenefitPayment: paymentAmount,

  KelaPrimaryBenefitClarification: {
    open: (c: PrimaryBenefitClarification) => c.openForCustomer !== null,
  },
};
