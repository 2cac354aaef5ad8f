// What one request's access-log records cost per customer they name (issue 11: the law's share of the CPU at 500
// customers; BENCHMARKS.md, session 36): the employment register's migrations on an embedded PGlite in memory, the
// entry written as a request writes it (insertAccessLogEntries) and sealed as the sealer seals it (sealChain), CPU of
// this process (PGlite runs in it) per entry for each step:
//   flock /tmp/bench.lock npx tsx scripts/bench/access-log-entry.ts [--customers 500] [--entries 300] [--variant V]
// Variants, each a change to the table measured and not taken: `external` (the customers' column stored without
// compression), `no-gin` (without the customers' index, which the customer's own view and the auditor's filter by
// customer read). Run each variant in its own process, alternating, on a quiet machine.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { generateServiceKeyPair } from '../../shared/src/auth/service-tokens';
import { openDatabase } from '../../shared/src/db/database';
import { insertAccessLogEntries } from '../../shared/src/graphql/audit';
import { chainSpec, sealChain } from '../../shared/src/logs/chain';
import { createLogSigner } from '../../shared/src/logs/signing';
import { REPO_ROOT } from '../../shared/src/subgraphs';
import { PrismaClient } from '../../subgraphs/employment/src/generated/prisma/client';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const CUSTOMERS = Number(option('customers', '500'));
const ENTRIES = Number(option('entries', '300'));
const VARIANT = option('variant', 'as-is');
const VARIANTS: Record<string, string> = {
  'as-is': '',
  external: 'ALTER TABLE "AccessLogEntry" ALTER COLUMN "customerIds" SET STORAGE EXTERNAL;',
  'no-gin': 'DROP INDEX "AccessLogEntry_customerIds_sealed_idx";',
};
if (!(VARIANT in VARIANTS)) throw new Error(`--variant must be one of ${Object.keys(VARIANTS).join(', ')}, not "${VARIANT}"`);

/** CPU milliseconds (user + system) of this process spent in `work`. */
async function cpuMs(work: () => Promise<unknown>): Promise<number> {
  const before = process.cpuUsage();
  await work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

async function main() {
  const database = await openDatabase({ dataDir: 'memory://', migrationsDir: join(REPO_ROOT, 'subgraphs', 'employment', 'prisma', 'migrations') });
  const db = new PrismaClient({ adapter: database.adapter });
  if (VARIANTS[VARIANT]) await database.execute(VARIANTS[VARIANT]);
  const { privateJwk } = await generateServiceKeyPair('EMPLOYMENT');
  const signer = await createLogSigner('EMPLOYMENT', { SERVICE_PRIVATE_JWK: JSON.stringify(privateJwk) });
  const spec = chainSpec('EMPLOYMENT', 'ACCESS_LOG');
  // One official's caseload: the same customers named by every entry, as a page read again and again.
  const customerIds = Array.from({ length: CUSTOMERS }, () => randomUUID());
  const entry = () => ({
    id: randomUUID(), requestId: randomUUID(), actorId: 'employment-official-1', actorOrganisationKind: 'EMPLOYMENT_AUTHORITY',
    actorOrganisationId: 'employment-area-1', actorRoles: ['JOINT_SERVICE_OFFICIAL'], customerIds,
    categories: ['CUSTOMER_KEY', 'EMPLOYMENT_JOB_SEEKER'], operation: 'READ', operationName: 'Caseload', outcome: 'ALLOWED',
  });
  const write = async (n: number) => { for (let i = 0; i < n; i++) await insertAccessLogEntries(db, [entry()]); };
  await write(30); // warm-up
  await sealChain(db, signer, spec);
  const insert = await cpuMs(() => write(ENTRIES));
  const seal = await cpuMs(() => sealChain(db, signer, spec));
  console.log(`${VARIANT}: one access-log entry naming ${CUSTOMERS} customers, CPU ms per entry over ${ENTRIES}: `
    + `insert ${(insert / ENTRIES).toFixed(2)}, seal ${(seal / ENTRIES).toFixed(2)}, both ${((insert + seal) / ENTRIES).toFixed(2)}`);
  await db.$disconnect();
  await database.close();
}

main().catch((error) => { console.error(error); process.exit(1); });
