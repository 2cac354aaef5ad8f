// The chain functions of the tamper-evident logs (../src/logs/chain.ts) on a real database: the joint
// register's migrations on an embedded PGlite, or on PostgreSQL when TEST_DATABASE_URL is set
// (`npx tsx scripts/with-postgres.ts npm test -- shared/tests/log-chain.test.ts`). Rows are tampered
// with as a database superuser would: with the append-only triggers switched off for the transaction.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { generateServiceKeyPair } from '../src/auth/service-tokens';
import { Database, bindClient, openDatabase } from '../src/db/database';
import {
  ChainBrokenError, LOG_CHAINS, canonicalContent, chainSpec, entryHash, genesisHash, pruneChainBefore, pruneRegisterLogs, sealChain, startLogSealer, verifyChain,
} from '../src/logs/chain';
import { LogSigner, createLogSigner } from '../src/logs/signing';
import { REPO_ROOT } from '../src/subgraphs';
import { createDatabases } from '../../tests/support/postgres';
import { PrismaClient } from '../../subgraphs/joint/src/generated/prisma/client';

const ACCESS = chainSpec('JOINT', 'ACCESS_LOG');
const DISCLOSURES = chainSpec('JOINT', 'DISCLOSURE_RECORDS');
const CUSTOMER = '11111111-1111-4111-8111-111111111111';

let database: Database;
let db: PrismaClient;
let signer: LogSigner;
let drop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  const postgres = process.env.TEST_DATABASE_URL ? await createDatabases(process.env.TEST_DATABASE_URL, ['chains']) : undefined;
  drop = postgres?.drop;
  database = await openDatabase({ databaseUrl: postgres?.urls.chains, dataDir: 'memory://', migrationsDir: join(REPO_ROOT, 'subgraphs', 'joint', 'prisma', 'migrations') });
  db = new PrismaClient({ adapter: database.adapter });
  const { privateJwk } = await generateServiceKeyPair('JOINT');
  signer = await createLogSigner('JOINT', { SERVICE_PRIVATE_JWK: JSON.stringify(privateJwk) });
});
afterAll(async () => {
  await db?.$disconnect();
  await database?.close();
  await drop?.();
});

/** Writes `n` access-log entries the way the subgraphs do (one createMany), `minutesAgo` old. */
async function writeEntries(n: number, minutesAgo = 0) {
  const at = new Date(Date.now() - minutesAgo * 60_000);
  const rows = Array.from({ length: n }, (_, i) => ({
    id: randomUUID(), at: new Date(at.getTime() + i), requestId: randomUUID(), actorId: `official-${i}`, actorOrganisationKind: 'EMPLOYMENT',
    actorOrganisationId: 'te', actorRoles: ['EMPLOYMENT_EXPERT'], customerIds: [CUSTOMER], categories: ['JOINT_IDENTIFICATION'],
    operation: 'READ', operationName: i % 2 ? null : 'View', outcome: 'ALLOWED',
  }));
  await db.accessLogEntry.createMany({ data: rows });
  return rows.map((r) => r.id);
}

/** As a superuser who switches the append-only triggers off for one transaction. */
const tamper = (sql: string) => database.execute(`BEGIN; SET LOCAL session_replication_role = replica; ${sql}; COMMIT;`);
const verify = (spec = ACCESS) => verifyChain(db, 'JOINT', spec, signer.publicJwks);
const idAt = async (seq: number) => (await database.query<{ id: string }>('SELECT id FROM "AccessLogEntry" WHERE "chainSeq" = $1', [seq]))[0].id;

describe('the hash of an entry', () => {
  it('covers the content, the place and the previous hash, and leaves nulls and the chain columns out', () => {
    const content = canonicalContent({ b: 1, a: ['x'], c: null, chainSeq: '5', chainHash: 'h' });
    expect(content).toBe('{"a":["x"],"b":1}');
    const genesis = genesisHash('JOINT', 'ACCESS_LOG');
    expect(genesis).not.toBe(genesisHash('KELA', 'ACCESS_LOG'));
    const hash = entryHash(genesis, 1, content);
    expect(hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(entryHash(genesis, 2, content)).not.toBe(hash);
    expect(entryHash(hash, 1, content)).not.toBe(hash);
    expect(entryHash(genesis, 1, '{"a":["y"],"b":1}')).not.toBe(hash);
  });
});

describe('a chain sealed and verified', () => {
  it('seals the entries in the order written, signs the head, and verifies intact', async () => {
    await writeEntries(30);
    const before = await verify();
    expect(before).toMatchObject({ intact: true, entries: 0, unsealed: 30 });
    const { sealed, head } = await sealChain(db, signer, ACCESS);
    expect(sealed).toBe(30);
    expect(head.seq).toBe(30);
    expect(await verify()).toMatchObject({ intact: true, entries: 30, sealedThrough: 30, unsealed: 0, prunedThrough: 0 });
    // Sealing again finds nothing new; new entries continue the chain.
    expect((await sealChain(db, signer, ACCESS)).sealed).toBe(0);
    await writeEntries(5);
    expect((await sealChain(db, signer, ACCESS)).head.seq).toBe(35);
    expect(await verify()).toMatchObject({ intact: true, entries: 35 });
  });

  it('the database refuses to change, delete or truncate a stored entry (allowed: the sealer sealing a new one)', async () => {
    const [id] = await writeEntries(1);
    const sealedId = await idAt(1);
    await expect(database.execute(`UPDATE "AccessLogEntry" SET "actorId" = 'someone-else' WHERE id = '${sealedId}'`)).rejects.toThrow(/append-only/);
    await expect(database.execute(`UPDATE "AccessLogEntry" SET "actorId" = 'someone-else' WHERE id = '${id}'`)).rejects.toThrow(/append-only/);
    await expect(database.execute(`DELETE FROM "AccessLogEntry" WHERE id = '${sealedId}'`)).rejects.toThrow(/append-only/);
    await expect(database.execute('TRUNCATE "AccessLogEntry"')).rejects.toThrow(/append-only/);
    // Even the sealer's own setting does not let a change of content through.
    await expect(database.execute(`SELECT set_config('customer_graph.log_sealing', 'on', true); UPDATE "AccessLogEntry" SET "chainSeq" = 999, "actorId" = 'x' WHERE id = '${id}'`))
      .rejects.toThrow(/append-only/);
    // Nor a change of a list, or of a value to null, made with the seal (the guard compares the rows by value).
    await expect(database.execute(`SELECT set_config('customer_graph.log_sealing', 'on', true); UPDATE "AccessLogEntry" SET "chainSeq" = 999, "customerIds" = ARRAY['${randomUUID()}'] WHERE id = '${id}'`))
      .rejects.toThrow(/append-only/);
    await expect(database.execute(`SELECT set_config('customer_graph.log_sealing', 'on', true); UPDATE "AccessLogEntry" SET "chainSeq" = 999, "operationName" = NULL WHERE id = '${id}'`))
      .rejects.toThrow(/append-only/);
    // A seal must give both a place and a hash: a hash alone would leave an entry that can never be sealed.
    await expect(database.execute(`SELECT set_config('customer_graph.log_sealing', 'on', true); UPDATE "AccessLogEntry" SET "chainHash" = 'x' WHERE id = '${id}'`))
      .rejects.toThrow(/append-only/);
    // No entry is stored sealed (it could be neither sealed again nor pruned, and every later seal would fail).
    await expect(database.execute(`INSERT INTO "AccessLogEntry" (id, "requestId", "actorId", "actorOrganisationKind", "actorOrganisationId", "actorRoles", "customerIds", categories, operation, outcome, "chainHash")
      VALUES ('${randomUUID()}', 'r', 'a', 'EMPLOYMENT', 'te', '{}', '{}', '{}', 'READ', 'ALLOWED', 'planted')`)).rejects.toThrow(/stored unsealed/);
    // Pruning's setting deletes only sealed entries.
    await expect(database.execute(`SELECT set_config('customer_graph.log_pruning', 'on', true); DELETE FROM "AccessLogEntry" WHERE id = '${id}'`))
      .rejects.toThrow(/append-only/);
    expect((await sealChain(db, signer, ACCESS)).sealed).toBe(1);
    expect(await verify()).toMatchObject({ intact: true, entries: 36 });
  });
});

describe('tampering is found, naming where', () => {
  // Each case tampers, checks, and puts the stored rows back as they were (as the superuser).
  let snapshot: string;
  beforeEach(async () => { [{ rows: snapshot }] = await database.query<{ rows: string }>('SELECT json_agg(t)::text AS rows FROM "AccessLogEntry" t'); });
  afterEach(async () => {
    await tamper(`DELETE FROM "AccessLogEntry"; INSERT INTO "AccessLogEntry" SELECT * FROM json_populate_recordset(NULL::"AccessLogEntry", '${snapshot.replace(/'/g, "''")}')`);
    expect(await verify()).toMatchObject({ intact: true });
  });

  it('an edited entry', async () => {
    const id = await idAt(7);
    await tamper(`UPDATE "AccessLogEntry" SET "actorId" = 'someone-else' WHERE "chainSeq" = 7`);
    expect(await verify()).toMatchObject({ intact: false, brokenAt: { seq: 7, entryId: id, reason: expect.stringContaining('not what was sealed') } });
  });

  it('a deleted entry', async () => {
    await tamper(`DELETE FROM "AccessLogEntry" WHERE "chainSeq" = 12`);
    expect(await verify()).toMatchObject({ intact: false, brokenAt: { seq: 12, reason: 'entry #12 is missing (deleted)' } });
  });

  it('the newest entries deleted', async () => {
    await tamper(`DELETE FROM "AccessLogEntry" WHERE "chainSeq" >= 35`);
    expect(await verify()).toMatchObject({ intact: false, brokenAt: { seq: 35, reason: expect.stringContaining('entries #35 to #36 are missing') } });
  });

  it('two entries swapped', async () => {
    await tamper(`UPDATE "AccessLogEntry" SET "chainSeq" = -1 WHERE "chainSeq" = 20; UPDATE "AccessLogEntry" SET "chainSeq" = 20 WHERE "chainSeq" = 21;
      UPDATE "AccessLogEntry" SET "chainSeq" = 21 WHERE "chainSeq" = -1`);
    expect(await verify()).toMatchObject({ intact: false, brokenAt: { seq: 20, reason: expect.stringContaining('its place in the chain') } });
  });

  it('an entry inserted in the middle (the later ones moved up a place)', async () => {
    await tamper(`UPDATE "AccessLogEntry" SET "chainSeq" = "chainSeq" + 1000 WHERE "chainSeq" >= 10;
      UPDATE "AccessLogEntry" SET "chainSeq" = "chainSeq" - 999 WHERE "chainSeq" >= 1010;
      INSERT INTO "AccessLogEntry" (id, "requestId", "actorId", "actorOrganisationKind", "actorOrganisationId", "actorRoles", "customerIds", categories, operation, outcome, "chainSeq", "chainHash")
      SELECT '${randomUUID()}', "requestId", 'forged', "actorOrganisationKind", "actorOrganisationId", "actorRoles", "customerIds", categories, operation, outcome, 10, "chainHash" FROM "AccessLogEntry" WHERE "chainSeq" = 11`);
    expect(await verify()).toMatchObject({ intact: false, brokenAt: { seq: 10, reason: expect.stringContaining('not what was sealed') } });
  });

  it('a chain rewritten consistently from an entry on (every hash recomputed): the signed head does not match', async () => {
    const rows = await database.query<{ seq: string; content: string }>(
      `SELECT "chainSeq"::text AS seq, (to_jsonb(t) - 'chainSeq' - 'chainHash')::text AS content FROM "AccessLogEntry" t WHERE "chainSeq" IS NOT NULL ORDER BY "chainSeq"`);
    let hash = genesisHash('JOINT', 'ACCESS_LOG');
    const updates: string[] = [];
    for (const row of rows) {
      const content = JSON.parse(row.content);
      if (row.seq === '30') content.actorId = 'someone-else';
      hash = entryHash(hash, Number(row.seq), canonicalContent(content));
      if (Number(row.seq) >= 30) updates.push(`UPDATE "AccessLogEntry" SET "chainHash" = '${hash}'${row.seq === '30' ? `, "actorId" = 'someone-else'` : ''} WHERE "chainSeq" = ${row.seq}`);
    }
    await tamper(updates.join(';'));
    expect(await verify()).toMatchObject({ intact: false, brokenAt: { seq: 36, reason: expect.stringContaining('does not end in the signed head') } });
  });

  it('a forged head signature', async () => {
    const { privateJwk } = await generateServiceKeyPair('JOINT');
    const forger = await createLogSigner('JOINT', { SERVICE_PRIVATE_JWK: JSON.stringify(privateJwk) });
    const [head] = await database.query<{ seq: string; hash: string; signature: string }>('SELECT seq::text AS seq, hash, signature FROM "LogChainHead" WHERE chain = \'ACCESS_LOG\'');
    const forged = await forger.sign({ register: 'JOINT', chain: 'ACCESS_LOG', kind: 'HEAD', seq: Number(head.seq), hash: head.hash });
    await database.execute(`UPDATE "LogChainHead" SET signature = '${forged}' WHERE chain = 'ACCESS_LOG'`);
    expect(await verify()).toMatchObject({ intact: false, brokenAt: { seq: 36, reason: expect.stringContaining('signature is not valid') } });
    await database.execute(`UPDATE "LogChainHead" SET signature = '${head.signature}' WHERE chain = 'ACCESS_LOG'`);
  });
});

describe('retention pruning (pruneChainBefore)', () => {
  it('deletes the entries before the cutoff, leaves a signed checkpoint, and the rest still verifies; idempotent', async () => {
    const old = await writeEntries(10, 60 * 24 * 400);
    await sealChain(db, signer, ACCESS);
    // The old ones were sealed after the 36 newer ones: they are not at the front, so none is due yet.
    const cutoff = new Date(Date.now() - 60 * 60_000 * 24 * 365);
    const notAtFront = await pruneChainBefore(db, signer, 'ACCESS_LOG', cutoff, { dryRun: true });
    expect(notAtFront).toMatchObject({ pruned: 0, throughSeq: 0 });
    // Everything written before now: a dry run counts, changes nothing.
    const now = new Date(Date.now() + 1000);
    const dry = await pruneChainBefore(db, signer, 'ACCESS_LOG', now, { dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, pruned: 46, throughSeq: 46 });
    expect(dry.checkpointId).toBeUndefined();
    expect(await verify()).toMatchObject({ intact: true, entries: 46 });
    // For real, but only up to an entry in the middle: the first 20 (by time) go.
    const [twentyFirst] = await database.query<{ at: string }>(`SELECT (to_jsonb(at) #>> '{}') || 'Z' AS at FROM "AccessLogEntry" WHERE "chainSeq" = 21`);
    const done = await pruneChainBefore(db, signer, 'ACCESS_LOG', new Date(twentyFirst.at));
    expect(done).toMatchObject({ dryRun: false, pruned: 20, throughSeq: 20, checkpointId: expect.any(String) });
    expect(await verify()).toMatchObject({ intact: true, entries: 26, prunedThrough: 20, sealedThrough: 46 });
    expect(await pruneChainBefore(db, signer, 'ACCESS_LOG', new Date(twentyFirst.at))).toMatchObject({ pruned: 0, throughSeq: 20 });
    // The checkpoint itself is append-only.
    await expect(database.execute('DELETE FROM "LogChainCheckpoint"')).rejects.toThrow(/append-only/);
    // Deleting the checkpoint behind the database's back shows the pruned entries as missing.
    const [{ rows: checkpoints }] = await database.query<{ rows: string }>('SELECT json_agg(t)::text AS rows FROM "LogChainCheckpoint" t');
    await tamper('DELETE FROM "LogChainCheckpoint"');
    expect(await verify()).toMatchObject({ intact: false, brokenAt: { seq: 1, reason: 'entries #1 to #20 are missing (deleted)' } });
    await tamper(`INSERT INTO "LogChainCheckpoint" (id, chain, "throughSeq", hash, "prunedCount", cutoff, signature)
      VALUES ('${done.checkpointId}', 'ACCESS_LOG', 20, 'x', 20, now(), 'forged')`);
    expect(await verify()).toMatchObject({ intact: false, brokenAt: { seq: 20, reason: expect.stringContaining('pruning checkpoint through entry #20') } });
    await tamper(`DELETE FROM "LogChainCheckpoint"; INSERT INTO "LogChainCheckpoint" SELECT * FROM json_populate_recordset(NULL::"LogChainCheckpoint", '${checkpoints}')`);
    expect(await verify()).toMatchObject({ intact: true, entries: 26, prunedThrough: 20 });
    expect(old).toHaveLength(10);
  });

  it('pruneRegisterLogs (for the retention run) prunes each chain named, with the register\'s key', async () => {
    const { privateJwk } = await generateServiceKeyPair('JOINT');
    const env = { SERVICE_PRIVATE_JWK: JSON.stringify(privateJwk) };
    // Signed with another key than this chain's: the verification before pruning refuses, nothing deleted.
    await expect(pruneRegisterLogs(db, 'JOINT', { ACCESS_LOG: new Date() }, { env })).rejects.toThrow(/signature is not valid/);
    const dry = await pruneRegisterLogs(db, 'JOINT', { ACCESS_LOG: new Date() }, { dryRun: true, env: { SERVICE_PRIVATE_JWK: JSON.stringify(privateJwk) }, keys: signer.publicJwks });
    expect(dry).toEqual([expect.objectContaining({ register: 'JOINT', chain: 'ACCESS_LOG', dryRun: true, pruned: 26, throughSeq: 46 })]);
    expect(await verify()).toMatchObject({ intact: true, entries: 26 });
  });

  it('refuses to prune a broken chain (the evidence stays)', async () => {
    const db2 = database;
    await tamper(`DELETE FROM "DisclosureRecord"`);
    await db.disclosureRecord.createMany({ data: [1, 2, 3].map((i) => ({
      id: randomUUID(), customerId: CUSTOMER, disclosedAt: new Date(Date.now() - i * 1000), register: 'JOINT', recipientId: 'employer-1', recipientType: 'EMPLOYER',
      recipientOrganisationId: 'acme', consentId: randomUUID(), purpose: 'JOB_PLACEMENT', categories: ['JOINT_IDENTIFICATION'], fields: ['Customer.lastName'], requestId: randomUUID(),
    })) });
    expect((await sealChain(db, signer, DISCLOSURES)).sealed).toBe(3);
    expect(await verify(DISCLOSURES)).toMatchObject({ intact: true, entries: 3 });
    await tamper(`UPDATE "DisclosureRecord" SET purpose = 'EDUCATION' WHERE "chainSeq" = 2`);
    await expect(pruneChainBefore(db, signer, 'DISCLOSURE_RECORDS', new Date())).rejects.toThrow(ChainBrokenError);
    await expect(pruneChainBefore(db, signer, 'DISCLOSURE_RECORDS', new Date())).rejects.toThrow('broken at entry #2');
    expect(await db2.query('SELECT id FROM "DisclosureRecord"')).toHaveLength(3);
  });
});

describe('sealing through the driver (a register\'s client bound to its database, as every service runs)', () => {
  it('seals in one driver transaction: the chain verifies, and a seal that fails half-way leaves nothing sealed', async () => {
    const bound = new PrismaClient({ adapter: database.adapter });
    bindClient(bound, database);
    try {
      const before = (await verify()).sealedThrough;
      await writeEntries(3);
      // The head cannot be signed: the entries' places and hashes, written before it, are rolled back with it.
      const failing: LogSigner = { ...signer, sign: async () => { throw new Error('no key'); } };
      await expect(sealChain(bound, failing, ACCESS)).rejects.toThrow('no key');
      expect(await verify()).toMatchObject({ intact: true, sealedThrough: before, unsealed: 3 });
      const { sealed, head } = await sealChain(bound, signer, ACCESS);
      expect({ sealed, seq: head.seq }).toEqual({ sealed: 3, seq: before + 3 });
      // Verified through Prisma's path: both paths read and hash an entry alike.
      expect(await verify()).toMatchObject({ intact: true, sealedThrough: before + 3, unsealed: 0 });
      // A seal that hangs (here its signature never comes) is rolled back at the time limit, and the connection
      // serves again; a late statement of the abandoned work does not run outside the transaction.
      await writeEntries(1);
      let step!: (query: (sql: string) => Promise<unknown>) => void;
      const stepped = new Promise<(sql: string) => Promise<unknown>>((resolve) => { step = resolve; });
      await expect(database.transaction(async (tx) => {
        await tx.query(`UPDATE "AccessLogEntry" SET "operationName" = 'never' WHERE false`);
        step((sql) => tx.query(sql));
        return new Promise(() => undefined);
      }, 300)).rejects.toThrow('longer than 300 ms');
      await expect((await stepped)('SELECT 1 AS one')).rejects.toThrow('the transaction is over');
      expect(await verify()).toMatchObject({ intact: true, unsealed: 1 });
      expect((await sealChain(bound, signer, ACCESS)).sealed).toBe(1);
    } finally {
      await bound.$disconnect();
    }
  });
});

describe('the sealer', () => {
  it('seals new entries of every chain of the register shortly after they are written, and once more when stopped', async () => {
    expect(LOG_CHAINS.JOINT.map((c) => c.chain)).toEqual(['ACCESS_LOG', 'DISCLOSURE_RECORDS']);
    const sealer = startLogSealer(db, signer, { intervalMs: 100 });
    await writeEntries(3);
    for (const deadline = Date.now() + 5000; (await verify()).unsealed > 0 && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 50));
    expect(await verify()).toMatchObject({ unsealed: 0 });
    await writeEntries(2);
    await sealer.stop();
    expect(await verify()).toMatchObject({ unsealed: 0, intact: true });
  });
});
