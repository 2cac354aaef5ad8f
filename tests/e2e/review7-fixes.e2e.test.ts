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
// - M3: a consent to the prison services for release planning was an ordinary consent (JOINT_CONSENTS), so every
//   official of the area (supervisors, Kela, the nurse, the psychologist) read that the customer is imprisoned,
//   though `socialSituation` is FORBIDDEN to them. Now JOINT_SOCIAL_SITUATION_CONSENTS, `socialSituationConsents`,
//   for the roles that read the social situation; rectification notifications naming the prison services alike.
// (H1, the admission queue that stalled after queue timeouts, is tests/admission.test.ts.)
import { randomUUID } from 'node:crypto';
import { artificialPersonalIdentityCode } from '../../shared/src/hetu';
import { addDays, demoPopulation } from '../../shared/src/demo/population';
import { presetClaims } from '../../shared/src/auth/presets';
import { todayInFinland } from '../../shared/src/law/today';
import { areaOfMunicipality } from '../../shared/src/law/areas';
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
  it('refuses identifiers holding a bidirectional override, a zero-width character or a look-alike of a letter or space, naming the claim', async () => {
    const customer = person(40);
    for (const claims of <TokenClaims[]>[
      { sub: 'employment-expert-1\u202e', org_kind: 'EMPLOYMENT', org_id: 'te-keski-uusimaa', roles: ['EMPLOYMENT_EXPERT'] },
      { sub: 'employment-expert-1', org_kind: 'EMPLOYMENT', org_id: 'te-keski\u200buusimaa', roles: ['EMPLOYMENT_EXPERT'] },
      // Look-alikes (review 8, L4): a no-break space at the end, a Cyrillic "е" (U+0435) for a Latin "e".
      { sub: 'employment-expert-1\u00a0', org_kind: 'EMPLOYMENT', org_id: 'te-keski-uusimaa', roles: ['EMPLOYMENT_EXPERT'] },
      { sub: 'employment-expert-1', org_kind: 'EMPLOYMENT', org_id: 't\u0435-keski-uusimaa', roles: ['EMPLOYMENT_EXPERT'] },
    ]) {
      const answer = await system.query(claims, 'query($id: ID!) { customer(id: $id) { lastName } }', { id: customer.id });
      expect(answer.data ?? null).toBeNull();
      expect(answer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(answer.errors?.[0]?.message).toMatch(/token claim (sub|org_id) must be visible ASCII characters/);
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

describe('consents that reveal imprisonment (review 7 M3)', () => {
  /** The k-th customer of Keski-Uusimaa (the presets' area) from demo customer 46 on: none of the other tests here touches them. */
  const keskiUusimaa = (k: number) => demoPopulation().slice(46).filter((c) => areaOfMunicipality(c.homeMunicipality) === 'KESKI_UUSIMAA')[k];
  const consentInput = (customerId: string, recipientType: string, purpose: string, categories: string[]) => keyed({
    customerId, recipientType, recipientOrganisationId: `${recipientType.toLowerCase().replace(/_/g, '-')}-1`, recipientOrganisationName: 'Vankila / Employer',
    categories, purpose, validFrom: todayInFinland(), validUntil: addDays(todayInFinland(), 30), method: 'IN_WRITING',
  });
  // Supervisors of the two other authorities: the presets have the employment authority's only.
  const supervisor = (preset: string, sub: string): TokenClaims => ({ ...presetClaims(preset), sub, roles: ['SUPERVISOR'] });
  const SEE: (string | TokenClaims)[] = ['employment-expert', 'wellbeing-social-worker', 'wellbeing-social-instructor'];
  const DO_NOT_SEE: (string | TokenClaims)[] = [
    'employment-psychologist', 'employment-work-ability-coordinator', 'employment-supervisor', 'wellbeing-nurse', 'wellbeing-work-ability-coordinator',
    'kela-benefit-expert', 'kela-service-expert', supervisor('wellbeing-nurse', 'wellbeing-supervisor-1'), supervisor('kela-service-expert', 'kela-supervisor-1'),
  ];
  const who = (caller: string | TokenClaims) => (typeof caller === 'string' ? caller : caller.sub);
  const errorsOf = (r: { errors?: { path?: readonly (string | number)[]; extensions?: { code?: unknown } }[] }) =>
    (r.errors ?? []).map((e) => `${e.extensions?.code}@${(e.path ?? []).join('.')}`).sort();

  it('the probe: the roles that may not read the social situation no longer read the prison consent in `consents`', async () => {
    const customer = keskiUusimaa(0);
    const recorded = await system.query('employment-expert', RECORD_CONSENT, { input: consentInput(customer.id, 'PRISON_SERVICES', 'RELEASE_PLANNING', ['JOINT_IDENTIFICATION', 'JOINT_SERVICE_NEED', 'JOINT_SOCIAL_SITUATION']) });
    expect(recorded.errors).toBeUndefined();
    const PROBE = 'query($id: ID!) { customer(id: $id) { consents { recipientType purpose categories recipientOrganisationName } socialSituation { housing } } }';
    for (const caller of ['employment-supervisor', 'kela-service-expert', 'kela-benefit-expert', 'employment-psychologist', 'wellbeing-nurse']) {
      const r = await system.query(caller, PROBE, { id: customer.id });
      // Denied: the social situation, as before, and now the consent that tells the same.
      expect({ caller, errors: errorsOf(r) }).toEqual({ caller, errors: ['FORBIDDEN@customer.socialSituation'] });
      const text = JSON.stringify(r.data);
      expect({ caller, prison: text.includes('PRISON_SERVICES') || text.includes('RELEASE_PLANNING') || text.includes('JOINT_SOCIAL_SITUATION') })
        .toEqual({ caller, prison: false });
    }
    // Allowed: the social worker reads both the social situation and the consent (in its own field).
    const worker = await system.query('wellbeing-social-worker', PROBE, { id: customer.id });
    expect(worker.errors).toBeUndefined();
    expect(JSON.stringify(worker.data!.customer.consents)).not.toContain('PRISON_SERVICES');
  });

  it('serves the prison consent only in socialSituationConsents, to the roles that read the social situation and to the customer', async () => {
    const customer = keskiUusimaa(1);
    const recorded = await system.query('wellbeing-social-instructor', RECORD_CONSENT, { input: consentInput(customer.id, 'PRISON_SERVICES', 'RELEASE_PLANNING', ['JOINT_IDENTIFICATION', 'JOINT_EMPLOYMENT_PLAN']) });
    expect(recorded.errors).toBeUndefined();
    const consentId = recorded.data!.recordConsent.id as string;
    const Q = 'query($id: ID!) { customer(id: $id) { id consents { id recipientType } socialSituationConsents { id recipientType purpose categories } } }';
    for (const caller of [...SEE, `customer:${customer.id}`]) {
      const r = await system.query(caller, Q, { id: customer.id });
      expect({ caller: who(caller), errors: errorsOf(r) }).toEqual({ caller: who(caller), errors: [] });
      expect(r.data!.customer.socialSituationConsents).toContainEqual({ id: consentId, recipientType: 'PRISON_SERVICES', purpose: 'RELEASE_PLANNING', categories: ['JOINT_IDENTIFICATION', 'JOINT_EMPLOYMENT_PLAN'] });
      expect(r.data!.customer.consents.map((c: { id: string }) => c.id)).not.toContain(consentId);
    }
    for (const caller of DO_NOT_SEE) {
      const r = await system.query(caller, Q, { id: customer.id });
      expect({ caller: who(caller), errors: errorsOf(r) }).toEqual({ caller: who(caller), errors: ['FORBIDDEN@customer.socialSituationConsents'] });
      expect({ caller: who(caller), customer: r.data!.customer.id, leaks: JSON.stringify(r.data).includes(consentId) || JSON.stringify(r.data).includes('PRISON_SERVICES') })
        .toEqual({ caller: who(caller), customer: customer.id, leaks: false });
    }
    // Nor among the health or substance-abuse consents of the roles who read those.
    for (const [caller, field] of [['employment-psychologist', 'sensitiveConsents'], ['wellbeing-nurse', 'sensitiveConsents'], ['wellbeing-nurse', 'substanceAbuseConsents'], ['wellbeing-social-worker', 'substanceAbuseConsents']]) {
      const r = await system.query(caller, `query($id: ID!) { customer(id: $id) { ${field} { id recipientType } } }`, { id: customer.id });
      expect(r.errors).toBeUndefined();
      expect(JSON.stringify(r.data)).not.toContain(consentId);
    }
    // Third parties and auditors: never (the prison services themselves read what the consent covers, not the consent).
    for (const caller of ['prison-services', 'employer', 'auditor']) {
      const r = await system.query(caller, Q, { id: customer.id });
      expect({ caller, leaks: JSON.stringify(r.data ?? null).includes(consentId) }).toEqual({ caller, leaks: false });
    }
    const prison = await system.query('prison-services', 'query($id: ID!) { customer(id: $id) { lastName socialSituationConsents { id } } }', { id: customer.id });
    expect(prison.data!.customer.lastName).toBe(customer.lastName);
    expect(errorsOf(prison)).toEqual(['FORBIDDEN@customer.socialSituationConsents']);
    // The refused attempt is in the access log under the new category (906/2019 § 17).
    const attempts = await system.subgraphs.joint.db.accessLogEntry.findMany({ where: { actorId: 'employment-supervisor-1', outcome: 'DENIED', categories: { has: 'JOINT_SOCIAL_SITUATION_CONSENTS' } } });
    expect(attempts.some((e: { customerIds: string[] }) => e.customerIds.includes(customer.id))).toBe(true);
  });

  it('is recorded, changed and withdrawn only by the roles that may read it (and withdrawn by the customer)', async () => {
    const customer = keskiUusimaa(2);
    const input = consentInput(customer.id, 'PRISON_SERVICES', 'RELEASE_PLANNING', ['JOINT_IDENTIFICATION']);
    // Denied: a Kela expert and a nurse may consent to identification data, but not in a consent that tells of prison.
    for (const caller of ['kela-benefit-expert', 'wellbeing-nurse']) {
      const refused = await system.query(caller, RECORD_CONSENT, { input: { ...input, idempotencyKey: `${input.idempotencyKey}-${caller}` } });
      expect({ caller, codes: (refused.errors ?? []).map((e) => e.extensions?.code) }).toEqual({ caller, codes: ['FORBIDDEN'] });
    }
    const recorded = await system.query('employment-expert', RECORD_CONSENT, { input });
    expect(recorded.errors).toBeUndefined();
    const consentId = recorded.data!.recordConsent.id as string;
    const WITHDRAW = 'mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { id status } }';
    const CHANGE = 'mutation($input: ChangeConsentInput!) { changeConsent(input: $input) { id validUntil } }';
    // Denied, and answered exactly as for an id that is no consent of the customer, whatever the input: the
    // new terms are not checked against the stored ones first, which told the purpose, whether the consent is
    // in force and its dates (review 9, M1). Each refusal is logged as an attempt on the category.
    const answerOf = (r: { errors?: readonly { message: string; extensions?: { [key: string]: unknown } }[] }) =>
      (r.errors ?? []).map((e) => `${e.extensions?.code}:${e.extensions?.field}:${e.message}`);
    const since = new Date();
    for (const caller of ['employment-supervisor', 'employment-psychologist', 'kela-service-expert']) {
      for (const terms of [{ validUntil: addDays(todayInFinland(), 10) }, { categories: ['JOINT_IDENTIFICATION', 'KELA_BENEFITS'] }, { validUntil: '2000-01-01' }]) {
        const change = await system.query(caller, CHANGE, { input: keyed({ customerId: customer.id, consentId, ...terms }) });
        const none = await system.query(caller, CHANGE, { input: keyed({ customerId: customer.id, consentId: randomUUID(), ...terms }) });
        expect({ caller, terms, answer: answerOf(change) }).toEqual({ caller, terms, answer: answerOf(none) });
        expect(answerOf(change)).toEqual([expect.stringMatching(/^BAD_USER_INPUT:consentId:/)]);
      }
      const withdraw = await system.query(caller, WITHDRAW, { input: keyed({ customerId: customer.id, consentId }) });
      const none = await system.query(caller, WITHDRAW, { input: keyed({ customerId: customer.id, consentId: randomUUID() }) });
      expect({ caller, answer: answerOf(withdraw) }).toEqual({ caller, answer: answerOf(none) });
      const attempts = await system.subgraphs.joint.db.accessLogEntry.findMany({ where: { actorId: presetClaims(caller).sub, outcome: 'DENIED', at: { gte: since }, categories: { has: 'JOINT_SOCIAL_SITUATION_CONSENTS' } } });
      expect({ caller, attempted: attempts.some((e: { customerIds: string[]; operation: string }) => e.customerIds.includes(customer.id) && e.operation === 'WRITE') }).toEqual({ caller, attempted: true });
    }
    // Allowed: the social instructor changes it, the customer withdraws it.
    const changed = await system.query('wellbeing-social-instructor', CHANGE, { input: keyed({ customerId: customer.id, consentId, validUntil: addDays(todayInFinland(), 10) }) });
    expect(changed.errors).toBeUndefined();
    const withdrawn = await system.query(`customer:${customer.id}`, WITHDRAW, { input: keyed({ customerId: customer.id, consentId }) });
    expect(withdrawn.errors).toBeUndefined();
    expect(withdrawn.data!.withdrawConsent).toEqual({ id: consentId, status: 'WITHDRAWN' });
  });

  it('leaves a rectification notification to the prison services out for the roles that may not read such consents', async () => {
    const customer = keskiUusimaa(3);
    for (const [recipientType, purpose] of [['PRISON_SERVICES', 'RELEASE_PLANNING'], ['EMPLOYER', 'JOB_PLACEMENT']]) {
      const recorded = await system.query('employment-expert', RECORD_CONSENT, { input: consentInput(customer.id, recipientType, purpose, ['JOINT_IDENTIFICATION']) });
      expect(recorded.errors).toBeUndefined();
    }
    // Both recipients receive the phone numbers; then the customer corrects them (GDPR art. 16, 19).
    for (const recipient of ['prison-services', 'employer']) {
      const read = await system.query(recipient, 'query($id: ID!) { customer(id: $id) { phoneNumbers } }', { id: customer.id });
      expect(read.errors).toBeUndefined();
    }
    const fixed = await system.query(`customer:${customer.id}`, 'mutation($input: RectifyOwnContactDetailsInput!) { rectifyOwnContactDetails(input: $input) { id } }',
      { input: keyed({ customerId: customer.id, reason: 'A digit was wrong', phoneNumbers: ['+358401230952'] }) });
    expect(fixed.errors).toBeUndefined();
    const NOTICES = 'query($id: ID!) { customer(id: $id) { rectificationNotifications { recipientType } } }';
    const typesSeenBy = async (caller: string | TokenClaims) => {
      const seen = await system.query(caller, NOTICES, { id: customer.id });
      expect(seen.errors).toBeUndefined();
      return (seen.data!.customer.rectificationNotifications as { recipientType: string }[]).map((n) => n.recipientType).sort();
    };
    for (const caller of [...SEE, `customer:${customer.id}`]) expect({ caller: who(caller), seen: await typesSeenBy(caller) }).toEqual({ caller: who(caller), seen: ['EMPLOYER', 'PRISON_SERVICES'] });
    for (const caller of DO_NOT_SEE) expect({ caller: who(caller), seen: await typesSeenBy(caller) }).toEqual({ caller: who(caller), seen: ['EMPLOYER'] });
  });
});
