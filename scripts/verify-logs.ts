// Verifies the registers' tamper-evident logs (shared/src/logs/chain.ts): for each register and chain,
// "intact" or the first broken entry and why. Exit code 0 when every chain is intact, 1 when one is
// broken, 2 when a register could not be verified (unreachable, no keys, bad arguments).
//   npm run verify-logs                          each register's database directly (<NAME>_DATABASE_URL /
//                                                DATABASE_URL, or the embedded one in DATA_DIR: only while
//                                                the system is stopped, as PGlite has one user at a time)
//   npm run verify-logs -- --url http://localhost:4000/graphql
//                                                through the customer graph as an auditor (TOKEN, or in
//                                                development a development auditor token)
//   options: --register <name> (one register), --json (the reports as JSON)
// Direct verification checks the signatures with the registers' published keys (<REGISTER>_SERVICE_JWKS,
// or in development the development keys); through the graph each register checks its own.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { presetClaims } from '../shared/src/auth/presets';
import { authConfigFromEnv, signDevToken } from '../shared/src/auth/tokens';
import { openDatabase } from '../shared/src/db/database';
import type { Register } from '../shared/src/law/categories';
import { ChainReport, verifyRegisterChains } from '../shared/src/logs/chain';
import { publishedLogKeys } from '../shared/src/logs/signing';
import { REPO_ROOT, SUBGRAPHS, registerDataLocation } from '../shared/src/subgraphs';

const REGISTERS: Record<string, Register> = { joint: 'JOINT', employment: 'EMPLOYMENT', wellbeing: 'WELLBEING', kela: 'KELA' };

type Outcome = { name: string; reports?: ChainReport[]; error?: string };

async function direct(name: string): Promise<Outcome> {
  const prefix = name.toUpperCase();
  let database;
  const { databaseUrl, dataDir } = registerDataLocation(name);
  // Opening a directory that holds no database would make an empty one, whose chains are trivially intact: a
  // mistyped DATA_DIR must not pass for a verified register (found by review).
  if (!databaseUrl && !existsSync(join(dataDir, 'PG_VERSION'))) return { name, error: `no database in ${dataDir} (set DATA_DIR or ${prefix}_DATA_DIR)` };
  try {
    database = await openDatabase({
      databaseUrl,
      dataDir,
      migrationsDir: join(REPO_ROOT, 'subgraphs', name, 'prisma', 'migrations'),
    });
  } catch (error) {
    return { name, error: `database not available (${(error as Error).message.slice(0, 200)})` };
  }
  try {
    const db = { $queryRawUnsafe: <T>(sql: string, ...params: unknown[]) => database.query(sql, params) as Promise<T> };
    return { name, reports: await verifyRegisterChains(db, REGISTERS[name], publishedLogKeys(REGISTERS[name])) };
  } catch (error) {
    return { name, error: (error as Error).message.slice(0, 300) };
  } finally {
    await database.close();
  }
}

const FIELDS = 'register chain intact entries redacted sealedThrough headSealedAt prunedThrough unsealed oldestUnsealedAt brokenAt { seq entryId reason }';

async function throughGraph(url: string, names: string[]): Promise<Outcome[]> {
  const token = process.env.TOKEN ?? (process.env.NODE_ENV === 'production' ? undefined : await signDevToken(authConfigFromEnv(), presetClaims('auditor'), '10m'));
  if (!token) throw new Error('set TOKEN to an auditor\'s token');
  const query = `{ ${names.map((n) => `${n}: ${n}LogChains { ${FIELDS} }`).join(' ')} }`;
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) });
  const body = await response.json().catch(() => ({})) as { data?: Record<string, ChainReport[] | null>; errors?: { message: string; path?: string[] }[] };
  return names.map((name) => {
    const reports = body.data?.[name];
    if (reports) return { name, reports };
    const error = body.errors?.find((e) => e.path?.[0] === name) ?? body.errors?.[0];
    return { name, error: error?.message ?? `HTTP ${response.status}` };
  });
}

function line(report: ChainReport): string {
  const where = `${report.register.toLowerCase().padEnd(11)} ${report.chain.padEnd(19)}`;
  const pending = report.unsealed > 0 ? `, ${report.unsealed} not yet sealed (oldest ${new Date(report.oldestUnsealedAt!).toISOString()})` : '';
  if (report.intact) {
    const sealed = report.sealedThrough > 0 ? `sealed through #${report.sealedThrough} at ${new Date(report.headSealedAt!).toISOString()}` : 'nothing sealed yet';
    const pruned = report.prunedThrough > 0 ? `, pruned through #${report.prunedThrough}` : '';
    const redacted = report.redacted > 0 ? ` (${report.redacted} redacted)` : '';
    return `${where} intact  ${report.entries} entries${redacted}, ${sealed}${pruned}${pending}`;
  }
  const b = report.brokenAt!;
  return `${where} BROKEN  at entry #${b.seq}${b.entryId ? ` (id ${b.entryId})` : ''}: ${b.reason}`;
}

async function main() {
  const { values } = parseArgs({ options: { url: { type: 'string' }, register: { type: 'string' }, json: { type: 'boolean' } } });
  const names = SUBGRAPHS.map((s) => s.name).filter((n) => n in REGISTERS && (!values.register || n === values.register));
  if (names.length === 0) {
    console.error(`unknown register ${values.register}; one of ${Object.keys(REGISTERS).join(', ')}`);
    process.exit(2);
  }
  let outcomes: Outcome[] = [];
  if (values.url) outcomes = await throughGraph(values.url, names);
  // One register at a time: each embedded database is a PostgreSQL in this process's memory.
  else for (const name of names) outcomes.push(await direct(name));
  if (values.json) {
    console.log(JSON.stringify(outcomes, null, 2));
  } else {
    for (const outcome of outcomes) {
      if (outcome.error) console.log(`${outcome.name.padEnd(11)} ${'*'.padEnd(19)} NOT VERIFIED  ${outcome.error}`);
      for (const report of outcome.reports ?? []) console.log(line(report));
    }
  }
  const broken = outcomes.some((o) => o.reports?.some((r) => !r.intact));
  process.exit(broken ? 1 : outcomes.some((o) => o.error) ? 2 : 0);
}

main().catch((error) => {
  console.error(`verify-logs: ${(error as Error).message}`);
  process.exit(2);
});
