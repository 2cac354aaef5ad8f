// Redaction in a hash chain (../src/logs/chain.ts redactEntries, chain version 2) on a real database: the
// joint register's migrations on an embedded PGlite (or PostgreSQL with TEST_DATABASE_URL). A deleted
// person's disclosure records are emptied of personal data while the chain still verifies; entries sealed
// before the migration `disclosure_record_redaction` (version 1) are verified the old way and kept; any edit
// of a redacted or an unredacted entry is found. Rows are tampered with as a database superuser would: with
// the append-only triggers switched off for the transaction.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { generateServiceKeyPair } from '../src/auth/service-tokens';
import { Database, openDatabase } from '../src/db/database';
import {
  RedactionRefusedError, canonicalContent, chainSpec, contentDigest, entryHash, entryHashV2, genesisHash, redactEntries, sealChain, splitContent, verifyChain,
} from '../src/logs/chain';
import { LogSigner, createLogSigner } from '../src/logs/signing';
import { REPO_ROOT } from '../src/subgraphs';
import { createDatabases } from '../../tests/support/postgres';
import { PrismaClient } from '../../subgraphs/joint/src/generated/prisma/client';

const DISCLOSURES = chainSpec('JOINT', 'DISCLOSURE_RECORDS');
const GONE = '22222222-2222-4222-8222-222222222222';
const STAYS = '33333333-3333-4333-8333-333333333333';

let database: Database;
let db: PrismaClient;
let signer: LogSigner;
let drop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  const postgres = process.env.TEST_DATABASE_URL ? await createDatabases(process.env.TEST_DATABASE_URL, ['redaction']) : undefined;
  drop = postgres?.drop;
  database = await openDatabase({ databaseUrl: postgres?.urls.redaction, dataDir: 'memory://', migrationsDir: join(REPO_ROOT, 'subgraphs', 'joint', 'prisma', 'migrations') });
  db = new PrismaClient({ adapter: database.adapter });
  const { privateJwk } = await generateServiceKeyPair('JOINT');
  signer = await createLogSigner('JOINT', { SERVICE_PRIVATE_JWK: JSON.stringify(privateJwk) });
});
afterAll(async () => {
  await db?.$disconnect();
  await database?.close();
  await drop?.();
});

/** Writes disclosure records of `customerId` the way the joint register does. */
async function disclose(customerId: string, n: number) {
  const rows = Array.from({ length: n }, (_, i) => ({
    id: randomUUID(), customerId, disclosedAt: new Date(Date.now() + i), register: 'JOINT', recipientId: `employer-x:hr-${i}`, recipientType: 'EMPLOYER',
    recipientOrganisationId: 'employer-x', consentId: randomUUID(), purpose: 'JOB_PLACEMENT', categories: ['JOINT_IDENTIFICATION'],
    fields: ['Customer.lastName'], requestId: randomUUID(),
  }));
  await db.disclosureRecord.createMany({ data: rows });
  return rows.map((r) => r.id);
}
const tamper = (sql: string) => database.execute(`BEGIN; SET LOCAL session_replication_role = replica; ${sql}; COMMIT;`);
const verify = () => verifyChain(db, 'JOINT', DISCLOSURES, signer.publicJwks);
const redact = (customerId: string, dryRun = false) =>
  db.$transaction((tx) => redactEntries(tx, 'JOINT', 'DISCLOSURE_RECORDS', customerId, { runId: 'run-1', at: new Date(), signer }, { dryRun }));
const row = async (id: string) => (await database.query<Record<string, unknown>>('SELECT * FROM "DisclosureRecord" WHERE id = $1', [id]))[0];

/**
 * Seals the unsealed records as the code before the migration did (version 1: the hash over the whole
 * content), signing the head: the state of an existing data directory when the migration runs.
 */
async function sealAsVersion1() {
  const rows = await database.query<{ id: string; content: string }>(
    `SELECT id, (to_jsonb(t) - 'chainSeq' - 'chainHash')::text AS content FROM "DisclosureRecord" t WHERE "chainSeq" IS NULL ORDER BY "disclosedAt", id`);
  let seq = 0;
  let hash = genesisHash('JOINT', 'DISCLOSURE_RECORDS');
  const updates: string[] = [];
  for (const r of rows) {
    seq += 1;
    hash = entryHash(hash, seq, canonicalContent(JSON.parse(r.content)));
    updates.push(`UPDATE "DisclosureRecord" SET "chainSeq" = ${seq}, "chainHash" = '${hash}' WHERE id = '${r.id}'`);
  }
  const signature = await signer.sign({ register: 'JOINT', chain: 'DISCLOSURE_RECORDS', kind: 'HEAD', seq, hash });
  await tamper(`${updates.join('; ')}; INSERT INTO "LogChainHead" (chain, seq, hash, "sealedAt", signature) VALUES ('DISCLOSURE_RECORDS', ${seq}, '${hash}', now(), '${signature}')`);
}

let version1: string[];
let gone: string[];
let stays: string[];

describe('a redactable chain', () => {
  it('keeps the entries sealed before the migration (version 1) and seals the new ones by version 2; both verify', async () => {
    version1 = [...await disclose(GONE, 1), ...await disclose(STAYS, 1)];
    await sealAsVersion1();
    expect(await verify()).toMatchObject({ intact: true, entries: 2, redacted: 0 });
    gone = await disclose(GONE, 3);
    stays = await disclose(STAYS, 2);
    expect((await sealChain(db, signer, DISCLOSURES)).sealed).toBe(5);
    expect(await row(gone[0])).toMatchObject({ chainVersion: 2, redactedContentDigest: null });
    expect(Number((await row(gone[0])).chainSeq)).toBe(3);
    expect(await row(version1[0])).toMatchObject({ chainVersion: null });
    // Version 2: the link commits to the kept columns and a digest of the others.
    const stored = await row(gone[0]);
    const { kept, personal } = splitContent(JSON.parse((await database.query<{ c: string }>(`SELECT to_jsonb(t)::text AS c FROM "DisclosureRecord" t WHERE id = $1`, [gone[0]]))[0].c), DISCLOSURES.redaction!.keep);
    expect(kept).toBe(JSON.stringify({ disclosedAt: JSON.parse(kept).disclosedAt, id: gone[0], register: 'JOINT' }));
    expect(entryHashV2((await row(version1[1])).chainHash as string, 3, kept, contentDigest(personal))).toBe(stored.chainHash);
    expect(await verify()).toMatchObject({ intact: true, entries: 7, redacted: 0 });
  });

  it('the database refuses a redaction without the run\'s setting, and the redaction of a version 1 entry', async () => {
    await expect(database.execute(`UPDATE "DisclosureRecord" SET "customerId" = '', "redactedContentDigest" = 'x', "redactedAt" = now() WHERE id = '${gone[0]}'`)).rejects.toThrow(/append-only/);
    await expect(database.execute(`SELECT set_config('customer_graph.log_redacting', 'on', true); UPDATE "DisclosureRecord" SET "customerId" = '', "redactedContentDigest" = 'x', "redactedAt" = now() WHERE id = '${version1[0]}'`))
      .rejects.toThrow(/append-only/);
    // Nor may the redaction move an entry or change what stays.
    await expect(database.execute(`SELECT set_config('customer_graph.log_redacting', 'on', true); UPDATE "DisclosureRecord" SET "register" = 'KELA', "redactedContentDigest" = 'x', "redactedAt" = now() WHERE id = '${gone[0]}'`))
      .rejects.toThrow(/append-only/);
    // A sealer of the code before the migration (no version) is refused: its entries wait for a current one.
    const [fresh] = await disclose(STAYS, 1);
    await expect(database.execute(`SELECT set_config('customer_graph.log_sealing', 'on', true); UPDATE "DisclosureRecord" SET "chainSeq" = 99, "chainHash" = 'h' WHERE id = '${fresh}'`))
      .rejects.toThrow(/append-only/);
    // Nor is a record stored with a version, a redaction or a place (it could never be sealed).
    await expect(database.execute(`CREATE TEMP TABLE planted AS SELECT * FROM "DisclosureRecord" WHERE id = '${fresh}';
      UPDATE planted SET id = '${randomUUID()}', "chainVersion" = 2; INSERT INTO "DisclosureRecord" SELECT * FROM planted`)).rejects.toThrow(/stored unsealed/);
    expect((await sealChain(db, signer, DISCLOSURES)).sealed).toBe(1);
    stays.push(fresh);
  });

  it('redacts a person\'s version 2 entries in the caller\'s transaction, keeps the version 1 one, and the chain still verifies', async () => {
    expect(await redact(GONE, true)).toEqual({ redacted: 3, keptVersion1: 1 });
    expect((await row(gone[0])).customerId).toBe(GONE);
    // Rolled back with the transaction it is part of (the person's deletion).
    await expect(db.$transaction(async (tx) => {
      await redactEntries(tx, 'JOINT', 'DISCLOSURE_RECORDS', GONE, { runId: 'run-0', at: new Date(), signer });
      throw new Error('the deletion failed');
    })).rejects.toThrow('the deletion failed');
    expect((await row(gone[0])).redactedContentDigest).toBeNull();

    expect(await redact(GONE)).toEqual({ redacted: 3, keptVersion1: 1 });
    for (const id of gone) {
      const r = await row(id);
      expect(r).toMatchObject({
        customerId: '', recipientId: '', recipientType: '', recipientOrganisationId: '', consentId: null, purpose: '', categories: [], fields: [],
        requestId: '', legalBasis: null, lawBasedDisclosureId: null, register: 'JOINT', redactedByRunId: 'run-1', chainVersion: 2,
      });
      expect(r.redactedContentDigest).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(r.redactedAt).toBeInstanceOf(Date);
      expect(r.redactionSignature).toEqual(expect.any(String));
    }
    expect(JSON.stringify(await database.query('SELECT * FROM "DisclosureRecord" WHERE "redactedContentDigest" IS NOT NULL', [], ), (_, v) => typeof v === 'bigint' ? String(v) : v)).not.toContain(GONE);
    // The other person's records and the version 1 record are as they were.
    for (const id of [...stays, ...version1]) expect((await row(id)).redactedContentDigest).toBeNull();
    expect((await row(version1[0])).customerId).toBe(GONE);
    expect(await verify()).toMatchObject({ intact: true, entries: 8, redacted: 3 });
    // Again: nothing more (idempotent).
    expect(await redact(GONE)).toEqual({ redacted: 0, keptVersion1: 1 });
    expect(await verify()).toMatchObject({ intact: true, redacted: 3 });
  });
});

describe('tampering is still found, redacted entries or not', () => {
  let snapshot: string;
  beforeEach(async () => { [{ rows: snapshot }] = await database.query<{ rows: string }>('SELECT json_agg(t)::text AS rows FROM "DisclosureRecord" t'); });
  afterEach(async () => {
    await tamper(`DELETE FROM "DisclosureRecord"; INSERT INTO "DisclosureRecord" SELECT * FROM json_populate_recordset(NULL::"DisclosureRecord", '${snapshot.replace(/'/g, "''")}')`);
    expect(await verify()).toMatchObject({ intact: true, redacted: 3 });
  });

  it('a redacted entry given personal data again', async () => {
    await tamper(`UPDATE "DisclosureRecord" SET "recipientId" = 'someone' WHERE id = '${gone[1]}'`);
    expect(await verify()).toMatchObject({ intact: false, brokenAt: { seq: 4, entryId: gone[1], reason: expect.stringContaining('holds personal data again') } });
  });

  it('a kept column of a redacted entry edited', async () => {
    await tamper(`UPDATE "DisclosureRecord" SET "disclosedAt" = "disclosedAt" - interval '1 day' WHERE id = '${gone[1]}'`);
    expect(await verify()).toMatchObject({ intact: false, brokenAt: { seq: 4, entryId: gone[1], reason: expect.stringContaining('not what was sealed') } });
  });

  it('the stored digest of a redacted entry replaced', async () => {
    await tamper(`UPDATE "DisclosureRecord" SET "redactedContentDigest" = '${contentDigest('{}')}' WHERE id = '${gone[2]}'`);
    expect(await verify()).toMatchObject({ intact: false, brokenAt: { seq: 5, entryId: gone[2] } });
  });

  it('an entry emptied by a superuser who stored its right digest, but cannot sign as the register', async () => {
    const [{ c }] = await database.query<{ c: string }>('SELECT to_jsonb(t)::text AS c FROM "DisclosureRecord" t WHERE id = $1', [stays[0]]);
    const digest = contentDigest(splitContent(JSON.parse(c), DISCLOSURES.redaction!.keep).personal);
    const emptied = `"customerId" = '', "recipientId" = '', "recipientType" = '', "recipientOrganisationId" = '', "consentId" = NULL, purpose = '',
      categories = '{}', fields = '{}', "requestId" = '', "redactedContentDigest" = '${digest}', "redactedAt" = now(), "redactedByRunId" = 'run-1'`;
    await tamper(`UPDATE "DisclosureRecord" SET ${emptied} WHERE id = '${stays[0]}'`);
    expect(await verify()).toMatchObject({ intact: false, brokenAt: { seq: 6, entryId: stays[0], reason: expect.stringContaining('not by the register\'s retention run: it has no signature') } });
    // Another entry's signature does not fit either.
    await tamper(`UPDATE "DisclosureRecord" SET "redactionSignature" = (SELECT "redactionSignature" FROM "DisclosureRecord" WHERE id = '${gone[0]}') WHERE id = '${stays[0]}'`);
    expect(await verify()).toMatchObject({ intact: false, brokenAt: { seq: 6, reason: expect.stringContaining('the signed seq (3) is not the stored one (6)') } });
  });

  it('an unredacted entry edited, of version 2 or 1', async () => {
    await tamper(`UPDATE "DisclosureRecord" SET "purpose" = 'OTHER' WHERE id = '${stays[0]}'`);
    expect(await verify()).toMatchObject({ intact: false, brokenAt: { seq: 6, entryId: stays[0], reason: expect.stringContaining('not what was sealed') } });
    await tamper(`UPDATE "DisclosureRecord" SET "purpose" = 'JOB_PLACEMENT' WHERE id = '${stays[0]}'; UPDATE "DisclosureRecord" SET "purpose" = 'OTHER' WHERE id = '${version1[1]}'`);
    expect(await verify()).toMatchObject({ intact: false, brokenAt: { seq: 2, entryId: version1[1] } });
  });

  it('an entry marked as redacted by a superuser without its digest, or a version 2 entry passed off as version 1', async () => {
    await tamper(`UPDATE "DisclosureRecord" SET "customerId" = '', "redactedContentDigest" = 'forged' WHERE id = '${stays[1]}'`);
    expect(await verify()).toMatchObject({ intact: false, brokenAt: { seq: 7, entryId: stays[1] } });
    await tamper(`UPDATE "DisclosureRecord" SET "customerId" = '${STAYS}', "redactedContentDigest" = NULL WHERE id = '${stays[1]}'; UPDATE "DisclosureRecord" SET "chainVersion" = NULL WHERE id = '${stays[1]}'`);
    expect(await verify()).toMatchObject({ intact: false, brokenAt: { seq: 7, entryId: stays[1], reason: expect.stringContaining('version 1 after entries of version 2') } });
  });

  it('the redaction of an entry that does not verify is refused: the evidence stays', async () => {
    await tamper(`UPDATE "DisclosureRecord" SET "purpose" = 'OTHER' WHERE id = '${stays[0]}'`);
    await expect(redact(STAYS)).rejects.toThrow(RedactionRefusedError);
    await expect(redact(STAYS)).rejects.toThrow(/entry #6 does not verify/);
    for (const id of stays) expect((await row(id)).redactedContentDigest).toBeNull();
  });

  it('an entry not yet sealed is not redacted (the person is left for the next run)', async () => {
    await disclose(STAYS, 1);
    await expect(redact(STAYS)).rejects.toThrow(/not sealed yet/);
    expect(await redact(STAYS, true)).toMatchObject({ redacted: 4, keptVersion1: 1 });
    await tamper('DELETE FROM "DisclosureRecord" WHERE "chainSeq" IS NULL');
  });
});
