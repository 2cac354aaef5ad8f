// Each controller's say over its own data, what a consent may cover, the customer's own withdrawal and the
// history of a consent (issue 9), end to end through the gateway with real tokens and real databases.
import { randomUUID } from 'node:crypto';
import { addDays, demoPopulation } from '../../shared/src/demo/population';
import type { TokenClaims } from '../../shared/src/auth/tokens';
import { GraphQLResponse, postGraphQL, startSystem, System, tokenFor } from '../support/system';
import { keyed } from '../support/keys';

let system: System;
beforeAll(async () => { system = await startSystem(); });
afterAll(() => system?.stop());

// Customers of Keski-Uusimaa (every tenth demo customer lives in Lapland), whose officials the presets are.
const ku = (n: number) => demoPopulation().filter((c) => c.index % 10 !== 9)[n];
const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki' }).format(new Date());
const employer = (org: string): TokenClaims => ({ sub: `${org}:hr-1`, org_kind: 'EMPLOYER', org_id: org, purpose: 'JOB_PLACEMENT' });

const RECORD = `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id version categories } }`;
const CHANGE = `mutation($input: ChangeConsentInput!) { changeConsent(input: $input) { id version categories } }`;
const WITHDRAW = `mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { id status version inForce } }`;
const terms = (customerId: string, overrides: Record<string, unknown> = {}) => ({
  customerId, recipientType: 'EMPLOYER', recipientOrganisationId: 'employer-say', categories: ['JOINT_IDENTIFICATION'],
  purpose: 'JOB_PLACEMENT', validFrom: today(), validUntil: addDays(today(), 60), method: 'IN_WRITING', ...overrides,
});
const error = (r: GraphQLResponse) => ({ code: r.errors?.[0]?.extensions?.code, field: r.errors?.[0]?.extensions?.field, message: r.errors?.[0]?.message });

async function record(preset: string, input: Record<string, unknown>) {
  const result = await system.query(preset, RECORD, { input: keyed(input) });
  expect(result.errors).toBeUndefined();
  return result.data!.recordConsent.id as string;
}

describe("each controller's say over its own data (seed 000 § 10; seed 003 Liite 7 § 1)", () => {
  it("an own register's categories only by an official of that authority who may read them", async () => {
    const customer = ku(30);
    const before = await system.subgraphs.joint.db.consent.count();
    // Kela's official may read the employment authority's job-seeker data, but it is not Kela's to give away.
    const kela = await system.query('kela-benefit-expert', RECORD, { input: keyed(terms(customer.id, { categories: ['JOINT_IDENTIFICATION', 'EMPLOYMENT_JOB_SEEKER'] })) });
    expect(error(kela)).toEqual({ code: 'FORBIDDEN', field: 'categories', message: expect.stringContaining('EMPLOYMENT_JOB_SEEKER') });
    expect(error(kela).message).not.toContain('JOINT_IDENTIFICATION');
    expect(await system.subgraphs.joint.db.consent.count()).toBe(before);
    // The employment authority's own official may.
    await record('employment-expert', terms(customer.id, { categories: ['JOINT_IDENTIFICATION', 'EMPLOYMENT_JOB_SEEKER'] }));
    // Joint-register categories: any official of the joint service.
    await record('kela-benefit-expert', terms(customer.id, { recipientOrganisationId: 'employer-say-2' }));
  });

  it("health data of another authority's register cannot be opened, even by a role that reads health data", async () => {
    const customer = ku(31);
    const input = terms(customer.id, { recipientType: 'HEALTH_CARE_PROFESSIONAL', recipientOrganisationId: 'clinic-say', purpose: 'HEALTH_CARE', categories: ['WELLBEING_HEALTH_SERVICES'] });
    const psychologist = await system.query('employment-psychologist', RECORD, { input: keyed(input) });
    expect(error(psychologist)).toEqual({ code: 'FORBIDDEN', field: 'categories', message: expect.stringContaining('WELLBEING_HEALTH_SERVICES') });
    // The county's nurse, whose register it is and who reads it, may.
    await record('wellbeing-nurse', input);
    // A role that may not read the category of its own authority's register may not either.
    const expert = await system.query('employment-expert', RECORD, { input: keyed(terms(customer.id, { recipientType: 'HEALTH_CARE_PROFESSIONAL', purpose: 'HEALTH_CARE', categories: ['EMPLOYMENT_HEALTH'] })) });
    expect(error(expert).code).toBe('FORBIDDEN');
  });

  it('a consent whose recipient reveals treatment (an A-clinic) is recorded and withdrawn only by roles that may see such consents', async () => {
    const customer = ku(32);
    const input = terms(customer.id, { recipientType: 'A_CLINIC', recipientOrganisationId: 'a-clinic-say', purpose: 'SUBSTANCE_ABUSE_TREATMENT', categories: ['JOINT_IDENTIFICATION'] });
    expect(error(await system.query('employment-expert', RECORD, { input: keyed(input) })).code).toBe('FORBIDDEN');
    // Nor a role that reads health consents but not substance-abuse data (JOINT_SUBSTANCE_ABUSE_CONSENTS; session 23).
    expect(error(await system.query('employment-psychologist', RECORD, { input: keyed(input) })).code).toBe('FORBIDDEN');
    const id = await record('wellbeing-social-worker', input);
    // Refused as an id that is no consent of the customer is: the refusal must not tell that such a consent exists (review 9, M1).
    for (const caller of ['employment-expert', 'employment-psychologist']) {
      expect(error(await system.query(caller, WITHDRAW, { input: keyed({ customerId: customer.id, consentId: id }) })))
        .toEqual({ code: 'BAD_USER_INPUT', field: 'consentId', message: expect.stringContaining('is not a consent of the customer') });
    }
    const withdrawn = await system.query('wellbeing-social-worker', WITHDRAW, { input: keyed({ customerId: customer.id, consentId: id }) });
    expect(withdrawn.data!.withdrawConsent).toMatchObject({ status: 'WITHDRAWN', version: 2 });
  });
});

describe('what a consent may cover: only what its recipient type and purpose need (seed 000 § 7, "tarpeellisilta osin")', () => {
  it('refuses categories beyond the purpose, naming them, and a purpose the recipient type may not have', async () => {
    const customer = ku(33);
    const before = await system.subgraphs.joint.db.consent.count();
    const tooMuch = await system.query('employment-psychologist', RECORD, { input: keyed(terms(customer.id, { categories: ['JOINT_IDENTIFICATION', 'JOINT_HEALTH_AND_WORK_CAPACITY', 'EMPLOYMENT_HEALTH'] })) });
    expect(error(tooMuch)).toEqual({ code: 'BAD_USER_INPUT', field: 'categories', message: expect.stringMatching(/JOINT_HEALTH_AND_WORK_CAPACITY, EMPLOYMENT_HEALTH are more than JOB_PLACEMENT needs/) });
    const wrongPurpose = await system.query('employment-expert', RECORD, { input: keyed(terms(customer.id, { purpose: 'HEALTH_CARE' })) });
    expect(error(wrongPurpose)).toEqual({ code: 'BAD_USER_INPUT', field: 'purpose', message: expect.stringContaining('EMPLOYER may be for JOB_PLACEMENT or WORK_TRIAL') });
    expect(await system.subgraphs.joint.db.consent.count()).toBe(before);
  });

  it('a change is held to the same table', async () => {
    const customer = ku(34);
    const id = await record('employment-expert', terms(customer.id));
    const beyond = await system.query('employment-expert', CHANGE, { input: keyed({ customerId: customer.id, consentId: id, categories: ['JOINT_IDENTIFICATION', 'JOINT_SOCIAL_SITUATION'] }) });
    expect(error(beyond)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'categories', message: expect.stringContaining('JOINT_SOCIAL_SITUATION') });
    const within = await system.query('employment-expert', CHANGE, { input: keyed({ customerId: customer.id, consentId: id, categories: ['JOINT_IDENTIFICATION', 'JOINT_EDUCATION_AND_WORK'] }) });
    expect(within.errors).toBeUndefined();
  });
});

describe('the customer withdraws their own consent (GDPR art. 7(3))', () => {
  it('withdraws it themselves, and it covers nothing from the next request; the way and who are kept', async () => {
    const customer = ku(35);
    const id = await record('employment-expert', terms(customer.id, { recipientOrganisationId: 'employer-own' }));
    const LOOK = `query($id: ID!) { customer(id: $id) { lastName } }`;
    expect((await system.query(employer('employer-own'), LOOK, { id: customer.id })).data!.customer.lastName).toBe(customer.lastName);
    const withdrawn = await system.query(`customer:${customer.id}`, WITHDRAW, { input: keyed({ customerId: customer.id, consentId: id }) });
    expect(withdrawn.errors).toBeUndefined();
    expect(withdrawn.data!.withdrawConsent).toEqual({ id, status: 'WITHDRAWN', version: 2, inForce: false });
    expect(await system.query(employer('employer-own'), LOOK, { id: customer.id })).toEqual({ status: 200, data: { customer: null } });
    const HISTORY = `query($id: ID!) { customer(id: $id) { consents { id withdrawnBy history { version change status method recordedBy } } } }`;
    const mine = await system.query(`customer:${customer.id}`, HISTORY, { id: customer.id });
    expect(mine.data!.customer.consents.find((c: { id: string }) => c.id === id)).toEqual({
      id, withdrawnBy: `customer:${customer.id}`,
      history: [
        { version: 1, change: 'GIVEN', status: 'GIVEN', method: 'IN_WRITING', recordedBy: 'employment-employment-expert-1' },
        { version: 2, change: 'WITHDRAWN', status: 'WITHDRAWN', method: 'ELECTRONIC', recordedBy: `customer:${customer.id}` },
      ],
    });
  });

  it("withdraws no one else's consent, and records or changes none", async () => {
    const customer = ku(36);
    const other = ku(37);
    const id = await record('employment-expert', terms(other.id, { recipientOrganisationId: 'employer-else' }));
    expect(error(await system.query(`customer:${customer.id}`, WITHDRAW, { input: keyed({ customerId: other.id, consentId: id }) })).code).toBe('FORBIDDEN');
    // Another person's consent and no consent at all get the same answer: the error tells nothing of who has one.
    const othersConsent = error(await system.query(`customer:${customer.id}`, WITHDRAW, { input: keyed({ customerId: customer.id, consentId: id }) }));
    const noConsent = error(await system.query(`customer:${customer.id}`, WITHDRAW, { input: keyed({ customerId: customer.id, consentId: randomUUID() }) }));
    expect(othersConsent).toMatchObject({ code: 'BAD_USER_INPUT', field: 'consentId' });
    expect(othersConsent).toEqual(noConsent);
    expect(error(await system.query(`customer:${customer.id}`, RECORD, { input: keyed(terms(customer.id)) })).code).toBe('FORBIDDEN');
    const own = await record('employment-expert', terms(customer.id, { recipientOrganisationId: 'employer-mine' }));
    expect(error(await system.query(`customer:${customer.id}`, CHANGE, { input: keyed({ customerId: customer.id, consentId: own, validUntil: addDays(today(), 10) }) })).code).toBe('FORBIDDEN');
    const status = await system.subgraphs.joint.db.consent.findUniqueOrThrow({ where: { id } });
    expect(status.status).toBe('GIVEN');
  });
});

describe('consents keep their history', () => {
  it('a change makes a new version; the terms in force at a past moment can be read; a disclosure points at its version', async () => {
    const customer = ku(38);
    const id = await record('employment-expert', terms(customer.id, { recipientOrganisationId: 'employer-history', method: 'ORAL_RECORDED' }));
    // A disclosure under version 1.
    const LOOK = `query($id: ID!) { customer(id: $id) { lastName } }`;
    expect((await system.query(employer('employer-history'), LOOK, { id: customer.id })).errors).toBeUndefined();
    const between = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const changed = await system.query('employment-expert', CHANGE, { input: keyed({ customerId: customer.id, consentId: id, categories: ['JOINT_IDENTIFICATION', 'JOINT_EDUCATION_AND_WORK'], method: 'IN_WRITING' }) });
    expect(changed.data!.changeConsent).toEqual({ id, version: 2, categories: ['JOINT_IDENTIFICATION', 'JOINT_EDUCATION_AND_WORK'] });
    expect((await system.query(employer('employer-history'), `query($id: ID!) { customer(id: $id) { education { id } } }`, { id: customer.id })).errors).toBeUndefined();

    const Q = `query($id: ID!, $at: DateTime!) { customer(id: $id) {
      consents { id version termsAt(at: $at) { version categories method } history { version change categories method recordedBy } }
      disclosures { consentId consentVersion fields } } }`;
    const read = await system.query(`customer:${customer.id}`, Q, { id: customer.id, at: between });
    expect(read.errors).toBeUndefined();
    const consent = read.data!.customer.consents.find((c: { id: string }) => c.id === id);
    expect(consent.version).toBe(2);
    expect(consent.termsAt).toEqual({ version: 1, categories: ['JOINT_IDENTIFICATION'], method: 'ORAL_RECORDED' });
    expect(consent.history.map((v: { version: number; change: string; method: string }) => [v.version, v.change, v.method])).toEqual([[1, 'GIVEN', 'ORAL_RECORDED'], [2, 'CHANGED', 'IN_WRITING']]);
    const disclosures = read.data!.customer.disclosures.filter((d: { consentId: string }) => d.consentId === id);
    expect(disclosures.find((d: { fields: string[] }) => d.fields.includes('Customer.lastName')).consentVersion).toBe(1);
    expect(disclosures.find((d: { fields: string[] }) => d.fields.includes('Customer.education')).consentVersion).toBe(2);
    // The versions are in the database, never changed afterwards.
    expect(await system.subgraphs.joint.db.consentVersion.count({ where: { consentId: id } })).toBe(2);
  });
});

describe('a consent naming a restricted category is shown only to whoever may read that category (found by an outsider, session 36)', () => {
  // A consent to a work-activity provider covering the activation plan tells that the person is in rehabilitative
  // work activity, a social-welfare service: the roles the activation plan is refused to must not learn it here.
  const plan = (customerId: string) => terms(customerId, {
    recipientType: 'PURCHASED_SERVICE_PROVIDER', recipientOrganisationId: 'psp-say', purpose: 'PURCHASED_SERVICE', categories: ['JOINT_IDENTIFICATION', 'ACTIVATION_PLAN'],
  });
  const LIST = 'query($id: ID!) { customer(id: $id) { consents { id categories history { categories } } wellbeing { activationPlan { placeName } } } }';
  const NOT_ENTITLED = ['wellbeing-nurse', 'employment-supervisor', 'kela-benefit-expert'];
  const denials = (customerId: string) => system.subgraphs.joint.db.accessLogEntry.count({
    where: { customerIds: { has: customerId }, outcome: 'DENIED', categories: { has: 'ACTIVATION_PLAN' } },
  });

  it('in the consent list, and for a change or a withdrawal, also after the category was taken out of it', async () => {
    const customer = ku(39);
    const id = await record('wellbeing-social-worker', plan(customer.id));
    const shown = async (caller: string) => {
      const r = await system.query(caller, LIST, { id: customer.id });
      const consents = (r.data?.customer?.consents ?? []) as { id: string }[];
      return { caller, shown: consents.some((c) => c.id === id), named: JSON.stringify(r.data ?? null).includes('ACTIVATION_PLAN'), errors: (r.errors ?? []).map((e) => `${e.extensions?.code}@${e.path?.join('.')}`) };
    };
    // Allowed: the social worker, who reads the activation plan, and the customer.
    for (const caller of ['wellbeing-social-worker', `customer:${customer.id}`]) {
      expect(await shown(caller)).toEqual({ caller, shown: true, named: true, errors: [] });
    }
    // Denied: roles that the activation plan itself is refused to; each refusal logged as an attempt.
    for (const caller of NOT_ENTITLED) {
      const before = await denials(customer.id);
      expect(await shown(caller)).toEqual({ caller, shown: false, named: false, errors: ['FORBIDDEN@customer.wellbeing.activationPlan'] });
      expect(await denials(customer.id)).toBeGreaterThan(before);
    }
    // Straight to the joint register, as the gateway's fetch: the same.
    const direct = await postGraphQL(system.subgraphs.joint.listening.url, {
      query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { consents { id categories history { categories } } } } }',
      variables: { r: [{ __typename: 'Customer', id: customer.id }] },
    }, await tokenFor('wellbeing-nurse'));
    expect(direct.errors).toBeUndefined();
    expect(JSON.stringify(direct.data)).not.toContain(id);
    expect(JSON.stringify(direct.data)).not.toContain('ACTIVATION_PLAN');
    // Nor may they change or withdraw it: the same answer as for no such consent, and nothing is changed.
    const withdrawn = await system.query('wellbeing-nurse', WITHDRAW, { input: keyed({ customerId: customer.id, consentId: id }) });
    expect(error(withdrawn)).toEqual({ code: 'BAD_USER_INPUT', field: 'consentId', message: expect.any(String) });
    expect(await system.subgraphs.joint.db.consent.findUnique({ where: { id }, select: { status: true, version: true } })).toEqual({ status: 'GIVEN', version: 1 });
    // Narrowed to leave the activation plan out, its history still names it: still not shown to them.
    const NARROW = 'mutation($input: ChangeConsentInput!) { changeConsent(input: $input) { id version categories history { version categories } } }';
    const narrowed = await system.query('wellbeing-social-worker', NARROW, { input: keyed({ customerId: customer.id, consentId: id, categories: ['JOINT_IDENTIFICATION'] }) });
    expect(narrowed.errors).toBeUndefined();
    // The answer's history has the new version too (found by an outsider: it was read before the change).
    expect(narrowed.data!.changeConsent).toEqual({ id, version: 2, categories: ['JOINT_IDENTIFICATION'], history: [
      { version: 1, categories: ['JOINT_IDENTIFICATION', 'ACTIVATION_PLAN'] }, { version: 2, categories: ['JOINT_IDENTIFICATION'] },
    ] });
    expect(await shown('wellbeing-social-worker')).toEqual({ caller: 'wellbeing-social-worker', shown: true, named: true, errors: [] });
    for (const caller of NOT_ENTITLED) {
      expect(await shown(caller)).toEqual({ caller, shown: false, named: false, errors: ['FORBIDDEN@customer.wellbeing.activationPlan'] });
    }
    // Another consent to the same recipient for the same purpose in that period is refused; only whoever may act on the
    // one in force is told which it is (found by an outsider: the refusal named it to the supervisor).
    const same = terms(customer.id, { recipientType: 'PURCHASED_SERVICE_PROVIDER', recipientOrganisationId: 'psp-say', purpose: 'PURCHASED_SERVICE' });
    const count = await system.subgraphs.joint.db.consent.count({ where: { customerId: customer.id } });
    for (const [caller, told] of [['employment-supervisor', false], ['wellbeing-social-worker', true]] as const) {
      const again = await system.query(caller, RECORD, { input: keyed(same) });
      expect({ caller, ...error(again), named: error(again).message?.includes(id) }).toEqual({ caller, code: 'BAD_USER_INPUT', field: 'recipientOrganisationId', message: expect.any(String), named: told });
    }
    expect(await system.subgraphs.joint.db.consent.count({ where: { customerId: customer.id } })).toBe(count);
    // A consent naming no restricted category is shown to every official of the area, as before.
    const plain = await record('wellbeing-social-worker', terms(customer.id, { recipientOrganisationId: 'employer-say-plain' }));
    for (const caller of NOT_ENTITLED) {
      const r = await system.query(caller, 'query($id: ID!) { customer(id: $id) { consents { id } } }', { id: customer.id });
      expect({ caller, errors: r.errors, shown: r.data!.customer.consents.some((c: { id: string }) => c.id === plain) }).toEqual({ caller, errors: undefined, shown: true });
    }
  });
});
