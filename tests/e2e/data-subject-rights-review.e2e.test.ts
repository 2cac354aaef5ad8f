// The customer's rights after the outside review (issue 12), attacked from outside through the gateway with
// real tokens and real databases: a restriction of processing is lifted only by the authority that placed it
// (or the data protection officer), after the customer was informed (GDPR art. 18(3)); a request already
// overdue is not extended after the fact (art. 12(3)).
import { addDays, demoPopulation } from '../../shared/src/demo/population';
import { areaOfMunicipality } from '../../shared/src/law/areas';
import { todayInFinland } from '../../shared/src/law/today';
import { startSystem, System } from '../support/system';
import { keyed } from '../support/keys';

let system: System;
beforeAll(async () => { system = await startSystem(); }, 120_000);
afterAll(() => system?.stop());

const today = () => todayInFinland();
const codes = (result: { errors?: { extensions?: Record<string, unknown> }[] }) => (result.errors ?? []).map((e) => e.extensions?.code);
/** Customers of the presets' cooperation area (Keski-Uusimaa), beyond those other tests use. */
const inArea = () => demoPopulation().filter((p) => areaOfMunicipality(p.homeMunicipality) === 'KESKI_UUSIMAA');

const RESTRICT = 'mutation($input: RestrictProcessingInput!) { restrictProcessing(input: $input) { id inForce recordedByAuthority } }';
const LIFT = `mutation LiftRestriction($input: LiftProcessingRestrictionInput!) { liftProcessingRestriction(input: $input) {
  id inForce liftReason liftedBy liftedByAuthority customerInformedOn customerInformedBy } }`;
const PLAN = 'query($id: ID!) { customer(id: $id) { processingRestricted employmentPlan { id } } }';

describe('lifting a restriction of processing (GDPR art. 18(3))', () => {
  let customerId: string;
  beforeAll(async () => {
    for (const candidate of inArea().slice(40, 120)) {
      const seen = await system.query('employment-expert', PLAN, { id: candidate.id });
      if (seen.data?.customer?.employmentPlan) { customerId = candidate.id; break; }
    }
    expect(customerId).toBeDefined();
  });

  const restrict = async (preset: string, categories: string[]) => {
    const result = await system.query(preset, RESTRICT, { input: keyed({ customerId, categories, ground: 'ACCURACY_CONTESTED' }) });
    expect(result.errors).toBeUndefined();
    return result.data!.restrictProcessing.id as string;
  };
  const lift = (preset: string, restrictionId: string, extra: Record<string, unknown> = {}) => system.query(preset, LIFT, {
    input: keyed({ customerId, restrictionId, reason: 'The plan was checked with the customer', customerInformedOn: today(), customerInformedBy: 'LETTER', ...extra }),
  });

  it("refuses another authority's official (the review's repro) and logs the attempt as DENIED; the data stays restricted", async () => {
    const restrictionId = await restrict('employment-expert', ['JOINT_EMPLOYMENT_PLAN']);
    const refused = await lift('kela-service-expert', restrictionId);
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', field: 'restrictionId' } });
    expect(refused.errors?.[0].message).toMatch(/Only an official of EMPLOYMENT, which placed the restriction, or the data protection officer may lift it/);
    expect(refused.data?.liftProcessingRestriction ?? null).toBeNull();
    for (const preset of ['kela-service-expert', 'wellbeing-social-worker', `customer:${customerId}`, 'auditor', 'employment-expert-lapland']) {
      expect([preset, codes(await lift(preset, restrictionId))]).toEqual([preset, ['FORBIDDEN']]);
    }
    const stillRestricted = await system.query('kela-service-expert', PLAN, { id: customerId });
    expect(stillRestricted.data!.customer).toEqual({ processingRestricted: true, employmentPlan: null });
    expect(codes(stillRestricted)).toEqual(['FORBIDDEN']);
    const log = await system.query('auditor', 'query($id: ID) { jointAccessLog(customerId: $id, first: 200) { actorOrganisationKind operation categories outcome } }', { id: customerId });
    expect(log.errors).toBeUndefined();
    expect(log.data!.jointAccessLog).toEqual(expect.arrayContaining([
      expect.objectContaining({ actorOrganisationKind: 'KELA', operation: 'WRITE', categories: ['PROCESSING_RESTRICTION_LIFTING'], outcome: 'DENIED' }),
    ]));

    // Allowed: an official of the authority that placed it, stating when and how the customer was informed.
    const lifted = await lift('employment-expert', restrictionId, { customerInformedOn: addDays(today(), 0), customerInformedBy: 'E_SERVICE_MESSAGE' });
    expect(lifted.errors).toBeUndefined();
    expect(lifted.data!.liftProcessingRestriction).toMatchObject({
      inForce: false, liftedByAuthority: 'EMPLOYMENT', customerInformedOn: today(), customerInformedBy: 'E_SERVICE_MESSAGE', liftReason: 'The plan was checked with the customer',
    });
    const read = await system.query('kela-service-expert', PLAN, { id: customerId });
    expect(read.errors).toBeUndefined();
    expect(read.data!.customer.employmentPlan).not.toBeNull();
    // Stored and readable with the restriction.
    const seen = await system.query('data-protection-officer', 'query($id: ID!) { customer(id: $id) { processingRestrictions { id customerInformedOn customerInformedBy liftedByAuthority } } }', { id: customerId });
    expect(seen.data!.customer.processingRestrictions).toEqual(expect.arrayContaining([{ id: restrictionId, customerInformedOn: today(), customerInformedBy: 'E_SERVICE_MESSAGE', liftedByAuthority: 'EMPLOYMENT' }]));
  });

  it('requires when and how the customer was informed, before the lift and not before the restriction', async () => {
    const restrictionId = await restrict('wellbeing-social-worker', ['JOINT_SOCIAL_SITUATION']);
    const missing = await system.query('wellbeing-social-worker', LIFT, { input: keyed({ customerId, restrictionId, reason: 'Checked' }) });
    expect(missing.errors?.[0].message).toMatch(/customerInformedOn/);
    const future = await lift('wellbeing-social-worker', restrictionId, { customerInformedOn: addDays(today(), 1) });
    expect(future.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'customerInformedOn' } });
    expect(future.errors?.[0].message).toMatch(/must not be in the future/);
    const before = await lift('wellbeing-social-worker', restrictionId, { customerInformedOn: addDays(today(), -3) });
    expect(before.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'customerInformedOn' } });
    const channel = await lift('wellbeing-social-worker', restrictionId, { customerInformedBy: 'CARRIER_PIGEON' });
    expect(channel.errors?.[0].message).toMatch(/customerInformedBy/);
    const ok = await lift('wellbeing-social-worker', restrictionId, { customerInformedBy: 'PHONE_CALL' });
    expect(ok.data!.liftProcessingRestriction).toMatchObject({ inForce: false, liftedByAuthority: 'WELLBEING', customerInformedBy: 'PHONE_CALL' });
  });

  it('lets the data protection officer lift one, who places none', async () => {
    const restrictionId = await restrict('kela-benefit-expert', ['JOINT_SERVICE_NEED']);
    expect(codes(await system.query('data-protection-officer', RESTRICT, { input: keyed({ customerId, categories: ['JOINT_SERVICE_NEED'], ground: 'ACCURACY_CONTESTED' }) }))).toEqual(['FORBIDDEN']);
    const lifted = await lift('data-protection-officer', restrictionId, { customerInformedBy: 'AT_A_VISIT' });
    expect(lifted.errors).toBeUndefined();
    expect(lifted.data!.liftProcessingRestriction).toMatchObject({ inForce: false, liftedBy: 'dpo-1', liftedByAuthority: 'AUDIT', customerInformedBy: 'AT_A_VISIT' });
  });
});

describe('extending a request (GDPR art. 12(3))', () => {
  const RECORD = 'mutation($input: RecordDataSubjectRequestInput!) { recordDataSubjectRequest(input: $input) { id dueOn } }';
  const EXTEND = 'mutation($input: ExtendDataSubjectRequestInput!) { extendDataSubjectRequest(input: $input) { id status extendedDueOn } }';
  const file = async (customerId: string, receivedOn: string) => {
    const filed = await system.query('employment-expert', RECORD, { input: keyed({
      customerId, kind: 'ACCESS', channel: 'IN_WRITING', identityVerification: 'IDENTITY_DOCUMENT', register: 'JOINT', details: 'Please send me my data.', receivedOn,
    }) });
    expect(filed.errors).toBeUndefined();
    return filed.data!.recordDataSubjectRequest as { id: string; dueOn: string };
  };

  it('refuses to extend a request already past its due date, and extends one that is not', async () => {
    const customerId = inArea()[130].id;
    const overdue = await file(customerId, addDays(today(), -45));
    expect(overdue.dueOn < today()).toBe(true);
    const late = await system.query('employment-expert', EXTEND, { input: keyed({ customerId, requestId: overdue.id, extendedDueOn: addDays(today(), 20), reason: 'Archive search' }) });
    expect(late.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'requestId' } });
    expect(late.errors?.[0].message).toMatch(new RegExp(`was due on ${overdue.dueOn}: an extension is decided and the person informed within one month of receipt`));

    const inTime = await file(customerId, addDays(today(), -20));
    const extended = await system.query('employment-expert', EXTEND, { input: keyed({ customerId, requestId: inTime.id, extendedDueOn: addDays(today(), 30), reason: 'Archive search' }) });
    expect(extended.errors).toBeUndefined();
    expect(extended.data!.extendDataSubjectRequest).toMatchObject({ status: 'EXTENDED', extendedDueOn: addDays(today(), 30) });
  });
});

describe('a restriction covering everything a consent gives (GDPR art. 18; the second outside review)', () => {
  it("leaves the third party nothing, not even that the person is a customer; lifted, the consent counts again", async () => {
    const person = inArea()[130];
    const employer = 'employer:employer-restricted';
    const consent = await system.query('employment-expert', 'mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }', { input: keyed({
      customerId: person.id, recipientType: 'EMPLOYER', recipientOrganisationId: 'employer-restricted', categories: ['JOINT_IDENTIFICATION'],
      purpose: 'JOB_PLACEMENT', validFrom: today(), validUntil: addDays(today(), 30), method: 'IN_WRITING',
    }) });
    expect(consent.errors).toBeUndefined();
    const BY_CODE = 'query($code: String!) { customerByPersonalIdentityCode(personalIdentityCode: $code) { id } }';
    const BY_ID = 'query($id: ID!) { customer(id: $id) { id lastName } }';
    expect((await system.query(employer, BY_CODE, { code: person.personalIdentityCode })).data).toEqual({ customerByPersonalIdentityCode: { id: person.id } });

    const placed = await system.query('employment-expert', RESTRICT, { input: keyed({ customerId: person.id, categories: ['JOINT_IDENTIFICATION'], ground: 'ACCURACY_CONTESTED' }) });
    expect(placed.errors).toBeUndefined();
    expect(await system.query(employer, BY_CODE, { code: person.personalIdentityCode })).toEqual({ status: 200, data: { customerByPersonalIdentityCode: null } });
    expect(await system.query(employer, BY_ID, { id: person.id })).toEqual({ status: 200, data: { customer: null } });
    // Officials of the area still find the person (to handle the restriction itself), without its data.
    expect((await system.query('employment-expert', BY_CODE, { code: person.personalIdentityCode })).data).toEqual({ customerByPersonalIdentityCode: { id: person.id } });

    const lifted = await system.query('employment-expert', LIFT, { input: keyed({
      customerId: person.id, restrictionId: placed.data!.restrictProcessing.id, reason: 'Checked', customerInformedOn: today(), customerInformedBy: 'LETTER',
    }) });
    expect(lifted.errors).toBeUndefined();
    expect((await system.query(employer, BY_ID, { id: person.id })).data).toEqual({ customer: { id: person.id, lastName: person.lastName } });
  });
});
