// Logs nobody can quietly change (906/2019 § 17; seed 002 § 7; issue 12): every register chains the
// entries of its access log, and the joint register also its disclosure records, by hash, and signs the
// head of each chain with its own key (./signing.ts). The tables are append-only in the database too
// (triggers of the migration `log_chains`): an entry is sealed once and then never changed, and deleted
// only by retention pruning (pruneChainBefore), which leaves a signed checkpoint.
//
// Why a sealer rather than chaining in the insert. The access log is written on every request, before the
// answer leaves (../graphql/subgraph.ts). Chaining in the insert would make every request read and lock
// the chain's head (one row) until its transaction commits: requests of one register would queue behind
// each other's commits, and a sequence number taken in the insert would still leave gaps (rolled-back
// inserts) and out-of-order commits that a verifier could not tell from deletions. So the insert stays as
// it was (no extra statement, no lock, no hashing on the request's path), and a sealer in each register's
// process, every LOG_SEAL_INTERVAL_MS (1000 ms), takes the entries not yet sealed in the order they were
// written (time, then id), gives each the next place in the chain ("chainSeq") and its hash
// ("chainHash" = SHA-256 of the previous hash, the place and the entry's content), and signs the new head,
// in one transaction under an advisory lock (one sealer at a time per database, also across replicas).
// The window: an entry is unsealed from its insert until the next seal, about a second (longer only when
// the register is down or its database is unreachable, when nothing is written either). During that
// window the database triggers still refuse to change or delete it; only someone who disables the
// triggers (a database superuser) could change it unnoticed, and only during that second. Verification
// reports the unsealed entries and the oldest one's time, so a sealer that stopped is seen.
// Measured (scripts/measure-log-chains.ts, PGlite, a 2-core machine under a load of 12): the insert on the
// request's path is unchanged within the noise (2.9 ms vs 3.1 ms under that load: the only addition is one
// entry in the partial index of unsealed entries); sealing costs 150-300 µs per entry off that path, i.e.
// one seal transaction of 50-110 ms a second at 200 requests a second, during which an embedded PGlite
// (one connection) answers nothing else; on PostgreSQL sealing locks only the unsealed rows and inserts go on.
// An idle tick is one indexed look-up (about 1 ms). Since issue 11's change 30 (BENCHMARKS.md) the seal's statements
// go to the driver in one transaction, not through Prisma: a tick that seals 3.6-4.3 ms of CPU, an idle tick 0.5 ms;
// an entry naming a caseload's 500 customers ~1.1 ms (its UPDATE writes the customers' index entries).
//
// The hash of an entry covers every column of its row except the two chain columns, with null values
// left out, keys in sorted order: a column added later as nullable without a default does not change old
// entries' hashes; one added with a default would (every old entry would then show as changed).
// What the chain cannot show by itself: the newest entries deleted together with the head put back to an
// older signed head (a rollback by a database superuser who kept an old head). verify-logs prints each
// head's place and time; an auditor who keeps them from an earlier run sees a chain that got shorter.
//
// Redaction (chain version 2; the disclosure records, whose retention is counted from the end of the
// person's joint customership, not from the entry: RETENTION's DISCLOSURE_LOG). Pruning cuts only the
// front of a chain, so a deleted person's disclosure records, personal data, would otherwise outlive the
// person. As transparency and audit logs do for erasure (a Merkle leaf commits to a hash of the entry, so
// the entry can go while the tree still verifies), an entry of a redactable chain sealed since the
// migration `disclosure_record_redaction` is chained through a digest of its personal columns:
//   chainHash = SHA-256("v2", previous hash, place, the kept columns' canonical text, SHA-256(the other columns' canonical text))
// The kept columns (ChainSpec.redaction.keep: id, time, register) hold nothing about the person and stay
// bound to the chain as they are. The retention run redacts a due person's entries in the same transaction
// as the person's deletion (redactEntries): the personal columns are set to null, '' or {}, the digest is
// stored in "redactedContentDigest" with the run and the time, and the link still verifies from it.
// Entries sealed before that migration ("chainVersion" null: version 1) bind their whole content and cannot
// be redacted without breaking the chain; they are verified the old way, kept, and counted by the retention
// run (a chain that reads version 2 and then version 1 again is reported broken). Re-sealing them from
// scratch would throw away the evidence, so it is not done; pre-production demo data is simply recreated.
import { createHash, randomUUID } from 'node:crypto';
import stableStringify from 'fast-json-stable-stringify';
import type { JSONWebKeySet } from 'jose';
import type { Register } from '../law/categories';
import { LogSigner, createLogSigner, sealProblem } from './signing';
import { RawClient, RawTransactor, rawRows, rawTransaction } from '../db/database';

export type ChainName = 'ACCESS_LOG' | 'DISCLOSURE_RECORDS';

/** One chained log table of a register. */
export interface ChainSpec {
  chain: ChainName;
  /** The table (Prisma model name). */
  table: string;
  /** The column that says when the entry was written; retention counts from it. */
  timeColumn: string;
  /** The key of the advisory lock that lets one sealer or pruner at a time work on the chain. */
  lockKey: number;
  /**
   * A chain whose entries are sealed by version 2 (see the top of this file) and can be redacted: `keep`
   * the columns that stay (nothing about the person), `personColumn` the column naming the person.
   */
  redaction?: { keep: string[]; personColumn: string };
}

const ACCESS_LOG: ChainSpec = { chain: 'ACCESS_LOG', table: 'AccessLogEntry', timeColumn: 'at', lockKey: 72707301 };
const DISCLOSURE_RECORDS: ChainSpec = {
  chain: 'DISCLOSURE_RECORDS', table: 'DisclosureRecord', timeColumn: 'disclosedAt', lockKey: 72707302,
  redaction: { keep: ['id', 'disclosedAt', 'register'], personColumn: 'customerId' },
};

/** The chains each register keeps: its access log; the joint register also the disclosure records (seed 002 § 7). */
export const LOG_CHAINS: Record<Register, ChainSpec[]> = {
  JOINT: [ACCESS_LOG, DISCLOSURE_RECORDS],
  EMPLOYMENT: [ACCESS_LOG],
  WELLBEING: [ACCESS_LOG],
  KELA: [ACCESS_LOG],
};

/** The spec of `chain` in `register`; throws for a chain the register does not keep. */
export function chainSpec(register: Register, chain: ChainName): ChainSpec {
  const spec = LOG_CHAINS[register].find((c) => c.chain === chain);
  if (!spec) throw new Error(`the ${register.toLowerCase()} register keeps no ${chain} chain`);
  return spec;
}

/** The database as the chain functions use it: a Prisma client of any register (raw SQL, transactions). */
export type ChainDb = RawTransactor;
type Tx = RawClient;

/** The hash before the first entry: names the register and the chain, so no entry can be moved to another chain. */
export function genesisHash(register: Register, chain: ChainName): string {
  return createHash('sha256').update(`customer-graph log chain ${register} ${chain}`, 'utf8').digest('base64url');
}

/** The columns of the chain itself, never part of an entry's content (the redaction's are written after the seal). */
export const CHAIN_COLUMNS = ['chainSeq', 'chainHash', 'chainVersion', 'redactedContentDigest', 'redactedAt', 'redactedByRunId', 'redactionSignature'];

/** The canonical text of an entry's content: its columns but the chain's, nulls left out, keys sorted. */
export function canonicalContent(row: Record<string, unknown>): string {
  const content: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) if (!CHAIN_COLUMNS.includes(key) && value !== null) content[key] = value;
  return stableStringify(content);
}

/**
 * An entry's content split for chain version 2: the canonical text of the `keep` columns, and the canonical
 * text of every other column (nulls left out, keys sorted, as canonicalContent).
 */
export function splitContent(row: Record<string, unknown>, keep: string[]): { kept: string; personal: string } {
  const kept: Record<string, unknown> = {};
  const personal: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (CHAIN_COLUMNS.includes(key) || value === null) continue;
    (keep.includes(key) ? kept : personal)[key] = value;
  }
  return { kept: stableStringify(kept), personal: stableStringify(personal) };
}

/** SHA-256 of a canonical text, base64url: the digest a version 2 link commits to, and a redacted entry keeps. */
export const contentDigest = (canonical: string): string => createHash('sha256').update(canonical, 'utf8').digest('base64url');

/** Is the personal part of a redacted entry empty (every column null, '' or {}), as redaction leaves it? */
function emptyPersonal(row: Record<string, unknown>, keep: string[]): boolean {
  return Object.entries(row).every(([key, value]) => CHAIN_COLUMNS.includes(key) || keep.includes(key) || value === null || value === ''
    || (Array.isArray(value) && value.length === 0));
}

/** The hash of the entry at place `seq` (1-based) after `previousHash`: SHA-256 in base64url (no hex: 64 hex digits would hold the shape of an identity code by chance, which the tests of stored rows look for). */
export function entryHash(previousHash: string, seq: number, canonical: string): string {
  return createHash('sha256').update(`${previousHash}\n${seq}\n${canonical}`, 'utf8').digest('base64url');
}

/**
 * The hash of a version 2 entry at place `seq` after `previousHash`: over the kept columns' canonical text and
 * the digest of the other columns (contentDigest), so that the latter can be removed (redaction) and the link
 * still verifies. Five lines where version 1 has three: the two can never be taken for each other.
 */
export function entryHashV2(previousHash: string, seq: number, keptCanonical: string, personalDigest: string): string {
  return createHash('sha256').update(`v2\n${previousHash}\n${seq}\n${keptCanonical}\n${personalDigest}`, 'utf8').digest('base64url');
}

/** The hash a sealer gives an entry of `spec` now: version 2 for a redactable chain, else version 1. */
function sealHash(spec: ChainSpec, previousHash: string, seq: number, row: Record<string, unknown>): string {
  if (!spec.redaction) return entryHash(previousHash, seq, canonicalContent(row));
  const { kept, personal } = splitContent(row, spec.redaction.keep);
  return entryHashV2(previousHash, seq, kept, contentDigest(personal));
}

const q = (name: string) => `"${name}"`;
/**
 * The row as PostgreSQL renders it to JSON: the same text on PGlite and PostgreSQL, whatever the column types.
 * It keeps the chain's own columns: every reader leaves them out of the content (canonicalContent, splitContent,
 * emptyPersonal) and reads the version and a redaction from them (storedEntry). Rendered once per row: rendered
 * four times, and copied once per column taken out, an entry naming a caseload's 500 customers cost 0.8 ms to
 * read for its seal in the embedded database (issue 11), and a log is read at every seal.
 */
const CONTENT = 'to_jsonb(t)::text AS content';

/**
 * A stored entry as CONTENT renders it: its columns (the chain's among them), the chain version it was sealed
 * by (null: 1, or not sealed yet), and a redacted entry's stored digest and signature (null when none).
 */
function storedEntry(text: string) {
  const content = JSON.parse(text) as Record<string, unknown>;
  const textOrNull = (value: unknown) => (value === null || value === undefined ? null : String(value));
  return {
    content,
    version: textOrNull(content.chainVersion),
    redactedDigest: textOrNull(content.redactedContentDigest),
    redactionSignature: textOrNull(content.redactionSignature),
  };
}

/** A timestamp column as ISO 8601 UTC text (the columns hold UTC), so that no driver reads it in local time. */
const iso = (column: string) => `(to_jsonb(${column}) #>> '{}') || 'Z'`;
const date = (text: string | null | undefined) => (text ? new Date(text) : undefined);

interface Head { seq: number; hash: string; sealedAt?: Date; signature?: string }

async function storedHead(tx: Tx, spec: ChainSpec): Promise<Head | undefined> {
  const [row] = await rawRows<{ seq: string; hash: string; sealedAt: string; signature: string }>(tx,
    `SELECT seq::text AS seq, hash, ${iso('"sealedAt"')} AS "sealedAt", signature FROM "LogChainHead" WHERE chain = $1`, [spec.chain]);
  return row && { seq: Number(row.seq), hash: row.hash, sealedAt: date(row.sealedAt), signature: row.signature };
}

async function latestCheckpoint(tx: Tx, spec: ChainSpec) {
  const [row] = await tx.$queryRawUnsafe<{ id: string; throughSeq: string; hash: string; signature: string }[]>(
    'SELECT id, "throughSeq"::text AS "throughSeq", hash, signature FROM "LogChainCheckpoint" WHERE chain = $1 ORDER BY "throughSeq" DESC LIMIT 1', spec.chain);
  return row && { id: row.id, seq: Number(row.throughSeq), hash: row.hash, signature: row.signature };
}

/** The version a redactable chain seals by (see the top of this file); other chains (and older entries) are version 1. */
export const CHAIN_VERSION_REDACTABLE = 2;

/**
 * Most entries one seal transaction takes: keeps each transaction short, as PGlite serves one at a time
 * (measured on a busy 2-core machine: 150-200 µs per entry sealed, so a batch holds it for at most ~0.2 s).
 */
const SEAL_BATCH = 1000;

/**
 * Seals the entries of `spec`'s table not yet sealed, in the order they were written, and signs the new
 * head; one transaction per batch of 1,000, until none is left. Returns how many were sealed and the head.
 * Safe to run concurrently (an advisory lock lets one sealer at a time work on a chain).
 */
export async function sealChain(db: ChainDb, signer: LogSigner, spec: ChainSpec): Promise<{ sealed: number; head: Head }> {
  let sealed = 0;
  // Idle (nothing new, the usual tick between requests): one look at the partial index, no transaction.
  // Through the driver (rawRows, rawTransaction): Prisma's raw layer cost about 1 ms CPU per statement, some
  // 10 ms per seal and 2 ms per idle tick, in every register every second (issue 11).
  const [pending] = await rawRows<{ any: boolean }>(db, `SELECT EXISTS (SELECT 1 FROM ${q(spec.table)} WHERE "chainSeq" IS NULL) AS any`);
  if (!pending?.any) return { sealed, head: (await storedHead(db, spec)) ?? { seq: 0, hash: genesisHash(signer.register, spec.chain) } };
  for (;;) {
    const { count, head } = await rawTransaction(db, async (tx: Tx) => {
      await tx.$queryRawUnsafe(`SELECT 1 AS locked FROM pg_advisory_xact_lock(${spec.lockKey})`);
      const rows = await tx.$queryRawUnsafe<{ id: string; content: string }[]>(
        `SELECT id, ${CONTENT} FROM ${q(spec.table)} t WHERE "chainSeq" IS NULL ORDER BY ${q(spec.timeColumn)}, id LIMIT ${SEAL_BATCH}`);
      const previous = (await storedHead(tx, spec)) ?? { seq: 0, hash: genesisHash(signer.register, spec.chain) };
      if (rows.length === 0) return { count: 0, head: previous };
      let { seq, hash } = previous;
      const seqs: string[] = [];
      const hashes: string[] = [];
      for (const row of rows) {
        seq += 1;
        hash = sealHash(spec, hash, seq, JSON.parse(row.content));
        seqs.push(String(seq));
        hashes.push(hash);
      }
      // The one change the append-only trigger lets through: sealing an unsealed entry, nothing else.
      await tx.$queryRawUnsafe(`SELECT set_config('customer_graph.log_sealing', 'on', true) AS sealing`);
      await tx.$queryRawUnsafe(
        `UPDATE ${q(spec.table)} t SET "chainSeq" = v.seq::bigint, "chainHash" = v.hash${spec.redaction ? `, "chainVersion" = ${CHAIN_VERSION_REDACTABLE}` : ''}
         FROM unnest($1::text[], $2::text[], $3::text[]) AS v(id, seq, hash) WHERE t.id = v.id`,
        rows.map((r) => r.id), seqs, hashes);
      const sealedAt = new Date();
      const signature = await signer.sign({ register: signer.register, chain: spec.chain, kind: 'HEAD', seq, hash });
      await tx.$queryRawUnsafe(
        `INSERT INTO "LogChainHead" (chain, seq, hash, "sealedAt", signature) VALUES ($1, $2::bigint, $3, $4::timestamp, $5)
         ON CONFLICT (chain) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash, "sealedAt" = EXCLUDED."sealedAt", signature = EXCLUDED.signature`,
        spec.chain, String(seq), hash, sealedAt.toISOString(), signature);
      return { count: rows.length, head: { seq, hash, sealedAt, signature } };
    }, { maxWait: 15_000, timeout: 60_000 });
    sealed += count;
    if (count < SEAL_BATCH) return { sealed, head };
  }
}

/** Where a chain is broken: the place of the first entry that does not verify, its id when it exists, and why. */
export interface ChainBreak { seq: number; entryId?: string; reason: string }

/** The verification of one chain (see verifyChain). Places are 1-based whole numbers. */
export interface ChainReport {
  register: Register;
  chain: ChainName;
  intact: boolean;
  /** Sealed entries kept (after pruning). */
  entries: number;
  /** Of those, entries redacted by the retention run (verified by their stored digest; see redactEntries). */
  redacted: number;
  /** The place of the last sealed entry, as the signed head states it (0: nothing sealed yet). */
  sealedThrough: number;
  /** The place of the last entry removed by retention pruning (0: none). */
  prunedThrough: number;
  /** When the head was signed. */
  headSealedAt?: Date;
  /** Entries written but not sealed yet (normal for about a second after a write). */
  unsealed: number;
  oldestUnsealedAt?: Date;
  brokenAt?: ChainBreak;
}

const PAGE = 5000;

/**
 * Verifies one chain of a register: the signed pruning checkpoint (if any), every sealed entry in order
 * from there (each in its place, none missing, each hash recomputed from the previous hash, its place and
 * its content), and the signed head (signature by the register's key in `keys`, and that the chain ends
 * exactly in it). Stops at the first entry that fails and says where and why; reads only. `keys`: the
 * register's published public keys (./signing.ts publishedLogKeys).
 */
export async function verifyChain(db: Tx, register: Register, spec: ChainSpec, keys: JSONWebKeySet | undefined): Promise<ChainReport> {
  // The head first: entries sealed after this moment come after it and are left for the next verification.
  const head = await storedHead(db, spec);
  const checkpoint = await latestCheckpoint(db, spec);
  const [pending] = await db.$queryRawUnsafe<{ count: number; oldest: string | null }[]>(
    `SELECT count(*)::int AS count, ${iso(`min(${q(spec.timeColumn)})`)} AS oldest FROM ${q(spec.table)} WHERE "chainSeq" IS NULL`);
  const report: ChainReport = {
    register, chain: spec.chain, intact: true, entries: 0, redacted: 0, sealedThrough: head?.seq ?? 0, prunedThrough: checkpoint?.seq ?? 0,
    headSealedAt: head?.sealedAt, unsealed: Number(pending.count), oldestUnsealedAt: date(pending.oldest),
  };
  const broken = (brokenAt: ChainBreak) => ({ ...report, intact: false, brokenAt });

  let previous = { seq: 0, hash: genesisHash(register, spec.chain) };
  if (checkpoint) {
    const problem = await sealProblem(checkpoint.signature, keys, { register, chain: spec.chain, kind: 'CHECKPOINT', seq: checkpoint.seq, hash: checkpoint.hash });
    if (problem) return broken({ seq: checkpoint.seq, reason: `the pruning checkpoint through entry #${checkpoint.seq}: ${problem}` });
    previous = { seq: checkpoint.seq, hash: checkpoint.hash };
  }
  const [early] = await db.$queryRawUnsafe<{ seq: string; id: string }[]>(
    `SELECT "chainSeq"::text AS seq, id FROM ${q(spec.table)} WHERE "chainSeq" <= $1::bigint ORDER BY "chainSeq" LIMIT 1`, String(previous.seq));
  if (early) return broken({ seq: Number(early.seq), entryId: early.id, reason: `entry #${early.seq} is kept although the pruning checkpoint says entries through #${previous.seq} were deleted` });

  const last = head?.seq ?? 0;
  let newestVersion = 1;
  for (let from = previous.seq; from < last;) {
    const rows = await db.$queryRawUnsafe<{ seq: string; id: string; hash: string; content: string }[]>(
      `SELECT "chainSeq"::text AS seq, id, "chainHash" AS hash, ${CONTENT} FROM ${q(spec.table)} t
       WHERE "chainSeq" > $1::bigint AND "chainSeq" <= $2::bigint ORDER BY "chainSeq" LIMIT ${PAGE}`, String(from), String(last));
    if (rows.length === 0) break;
    for (const row of rows) {
      const entry = storedEntry(row.content);
      const seq = Number(row.seq);
      const expected = previous.seq + 1;
      if (seq !== expected) {
        return broken({
          seq: expected,
          reason: seq - expected === 1 ? `entry #${expected} is missing (deleted)` : `entries #${expected} to #${seq - 1} are missing (deleted)`,
        });
      }
      const version = entry.version === null ? 1 : Number(entry.version);
      if (version !== 1 && !(spec.redaction && version === CHAIN_VERSION_REDACTABLE)) {
        return broken({ seq, entryId: row.id, reason: `entry #${seq} names chain version ${entry.version}, which this chain does not seal by` });
      }
      // Once a chain seals by version 2 it never goes back: an old-style entry after it was put there.
      if (version < newestVersion) return broken({ seq, entryId: row.id, reason: `entry #${seq} is sealed by chain version ${version} after entries of version ${newestVersion}: it was changed or inserted` });
      newestVersion = version;
      let hash: string;
      const { content } = entry;
      if (version === 1) {
        if (entry.redactedDigest !== null) return broken({ seq, entryId: row.id, reason: `entry #${seq} is sealed by chain version 1, which cannot be redacted, yet it names a redaction: it was changed` });
        hash = entryHash(previous.hash, seq, canonicalContent(content));
      } else {
        const keep = spec.redaction!.keep;
        const { kept, personal } = splitContent(content, keep);
        if (entry.redactedDigest !== null) {
          // A redacted entry is verified by its stored digest: its kept columns and its link are checked, its
          // personal columns only for being empty, and the redaction by the register's signature (so that
          // nobody without its key can empty an entry and store its digest). What is gone cannot be checked:
          // a redacted entry whose (empty) personal columns were changed to other empty values could not be
          // told, nor a change of when or by which run it was redacted (written after the seal, not signed).
          if (!emptyPersonal(content, keep)) return broken({ seq, entryId: row.id, reason: `entry #${seq} was redacted but holds personal data again: it was changed after the redaction` });
          hash = entryHashV2(previous.hash, seq, kept, entry.redactedDigest);
          if (hash === row.hash) {
            const problem = entry.redactionSignature === null ? 'it has no signature'
              : await sealProblem(entry.redactionSignature, keys, { register, chain: spec.chain, kind: 'REDACTION', seq, hash: row.hash });
            if (problem) return broken({ seq, entryId: row.id, reason: `entry #${seq} was redacted, but not by the register's retention run: ${problem}` });
            report.redacted += 1;
          }
        } else {
          hash = entryHashV2(previous.hash, seq, kept, contentDigest(personal));
        }
      }
      if (hash !== row.hash) {
        return broken({ seq, entryId: row.id, reason: `entry #${seq} is not what was sealed: its content or its place in the chain was changed (or it was inserted)` });
      }
      previous = { seq, hash };
      report.entries += 1;
    }
    from = previous.seq;
  }
  if (!head) {
    const [sealed] = await db.$queryRawUnsafe<{ seq: string; id: string }[]>(
      `SELECT "chainSeq"::text AS seq, id FROM ${q(spec.table)} WHERE "chainSeq" IS NOT NULL ORDER BY "chainSeq" LIMIT 1`);
    if (sealed && !(await storedHead(db, spec))) return broken({ seq: Number(sealed.seq), entryId: sealed.id, reason: `entry #${sealed.seq} is sealed but the chain has no signed head (deleted)` });
    return report;
  }
  if (previous.seq < head.seq) {
    const missing = previous.seq + 1;
    return broken({ seq: missing, reason: missing === head.seq ? `entry #${missing} is missing (deleted); the signed head is #${head.seq}` : `entries #${missing} to #${head.seq} are missing (deleted); the signed head is #${head.seq}` });
  }
  const problem = await sealProblem(head.signature!, keys, { register, chain: spec.chain, kind: 'HEAD', seq: head.seq, hash: head.hash });
  if (problem) return broken({ seq: head.seq, reason: `the signed head (#${head.seq}): ${problem}` });
  if (previous.hash !== head.hash) return broken({ seq: head.seq, reason: `the chain does not end in the signed head: entry #${head.seq} was rewritten with the entries before it` });
  // Entries sealed beyond the head as read: a seal since then, or rows given places by somebody else.
  const beyond = await db.$queryRawUnsafe<{ seq: string; id: string }[]>(
    `SELECT "chainSeq"::text AS seq, id FROM ${q(spec.table)} WHERE "chainSeq" > $1::bigint ORDER BY "chainSeq" LIMIT 1`, String(head.seq));
  if (beyond.length > 0) {
    const now = await storedHead(db, spec);
    if (!now || now.seq < Number(beyond[0].seq)) {
      return broken({ seq: Number(beyond[0].seq), entryId: beyond[0].id, reason: `entry #${beyond[0].seq} has a place after the signed head (#${now?.seq ?? head.seq}) that the register did not sign` });
    }
  }
  return report;
}

/** Verifies every chain of a register (LOG_CHAINS). */
export async function verifyRegisterChains(db: Tx, register: Register, keys: JSONWebKeySet | undefined): Promise<ChainReport[]> {
  const reports: ChainReport[] = [];
  for (const spec of LOG_CHAINS[register]) reports.push(await verifyChain(db, register, spec, keys));
  return reports;
}

/** What a pruning did, or (dry run) would do. */
export interface PruneResult {
  register: Register;
  chain: ChainName;
  cutoff: Date;
  dryRun: boolean;
  /** Entries deleted (or, dry run, that would be). */
  pruned: number;
  /** The place of the last entry pruned (0: nothing pruned, ever). */
  throughSeq: number;
  /** The signed checkpoint written (not in a dry run, nor when nothing was due). */
  checkpointId?: string;
}

/** Thrown when a chain that is to be pruned does not verify: pruning would delete the evidence. */
export class ChainBrokenError extends Error {
  constructor(readonly report: ChainReport) {
    super(`the ${report.register.toLowerCase()} register's ${report.chain} chain is broken at entry #${report.brokenAt!.seq}: ${report.brokenAt!.reason}; nothing was pruned`);
  }
}

/**
 * Retention pruning of one chain: deletes the entries written before `cutoff` from the front of the chain
 * (the longest run of sealed entries, in chain order, all older than the cutoff; an older entry sealed
 * after a newer one waits for the next run), and writes a signed checkpoint with the place and hash of the
 * last entry deleted, so that the remaining chain still verifies from it. Seals pending entries first and
 * verifies the whole chain before deleting anything: a broken chain is not pruned (ChainBrokenError),
 * since that would delete the evidence. One transaction, under the chain's lock: all of it or nothing;
 * running it again deletes nothing more (idempotent). `dryRun`: reports what would be deleted, changes
 * nothing (not even sealing). `keys`: the register's public keys for the verification (default: the
 * signer's own).
 *
 * Shapes: `db` a register's Prisma client; `cutoff` a Date (entries with time < cutoff are due);
 * `signer` from createLogSigner(register) (./signing.ts).
 */
export async function pruneChainBefore(
  db: ChainDb, signer: LogSigner, chain: ChainName, cutoff: Date,
  options: { dryRun?: boolean; keys?: JSONWebKeySet } = {},
): Promise<PruneResult> {
  if (!(cutoff instanceof Date) || Number.isNaN(cutoff.getTime())) throw new Error('cutoff must be a valid date');
  const register = signer.register;
  const spec = chainSpec(register, chain);
  const dryRun = options.dryRun === true;
  if (!dryRun) await sealChain(db, signer, spec);
  const report = await verifyChain(db, register, spec, options.keys ?? signer.publicJwks);
  if (!report.intact) throw new ChainBrokenError(report);
  const result: PruneResult = { register, chain, cutoff, dryRun, pruned: 0, throughSeq: report.prunedThrough };
  return db.$transaction(async (tx: Tx) => {
    await tx.$queryRawUnsafe(`SELECT 1 AS locked FROM pg_advisory_xact_lock(${spec.lockKey})`);
    const start = (await latestCheckpoint(tx, spec))?.seq ?? 0;
    const [bound] = await tx.$queryRawUnsafe<{ firstKept: string | null; lastSealed: string | null }[]>(
      `SELECT (SELECT min("chainSeq")::text FROM ${q(spec.table)} WHERE "chainSeq" IS NOT NULL AND ${q(spec.timeColumn)} >= $1::timestamp) AS "firstKept",
              (SELECT max("chainSeq")::text FROM ${q(spec.table)}) AS "lastSealed"`, cutoff.toISOString());
    const through = bound.firstKept !== null ? Number(bound.firstKept) - 1 : Number(bound.lastSealed ?? start);
    if (through <= start) return { ...result, throughSeq: start };
    const [last] = await tx.$queryRawUnsafe<{ hash: string; count: number }[]>(
      `SELECT (SELECT "chainHash" FROM ${q(spec.table)} WHERE "chainSeq" = $2::bigint) AS hash,
              (SELECT count(*)::int FROM ${q(spec.table)} WHERE "chainSeq" > $1::bigint AND "chainSeq" <= $2::bigint) AS count`,
      String(start), String(through));
    if (dryRun) return { ...result, pruned: last.count, throughSeq: through };
    // The one deletion the append-only trigger lets through.
    await tx.$queryRawUnsafe(`SELECT set_config('customer_graph.log_pruning', 'on', true) AS pruning`);
    await tx.$queryRawUnsafe(`DELETE FROM ${q(spec.table)} WHERE "chainSeq" > $1::bigint AND "chainSeq" <= $2::bigint`, String(start), String(through));
    const id = randomUUID();
    const signature = await signer.sign({ register, chain, kind: 'CHECKPOINT', seq: through, hash: last.hash });
    await tx.$queryRawUnsafe(
      `INSERT INTO "LogChainCheckpoint" (id, chain, "throughSeq", hash, "prunedCount", cutoff, signature) VALUES ($1, $2, $3::bigint, $4, $5::int, $6::timestamp, $7)`,
      id, chain, String(through), last.hash, last.count, cutoff.toISOString(), signature);
    return { ...result, pruned: last.count, throughSeq: through, checkpointId: id };
  }, { maxWait: 15_000, timeout: 120_000 });
}

/**
 * For the retention run: prunes each chain of `register` named in `cutoffs` (entries written before its
 * date are due; a chain not named is left alone), with the register's own key (SERVICE_PRIVATE_JWK, or
 * the development key; ./signing.ts). Returns one PruneResult per chain; throws ChainBrokenError (nothing
 * of that chain deleted) when a chain does not verify. `db`: the register's Prisma client. Example:
 *   await pruneRegisterLogs(db, 'JOINT', { ACCESS_LOG: cutoff, DISCLOSURE_RECORDS: cutoff }, { dryRun: true })
 */
export async function pruneRegisterLogs(
  db: ChainDb, register: Register, cutoffs: Partial<Record<ChainName, Date>>,
  options: { dryRun?: boolean; env?: NodeJS.ProcessEnv; keys?: JSONWebKeySet } = {},
): Promise<PruneResult[]> {
  const signer = await createLogSigner(register, options.env ?? process.env);
  const results: PruneResult[] = [];
  for (const spec of LOG_CHAINS[register]) {
    const cutoff = cutoffs[spec.chain];
    if (cutoff) results.push(await pruneChainBefore(db, signer, spec.chain, cutoff, { dryRun: options.dryRun, keys: options.keys }));
  }
  return results;
}

/** What redactEntries did (or, dry run, would do) to one person's entries of a chain. */
export interface RedactionResult {
  /** Entries redacted now (dry run: that would be, the unsealed ones included: they will be sealed by version 2). */
  redacted: number;
  /** Entries sealed by chain version 1 (before the migration `disclosure_record_redaction`): their hash binds their content, so they are kept. */
  keptVersion1: number;
}

/** Thrown when an entry to be redacted does not verify against its stored link, or is not sealed yet: nothing is redacted, the evidence stays. */
export class RedactionRefusedError extends Error {}

/**
 * Redacts every entry of `personId` in a redactable chain (ChainSpec.redaction; the joint register's
 * DISCLOSURE_RECORDS) for the retention run, inside the caller's transaction `tx` (the person's deletion:
 * both commit together or neither): each entry's personal columns are set to null (nullable), '' (text) or
 * {} (arrays), the digest of what they held is kept in "redactedContentDigest" with `runId` and `at`, and
 * its place and hash stay, so the chain still verifies (verifyChain counts it under `redacted`). Before an
 * entry is redacted, its link is recomputed from the stored previous hash (or the pruning checkpoint, or
 * the genesis) with the digest about to be stored, and the redaction is signed with `redaction.signer` (the
 * register's key; verifyChain requires it): an entry that does not verify, or one not sealed yet, is
 * not redacted and RedactionRefusedError is thrown (the caller leaves the person for the next run). Entries
 * of chain version 1 cannot be redacted and are counted in `keptVersion1`. Idempotent: a redacted entry no
 * longer names the person, so a rerun finds nothing more. `dryRun`: counts, changes nothing. Shapes: `personId` the person's id (the spec's
 * personColumn); `at` a Date.
 */
export async function redactEntries(
  tx: Tx, register: Register, chain: ChainName, personId: string, redaction: { runId: string; at: Date; signer?: LogSigner }, options: { dryRun?: boolean } = {},
): Promise<RedactionResult> {
  const spec = chainSpec(register, chain);
  if (!spec.redaction) throw new Error(`the ${register.toLowerCase()} register's ${chain} chain cannot be redacted`);
  const { keep, personColumn } = spec.redaction;
  const result: RedactionResult = { redacted: 0, keptVersion1: 0 };
  // Under the chain's lock: no pruning removes the previous entry while its hash is read.
  if (!options.dryRun) await tx.$queryRawUnsafe(`SELECT 1 AS locked FROM pg_advisory_xact_lock(${spec.lockKey})`);
  const rows = await tx.$queryRawUnsafe<{ seq: string | null; id: string; hash: string | null; content: string }[]>(
    `SELECT "chainSeq"::text AS seq, id, "chainHash" AS hash, ${CONTENT} FROM ${q(spec.table)} t WHERE ${q(personColumn)} = $1 ORDER BY "chainSeq" NULLS LAST, id`, personId);
  const due: { id: string; digest: string; seq: number; hash: string }[] = [];
  for (const row of rows) {
    const entry = storedEntry(row.content);
    if (entry.redactedDigest !== null) continue; // no longer names the person; kept for a row found otherwise
    if (row.seq === null) {
      if (options.dryRun) { result.redacted += 1; continue; }
      throw new RedactionRefusedError(`a ${chain} entry of the person is not sealed yet; left for the next run`);
    }
    if (entry.version === null) { result.keptVersion1 += 1; continue; }
    const seq = Number(row.seq);
    const { kept, personal } = splitContent(entry.content, keep);
    const digest = contentDigest(personal);
    if (!options.dryRun) {
      const previous = seq === 1 ? genesisHash(register, chain) : (await tx.$queryRawUnsafe<{ hash: string }[]>(
        `SELECT "chainHash" AS hash FROM ${q(spec.table)} WHERE "chainSeq" = $1::bigint
         UNION ALL SELECT hash FROM "LogChainCheckpoint" WHERE chain = $2 AND "throughSeq" = $1::bigint LIMIT 1`, String(seq - 1), chain))[0]?.hash;
      if (previous === undefined || entryHashV2(previous, seq, kept, digest) !== row.hash) {
        throw new RedactionRefusedError(`${chain} entry #${seq} does not verify: not redacted, the evidence is kept (run verify-logs)`);
      }
    }
    due.push({ id: row.id, digest, seq, hash: row.hash! });
  }
  result.redacted += due.length;
  if (options.dryRun || due.length === 0) return result;
  const signer = redaction.signer;
  if (!signer || signer.register !== register) throw new Error(`redacting needs the ${register.toLowerCase()} register's log signer`);
  // Each redaction signed with the register's key (kind REDACTION, the entry's place and hash): verifyChain
  // accepts a redacted entry only with it.
  const signatures = await Promise.all(due.map((d) => signer.sign({ register, chain, kind: 'REDACTION', seq: d.seq, hash: d.hash })));
  // Every column but the kept and the chain's own, emptied by its type (read from the catalogue, so that a
  // column added later is redacted too; one that cannot be emptied stops the redaction).
  const columns = await tx.$queryRawUnsafe<{ name: string; nullable: string; type: string }[]>(
    `SELECT column_name AS name, is_nullable AS nullable, data_type AS type FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`, spec.table);
  const sets = columns.filter((c) => !keep.includes(c.name) && !CHAIN_COLUMNS.includes(c.name)).map((c) => {
    // Lists empty rather than null: the registers' code reads them as lists.
    if (c.type === 'ARRAY') return `${q(c.name)} = '{}'`;
    if (c.nullable === 'YES') return `${q(c.name)} = NULL`;
    if (c.type === 'text' || c.type === 'character varying') return `${q(c.name)} = ''`;
    throw new Error(`${spec.table}.${c.name} (${c.type}, not null) cannot be redacted: make it nullable or keep it`);
  });
  // The one change of a sealed entry the append-only trigger lets through (migration disclosure_record_redaction).
  await tx.$queryRawUnsafe(`SELECT set_config('customer_graph.log_redacting', 'on', true) AS redacting`);
  await tx.$queryRawUnsafe(
    `UPDATE ${q(spec.table)} t SET ${sets.join(', ')}, "redactedContentDigest" = v.digest, "redactedAt" = $3::timestamp, "redactedByRunId" = $4,
       "redactionSignature" = v.signature
     FROM unnest($1::text[], $2::text[], $5::text[]) AS v(id, digest, signature) WHERE t.id = v.id`,
    due.map((d) => d.id), due.map((d) => d.digest), redaction.at.toISOString(), redaction.runId, signatures);
  await tx.$queryRawUnsafe(`SELECT set_config('customer_graph.log_redacting', 'off', true) AS redacting`);
  return result;
}

/** The sealer of one register's process (see the top of this file). */
export interface LogSealer {
  register: Register;
  signer: LogSigner;
  /** The register's public keys that verify its seals (published, or the signer's own). */
  keys: JSONWebKeySet;
  /** Seals every chain now (waits for a seal in progress first). */
  sealNow(): Promise<void>;
  stop(): Promise<void>;
}

const sealers = new WeakMap<object, LogSealer>();
/** The sealer running for this Prisma client (the auditor's query seals before it verifies). */
export const sealerOf = (db: object): LogSealer | undefined => sealers.get(db);

/**
 * Starts sealing the register's chains every `intervalMs` (LOG_SEAL_INTERVAL_MS, default 1000 ms). A
 * failed seal (database down) is logged and retried at the next tick; nothing is lost, as the entries wait
 * unsealed. `stop()` waits for a seal in progress and seals once more, so a clean shutdown leaves none.
 */
export function startLogSealer(
  db: ChainDb, signer: LogSigner, options: { keys?: JSONWebKeySet; intervalMs?: number; onError?: (error: Error) => void } = {},
): LogSealer {
  const register = signer.register;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const sealNow = () => {
    running = running.then(async () => {
      for (const spec of LOG_CHAINS[register]) await sealChain(db, signer, spec);
    }).catch((error) => options.onError?.(error as Error));
    return running;
  };
  const interval = Math.max(50, options.intervalMs ?? 1000);
  // Never two seals in flight from one process, and a tick while one runs is skipped rather than queued behind
  // it: under load the queued ticks had piled up, and an auditor's sealNow waited behind all of them (review).
  let ticking = false;
  const timer = setInterval(() => {
    if (stopped || ticking) return;
    ticking = true;
    void sealNow().finally(() => { ticking = false; });
  }, interval);
  timer.unref();
  const sealer: LogSealer = {
    register, signer, keys: options.keys ?? signer.publicJwks, sealNow,
    stop: async () => {
      if (stopped) return running;
      stopped = true;
      clearInterval(timer);
      await sealNow();
    },
  };
  sealers.set(db, sealer);
  return sealer;
}
