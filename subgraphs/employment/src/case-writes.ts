// The employment authority's own writes in a case (issue 10): the job seeker's status and job search,
// offers and their results, decisions with the deciding official named (no automated decision-making, seed 004 § 12) and pay-subsidy employment
// (seed 004 § 4). The shield lets only the employment authority's officials write these categories
// (381/2023 § 14, `ownRegisterOfAuthority`). Each write goes through `ctx.idempotency.transaction`.
import { randomUUID } from 'node:crypto';
// The final report of a multi-agency process (seed 001 § 5) is not among them: the joint register writes it
// with the end of the customership (./final-reports.ts).
import { invalidInput, rowOfCustomer } from '@cg/shared/src/graphql/errors';
import type { MutationContext } from '@cg/shared/src/graphql/idempotency';
import type { SubgraphContext } from '@cg/shared/src/graphql/subgraph';
import {
  MAX_NAME, MAX_TEXT, optionalText, requireId, requireNotAfter, requireNotInFuture, requireText, requireWithinYears,
} from '@cg/shared/src/validation';
import type { PrismaClient } from './generated/prisma/client';
import type { Loaders } from './loaders';

type Ctx = SubgraphContext<PrismaClient, Loaders>;
type MCtx = MutationContext<Ctx>;

const day = (date: Date) => date.toISOString().slice(0, 10);

function pastDay(field: string, date: Date, years = 1) {
  requireWithinYears(field, date, years);
  requireNotInFuture(field, date);
  return date;
}

async function jobSeekerOf(ctx: Ctx, customerId: string) {
  const id = requireId('customerId', customerId);
  const jobSeeker = await ctx.db.jobSeeker.findUnique({ where: { customerId: id } });
  if (!jobSeeker) throw invalidInput('customerId', 'is not a job seeker of the employment authority');
  return jobSeeker;
}

const textList = (field: string, items: string[]) => {
  if (items.length > 50) throw invalidInput(field, 'must have at most 50 items');
  return items.map((item, i) => requireText(`${field}[${i}]`, item, MAX_NAME));
};

export const caseWrites = {
  startEmploymentJobSearch: async (_: unknown, { input }: { input: {
    customerId: string; jobSearchStartedOn: Date; employmentStatus: 'UNEMPLOYED' | 'LAID_OFF' | 'PART_TIME_EMPLOYED' | 'IN_SERVICES' | 'EMPLOYED' | 'STUDENT' | 'OUTSIDE_LABOUR_FORCE';
    benefitPayer: 'KELA' | 'UNEMPLOYMENT_FUND'; unemploymentFundName?: string | null; responsibleOfficialName: string;
    desiredOccupations: string[]; skills: string[]; jobSearchAreas: string[];
  } }, ctx: MCtx) => {
    const customerId = requireId('customerId', input.customerId);
    pastDay('jobSearchStartedOn', input.jobSearchStartedOn);
    const fund = optionalText('unemploymentFundName', input.unemploymentFundName, MAX_NAME);
    if (input.benefitPayer === 'UNEMPLOYMENT_FUND' && !fund) throw invalidInput('unemploymentFundName', 'names the unemployment fund that pays the benefit');
    if (input.benefitPayer === 'KELA' && fund) throw invalidInput('unemploymentFundName', 'is given only when the benefitPayer is UNEMPLOYMENT_FUND');
    const data = {
      customerId, jobSearchStartedOn: input.jobSearchStartedOn, employmentStatus: input.employmentStatus, benefitPayer: input.benefitPayer,
      unemploymentFundName: fund, responsibleOfficialId: ctx.actor.id, responsibleOfficialName: requireText('responsibleOfficialName', input.responsibleOfficialName, MAX_NAME),
      desiredOccupations: textList('desiredOccupations', input.desiredOccupations), skills: textList('skills', input.skills), jobSearchAreas: textList('jobSearchAreas', input.jobSearchAreas),
    };
    const existing = await ctx.db.jobSeeker.findUnique({ where: { customerId } });
    if (existing && !existing.jobSearchEndedOn) throw invalidInput('customerId', `the job search is on since ${day(existing.jobSearchStartedOn)}`);
    if (existing && day(input.jobSearchStartedOn) <= day(existing.jobSearchEndedOn!)) throw invalidInput('jobSearchStartedOn', `must be after the previous job search ended (${day(existing.jobSearchEndedOn!)})`);
    // A new job search after an ended one starts afresh on the same row (the register keeps the current one).
    return ctx.idempotency.transaction((tx) => tx.jobSeeker.upsert({
      where: { customerId },
      create: data,
      update: { ...data, jobSearchEndedOn: null, jobSearchEndReason: null, updatedAt: new Date() },
    }));
  },

  recordEmploymentJobSeekerStatus: async (_: unknown, { input }: { input: {
    customerId: string; employmentStatus: 'UNEMPLOYED' | 'LAID_OFF' | 'PART_TIME_EMPLOYED' | 'IN_SERVICES' | 'EMPLOYED' | 'STUDENT' | 'OUTSIDE_LABOUR_FORCE';
    changedOn: Date; jobSearchEndedOn?: Date | null; jobSearchEndReason?: string | null;
  } }, ctx: MCtx) => {
    const jobSeeker = await jobSeekerOf(ctx, input.customerId);
    pastDay('changedOn', input.changedOn);
    if (day(input.changedOn) < day(jobSeeker.jobSearchStartedOn)) throw invalidInput('changedOn', `must not be before the job search started (${day(jobSeeker.jobSearchStartedOn)})`);
    const reason = optionalText('jobSearchEndReason', input.jobSearchEndReason, MAX_NAME);
    const end: Record<string, unknown> = {};
    if (input.jobSearchEndedOn) {
      pastDay('jobSearchEndedOn', input.jobSearchEndedOn);
      if (jobSeeker.jobSearchEndedOn) throw invalidInput('jobSearchEndedOn', `the job search already ended on ${day(jobSeeker.jobSearchEndedOn)}`);
      if (day(input.jobSearchEndedOn) < day(jobSeeker.jobSearchStartedOn)) throw invalidInput('jobSearchEndedOn', 'must not be before the job search started');
      if (!reason) throw invalidInput('jobSearchEndReason', 'the end of a job search needs its reason');
      Object.assign(end, { jobSearchEndedOn: input.jobSearchEndedOn, jobSearchEndReason: reason });
    } else if (reason) {
      throw invalidInput('jobSearchEndReason', 'is given only with jobSearchEndedOn');
    }
    return ctx.idempotency.transaction((tx) => tx.jobSeeker.update({
      where: { customerId: jobSeeker.customerId }, data: { employmentStatus: input.employmentStatus, ...end, updatedAt: new Date() },
    }));
  },

  recordEmploymentOffer: async (_: unknown, { input }: { input: {
    customerId: string; kind: 'PRESENTATION_TO_EMPLOYER' | 'JOB_OFFER' | 'TRAINING_OFFER' | 'SERVICE_OFFER'; offeredOn: Date; title: string; employerName?: string | null;
  } }, ctx: MCtx) => {
    const jobSeeker = await jobSeekerOf(ctx, input.customerId);
    pastDay('offeredOn', input.offeredOn);
    const data = {
      customerId: jobSeeker.customerId, kind: input.kind, offeredOn: input.offeredOn, title: requireText('title', input.title, MAX_NAME),
      employerName: optionalText('employerName', input.employerName, MAX_NAME),
    };
    if ((input.kind === 'PRESENTATION_TO_EMPLOYER' || input.kind === 'JOB_OFFER') && !data.employerName) {
      throw invalidInput('employerName', 'a job offer or a presentation to an employer names the employer');
    }
    return ctx.idempotency.transaction((tx) => tx.offer.create({ data: { ...data, id: randomUUID(), result: 'PENDING' } }));
  },

  recordEmploymentOfferResult: async (_: unknown, { input }: { input: {
    customerId: string; offerId: string; result: 'PENDING' | 'APPLIED' | 'HIRED' | 'NOT_HIRED' | 'STARTED' | 'DID_NOT_APPLY' | 'REFUSED'; recordedOn: Date;
  } }, ctx: MCtx) => {
    const customerId = requireId('customerId', input.customerId);
    const offer = rowOfCustomer(await ctx.db.offer.findUnique({ where: { id: requireId('offerId', input.offerId) } }), customerId, 'offerId', 'an offer');
    if (input.result === 'PENDING') throw invalidInput('result', 'must be a result, not PENDING');
    pastDay('recordedOn', input.recordedOn);
    if (day(input.recordedOn) < day(offer.offeredOn)) throw invalidInput('recordedOn', `must not be before the offer (${day(offer.offeredOn)})`);
    return ctx.idempotency.transaction((tx) => tx.offer.update({ where: { id: offer.id }, data: { result: input.result, resultRecordedOn: input.recordedOn } }));
  },

  recordEmploymentDecision: async (_: unknown, { input }: { input: {
    customerId: string; kind: 'PAY_SUBSIDY' | 'START_UP_GRANT' | 'LABOUR_MARKET_TRAINING' | 'SELF_MOTIVATED_STUDIES' | 'WORK_TRIAL' | 'TRAVEL_AND_ACCOMMODATION_COMPENSATION';
    decidedOn: Date; outcome: 'GRANTED' | 'PARTLY_GRANTED' | 'REJECTED'; validFrom?: Date | null; validUntil?: Date | null; summary: string; decidedByName: string;
  } }, ctx: MCtx) => {
    const jobSeeker = await jobSeekerOf(ctx, input.customerId);
    pastDay('decidedOn', input.decidedOn);
    if (input.validFrom) requireWithinYears('validFrom', input.validFrom, 2);
    if (input.validUntil) requireWithinYears('validUntil', input.validUntil, 3);
    if (input.validFrom && input.validUntil) requireNotAfter('validFrom', input.validFrom, input.validUntil, 'validUntil');
    if (input.outcome !== 'REJECTED' && (!input.validFrom || !input.validUntil)) {
      throw invalidInput(input.validFrom ? 'validUntil' : 'validFrom', 'a granted decision states its validity period');
    }
    const data = {
      customerId: jobSeeker.customerId, kind: input.kind, decidedOn: input.decidedOn, outcome: input.outcome,
      validFrom: input.validFrom ?? null, validUntil: input.validUntil ?? null, summary: requireText('summary', input.summary, MAX_TEXT),
      // The decision maker is the calling official, named: never a system (seed 004 § 12).
      decidedBy: ctx.actor.id, decidedByName: requireText('decidedByName', input.decidedByName, MAX_NAME),
    };
    return ctx.idempotency.transaction((tx) => tx.decision.create({ data: { ...data, id: randomUUID() } }));
  },

  recordEmploymentPaySubsidy: async (_: unknown, { input }: { input: {
    customerId: string; decisionId: string; employerName: string; workplace: string; sector: string; task: string;
    startsOn: Date; endsOn: Date; estimatedWageCosts: number; subsidyPercent: number; contactPerson: string;
  } }, ctx: MCtx) => {
    const customerId = requireId('customerId', input.customerId);
    const decision = rowOfCustomer(await ctx.db.decision.findUnique({ where: { id: requireId('decisionId', input.decisionId) } }), customerId, 'decisionId', 'a decision');
    if (decision.kind !== 'PAY_SUBSIDY' || decision.outcome === 'REJECTED') throw invalidInput('decisionId', 'is not a granted pay-subsidy decision');
    requireWithinYears('startsOn', input.startsOn, 2);
    requireWithinYears('endsOn', input.endsOn, 3);
    requireNotAfter('startsOn', input.startsOn, input.endsOn, 'endsOn');
    if (decision.validFrom && decision.validUntil && (day(input.startsOn) < day(decision.validFrom) || day(input.endsOn) > day(decision.validUntil))) {
      throw invalidInput('startsOn', `the employment must be within the decision's validity (${day(decision.validFrom)} - ${day(decision.validUntil)})`);
    }
    if (!Number.isFinite(input.estimatedWageCosts) || input.estimatedWageCosts <= 0 || input.estimatedWageCosts > 1_000_000) {
      throw invalidInput('estimatedWageCosts', 'must be between 0 and 1,000,000 euros');
    }
    if (!Number.isInteger(input.subsidyPercent) || input.subsidyPercent < 1 || input.subsidyPercent > 100) throw invalidInput('subsidyPercent', 'must be a whole percentage from 1 to 100');
    const data = {
      customerId, decisionId: decision.id, employerName: requireText('employerName', input.employerName, MAX_NAME),
      workplace: requireText('workplace', input.workplace, MAX_NAME), sector: requireText('sector', input.sector, MAX_NAME),
      task: requireText('task', input.task, MAX_NAME), startsOn: input.startsOn, endsOn: input.endsOn,
      estimatedWageCosts: input.estimatedWageCosts, subsidyPercent: input.subsidyPercent, contactPerson: requireText('contactPerson', input.contactPerson, MAX_NAME),
    };
    return ctx.idempotency.transaction((tx) => tx.paySubsidy.create({ data: { ...data, id: randomUUID() } }));
  },
};
