// The life span of data (issue 12; DOMAIN.md rule 8): the retention run on the seeded registers (persons due, not
// yet due and held: shared/src/demo/former-customers.ts) in dry-run and real mode, an interrupted run resumed, a
// rerun that deletes nothing, the deletion records, the own registers after the joint register has deleted a
// person, and the rules of legal holds through the gateway with real tokens (allowed and denied).
// The tests run in order on one system, as the runs of a deployment follow one another: each stage starts from
// what the one before left (a dry run, an interrupted run, its resumption, a rerun, later years).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_FORMER_CUSTOMERS } from '../../shared/src/demo/former-customers';
import { RegisterHandle, RetentionDb, RetentionReport, formatReport, personTables, runRetention } from '../../shared/src/retention/run';
import { REPO_ROOT } from '../../shared/src/subgraphs';
import { jointRetention } from '../../subgraphs/joint/src/retention';
import { employmentRetention } from '../../subgraphs/employment/src/retention';
import { wellbeingRetention } from '../../subgraphs/wellbeing/src/retention';
import { kelaRetention } from '../../subgraphs/kela/src/retention';
import { startSystem, System } from '../support/system';

const TODAY = '2026-12-01';
const [F1, F2, F3, F4, F5, F6] = DEMO_FORMER_CUSTOMERS;
const HOLD_F3 = F3.holds[0].id;
const HOLD_F4 = F4.holds[0].id;

let system: System;
let handles: Record<'JOINT' | 'EMPLOYMENT' | 'WELLBEING' | 'KELA', RegisterHandle>;
let all: RegisterHandle[];
beforeAll(async () => {
  system = await startSystem();
  const db = (name: string) => system.subgraphs[name].db as unknown as RetentionDb;
  handles = {
    JOINT: { retention: jointRetention, db: db('joint') },
    EMPLOYMENT: { retention: employmentRetention, db: db('employment') },
    WELLBEING: { retention: wellbeingRetention, db: db('wellbeing') },
    KELA: { retention: kelaRetention, db: db('kela') },
  };
  all = Object.values(handles);
});
afterAll(() => system?.stop());

type Name = keyof typeof handles;
const reg = (report: RetentionReport, register: Name) => report.registers.find((r) => r.register === register)!;
const ids = (rows: { customerId: string }[]) => rows.map((r) => r.customerId).sort();

/** The rows a register keeps of one person, per table (the tables the run deletes from). */
async function rowsOf(register: Name, customerId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of personTables(handles[register].retention)) {
    const [row] = await handles[register].db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "${t.model}" WHERE "${t.column}" = $1`, customerId);
    if (row.n > 0) out[t.model] = row.n;
  }
  return out;
}
const count = async (register: Name, table: string) =>
  (await handles[register].db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "${table}"`))[0].n;
const deletionRecords = (register: Name) =>
  handles[register].db.$queryRawUnsafe<{ runId: string; customerId: string; classes: string[]; counts: Record<string, number>; relationshipEnd: Date; dueOn: Date; rule: string }[]>(
    'SELECT * FROM "DeletionRecord" ORDER BY "customerId"');
const logCounts = async () => ({
  access: await Promise.all((Object.keys(handles) as Name[]).map((r) => count(r, 'AccessLogEntry'))),
  disclosures: await count('JOINT', 'DisclosureRecord'),
});

let planned: RetentionReport;

describe('the retention run on the seeded registers', () => {
  it('in a dry run reports what is due, what is not yet due and what legal holds keep, and deletes nothing', async () => {
    planned = await runRetention({ env: system.env, registers: all, today: TODAY, dryRun: true });
    const joint = reg(planned, 'JOINT');
    // Four years after the end (seed 003 Liite 7 § 9): 2019, 29 Feb 2020, 2022 and 2022 (a released hold) are due;
    // 2021 is held by a pending appeal; 2023 and 2024 are not yet due.
    expect(ids(joint.deleted)).toEqual([F1.id, F2.id, F4.id, F5.id]);
    expect(joint.held).toEqual([{ customerId: F3.id, holdIds: [HOLD_F3] }]);
    expect(joint.notDue).toBeGreaterThanOrEqual(2);
    expect(joint.deleted.find((d) => d.customerId === F2.id)).toMatchObject({ relationshipEnd: '2020-02-29', dueOn: '2024-02-29' });
    expect(joint.deleted.find((d) => d.customerId === F1.id)!.counts).toEqual({
      Customer: 1, CustomershipPeriod: 1, ResponsibleOfficial: 3, SituationAssessment: 2, ReferralNote: 1,
    });
    // The released hold goes with the person's data; a hold in force (F4's, on the employment register) is kept.
    expect(joint.deleted.find((d) => d.customerId === F5.id)!.counts.LegalHold).toBe(1);
    expect(joint.deleted.find((d) => d.customerId === F4.id)!.counts.LegalHold).toBeUndefined();
    // Ten years from the register's own end (seed 004 § 10.6): the job search that ended in 2014 is due, the one of
    // 2016 is held for a statutory task; the county's client relationship that ended in 2015 is due.
    expect(ids(reg(planned, 'EMPLOYMENT').deleted)).toEqual([F2.id]);
    expect(reg(planned, 'EMPLOYMENT').held).toEqual([{ customerId: F4.id, holdIds: [HOLD_F4] }]);
    expect(ids(reg(planned, 'WELLBEING').deleted)).toEqual([F1.id]);
    expect(reg(planned, 'KELA').deleted).toEqual([]);
    expect(reg(planned, 'KELA').notDue).toBe(2);
    // The county and Kela record no end for the current demo population: kept, and said so.
    expect(reg(planned, 'WELLBEING').noEndRecorded).toBeGreaterThan(100);
    // The access logs are pruned by the age of their entries (none is that old yet); disclosure records go with the
    // person's joint data, redacted in their chain (the seeded former customers have none: tests/e2e/disclosure-redaction).
    for (const r of planned.registers) expect(r.logs).toMatch(/^access log: would prune 0 entries written before 20(16|22)-12-01 \((4|10) years\)/);
    expect(reg(planned, 'JOINT').logs).toContain('disclosure records go with the person\'s joint data (4 years from the end of the joint customership): redacted, not pruned');
    expect(reg(planned, 'JOINT').logs).toContain('disclosure records of deleted persons to redact in their chain: 0');
    // Nothing was deleted and nothing recorded.
    expect(await rowsOf('JOINT', F1.id)).toEqual(joint.deleted.find((d) => d.customerId === F1.id)!.counts);
    for (const r of Object.keys(handles) as Name[]) expect(await count(r, 'DeletionRecord')).toBe(0);
    const text = formatReport(planned);
    expect(text).toContain('(dry run: nothing deleted)');
    expect(text).toContain(`held ${F3.id} by legal hold ${HOLD_F3}`);
    for (const f of DEMO_FORMER_CUSTOMERS) {
      expect(text).not.toContain(f.personalIdentityCode);
      expect(text).not.toContain(f.lastName);
    }
  });

  it('when interrupted leaves each person wholly deleted or untouched, and a rerun finishes the rest', async () => {
    const logsBefore = await logCounts();
    const abort = new AbortController();
    let jointDeletions = 0;
    // A crash inside the second person's transaction of the joint register, after its deletes and before the commit.
    const interrupted = await runRetention({
      env: system.env, registers: all, today: TODAY, signal: abort.signal,
      beforeCommit: (register) => {
        if (register === 'JOINT' && ++jointDeletions === 2) { abort.abort(); throw new Error('simulated crash'); }
      },
    });
    const joint = reg(interrupted, 'JOINT');
    expect(interrupted.interrupted).toBe(true);
    expect(ids(joint.deleted)).toEqual([F1.id]);
    expect(joint.skipped).toEqual([{ customerId: F2.id, reason: expect.stringContaining('simulated crash') }]);
    expect(joint.remaining).toBe(2);
    // F1: gone with its record. F2: untouched, every row as planned, no record.
    expect(await rowsOf('JOINT', F1.id)).toEqual({});
    expect(await rowsOf('JOINT', F2.id)).toEqual(reg(planned, 'JOINT').deleted.find((d) => d.customerId === F2.id)!.counts);
    expect(ids(await deletionRecords('JOINT'))).toEqual([F1.id]);
    // The own registers ran first, wholly.
    expect(ids(reg(interrupted, 'EMPLOYMENT').deleted)).toEqual([F2.id]);
    expect(ids(reg(interrupted, 'WELLBEING').deleted)).toEqual([F1.id]);

    const resumed = await runRetention({ env: system.env, registers: all, today: TODAY });
    expect(resumed.interrupted).toBe(false);
    expect(ids(reg(resumed, 'JOINT').deleted)).toEqual([F2.id, F4.id, F5.id]);
    expect(reg(resumed, 'JOINT').held).toEqual([{ customerId: F3.id, holdIds: [HOLD_F3] }]);
    for (const r of ['EMPLOYMENT', 'WELLBEING', 'KELA'] as const) expect(reg(resumed, r).deleted).toEqual([]);
    for (const f of [F1, F2, F5]) expect(await rowsOf('JOINT', f.id)).toEqual({});
    // F4's hold on the employment register outlives the joint register's data of F4 (its only row left here).
    expect(await rowsOf('JOINT', F4.id)).toEqual({ LegalHold: 1 });
    expect(await rowsOf('JOINT', F3.id)).toMatchObject({ Customer: 1, LegalHold: 1 });
    expect(await rowsOf('JOINT', F6.id)).toMatchObject({ Customer: 1 });
    expect((await handles.JOINT.db.$queryRawUnsafe<{ id: string }[]>('SELECT "id" FROM "LegalHold" WHERE "customerId" = $1', F4.id))).toEqual([{ id: HOLD_F4 }]);
    // Access logs are the log chain pruning's; disclosure records are redacted, never deleted, by the run.
    expect(await logCounts()).toEqual(logsBefore);
  });

  it('writes one deletion record per person and register: ids, classes and counts, never a value or an identity code', async () => {
    const joint = await deletionRecords('JOINT');
    expect(ids(joint)).toEqual([F1.id, F2.id, F4.id, F5.id]);
    for (const record of joint) {
      const plannedCounts = reg(planned, 'JOINT').deleted.find((d) => d.customerId === record.customerId)!.counts;
      expect(record.counts).toEqual(plannedCounts);
      expect([...record.classes].sort()).toEqual(Object.keys(plannedCounts).sort());
      expect(record.rule).toBe('JOINT: seed 003 Liite 7 § 9; DOMAIN.md rule 8');
    }
    expect(joint.find((r) => r.customerId === F2.id)).toMatchObject({ relationshipEnd: new Date('2020-02-29T00:00:00Z'), dueOn: new Date('2024-02-29T00:00:00Z') });
    const employment = await deletionRecords('EMPLOYMENT');
    expect(employment).toEqual([expect.objectContaining({ customerId: F2.id, counts: { JobSeeker: 1, CustomerHomeMunicipality: 1 } })]);
    expect(await deletionRecords('WELLBEING')).toEqual([expect.objectContaining({
      customerId: F1.id, counts: { Client: 1, SocialWelfareService: 1, CustomerHomeMunicipality: 1 },
    })]);
    const stored = JSON.stringify([joint, employment, await deletionRecords('WELLBEING')]);
    for (const f of DEMO_FORMER_CUSTOMERS) {
      for (const value of [f.personalIdentityCode, f.firstNames, f.lastName, f.endReason, f.homeMunicipality]) expect(stored).not.toContain(value);
    }
  });

  it('run again deletes nothing (idempotent)', async () => {
    const before = await Promise.all((Object.keys(handles) as Name[]).map((r) => count(r, 'DeletionRecord')));
    const again = await runRetention({ env: system.env, registers: all, today: TODAY });
    for (const r of again.registers) expect(r.deleted).toEqual([]);
    expect(await Promise.all((Object.keys(handles) as Name[]).map((r) => count(r, 'DeletionRecord')))).toEqual(before);
  });
});

describe('the own registers after the joint register has deleted a person', () => {
  it('keep what their own retention keeps, with the identification handed over, and delete it by their own end', async () => {
    // Through the graph the person is gone: the joint register answers as for a non-customer.
    const gone = await system.query('employment-expert', 'query($id: ID!) { customer(id: $id) { id } }', { id: F1.id });
    expect(gone.data!.customer).toBeNull();
    // The employment register (job search ended 2019: ten years) and Kela (ended 2019) still keep F1's data, and
    // can tell whose it is: the joint register handed the identification over before it deleted it.
    expect(await rowsOf('EMPLOYMENT', F1.id)).toMatchObject({ JobSeeker: 1, FinalReport: 1, RetainedIdentity: 1 });
    const [retained] = await handles.EMPLOYMENT.db.$queryRawUnsafe<{ personalIdentityCode: string; jointCustomershipEndedOn: Date }[]>(
      'SELECT * FROM "RetainedIdentity" WHERE "customerId" = $1', F1.id);
    expect(retained).toMatchObject({ personalIdentityCode: F1.personalIdentityCode, jointCustomershipEndedOn: new Date('2019-05-31T00:00:00Z') });
    expect(await rowsOf('KELA', F1.id)).toMatchObject({ KelaCustomer: 1, RetainedIdentity: 1 });
    expect(await rowsOf('KELA', F5.id)).toMatchObject({ KelaCustomer: 1, RetainedIdentity: 1 });
    expect(await rowsOf('EMPLOYMENT', F4.id)).toMatchObject({ JobSeeker: 1, RetainedIdentity: 1 });
    // Registers whose data of the person the same run deleted got nothing: F1 in the county, F2 in employment.
    expect(await rowsOf('WELLBEING', F1.id)).toEqual({});
    expect(await rowsOf('EMPLOYMENT', F2.id)).toEqual({});

    // Each own register's run (the joint register read for its holds only) deletes by its own end: the employment
    // register's ten years from 31 May 2019 have passed on 1 June 2029, Kela's from 30 June 2019 not yet.
    const own = [handles.EMPLOYMENT, handles.WELLBEING, handles.KELA];
    const june = await runRetention({ env: system.env, registers: own, holdsFrom: handles.JOINT, today: '2029-06-01' });
    expect(ids(reg(june, 'EMPLOYMENT').deleted)).toEqual([F1.id]);
    expect(reg(june, 'EMPLOYMENT').deleted[0].counts).toMatchObject({ JobSeeker: 1, FinalReport: 1, RetainedIdentity: 1 });
    expect(reg(june, 'EMPLOYMENT').held).toEqual([{ customerId: F4.id, holdIds: [HOLD_F4] }]);
    expect(reg(june, 'KELA').deleted).toEqual([]);
    const july = await runRetention({ env: system.env, registers: own, holdsFrom: handles.JOINT, today: '2029-07-01' });
    expect(ids(reg(july, 'KELA').deleted)).toEqual([F1.id]);
    expect(await rowsOf('KELA', F1.id)).toEqual({});
    expect(await rowsOf('EMPLOYMENT', F4.id)).toMatchObject({ JobSeeker: 1 });
    // The joint register alone does not delete when the own registers are not in the run (nothing to hand over to).
    const jointAlone = await runRetention({ env: system.env, registers: [handles.JOINT], today: '2029-07-01', dryRun: false });
    expect(reg(jointAlone, 'JOINT').deleted).toEqual([]);
    expect(reg(jointAlone, 'JOINT').skipped.length).toBeGreaterThan(0);
    expect(await rowsOf('JOINT', F6.id)).toMatchObject({ Customer: 1 });
  });
});

describe('legal holds through the customer graph', () => {
  const place = (preset: string, customerId: string, registers: string[], extra: Record<string, unknown> = {}) => system.query(preset,
    `mutation($input: PlaceLegalHoldInput!) { placeLegalHold(input: $input) { id customerId registers basis reason placedBy placedByAuthority releasedAt } }`,
    { input: { idempotencyKey: `hold-${Math.random().toString(36).slice(2)}-key`, customerId, registers, basis: 'PENDING_MATTER', reason: 'Appeal pending (test)', ...extra } });
  const release = (preset: string, customerId: string, holdId: string, reason = 'The appeal was decided (test)') => system.query(preset,
    `mutation($input: ReleaseLegalHoldInput!) { releaseLegalHold(input: $input) { id releasedAt releasedBy releaseReason } }`,
    { input: { idempotencyKey: `release-${Math.random().toString(36).slice(2)}-key`, customerId, holdId, reason } });
  const holdsOf = async (customerId: string) =>
    handles.JOINT.db.$queryRawUnsafe<{ id: string; registers: string[]; releasedAt: Date | null }[]>('SELECT * FROM "LegalHold" WHERE "customerId" = $1 ORDER BY "placedAt"', customerId);

  it('an official of the joint service places one on the joint register and their own, and nobody on another authority\'s', async () => {
    const placed = await place('employment-expert', F6.id, ['JOINT', 'EMPLOYMENT']);
    expect(placed.errors).toBeUndefined();
    expect(placed.data!.placeLegalHold).toMatchObject({
      customerId: F6.id, registers: ['JOINT', 'EMPLOYMENT'], basis: 'PENDING_MATTER', placedBy: 'employment-employment-expert-1', placedByAuthority: 'EMPLOYMENT', releasedAt: null,
    });
    const kela = await place('kela-benefit-expert', F6.id, ['KELA', 'JOINT']);
    expect(kela.data!.placeLegalHold).toMatchObject({ registers: ['KELA', 'JOINT'], placedByAuthority: 'KELA' });
    // Kela cannot keep the employment authority's data longer: refused, naming the register.
    const refused = await place('kela-benefit-expert', F6.id, ['JOINT', 'EMPLOYMENT']);
    expect(refused.data!.placeLegalHold).toBeNull();
    expect(refused.errors![0]).toMatchObject({ message: expect.stringContaining('EMPLOYMENT'), extensions: { code: 'FORBIDDEN', field: 'registers' } });
    expect(await holdsOf(F6.id)).toHaveLength(2);
  });

  it('nobody else places one: the customer, a third party, an auditor, an official of another area', async () => {
    for (const preset of [`customer:${F6.id}`, 'employer', 'auditor', 'employment-expert-lapland', 'kela-official-without-joint-role']) {
      const denied = await place(preset, F6.id, ['JOINT']);
      expect(denied.data?.placeLegalHold ?? null).toBeNull();
      expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect(await holdsOf(F6.id)).toHaveLength(2);
  });

  it('says what is wrong with bad input', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ registers: [] }, 'registers'], [{ registers: ['ARCHIVE'] }, 'registers'], [{ reason: '  ' }, 'reason'],
      [{ customerId: 'not-an-id' }, 'customerId'],
    ];
    for (const [input, field] of cases) {
      const res = await place('employment-expert', F6.id, (input.registers as string[]) ?? ['JOINT'], input);
      expect(res.errors?.[0]?.message ?? JSON.stringify(res.errors)).toMatch(new RegExp(field));
    }
  });

  it('the customer reads their own holds; a third party does not', async () => {
    const own = await system.query(`customer:${F6.id}`, 'query($id: ID!) { customer(id: $id) { legalHolds { registers basis reason releasedAt } } }', { id: F6.id });
    expect(own.errors).toBeUndefined();
    expect(own.data!.customer.legalHolds).toHaveLength(2);
    const employer = await system.query('employer', 'query($id: ID!) { customer(id: $id) { legalHolds { reason } } }', { id: F6.id });
    expect(employer.data?.customer?.legalHolds ?? null).toBeNull();
  });

  it('only the authority that placed a hold releases it, with who, when and why kept; then the run deletes what it kept', async () => {
    // F3's hold was placed by the employment authority: the county may not release it.
    const refused = await release('wellbeing-social-worker', F3.id, HOLD_F3);
    expect(refused.errors![0]).toMatchObject({ extensions: { code: 'FORBIDDEN', field: 'holdId' } });
    expect((await holdsOf(F3.id))[0].releasedAt).toBeNull();
    const wrongCustomer = await release('employment-expert', F6.id, HOLD_F3);
    expect(wrongCustomer.errors![0].message).toMatch(/holdId/);
    const released = await release('employment-expert', F3.id, HOLD_F3);
    expect(released.errors).toBeUndefined();
    expect(released.data!.releaseLegalHold).toMatchObject({ id: HOLD_F3, releasedBy: 'employment-employment-expert-1', releaseReason: 'The appeal was decided (test)' });
    const twice = await release('employment-expert', F3.id, HOLD_F3);
    expect(twice.errors![0].message).toMatch(/already been released/);

    const run = await runRetention({ env: system.env, registers: all, today: TODAY });
    expect(ids(reg(run, 'JOINT').deleted)).toEqual([F3.id]);
    expect(reg(run, 'JOINT').deleted[0].counts).toMatchObject({ Customer: 1, LegalHold: 1 });
    expect(await rowsOf('JOINT', F3.id)).toEqual({});
    // The stored outcomes of these writes (they name the hold and its reason) are pruned after 90 days.
    expect(reg(run, 'JOINT').idempotencyRecordsPruned).toBe(0);
    const later = await runRetention({ env: system.env, registers: all, today: '2027-06-01', dryRun: true });
    expect(reg(later, 'JOINT').idempotencyRecordsPruned).toBeGreaterThanOrEqual(3);
  });
});

describe('npm run retention', () => {
  const script = (args: string[], env: NodeJS.ProcessEnv) => spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'scripts', 'retention.ts'), ...args], {
    cwd: REPO_ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000,
  });

  it('runs on the registers\' own databases, reports, and refuses bad options naming them', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cg-retention-'));
    try {
      const dry = script(['--dry-run', '--today', TODAY], { DATA_DIR: dataDir });
      expect(dry.stderr).toBe('');
      expect(dry.status).toBe(0);
      expect(dry.stdout).toContain('(dry run: nothing deleted)');
      expect(dry.stdout).toMatch(/JOINT: 4 years from the end of the customership \(seed 003 Liite 7 § 9/);
      expect(dry.stdout).toMatch(/EMPLOYMENT: 10 years from the end of its own customer relationship/);
      const bad = script(['--today', '2026-13'], { DATA_DIR: dataDir });
      expect(bad.status).toBe(1);
      expect(bad.stderr).toContain('--today');
      const unknown = script(['--register', 'archive'], { DATA_DIR: dataDir });
      expect(unknown.status).toBe(1);
      expect(unknown.stderr).toContain('--register: unknown register archive');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('the access logs in the retention run', () => {
  it('prunes entries older than the stated retention through the log chain, leaving a chain that still verifies', async () => {
    const { verifyRegisterChains } = await import('../../shared/src/logs/chain');
    const { createLogSigner } = await import('../../shared/src/logs/signing');
    const keys = (await createLogSigner('JOINT', system.env)).publicJwks;
    const before = await count('JOINT', 'AccessLogEntry');
    expect(before).toBeGreaterThan(0);
    // Five years on, every entry of today is past the joint register's four years. The joint register alone in
    // the run deletes no person (the own registers are not in it), so only its access log is pruned.
    const later = '2031-12-02';
    const dry = await runRetention({ env: system.env, registers: [handles.JOINT], today: later, dryRun: true });
    expect(reg(dry, 'JOINT').logs).toMatch(/^access log: would prune [1-9]\d* entries written before 2027-12-02 \(4 years\)/);
    expect(await count('JOINT', 'AccessLogEntry')).toBe(before);
    const run = await runRetention({ env: system.env, registers: [handles.JOINT], today: later });
    const pruned = Number(/pruned (\d+) entries/.exec(reg(run, 'JOINT').logs)?.[1]);
    expect(pruned).toBeGreaterThan(0);
    expect(await count('JOINT', 'AccessLogEntry')).toBeLessThan(before);
    expect(await count('JOINT', 'LogChainCheckpoint')).toBe(1);
    const reports = await verifyRegisterChains(handles.JOINT.db as never, 'JOINT', keys);
    expect(reports.map((r) => [r.chain, r.intact])).toEqual([['ACCESS_LOG', true], ['DISCLOSURE_RECORDS', true]]);
    expect(reports[0].prunedThrough).toBeGreaterThan(0);
    // A rerun prunes nothing more (idempotent).
    const again = await runRetention({ env: system.env, registers: [handles.JOINT], today: later });
    expect(reg(again, 'JOINT').logs).toMatch(/^access log: pruned 0 entries/);
  });
});

describe('pending matters in the retention run', () => {
  it('keeps a person whose request is not answered yet (a pending matter, seed 003 Liite 7 § 9) in every register', async () => {
    const later = '2040-01-01';
    const due = reg(await runRetention({ env: system.env, registers: all, today: later, dryRun: true }), 'JOINT').deleted;
    expect(due.length).toBeGreaterThan(0);
    const person = due[0].customerId;
    await handles.JOINT.db.$executeRawUnsafe(
      `INSERT INTO "DataSubjectRequest" ("id", "customerId", "kind", "channel", "identityVerification", "register", "details", "categories", "receivedOn", "dueOn", "status", "recordedBy", "recordedByKind")
       VALUES ('pending-request-1', $1, 'ACCESS', 'IN_WRITING', 'IDENTITY_DOCUMENT', 'JOINT', 'test', ARRAY[]::text[], '2039-12-20', '2040-01-20', 'RECEIVED', 'official-1', 'AUTHORITY')`, person);
    const planned = await runRetention({ env: system.env, registers: all, today: later, dryRun: true });
    expect(ids(reg(planned, 'JOINT').deleted)).not.toContain(person);
    expect(reg(planned, 'JOINT').held).toContainEqual({ customerId: person, holdIds: ['request:pending-request-1'] });
    // Answered, it no longer keeps them.
    await handles.JOINT.db.$executeRawUnsafe(`UPDATE "DataSubjectRequest" SET "status" = 'ANSWERED' WHERE "id" = 'pending-request-1'`);
    const after = await runRetention({ env: system.env, registers: all, today: later, dryRun: true });
    expect(ids(reg(after, 'JOINT').deleted)).toContain(person);
  });
});
