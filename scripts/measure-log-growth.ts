// Growth with time inside one process (issue 11): on a copy of a register's embedded database, repeats N times
// what a caseload request of the joint register does to its access log (the insert of one entry copied from the
// newest real one, a caseload of 100 names 100 customers), a seal by the register's own sealer every 10 entries
// (shared/src/logs/chain.ts), and two caseload-like reads; prints per 1,000 iterations the CPU ms of each part
// and the database's size. Arguments after N of the form "sql:..." run first (e.g. a migration being tried).
//
//   cp -a DATA/joint/pglite /tmp/copy && npx tsx scripts/measure-log-growth.ts /tmp/copy 12000
import { PGlite } from '@electric-sql/pglite';
import { LOG_CHAINS, sealChain } from '../shared/src/logs/chain';
import { createLogSigner } from '../shared/src/logs/signing';
const [dir, nArg, ...flags] = process.argv.slice(2);
const N = Number(nArg ?? 12000);
(async () => {
  const db = await PGlite.create(dir);
  const chainDb = {
    $queryRawUnsafe: async (sql: string, ...values: unknown[]) => (await db.query(sql, values)).rows,
    $transaction: <T>(fn: (tx: unknown) => Promise<T>) => db.transaction((tx) => fn({ $queryRawUnsafe: async (sql: string, ...values: unknown[]) => (await tx.query(sql, values)).rows })),
  };
  const signer = await createLogSigner('JOINT');
  const t = (await db.query<any>(`SELECT * FROM "AccessLogEntry" ORDER BY at DESC LIMIT 1`)).rows[0];
  const ids = t.customerIds as string[];
  for (const f of flags) if (f.startsWith('sql:')) await db.exec(f.slice(4));
  let w = { ins: 0, seal: 0, read: 0, n: 0 };
  const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  for (let i = 1; i <= N; i++) {
    let c = cpu();
    await db.query(`INSERT INTO "AccessLogEntry" (id, "requestId", "actorId", "actorOrganisationKind", "actorOrganisationId", "actorRoles", "customerIds", categories, operation, "operationName", outcome)
      VALUES (gen_random_uuid(), gen_random_uuid()::text, $1, $2, $3, $4, $5, $6, $7, $8, $9)`, [t.actorId, t.actorOrganisationKind, t.actorOrganisationId, t.actorRoles, ids, t.categories, t.operation, t.operationName, t.outcome]);
    let d = cpu(); w.ins += d - c; c = d;
    if (i % 10 === 0) { for (const spec of LOG_CHAINS.JOINT) await sealChain(chainDb as never, signer, spec); d = cpu(); w.seal += d - c; c = d; }
    await db.query(`SELECT id, "firstNames", "lastName", "homeMunicipality" FROM "Customer" WHERE id = ANY($1)`, [ids]);
    await db.query(`SELECT id, "customerId" FROM "Meeting" WHERE "customerId" = ANY($1)`, [ids]);
    d = cpu(); w.read += d - c;
    w.n++;
    if (i % 1000 === 0) {
      const size = (await db.query<any>(`SELECT pg_database_size(current_database()) s`)).rows[0].s;
      console.log(`${i}\tinsert ${(w.ins / w.n).toFixed(2)}\tseal/10 ${(w.seal / w.n).toFixed(2)}\treads ${(w.read / w.n).toFixed(2)}\tdb ${(size / 2 ** 20).toFixed(0)} MB\trss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
      w = { ins: 0, seal: 0, read: 0, n: 0 };
    }
  }
  await db.close();
})();
