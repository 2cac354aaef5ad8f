// The joint register as a subgraph module: everything startSubgraph needs to run it.
import { join } from 'node:path';
import { homeMunicipalitiesAndRestrictionsFrom, JOINT_HOME_MUNICIPALITIES } from '@cg/shared/src/graphql/home-municipalities';
import type { SubgraphModule } from '@cg/shared/src/graphql/run';
import { PrismaClient } from './generated/prisma/client';
import { createLoaders, Loaders } from './loaders';
import { jointRecords } from './records';
import { resolvers } from './resolvers';
import { seedJoint } from './seed';
import { cooperationResolvers } from './cooperation';
import { seedCooperation } from './cooperation-seed';
import { restrictionsInForce, rightsResolvers } from './rights';
import { legalHoldMutations, legalHoldResolvers } from './legal-holds';
import { noticeTimingFromEnv, startHomeMunicipalityNotices } from './home-municipality-notices';
import { identityCodeLookupRateFromEnv } from '@cg/shared/src/graphql/limits';
import { statisticsMinimum } from '@cg/shared/src/cooperation/statistics';
import { startFinalReportNotices } from './final-report';

export const jointSubgraph: SubgraphModule<PrismaClient, Loaders> = {
  name: 'joint',
  register: 'JOINT',
  defaultPort: 4101,
  dir: join(__dirname, '..'),
  createPrisma: (adapter) => new PrismaClient({ adapter }),
  createLoaders,
  // The cooperation model (./cooperation.ts) beside the customer register's own resolvers.
  resolvers: {
    ...resolvers, ...cooperationResolvers,
    Query: { ...resolvers.Query, ...cooperationResolvers.Query, ...rightsResolvers.Query },
    Mutation: { ...resolvers.Mutation, ...cooperationResolvers.Mutation, ...rightsResolvers.Mutation, ...legalHoldMutations },
    // The requests of the data subject (./rights.ts) and legal holds on the person's data (./legal-holds.ts,
    // seed 003 Liite 7 § 9).
    Customer: { ...resolvers.Customer, ...rightsResolvers.Customer, ...legalHoldResolvers.Customer },
    DataSubjectRequest: rightsResolvers.DataSubjectRequest,
    ProcessingRestriction: rightsResolvers.ProcessingRestriction,
  } as unknown as SubgraphModule<PrismaClient, Loaders>['resolvers'],
  // The joint register keeps the home municipality as identification data (381/2023 § 11 (1)).
  homeMunicipalities: (db) => async (ids) => {
    const rows = await db.customer.findMany({ where: { id: { in: [...ids] } }, select: { id: true, homeMunicipality: true } });
    const byId = new Map(rows.map((row) => [row.id, row.homeMunicipality]));
    return ids.map((id) => byId.get(id) ?? null);
  },
  // Restrictions of processing in force (GDPR art. 18), for the rules (./rights.ts).
  processingRestrictions: restrictionsInForce,
  // Both in one statement for officials, whose decisions read both (issue 11).
  homeMunicipalitiesAndRestrictions: (db) => homeMunicipalitiesAndRestrictionsFrom(db, JOINT_HOME_MUNICIPALITIES),
  // Its outboxes' timing, the identity-code look-up budget and the statistics' smallest cell: a bad value
  // stops the start rather than failing each request.
  checkSettings: (env) => {
    noticeTimingFromEnv(env);
    identityCodeLookupRateFromEnv(env);
    statisticsMinimum(env);
  },
  seed: async (db, log) => {
    const seeded = await seedJoint(db, log);
    await seedCooperation(db, log);
    return seeded;
  },
  // Consents and disclosure records for the others; and the notices of home municipalities to their registers.
  // Final reports of ended customerships to the employment register (./final-report.ts), likewise an outbox.
  local: (db, verifyToken, log, verifyService, signService, env) => {
    const timing = noticeTimingFromEnv(env);
    let stops: (() => void)[] = [];
    return {
      ...jointRecords(db, verifyToken, log, verifyService),
      start: () => { stops = [startHomeMunicipalityNotices(db, signService, log, timing), startFinalReportNotices(db, signService, log, timing)]; },
      stop: () => { for (const stop of stops) stop(); stops = []; },
    };
  },
};
