// The wellbeing services county's register as a subgraph module: everything startSubgraph needs to run
// it. Consents and disclosure records live in the joint register, which the frame reaches over HTTP.
import { homeMunicipalitiesAndRestrictionsFrom, homeMunicipalitiesFrom } from '@cg/shared/src/graphql/home-municipalities';
import { join } from 'node:path';
import { ownRestrictionsInForce } from '@cg/shared/src/rights/restrictions';
import type { SubgraphModule } from '@cg/shared/src/graphql/run';
import { PrismaClient } from './generated/prisma/client';
import { createLoaders, Loaders } from './loaders';
import { resolvers } from './resolvers';
import { statisticsResolvers } from './statistics';
import { seedWellbeing } from './seed';

export const wellbeingSubgraph: SubgraphModule<PrismaClient, Loaders> = {
  name: 'wellbeing',
  register: 'WELLBEING',
  defaultPort: 4103,
  dir: join(__dirname, '..'),
  createPrisma: (adapter) => new PrismaClient({ adapter }),
  createLoaders,
  // The register's anonymised statistics for the cooperation model (./statistics.ts) beside its own resolvers.
  resolvers: { ...resolvers, ...statisticsResolvers } as unknown as SubgraphModule<PrismaClient, Loaders>['resolvers'],
  homeMunicipalities: (db) => homeMunicipalitiesFrom(db.customerHomeMunicipality),
  // Restrictions of processing in force in this register (GDPR art. 18).
  processingRestrictions: (db) => ownRestrictionsInForce(db.processingRestriction),
  // Both in one statement for officials, whose decisions read both (issue 11).
  homeMunicipalitiesAndRestrictions: (db) => homeMunicipalitiesAndRestrictionsFrom(db),
  seed: seedWellbeing,
};
