// The wellbeing services county's anonymised statistics for the cooperation model (seed 004 § 5), added
// to the joint register's CooperationStatistics entity. Counts of persons only, suppressed under the
// minimum; the use is logged before the figures leave (shared/src/cooperation/statistics.ts). Aggregates
// of restricted categories (social situation) are no personal data once suppressed: no person shows.
import type { SubgraphContext } from '@cg/shared/src/graphql/subgraph';
import {
  additiveTable, countable, overlappingTable, personsByKind, registerStatistics, statisticsPeriod, statisticsPopulation, StatisticsPeriod,
} from '@cg/shared/src/cooperation/statistics';
import type { PrismaClient } from './generated/prisma/client';

type Ctx = SubgraphContext<PrismaClient, unknown>;
const day = (value: string) => new Date(`${value}T00:00:00Z`);

async function compute(ctx: Ctx, p: StatisticsPeriod, minimum: number) {
  const ref = day(p.referenceDate);
  const population = await statisticsPopulation(ctx.db);
  const clients = countable(await ctx.db.client.findMany({
    // Clients on the reference date: a relationship that had ended by then is not counted (nor due for deletion).
    where: { clientSince: { lte: ref }, OR: [{ clientRelationshipEndedOn: null }, { clientRelationshipEndedOn: { gte: ref } }] }, select: { customerId: true },
  }), population);
  const ids = new Set(clients.map((c) => c.customerId));
  const plans = await ctx.db.activationPlan.findMany({ where: { periodStart: { lte: ref }, periodEnd: { gte: ref } }, select: { customerId: true } });
  const inActivity = new Set(plans.map((pl) => pl.customerId).filter((id) => ids.has(id)));
  const services = await ctx.db.socialWelfareService.findMany({
    where: { startsOn: { lte: ref }, OR: [{ endsOn: null }, { endsOn: { gte: ref } }], state: { in: ['ONGOING', 'COMPLETED', 'INTERRUPTED'] } },
    select: { customerId: true, kind: true },
  });
  const byKind = personsByKind(services, ids);
  const kinds = ['SOCIAL_WORK', 'SOCIAL_GUIDANCE', 'SOCIAL_REHABILITATION', 'HOUSING_SERVICES', 'DEBT_COUNSELLING', 'FAMILY_SERVICES'];
  return {
    clientsInRehabilitativeWorkActivity: additiveTable('Clients in rehabilitative work activity', 'Clients with an activation plan whose period covers the reference date (189/2001).', 'Clients', [
      { key: 'IN_ACTIVITY', label: 'in rehabilitative work activity', count: inActivity.size },
      { key: 'NOT_IN_ACTIVITY', label: 'not in it', count: clients.length - inActivity.size },
    ], minimum),
    clientsBySocialWelfareServiceInProgress: overlappingTable('Clients by social-welfare service in progress', 'Clients with a service of each kind whose period covers the reference date.', 'Clients', clients.length,
      kinds.map((k) => ({ key: k, label: k.toLowerCase().replace(/_/g, ' '), count: byKind.get(k)?.size ?? 0 })), minimum),
  };
}

export const statisticsResolvers = {
  CooperationStatistics: {
    __resolveReference: (ref: { period?: unknown }) => ({ period: statisticsPeriod(typeof ref.period === 'string' ? ref.period : '').period }),
    wellbeing: (s: { period: string }, _: unknown, ctx: Ctx) => registerStatistics(ctx, s.period, (p, minimum) => compute(ctx, p, minimum)),
  },
};
