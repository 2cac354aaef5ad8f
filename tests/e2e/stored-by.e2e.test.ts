// Every joint-register row names the authority and the official who stored it, and who closed it (seed 003
// Liite 7 § 1: each joint controller answers for what it stored; issue 10). Officials of the three
// authorities write one customer's rows through the gateway, each write by another authority than the one
// before, and the read-back names each writer's authority and id. Before this, a consent and its versions,
// a plan review, a meeting held or cancelled, an ended responsible official, a plan's acceptance, an
// extended request, a lifted restriction, a released hold and a rectification notice named no authority.
import { randomUUID } from 'node:crypto';
import type { TokenClaims } from '../../shared/src/auth/tokens';
import { addDays } from '../../shared/src/demo/population';
import { artificialPersonalIdentityCode } from '../../shared/src/hetu';
import { todayInFinland } from '../../shared/src/law/today';
import { startSystem, System } from '../support/system';

let system: System;
beforeAll(async () => { system = await startSystem(); });
afterAll(() => system?.stop());

it('names them in the demo data too: every row of the joint register that keeps who stored it has them, every released hold who released it', async () => {
  // Found by an outsider (session 32): the demo's assessments named nobody, and a released hold no authority. First
  // in this file: only the demo's rows are there yet (a customer's own withdrawal, written below, names no authority).
  const db = system.subgraphs.joint.database;
  const tables = await db.query<{ table: string }>(`SELECT table_name AS "table" FROM information_schema.columns
    WHERE table_schema = 'public' AND column_name = 'storedByAuthority' ORDER BY table_name`);
  expect(tables.map((t) => t.table)).toEqual(expect.arrayContaining(['ServiceNeedAssessment', 'SituationAssessment']));
  const unnamed: Record<string, number> = {};
  for (const { table } of tables) {
    const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}" WHERE "storedByAuthority" IS NULL`);
    if (row.n > 0) unnamed[table] = row.n;
  }
  expect(unnamed).toEqual({});
  const [holds] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "LegalHold" WHERE "releasedAt" IS NOT NULL AND ("releasedBy" IS NULL OR "releasedByAuthority" IS NULL)`);
  expect(holds.n).toBe(0);
  const [released] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "LegalHold" WHERE "releasedAt" IS NOT NULL`);
  expect(released.n).toBeGreaterThan(0);
});

const today = () => todayInFinland();
const ago = (days: number) => addDays(today(), -days);
const EMPLOYMENT_ID = 'employment-employment-expert-1';
const WELLBEING_ID = 'wellbeing-social-worker-1';
const KELA_ID = 'kela-benefit-decision-expert-1';
const employer: TokenClaims = { sub: 'stored-by-oy:hr-1', org_kind: 'EMPLOYER', org_id: 'stored-by-oy', purpose: 'JOB_PLACEMENT' };

/** One write as `preset` with a fresh idempotency key; the answer's data (the test fails on any error). */
async function write(preset: string, mutation: string, inputType: string, input: Record<string, unknown>, select: string): Promise<Record<string, any>> {
  const result = await system.query(preset, `mutation($input: ${inputType}!) { ${mutation}(input: $input) { ${select} } }`, { input: { ...input, idempotencyKey: randomUUID() } });
  if (result.errors) throw new Error(`${mutation} as ${preset}: ${JSON.stringify(result.errors)}`);
  return result.data![mutation] as Record<string, any>;
}

const read = (preset: string | TokenClaims, id: string, selection: string) => system.query(preset, `query($id: ID!) { customer(id: $id) { ${selection} } }`, { id });

it("names each row's authority and official, and who closed it, as written through the gateway by officials of the three authorities", async () => {
  const admitted = await write('employment-expert', 'admitCustomer', 'AdmitCustomerInput', {
    personalIdentityCode: artificialPersonalIdentityCode('1981-04-12', 900 + Math.floor(Math.random() * 100)), firstNames: 'Tallentaja', lastName: 'Testi',
    homeMunicipality: 'Kerava', email: 'tallentaja.testi@example.org', startedOn: ago(40),
    referral: { referredOn: ago(41), fromAuthority: 'KELA', referredBy: 'Kela service point', note: 'Multi-agency need' },
    responsibleOfficials: [
      { authority: 'EMPLOYMENT', officialId: EMPLOYMENT_ID, name: 'Aino Laine', role: 'EMPLOYMENT_EXPERT' },
      { authority: 'WELLBEING', officialId: WELLBEING_ID, name: 'Riikka Nieminen', role: 'SOCIAL_WORKER' },
    ],
  }, 'customer { id }');
  const id = admitted.customer.id as string;

  // ---- Consents: recorded by the wellbeing county's official, withdrawn by Kela's; another withdrawn by the customer ----
  const consentInput = {
    customerId: id, recipientType: 'EMPLOYER', recipientOrganisationId: 'stored-by-oy', recipientOrganisationName: 'Stored By Oy',
    categories: ['JOINT_IDENTIFICATION'], purpose: 'JOB_PLACEMENT', validFrom: today(), validUntil: addDays(today(), 30), method: 'IN_WRITING',
  };
  const consent = await write('wellbeing-social-worker', 'recordConsent', 'RecordConsentInput', consentInput, 'id recordedBy storedByAuthority storedBy');
  expect(consent).toEqual({ id: expect.any(String), recordedBy: WELLBEING_ID, storedByAuthority: 'WELLBEING', storedBy: WELLBEING_ID });
  // The employer receives the e-mail under the consent; the employment authority's rectification is passed on to it.
  expect((await read(employer, id, 'email')).data).toEqual({ customer: { email: 'tallentaja.testi@example.org' } });
  // Denied: who stored a consent is consent data, which the recipient of the consent does not read.
  const third = await read(employer, id, 'consents { storedByAuthority storedBy }');
  expect(third.data?.customer?.consents ?? null).toBeNull();
  expect(third.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  await write('employment-expert', 'changeContactDetails', 'ChangeContactDetailsInput', { customerId: id, reason: 'Customer asked for rectification', email: 'korjattu@example.org' }, 'id');
  await write('kela-benefit-expert', 'withdrawConsent', 'WithdrawConsentInput', { customerId: id, consentId: consent.id }, 'status');
  const own = await write('employment-expert', 'recordConsent', 'RecordConsentInput', consentInput, 'id');
  await write(`customer:${id}`, 'withdrawConsent', 'WithdrawConsentInput', { customerId: id, consentId: own.id }, 'status');
  const consents = (await read('employment-expert', id, `consents { id storedByAuthority storedBy withdrawnBy withdrawnByAuthority history { version change storedByAuthority storedBy } }
    rectificationNotifications { recipientOrganisationId notifiedBy notifiedByAuthority }`)).data!.customer;
  expect(consents.consents).toEqual(expect.arrayContaining([
    {
      id: consent.id, storedByAuthority: 'WELLBEING', storedBy: WELLBEING_ID, withdrawnBy: KELA_ID, withdrawnByAuthority: 'KELA',
      history: [
        { version: 1, change: 'GIVEN', storedByAuthority: 'WELLBEING', storedBy: WELLBEING_ID },
        { version: 2, change: 'WITHDRAWN', storedByAuthority: 'KELA', storedBy: KELA_ID },
      ],
    },
    // The customer is no authority: their own withdrawal names them and no authority.
    {
      id: own.id, storedByAuthority: 'EMPLOYMENT', storedBy: EMPLOYMENT_ID, withdrawnBy: `customer:${id}`, withdrawnByAuthority: null,
      history: [
        { version: 1, change: 'GIVEN', storedByAuthority: 'EMPLOYMENT', storedBy: EMPLOYMENT_ID },
        { version: 2, change: 'WITHDRAWN', storedByAuthority: null, storedBy: `customer:${id}` },
      ],
    },
  ]));
  expect(consents.rectificationNotifications).toEqual([{ recipientOrganisationId: 'stored-by-oy', notifiedBy: EMPLOYMENT_ID, notifiedByAuthority: 'EMPLOYMENT' }]);

  // ---- Meetings: planned by one authority, held or cancelled by another ----
  const participants = [
    { name: 'Aino Laine', authority: 'EMPLOYMENT', role: 'EMPLOYMENT_EXPERT', remote: false },
    { name: 'Riikka Nieminen', authority: 'WELLBEING', role: 'SOCIAL_WORKER', remote: false },
  ];
  const planned = await write('employment-expert', 'planMeeting', 'PlanMeetingInput', {
    customerId: id, scheduledAt: `${ago(39)}T09:00:00Z`, mode: 'IN_PERSON', location: 'Joint service point, Kerava', convener: participants[0], participants, firstMeeting: true,
  }, 'id closedBy closedByAuthority');
  expect(planned).toMatchObject({ closedBy: null, closedByAuthority: null });
  const held = await write('wellbeing-social-worker', 'recordMeetingHeld', 'RecordMeetingHeldInput', { customerId: id, meetingId: planned.id, heldAt: `${ago(39)}T09:05:00Z`, agreed: 'Plan to be drafted' },
    'status storedByAuthority storedBy closedByAuthority closedBy');
  expect(held).toEqual({ status: 'HELD', storedByAuthority: 'EMPLOYMENT', storedBy: EMPLOYMENT_ID, closedByAuthority: 'WELLBEING', closedBy: WELLBEING_ID });
  const later = await write('wellbeing-social-worker', 'planMeeting', 'PlanMeetingInput', {
    customerId: id, scheduledAt: `${addDays(today(), 7)}T12:00:00Z`, mode: 'PHONE', remoteTool: 'Phone', convener: participants[1], participants, firstMeeting: false,
  }, 'id');
  expect(await write('kela-benefit-expert', 'cancelMeeting', 'CancelMeetingInput', { customerId: id, meetingId: later.id, reason: 'Customer ill' }, 'status storedByAuthority closedByAuthority closedBy'))
    .toEqual({ status: 'CANCELLED', storedByAuthority: 'WELLBEING', closedByAuthority: 'KELA', closedBy: KELA_ID });

  // ---- A responsible official's period, named at admission by the employment authority, ended by its own authority ----
  const periods = (await read('kela-benefit-expert', id, 'responsibleOfficials { id authority }')).data!.customer.responsibleOfficials;
  const wellbeingPeriod = periods.find((o: { authority: string }) => o.authority === 'WELLBEING').id;
  expect(await write('wellbeing-social-worker', 'endResponsibleOfficial', 'EndResponsibleOfficialInput', { customerId: id, responsibleOfficialId: wellbeingPeriod, endedOn: ago(2) },
    'until storedByAuthority endedByAuthority endedBy')).toEqual({ until: ago(2), storedByAuthority: 'EMPLOYMENT', endedByAuthority: 'WELLBEING', endedBy: WELLBEING_ID });

  // ---- The plan: drafted by one, its acceptance recorded by another, reviewed by a third ----
  await write('employment-expert', 'draftEmploymentPlan', 'DraftEmploymentPlanInput', {
    customerId: id, drawnUpOn: ago(30), goal: 'Employment in logistics', steps: [{ description: 'Forklift licence', owner: 'EMPLOYMENT', dueOn: addDays(today(), 30) }], nextReviewOn: addDays(today(), 20),
  }, 'version');
  await write('wellbeing-social-worker', 'recordEmploymentPlanAcceptance', 'RecordEmploymentPlanAcceptanceInput', { customerId: id, version: 1, acceptedOn: ago(29), method: 'IN_PERSON' }, 'acceptedOn');
  await write('kela-benefit-expert', 'recordPlanReview', 'RecordPlanReviewInput', { customerId: id, kind: 'FOLLOW_UP', reviewedOn: ago(3), outcome: 'On track' }, 'id');
  const plan = (await read('wellbeing-social-worker', id, 'employmentPlan { versions { storedByAuthority storedBy acceptanceRecordedByAuthority acceptanceRecordedBy } reviews { outcome storedByAuthority storedBy } }')).data!.customer.employmentPlan;
  expect(plan.versions).toEqual([{ storedByAuthority: 'EMPLOYMENT', storedBy: EMPLOYMENT_ID, acceptanceRecordedByAuthority: 'WELLBEING', acceptanceRecordedBy: WELLBEING_ID }]);
  expect(plan.reviews).toEqual([{ outcome: 'On track', storedByAuthority: 'KELA', storedBy: KELA_ID }]);

  // ---- The request desk: a request extended, a restriction lifted, a legal hold released ----
  const request = await write('employment-expert', 'recordDataSubjectRequest', 'RecordDataSubjectRequestInput', {
    customerId: id, kind: 'RESTRICTION', channel: 'AT_A_VISIT', identityVerification: 'IDENTITY_DOCUMENT', register: 'JOINT', details: 'Do not use my work history until checked.',
  }, 'id recordedBy recordedByAuthority');
  expect(request).toMatchObject({ recordedBy: EMPLOYMENT_ID, recordedByAuthority: 'EMPLOYMENT' });
  expect(await write('wellbeing-social-worker', 'extendDataSubjectRequest', 'ExtendDataSubjectRequestInput', { customerId: id, requestId: request.id, extendedDueOn: addDays(today(), 50), reason: 'Archive search' },
    'status extendedBy extendedByAuthority')).toEqual({ status: 'EXTENDED', extendedBy: WELLBEING_ID, extendedByAuthority: 'WELLBEING' });
  const restriction = await write('employment-expert', 'restrictProcessing', 'RestrictProcessingInput', {
    customerId: id, requestId: request.id, categories: ['JOINT_EDUCATION_AND_WORK'], ground: 'ACCURACY_CONTESTED', allowedUses: ['LEGAL_CLAIMS'],
  }, 'id recordedByAuthority liftedBy liftedByAuthority');
  expect(restriction).toMatchObject({ recordedByAuthority: 'EMPLOYMENT', liftedBy: null, liftedByAuthority: null });
  // Lifted by the data protection officer (only the placing authority or the officer may), after telling the customer.
  expect(await write('data-protection-officer', 'liftProcessingRestriction', 'LiftProcessingRestrictionInput',
    { customerId: id, restrictionId: restriction.id, reason: 'Checked', customerInformedOn: today(), customerInformedBy: 'LETTER' },
    'inForce recordedBy liftedBy liftedByAuthority')).toEqual({ inForce: false, recordedBy: EMPLOYMENT_ID, liftedBy: 'dpo-1', liftedByAuthority: 'AUDIT' });
  const hold = await write('kela-benefit-expert', 'placeLegalHold', 'PlaceLegalHoldInput', { customerId: id, registers: ['JOINT', 'KELA'], basis: 'PENDING_MATTER', reason: 'Appeal pending (test)' }, 'id releasedByAuthority');
  expect(hold.releasedByAuthority).toBeNull();
  expect(await write('kela-benefit-expert', 'releaseLegalHold', 'ReleaseLegalHoldInput', { customerId: id, holdId: hold.id, reason: 'Appeal decided (test)' }, 'placedByAuthority releasedBy releasedByAuthority'))
    .toEqual({ placedByAuthority: 'KELA', releasedBy: KELA_ID, releasedByAuthority: 'KELA' });
}, 120_000);

