// The retention run (DOMAIN.md rule 8; shared/src/law/retention.ts): deletes what is due in every register, each
// register's data by that register's own rules in that register's own database, and writes a deletion record
// for each person in the same transaction as the deletion. Used by `npm run retention` (scripts/retention.ts)
// and by the tests against the running registers' databases.
//
// - Each register counts its own retention from the end of the customer relationship as it records it
//   (its `RegisterRetention.relationships` SQL). The joint register's end is Customer.customershipEndedOn.
// - A legal hold in force (the joint register's LegalHold) that names a register stops that register's
//   deletion of the person until it is released.
// - One transaction per person and register: the person's rows in every table that carries their id, and the
//   deletion record (ids, classes, counts; never a value or an identity code). An interrupted run leaves each
//   person either wholly deleted with a record, or untouched; a rerun finds only what is still due. Running it
//   twice deletes nothing the second time.
// - Before the joint register deletes a person, their identification is handed over to every own register that
//   still keeps data of them (RetainedIdentity, with the joint customership's end): the own register's data
//   stays reachable by its controller (an access request goes to that authority, DOMAIN.md rule 11) and is
//   deleted by its own retention, counted from its own end or, if it records none, from the joint end. Nothing
//   is left that nobody can find or delete.
// - Access-log entries are never deleted per person here: they are append-only and hash-chained, and pruned by
//   the age of the entry through the log chain pruning (pruneAccessLog). Disclosure records live as long as the
//   person's joint data: the joint register redacts a deleted person's records in their hash chain in the same
//   transaction as the deletion (RegisterRetention.redact; ../logs/chain.ts redactEntries), counted in the
//   deletion record as "DisclosureRecord:redacted"; the chain still verifies. Records sealed before chain
//   version 2 cannot be redacted: kept, and counted in the report.
import { restrictionInForceSql } from '../rights/restrictions';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parsePrismaSchema } from '../db/prisma-schema';
import type { Register } from '../law/categories';
import { IDEMPOTENCY_RECORD_DAYS, RETENTION, RetentionRule, customerDataRetention, dueOn, isDue } from '../law/retention';
import { ChainName, chainSpec, pruneRegisterLogs, redactEntries, sealChain } from '../logs/chain';
import { LogSigner, createLogSigner } from '../logs/signing';
import { todayInFinland } from '../law/today';

/** The part of a register's Prisma client the run uses (raw SQL in a transaction). */
export interface RetentionDb {
  $queryRawUnsafe<T = unknown>(sql: string, ...values: unknown[]): Promise<T>;
  $executeRawUnsafe(sql: string, ...values: unknown[]): Promise<number>;
  $transaction<T>(fn: (tx: RetentionDb) => Promise<T>, options?: { maxWait?: number; timeout?: number }): Promise<T>;
}

/** How one register finds its persons' relationship ends: each controller's own definition (subgraphs/<name>/src/retention.ts). */
export interface RegisterRetention {
  register: Register;
  /** The register's schema.prisma: every model with a `customerId` column (or listed in `keyColumns`) holds person data. */
  schemaPath: string;
  /** Models whose person key is another column (the joint register's Customer: `id`). */
  keyColumns?: Record<string, string>;
  /** Models the run never deletes: logs (pruned by the log chain pruning), its own records. */
  keep: string[];
  /** Hash-chained logs whose entries of a deleted person are redacted in the person's deletion transaction (joint: DISCLOSURE_RECORDS). */
  redact?: ChainName[];
  /** Extra condition per model for the rows deleted with the person (the joint register keeps holds in force). */
  deleteOnly?: Record<string, string>;
  /**
   * SQL answering one row per person whose relationship the register records:
   * `{ customerId: string, open: boolean, endedOn: string | null }` (endedOn as YYYY-MM-DD text).
   * A person without a row has no end recorded: their data is kept, and reported.
   */
  relationships: string;
}

/** A register's database in a run. */
export interface RegisterHandle {
  retention: RegisterRetention;
  db: RetentionDb;
}

export interface RetentionOptions {
  /** Every register of the run; the joint register is needed for legal holds and to delete joint data. */
  registers: RegisterHandle[];
  /** The joint register's database when it is not itself in the run: read for its legal holds only. */
  holdsFrom?: RegisterHandle;
  /** The date the run counts to (`YYYY-MM-DD`), Finland's date today by default. */
  today?: string;
  /** Report what is due and what would be deleted, delete nothing. */
  dryRun?: boolean;
  /** At most this many persons deleted per register in this run (a batch); the rest are left for the next run. */
  limit?: number;
  /** Stops the run after the person being deleted (Ctrl-C, SIGTERM): what was not reached stays for the next run. */
  signal?: AbortSignal;
  /** Called inside each person's transaction after the deletion, before the commit (tests simulate a crash here). */
  beforeCommit?: (register: Register, customerId: string) => Promise<void> | void;
  /** Where the register's log-signing key is read from for the log chain pruning (default process.env). */
  env?: NodeJS.ProcessEnv;
}

export interface PersonDeletion {
  customerId: string;
  relationshipEnd: string;
  dueOn: string;
  /** Rows per class (table); in a dry run, the rows that would be deleted. */
  counts: Record<string, number>;
}

export interface RegisterReport {
  register: Register;
  rule: { years: number; from: string; source: string; chosen: boolean };
  /** Persons the register keeps data of. */
  persons: number;
  /** Persons whose relationship is open. */
  open: number;
  /** Persons whose relationship has ended and whose retention runs still. */
  notDue: number;
  /** Persons whose relationship end the register does not record: kept (the controller must record one). */
  noEndRecorded: number;
  /** Persons due whose data a legal hold in force keeps. */
  held: { customerId: string; holdIds: string[] }[];
  /** Deleted in this run (a dry run: would be deleted). */
  deleted: PersonDeletion[];
  /** Rows deleted per class over all persons. */
  rowsByClass: Record<string, number>;
  /** Due persons left for a later run (limit, interruption). */
  remaining: number;
  /** Due persons not deleted because their data changed after the plan (e.g. a reopened customership) or it failed. */
  skipped: { customerId: string; reason: string }[];
  /** Identifications handed over to own registers before the joint register deleted the persons. */
  handedOver: number;
  /** Stored mutation outcomes older than IDEMPOTENCY_RECORD_DAYS deleted (a dry run: that would be). */
  idempotencyRecordsPruned: number;
  /** Log entries of deleted persons redacted in their hash chains (RegisterRetention.redact; a dry run: that would be). */
  redactedLogEntries: number;
  /** Of the deleted persons' log entries, those sealed by chain version 1, which cannot be redacted: kept. */
  unredactableLogEntries: number;
  /** What the run did to the logs (pruning by age, redaction), and what it does not touch. */
  logs: string;
}

export interface RetentionReport {
  runId: string;
  today: string;
  dryRun: boolean;
  interrupted: boolean;
  registers: RegisterReport[];
}

const q = (name: string) => `"${name.replace(/"/g, '')}"`;

interface PersonTable { model: string; column: string; condition?: string }

/** The tables of a register that hold person data, read from its Prisma schema. */
export function personTables(retention: RegisterRetention): PersonTable[] {
  const schema = parsePrismaSchema(readFileSync(retention.schemaPath, 'utf8'));
  return schema.models.flatMap((model): PersonTable[] => {
    if (retention.keep.includes(model.name)) return [];
    const column = retention.keyColumns?.[model.name] ?? (model.fields.some((f) => f.name === 'customerId' && !f.list) ? 'customerId' : undefined);
    return column ? [{ model: model.name, column, condition: retention.deleteOnly?.[model.name] }] : [];
  });
}

interface Relationship { customerId: string; open: boolean; endedOn: string | null }

async function relationshipsOf(handle: RegisterHandle, tables: PersonTable[]) {
  const union = tables.map((t) => `SELECT ${q(t.column)} AS "customerId" FROM ${q(t.model)}${t.condition ? ` WHERE ${t.condition}` : ''}`).join(' UNION ');
  const persons = (await handle.db.$queryRawUnsafe<{ customerId: string }[]>(union)).map((r) => r.customerId);
  const recorded = await handle.db.$queryRawUnsafe<Relationship[]>(handle.retention.relationships);
  const byId = new Map(recorded.map((r) => [r.customerId, r]));
  return persons.sort().map((customerId) => byId.get(customerId) ?? { customerId, open: false, endedOn: null });
}

/**
 * What stops deletion now (seed 003 Liite 7 § 9: "a statutory task or a pending matter"), all kept in the joint
 * register's database: the legal holds in force; and, as pending matters that keep the person's data in every
 * register, a data subject's request not yet answered (GDPR art. 12: the answer needs the data) and a
 * restriction of processing in force that keeps the data for legal claims (GDPR art. 18 (1)(c)). Ids of the
 * latter two are prefixed `request:` and `restriction:`.
 */
async function holdsInForce(joint: RegisterHandle): Promise<{ id: string; customerId: string; registers: string[] }[]> {
  return joint.db.$queryRawUnsafe(PENDING_MATTERS_SQL);
}

const ALL_REGISTERS_SQL = `ARRAY['JOINT','EMPLOYMENT','WELLBEING','KELA']::text[]`;
const PENDING_MATTERS_SQL = `
  SELECT "id", "customerId", "registers"::text[] AS "registers" FROM "LegalHold" WHERE "releasedAt" IS NULL
  UNION ALL
  SELECT 'request:' || "id", "customerId", ${ALL_REGISTERS_SQL} FROM "DataSubjectRequest" WHERE "status" IN ('RECEIVED', 'EXTENDED')
  UNION ALL
  SELECT 'restriction:' || "id", "customerId", ${ALL_REGISTERS_SQL} FROM "ProcessingRestriction" WHERE ${restrictionInForceSql('"ProcessingRestriction"')} AND 'LEGAL_CLAIMS' = ANY("allowedUses")
  ORDER BY 1`;

async function countRows(db: RetentionDb, tables: PersonTable[], customerId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const t of tables) {
    const [row] = await db.$queryRawUnsafe<{ n: number | bigint }[]>(
      `SELECT count(*)::int AS n FROM ${q(t.model)} WHERE ${q(t.column)} = $1${t.condition ? ` AND ${t.condition}` : ''}`, customerId);
    if (Number(row.n) > 0) counts[t.model] = Number(row.n);
  }
  return counts;
}

/** Thrown when the legal holds cannot be known (the joint register's database not given or not reachable): nothing is deleted. */
export class HoldsUnknownError extends Error {}

/**
 * Runs the retention of the given registers. Returns what it did (or, in a dry run, would do); never throws for
 * one person's failure (the person is reported under `skipped` and stays for the next run). Fails closed: throws
 * HoldsUnknownError, before deleting anything, when the legal holds cannot be read (no joint register among
 * `registers` nor `holdsFrom`, or its database not reachable); a hold look-up that fails later, just before a
 * person's deletion, leaves that person for the next run.
 */
export async function runRetention(options: RetentionOptions): Promise<RetentionReport> {
  const today = options.today ?? todayInFinland();
  const runId = randomUUID();
  const report: RetentionReport = { runId, today, dryRun: Boolean(options.dryRun), interrupted: false, registers: [] };
  const joint = options.registers.find((h) => h.retention.register === 'JOINT') ?? options.holdsFrom;
  if (!joint) throw new HoldsUnknownError('the legal holds are kept in the joint register\'s database, which is not in the run (holdsFrom): nothing was deleted');
  try {
    await holdsInForce(joint);
  } catch (error) {
    throw new HoldsUnknownError(`the joint register's database, which keeps the legal holds, is not reachable (${(error as Error).message.slice(0, 200)}): nothing was deleted`);
  }
  // The own registers first, the joint register last: a person's identification is handed over only to the
  // own registers that still keep data of them after this run.
  const order = [...options.registers].sort((a, b) => Number(a.retention.register === 'JOINT') - Number(b.retention.register === 'JOINT'));
  const tablesOf = new Map(options.registers.map((h) => [h.retention.register, personTables(h.retention)]));
  for (const handle of order) {
    const register = handle.retention.register;
    const rule = customerDataRetention(register);
    const logRules = RETENTION.filter((r) => r.register === register && r.deletedBy === 'LOG_CHAIN_PRUNING');
    const tables = tablesOf.get(register)!;
    const relationships = await relationshipsOf(handle, tables);
    const holds = await holdsInForce(joint);
    const out: RegisterReport = {
      register, rule: { years: rule.years, from: rule.from, source: rule.source, chosen: rule.chosen },
      persons: relationships.length, open: 0, notDue: 0, noEndRecorded: 0, held: [], deleted: [], rowsByClass: {}, remaining: 0,
      skipped: [], handedOver: 0, idempotencyRecordsPruned: 0, redactedLogEntries: 0, unredactableLogEntries: 0,
      logs: `kept: see log chain pruning (${logRules.map((r) => `${r.categories.join(', ')} ${r.years} years from ${r.from === 'ENTRY_WRITTEN' ? 'the entry' : 'the end of the customership'}`).join('; ')})`,
    };
    report.registers.push(out);
    out.idempotencyRecordsPruned = await pruneIdempotencyRecords(handle.db, today, Boolean(options.dryRun));
    out.logs = await pruneAccessLog(handle, logRules, today, options);
    // The chains to redact in are sealed first, so that each person's entries can be redacted in their deletion.
    // The register's key also signs each redaction.
    const signer = !options.dryRun && handle.retention.redact?.length ? await createLogSigner(register, options.env ?? process.env) : undefined;
    for (const chain of signer ? handle.retention.redact! : []) await sealChain(handle.db as never, signer!, chainSpec(register, chain));
    const due: Relationship[] = [];
    for (const r of relationships) {
      if (r.open) out.open += 1;
      else if (!r.endedOn) out.noEndRecorded += 1;
      else if (!isDue(r.endedOn, rule.years, today)) out.notDue += 1;
      else {
        const holding = holds.filter((h) => h.customerId === r.customerId && h.registers.includes(register));
        if (holding.length > 0) out.held.push({ customerId: r.customerId, holdIds: holding.map((h) => h.id) });
        else due.push(r);
      }
    }
    // The joint register deletes only when every own register is in the run, so that none is left holding
    // data it can no longer tie to a person.
    if (register === 'JOINT' && options.registers.length < 4 && due.length > 0) {
      for (const r of due) out.skipped.push({ customerId: r.customerId, reason: 'the own registers are not in this run: the identification could not be handed over' });
      continue;
    }
    for (const [i, r] of due.entries()) {
      if (options.signal?.aborted || (options.limit !== undefined && out.deleted.length >= options.limit)) {
        out.remaining = due.length - i;
        report.interrupted ||= Boolean(options.signal?.aborted);
        break;
      }
      const planned = { customerId: r.customerId, relationshipEnd: r.endedOn!, dueOn: dueOn(r.endedOn!, rule.years) };
      if (options.dryRun) {
        const counts = await countRows(handle.db, tables, r.customerId);
        for (const chain of handle.retention.redact ?? []) {
          const redaction = await redactEntries(handle.db, register, chain, r.customerId, { runId, at: new Date() }, { dryRun: true });
          if (redaction.redacted > 0) counts[`${chainSpec(register, chain).table}:redacted`] = redaction.redacted;
          out.redactedLogEntries += redaction.redacted;
          out.unredactableLogEntries += redaction.keptVersion1;
        }
        out.deleted.push({ ...planned, counts });
        for (const [k, n] of Object.entries(counts)) out.rowsByClass[k] = (out.rowsByClass[k] ?? 0) + n;
        continue;
      }
      try {
        // A hold placed since the plan (the holds live in the joint register's database): asked again just before.
        if (register !== 'JOINT' && (await holdsInForce(joint)).some((h) => h.customerId === r.customerId && h.registers.includes(register))) {
          out.skipped.push({ customerId: r.customerId, reason: 'held since the run planned it' });
          continue;
        }
        if (register === 'JOINT') out.handedOver += await handOver(handle, options.registers, r.customerId, r.endedOn!, tablesOf);
        const deleted = await deletePerson(handle, tables, planned, runId, rule.source, options.beforeCommit, signer);
        if (!deleted) { out.skipped.push({ customerId: r.customerId, reason: 'changed since the run planned it (reopened or held)' }); continue; }
        const { counts, unredactable } = deleted;
        for (const [k, n] of Object.entries(counts)) if (k.endsWith(':redacted')) out.redactedLogEntries += n;
        out.unredactableLogEntries += unredactable;
        out.deleted.push({ ...planned, counts });
        for (const [k, n] of Object.entries(counts)) out.rowsByClass[k] = (out.rowsByClass[k] ?? 0) + n;
      } catch (error) {
        // Also a redaction refused (RedactionRefusedError: an entry not sealed yet, or one that does not verify).
        out.skipped.push({ customerId: r.customerId, reason: `failed, left for the next run: ${(error as Error).message.slice(0, 200)}` });
      }
    }
    if (handle.retention.redact?.length) {
      out.logs += `; disclosure records of deleted persons ${options.dryRun ? 'to redact' : 'redacted'} in their chain: ${out.redactedLogEntries}`
        + (out.unredactableLogEntries ? `, sealed before chain version 2 and so kept: ${out.unredactableLogEntries}` : '');
    }
  }
  return report;
}

/**
 * Prunes the register's access log by the age of its entries (RETENTION: ACCESS_LOG, counted from the entry)
 * through the log chain pruning (../logs/chain.ts: seals, verifies, deletes the front of the chain and leaves a
 * signed checkpoint), and says what it did in one line. Disclosure records are counted from the end of the
 * person's joint customership, which a cut at the front of the chain cannot follow: they are kept and said so.
 * A broken chain prunes nothing (the break is evidence) and is reported.
 */
async function pruneAccessLog(handle: RegisterHandle, logRules: RetentionRule[], today: string, options: RetentionOptions): Promise<string> {
  const register = handle.retention.register;
  const rule = logRules.find((r) => r.categories.includes('ACCESS_LOG'));
  const disclosures = RETENTION.some((r) => r.register === register && r.categories.includes('DISCLOSURE_LOG'))
    ? '; disclosure records go with the person\'s joint data (4 years from the end of the joint customership): redacted, not pruned' : '';
  if (!rule) return `no access-log retention stated${disclosures}`;
  const cutoff = new Date(`${today}T00:00:00Z`);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - rule.years);
  try {
    const [result] = await pruneRegisterLogs(handle.db as unknown as Parameters<typeof pruneRegisterLogs>[0], register,
      { ACCESS_LOG: cutoff }, { dryRun: Boolean(options.dryRun), env: options.env });
    return `access log: ${options.dryRun ? 'would prune' : 'pruned'} ${result?.pruned ?? 0} entries written before ${cutoff.toISOString().slice(0, 10)} (${rule.years} years)${disclosures}`;
  } catch (error) {
    return `access log NOT pruned: ${(error as Error).message.slice(0, 200)}${disclosures}`;
  }
}

/** Deletes (or, in a dry run, counts) the stored mutation outcomes older than IDEMPOTENCY_RECORD_DAYS before `today`. */
async function pruneIdempotencyRecords(db: RetentionDb, today: string, dryRun: boolean): Promise<number> {
  const before = new Date(Date.parse(`${today}T00:00:00Z`) - IDEMPOTENCY_RECORD_DAYS * 86_400_000).toISOString();
  if (dryRun) {
    const [row] = await db.$queryRawUnsafe<{ n: number }[]>('SELECT count(*)::int AS n FROM "IdempotencyRecord" WHERE "createdAt" < $1::timestamp', before);
    return row.n;
  }
  return db.$executeRawUnsafe('DELETE FROM "IdempotencyRecord" WHERE "createdAt" < $1::timestamp', before);
}

/**
 * One person's deletion in one register: one transaction with the redaction of their log entries and the
 * deletion record. Null when no longer due; throws RedactionRefusedError (nothing deleted) when an entry to
 * redact does not verify or is not sealed yet.
 */
async function deletePerson(
  handle: RegisterHandle, tables: PersonTable[], planned: Omit<PersonDeletion, 'counts'>, runId: string, rule: string,
  beforeCommit?: RetentionOptions['beforeCommit'], signer?: LogSigner,
): Promise<{ counts: Record<string, number>; unredactable: number } | null> {
  const { register, relationships } = handle.retention;
  return handle.db.$transaction(async (tx) => {
    // Still ended on the same day (not reopened since the plan), and, in the joint register where the holds
    // live, not held since: checked in the deletion's own transaction.
    const [still] = await tx.$queryRawUnsafe<{ ok: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM (${relationships}) r WHERE r."customerId" = $1 AND NOT r."open" AND r."endedOn" = $2) AS ok`,
      planned.customerId, planned.relationshipEnd);
    if (!still?.ok) return null;
    if (register === 'JOINT') {
      const [held] = await tx.$queryRawUnsafe<{ held: boolean }[]>(
        `SELECT EXISTS (SELECT 1 FROM (${PENDING_MATTERS_SQL}) h WHERE h."customerId" = $1 AND 'JOINT' = ANY(h."registers")) AS held`, planned.customerId);
      if (held?.held) return null;
    }
    const counts: Record<string, number> = {};
    for (const t of tables) {
      const n = await tx.$executeRawUnsafe(`DELETE FROM ${q(t.model)} WHERE ${q(t.column)} = $1${t.condition ? ` AND ${t.condition}` : ''}`, planned.customerId);
      if (n > 0) counts[t.model] = n;
    }
    let unredactable = 0;
    for (const chain of handle.retention.redact ?? []) {
      const redaction = await redactEntries(tx, register, chain, planned.customerId, { runId, at: new Date(), signer });
      if (redaction.redacted > 0) counts[`${chainSpec(register, chain).table}:redacted`] = redaction.redacted;
      unredactable += redaction.keptVersion1;
    }
    await tx.$executeRawUnsafe(
      `INSERT INTO "DeletionRecord" ("id", "runId", "customerId", "relationshipEnd", "dueOn", "rule", "classes", "counts") VALUES ($1, $2, $3, $4::date, $5::date, $6, $7::text[], $8::jsonb)`,
      randomUUID(), runId, planned.customerId, planned.relationshipEnd, planned.dueOn, `${register}: ${rule}`, Object.keys(counts), JSON.stringify(counts),
    );
    await beforeCommit?.(register, planned.customerId);
    return { counts, unredactable };
  }, { timeout: 60_000, maxWait: 10_000 });
}

/**
 * Hands the person's identification from the joint register to every own register that still keeps data of
 * them (381/2023 § 11: joint data flows between the three authorities), before the joint register deletes it.
 * Idempotent (an upsert): a rerun after an interruption hands it over again. Returns how many registers got it.
 */
async function handOver(joint: RegisterHandle, all: RegisterHandle[], customerId: string, endedOn: string, tablesOf: Map<Register, PersonTable[]>) {
  const [person] = await joint.db.$queryRawUnsafe<{ personalIdentityCode: string; firstNames: string; lastName: string }[]>(
    `SELECT "personalIdentityCode", "firstNames", "lastName" FROM "Customer" WHERE "id" = $1`, customerId);
  if (!person) return 0;
  let handed = 0;
  for (const own of all.filter((h) => h.retention.register !== 'JOINT')) {
    const tables = tablesOf.get(own.retention.register)!.filter((t) => t.model !== 'RetainedIdentity');
    const counts = await countRows(own.db, tables, customerId);
    if (Object.keys(counts).length === 0) continue;
    await own.db.$executeRawUnsafe(
      `INSERT INTO "RetainedIdentity" ("customerId", "personalIdentityCode", "firstNames", "lastName", "jointCustomershipEndedOn") VALUES ($1, $2, $3, $4, $5::date)
       ON CONFLICT ("customerId") DO UPDATE SET "jointCustomershipEndedOn" = EXCLUDED."jointCustomershipEndedOn"`,
      customerId, person.personalIdentityCode, person.firstNames, person.lastName, endedOn,
    );
    handed += 1;
  }
  return handed;
}

/** The report as lines for a person to read (the script prints it): counts and ids, never a value. */
export function formatReport(report: RetentionReport): string {
  const lines = [`Retention run ${report.runId} on ${report.today}${report.dryRun ? ' (dry run: nothing deleted)' : ''}${report.interrupted ? ' (interrupted)' : ''}`];
  for (const r of report.registers) {
    lines.push('', `${r.register}: ${r.rule.years} years from ${r.rule.from === 'END_OF_JOINT_CUSTOMERSHIP' ? 'the end of the customership' : 'the end of its own customer relationship'} (${r.rule.source}${r.rule.chosen ? '; period chosen, the seeds give none' : ''})`);
    lines.push(`  persons ${r.persons}: open ${r.open}, ended and not yet due ${r.notDue}, no end recorded (kept) ${r.noEndRecorded}, held ${r.held.length}, ${report.dryRun ? 'would delete' : 'deleted'} ${r.deleted.length}${r.remaining ? `, left for the next run ${r.remaining}` : ''}${r.skipped.length ? `, skipped ${r.skipped.length}` : ''}`);
    const rows = Object.entries(r.rowsByClass).sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k} ${n}`).join(', ');
    if (rows) lines.push(`  rows: ${rows}`);
    for (const d of r.deleted) lines.push(`  ${report.dryRun ? 'due' : 'deleted'} ${d.customerId} (ended ${d.relationshipEnd}, due ${d.dueOn})`);
    for (const h of r.held) lines.push(`  held ${h.customerId} by legal hold ${h.holdIds.join(', ')}`);
    for (const s of r.skipped) lines.push(`  skipped ${s.customerId}: ${s.reason}`);
    if (r.handedOver) lines.push(`  identification handed over to own registers: ${r.handedOver}`);
    if (r.idempotencyRecordsPruned) lines.push(`  stored mutation outcomes older than ${IDEMPOTENCY_RECORD_DAYS} days ${report.dryRun ? 'to prune' : 'pruned'}: ${r.idempotencyRecordsPruned}`);
    lines.push(`  logs: ${r.logs}`);
  }
  return lines.join('\n');
}
