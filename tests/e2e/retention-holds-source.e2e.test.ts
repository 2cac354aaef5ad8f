// The retention run of an own register alone reads the legal holds from the joint register's database
// (issue 12; seed 003 Liite 7 § 9: a pending matter stops deletion). It fails closed: when the holds cannot be read
// (the joint database not given, not reachable, or an embedded one that does not exist and would be created empty,
// knowing of no hold), nothing is deleted and the run says why; with the holds readable it deletes what is due
// and keeps what is held. Through the library on the seeded registers and through `npm run retention`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../shared/src/db/database';
import { DEMO_FORMER_CUSTOMERS } from '../../shared/src/demo/former-customers';
import { HoldsUnknownError, RegisterHandle, RetentionDb, personTables, runRetention } from '../../shared/src/retention/run';
import { REPO_ROOT } from '../../shared/src/subgraphs';
import { PrismaClient as JointClient } from '../../subgraphs/joint/src/generated/prisma/client';
import { jointRetention } from '../../subgraphs/joint/src/retention';
import { employmentRetention } from '../../subgraphs/employment/src/retention';
import { startSystem, System } from '../support/system';

const TODAY = '2026-12-01';
const [, F2, , F4] = DEMO_FORMER_CUSTOMERS; // employment: F2's job search ended 2014 (due), F4's 2016 is held

let system: System;
let employment: RegisterHandle;
let joint: RegisterHandle;
beforeAll(async () => {
  system = await startSystem({ subgraphs: ['joint', 'employment'], gateway: false });
  employment = { retention: employmentRetention, db: system.subgraphs.employment.db as unknown as RetentionDb };
  joint = { retention: jointRetention, db: system.subgraphs.joint.db as unknown as RetentionDb };
});
afterAll(() => system?.stop());

const rowsOf = async (customerId: string) => {
  let n = 0;
  for (const t of personTables(employmentRetention)) {
    n += (await employment.db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "${t.model}" WHERE "${t.column}" = $1`, customerId))[0].n;
  }
  return n;
};
const deletionRecords = async () => (await employment.db.$queryRawUnsafe<{ n: number }[]>('SELECT count(*)::int AS n FROM "DeletionRecord"'))[0].n;

describe('the retention run of an own register alone', () => {
  it('without the joint register\'s database deletes nothing and says the holds are unknown', async () => {
    const before = await rowsOf(F2.id);
    expect(before).toBeGreaterThan(0);
    await expect(runRetention({ env: system.env, registers: [employment], today: TODAY })).rejects.toThrow(HoldsUnknownError);
    await expect(runRetention({ env: system.env, registers: [employment], today: TODAY, dryRun: true })).rejects.toThrow(/legal holds .* nothing was deleted/);
    expect(await rowsOf(F2.id)).toBe(before);
    expect(await deletionRecords()).toBe(0);
  });

  it('with the joint register\'s database not reachable deletes nothing', async () => {
    // A joint database that went away (closed under the run).
    const gone = await openDatabase({ dataDir: 'memory://', migrationsDir: join(REPO_ROOT, 'subgraphs', 'joint', 'prisma', 'migrations') });
    const client = new JointClient({ adapter: gone.adapter });
    await client.$disconnect();
    await gone.close();
    const before = await rowsOf(F2.id);
    await expect(runRetention({ env: system.env, registers: [employment], holdsFrom: { retention: jointRetention, db: client as unknown as RetentionDb }, today: TODAY }))
      .rejects.toThrow(/joint register's database, which keeps the legal holds, is not reachable .*nothing was deleted/);
    expect(await rowsOf(F2.id)).toBe(before);
    expect(await deletionRecords()).toBe(0);
  });

  it('with the holds readable deletes what is due and keeps what is held', async () => {
    const run = await runRetention({ env: system.env, registers: [employment], holdsFrom: joint, today: TODAY });
    const report = run.registers[0];
    expect(report.deleted.map((d) => d.customerId)).toEqual([F2.id]);
    expect(report.held.map((h) => h.customerId)).toEqual([F4.id]);
    expect(await rowsOf(F2.id)).toBe(0);
    expect(await rowsOf(F4.id)).toBeGreaterThan(0);
  });
});

describe('npm run retention -- --register employment', () => {
  const script = (args: string[], env: NodeJS.ProcessEnv) => spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'scripts', 'retention.ts'), ...args], {
    cwd: REPO_ROOT, env: { ...process.env, DATABASE_URL: '', JOINT_DATABASE_URL: '', EMPLOYMENT_DATABASE_URL: '', ...env }, encoding: 'utf8', timeout: 120_000,
  });

  it('refuses when the joint register\'s embedded database does not exist, and does not create an empty one', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cg-holds-'));
    try {
      const run = script(['--register', 'employment', '--today', TODAY], { DATA_DIR: dataDir });
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/joint register's database \(.*\), which keeps the legal holds, does not exist: nothing was deleted; set JOINT_DATA_DIR or JOINT_DATABASE_URL/);
      expect(existsSync(join(dataDir, 'joint'))).toBe(false);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses when the joint register\'s database is not reachable', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cg-holds-'));
    try {
      const run = script(['--register', 'employment', '--today', TODAY], { DATA_DIR: dataDir, JOINT_DATABASE_URL: 'postgresql://nobody:nothing@127.0.0.1:9/joint' });
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/joint register's database, which keeps the legal holds, is not reachable .*nothing was deleted/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
