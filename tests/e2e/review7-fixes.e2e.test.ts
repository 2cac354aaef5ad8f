// Holes found by the seventh outside review, attacked from outside over real HTTP:
// - M1: a third party with a consent asked a register's `_entities { __typename }` straight at its port and
//   learned that the person is a customer with no disclosure record (an access-log entry only); `{ id }`
//   and the gateway's root look-up were recorded. Now recorded as a disclosure of the key (`Customer.id`) (621/1999 § 24: every disclosure to a third party is recorded).
// - L2: token identifiers with a bidirectional override or a zero-width space were accepted and logged, so an
//   actor could look identical to a real official in the access log and the customer's view of it;
// - L4: a customer token naming its customer id in upper case got null for the customer's own data.
// (H1, the admission queue that stalled after queue timeouts, is tests/admission.test.ts.)
import { addDays, demoPopulation } from '../../shared/src/demo/population';
import { todayInFinland } from '../../shared/src/law/today';
import { postGraphQL, startSystem, System, tokenFor } from '../support/system';
import { keyed } from '../support/keys';
import type { TokenClaims } from '../../shared/src/auth/tokens';

let system: System;
beforeAll(async () => { system = await startSystem(); });
afterAll(() => system?.stop());

const person = (n: number) => demoPopulation()[n];
const RECORD_CONSENT = 'mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }';
const ENTITIES = 'query($reps: [_Any!]!) { _entities(representations: $reps) { __typename } }';
const REGISTERS = ['joint', 'employment', 'wellbeing', 'kela'] as const;

type Record = { id: string; register: string; fields: string[]; categories: string[]; requestId: string };
const recordsOf = async (customerId: string): Promise<Record[]> =>
  system.subgraphs.joint.db.disclosureRecord.findMany({ where: { customerId, recipientType: 'EMPLOYER' } });
/** The records of `customerId` made since `before` (a list recordsOf returned then). */
const recordsSince = async (customerId: string, before: Record[]) => {
  const known = new Set(before.map((r) => r.id));
  return (await recordsOf(customerId)).filter((r) => !known.has(r.id));
};

describe("a third party's _entities { __typename } under a consent", () => {
  it('is recorded as a disclosure of customership by each register it asked', async () => {
    const customer = person(43);
    const consent = await system.query('employment-expert', RECORD_CONSENT, { input: keyed({
      customerId: customer.id, recipientType: 'EMPLOYER', recipientOrganisationId: 'employer-1', recipientOrganisationName: 'employer-1',
      categories: ['JOINT_IDENTIFICATION'], purpose: 'JOB_PLACEMENT', validFrom: todayInFinland(), validUntil: addDays(todayInFinland(), 30), method: 'IN_WRITING',
    }) });
    expect(consent.errors).toBeUndefined();
    const token = await tokenFor('employer');
    for (const register of REGISTERS) {
      const before = await recordsOf(customer.id);
      const answer = await postGraphQL(system.subgraphs[register].listening.url, { query: ENTITIES, variables: { reps: [{ __typename: 'Customer', id: customer.id }] } }, token);
      expect(answer).toEqual({ status: 200, data: { _entities: [{ __typename: 'Customer' }] } });
      const added = await recordsSince(customer.id, before);
      expect(added.map((r) => [r.register, r.categories, r.fields])).toEqual([[register.toUpperCase(), ['CUSTOMER_KEY'], ['Customer.id']]]);
    }
  });

  it('is not recorded again when the request records fields of the customer anyway', async () => {
    const customer = person(43);
    const before = await recordsOf(customer.id);
    const read = await system.query('employer', 'query($id: ID!) { customer(id: $id) { firstNames } }', { id: customer.id });
    expect(read.errors).toBeUndefined();
    const added = await recordsSince(customer.id, before);
    expect(added.flatMap((r) => r.fields)).not.toContain('Customer.id');
    expect(added.flatMap((r) => r.fields)).toContain('Customer.firstNames');
  });

  it('answers null and records nothing for a person whose consent does not name this third party', async () => {
    const customer = person(44);
    const token = await tokenFor('employer');
    for (const register of REGISTERS) {
      const answer = await postGraphQL(system.subgraphs[register].listening.url, { query: ENTITIES, variables: { reps: [{ __typename: 'Customer', id: customer.id }] } }, token);
      expect(answer).toEqual({ status: 200, data: { _entities: [null] } });
    }
    expect(await recordsOf(customer.id)).toEqual([]);
  });
});

describe('token identifiers', () => {
  it('refuses identifiers holding a bidirectional override or a zero-width character, naming the claim', async () => {
    const customer = person(40);
    for (const claims of <TokenClaims[]>[
      { sub: 'employment-expert-1\u202e', org_kind: 'EMPLOYMENT', org_id: 'te-keski-uusimaa', roles: ['EMPLOYMENT_EXPERT'] },
      { sub: 'employment-expert-1', org_kind: 'EMPLOYMENT', org_id: 'te-keski\u200buusimaa', roles: ['EMPLOYMENT_EXPERT'] },
    ]) {
      const answer = await system.query(claims, 'query($id: ID!) { customer(id: $id) { lastName } }', { id: customer.id });
      expect(answer.data ?? null).toBeNull();
      expect(answer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(answer.errors?.[0]?.message).toMatch(/token claim (sub|org_id) holds a control or format character/);
    }
  });

  it("gives a customer their own data whatever the letter case of the token's customer id", async () => {
    const customer = person(40);
    const claims: TokenClaims = { sub: `customer:${customer.id}`, org_kind: 'CUSTOMER', org_id: 'citizen', customer_id: customer.id.toUpperCase() };
    const answer = await system.query(claims, 'query($id: ID!) { customer(id: $id) { lastName } }', { id: customer.id });
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.customer.lastName).toBe(customer.lastName);
  });
});
