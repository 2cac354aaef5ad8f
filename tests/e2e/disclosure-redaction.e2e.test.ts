// Disclosure records live as long as the person's joint data (RETENTION: DISCLOSURE_LOG, four years from the
// end of the joint customership; issue 12), yet they are hash-chained and append-only. The retention run, in
// real mode, redacts a due person's records in their chain in the same transaction as the person's deletion
// (shared/src/logs/chain.ts redactEntries): the personal data is gone, the deletion record counts the records,
// and the chain still verifies for the auditor (through the gateway, real tokens) and for verify-logs. A row
// edited after the redaction, or an unredacted one, makes the verification fail.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { TokenClaims } from '../../shared/src/auth/tokens';
import { DEMO_FORMER_CUSTOMERS } from '../../shared/src/demo/former-customers';
import { addDays, demoPopulation } from '../../shared/src/demo/population';
import { RegisterHandle, RetentionDb, RetentionReport, runRetention } from '../../shared/src/retention/run';
import { REPO_ROOT } from '../../shared/src/subgraphs';
import { jointRetention } from '../../subgraphs/joint/src/retention';
import { employmentRetention } from '../../subgraphs/employment/src/retention';
import { wellbeingRetention } from '../../subgraphs/wellbeing/src/retention';
import { kelaRetention } from '../../subgraphs/kela/src/retention';
import { keyed } from '../support/keys';
import { startSystem, System } from '../support/system';
import { todayInFinland } from '../../shared/src/law/today';

const TODAY = '2026-12-01';
const [F1, , F3] = DEMO_FORMER_CUSTOMERS; // F1 due (ended 2019), F3 held by a pending appeal
const current = () => demoPopulation()[3];
const employer: TokenClaims = { sub: 'employer-redaction:hr-1', org_kind: 'EMPLOYER', org_id: 'employer-redaction', purpose: 'JOB_PLACEMENT' };

let system: System;
let all: RegisterHandle[];
beforeAll(async () => {
  system = await startSystem({ env: { LOG_SEAL_INTERVAL_MS: '200' } });
  const db = (name: string) => system.subgraphs[name].db as unknown as RetentionDb;
  all = [
    { retention: jointRetention, db: db('joint') }, { retention: employmentRetention, db: db('employment') },
    { retention: wellbeingRetention, db: db('wellbeing') }, { retention: kelaRetention, db: db('kela') },
  ];
});
afterAll(() => system?.stop());

const joint = (report: RetentionReport) => report.registers.find((r) => r.register === 'JOINT')!;
const records = (customerId: string) => system.subgraphs.joint.database.query<Record<string, unknown>>(
  'SELECT * FROM "DisclosureRecord" WHERE "customerId" = $1 ORDER BY "chainSeq"', [customerId]);
const tamper = (sql: string) => system.subgraphs.joint.database.execute(`BEGIN; SET LOCAL session_replication_role = replica; ${sql}; COMMIT;`);
const disclosureChain = async () => {
  const response = await system.query('auditor', '{ jointLogChains { chain intact entries redacted brokenAt { seq entryId reason } } }');
  expect(response.errors).toBeUndefined();
  return (response.data!.jointLogChains as { chain: string; intact: boolean; entries: number; redacted: number; brokenAt: { seq: number; entryId: string | null; reason: string } | null }[])
    .find((c) => c.chain === 'DISCLOSURE_RECORDS')!;
};

/** `npm run verify-logs -- --url <gateway>` as a child process. */
function verifyLogs(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'scripts', 'verify-logs.ts'), '--url', system.gatewayUrl, '--register', 'joint'], {
      cwd: REPO_ROOT, env: { ...process.env, ...system.env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('exit', (code) => resolve({ code, output }));
  });
}

let f1Records: string[];
let redactedId: string;

describe('the disclosure records of a person the retention run deletes', () => {
  it('are written and sealed by chain version 2: a real disclosure of a current customer, and records of former customers', async () => {
    // A disclosure to an employer under the current customer's consent, through the gateway.
    const today = todayInFinland(); // the law's day is Finland's (shared/src/law/today.ts)
    const consent = await system.query('employment-expert', 'mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }', { input: keyed({
      customerId: current().id, recipientType: 'EMPLOYER', recipientOrganisationId: 'employer-redaction', recipientOrganisationName: 'Redaction Oy',
      categories: ['JOINT_IDENTIFICATION'], purpose: 'JOB_PLACEMENT', validFrom: today, validUntil: addDays(today, 30), method: 'IN_WRITING',
    }) });
    expect(consent.errors).toBeUndefined();
    const seen = await system.query(employer, 'query($id: ID!) { customer(id: $id) { lastName } }', { id: current().id });
    expect(seen.data!.customer.lastName).toBe(current().lastName);
    // The former customers' disclosures of their customership years, as the joint register wrote them then.
    f1Records = [randomUUID(), randomUUID()];
    const write = (id: string, customerId: string, at: string) => system.subgraphs.joint.database.query(
      `INSERT INTO "DisclosureRecord" (id, "customerId", "disclosedAt", register, "recipientId", "recipientType", "recipientOrganisationId", "consentId", purpose, categories, fields, "requestId")
       VALUES ($1, $2, $3::timestamp, 'JOINT', 'employer-old:hr-9', 'EMPLOYER', 'employer-old', $4, 'JOB_PLACEMENT', ARRAY['JOINT_IDENTIFICATION'], ARRAY['Customer.lastName'], $5)`,
      [id, customerId, at, randomUUID(), randomUUID()]);
    await write(f1Records[0], F1.id, '2018-03-01T10:00:00Z');
    await write(f1Records[1], F1.id, '2018-09-01T10:00:00Z');
    await write(randomUUID(), F3.id, '2020-01-01T10:00:00Z');

    const chain = await disclosureChain(); // the auditor's query seals what is pending
    expect(chain).toMatchObject({ intact: true, redacted: 0 });
    expect(chain.entries).toBeGreaterThanOrEqual(4);
    for (const r of [...await records(F1.id), ...await records(current().id)]) expect(r.chainVersion).toBe(2);
  });

  it('a dry run counts them and changes nothing', async () => {
    const dry = await runRetention({ env: system.env, registers: all, today: TODAY, dryRun: true });
    expect(joint(dry).deleted.find((d) => d.customerId === F1.id)!.counts['DisclosureRecord:redacted']).toBe(2);
    expect(joint(dry).deleted.find((d) => d.customerId === F3.id)).toBeUndefined();
    expect(joint(dry).redactedLogEntries).toBe(2);
    expect(joint(dry).logs).toContain('disclosure records of deleted persons to redact in their chain: 2');
    expect((await records(F1.id)).map((r) => r.redactedContentDigest)).toEqual([null, null]);
  });

  it('the real run redacts them with the person, counts them in the deletion record, and the chain still verifies', async () => {
    const run = await runRetention({ env: system.env, registers: all, today: TODAY });
    expect(joint(run).deleted.map((d) => d.customerId)).toContain(F1.id);
    expect(joint(run).redactedLogEntries).toBe(2);
    expect(joint(run).logs).toContain('disclosure records of deleted persons redacted in their chain: 2');
    // Nothing names F1 any more; the rows keep their place in the chain, their id, time and register.
    expect(await records(F1.id)).toEqual([]);
    const redacted = await system.subgraphs.joint.database.query<Record<string, unknown>>(
      'SELECT * FROM "DisclosureRecord" WHERE id = ANY($1::text[]) ORDER BY "chainSeq"', [f1Records]);
    expect(redacted).toHaveLength(2);
    for (const r of redacted) {
      expect(r).toMatchObject({ customerId: '', recipientId: '', recipientOrganisationId: '', consentId: null, purpose: '', categories: [], fields: [], requestId: '', redactedByRunId: run.runId, register: 'JOINT' });
      expect(r.redactedContentDigest).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
    redactedId = f1Records[0];
    const [record] = await system.subgraphs.joint.database.query<{ classes: string[]; counts: Record<string, number> }>(
      'SELECT classes, counts FROM "DeletionRecord" WHERE "customerId" = $1', [F1.id]);
    expect(record.counts['DisclosureRecord:redacted']).toBe(2);
    expect(record.classes).toContain('DisclosureRecord:redacted');
    // The held person's record is untouched.
    expect((await records(F3.id)).map((r) => r.redactedContentDigest)).toEqual([null]);

    expect(await disclosureChain()).toMatchObject({ intact: true, redacted: 2, brokenAt: null });
    const { code, output } = await verifyLogs();
    expect(output).toMatch(/^joint\s+DISCLOSURE_RECORDS\s+intact\s+\d+ entries \(2 redacted\)/m);
    expect(code).toBe(0);
    // A rerun redacts nothing more.
    const again = await runRetention({ env: system.env, registers: all, today: TODAY });
    expect(joint(again).redactedLogEntries).toBe(0);
  });

  it('the auditor\'s disclosure log no longer shows them; the current customer\'s disclosures are there as before', async () => {
    const gone = await system.query('auditor', 'query($id: ID!) { disclosureLog(customerId: $id) { id } }', { id: F1.id });
    expect(gone.errors).toBeUndefined();
    expect(gone.data!.disclosureLog).toEqual([]);
    const everything = await system.query('auditor', '{ disclosureLog(first: 500) { id customerId recipientId } }');
    expect(everything.errors).toBeUndefined();
    const ids = (everything.data!.disclosureLog as { id: string; customerId: string }[]).map((r) => r.id);
    for (const id of f1Records) expect(ids).not.toContain(id);
    const own = await system.query('auditor', 'query($id: ID!) { disclosureLog(customerId: $id) { recipientId recipientOrganisationId } }', { id: current().id });
    expect(own.data!.disclosureLog).toContainEqual({ recipientId: employer.sub, recipientOrganisationId: 'employer-redaction' });
  });

  it('a redacted row edited afterwards, or an unredacted one, makes the verification fail', async () => {
    const [{ seq }] = await system.subgraphs.joint.database.query<{ seq: string }>('SELECT "chainSeq"::text AS seq FROM "DisclosureRecord" WHERE id = $1', [redactedId]);
    await tamper(`UPDATE "DisclosureRecord" SET "recipientOrganisationId" = 'employer-forged' WHERE id = '${redactedId}'`);
    expect(await disclosureChain()).toMatchObject({ intact: false, brokenAt: { seq: Number(seq), entryId: redactedId, reason: expect.stringContaining('holds personal data again') } });
    const broken = await verifyLogs();
    expect(broken.output).toMatch(new RegExp(`^joint\\s+DISCLOSURE_RECORDS\\s+BROKEN\\s+at entry #${seq}`, 'm'));
    expect(broken.code).toBe(1);
    await tamper(`UPDATE "DisclosureRecord" SET "recipientOrganisationId" = '' WHERE id = '${redactedId}'`);
    expect(await disclosureChain()).toMatchObject({ intact: true, redacted: 2 });

    const [held] = await records(F3.id);
    await tamper(`UPDATE "DisclosureRecord" SET purpose = 'OTHER' WHERE id = '${held.id as string}'`);
    expect(await disclosureChain()).toMatchObject({ intact: false, brokenAt: { entryId: held.id, reason: expect.stringContaining('not what was sealed') } });
    await tamper(`UPDATE "DisclosureRecord" SET purpose = 'JOB_PLACEMENT' WHERE id = '${held.id as string}'`);
    expect(await disclosureChain()).toMatchObject({ intact: true });
  });
});
