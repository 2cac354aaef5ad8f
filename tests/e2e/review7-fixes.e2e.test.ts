// Holes found by the seventh outside review, attacked from outside over real HTTP:
// - M1: a third party with a consent asked a register's `_entities { __typename }` straight at its port and
//   learned that the person is a customer with no disclosure record (an access-log entry only); `{ id }`
//   and the gateway's root look-up were recorded. Now recorded as a disclosure of the key (`Customer.id`) (621/1999 § 24: every disclosure to a third party is recorded).
// - L1: the caseload's totalCount and hasNextPage counted assignments of customers the official may not know
//   (another area's), so the count told that somebody unknowable has them as responsible official;
// - L2: token identifiers with a bidirectional override or a zero-width space were accepted and logged, so an
//   actor could look identical to a real official in the access log and the customer's view of it;
// - L4: a customer token naming its customer id in upper case got null for the customer's own data;
// - L5: a home municipality was stored as typed ("KERAVA", a decomposed "Järvenpää"), one municipality under several names;
// - L3: an operationName the document does not hold was HTTP 500 INVALID_GRAPHQL at the gateway (400 at a register).
// (H1, the admission queue that stalled after queue timeouts, is tests/admission.test.ts.)
import { randomUUID } from 'node:crypto';
import { artificialPersonalIdentityCode } from '../../shared/src/hetu';
import { addDays, demoPopulation } from '../../shared/src/demo/population';
import { presetClaims } from '../../shared/src/auth/presets';
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

describe("the caseload's count", () => {
  const CASELOAD = 'query($first: Int) { caseload(first: $first) { totalCount edges { node { id } } pageInfo { hasNextPage } } }';

  it('counts and pages only the customers the official may know, not an assignment in another area', async () => {
    const lapland = presetClaims('employment-expert-lapland');
    const before = await system.query('employment-expert-lapland', CASELOAD, { first: 200 });
    expect(before.errors).toBeUndefined();
    const known = before.data!.caseload;
    // Allowed: the official's own area's customers are counted, and every one counted is listed.
    expect(known.totalCount).toBeGreaterThan(0);
    expect(known.edges).toHaveLength(known.totalCount);
    // A Keski-Uusimaa customer's employment slot given to the Lapland official (as an assignment across areas does).
    const customer = person(45);
    const db = system.subgraphs.joint.db;
    const moved = await db.responsibleOfficial.updateMany({ where: { customerId: customer.id, authority: 'EMPLOYMENT', until: null }, data: { officialId: lapland.sub } });
    expect(moved.count).toBe(1);
    // The Keski-Uusimaa official who had the slot still may know the customer (the control).
    const seen = await system.query('employment-expert', 'query($id: ID!) { customer(id: $id) { id } }', { id: customer.id });
    expect(seen.data!.customer).toEqual({ id: customer.id });
    const unseen = await system.query('employment-expert-lapland', 'query($id: ID!) { customer(id: $id) { id } }', { id: customer.id });
    expect(unseen.data!.customer).toBeNull();
    // Denied: the customer is neither listed nor counted, and no next page hints at them.
    const after = await system.query('employment-expert-lapland', CASELOAD, { first: known.totalCount });
    expect(after.errors).toBeUndefined();
    expect(after.data!.caseload.totalCount).toBe(known.totalCount);
    expect(after.data!.caseload.pageInfo.hasNextPage).toBe(false);
    expect(after.data!.caseload.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(customer.id);
  });
});

describe('an operation name the document does not hold (L3)', () => {
  it('is HTTP 400 OPERATION_RESOLUTION_FAILURE at the gateway as at a register, without repeating the name', async () => {
    const token = await tokenFor('employment-expert');
    // The name carries a demo identity code: it must not come back in the message.
    const operationName = `Q_${person(0).personalIdentityCode}`;
    for (const url of [system.gatewayUrl, system.subgraphs.joint.listening.url]) {
      const unknown = await postGraphQL(url, { query: 'query Other { __typename }', operationName } as never, token);
      expect([url, unknown.status, unknown.errors?.[0]?.extensions?.code]).toEqual([url, 400, 'OPERATION_RESOLUTION_FAILURE']);
      expect(unknown.data).toBeUndefined();
      if (url === system.gatewayUrl) expect(JSON.stringify(unknown)).not.toContain(person(0).personalIdentityCode);
      const several = await postGraphQL(url, { query: 'query A { __typename } query B { __typename }' }, token);
      expect([url, several.status, several.errors?.[0]?.extensions?.code]).toEqual([url, 400, 'OPERATION_RESOLUTION_FAILURE']);
    }
    // The named operation is still run.
    const named = await postGraphQL(system.gatewayUrl, { query: 'query A { __typename } query B { __typename }', operationName: 'B' } as never, token);
    expect(named).toEqual({ status: 200, data: { __typename: 'Query' } });
  });
});

describe('a home municipality (L5)', () => {
  const ADMIT = 'mutation($input: AdmitCustomerInput!) { admitCustomer(input: $input) { outcome customer { id } } }';
  const CHANGE = 'mutation($input: ChangeContactDetailsInput!) { changeContactDetails(input: $input) { fields } }';
  const homeOf = async (id: string) => (await system.subgraphs.joint.db.customer.findUnique({ where: { id }, select: { homeMunicipality: true } }))?.homeMunicipality;

  it('is stored as the areas list spells it, whatever the letter case, spaces or composition typed', async () => {
    const typed = [['ROVANIEMI', 'Rovaniemi'], [' kittila\u0308 ', 'Kittilä'], ['SODANKYLA\u0308', 'Sodankylä']]
      .map(([t, c]) => [JSON.parse(`"${t}"`) as string, c]);
    for (const [i, [as, canonical]] of typed.entries()) {
      const admitted = await system.query('employment-expert-lapland', ADMIT, { input: {
        idempotencyKey: randomUUID(), personalIdentityCode: artificialPersonalIdentityCode(addDays('1931-03-01', i), 950 + i),
        firstNames: 'Kunta', lastName: 'Kirjoitettu', homeMunicipality: as, startedOn: addDays(todayInFinland(), -1),
        referral: { referredOn: addDays(todayInFinland(), -2), fromAuthority: 'KELA', referredBy: 'Kela Rovaniemi', note: 'L5' },
        responsibleOfficials: [{ authority: 'EMPLOYMENT', officialId: 'employment-employment-expert-lapland-1', name: 'Lauri Lappi', role: 'EMPLOYMENT_EXPERT' }],
      } });
      expect([as, admitted.errors]).toEqual([as, undefined]);
      const id = admitted.data!.admitCustomer.customer.id;
      expect([as, await homeOf(id)]).toEqual([as, canonical]);
      // A change to the same municipality typed otherwise changes nothing; to another one, its list spelling.
      const same = await system.query('employment-expert-lapland', CHANGE, { input: { idempotencyKey: randomUUID(), customerId: id, homeMunicipality: as.toLowerCase(), reason: 'Typed again' } });
      expect(same.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input' });
    }
    const id = (await system.subgraphs.joint.db.customer.findFirst({ where: { lastName: 'Kirjoitettu', homeMunicipality: 'Rovaniemi' }, select: { id: true } }))!.id;
    const moved = await system.query('employment-expert-lapland', CHANGE, { input: { idempotencyKey: randomUUID(), customerId: id, homeMunicipality: 'KEMI', reason: 'Moved' } });
    expect(moved.errors).toBeUndefined();
    expect(await homeOf(id)).toBe('Kemi');
  });
});
