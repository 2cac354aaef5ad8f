// Prints the SQL that creates a subgraph's schema.prisma from empty, as a first migration draft:
//   npm run migration:draft -- joint > subgraphs/joint/prisma/migrations/<timestamp>_init/migration.sql
// Later changes are written as ALTER statements by hand; the migration test catches any drift.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSql, parsePrismaSchema } from '../shared/src/db/prisma-schema';

const subgraph = process.argv[2];
if (!subgraph) {
  console.error('usage: migration-draft <subgraph>');
  process.exit(2);
}
process.stdout.write(createSql(parsePrismaSchema(readFileSync(join('subgraphs', subgraph, 'prisma', 'schema.prisma'), 'utf8'))));
