// The employment authority's anonymised statistics for the cooperation model (seed 004 § 5), added to
// the joint register's CooperationStatistics entity. Counts of persons only, suppressed under the
// minimum; the use is logged before the figures leave (shared/src/cooperation/statistics.ts).
import type { SubgraphContext } from '@cg/shared/src/graphql/subgraph';
import {
  additiveTable, countable, countBy, overlappingTable, personsByKind, registerStatistics, statisticsPeriod, statisticsPopulation, StatisticsPeriod,
} from '@cg/shared/src/cooperation/statistics';
import type { PrismaClient } from './generated/prisma/client';

type Ctx = SubgraphContext<PrismaClient, unknown>;
const day = (value: string) => new Date(`${value}T00:00:00Z`);

async function compute(ctx: Ctx, p: StatisticsPeriod, minimum: number) {
  const ref = day(p.referenceDate);
  // Job seekers whose job search was going on on the reference date (data kept, not due for deletion).
  const seekers = countable((await ctx.db.jobSeeker.findMany({
    where: { jobSearchStartedOn: { lte: ref }, OR: [{ jobSearchEndedOn: null }, { jobSearchEndedOn: { gt: ref } }] },
    select: { customerId: true, employmentStatus: true, benefitPayer: true },
  })), await statisticsPopulation(ctx.db));
  const ids = new Set(seekers.map((s) => s.customerId));
  const measures = await ctx.db.serviceMeasure.findMany({
    where: { startsOn: { lte: ref }, OR: [{ endsOn: null }, { endsOn: { gte: ref } }], state: { in: ['ONGOING', 'COMPLETED', 'INTERRUPTED'] } },
    select: { customerId: true, kind: true, endsOn: true, state: true },
  });
  const byKind = personsByKind(measures, ids);
  const kinds = ['JOB_SEARCH_COACHING', 'CAREER_COACHING', 'EXPERT_ASSESSMENT', 'WORK_TRIAL', 'TRAINING_TRIAL'];
  return {
    jobSeekersByEmploymentStatus: additiveTable('Job seekers by employment status', "The job seekers' employment status as now recorded.", 'Job seekers',
      countBy(seekers, (s) => s.employmentStatus, ['UNEMPLOYED', 'LAID_OFF', 'PART_TIME_EMPLOYED', 'IN_SERVICES', 'EMPLOYED', 'STUDENT', 'OUTSIDE_LABOUR_FORCE'].map((k) => ({ key: k, label: k.toLowerCase().replace(/_/g, ' ') }))), minimum),
    jobSeekersByBenefitPayer: additiveTable('Job seekers by benefit payer', 'Who pays the unemployment benefit: Kela or an unemployment fund.', 'Job seekers',
      countBy(seekers, (s) => s.benefitPayer, [{ key: 'KELA', label: 'Kela' }, { key: 'UNEMPLOYMENT_FUND', label: 'unemployment fund' }]), minimum),
    jobSeekersByServiceMeasureInProgress: overlappingTable('Job seekers by service measure in progress', 'Job seekers with a measure of each kind whose period covers the reference date.', 'Job seekers', seekers.length,
      kinds.map((k) => ({ key: k, label: k.toLowerCase().replace(/_/g, ' '), count: byKind.get(k)?.size ?? 0 })), minimum),
  };
}

export const statisticsResolvers = {
  CooperationStatistics: {
    __resolveReference: (ref: { period?: unknown }) => ({ period: statisticsPeriod(typeof ref.period === 'string' ? ref.period : '').period }),
    employment: (s: { period: string }, _: unknown, ctx: Ctx) => registerStatistics(ctx, s.period, (p, minimum) => compute(ctx, p, minimum)),
  },
};
