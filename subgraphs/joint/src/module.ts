// The joint register as a subgraph module: everything startSubgraph needs to run it.
import { join } from 'node:path';
import type { SubgraphModule } from '@cg/shared/src/graphql/run';
import { PrismaClient } from './generated/prisma/client';
import { createLoaders, Loaders } from './loaders';
import { jointRecords } from './records';
import { resolvers } from './resolvers';
import { seedJoint } from './seed';

export const jointSubgraph: SubgraphModule<PrismaClient, Loaders> = {
  name: 'joint',
  register: 'JOINT',
  defaultPort: 4101,
  dir: join(__dirname, '..'),
  createPrisma: (adapter) => new PrismaClient({ adapter }),
  createLoaders,
  resolvers: resolvers as SubgraphModule<PrismaClient, Loaders>['resolvers'],
  // The joint register keeps the home municipality as identification data (381/2023 § 11 (1)).
  homeMunicipalities: (db) => async (ids) => {
    const rows = await db.customer.findMany({ where: { id: { in: [...ids] } }, select: { id: true, homeMunicipality: true } });
    const byId = new Map(rows.map((row) => [row.id, row.homeMunicipality]));
    return ids.map((id) => byId.get(id) ?? null);
  },
  seed: seedJoint,
  local: jointRecords,
};
