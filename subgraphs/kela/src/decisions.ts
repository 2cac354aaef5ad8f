// Kela's own decisions in a case (issue 10): benefit and rehabilitation decisions, each made by the
// calling official, who is recorded as the decision maker (no automated decision-making). The shield
// lets only Kela's officials write these categories (381/2023 § 14). One transaction each, through
// `ctx.idempotency.transaction` (shared/src/graphql/idempotency.ts).
import { randomUUID } from 'node:crypto';
import { invalidInput } from '@cg/shared/src/graphql/errors';
import type { MutationContext } from '@cg/shared/src/graphql/idempotency';
import type { SubgraphContext } from '@cg/shared/src/graphql/subgraph';
import { MAX_NAME, optionalText, requireId, requireNotAfter, requireNotInFuture, requireText, requireWithinYears } from '@cg/shared/src/validation';
import type { PrismaClient } from './generated/prisma/client';
import type { Loaders } from './loaders';

type MCtx = MutationContext<SubgraphContext<PrismaClient, Loaders>>;

const KELA_NOTE = 2000;

function decisionDays(input: { appliedOn: Date; decidedOn: Date }) {
  requireWithinYears('appliedOn', input.appliedOn, 2);
  requireNotInFuture('appliedOn', input.appliedOn);
  requireWithinYears('decidedOn', input.decidedOn, 1);
  requireNotInFuture('decidedOn', input.decidedOn);
  requireNotAfter('appliedOn', input.appliedOn, input.decidedOn, 'decidedOn');
}

/** A granted decision states its period; a rejected one has none. */
function period(granted: boolean, input: { startsOn?: Date | null; endsOn?: Date | null }) {
  if (!granted) {
    if (input.startsOn || input.endsOn) throw invalidInput(input.startsOn ? 'startsOn' : 'endsOn', 'a rejected decision has no period');
    return { startsOn: null, endsOn: null };
  }
  if (!input.startsOn) throw invalidInput('startsOn', 'a granted decision states when it starts');
  requireWithinYears('startsOn', input.startsOn, 2);
  if (input.endsOn) {
    requireWithinYears('endsOn', input.endsOn, 3);
    requireNotAfter('startsOn', input.startsOn, input.endsOn, 'endsOn');
  }
  return { startsOn: input.startsOn, endsOn: input.endsOn ?? null };
}

/**
 * A Kela customer's id; or a customer of the joint service whom this decision of Kela's own official makes
 * a Kela customer (issue 10): the joint register told this register their home municipality on admission,
 * and the customer is registered with Kela's office of that municipality in the decision's transaction.
 */
async function kelaCustomer(ctx: MCtx, customerId: string): Promise<{ id: string; register: (tx: MCtx['db']) => Promise<unknown> }> {
  const id = requireId('customerId', customerId);
  if (await ctx.loaders.kelaCustomer.load(id)) return { id, register: async () => undefined };
  const home = await ctx.db.customerHomeMunicipality.findUnique({ where: { customerId: id } });
  if (!home) throw invalidInput('customerId', 'is not a Kela customer');
  return {
    id,
    register: (tx) => tx.kelaCustomer.upsert({ where: { customerId: id }, create: { customerId: id, serviceOffice: `Kela ${home.municipality}` }, update: {} }),
  };
}

/**
 * Benefits whose kind reveals illness (sickness allowance; rehabilitation allowance, paid during
 * rehabilitation for health reasons): listed apart, under KELA_HEALTH_BENEFITS, a restricted category
 * (issue 9), as types of their own (KelaHealthBenefitDecision, KelaHealthBenefitPayment), so that the fields
 * of the other benefits never carry them, and recorded by a mutation of that category.
 */
const HEALTH_BENEFIT_KINDS: readonly string[] = ['SICKNESS_ALLOWANCE', 'REHABILITATION_ALLOWANCE'];

/**
 * Benefits whose kind tells that the customer takes part in rehabilitative work activity, a social-welfare service
 * (189/2001 § 1), and on how many days: listed apart in the same way, under KELA_ACTIVATION_BENEFITS, for the roles
 * that read the activation plan and Kela's benefit decision experts (found by an outsider, session 32).
 */
const ACTIVATION_BENEFIT_KINDS: readonly string[] = ['REHABILITATIVE_WORK_EXPENSE_ALLOWANCE'];

/** Which of the register's benefit lists (and mutations) a benefit of this kind belongs to. */
export type BenefitClass = 'benefits' | 'health' | 'activation';
export const benefitClass = (row: { kind: string }): BenefitClass =>
  (HEALTH_BENEFIT_KINDS.includes(row.kind) ? 'health' : ACTIVATION_BENEFIT_KINDS.includes(row.kind) ? 'activation' : 'benefits');

/** The mutation that records each class of benefit. */
const RECORDED_BY: Record<BenefitClass, string> = {
  benefits: 'recordKelaBenefitDecision', health: 'recordKelaHealthBenefitDecision', activation: 'recordKelaActivationBenefitDecision',
};
const WHAT_IT_REVEALS: Record<BenefitClass, string> = {
  benefits: 'reveals nothing of health nor of social-welfare services', health: 'reveals illness (health data)',
  activation: 'tells of rehabilitative work activity (a social-welfare service)',
};

interface BenefitDecisionInput {
  customerId: string; kind: string; appliedOn: Date; decidedOn: Date; status: string; startsOn?: Date | null; endsOn?: Date | null;
  dailyAmount?: number | null; reasoning: string;
}

/**
 * Records a benefit decision whose kind is of the category of the mutation called (`recorded`): `health` for
 * recordKelaHealthBenefitDecision (KELA_HEALTH_BENEFITS, which only the roles entitled to health data may
 * write), `activation` for recordKelaActivationBenefitDecision (KELA_ACTIVATION_BENEFITS), else
 * recordKelaBenefitDecision (KELA_BENEFITS). A kind of another category: BAD_USER_INPUT on `kind`, naming the
 * mutation that records it; nothing is written.
 */
async function recordBenefitDecision(input: BenefitDecisionInput, ctx: MCtx, recorded: BenefitClass) {
  const kindClass = benefitClass(input);
  if (kindClass !== recorded) throw invalidInput('kind', `${input.kind} ${WHAT_IT_REVEALS[kindClass]}: ${RECORDED_BY[kindClass]} records it`);
  if (input.status !== 'GRANTED' && input.status !== 'REJECTED') throw invalidInput('status', 'a decision is GRANTED or REJECTED');
  decisionDays(input);
  const granted = input.status === 'GRANTED';
  const days = period(granted, input);
  if (input.dailyAmount !== null && input.dailyAmount !== undefined) {
    if (!granted) throw invalidInput('dailyAmount', 'a rejected decision pays nothing');
    if (!Number.isFinite(input.dailyAmount) || input.dailyAmount <= 0 || input.dailyAmount > 1000) throw invalidInput('dailyAmount', 'must be between 0 and 1,000 euros a day');
  }
  const customer = await kelaCustomer(ctx, input.customerId);
  const data = {
    customerId: customer.id, kind: input.kind as never, status: input.status as never,
    appliedOn: input.appliedOn, decidedOn: input.decidedOn, ...days,
    dailyAmountCents: input.dailyAmount ? Math.round(input.dailyAmount * 100) : null,
    reasoning: requireText('reasoning', input.reasoning, KELA_NOTE), decidedBy: ctx.actor.id,
  };
  return ctx.idempotency.transaction(async (tx) => {
    await customer.register(tx);
    return tx.benefitDecision.create({ data: { ...data, id: randomUUID() } });
  });
}

export const decisions = {
  recordKelaBenefitDecision: (_: unknown, { input }: { input: BenefitDecisionInput }, ctx: MCtx) => recordBenefitDecision(input, ctx, 'benefits'),
  recordKelaHealthBenefitDecision: (_: unknown, { input }: { input: BenefitDecisionInput }, ctx: MCtx) => recordBenefitDecision(input, ctx, 'health'),
  recordKelaActivationBenefitDecision: (_: unknown, { input }: { input: BenefitDecisionInput }, ctx: MCtx) => recordBenefitDecision(input, ctx, 'activation'),

  recordKelaRehabilitationDecision: async (_: unknown, { input }: { input: {
    customerId: string; kind: string; service: string; appliedOn: Date; decidedOn: Date; decision: string; reasoning: string;
    provider?: string | null; startsOn?: Date | null; endsOn?: Date | null;
  } }, ctx: MCtx) => {
    if (input.decision !== 'GRANTED' && input.decision !== 'REJECTED') throw invalidInput('decision', 'a decision is GRANTED or REJECTED');
    decisionDays(input);
    const days = period(input.decision === 'GRANTED', input);
    const customer = await kelaCustomer(ctx, input.customerId);
    const data = {
      customerId: customer.id, kind: input.kind as never, decision: input.decision as never,
      service: requireText('service', input.service, MAX_NAME), appliedOn: input.appliedOn, decidedOn: input.decidedOn, ...days,
      reasoning: requireText('reasoning', input.reasoning, KELA_NOTE), provider: optionalText('provider', input.provider, MAX_NAME), decidedBy: ctx.actor.id,
    };
    return ctx.idempotency.transaction(async (tx) => {
      await customer.register(tx);
      return tx.rehabilitationDecision.create({ data: { ...data, id: randomUUID() } });
    });
  },
};
