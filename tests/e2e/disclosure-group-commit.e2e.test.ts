// Group commit of the joint register's consent look-ups and disclosure records (issue 11): concurrent
// third-party reads share the joint register's statements, and yet every request gets its own records,
// naming its own recipient, request and consent; one refused filing refuses only itself; a failing INSERT
// fails every request of its group closed (no data leaves); a consent look-up of one organisation learns
// nothing of another's; and a withdrawal still applies from the very next request.
import { addDays, demoPopulation } from '../../shared/src/demo/population';
import { actorFromClaims, TokenClaims } from '../../shared/src/auth/tokens';
import { presetClaims } from '../../shared/src/auth/presets';
import { consentsConcerningEach, disclosureFiler, DisclosureFiling } from '../../subgraphs/joint/src/records';
import type { RunningSubgraph } from '../../shared/src/graphql/run';
import type { PrismaClient } from '../../subgraphs/joint/src/generated/prisma/client';
import { startSystem, System } from '../support/system';
import { keyed } from '../support/keys';
import { todayInFinland } from '../../shared/src/law/today';

let system: System;
// Statements are counted: the log sealer's and the notice retries' own (every second, every 30 s) are kept
// out, or a tick inside the counted window adds its statements (CI on PostgreSQL, session 10: 4 for 2).
beforeAll(async () => {
  process.env.REGISTER_NOTICE_RETRY_MS = '3600000'; // read from the process's environment (subgraphs/joint/src/home-municipality-notices.ts)
  system = await startSystem({ env: { LOG_SEAL_INTERVAL_MS: '3600000', REGISTER_NOTICE_RETRY_MS: '3600000' } });
});
afterAll(() => system?.stop());

// The law's day is Finland's (shared/src/law/today.ts): from 22:00 or 21:00 UTC it is already tomorrow there.
const today = () => todayInFinland();
const employer = (org: string): TokenClaims => ({ sub: `${org}:hr-1`, org_kind: 'EMPLOYER', org_id: org, purpose: 'JOB_PLACEMENT' });
const RECORD = `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`;
const WITHDRAW = `mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { id status } }`;
// Joint data and employment-register data: records in the joint register from two registers' services.
const LOOK = `query($id: ID!) { customer(id: $id) { id lastName employment { jobSeeker { employmentStatus } } } }`;
const CATEGORIES = ['JOINT_IDENTIFICATION', 'EMPLOYMENT_JOB_SEEKER'];

async function recordConsent(customerId: string, org: string, categories = CATEGORIES) {
  const result = await system.query('employment-expert', RECORD, { input: keyed({
    customerId, recipientType: 'EMPLOYER', recipientOrganisationId: org, recipientOrganisationName: `${org} Oy`,
    categories, purpose: 'JOB_PLACEMENT', validFrom: today(), validUntil: addDays(today(), 30), method: 'IN_WRITING',
  }) });
  expect(result.errors).toBeUndefined();
  return result.data!.recordConsent.id as string;
}

const joint = () => system.subgraphs.joint as RunningSubgraph<PrismaClient>;
const recordsOf = (orgs: string[]) => joint().db.disclosureRecord.findMany({ where: { recipientOrganisationId: { in: orgs } } });

describe('concurrent third-party reads', () => {
  const customer = () => demoPopulation()[20];
  const orgs = Array.from({ length: 6 }, (_, i) => `employer-group-${i}`);

  it('each get their own disclosure records: their own recipient, consent and request, none merged or lost', async () => {
    const consentIds = new Map<string, string>();
    for (const org of orgs) consentIds.set(org, await recordConsent(customer().id, org));
    const answers = await Promise.all(orgs.map((org) => system.query(employer(org), LOOK, { id: customer().id })));
    for (const answer of answers) {
      expect(answer.errors).toBeUndefined();
      expect(answer.data!.customer).toMatchObject({ lastName: customer().lastName, employment: { jobSeeker: { employmentStatus: expect.any(String) } } });
    }
    const records = await recordsOf(orgs);
    // Each read: one record of the joint register's data and one of the employment register's, both of its request.
    expect(records).toHaveLength(orgs.length * 2);
    for (const org of orgs) {
      const mine = records.filter((r) => r.recipientOrganisationId === org);
      expect(mine.map((r) => r.register).sort()).toEqual(['EMPLOYMENT', 'JOINT']);
      for (const r of mine) expect(r).toMatchObject({ recipientId: `${org}:hr-1`, recipientType: 'EMPLOYER', consentId: consentIds.get(org), customerId: customer().id, purpose: 'JOB_PLACEMENT' });
      expect(new Set(mine.map((r) => r.requestId)).size).toBe(1);
    }
    expect(new Set(records.map((r) => r.requestId)).size).toBe(orgs.length);
  });

  it('fail closed together: when the group\'s INSERT fails, none of the reads releases any data', async () => {
    const before = await joint().db.disclosureRecord.count();
    await joint().database.execute('ALTER TABLE "DisclosureRecord" RENAME TO "DisclosureRecordAway"');
    let answers;
    try {
      answers = await Promise.all(orgs.map((org) => system.query(employer(org), LOOK, { id: customer().id })));
    } finally {
      await joint().database.execute('ALTER TABLE "DisclosureRecordAway" RENAME TO "DisclosureRecord"');
    }
    for (const answer of answers) {
      expect(answer.data?.customer ?? null).toBeNull();
      expect(JSON.stringify(answer)).not.toContain(customer().lastName);
      expect(answer.errors?.map((e) => e.extensions?.code)).toContain('RECORDING_FAILED');
    }
    expect(await joint().db.disclosureRecord.count()).toBe(before);
  });

  it('see a withdrawal from the very next request: no consent is remembered between requests', async () => {
    const other = demoPopulation()[21];
    const consentId = await recordConsent(other.id, 'employer-group-withdrawn');
    const seen = await Promise.all([1, 2, 3].map(() => system.query(employer('employer-group-withdrawn'), LOOK, { id: other.id })));
    for (const answer of seen) expect(answer.data!.customer.lastName).toBe(other.lastName);
    const withdrawn = await system.query('wellbeing-social-worker', WITHDRAW, { input: keyed({ customerId: other.id, consentId }) });
    expect(withdrawn.data!.withdrawConsent).toEqual({ id: consentId, status: 'WITHDRAWN' });
    const after = await Promise.all([1, 2, 3].map(() => system.query(employer('employer-group-withdrawn'), LOOK, { id: other.id })));
    for (const answer of after) expect(answer).toEqual({ status: 200, data: { customer: null } });
  });
});

describe('the grouped filer and look-up, called directly on the joint register\'s database', () => {
  const customer = () => demoPopulation()[22];
  const orgs = Array.from({ length: 5 }, (_, i) => `employer-filer-${i}`);
  const filing = (org: string, consentId: string, requestId: string): DisclosureFiling => ({
    actor: actorFromClaims({ ...employer(org) }), requestId, check: true,
    records: [{ register: 'EMPLOYMENT', customerId: customer().id, consentId, categories: ['EMPLOYMENT_JOB_SEEKER'], fields: ['EmploymentRegister.jobSeeker'] }],
  });

  it('one INSERT for filings made together, each checked and answered on its own', async () => {
    const consentIds = await Promise.all(orgs.map((org) => recordConsent(customer().id, org)));
    const file = disclosureFiler(joint().db);
    const statements = joint().database.queries.count;
    // All in one event-loop turn: one group. The last names another organisation's consent: refused alone.
    const outcomes = await Promise.allSettled([
      ...orgs.map((org, i) => file(filing(org, consentIds[i], `group-request-${i}`))),
      file(filing('employer-filer-intruder', consentIds[0], 'group-request-intruder')),
    ]);
    // One look-up of the consents named, one INSERT of every accepted filing's records.
    expect(joint().database.queries.count - statements).toBe(2);
    expect(outcomes.slice(0, orgs.length)).toEqual(orgs.map(() => ({ status: 'fulfilled', value: 1 })));
    expect(outcomes[orgs.length]).toMatchObject({ status: 'rejected', reason: { message: 'records[0].consentId: was given to another organisation' } });
    const records = await recordsOf([...orgs, 'employer-filer-intruder']);
    expect(records.map((r) => [r.recipientOrganisationId, r.recipientId, r.consentId, r.requestId]).sort()).toEqual(
      orgs.map((org, i) => [org, `${org}:hr-1`, consentIds[i], `group-request-${i}`]).sort(),
    );
    // Written by one statement: one transaction time.
    expect(new Set(records.map((r) => r.disclosedAt.toISOString())).size).toBe(1);
  });

  it('a failing INSERT rejects every filing of its group, and writes none of them', async () => {
    const consents = await joint().db.consent.findMany({ where: { recipientOrganisationId: { in: orgs } }, select: { id: true, recipientOrganisationId: true } });
    const file = disclosureFiler(joint().db);
    const before = await joint().db.disclosureRecord.count();
    await joint().database.execute('ALTER TABLE "DisclosureRecord" RENAME TO "DisclosureRecordAway"');
    let outcomes;
    try {
      outcomes = await Promise.allSettled(consents.map((c, i) => file(filing(c.recipientOrganisationId!, c.id, `failing-request-${i}`))));
    } finally {
      await joint().database.execute('ALTER TABLE "DisclosureRecordAway" RENAME TO "DisclosureRecord"');
    }
    expect(outcomes).toHaveLength(orgs.length);
    for (const outcome of outcomes) expect(outcome.status).toBe('rejected');
    expect(await joint().db.disclosureRecord.count()).toBe(before);
  });

  it('a filing the database refuses (a NUL byte in its recipient) fails alone: the others of its group are recorded', async () => {
    const org = 'employer-filer-nul';
    // Organisations of their own: the first test's consents to orgs are still in force (one at a time for a recipient).
    const others = ['employer-filer-nul-0', 'employer-filer-nul-1'];
    const consentIds = await Promise.all([...others, org].map((o) => recordConsent(customer().id, o)));
    const file = disclosureFiler(joint().db);
    const bad = filing(org, consentIds[2], 'nul-request-bad');
    bad.actor = { ...bad.actor, id: 'hr\u0000x' };
    const outcomes = await Promise.allSettled([
      file(filing(others[0], consentIds[0], 'nul-request-0')), file(bad), file(filing(others[1], consentIds[1], 'nul-request-1')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const records = await joint().db.disclosureRecord.findMany({ where: { requestId: { in: ['nul-request-0', 'nul-request-1', 'nul-request-bad'] } } });
    expect(records.map((r) => [r.requestId, r.recipientOrganisationId]).sort()).toEqual([['nul-request-0', others[0]], ['nul-request-1', others[1]]]);
  });

  it('look-ups made together: each organisation learns only the consents given to it, in the order of its ids', async () => {
    const [a, b] = ['employer-lookup-a', 'employer-lookup-b'];
    const consentA = await recordConsent(customer().id, a);
    const consentB = await recordConsent(customer().id, b);
    const someoneElse = demoPopulation()[23].id;
    const statements = joint().database.queries.count;
    const [forA, forB, forOfficial] = await consentsConcerningEach(joint().db, [
      { actor: actorFromClaims({ ...employer(a) }), customerIds: [someoneElse, customer().id] },
      { actor: actorFromClaims({ ...employer(b) }), customerIds: [customer().id, 'not-an-id'] },
      { actor: actorFromClaims({ ...presetClaims('employment-expert') }), customerIds: [customer().id] },
    ]);
    expect(joint().database.queries.count - statements).toBe(1);
    expect(forA.map((c) => c.map((x) => x.id))).toEqual([[], [consentA]]);
    expect(forB.map((c) => c.map((x) => x.id))).toEqual([[consentB], []]);
    expect(forOfficial).toEqual([[]]);
  });
});
