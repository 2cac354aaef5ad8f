// Kela's anonymised statistics for the cooperation model (seed 004 § 5), added to the joint register's
// CooperationStatistics entity: the benefit kinds in payment. Counts of persons only, suppressed under
// the minimum; the use is logged before the figures leave (shared/src/cooperation/statistics.ts).
import type { SubgraphContext } from '@cg/shared/src/graphql/subgraph';
import { countable, logStatisticsUse, snapshotOf, overlappingTable, statisticsMinimum, statisticsPeriod, StatisticsPeriod } from '@cg/shared/src/cooperation/statistics';
import type { PrismaClient } from './generated/prisma/client';

type Ctx = SubgraphContext<PrismaClient, unknown>;
const day = (value: string) => new Date(`${value}T00:00:00Z`);

/** Restriction of processing (GDPR art. 18): none is modelled yet; the hook of `countable`. */
const restrictedCustomers = async (): Promise<Set<string>> => new Set();

const KINDS = ['LABOUR_MARKET_SUBSIDY', 'BASIC_UNEMPLOYMENT_ALLOWANCE', 'REHABILITATION_ALLOWANCE', 'SICKNESS_ALLOWANCE', 'HOUSING_ALLOWANCE', 'REHABILITATIVE_WORK_EXPENSE_ALLOWANCE'];

/** The register's figures of a period: the use logged first, then the kept snapshot (computed once). */
async function kelaStatistics(ctx: Ctx, period: string) {
  const p = statisticsPeriod(period);
  const minimum = statisticsMinimum();
  await logStatisticsUse(ctx, p.period);
  return snapshotOf(ctx.db.statisticsSnapshot, p.period, minimum, () => compute(ctx, p, minimum));
}

async function compute(ctx: Ctx, p: StatisticsPeriod, minimum: number) {
  const ref = day(p.referenceDate);
  const restricted = await restrictedCustomers();
  const customers = countable(await ctx.db.kelaCustomer.findMany({ select: { customerId: true } }), restricted);
  const ids = new Set(customers.map((c) => c.customerId));
  const granted = await ctx.db.benefitDecision.findMany({
    where: { status: 'GRANTED', startsOn: { lte: ref }, OR: [{ endsOn: null }, { endsOn: { gte: ref } }] },
    select: { customerId: true, kind: true },
  });
  const byKind = new Map<string, Set<string>>();
  for (const g of granted) {
    if (!ids.has(g.customerId)) continue;
    if (!byKind.has(g.kind)) byKind.set(g.kind, new Set());
    byKind.get(g.kind)!.add(g.customerId);
  }
  return {
    benefitKindsInPayment: overlappingTable('Benefit kinds in payment', "Kela's customers with a granted benefit of each kind whose period covers the reference date.", "Kela's customers", customers.length,
      KINDS.map((k) => ({ key: k, label: k.toLowerCase().replace(/_/g, ' '), count: byKind.get(k)?.size ?? 0 })), minimum),
  };
}

export const statisticsResolvers = {
  CooperationStatistics: {
    __resolveReference: (ref: { period?: unknown }) => ({ period: statisticsPeriod(typeof ref.period === 'string' ? ref.period : '').period }),
    kela: (s: { period: string }, _: unknown, ctx: Ctx) => kelaStatistics(ctx, s.period),
  },
};
