// The requests of the data subject (GDPR art. 12, 15-21; issue 12), end to end through the gateway with
// real tokens and real databases: the request desk and the data protection officer's overdue list, a
// rectification passed on to a recipient of the old value, a restriction that denies use, an objection
// with its decision, a disclosure on a legal basis, and direct subgraph calls refused as at the gateway.
import { randomUUID } from 'node:crypto';
import type { TokenClaims } from '../../shared/src/auth/tokens';
import { addDays, demoPopulation } from '../../shared/src/demo/population';
import { todayInFinland } from '../../shared/src/law/today';
import { GraphQLResponse, postGraphQL, startSystem, System, tokenFor } from '../support/system';
import { keyed } from '../support/keys';

let system: System;
beforeAll(async () => { system = await startSystem(); });
afterAll(() => system?.stop());

const today = () => todayInFinland();
const person = (n: number) => demoPopulation()[n];
const codes = (result: { errors?: { extensions?: Record<string, unknown> }[] }) => (result.errors ?? []).map((e) => e.extensions?.code);
const employer = (org: string): TokenClaims => ({ sub: `${org}:hr-1`, org_kind: 'EMPLOYER', org_id: org, purpose: 'JOB_PLACEMENT' });

const RECORD_REQUEST = `mutation($input: RecordDataSubjectRequestInput!) { recordDataSubjectRequest(input: $input) {
  id kind channel register competentAuthority receivedOn dueOn status overdue } }`;
const EXTEND = 'mutation($input: ExtendDataSubjectRequestInput!) { extendDataSubjectRequest(input: $input) { id status dueOn extendedDueOn extensionReason } }';
const ANSWER = 'mutation($input: AnswerDataSubjectRequestInput!) { answerDataSubjectRequest(input: $input) { id status answer objectionDecision answeredBy answeredByAuthority } }';
const OVERDUE = 'query($asOf: Date) { overdueDataSubjectRequests(asOf: $asOf) { id customerId kind register dueOn extendedDueOn status } }';

async function fileRequest(preset: string | TokenClaims, input: Record<string, unknown>) {
  return system.query(preset, RECORD_REQUEST, { input: keyed({ channel: 'AT_A_VISIT', identityVerification: 'IDENTITY_DOCUMENT', register: 'JOINT', details: 'Please show me my data.', ...input }) });
}

describe('the request desk', () => {
  it('records a request with its channel, identity check, competent authority and a due date one month from receipt', async () => {
    const result = await fileRequest('employment-expert', { customerId: person(20).id, kind: 'ACCESS', receivedOn: '2026-01-31' });
    expect(result.errors).toBeUndefined();
    expect(result.data!.recordDataSubjectRequest).toMatchObject({
      kind: 'ACCESS', channel: 'AT_A_VISIT', register: 'JOINT', competentAuthority: 'JOINT_CONTROLLERS', receivedOn: '2026-01-31', dueOn: '2026-02-28', status: 'RECEIVED',
    });
  });

  it("sends a request about an authority's own register to that authority: only its officials extend or answer it", async () => {
    const filed = await fileRequest('employment-expert', { customerId: person(21).id, kind: 'RECTIFICATION', register: 'KELA', details: 'My housing allowance decision names the wrong address.', categories: ['KELA_BENEFITS'] });
    expect(filed.data!.recordDataSubjectRequest.competentAuthority).toBe('KELA');
    const id = filed.data!.recordDataSubjectRequest.id;
    // Denied: the employment authority is not competent for Kela's register.
    const wrong = await system.query('employment-expert', ANSWER, { input: keyed({ customerId: person(21).id, requestId: id, status: 'ANSWERED', answer: 'Corrected.' }) });
    expect(codes(wrong)).toEqual(['FORBIDDEN']);
    // Allowed: Kela extends (with its reason, at most two further months) and answers.
    const tooLong = await system.query('kela-benefit-expert', EXTEND, { input: keyed({ customerId: person(21).id, requestId: id, extendedDueOn: addDays(today(), 150), reason: 'Archive search' }) });
    expect(tooLong.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'extendedDueOn' } });
    const extended = await system.query('kela-benefit-expert', EXTEND, { input: keyed({ customerId: person(21).id, requestId: id, extendedDueOn: addDays(today(), 60), reason: 'The decision is in the paper archive' }) });
    expect(extended.data!.extendDataSubjectRequest).toMatchObject({ status: 'EXTENDED', extensionReason: 'The decision is in the paper archive' });
    // One extension only: a second would overwrite the first and its reason.
    const second = await system.query('kela-benefit-expert', EXTEND, { input: keyed({ customerId: person(21).id, requestId: id, extendedDueOn: addDays(today(), 40), reason: 'Another reason' }) });
    expect(second.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'requestId' });
    const answered = await system.query('kela-benefit-expert', ANSWER, { input: keyed({ customerId: person(21).id, requestId: id, status: 'ANSWERED', answer: 'The address was corrected.' }) });
    expect(answered.data!.answerDataSubjectRequest).toMatchObject({ status: 'ANSWERED', answeredByAuthority: 'KELA' });
    const again = await system.query('kela-benefit-expert', ANSWER, { input: keyed({ customerId: person(21).id, requestId: id, status: 'ANSWERED', answer: 'Again.' }) });
    expect(again.errors?.[0].message).toMatch(/answered already/);
  });

  it('lets the customer file their own request electronically, and nobody else\'s', async () => {
    const own = await fileRequest(`customer:${person(22).id}`, { customerId: person(22).id, kind: 'ERASURE', channel: 'ELECTRONIC', identityVerification: 'STRONG_ELECTRONIC_IDENTIFICATION', details: 'Delete my old phone number.' });
    expect(own.data!.recordDataSubjectRequest).toMatchObject({ kind: 'ERASURE', channel: 'ELECTRONIC' });
    const other = await fileRequest(`customer:${person(22).id}`, { customerId: person(23).id, kind: 'ERASURE', channel: 'ELECTRONIC', identityVerification: 'STRONG_ELECTRONIC_IDENTIFICATION' });
    expect(codes(other)).toEqual(['FORBIDDEN']);
    // A third party files nothing.
    expect(codes(await fileRequest(employer('employer-acme'), { customerId: person(22).id, kind: 'ACCESS' }))).toEqual(['FORBIDDEN']);
  });

  it("gives the data protection officer the overdue list, and nobody else", async () => {
    const late = await fileRequest('wellbeing-social-worker', { customerId: person(24).id, kind: 'ACCESS', receivedOn: addDays(today(), -40) });
    const onTime = await fileRequest('wellbeing-social-worker', { customerId: person(25).id, kind: 'ACCESS', receivedOn: addDays(today(), -3) });
    const list = await system.query('data-protection-officer', OVERDUE, {});
    expect(list.errors).toBeUndefined();
    const ids = list.data!.overdueDataSubjectRequests.map((r: { id: string }) => r.id);
    expect(ids).toContain(late.data!.recordDataSubjectRequest.id);
    expect(ids).not.toContain(onTime.data!.recordDataSubjectRequest.id);
    for (const preset of ['employment-expert', 'auditor', `customer:${person(24).id}`]) {
      expect([preset, codes(await system.query(preset, OVERDUE, {}))]).toEqual([preset, ['FORBIDDEN']]);
    }
    // The officer oversees, does not answer.
    const answer = await system.query('data-protection-officer', ANSWER, { input: keyed({ customerId: person(24).id, requestId: late.data!.recordDataSubjectRequest.id, status: 'ANSWERED', answer: 'x' }) });
    expect(codes(answer)).toEqual(['FORBIDDEN']);
  });

  it('records an objection with its grounds and the decision on it', async () => {
    const noGrounds = await fileRequest('employment-expert', { customerId: person(26).id, kind: 'OBJECTION' });
    expect(noGrounds.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'grounds' } });
    const filed = await fileRequest('employment-expert', { customerId: person(26).id, kind: 'OBJECTION', grounds: 'I do not want my work history used for employer contacts.', details: 'Objection' });
    const id = filed.data!.recordDataSubjectRequest.id;
    const noDecision = await system.query('employment-expert', ANSWER, { input: keyed({ customerId: person(26).id, requestId: id, status: 'ANSWERED', answer: 'Considered.' }) });
    expect(noDecision.errors?.[0]).toMatchObject({ extensions: { field: 'objectionDecision' } });
    const decided = await system.query('employment-expert', ANSWER, { input: keyed({ customerId: person(26).id, requestId: id, status: 'ANSWERED', answer: 'Processing is based on 381/2023 § 11; no compelling reason to stop.', objectionDecision: 'REJECTED' }) });
    expect(decided.data!.answerDataSubjectRequest).toMatchObject({ status: 'ANSWERED', objectionDecision: 'REJECTED' });
    const seen = await system.query(`customer:${person(26).id}`, 'query($id: ID!) { customer(id: $id) { dataSubjectRequests { kind grounds objectionDecision } } }', { id: person(26).id });
    expect(seen.data!.customer.dataSubjectRequests).toEqual([{ kind: 'OBJECTION', grounds: 'I do not want my work history used for employer contacts.', objectionDecision: 'REJECTED' }]);
  });
});

describe('rectification (GDPR art. 16, 19)', () => {
  const RECORD_CONSENT = 'mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }';
  const RECTIFY = `mutation($input: RectifyOwnContactDetailsInput!) { rectifyOwnContactDetails(input: $input) { id fields previousValues newValues storedBy } }`;
  const NOTICES = 'query($id: ID!) { customer(id: $id) { email contactDetailsChanges { fields previousValues newValues storedBy reason } rectificationNotifications { recipientType recipientOrganisationId fields disclosureRecordIds } } }';

  it("the customer corrects their own e-mail; the old value is kept and the employer that received it is notified", async () => {
    const customer = person(27);
    const consent = await system.query('employment-expert', RECORD_CONSENT, { input: keyed({
      customerId: customer.id, recipientType: 'EMPLOYER', recipientOrganisationId: 'employer-acme', recipientOrganisationName: 'Acme Oy',
      categories: ['JOINT_IDENTIFICATION'], purpose: 'JOB_PLACEMENT', validFrom: today(), validUntil: addDays(today(), 30), method: 'IN_WRITING',
    }) });
    expect(consent.errors).toBeUndefined();
    const received = await system.query(employer('employer-acme'), 'query($id: ID!) { customer(id: $id) { email } }', { id: customer.id });
    const oldEmail = received.data!.customer.email;
    expect(oldEmail).toBeTruthy();

    // Denied: another customer's details, and an official's way around the customer's own field.
    expect(codes(await system.query(`customer:${person(28).id}`, RECTIFY, { input: keyed({ customerId: customer.id, reason: 'typo', email: 'x@example.org' }) }))).toEqual(['FORBIDDEN']);
    expect(codes(await system.query('employment-expert', RECTIFY, { input: keyed({ customerId: customer.id, reason: 'typo', email: 'x@example.org' }) }))).toEqual(['FORBIDDEN']);

    const fixed = await system.query(`customer:${customer.id}`, RECTIFY, { input: keyed({ customerId: customer.id, reason: 'My e-mail address was misspelt', email: 'corrected.address@example.org' }) });
    expect(fixed.errors).toBeUndefined();
    expect(fixed.data!.rectifyOwnContactDetails).toMatchObject({ fields: ['email'], storedBy: `customer:${customer.id}` });
    expect(JSON.parse(fixed.data!.rectifyOwnContactDetails.previousValues)).toEqual({ email: oldEmail });

    const seen = await system.query('employment-expert', NOTICES, { id: customer.id });
    expect(seen.errors).toBeUndefined();
    expect(seen.data!.customer.email).toBe('corrected.address@example.org');
    expect(seen.data!.customer.contactDetailsChanges[0]).toMatchObject({ fields: ['email'], reason: 'My e-mail address was misspelt' });
    expect(seen.data!.customer.rectificationNotifications).toEqual([
      expect.objectContaining({ recipientType: 'EMPLOYER', recipientOrganisationId: 'employer-acme', fields: ['Customer.email'] }),
    ]);
    expect(seen.data!.customer.rectificationNotifications[0].disclosureRecordIds.length).toBeGreaterThan(0);
  });

  it("an official's rectification of the phone numbers is passed on to the recipients that received them, not to others", async () => {
    const customer = person(36);
    await system.query('employment-expert', RECORD_CONSENT, { input: keyed({
      customerId: customer.id, recipientType: 'EMPLOYER', recipientOrganisationId: 'employer-beta', recipientOrganisationName: 'Beta Oy',
      categories: ['JOINT_IDENTIFICATION'], purpose: 'JOB_PLACEMENT', validFrom: today(), validUntil: addDays(today(), 30), method: 'IN_WRITING',
    }) });
    // The employer received the last name only, not the phone numbers.
    await system.query(employer('employer-beta'), 'query($id: ID!) { customer(id: $id) { lastName } }', { id: customer.id });
    const changed = await system.query('employment-expert', 'mutation($input: ChangeContactDetailsInput!) { changeContactDetails(input: $input) { id } }',
      { input: keyed({ customerId: customer.id, reason: 'Customer asked for rectification', phoneNumbers: ['+358401234999'] }) });
    expect(changed.errors).toBeUndefined();
    const seen = await system.query('employment-expert', NOTICES, { id: customer.id });
    expect(seen.data!.customer.rectificationNotifications).toEqual([]);
    // A misspelt last name is rectified too, the old one kept, and passed on to the employer that received it.
    const renamed = await system.query('employment-expert', 'mutation($input: ChangeContactDetailsInput!) { changeContactDetails(input: $input) { fields previousValues newValues } }',
      { input: keyed({ customerId: customer.id, reason: 'Last name misspelt at admission', lastName: 'Korjattu' }) });
    expect(renamed.errors).toBeUndefined();
    expect(renamed.data!.changeContactDetails.fields).toEqual(['lastName']);
    expect(JSON.parse(renamed.data!.changeContactDetails.newValues)).toEqual({ lastName: 'Korjattu' });
    const after = await system.query('employment-expert', NOTICES, { id: customer.id });
    expect(after.data!.customer.rectificationNotifications).toEqual([
      expect.objectContaining({ recipientType: 'EMPLOYER', recipientOrganisationId: 'employer-beta', fields: ['Customer.lastName'] }),
    ]);
  });
});

describe('restriction of processing (GDPR art. 18)', () => {
  const RESTRICT = 'mutation($input: RestrictProcessingInput!) { restrictProcessing(input: $input) { id categories ground allowedUses inForce } }';
  const LIFT = 'mutation($input: LiftProcessingRestrictionInput!) { liftProcessingRestriction(input: $input) { id inForce liftReason } }';
  const READ = 'query($id: ID!) { customer(id: $id) { id processingRestricted educationHistory: education { level } workHistory { employer } } }';

  it('keeps the restricted data but denies its use to everybody except the customer and the uses it allows, until lifted', async () => {
    const customer = person(30);
    const before = await system.query('employment-expert', READ, { id: customer.id });
    expect(before.errors).toBeUndefined();
    expect(before.data!.customer.processingRestricted).toBe(false);
    const filed = await fileRequest('employment-expert', { customerId: customer.id, kind: 'RESTRICTION', details: 'My work history is wrong; do not use it until checked.' });

    // Denied: a customer does not restrict by themselves; a third party does not.
    const input = { customerId: customer.id, requestId: filed.data!.recordDataSubjectRequest.id, categories: ['JOINT_EDUCATION_AND_WORK'], ground: 'ACCURACY_CONTESTED', allowedUses: ['LEGAL_CLAIMS'] };
    expect(codes(await system.query(`customer:${customer.id}`, RESTRICT, { input: keyed(input) }))).toEqual(['FORBIDDEN']);
    const bad = await system.query('employment-expert', RESTRICT, { input: keyed({ ...input, categories: ['KELA_BENEFITS'] }) });
    expect(bad.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'categories[0]' } });
    const restricted = await system.query('employment-expert', RESTRICT, { input: keyed(input) });
    expect(restricted.errors).toBeUndefined();
    expect(restricted.data!.restrictProcessing).toMatchObject({ inForce: true, categories: ['JOINT_EDUCATION_AND_WORK'] });

    // Every official now sees that it is restricted, and none gets the data.
    for (const preset of ['employment-expert', 'wellbeing-social-worker', 'kela-benefit-expert']) {
      const result = await system.query(preset, READ, { id: customer.id });
      expect([preset, result.data!.customer.processingRestricted, result.data!.customer.educationHistory, result.data!.customer.workHistory, codes(result)])
        .toEqual([preset, true, null, null, ['FORBIDDEN', 'FORBIDDEN']]);
    }
    // The customer still reads their own data (art. 15), and the data protection officer for legal claims.
    const own = await system.query(`customer:${customer.id}`, READ, { id: customer.id });
    expect(own.errors).toBeUndefined();
    expect(own.data!.customer.workHistory).toEqual(before.data!.customer.workHistory);
    const dpo = await system.query('data-protection-officer', 'query($id: ID!) { customer(id: $id) { workHistory { employer } } }', { id: customer.id });
    expect(dpo.data!.customer.workHistory).toEqual(before.data!.customer.workHistory);
    // Data outside the restriction is used as before.
    const other = await system.query('employment-expert', 'query($id: ID!) { customer(id: $id) { lastName } }', { id: customer.id });
    expect(other.data!.customer.lastName).toBe(customer.lastName);

    const lifted = await system.query('employment-expert', LIFT, { input: keyed({ customerId: customer.id, restrictionId: restricted.data!.restrictProcessing.id, reason: 'Work history checked and corrected', customerInformedOn: today(), customerInformedBy: 'LETTER' }) });
    expect(lifted.data!.liftProcessingRestriction).toMatchObject({ inForce: false });
    const after = await system.query('employment-expert', READ, { id: customer.id });
    expect(after.errors).toBeUndefined();
    expect(after.data!.customer.workHistory).toEqual(before.data!.customer.workHistory);
  });

  it('denies restricted data to a third party whose consent covers it', async () => {
    const customer = person(31);
    await system.query('employment-expert', 'mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }', { input: keyed({
      customerId: customer.id, recipientType: 'EMPLOYER', recipientOrganisationId: 'employer-acme', recipientOrganisationName: 'Acme Oy',
      categories: ['JOINT_IDENTIFICATION'], purpose: 'JOB_PLACEMENT', validFrom: today(), validUntil: addDays(today(), 30), method: 'IN_WRITING',
    }) });
    const LOOK = 'query($id: ID!) { customer(id: $id) { lastName } }';
    expect((await system.query(employer('employer-acme'), LOOK, { id: customer.id })).data!.customer.lastName).toBe(customer.lastName);
    await system.query('employment-expert', 'mutation($input: RestrictProcessingInput!) { restrictProcessing(input: $input) { id } }',
      { input: keyed({ customerId: customer.id, categories: ['JOINT_IDENTIFICATION'], ground: 'UNLAWFUL_PROCESSING' }) });
    // The consent's only category is restricted: the employer gets what a non-customer gets (null, no error).
    const denied = await system.query(employer('employer-acme'), LOOK, { id: customer.id });
    expect(denied).toEqual({ status: 200, data: { customer: null } });
    // Nor does the data protection officer read it when the restriction allows no legal claims.
    const dpo = await system.query('data-protection-officer', LOOK, { id: customer.id });
    expect(codes(dpo)).toEqual(['FORBIDDEN']);
  });
});

describe("a third party's consent whose categories are all restricted where each is kept", () => {
  it('confirms the customer in no register, through the gateway or directly (found by an outsider: each register said yes)', async () => {
    const customer = person(38);
    const consented = await system.query('employment-expert', 'mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }', { input: keyed({
      customerId: customer.id, recipientType: 'EMPLOYER', recipientOrganisationId: 'employer-gamma', recipientOrganisationName: 'Gamma Oy',
      categories: ['JOINT_IDENTIFICATION', 'EMPLOYMENT_JOB_SEEKER'], purpose: 'JOB_PLACEMENT', validFrom: today(), validUntil: addDays(today(), 30), method: 'IN_WRITING',
    }) });
    expect(consented.errors).toBeUndefined();
    const gamma = employer('employer-gamma');
    const LOOK = 'query($id: ID!) { customer(id: $id) { id } }';
    const ENTITY = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id } } }';
    const direct = async (name: 'joint' | 'employment') => name === 'joint'
      ? (await postGraphQL(system.subgraphs.joint.listening.url, { query: LOOK, variables: { id: customer.id } }, await tokenFor(gamma))).data?.customer ?? null
      : (await postGraphQL(system.subgraphs.employment.listening.url, { query: ENTITY, variables: { r: [{ __typename: 'Customer', id: customer.id }] } }, await tokenFor(gamma))).data?._entities?.[0] ?? null;
    // Allowed: the consent gives something in both registers.
    expect((await system.query(gamma, LOOK, { id: customer.id })).data!.customer).toEqual({ id: customer.id });
    expect(await direct('joint')).toEqual({ id: customer.id });
    expect(await direct('employment')).toEqual({ id: customer.id });

    // The joint category restricted in the joint register, the employment category in employment's.
    const joint = await system.query('employment-expert', 'mutation($input: RestrictProcessingInput!) { restrictProcessing(input: $input) { id } }',
      { input: keyed({ customerId: customer.id, categories: ['JOINT_IDENTIFICATION'], ground: 'ACCURACY_CONTESTED' }) });
    expect(joint.errors).toBeUndefined();
    const own = await system.query('employment-expert', 'mutation($input: RestrictEmploymentProcessingInput!) { restrictEmploymentProcessing(input: $input) { id } }',
      { input: keyed({ customerId: customer.id, categories: ['EMPLOYMENT_JOB_SEEKER'], ground: 'ACCURACY_CONTESTED' }) });
    expect(own.errors).toBeUndefined();

    // Denied: what a person who is not a customer gets, everywhere.
    expect(await system.query(gamma, LOOK, { id: customer.id })).toEqual({ status: 200, data: { customer: null } });
    expect(await direct('joint')).toBeNull();
    expect(await direct('employment')).toBeNull();
  });
});

describe('lifting a restriction of processing', () => {
  const liftInput = (customerId: string, restrictionId: string) => keyed({ customerId, restrictionId, reason: 'Data checked', customerInformedOn: todayInFinland(), customerInformedBy: 'LETTER' });
  const cases = [
    // The employment expert reads the joint register's health category (a joint flow) but not the employment register's.
    ['the joint register', 'RestrictProcessingInput', 'restrictProcessing', 'LiftProcessingRestrictionInput', 'liftProcessingRestriction', 'JOINT_HEALTH_AND_WORK_CAPACITY', ['employment-supervisor']],
    ["the employment authority's own register", 'RestrictEmploymentProcessingInput', 'restrictEmploymentProcessing', 'LiftEmploymentProcessingRestrictionInput', 'liftEmploymentProcessingRestriction', 'EMPLOYMENT_HEALTH', ['employment-expert', 'employment-supervisor']],
  ] as const;
  it.each(cases)('in %s: only an official who may read the restricted data lifts it (found by an outsider: a supervisor lifted one of health data)', async (_, restrictType, restrict, liftType, lift, category, deniedTo) => {
    const customer = person(40);
    const placed = await system.query('employment-work-ability-coordinator', `mutation($input: ${restrictType}!) { ${restrict}(input: $input) { id } }`,
      { input: keyed({ customerId: customer.id, categories: [category], ground: 'ACCURACY_CONTESTED' }) });
    expect(placed.errors).toBeUndefined();
    const id = placed.data![restrict].id;
    const LIFT = `mutation($input: ${liftType}!) { ${lift}(input: $input) { id inForce } }`;
    // Denied: officials of the same authority whose role certificates do not entitle them to read the category.
    for (const preset of deniedTo) {
      const refused = await system.query(preset, LIFT, { input: liftInput(customer.id, id) });
      expect([preset, refused.data?.[lift] ?? null, refused.errors?.[0]?.extensions]).toEqual([preset, null, expect.objectContaining({ code: 'FORBIDDEN' })]);
    }
    // Allowed: the official who may read it.
    const lifted = await system.query('employment-work-ability-coordinator', LIFT, { input: liftInput(customer.id, id) });
    expect(lifted.errors).toBeUndefined();
    expect(lifted.data![lift]).toEqual({ id, inForce: false });
  });
});

describe('who sees and places a restriction of sensitive data (found by an outsider: the lists showed health restrictions to everyone)', () => {
  const cases = [
    ['the joint register', 'restrictProcessing', 'RestrictProcessingInput', 'processingRestrictions', 'processingRestricted', 'JOINT_HEALTH_AND_WORK_CAPACITY', 'employment-supervisor'],
    ["the employment authority's own register", 'restrictEmploymentProcessing', 'RestrictEmploymentProcessingInput', 'employmentProcessingRestrictions', 'employmentProcessingRestricted', 'EMPLOYMENT_HEALTH', 'employment-expert'],
  ] as const;
  it.each(cases)('in %s: only an official who may read the data places the restriction and sees it in the list; everyone sees that one is in force', async (_, restrict, inputType, list, flag, category, withoutRole) => {
    const customer = person(42);
    const PLACE = `mutation($input: ${inputType}!) { ${restrict}(input: $input) { id } }`;
    const input = { customerId: customer.id, categories: [category], ground: 'ACCURACY_CONTESTED' };
    const refused = await system.query(withoutRole, PLACE, { input: keyed(input) });
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', field: 'categories' } });
    const placed = await system.query('employment-work-ability-coordinator', PLACE, { input: keyed(input) });
    expect(placed.errors).toBeUndefined();
    const id = placed.data![restrict].id;

    const LIST = `query($id: ID!) { customer(id: $id) { ${flag} ${list} { id categories ground } } }`;
    const ids = async (claims: string) => {
      const result = await system.query(claims, LIST, { id: customer.id });
      expect(result.errors).toBeUndefined();
      return [result.data!.customer[flag], result.data!.customer[list].map((r: { id: string }) => r.id).includes(id)];
    };
    // Allowed: the official who may read the data, and the customer.
    expect(await ids('employment-work-ability-coordinator')).toEqual([true, true]);
    expect(await ids(`customer:${customer.id}`)).toEqual([true, true]);
    // Denied: officials whose role certificates do not entitle them to the data see only that a restriction is in force.
    for (const preset of [withoutRole, 'wellbeing-social-worker']) expect([preset, await ids(preset)]).toEqual([preset, [true, false]]);
  });
});

it("another customer's restriction is refused as no restriction at all: its id is not confirmed (found by an outsider)", async () => {
  const placed = await system.query('employment-work-ability-coordinator', 'mutation($input: RestrictEmploymentProcessingInput!) { restrictEmploymentProcessing(input: $input) { id } }',
    { input: keyed({ customerId: person(43).id, categories: ['EMPLOYMENT_HEALTH'], ground: 'ACCURACY_CONTESTED' }) });
  expect(placed.errors).toBeUndefined();
  const LIFT = 'mutation($input: LiftEmploymentProcessingRestrictionInput!) { liftEmploymentProcessingRestriction(input: $input) { id } }';
  // An official of Lapland, with a customer of their own area (person 39) and the Keski-Uusimaa customer's restriction id.
  const lift = (restrictionId: string) => system.query('employment-expert-lapland', LIFT, { input: keyed({
    customerId: person(39).id, restrictionId, reason: 'Checked', customerInformedOn: today(), customerInformedBy: 'LETTER',
  }) });
  const other = await lift(placed.data!.restrictEmploymentProcessing.id);
  const none = await lift(randomUUID());
  expect(other.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'restrictionId' } });
  expect(other.errors).toEqual(none.errors);
});

/** Which of the requests `ids` of `customerId` the caller's list of data-subject requests shows, sorted. */
async function requestsSeenBy(caller: string, customerId: string, ids: string[]): Promise<string[]> {
  const seen = await system.query(caller, 'query($id: ID!) { customer(id: $id) { dataSubjectRequests { id details } } }', { id: customerId });
  expect({ caller, errors: seen.errors }).toEqual({ caller, errors: undefined });
  return (seen.data!.customer.dataSubjectRequests as { id: string }[]).map((r) => r.id).filter((id) => ids.includes(id)).sort();
}

describe('who sees and handles a request naming sensitive data (found by an outsider: every official of the area saw it)', () => {
  it('shows it to the officials who may read that data, the data protection officer and the customer; only they handle it', async () => {
    const customer = person(44);
    const sensitive = await fileRequest(`customer:${customer.id}`, {
      customerId: customer.id, kind: 'ERASURE', channel: 'ELECTRONIC', identityVerification: 'STRONG_ELECTRONIC_IDENTIFICATION', register: 'WELLBEING',
      details: 'Erase my old visits.', categories: ['WELLBEING_SUBSTANCE_ABUSE'],
    });
    expect(sensitive.errors).toBeUndefined();
    const plain = await fileRequest('employment-expert', { customerId: customer.id, kind: 'ACCESS' });
    expect(plain.errors).toBeUndefined();
    const [sensitiveId, plainId] = [sensitive.data!.recordDataSubjectRequest.id, plain.data!.recordDataSubjectRequest.id];
    const seenBy = (caller: string) => requestsSeenBy(caller, customer.id, [sensitiveId, plainId]);
    // Denied: officials who may not read substance-abuse data see the plain request only.
    for (const caller of ['employment-supervisor', 'kela-service-expert', 'wellbeing-social-instructor']) {
      expect({ caller, seen: await seenBy(caller) }).toEqual({ caller, seen: [plainId] });
    }
    // Allowed: the social worker and the nurse, the data protection officer, the customer.
    for (const caller of ['wellbeing-social-worker', 'wellbeing-nurse', 'data-protection-officer', `customer:${customer.id}`]) {
      expect({ caller, seen: await seenBy(caller) }).toEqual({ caller, seen: [plainId, sensitiveId].sort() });
    }
    // Handling it: the county's social instructor (competent authority, but may not read the data) is answered as for
    // no such request; the social worker answers it.
    const instructor = await system.query('wellbeing-social-instructor', ANSWER, { input: keyed({ customerId: customer.id, requestId: sensitiveId, status: 'ANSWERED', answer: 'Erased.' }) });
    const noSuchRequest = { message: 'Invalid requestId: is not a request at the desk of the customer that customerId names', extensions: { code: 'BAD_USER_INPUT', field: 'requestId' } };
    expect(instructor.errors?.[0]).toMatchObject(noSuchRequest);
    // Found by a second outsider: the hidden request's id named with another customer answered "is not the customer
    // of this request", a made-up id "is not a request": one answer now for a made-up id, a hidden request, and
    // either with another customer.
    const other = person(45);
    for (const [customerId, requestId] of [[customer.id, randomUUID()], [other.id, sensitiveId], [other.id, randomUUID()]]) {
      const probe = await system.query('employment-supervisor', EXTEND, { input: keyed({ customerId, requestId, extendedDueOn: addDays(today(), 40), reason: 'Archive' }) });
      expect({ customerId, requestId, error: probe.errors?.[0] }).toMatchObject({ customerId, requestId, error: noSuchRequest });
    }
    const worker = await system.query('wellbeing-social-worker', ANSWER, { input: keyed({ customerId: customer.id, requestId: sensitiveId, status: 'ANSWERED', answer: 'Erased.' }) });
    expect(worker.errors).toBeUndefined();
    expect(worker.data!.answerDataSubjectRequest).toMatchObject({ status: 'ANSWERED', answeredByAuthority: 'WELLBEING' });
  });
});

describe("who sees a request naming no category (found by an outsider: a request to the county's register, about substance-abuse treatment in its details, was shown to every official of the area)", () => {
  it("shows it to the officials of its register's controller (for the joint register, all three authorities'), the data protection officer and the customer", async () => {
    const customer = person(46);
    const county = await fileRequest(`customer:${customer.id}`, {
      customerId: customer.id, kind: 'RECTIFICATION', channel: 'ELECTRONIC', identityVerification: 'STRONG_ELECTRONIC_IDENTIFICATION', register: 'WELLBEING',
      details: 'My substance abuse treatment period at the A-clinic is recorded wrong',
    });
    expect(county.errors).toBeUndefined();
    const joint = await fileRequest(`customer:${customer.id}`, {
      customerId: customer.id, kind: 'ACCESS', register: 'JOINT', details: 'Show me my joint data.', channel: 'ELECTRONIC', identityVerification: 'STRONG_ELECTRONIC_IDENTIFICATION',
    });
    expect(joint.errors).toBeUndefined();
    const [countyId, jointId] = [county.data!.recordDataSubjectRequest.id, joint.data!.recordDataSubjectRequest.id];
    const seenBy = (caller: string) => requestsSeenBy(caller, customer.id, [countyId, jointId]);
    // Denied: the other authorities' officials see the joint register's request only.
    for (const caller of ['employment-expert', 'employment-supervisor', 'kela-benefit-expert']) {
      expect({ caller, seen: await seenBy(caller) }).toEqual({ caller, seen: [jointId] });
    }
    // Allowed: the county's officials, the data protection officer, the customer.
    for (const caller of ['wellbeing-social-worker', 'wellbeing-social-instructor', 'data-protection-officer', `customer:${customer.id}`]) {
      expect({ caller, seen: await seenBy(caller) }).toEqual({ caller, seen: [countyId, jointId].sort() });
    }
    // Nor can another authority's official handle it: answered as for no such request.
    const extend = await system.query('employment-supervisor', EXTEND, { input: keyed({ customerId: customer.id, requestId: countyId, extendedDueOn: addDays(today(), 40), reason: 'Archive' }) });
    expect(extend.errors?.[0]).toMatchObject({ message: 'Invalid requestId: is not a request at the desk of the customer that customerId names', extensions: { code: 'BAD_USER_INPUT', field: 'requestId' } });
  });
});

describe('a write refused for a restriction of processing (found by an outsider: a bare "Forbidden")', () => {
  const WRITE = `mutation($input: RecordServiceNeedAssessmentInput!) { recordServiceNeedAssessment(input: $input) { id } }`;
  const write = (claims: string | TokenClaims, customerId: string) => system.query(claims, WRITE, { input: keyed({
    customerId, assessedOn: addDays(today(), -1), needsFrom: ['EMPLOYMENT', 'KELA'], multiAgencyNeed: true, summary: 'Multi-agency need', assessorName: 'Satu Lehtinen',
  }) });
  const employer: TokenClaims = { sub: 'employer-acme:hr-1', org_kind: 'EMPLOYER', org_id: 'employer-acme', purpose: 'JOB_PLACEMENT' };

  it('says that the restriction is the reason to an official allowed but for it, and nothing more to anyone else', async () => {
    const customer = person(41);
    const placed = await system.query('employment-expert', 'mutation($input: RestrictProcessingInput!) { restrictProcessing(input: $input) { id } }',
      { input: keyed({ customerId: customer.id, categories: ['JOINT_SERVICE_NEED'], ground: 'ACCURACY_CONTESTED' }) });
    expect(placed.errors).toBeUndefined();

    const refused = await write('kela-benefit-expert', customer.id);
    expect(refused.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('restricted (GDPR art. 18)'), extensions: { code: 'FORBIDDEN', reason: 'PROCESSING_RESTRICTED' } })]);
    // Another area's official and a third party: the plain denial, which tells nothing of the customer or the restriction.
    for (const claims of ['employment-expert-lapland', employer] as const) {
      const plain = await write(claims, customer.id);
      expect(plain.errors).toEqual([expect.objectContaining({ message: 'Forbidden', extensions: { code: 'FORBIDDEN' } })]);
    }

    // Lifted: the same write is no longer refused.
    const lifted = await system.query('employment-expert', 'mutation($input: LiftProcessingRestrictionInput!) { liftProcessingRestriction(input: $input) { inForce } }',
      { input: keyed({ customerId: customer.id, restrictionId: placed.data!.restrictProcessing.id, reason: 'Checked', customerInformedOn: today(), customerInformedBy: 'LETTER' }) });
    expect(lifted.data!.liftProcessingRestriction).toEqual({ inForce: false });
    expect(codes(await write('kela-benefit-expert', customer.id))).not.toContain('FORBIDDEN');
  });
});

describe('a restriction of data two registers keep: the activation plan (found by an outsider: the copy stayed in use)', () => {
  const PLAN = 'query($id: ID!) { customer(id: $id) { employment { activationPlan { goals } } wellbeing { activationPlan { goals } } } }';
  const RESTRICT = (r: string) => `mutation($input: Restrict${r}ProcessingInput!) { restrict${r}Processing(input: $input) { id inForce } }`;
  const LIFT = (r: string) => `mutation($input: Lift${r}ProcessingRestrictionInput!) { lift${r}ProcessingRestriction(input: $input) { id inForce } }`;
  const LISTS = 'query($id: ID!) { customer(id: $id) { employmentProcessingRestrictions { id categories inForce recordedByAuthority } wellbeingProcessingRestrictions { id categories inForce recordedByAuthority } } }';
  const liftInput = (customerId: string, restrictionId: string) => keyed({ customerId, restrictionId, reason: 'Plan checked', customerInformedOn: today(), customerInformedBy: 'LETTER' });
  const paths = (r: GraphQLResponse) => (r.errors ?? []).map((e) => `${e.path?.join('.')} ${e.extensions?.code}`).sort();

  /** A customer of Keski-Uusimaa with an activation plan in both registers, none of the other tests' persons. */
  async function customerWithPlan(skip = 0): Promise<string> {
    const ids = demoPopulation().slice(100, 300).filter((c) => c.index % 10 !== 9).map((c) => c.id);
    const copies = await system.subgraphs.employment.db.activationPlan.findMany({ where: { customerId: { in: ids } }, orderBy: { customerId: 'asc' } });
    return copies[skip].customerId;
  }

  it('a restriction placed in the wellbeing register holds in the employment register\'s copy until it is lifted there', async () => {
    const customerId = await customerWithPlan(0);
    const before = await system.query('employment-work-ability-coordinator', PLAN, { id: customerId });
    expect(before.errors).toBeUndefined();
    expect(before.data!.customer.employment.activationPlan.goals).toBe(before.data!.customer.wellbeing.activationPlan.goals);

    const placed = await system.query('wellbeing-social-worker', RESTRICT('Wellbeing'), { input: keyed({ customerId, categories: ['ACTIVATION_PLAN'], ground: 'ACCURACY_CONTESTED' }) });
    expect(placed.errors).toBeUndefined();
    const id = placed.data!.restrictWellbeingProcessing.id;
    // Neither copy of the plan is used any more, whoever reads it.
    for (const preset of ['employment-work-ability-coordinator', 'employment-expert', 'wellbeing-social-worker']) {
      expect([preset, paths(await system.query(preset, PLAN, { id: customerId }))])
        .toEqual([preset, ['customer.employment.activationPlan FORBIDDEN', 'customer.wellbeing.activationPlan FORBIDDEN']]);
    }
    // The employment register shows its copy of the restriction, placed by the county, and does not lift it itself.
    const lists = await system.query('employment-expert', LISTS, { id: customerId });
    expect(lists.data!.customer.employmentProcessingRestrictions).toEqual([{ id, categories: ['ACTIVATION_PLAN'], inForce: true, recordedByAuthority: 'WELLBEING' }]);
    const refused = await system.query('employment-work-ability-coordinator', LIFT('Employment'), { input: liftInput(customerId, id) });
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'restrictionId' } });

    const lifted = await system.query('wellbeing-social-worker', LIFT('Wellbeing'), { input: liftInput(customerId, id) });
    expect(lifted.errors).toBeUndefined();
    const after = await system.query('employment-work-ability-coordinator', PLAN, { id: customerId });
    expect(after.errors).toBeUndefined();
    expect(after.data).toEqual(before.data);
    expect((await system.query('employment-expert', LISTS, { id: customerId })).data!.customer.employmentProcessingRestrictions)
      .toEqual([{ id, categories: ['ACTIVATION_PLAN'], inForce: false, recordedByAuthority: 'WELLBEING' }]);
  });

  it('and one placed in the employment register holds in the wellbeing county\'s plan of record', async () => {
    const customerId = await customerWithPlan(1);
    const placed = await system.query('employment-work-ability-coordinator', RESTRICT('Employment'), { input: keyed({ customerId, categories: ['ACTIVATION_PLAN', 'EMPLOYMENT_HEALTH'], ground: 'OBJECTION_PENDING' }) });
    expect(placed.errors).toBeUndefined();
    expect(paths(await system.query('wellbeing-social-worker', PLAN, { id: customerId }))).toEqual(['customer.employment.activationPlan FORBIDDEN', 'customer.wellbeing.activationPlan FORBIDDEN']);
    // The county's copy covers what the county keeps, nothing else.
    const lists = await system.query('wellbeing-social-worker', LISTS, { id: customerId });
    expect(lists.data!.customer.wellbeingProcessingRestrictions).toEqual([{ id: placed.data!.restrictEmploymentProcessing.id, categories: ['ACTIVATION_PLAN'], inForce: true, recordedByAuthority: 'EMPLOYMENT' }]);
  });

  it('a copy is refreshed only from the source register, and only by an official of its authority', async () => {
    const customerId = await customerWithPlan(2);
    const REFRESH = 'mutation($input: RefreshEmploymentCopiesOfWellbeingProcessingRestrictionsInput!) { refreshEmploymentCopiesOfWellbeingProcessingRestrictions(input: $input) { id inForce } }';
    // Denied: an employment official, and a third party.
    for (const claims of ['employment-work-ability-coordinator', { sub: 'employer-acme:hr-1', org_kind: 'EMPLOYER', org_id: 'employer-acme', purpose: 'JOB_PLACEMENT' } as TokenClaims] as const) {
      const refused = await system.query(claims, REFRESH, { input: keyed({ customerId }) });
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    // Allowed: the county's official, which makes the copies what the county's register says (nothing to copy yet).
    const refreshed = await system.query('wellbeing-social-worker', REFRESH, { input: keyed({ customerId }) });
    expect(refreshed.errors).toBeUndefined();
    expect(refreshed.data!.refreshEmploymentCopiesOfWellbeingProcessingRestrictions).toEqual([]);

    // A key of the caller's stored first cannot keep the copy from being made (found by an outsider: the restriction's
    // own refresh used a key derived from the caller's, which the caller could use up beforehand with an empty outcome).
    const key = randomUUID();
    const early = await system.query('wellbeing-social-worker', REFRESH, { input: { idempotencyKey: `${key}/copies-employment`, customerId } });
    expect(early.data!.refreshEmploymentCopiesOfWellbeingProcessingRestrictions).toEqual([]);
    const placed = await system.query('wellbeing-social-worker', RESTRICT('Wellbeing'), { input: { idempotencyKey: key, customerId, categories: ['ACTIVATION_PLAN'], ground: 'UNLAWFUL_PROCESSING' } });
    expect(placed.errors).toBeUndefined();
    expect(paths(await system.query('employment-work-ability-coordinator', PLAN, { id: customerId }))).toEqual(['customer.employment.activationPlan FORBIDDEN', 'customer.wellbeing.activationPlan FORBIDDEN']);

    // The refresh answers the copies as the lists show them (found by an outsider): not to an official of the county
    // who may not read the activation plan, whose lists leave the restriction out.
    const nurse = await system.query('wellbeing-nurse', REFRESH, { input: keyed({ customerId }) });
    expect(nurse.errors).toBeUndefined();
    expect(nurse.data!.refreshEmploymentCopiesOfWellbeingProcessingRestrictions).toEqual([]);
    const worker = await system.query('wellbeing-social-worker', REFRESH, { input: keyed({ customerId }) });
    expect(worker.data!.refreshEmploymentCopiesOfWellbeingProcessingRestrictions).toEqual([{ id: placed.data!.restrictWellbeingProcessing.id, inForce: true }]);
    // Lifting the copy where it is kept: refused without telling what it is to those who may not read it.
    const liftCopy = await system.query('employment-supervisor', LIFT('Employment'), { input: liftInput(customerId, placed.data!.restrictWellbeingProcessing.id) });
    expect(liftCopy.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', field: 'restrictionId' } });
    expect(liftCopy.errors?.[0].message).not.toContain('wellbeing');
  });
});

describe("restriction in an authority's own register", () => {
  const RESTRICT = 'mutation($input: RestrictKelaProcessingInput!) { restrictKelaProcessing(input: $input) { id categories inForce } }';
  const LIFT = 'mutation($input: LiftKelaProcessingRestrictionInput!) { liftKelaProcessingRestriction(input: $input) { id inForce customerInformedOn customerInformedBy liftedBy } }';
  const READ = 'query($id: ID!) { customer(id: $id) { kelaProcessingRestricted processingRestricted kela { serviceOffice benefits { kind } } } }';

  it('is decided by that authority alone, shown by the register, and denies the data until lifted', async () => {
    const customer = person(37);
    const before = await system.query('employment-expert', READ, { id: customer.id });
    expect(before.errors).toBeUndefined();
    expect(before.data!.customer.kelaProcessingRestricted).toBe(false);
    const input = { customerId: customer.id, categories: ['KELA_BENEFITS'], ground: 'ACCURACY_CONTESTED' };
    // Denied: another authority does not restrict Kela's register; nor the customer; a category Kela does not keep is bad input.
    expect(codes(await system.query('employment-expert', RESTRICT, { input: keyed(input) }))).toEqual(['FORBIDDEN']);
    expect(codes(await system.query(`customer:${customer.id}`, RESTRICT, { input: keyed(input) }))).toEqual(['FORBIDDEN']);
    const bad = await system.query('kela-benefit-expert', RESTRICT, { input: keyed({ ...input, categories: ['JOINT_IDENTIFICATION'] }) });
    expect(bad.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'categories[0]' } });
    const restricted = await system.query('kela-benefit-expert', RESTRICT, { input: keyed(input) });
    expect(restricted.errors).toBeUndefined();

    for (const preset of ['employment-expert', 'kela-benefit-expert']) {
      const result = await system.query(preset, READ, { id: customer.id });
      expect([preset, result.data!.customer.kelaProcessingRestricted, result.data!.customer.processingRestricted, result.data!.customer.kela.benefits, codes(result)])
        .toEqual([preset, true, false, null, ['FORBIDDEN', 'FORBIDDEN']]);
    }
    // Directly at Kela's subgraph, bypassing the gateway: the same refusal.
    const direct = await postGraphQL(system.subgraphs.kela.listening.url, { query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { kela { benefits { kind } } } } }', variables: { r: [{ __typename: 'Customer', id: customer.id }] } }, await tokenFor('kela-benefit-expert'));
    expect(codes(direct)).toEqual(['FORBIDDEN']);
    const own = await system.query(`customer:${customer.id}`, READ, { id: customer.id });
    expect(own.errors).toBeUndefined();
    expect(own.data!.customer.kela.benefits).toEqual(before.data!.customer.kela.benefits);

    // GDPR art. 18(3): not without telling the customer first, as in the joint register.
    const uninformed = await system.query('kela-benefit-expert', LIFT, { input: keyed({ customerId: customer.id, restrictionId: restricted.data!.restrictKelaProcessing.id, reason: 'Decision checked', customerInformedOn: addDays(todayInFinland(), 2), customerInformedBy: 'LETTER' }) });
    expect(uninformed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'customerInformedOn' });
    const lifted = await system.query('kela-benefit-expert', LIFT, { input: keyed({ customerId: customer.id, restrictionId: restricted.data!.restrictKelaProcessing.id, reason: 'Decision checked', customerInformedOn: todayInFinland(), customerInformedBy: 'PHONE_CALL' }) });
    expect(lifted.data!.liftKelaProcessingRestriction).toMatchObject({ inForce: false, customerInformedOn: todayInFinland(), customerInformedBy: 'PHONE_CALL', liftedBy: expect.any(String) });
    const after = await system.query('employment-expert', READ, { id: customer.id });
    expect(after.errors).toBeUndefined();
    expect(after.data!.customer.kela.benefits).toEqual(before.data!.customer.kela.benefits);

    // The register shows its restrictions, in force and lifted, newest first, each field as stored (read in one
    // statement with the register's other rows: shared/src/rights/restrictions.ts).
    const again = await system.query('kela-benefit-expert', RESTRICT, { input: keyed({ ...input, ground: 'OBJECTION_PENDING', allowedUses: ['LEGAL_CLAIMS'] }) });
    expect(again.errors).toBeUndefined();
    const LIST = `query($id: ID!) { customer(id: $id) { kelaProcessingRestricted kelaProcessingRestrictions {
      id customerId categories ground allowedUses since inForce liftedAt liftReason liftedBy customerInformedOn customerInformedBy recordedBy } } }`;
    const listed = await system.query('kela-benefit-expert', LIST, { id: customer.id });
    expect(listed.errors).toBeUndefined();
    const [newest, older] = listed.data!.customer.kelaProcessingRestrictions;
    expect(listed.data!.customer.kelaProcessingRestrictions).toHaveLength(2);
    expect(newest).toEqual({
      id: again.data!.restrictKelaProcessing.id, customerId: customer.id, categories: ['KELA_BENEFITS'], ground: 'OBJECTION_PENDING', allowedUses: ['LEGAL_CLAIMS'],
      since: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/), inForce: true, liftedAt: null, liftReason: null, liftedBy: null,
      customerInformedOn: null, customerInformedBy: null, recordedBy: expect.any(String),
    });
    expect(older).toMatchObject({
      id: restricted.data!.restrictKelaProcessing.id, ground: 'ACCURACY_CONTESTED', allowedUses: [], inForce: false, liftReason: 'Decision checked',
      liftedAt: expect.stringMatching(/Z$/), customerInformedOn: todayInFinland(), customerInformedBy: 'PHONE_CALL',
    });
    expect(Date.parse(newest.since)).toBeGreaterThanOrEqual(Date.parse(older.since));
    expect(listed.data!.customer.kelaProcessingRestricted).toBe(true);
    // Denied: an employer without the customer's consent learns nothing of the restrictions, not even that there are any.
    const stranger = await system.query(employer('employer-acme'), LIST, { id: customer.id });
    expect(stranger.data?.customer ?? null).toBeNull();
  });
});

describe('disclosure without consent on a specific request based on law', () => {
  const DECIDE = `mutation($input: LawBasedDisclosureInput!) { decideLawBasedDisclosure(input: $input) {
    id legalBasis decision decidedBy decidedByAuthority disclosureRecordId categories } }`;
  const input = (customerId: string, extra: Record<string, unknown> = {}) => keyed({
    customerId, requesterType: 'SOCIAL_WELFARE_AUTHORITY', requesterOrganisationId: 'wellbeing-county-vantaa-kerava', requesterName: 'Social worker on duty',
    requestReference: 'VAKE/123/2026', requestedOn: today(), legalBasis: '812/2000 § 17', categories: ['JOINT_IDENTIFICATION'], decision: 'DISCLOSED',
    reason: 'Needed to arrange emergency housing (812/2000 § 17)', ...extra,
  });

  it('records the request, its legal basis, who decided, and a disclosure record naming the legal basis instead of a consent', async () => {
    const customer = person(32);
    const decided = await system.query('wellbeing-social-worker', DECIDE, { input: input(customer.id) });
    expect(decided.errors).toBeUndefined();
    expect(decided.data!.decideLawBasedDisclosure).toMatchObject({ legalBasis: '812/2000 § 17', decision: 'DISCLOSED', decidedByAuthority: 'WELLBEING' });
    const records = await system.query(`customer:${customer.id}`, 'query($id: ID!) { customer(id: $id) { disclosures { consentId legalBasis lawBasedDisclosureId recipientType recipientOrganisationId purpose categories fields } } }', { id: customer.id });
    expect(records.errors).toBeUndefined();
    expect(records.data!.customer.disclosures).toEqual([expect.objectContaining({
      consentId: null, legalBasis: '812/2000 § 17', lawBasedDisclosureId: decided.data!.decideLawBasedDisclosure.id, recipientType: 'SOCIAL_WELFARE_AUTHORITY',
      recipientOrganisationId: 'wellbeing-county-vantaa-kerava', purpose: 'LAW_BASED_REQUEST', categories: ['JOINT_IDENTIFICATION'],
    })]);
    expect(records.data!.customer.disclosures[0].fields).toContain('Customer.streetAddress');
  });

  it('refuses an unknown legal basis, a category the official may not read, and callers who are not officials', async () => {
    const customer = person(33);
    const unknown = await system.query('wellbeing-social-worker', DECIDE, { input: input(customer.id, { legalBasis: 'because' }) });
    expect(unknown.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'legalBasis' } });
    // The provision names its recipient: an employer (or the police under a social-welfare provision) is refused.
    for (const requesterType of ['EMPLOYER', 'POLICE']) {
      const other = await system.query('wellbeing-social-worker', DECIDE, { input: input(customer.id, { requesterType }) });
      expect([requesterType, other.errors?.[0]?.extensions]).toEqual([requesterType, expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'requesterType' })]);
    }
    const notTheirs = await system.query('kela-benefit-expert', DECIDE, { input: input(customer.id, { categories: ['JOINT_SOCIAL_SITUATION'] }) });
    expect(notTheirs.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'categories[0]' } });
    for (const preset of [`customer:${customer.id}`, 'auditor', 'data-protection-officer', 'employment-expert-lapland']) {
      expect([preset, codes(await system.query(preset, DECIDE, { input: input(customer.id) }))]).toEqual([preset, ['FORBIDDEN']]);
    }
    const none = await system.query('data-protection-officer', 'query($id: ID!) { customer(id: $id) { disclosures { id } lawBasedDisclosures { id } } }', { id: customer.id });
    expect(none.data!.customer.lawBasedDisclosures).toEqual([]);
  });
});

describe("an access report issued by an official (found by an outsider: any official of the area issued them, using up the customer's free copy)", () => {
  const ISSUE = 'mutation($input: IssueAccessReportInput!) { issueAccessReport(input: $input) { ordinal chargeable requestId } }';
  const REPORTS = 'query($id: ID!) { customer(id: $id) { accessReports { ordinal chargeable } } }';

  it("answers the customer's ACCESS request of the official's own authority, once; without one it is refused and nothing is counted", async () => {
    const customer = person(47);
    const issue = (caller: string, input: Record<string, unknown>) => system.query(caller, ISSUE, { input: keyed({ customerId: customer.id, ...input }) });
    // Denied: no request, a request of another kind, another authority's register, the customer naming a request.
    for (const caller of ['employment-expert', 'employment-supervisor', 'kela-benefit-expert']) {
      const refused = await issue(caller, {});
      expect({ caller, error: refused.errors?.[0] }).toMatchObject({ caller, error: { extensions: { code: 'BAD_USER_INPUT', field: 'requestId' } } });
    }
    const filed = async (kind: string, register: string) => (await fileRequest(`customer:${customer.id}`, { customerId: customer.id, kind, register, details: 'My data, please.', channel: 'ELECTRONIC', identityVerification: 'STRONG_ELECTRONIC_IDENTIFICATION' })).data!.recordDataSubjectRequest.id as string;
    const rectification = await filed('RECTIFICATION', 'JOINT');
    expect((await issue('employment-expert', { requestId: rectification })).errors?.[0]).toMatchObject({ message: 'Invalid requestId: is a RECTIFICATION request; an access report answers an ACCESS request' });
    const toKela = await filed('ACCESS', 'KELA');
    expect(codes(await issue('employment-expert', { requestId: toKela }))).toEqual(['BAD_USER_INPUT']); // not theirs to see: as no such request
    const jointAccess = await filed('ACCESS', 'JOINT');
    expect((await issue(`customer:${customer.id}`, { requestId: jointAccess })).errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'requestId' } });
    expect((await system.query(`customer:${customer.id}`, REPORTS, { id: customer.id })).data!.customer.accessReports).toEqual([]);
    // Allowed: Kela's official for the request to Kela's register, an official of any of the three for the joint one; once each.
    const forKela = await issue('kela-benefit-expert', { requestId: toKela });
    expect(forKela.data!.issueAccessReport).toEqual({ ordinal: 1, chargeable: false, requestId: toKela });
    expect((await issue('employment-expert', { requestId: jointAccess })).data!.issueAccessReport).toEqual({ ordinal: 2, chargeable: true, requestId: jointAccess });
    expect((await issue('wellbeing-social-worker', { requestId: jointAccess })).errors?.[0]).toMatchObject({ message: 'Invalid requestId: has its access report already: one report a request' });
    // The customer's own needs no request.
    expect((await issue(`customer:${customer.id}`, {})).data!.issueAccessReport).toEqual({ ordinal: 3, chargeable: true, requestId: null });
  });
});

describe('direct subgraph calls, bypassing the gateway', () => {
  const joint = () => system.subgraphs.joint.listening.url;

  it('are refused where the gateway refuses', async () => {
    const customer = person(34);
    const cases: [string, string, Record<string, unknown>][] = [
      ['employment-expert', OVERDUE, {}],
      [`customer:${customer.id}`, 'mutation($input: RestrictProcessingInput!) { restrictProcessing(input: $input) { id } }', { input: keyed({ customerId: customer.id, categories: ['JOINT_IDENTIFICATION'], ground: 'UNLAWFUL_PROCESSING' }) }],
      ['employment-expert-lapland', RECORD_REQUEST, { input: keyed({ customerId: customer.id, kind: 'ACCESS', channel: 'AT_A_VISIT', identityVerification: 'IDENTITY_DOCUMENT', register: 'JOINT', details: 'x' }) }],
      [`customer:${customer.id}`, 'mutation($input: IssueAccessReportInput!) { issueAccessReport(input: $input) { id } }', { input: keyed({ customerId: person(35).id }) }],
    ];
    for (const [preset, query, variables] of cases) {
      const direct = await postGraphQL(joint(), { query, variables }, await tokenFor(preset));
      const viaGateway = await system.query(preset, query, variables);
      expect([preset, codes(direct)]).toEqual([preset, ['FORBIDDEN']]);
      expect([preset, codes(viaGateway)]).toEqual([preset, ['FORBIDDEN']]);
    }
    // Allowed directly too for the one entitled: the same law in the subgraph.
    const allowed = await postGraphQL(joint(), { query: OVERDUE, variables: {} }, await tokenFor('data-protection-officer'));
    expect(allowed.errors).toBeUndefined();
  });
});
