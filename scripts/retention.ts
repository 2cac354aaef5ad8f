// The retention run (DOMAIN.md rule 8; shared/src/law/retention.ts; shared/src/retention/run.ts):
//   npm run retention -- --dry-run                 what is due in every register, what holds keep; deletes nothing
//   npm run retention                              deletes what is due, one transaction per person and register
//   options: --register <name> (repeatable; default all four), --today YYYY-MM-DD (default Finland's date),
//            --limit N (at most N persons per register in this run), --json (the report as JSON)
// Each register's data is deleted in that register's own database (<NAME>_DATABASE_URL / DATABASE_URL, or its
// embedded database under DATA_DIR) by that register's own retention rules (subgraphs/<name>/src/retention.ts).
// An embedded (PGlite) database is one process's: stop `npm start` first; with PostgreSQL run it at any time.
// Ctrl-C (SIGINT) or SIGTERM stops after the person being deleted; a rerun finishes the rest. Exit code 0 when
// nothing failed, 1 on an error, 2 when a person could not be deleted (reported, left for the next run).
// The legal holds live in the joint register's database: it is opened for them even when only an own register
// runs, and when it cannot be read (not reachable, or an embedded one that does not exist) nothing is deleted
// and the run exits 1 (fail closed: an empty database created in its place would know of no hold).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase, Database } from '../shared/src/db/database';
import { REPO_ROOT, SUBGRAPHS, registerDataLocation } from '../shared/src/subgraphs';
import { RegisterHandle, RegisterRetention, RetentionDb, formatReport, runRetention } from '../shared/src/retention/run';
import { PrismaClient as JointClient } from '../subgraphs/joint/src/generated/prisma/client';
import { PrismaClient as EmploymentClient } from '../subgraphs/employment/src/generated/prisma/client';
import { PrismaClient as WellbeingClient } from '../subgraphs/wellbeing/src/generated/prisma/client';
import { PrismaClient as KelaClient } from '../subgraphs/kela/src/generated/prisma/client';
import { jointRetention } from '../subgraphs/joint/src/retention';
import { employmentRetention } from '../subgraphs/employment/src/retention';
import { wellbeingRetention } from '../subgraphs/wellbeing/src/retention';
import { kelaRetention } from '../subgraphs/kela/src/retention';

type Adapter = Database['adapter'];
const REGISTERS: Record<string, { retention: RegisterRetention; client: (adapter: Adapter) => RetentionDb & { $disconnect(): Promise<void> } }> = {
  joint: { retention: jointRetention, client: (adapter) => new JointClient({ adapter }) as never },
  employment: { retention: employmentRetention, client: (adapter) => new EmploymentClient({ adapter }) as never },
  wellbeing: { retention: wellbeingRetention, client: (adapter) => new WellbeingClient({ adapter }) as never },
  kela: { retention: kelaRetention, client: (adapter) => new KelaClient({ adapter }) as never },
};

async function main() {
  const { values } = parseArgs({
    options: {
      'dry-run': { type: 'boolean', default: false },
      register: { type: 'string', multiple: true },
      today: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const names = values.register ?? SUBGRAPHS.map((s) => s.name);
  for (const name of names) if (!REGISTERS[name]) throw new Error(`--register: unknown register ${name}; one of ${Object.keys(REGISTERS).join(', ')}`);
  if (values.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.today)) throw new Error('--today: must be a date as YYYY-MM-DD');
  if (values.limit !== undefined && !/^[1-9]\d{0,6}$/.test(values.limit)) throw new Error('--limit: must be a whole number from 1');
  // Legal holds live in the joint register: it is opened (for the holds) even when only an own register runs.
  const open = [...new Set(['joint', ...names])];
  const databases: Database[] = [];
  const handles: (RegisterHandle & { name: string; close(): Promise<void> })[] = [];
  const abort = new AbortController();
  const stop = () => { if (!abort.signal.aborted) { console.error('stopping after the person being deleted; a rerun finishes the rest'); abort.abort(); } };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    for (const name of open) {
      const { databaseUrl, dataDir } = registerDataLocation(name);
      const holdsOnly = name === 'joint' && !names.includes('joint');
      // Opening a missing embedded database would create an empty one, with no holds in it.
      if (holdsOnly && !databaseUrl && !existsSync(join(dataDir, 'PG_VERSION'))) {
        throw new Error(`the joint register's database (${dataDir}), which keeps the legal holds, does not exist: nothing was deleted; set JOINT_DATA_DIR or JOINT_DATABASE_URL to it`);
      }
      let database: Database;
      try {
        database = await openDatabase({ databaseUrl, dataDir, migrationsDir: join(REPO_ROOT, 'subgraphs', name, 'prisma', 'migrations') });
      } catch (error) {
        if (!holdsOnly) throw error;
        throw new Error(`the joint register's database, which keeps the legal holds, is not reachable (${(error as Error).message.slice(0, 200)}): nothing was deleted`);
      }
      databases.push(database);
      const db = REGISTERS[name].client(database.adapter);
      handles.push({ name, retention: REGISTERS[name].retention, db, close: () => db.$disconnect() });
    }
    const running = handles.filter((h) => names.includes(h.name));
    // The joint register alone still reads its holds; an own register alone gets the joint handle for holds only.
    const holdsOnly = handles.find((h) => h.name === 'joint' && !names.includes('joint'));
    const report = await runRetention({
      registers: running, holdsFrom: holdsOnly, dryRun: values['dry-run'], today: values.today,
      limit: values.limit === undefined ? undefined : Number(values.limit), signal: abort.signal,
    });
    console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
    if (report.registers.some((r) => r.skipped.some((s) => s.reason.startsWith('failed')))) process.exitCode = 2;
  } finally {
    for (const h of handles) await h.close();
    for (const d of databases) await d.close();
  }
}

main().catch((error) => {
  console.error(`retention run failed: ${(error as Error).message}`);
  process.exit(1);
});
