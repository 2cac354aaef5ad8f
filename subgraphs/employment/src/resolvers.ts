// Resolvers of the employment authority's registers. Authorization is not here: the shield derived from
// the field classification guards every field; resolvers only fetch (through loaders) and validate input.
import { randomUUID } from 'node:crypto';
import type DataLoader from 'dataloader';
import { invalidInput, rowOfCustomer } from '@cg/shared/src/graphql/errors';
import { LIST_SIZE_MAXIMA } from '@cg/shared/src/graphql/limits';
import { callRegister } from '@cg/shared/src/graphql/register-call';
import { subgraphUrlByName } from '@cg/shared/src/subgraphs';
import { requireId } from '@cg/shared/src/validation';
import { COOPERATION_AREAS } from '@cg/shared/src/law/areas';
import { areaOfOfficial } from '@cg/shared/src/law/rules';
import { GraphQLError } from 'graphql';
import type { SubgraphContext } from '@cg/shared/src/graphql/subgraph';
import { customerReference } from '@cg/shared/src/graphql/customer-entity';
import type { MutationContext } from '@cg/shared/src/graphql/idempotency';
import {
  StatementInput, WorkDiaryEntryInput, requireDuringJobSearch, requireWithinPeriod, validateStatement, validateWorkDiaryEntry,
} from './input-validation';
import type {
  Coaching, CoachingPeriod, EmployerAssignment, EmployerCustomer, PrismaClient, Statement, Unemployment, VocationalGuidance,
} from './generated/prisma/client';
import type { Loaders } from './loaders';
import { caseWrites } from './case-writes';

type Ctx = SubgraphContext<PrismaClient, Loaders>;
/** A mutation's context: writes go through `ctx.idempotency.transaction` (shared/src/graphql/idempotency.ts). */
type MCtx = MutationContext<Ctx>;

/** The wellbeing county's activation plan, as its register answers it (dates YYYY-MM-DD). */
interface PlanOfRecord {
  id: string; drawnUpOn: string; goals: string; placeName: string; daysPerWeek: number; hoursPerDay: number;
  periodStart: string; periodEnd: string; nextReviewOn: string; version: number;
}
const PLAN_OF_RECORD = `query PlanOfRecord($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { wellbeing { activationPlan {
  id drawnUpOn goals placeName daysPerWeek hoursPerDay periodStart periodEnd nextReviewOn version } } } } }`;

/** The register object of one customer: it carries only the id, so it says nothing of whether the person is known. */
interface RegisterOf { customerId: string }

const MAX_PAGE = LIST_SIZE_MAXIMA['Query.employmentEmployerCustomers'];
const DAY_MS = 24 * 3600 * 1000;
/** Long-term unemployment: unemployed for at least 12 months. */
const LONG_TERM_DAYS = 365;

/** A field of EmploymentRegister that loads the customer's rows of one kind. */
const byCustomer = (loader: keyof Loaders) => (register: RegisterOf, _: unknown, ctx: Ctx) =>
  (ctx.loaders[loader] as DataLoader<string, unknown>).load(register.customerId);

/** The employer customer a customer's row points to, if any. */
const employerOf = (row: { employerCustomerId: string | null }, _: unknown, ctx: Ctx) =>
  row.employerCustomerId ? ctx.loaders.employerCustomer.load(row.employerCustomerId) : null;

const isUniqueViolation = (error: unknown) => (error as { code?: string })?.code === 'P2002';

export const resolvers = {
  Query: {
    employmentEmployerCustomers: (_: unknown, args: { first?: number | null }, ctx: Ctx) => {
      const first = args.first ?? 50;
      if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE) throw invalidInput('first', `must be between 0 and ${MAX_PAGE}`);
      // The employer customers of the caller's own area only (../law/rules.ts, partner data: each area's
      // controller keeps its own, seed 004 § 1, § 10.1); every row's fields are still checked by its own area.
      const area = areaOfOfficial(ctx.law.actor);
      if (!area) return [];
      return ctx.db.employerCustomer.findMany({
        where: { municipality: { in: [...COOPERATION_AREAS[area].municipalities] } }, orderBy: [{ municipality: 'asc' }, { name: 'asc' }], take: first,
      });
    },
  },

  Mutation: {
    refreshEmploymentActivationPlanCopy: async (_: unknown, { input }: { input: { customerId: string } }, ctx: MCtx) => {
      const customerId = requireId('customerId', input.customerId);
      // The plan of record is the wellbeing county's: read it there, with the caller's rights (logged there as
      // the caller's read), and keep exactly that; nothing the caller sends becomes part of the copy.
      let plan: PlanOfRecord | null;
      try {
        const data = await callRegister<{ _entities: ({ wellbeing: { activationPlan: PlanOfRecord | null } | null } | null)[] }>(
          subgraphUrlByName('wellbeing'), ctx, PLAN_OF_RECORD, { r: [{ __typename: 'Customer', id: customerId }] },
        );
        plan = data._entities[0]?.wellbeing?.activationPlan ?? null;
      } catch (error) {
        ctx.log.warn('activation plan of record not read', { error: (error as Error).message });
        throw new GraphQLError("The wellbeing county's register could not be asked for the plan right now; try again shortly.", { extensions: { code: 'REGISTER_UNAVAILABLE', register: 'wellbeing' } });
      }
      if (!plan) throw invalidInput('customerId', "the customer has no activation plan in the wellbeing county's register");
      const copy = {
        drawnUpOn: new Date(plan.drawnUpOn), goals: plan.goals, placeName: plan.placeName, daysPerWeek: plan.daysPerWeek, hoursPerDay: plan.hoursPerDay,
        periodStart: new Date(plan.periodStart), periodEnd: new Date(plan.periodEnd), nextReviewOn: new Date(plan.nextReviewOn), version: plan.version, copiedAt: new Date(),
      };
      // A newer copy never gives way to an older one (two refreshes crossing): only the same or a later version is written.
      const stored = await ctx.db.activationPlan.findUnique({ where: { customerId } });
      if (stored && stored.version > plan.version) return stored;
      return ctx.idempotency.transaction((tx) => tx.activationPlan.upsert({ where: { customerId }, create: { id: plan!.id, customerId, ...copy }, update: copy }));
    },

    recordEmploymentWorkDiaryEntry: async (_: unknown, { input }: { input: WorkDiaryEntryInput }, ctx: MCtx) => {
      const data = validateWorkDiaryEntry(input);
      const period = rowOfCustomer(await ctx.db.coachingPeriod.findUnique({ where: { id: data.coachingPeriodId } }), data.customerId, 'coachingPeriodId', 'a coaching period');
      requireWithinPeriod(data.date, period);
      try {
        return await ctx.idempotency.transaction((tx) => tx.workDiaryEntry.create({ data: { ...data, id: randomUUID(), recordedBy: ctx.actor.id } }));
      } catch (error) {
        // One entry for each day of work activity (seed 004 § 6); the unique index decides, also under races.
        if (isUniqueViolation(error)) throw invalidInput('date', 'the work diary of this coaching period already has an entry for this day');
        throw error;
      }
    },

    recordEmploymentStatement: async (_: unknown, { input }: { input: StatementInput }, ctx: MCtx) => {
      const data = validateStatement(input);
      // The whole row (the loader reads only the columns the operation asks of EmploymentJobSeeker).
      const jobSeeker = await ctx.db.jobSeeker.findUnique({ where: { customerId: data.customerId } });
      if (!jobSeeker) throw invalidInput('customerId', 'is not a job seeker');
      requireDuringJobSearch(data.givenOn, jobSeeker);
      await ctx.law.requireWrite('EMPLOYMENT_CONTACTS_AND_PERMITS', data.customerId);
      // The statement goes to whoever pays the customer's unemployment benefit (seed 001 § 8: Kela or the fund).
      const recipientName = jobSeeker.benefitPayer === 'KELA' ? 'Kela' : jobSeeker.unemploymentFundName ?? 'Unemployment fund';
      const statementId = randomUUID();
      // The statement and the record that it was sent belong together: both or neither.
      return ctx.idempotency.transaction(async (tx) => {
        const statement = await tx.statement.create({ data: { ...data, id: statementId, recipient: jobSeeker.benefitPayer, givenBy: ctx.actor.id } });
        await tx.contact.create({
          data: {
            id: randomUUID(), customerId: data.customerId, contactedAt: new Date(), direction: 'OUTGOING', party: 'PARTNER',
            partnerName: recipientName, channel: 'ELECTRONIC_INTERFACE', subject: 'Labour-policy statement sent',
            summary: `Labour-policy statement (${data.kind}) of ${data.givenOn.toISOString().slice(0, 10)} sent to ${recipientName}`,
            statementId, recordedBy: ctx.actor.id,
          },
        });
        return statement;
      });
    },

    ...caseWrites,
  },

  Customer: {
    // No database work: the joint register answers whether the customer exists and may be known.
    __resolveReference: customerReference,
    employment: (customer: { id: string }): RegisterOf => ({ customerId: customer.id }),
  },

  EmploymentRegister: {
    jobSeeker: byCustomer('jobSeeker'),
    workHistory: byCustomer('workHistory'),
    education: byCustomer('education'),
    trainingNeed: byCustomer('trainingNeed'),
    jobSearchPlans: byCustomer('jobSearchPlans'),
    serviceNeed: byCustomer('serviceNeed'),
    trainingApplications: byCustomer('trainingApplications'),
    offers: byCustomer('offers'),
    decisions: byCustomer('decisions'),
    statements: byCustomer('statements'),
    mobilityGrants: byCustomer('mobilityGrants'),
    coachingAndTrials: byCustomer('serviceMeasures'),
    contacts: byCustomer('contacts'),
    permits: byCustomer('permits'),
    healthAffectingJobSearch: byCustomer('healthNotes'),
    vocationalGuidance: byCustomer('vocationalGuidance'),
    unemployment: byCustomer('unemployment'),
    paySubsidies: byCustomer('paySubsidies'),
    coaching: byCustomer('coaching'),
    primaryBenefitClarifications: byCustomer('primaryBenefitClarifications'),
    workCapacityAssessments: byCustomer('workCapacityAssessments'),
    activationPlan: byCustomer('activationPlan'),
    finalReports: byCustomer('finalReports'),
  },

  EmploymentStatement: {
    clarificationRequests: (s: Statement, _: unknown, ctx: Ctx) => ctx.loaders.clarificationRequests.load(s.id),
  },

  EmploymentOffer: { employerCustomer: employerOf },
  EmploymentPaySubsidy: { employerCustomer: employerOf },
  EmploymentPlacement: { employerCustomer: employerOf },

  EmploymentVocationalGuidance: {
    sessions: (g: VocationalGuidance, _: unknown, ctx: Ctx) => ctx.loaders.guidanceSessions.load(g.id),
  },

  EmploymentUnemployment: {
    durationDays: (u: Unemployment) => unemploymentDays(u),
    longTermUnemployed: (u: Unemployment) => unemploymentDays(u) >= LONG_TERM_DAYS,
  },

  EmploymentCoaching: {
    contractPeriods: (c: Coaching, _: unknown, ctx: Ctx) => ctx.loaders.contractPeriods.load(c.id),
    coachingPeriods: (c: Coaching, _: unknown, ctx: Ctx) => ctx.loaders.coachingPeriods.load(c.id),
    placements: (c: Coaching, _: unknown, ctx: Ctx) => ctx.loaders.placements.load(c.id),
    functionalCapacityAssessment: (c: Coaching, _: unknown, ctx: Ctx) => ctx.loaders.functionalCapacityAssessment.load(c.id),
  },

  EmploymentCoachingPeriod: {
    workDiary: (p: CoachingPeriod, _: unknown, ctx: Ctx) => ctx.loaders.workDiary.load(p.id),
  },

  EmploymentEmployerCustomer: {
    assignments: (e: EmployerCustomer, _: unknown, ctx: Ctx) => ctx.loaders.employerAssignments.load(e.id),
  },

  EmploymentEmployerAssignment: {
    events: (a: EmployerAssignment) => a.events as { on: string; event: string }[],
  },
};

/** Days of unemployment up to its end, or up to today while it goes on. */
function unemploymentDays(u: Unemployment): number {
  const until = u.unemployedUntil ?? new Date();
  return Math.max(0, Math.floor((until.getTime() - u.unemployedSince.getTime()) / DAY_MS));
}
