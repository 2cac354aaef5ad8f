// One third party cannot fail the reads of others (outside review 5 of the group commit, issue 11): the
// joint register's consent look-ups and disclosure filings of concurrent requests share statements, so a
// value the database refuses (a NUL byte in a token's subject or organisation id) once failed every read of
// its group. Such a token is now refused (401), and a group whose statement fails runs each call again
// alone (shared/tests/group-commit.test.ts; the filer in disclosure-group-commit.e2e).
import { addDays, demoPopulation } from '../../shared/src/demo/population';
import type { TokenClaims } from '../../shared/src/auth/tokens';
import { todayInFinland } from '../../shared/src/validation';
import { startSystem, System } from '../support/system';
import { keyed } from '../support/keys';

let system: System;
beforeAll(async () => { system = await startSystem(); });
afterAll(() => system?.stop());

const today = () => todayInFinland();
const employer = (org: string, sub = `${org}:hr-1`): TokenClaims => ({ sub, org_kind: 'EMPLOYER', org_id: org, purpose: 'JOB_PLACEMENT' });
const RECORD = `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`;
const WITHDRAW = `mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { id status } }`;
const LOOK = `query($id: ID!) { customer(id: $id) { id lastName employment { jobSeeker { employmentStatus } } } }`;

async function recordConsent(customerId: string, org: string) {
  const result = await system.query('employment-expert', RECORD, { input: keyed({
    customerId, recipientType: 'EMPLOYER', recipientOrganisationId: org, recipientOrganisationName: `${org} Oy`,
    categories: ['JOINT_IDENTIFICATION', 'EMPLOYMENT_JOB_SEEKER'], purpose: 'JOB_PLACEMENT', validFrom: today(), validUntil: addDays(today(), 30), method: 'IN_WRITING',
  }) });
  expect(result.errors).toBeUndefined();
  return result.data!.recordConsent.id as string;
}

describe('one third party cannot fail the reads of others that share its group', () => {
  it('a token whose subject holds a NUL byte fails only its own read, not the concurrent reads of other employers', async () => {
    const customer = demoPopulation()[40];
    const orgs = Array.from({ length: 4 }, (_, i) => `employer-r5-${i}`);
    for (const org of orgs) await recordConsent(customer.id, org);
    await recordConsent(customer.id, 'employer-r5-nul');
    const rounds = 5;
    const failedInnocent: unknown[] = [];
    for (let round = 0; round < rounds; round += 1) {
      const answers = await Promise.all([
        ...Array.from({ length: 4 }, () => system.query(employer('employer-r5-nul', 'hr\u0000x'), LOOK, { id: customer.id })),
        ...orgs.map((org) => system.query(employer(org), LOOK, { id: customer.id })),
      ]);
      for (const answer of answers.slice(4)) if (answer.errors) failedInnocent.push(answer.errors.map((e) => e.extensions?.code));
      for (const answer of answers.slice(0, 4)) expect(JSON.stringify(answer)).not.toContain(customer.lastName);
    }
    expect({ failed: failedInnocent.length, codes: [...new Set(failedInnocent.flat())] }).toEqual({ failed: 0, codes: [] });
  });

  it('refuses a token whose identifiers hold a control character, naming the claim', async () => {
    const customer = demoPopulation()[40];
    for (const claims of [employer('employer-r5-nul', 'hr\u0000x'), employer('employer-r5b\u0000'), { ...employer('employer-r5-tab'), org_unit: 'hr\tdesk' }]) {
      const answer = await system.query(claims, LOOK, { id: customer.id });
      expect(answer.data ?? null).toBeNull();
      expect(answer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(answer.errors?.[0]?.message).toMatch(/token claim (sub|org_id|org_unit) must be visible ASCII characters/);
    }
  });

  it('control: the same innocent reads without the odd token all succeed', async () => {
    const customer = demoPopulation()[40];
    const orgs = Array.from({ length: 4 }, (_, i) => `employer-r5-${i}`);
    const failed: unknown[] = [];
    for (let round = 0; round < 5; round += 1) {
      const answers = await Promise.all(orgs.map((org) => system.query(employer(org), LOOK, { id: customer.id })));
      for (const answer of answers) if (answer.errors) failed.push(answer.errors.map((e) => e.extensions?.code));
    }
    expect(failed).toEqual([]);
  });

  it('an organisation id with a NUL byte does not make the consent look-ups of other employers unavailable', async () => {
    const customer = demoPopulation()[41];
    const orgs = Array.from({ length: 4 }, (_, i) => `employer-r5b-${i}`);
    for (const org of orgs) await recordConsent(customer.id, org);
    const failedInnocent: unknown[] = [];
    for (let round = 0; round < 5; round += 1) {
      const answers = await Promise.all([
        ...Array.from({ length: 4 }, () => system.query(employer('employer-r5b\u0000'), LOOK, { id: customer.id })),
        ...orgs.map((org) => system.query(employer(org), LOOK, { id: customer.id })),
      ]);
      for (const answer of answers.slice(4)) if (answer.errors) failedInnocent.push(answer.errors.map((e) => e.extensions?.code));
    }
    expect({ failed: failedInnocent.length, codes: [...new Set(failedInnocent.flat())] }).toEqual({ failed: 0, codes: [] });
  });
});
