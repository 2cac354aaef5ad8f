// Logs nobody can quietly change (issue 12), end to end: the access logs of the four registers and the
// joint register's disclosure records are sealed into hash chains with signed heads shortly after each
// write; an auditor asks through the gateway whether they are intact (nobody else may), and
// `npm run verify-logs` says the same as a child process. A row edited, deleted or inserted directly in a
// register's database (as its superuser, past the append-only triggers, which refuse it otherwise) is
// found, naming the register, the chain and the entry.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { PRESET_NAMES } from '../../shared/src/auth/presets';
import type { TokenClaims } from '../../shared/src/auth/tokens';
import { addDays, demoPopulation } from '../../shared/src/demo/population';
import { REPO_ROOT } from '../../shared/src/subgraphs';
import { keyed } from '../support/keys';
import { startSystem, System } from '../support/system';
import { todayInFinland } from '../../shared/src/law/today';

const dataDir = mkdtempSync(join(tmpdir(), 'cg-chains-'));
let system: System;
let stopped = false;
beforeAll(async () => { system = await startSystem({ env: { DATA_DIR: dataDir, LOG_SEAL_INTERVAL_MS: '200' } }); });
afterAll(async () => {
  if (!stopped) await system?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const REGISTERS = ['joint', 'employment', 'wellbeing', 'kela'] as const;
const FIELDS = 'register chain intact entries sealedThrough headSealedAt prunedThrough unsealed brokenAt { seq entryId reason }';
const ALL_CHAINS = `{ ${REGISTERS.map((r) => `${r}LogChains { ${FIELDS} }`).join(' ')} }`;
const customer = () => demoPopulation()[3];
// The law's day is Finland's (shared/src/law/today.ts): from 22:00 or 21:00 UTC it is already tomorrow there.
const today = () => todayInFinland();
const employer: TokenClaims = { sub: 'employer-chains:hr-1', org_kind: 'EMPLOYER', org_id: 'employer-chains', purpose: 'JOB_PLACEMENT' };

interface Report { register: string; chain: string; intact: boolean; entries: number; sealedThrough: number; brokenAt: { seq: number; entryId: string | null; reason: string } | null }
async function chains(): Promise<Report[]> {
  const response = await system.query('auditor', ALL_CHAINS);
  expect(response.errors).toBeUndefined();
  return REGISTERS.flatMap((r) => response.data![`${r}LogChains`] as Report[]);
}

/** `npm run verify-logs` as a child process; resolves with its exit code and output. */
function verifyLogs(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'scripts', 'verify-logs.ts'), ...args], {
      cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('exit', (code) => resolve({ code, output }));
  });
}

/** As the database's superuser, with the append-only triggers off for one transaction. */
const tamper = (register: string, sql: string) =>
  system.subgraphs[register].database.execute(`BEGIN; SET LOCAL session_replication_role = replica; ${sql}; COMMIT;`);

describe('the log chains', () => {
  it('seal the entries of every register shortly after the write, the disclosure records too: all intact', async () => {
    // Uses in every register, and a disclosure to a third party under the customer's consent.
    const view = await system.query('employment-expert', `query($id: ID!) { customer(id: $id) { lastName employment { jobSeeker { employmentStatus } }
      wellbeing { activationPlan { goals } } kela { benefits { kind } } } }`, { id: customer().id });
    expect(view.data!.customer.lastName).toBe(customer().lastName);
    const consent = await system.query('employment-expert', 'mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }', { input: keyed({
      customerId: customer().id, recipientType: 'EMPLOYER', recipientOrganisationId: 'employer-chains', recipientOrganisationName: 'Chains Oy',
      categories: ['JOINT_IDENTIFICATION'], purpose: 'JOB_PLACEMENT', validFrom: today(), validUntil: addDays(today(), 30), method: 'IN_WRITING',
    }) });
    expect(consent.errors).toBeUndefined();
    const seen = await system.query(employer, 'query($id: ID!) { customer(id: $id) { lastName } }', { id: customer().id });
    expect(seen.data!.customer.lastName).toBe(customer().lastName);

    // Within a couple of seal intervals every entry has its place; the auditor's query seals what is left.
    await new Promise((r) => setTimeout(r, 500));
    const stored = await system.subgraphs.kela.database.query<{ sealed: number; unsealed: number }>(
      'SELECT count("chainSeq")::int AS sealed, count(*) FILTER (WHERE "chainSeq" IS NULL)::int AS unsealed FROM "AccessLogEntry"');
    expect(stored[0].sealed).toBeGreaterThan(0);
    const reports = await chains();
    expect(reports.map((r) => [r.register, r.chain, r.intact])).toEqual([
      ['JOINT', 'ACCESS_LOG', true], ['JOINT', 'DISCLOSURE_RECORDS', true],
      ['EMPLOYMENT', 'ACCESS_LOG', true], ['WELLBEING', 'ACCESS_LOG', true], ['KELA', 'ACCESS_LOG', true],
    ]);
    for (const report of reports) expect(report.entries).toBeGreaterThan(0);
    expect(reports.every((r) => r.brokenAt === null && r.sealedThrough === r.entries)).toBe(true);
  });

  it('are for auditors and the data protection officer only: every other preset is refused (FORBIDDEN), in every register', async () => {
    const query = `{ ${REGISTERS.map((r) => `${r}LogChains { intact }`).join(' ')} }`;
    // The data protection officer monitors the registers' compliance (GDPR art. 39 (1)(b)), the logs included.
    const overseers = ['auditor', 'data-protection-officer'];
    for (const preset of PRESET_NAMES.filter((p) => !overseers.includes(p))) {
      const response = await system.query(preset, query);
      const refused = (response.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.path?.[0]).sort();
      expect({ preset, refused }).toEqual({ preset, refused: REGISTERS.map((r) => `${r}LogChains`).sort() });
      for (const register of REGISTERS) expect(response.data?.[`${register}LogChains`] ?? null).toBeNull();
    }
    for (const preset of overseers) expect((await system.query(preset, query)).errors).toBeUndefined();
  });

  it('verify-logs through the customer graph says intact (exit code 0)', async () => {
    const { code, output } = await verifyLogs(['--url', system.gatewayUrl]);
    expect(output).toMatch(/^kela\s+ACCESS_LOG\s+intact\s+\d+ entries, sealed through #\d+/m);
    expect(output).toMatch(/^joint\s+DISCLOSURE_RECORDS\s+intact/m);
    expect(code).toBe(0);
  });

  it('verify-logs on a directory that holds no database says so (exit code 2), never "intact"', async () => {
    const nowhere = mkdtempSync(join(tmpdir(), 'cg-no-data-'));
    try {
      const { code, output } = await verifyLogs(['--register', 'kela'], { DATA_DIR: join(nowhere, 'typo') });
      expect(output).toMatch(/no database in/);
      expect(output).not.toMatch(/intact/);
      expect(code).toBe(2);
    } finally {
      rmSync(nowhere, { recursive: true, force: true });
    }
  });
});

describe('a stored row changed in the database', () => {
  it('is refused by the database itself (append-only), for the application as for a hand-typed statement', async () => {
    await expect(system.subgraphs.employment.database.execute(`UPDATE "AccessLogEntry" SET "actorId" = 'someone-else'`)).rejects.toThrow(/append-only/);
    await expect(system.subgraphs.employment.database.execute('DELETE FROM "AccessLogEntry"')).rejects.toThrow(/append-only/);
    await expect(system.subgraphs.joint.db.disclosureRecord.deleteMany({})).rejects.toThrow();
    expect((await chains()).every((r) => r.intact)).toBe(true);
  });

  it('past the triggers (edited, deleted, inserted): the auditor and verify-logs name the register, chain and entry', async () => {
    // An access-log entry of Kela's register edited: who read it is changed.
    const [edited] = await system.subgraphs.kela.database.query<{ id: string; seq: string }>(
      'SELECT id, "chainSeq"::text AS seq FROM "AccessLogEntry" WHERE "chainSeq" IS NOT NULL ORDER BY "chainSeq" DESC LIMIT 1');
    await tamper('kela', `UPDATE "AccessLogEntry" SET "actorId" = 'somebody-else' WHERE id = '${edited.id}'`);
    // A disclosure record of the joint register deleted.
    const [deleted] = await system.subgraphs.joint.database.query<{ seq: string }>('SELECT "chainSeq"::text AS seq FROM "DisclosureRecord" ORDER BY "chainSeq" LIMIT 1');
    await tamper('joint', `DELETE FROM "DisclosureRecord" WHERE "chainSeq" = ${deleted.seq}`);
    // An entry inserted into the wellbeing register's log, in the place of the first entry, the others moved up.
    await tamper('wellbeing', `UPDATE "AccessLogEntry" SET "chainSeq" = "chainSeq" + 100000 WHERE "chainSeq" IS NOT NULL;
      UPDATE "AccessLogEntry" SET "chainSeq" = "chainSeq" - 99999 WHERE "chainSeq" > 100000;
      INSERT INTO "AccessLogEntry" (id, "requestId", "actorId", "actorOrganisationKind", "actorOrganisationId", "actorRoles", "customerIds", categories, operation, outcome, "chainSeq", "chainHash")
      SELECT '${randomUUID()}', "requestId", 'nobody', "actorOrganisationKind", "actorOrganisationId", "actorRoles", "customerIds", categories, operation, outcome, 1, "chainHash" FROM "AccessLogEntry" WHERE "chainSeq" = 2`);

    const byChain = Object.fromEntries((await chains()).map((r) => [`${r.register}/${r.chain}`, r]));
    expect(byChain['KELA/ACCESS_LOG']).toMatchObject({ intact: false, brokenAt: { seq: Number(edited.seq), entryId: edited.id, reason: expect.stringContaining('not what was sealed') } });
    expect(byChain['JOINT/DISCLOSURE_RECORDS']).toMatchObject({ intact: false, brokenAt: { seq: Number(deleted.seq), entryId: null, reason: expect.stringContaining('missing (deleted)') } });
    expect(byChain['WELLBEING/ACCESS_LOG']).toMatchObject({ intact: false, brokenAt: { seq: 1, reason: expect.stringContaining('not what was sealed') } });
    expect(byChain['JOINT/ACCESS_LOG'].intact).toBe(true);
    expect(byChain['EMPLOYMENT/ACCESS_LOG'].intact).toBe(true);

    const { code, output } = await verifyLogs(['--url', system.gatewayUrl]);
    expect(output).toContain(`kela        ACCESS_LOG          BROKEN  at entry #${edited.seq} (id ${edited.id}): entry #${edited.seq} is not what was sealed`);
    expect(output).toContain(`joint       DISCLOSURE_RECORDS  BROKEN  at entry #${deleted.seq}: entry #${deleted.seq} is missing (deleted)`);
    expect(output).toMatch(/^employment\s+ACCESS_LOG\s+intact/m);
    expect(code).toBe(1);
  });

  it('verify-logs straight from the databases finds the same (with the registers\' published keys)', async () => {
    const postgres = process.env.TEST_DATABASE_URL;
    const env: NodeJS.ProcessEnv = { DATA_DIR: dataDir };
    if (postgres) {
      for (const register of REGISTERS) {
        const [{ name }] = await system.subgraphs[register].database.query<{ name: string }>('SELECT current_database() AS name');
        const url = new URL(postgres);
        url.pathname = `/${name}`;
        env[`${register.toUpperCase()}_DATABASE_URL`] = url.toString();
      }
    } else {
      // An embedded database has one user at a time: the system stops first (the data stays in DATA_DIR).
      await system.stop();
      stopped = true;
    }
    const { code, output } = await verifyLogs([], env);
    expect(output).toMatch(/^kela\s+ACCESS_LOG\s+BROKEN\s+at entry #\d+ \(id [0-9a-f-]{36}\)/m);
    expect(output).toMatch(/^employment\s+ACCESS_LOG\s+intact/m);
    expect(code).toBe(1);
    const employmentOnly = await verifyLogs(['--register', 'employment'], env);
    expect(employmentOnly.code).toBe(0);
  });
});
