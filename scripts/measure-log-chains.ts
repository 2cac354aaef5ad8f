// A micro-measurement of what the tamper-evident log chains (shared/src/logs/chain.ts) cost, on an
// embedded PGlite database with Kela's migrations (or PostgreSQL: KELA_DATABASE_URL):
//   flock /tmp/bench.lock npx tsx scripts/measure-log-chains.ts [entries=2000]
// 1. the request's path: one access-log insert (createMany of one row, as a read request writes it) with the
//    chain's two indexes on the table, and without them (dropped: the table as it was before the chains);
// 2. the sealer: time per entry sealed (hash, update through the append-only trigger, one signature a batch)
//    and the longest seal transaction for one second's worth of entries at 200 requests/s;
// 3. verification: time per entry.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { generateServiceKeyPair } from '../shared/src/auth/service-tokens';
import { openDatabase } from '../shared/src/db/database';
import { chainSpec, sealChain, verifyChain } from '../shared/src/logs/chain';
import { createLogSigner } from '../shared/src/logs/signing';
import { REPO_ROOT } from '../shared/src/subgraphs';
import { PrismaClient } from '../subgraphs/kela/src/generated/prisma/client';

const N = Number(process.argv[2] ?? 2000);
const row = () => ({
  id: randomUUID(), requestId: randomUUID(), actorId: 'kela-benefit-expert-1', actorOrganisationKind: 'KELA', actorOrganisationId: 'kela',
  actorRoles: ['KELA_BENEFIT_EXPERT'], customerIds: [randomUUID(), randomUUID()], categories: ['KELA_BENEFITS', 'CUSTOMER_KEY'], operation: 'READ',
  operationName: 'CustomerView', outcome: 'ALLOWED',
});

async function main() {
  const database = await openDatabase({ databaseUrl: process.env.KELA_DATABASE_URL, dataDir: 'memory://', migrationsDir: join(REPO_ROOT, 'subgraphs', 'kela', 'prisma', 'migrations') });
  const db = new PrismaClient({ adapter: database.adapter });
  const { privateJwk } = await generateServiceKeyPair('KELA');
  const signer = await createLogSigner('KELA', { SERVICE_PRIVATE_JWK: JSON.stringify(privateJwk) });
  const spec = chainSpec('KELA', 'ACCESS_LOG');
  const inserts = async (n: number) => {
    const started = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await db.accessLogEntry.createMany({ data: [row()] });
    return Number(process.hrtime.bigint() - started) / 1e3 / n;
  };
  await inserts(200); // warm-up
  await sealChain(db, signer, spec);
  const withIndexes: number[] = [];
  const without: number[] = [];
  // Alternating rounds, so that a busy machine weighs on both alike.
  for (let round = 0; round < 5; round++) {
    withIndexes.push(await inserts(N));
    await sealChain(db, signer, spec);
    await database.execute('DROP INDEX "AccessLogEntry_chainSeq_key"; DROP INDEX "AccessLogEntry_unsealed_idx";');
    without.push(await inserts(N));
    await sealChain(db, signer, spec);
    await database.execute(`CREATE UNIQUE INDEX "AccessLogEntry_chainSeq_key" ON "AccessLogEntry"("chainSeq") WHERE "chainSeq" IS NOT NULL;
      CREATE INDEX "AccessLogEntry_unsealed_idx" ON "AccessLogEntry"("at", "id") WHERE "chainSeq" IS NULL;`);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`insert of one access-log entry: ${median(withIndexes).toFixed(0)} µs with the chain's indexes, ${median(without).toFixed(0)} µs without (median of 5 rounds of ${N}; rounds: ${withIndexes.map((x) => x.toFixed(0)).join('/')} vs ${without.map((x) => x.toFixed(0)).join('/')})`);

  await inserts(N);
  let started = process.hrtime.bigint();
  const { sealed } = await sealChain(db, signer, spec);
  const sealUs = Number(process.hrtime.bigint() - started) / 1e3;
  console.log(`sealing ${sealed} entries: ${(sealUs / 1000).toFixed(0)} ms, ${(sealUs / sealed).toFixed(0)} µs per entry`);
  const seconds: number[] = [];
  for (let i = 0; i < 5; i++) {
    await inserts(200);
    started = process.hrtime.bigint();
    await sealChain(db, signer, spec);
    seconds.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  console.log(`one seal of 200 entries (a second at 200 requests/s): ${seconds.map((x) => x.toFixed(1)).join(', ')} ms`);
  const empty: number[] = [];
  for (let i = 0; i < 5; i++) {
    started = process.hrtime.bigint();
    await sealChain(db, signer, spec);
    empty.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  console.log(`an idle seal (nothing new): ${empty.map((x) => x.toFixed(1)).join(', ')} ms`);
  started = process.hrtime.bigint();
  const report = await verifyChain(db, 'KELA', spec, signer.publicJwks);
  const verifyUs = Number(process.hrtime.bigint() - started) / 1e3;
  console.log(`verifying ${report.entries} entries (intact: ${report.intact}): ${(verifyUs / 1000).toFixed(0)} ms, ${(verifyUs / report.entries).toFixed(1)} µs per entry`);
  await db.$disconnect();
  await database.close();
}

main().catch((error) => { console.error(error); process.exit(1); });
