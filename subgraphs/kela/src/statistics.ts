// Kela's anonymised statistics for the cooperation model (seed 004 § 5), added to the joint register's
// CooperationStatistics entity: the benefit kinds in payment. Counts of persons only, suppressed under
// the minimum; the use is logged before the figures leave (shared/src/cooperation/statistics.ts).
import type { SubgraphContext } from '@cg/shared/src/graphql/subgraph';
import {
  countable, overlappingTable, personsByKind, registerStatistics, statisticsPeriod, statisticsPopulation, StatisticsPeriod,
} from '@cg/shared/src/cooperation/statistics';
import type { PrismaClient } from './generated/prisma/client';

type Ctx = SubgraphContext<PrismaClient, unknown>;
const day = (value: string) => new Date(`${value}T00:00:00Z`);

const KINDS = ['LABOUR_MARKET_SUBSIDY', 'BASIC_UNEMPLOYMENT_ALLOWANCE', 'REHABILITATION_ALLOWANCE', 'SICKNESS_ALLOWANCE', 'HOUSING_ALLOWANCE', 'REHABILITATIVE_WORK_EXPENSE_ALLOWANCE'];

async function compute(ctx: Ctx, p: StatisticsPeriod, minimum: number) {
  const ref = day(p.referenceDate);
  const population = await statisticsPopulation(ctx.db);
  const customers = countable(await ctx.db.kelaCustomer.findMany({
    // Customers on the reference date: a relationship that had ended by then is not counted.
    where: { OR: [{ customerRelationshipEndedOn: null }, { customerRelationshipEndedOn: { gte: ref } }] }, select: { customerId: true },
  }), population);
  const ids = new Set(customers.map((c) => c.customerId));
  const granted = await ctx.db.benefitDecision.findMany({
    where: { status: 'GRANTED', startsOn: { lte: ref }, OR: [{ endsOn: null }, { endsOn: { gte: ref } }] },
    select: { customerId: true, kind: true },
  });
  const byKind = personsByKind(granted, ids);
  return {
    benefitKindsInPayment: overlappingTable('Benefit kinds in payment', "Kela's customers with a granted benefit of each kind whose period covers the reference date.", "Kela's customers", customers.length,
      KINDS.map((k) => ({ key: k, label: k.toLowerCase().replace(/_/g, ' '), count: byKind.get(k)?.size ?? 0 })), minimum),
  };
}

export const statisticsResolvers = {
  CooperationStatistics: {
    __resolveReference: (ref: { period?: unknown }) => ({ period: statisticsPeriod(typeof ref.period === 'string' ? ref.period : '').period }),
    kela: (s: { period: string }, _: unknown, ctx: Ctx) => registerStatistics(ctx, s.period, (p, minimum) => compute(ctx, p, minimum)),
  },
};
