// One customer's whole case through the gateway, as the officials of the three authorities would run it
// (issue 10): admission, responsible officials, contact details, assessments, the plan with its revision
// and the customer's acceptance, services through their states, meetings planned and held, a consent and
// a disclosure, the employment authority's own registration, the end of the customership with the final
// report in the employment register, and a reopening. Then it is read back as each official, as the
// customer and as an auditor, whose access log shows every write.
import { randomUUID } from 'node:crypto';
import { addDays } from '../../shared/src/demo/population';
import { artificialPersonalIdentityCode } from '../../shared/src/hetu';
import { todayInFinland } from '../../shared/src/law/today';
import { GraphQLResponse, startSystem, System } from '../support/system';

let system: System;
beforeAll(async () => { system = await startSystem(); });
afterAll(() => system?.stop());

const today = () => todayInFinland();
const ago = (days: number) => addDays(today(), -days);

/** One write as `preset`: a fresh idempotency key, the answer's data (the test fails on any error). */
async function write<T = Record<string, any>>(preset: string, mutation: string, inputType: string, input: Record<string, unknown>, select: string): Promise<T> {
  const result = await attempt(preset, mutation, inputType, { ...input, idempotencyKey: randomUUID() }, select);
  if (result.errors) throw new Error(`${mutation} as ${preset}: ${JSON.stringify(result.errors)}`);
  return result.data![mutation] as T;
}

const attempt = (preset: string, mutation: string, inputType: string, input: Record<string, unknown>, select: string): Promise<GraphQLResponse> =>
  system.query(preset, `mutation Case${mutation[0].toUpperCase()}${mutation.slice(1)}($input: ${inputType}!) { ${mutation}(input: $input) { ${select} } }`, { input });

const read = async (preset: string, id: string, selection: string) => {
  const result = await system.query(preset, `query($id: ID!) { customer(id: $id) { ${selection} } }`, { id });
  return result;
};

const EMPLOYMENT = { authority: 'EMPLOYMENT', officialId: 'employment-employment-expert-1', name: 'Aino Laine', role: 'EMPLOYMENT_EXPERT' };
const WELLBEING = { authority: 'WELLBEING', officialId: 'wellbeing-social-worker-1', name: 'Riikka Nieminen', role: 'SOCIAL_WORKER' };
const KELA = { authority: 'KELA', officialId: 'kela-benefit-decision-expert-1', name: 'Satu Lehtinen', role: 'BENEFIT_DECISION_EXPERT' };
const present = (o: typeof EMPLOYMENT, remote = false) => ({ name: o.name, authority: o.authority, role: o.role, remote });

it('runs one case from referral to end and back, and every official, the customer and the auditor see it as the law says', async () => {
  // ---- Admission: by identity code; nothing asks for age, nationality or length of unemployment ----
  const code = artificialPersonalIdentityCode('1999-03-14', 977);
  const admission = {
    personalIdentityCode: code, firstNames: 'Testi Case', lastName: 'Asiakas', homeMunicipality: 'Kerava', motherTongue: 'so',
    phoneNumbers: ['+358 40 1234567'], startedOn: ago(60),
    referral: { referredOn: ago(65), fromAuthority: 'KELA', referredBy: 'Kela service point', note: 'Long unemployment; work ability unclear' },
    responsibleOfficials: [EMPLOYMENT, WELLBEING, KELA],
  };
  const admitted = await write('employment-expert', 'admitCustomer', 'AdmitCustomerInput', admission, 'outcome customer { id customership { startedOn youthService } }');
  expect(admitted.outcome).toBe('ADMITTED');
  const id = admitted.customer.id as string;
  expect(admitted.customer.customership).toEqual({ startedOn: ago(60), youthService: true });
  // The joint register told the three authorities' registers the home municipality with the admission, so
  // that their area rule serves the new customer (the own-register writes below need it).
  for (const register of ['employment', 'wellbeing', 'kela']) {
    expect(await system.subgraphs[register].db.customerHomeMunicipality.findUnique({ where: { customerId: id }, select: { municipality: true } })).toEqual({ municipality: 'Kerava' });
  }
  // Admitting the same person again (another official, another request) answers the existing customer, no second row.
  const again = await write('kela-benefit-expert', 'admitCustomer', 'AdmitCustomerInput', { ...admission, responsibleOfficials: [KELA] }, 'outcome customer { id }');
  expect(again).toEqual({ outcome: 'ALREADY_CUSTOMER', customer: { id } });
  expect(await system.subgraphs.joint.db.customer.count({ where: { personalIdentityCode: code } })).toBe(1);

  // ---- Responsible officials: several per authority, changed and ended with periods ----
  const psychologist = await write('employment-expert', 'assignResponsibleOfficial', 'AssignResponsibleOfficialInput', {
    customerId: id, official: { authority: 'EMPLOYMENT', officialId: 'employment-psychologist-1', name: 'Laura Kallio', role: 'PSYCHOLOGIST' }, since: ago(50),
  }, 'id authority since until storedByAuthority storedBy');
  expect(psychologist).toMatchObject({ authority: 'EMPLOYMENT', since: ago(50), until: null, storedByAuthority: 'EMPLOYMENT', storedBy: 'employment-employment-expert-1' });
  const officials = (await read('wellbeing-social-worker', id, 'responsibleOfficials { id authority officialId }')).data!.customer.responsibleOfficials;
  const wellbeingPeriod = officials.find((o: { authority: string }) => o.authority === 'WELLBEING').id;
  const instructor = await write('wellbeing-social-worker', 'changeResponsibleOfficial', 'ChangeResponsibleOfficialInput', {
    customerId: id, responsibleOfficialId: wellbeingPeriod, officialId: 'wellbeing-social-instructor-1', name: 'Minna Lindholm', role: 'SOCIAL_INSTRUCTOR', changedOn: ago(40),
  }, 'officialId since storedByAuthority');
  expect(instructor).toEqual({ officialId: 'wellbeing-social-instructor-1', since: ago(40), storedByAuthority: 'WELLBEING' });
  await write('employment-expert', 'endResponsibleOfficial', 'EndResponsibleOfficialInput', { customerId: id, responsibleOfficialId: psychologist.id, endedOn: ago(30) }, 'until');
  const periods = (await read('kela-benefit-expert', id, 'responsibleOfficials { officialId } responsibleOfficialPeriods { officialId since until }')).data!.customer;
  expect(periods.responsibleOfficials.map((o: { officialId: string }) => o.officialId).sort())
    .toEqual(['employment-employment-expert-1', 'kela-benefit-decision-expert-1', 'wellbeing-social-instructor-1']);
  expect(periods.responsibleOfficialPeriods).toEqual(expect.arrayContaining([
    { officialId: 'wellbeing-social-worker-1', since: ago(60), until: ago(40) },
    { officialId: 'employment-psychologist-1', since: ago(50), until: ago(30) },
  ]));

  // ---- Contact details and special arrangements, previous values kept ----
  await write('kela-benefit-expert', 'changeContactDetails', 'ChangeContactDetailsInput', {
    customerId: id, reason: "The customer's request: new number", phoneNumbers: ['+358 50 7654321'],
  }, 'id');
  const arrangement = await write('employment-expert', 'addSpecialArrangement', 'AddSpecialArrangementInput', {
    customerId: id, kind: 'INTERPRETER', description: 'Somali interpreter in meetings',
  }, 'id kind storedByAuthority');
  expect(arrangement).toMatchObject({ kind: 'INTERPRETER', storedByAuthority: 'EMPLOYMENT' });
  const contact = (await read('wellbeing-social-worker', id, 'phoneNumbers contactDetailsChanges { fields previousValues newValues reason storedByAuthority storedBy } specialArrangements { description }')).data!.customer;
  expect(contact.phoneNumbers).toEqual(['+358 50 7654321']);
  expect(contact.contactDetailsChanges).toEqual([{
    fields: ['phoneNumbers'], previousValues: JSON.stringify({ phoneNumbers: ['+358 40 1234567'] }), newValues: JSON.stringify({ phoneNumbers: ['+358 50 7654321'] }),
    reason: "The customer's request: new number", storedByAuthority: 'KELA', storedBy: 'kela-benefit-decision-expert-1',
  }]);
  expect(contact.specialArrangements).toEqual([{ description: 'Somali interpreter in meetings' }]);
  // Ending an arrangement keeps it, with who, when and why.
  const remote = await write('wellbeing-social-worker', 'addSpecialArrangement', 'AddSpecialArrangementInput', { customerId: id, kind: 'REMOTE_MEETINGS', description: 'Video meetings while abroad' }, 'id');
  await write('kela-benefit-expert', 'endSpecialArrangement', 'EndSpecialArrangementInput', { customerId: id, specialArrangementId: remote.id, reason: 'Back in Finland' }, 'id');
  const history = (await read('employment-expert', id, 'specialArrangements { id } specialArrangementHistory { id until endReason storedByAuthority endedByAuthority endedBy }')).data!.customer;
  expect(history.specialArrangements).toEqual([{ id: arrangement.id }]);
  expect(history.specialArrangementHistory).toContainEqual({
    id: remote.id, until: expect.any(String), endReason: 'Back in Finland', storedByAuthority: 'WELLBEING', endedByAuthority: 'KELA', endedBy: 'kela-benefit-decision-expert-1',
  });

  // ---- Meetings: the first planned and held as its aim says; another planned and cancelled ----
  const deviating = await attempt('employment-expert', 'planMeeting', 'PlanMeetingInput', {
    idempotencyKey: randomUUID(), customerId: id, scheduledAt: `${ago(59)}T09:00:00Z`, mode: 'VIDEO', remoteTool: 'Teams (secured)',
    convener: present(EMPLOYMENT), participants: [present(EMPLOYMENT), present(WELLBEING, true)], firstMeeting: true,
  }, 'id');
  expect(deviating.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'deviationReason' });
  const first = await write('employment-expert', 'planMeeting', 'PlanMeetingInput', {
    customerId: id, scheduledAt: `${ago(59)}T09:00:00Z`, mode: 'IN_PERSON', location: 'Joint service point, Kerava',
    convener: present(EMPLOYMENT), participants: [present(EMPLOYMENT), present(WELLBEING), present(KELA, true)], firstMeeting: true,
  }, 'id status firstMeetingAimMet convener { name authority }');
  expect(first).toMatchObject({ status: 'PLANNED', firstMeetingAimMet: true, convener: { name: 'Aino Laine', authority: 'EMPLOYMENT' } });
  const held = await write('wellbeing-social-worker', 'recordMeetingHeld', 'RecordMeetingHeldInput', {
    customerId: id, meetingId: first.id, heldAt: `${ago(59)}T09:05:00Z`, agreed: 'Service need assessed together; plan to be drafted',
  }, 'status heldAt agreed firstMeetingAimMet');
  expect(held).toEqual({ status: 'HELD', heldAt: expect.stringContaining(ago(59)), agreed: 'Service need assessed together; plan to be drafted', firstMeetingAimMet: true });
  const second = await write('kela-benefit-expert', 'planMeeting', 'PlanMeetingInput', {
    customerId: id, scheduledAt: `${addDays(today(), 7)}T12:00:00Z`, mode: 'PHONE', remoteTool: 'Phone',
    convener: present(KELA), participants: [present(KELA), present(EMPLOYMENT, true)], firstMeeting: false,
  }, 'id');
  expect(await write('kela-benefit-expert', 'cancelMeeting', 'CancelMeetingInput', { customerId: id, meetingId: second.id, reason: 'Customer ill' }, 'status cancellationReason'))
    .toEqual({ status: 'CANCELLED', cancellationReason: 'Customer ill' });

  // ---- Assessments: each a dated version by a named official of a named authority ----
  await write('employment-expert', 'recordSituationAssessment', 'RecordSituationAssessmentInput', {
    customerId: id, phase: 'START', assessedOn: ago(58), situation: 'Unemployed 3 years; motivated', goalAttainment: 0, assessorName: 'Aino Laine',
  }, 'id');
  await write('kela-benefit-expert', 'recordServiceNeedAssessment', 'RecordServiceNeedAssessmentInput', {
    customerId: id, assessedOn: ago(58), needsFrom: ['EMPLOYMENT', 'WELLBEING', 'KELA'], multiAgencyNeed: true, summary: 'Multi-agency need', assessorName: 'Satu Lehtinen',
  }, 'id');
  await write('wellbeing-social-worker', 'recordSocialSituation', 'RecordSocialSituationInput', {
    customerId: id, assessedOn: ago(57), housing: 'Rented flat', livelihood: 'Labour market subsidy', familySituation: 'Single', effectOnEmployment: 'Debts cause stress', assessorName: 'Riikka Nieminen',
  }, 'id');
  await write('wellbeing-social-worker', 'recordSocialSituation', 'RecordSocialSituationInput', {
    customerId: id, assessedOn: ago(20), housing: 'Rented flat', livelihood: 'Labour market subsidy', familySituation: 'Single', effectOnEmployment: 'Debt counselling started', assessorName: 'Riikka Nieminen',
  }, 'id');
  await write('wellbeing-nurse', 'recordHealthAndWorkCapacity', 'RecordHealthAndWorkCapacityInput', {
    customerId: id, assessedOn: ago(45), workCapacity: 'PARTIAL', functionalCapacity: 'Reduced stamina', limitations: 'No heavy lifting', assessorName: 'Elina Rantanen',
  }, 'id');
  // The restricted categories: a Kela benefit expert's role certificate does not entitle to the social situation (seed 001 § 8).
  const denied = await attempt('kela-benefit-expert', 'recordSocialSituation', 'RecordSocialSituationInput', {
    idempotencyKey: randomUUID(), customerId: id, assessedOn: ago(5), housing: 'x', livelihood: 'x', familySituation: 'x', effectOnEmployment: 'x', assessorName: 'Satu Lehtinen',
  }, 'id');
  expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  const social = (await read('wellbeing-social-instructor', id, 'socialSituation { effectOnEmployment assessedOn assessorName storedByAuthority } socialSituationHistory { assessedOn }')).data!.customer;
  expect(social.socialSituation).toEqual({ effectOnEmployment: 'Debt counselling started', assessedOn: ago(20), assessorName: 'Riikka Nieminen', storedByAuthority: 'WELLBEING' });
  expect(social.socialSituationHistory).toEqual([{ assessedOn: ago(20) }, { assessedOn: ago(57) }]);

  // ---- The plan: drafted, revised (versions kept), accepted by the customer ----
  const steps = [
    { description: 'Work trial in retail', owner: 'EMPLOYMENT', ownerName: 'Aino Laine', dueOn: addDays(today(), 60) },
    { description: 'Debt counselling', owner: 'WELLBEING', dueOn: addDays(today(), 30) },
  ];
  await write('employment-expert', 'draftEmploymentPlan', 'DraftEmploymentPlanInput', {
    customerId: id, drawnUpOn: ago(50), goal: 'Employment in retail', steps, nextReviewOn: addDays(today(), 10),
  }, 'version');
  const revised = await write('wellbeing-social-worker', 'reviseEmploymentPlan', 'ReviseEmploymentPlanInput', {
    customerId: id, revisedOn: ago(10), goal: 'Part-time employment in retail', reason: 'Work capacity partial',
    steps: [...steps, { description: 'Rehabilitation assessment', owner: 'KELA', dueOn: addDays(today(), 45) }], nextReviewOn: addDays(today(), 40),
  }, 'version acceptedOn goal');
  expect(revised).toEqual({ version: 2, acceptedOn: null, goal: 'Part-time employment in retail' });
  const stale = await attempt('employment-expert', 'recordEmploymentPlanAcceptance', 'RecordEmploymentPlanAcceptanceInput', {
    idempotencyKey: randomUUID(), customerId: id, version: 1, acceptedOn: ago(9), method: 'IN_PERSON',
  }, 'version');
  expect(stale.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'version' });
  await write('employment-expert', 'recordEmploymentPlanAcceptance', 'RecordEmploymentPlanAcceptanceInput', { customerId: id, version: 2, acceptedOn: ago(9), method: 'IN_PERSON' }, 'acceptedOn');
  const plan = (await read('kela-benefit-expert', id, 'employmentPlan { version acceptedOn stepDetails { description owner dueOn } versions { version goal acceptedOn acceptanceMethod revisionReason storedByAuthority } }')).data!.customer.employmentPlan;
  expect(plan.version).toBe(2);
  expect(plan.acceptedOn).toBe(ago(9));
  expect(plan.stepDetails).toHaveLength(3);
  expect(plan.versions).toEqual([
    { version: 2, goal: 'Part-time employment in retail', acceptedOn: ago(9), acceptanceMethod: 'IN_PERSON', revisionReason: 'Work capacity partial', storedByAuthority: 'WELLBEING' },
    { version: 1, goal: 'Employment in retail', acceptedOn: null, acceptanceMethod: null, revisionReason: null, storedByAuthority: 'EMPLOYMENT' },
  ]);

  // ---- Services through their states; an invalid move is refused naming the states ----
  const trial = await write('employment-expert', 'addCustomerService', 'AddCustomerServiceInput', { customerId: id, name: 'Work trial in retail', provider: 'EMPLOYMENT' }, 'id state');
  expect(trial.state).toBe('PLANNED');
  const move = (preset: string, serviceId: string, state: string, on: string, reason?: string) =>
    write(preset, 'changeCustomerServiceState', 'ChangeCustomerServiceStateInput', { customerId: id, serviceId, state, on, reason }, 'state startsOn endsOn interruptionReason');
  await move('employment-expert', trial.id, 'ONGOING', ago(30));
  expect(await move('employment-expert', trial.id, 'COMPLETED', ago(5))).toEqual({ state: 'COMPLETED', startsOn: ago(30), endsOn: ago(5), interruptionReason: null });
  const backwards = await attempt('employment-expert', 'changeCustomerServiceState', 'ChangeCustomerServiceStateInput', {
    idempotencyKey: randomUUID(), customerId: id, serviceId: trial.id, state: 'ONGOING', on: ago(1),
  }, 'state');
  expect(backwards.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'state' }, message: expect.stringContaining('from COMPLETED to ONGOING') });
  const activity = await write('wellbeing-social-worker', 'addCustomerService', 'AddCustomerServiceInput', { customerId: id, name: 'Rehabilitative work activity', provider: 'WELLBEING' }, 'id');
  await move('wellbeing-social-worker', activity.id, 'ONGOING', ago(25));
  expect((await move('wellbeing-social-worker', activity.id, 'INTERRUPTED', ago(12), 'Illness')).interruptionReason).toBe('Illness');
  const services = (await read('employment-expert', id, 'services { name state stateChanges { from to storedByAuthority } }')).data!.customer.services;
  expect(services.find((s: { name: string }) => s.name === 'Work trial in retail').stateChanges.map((c: { to: string }) => c.to)).toEqual(['PLANNED', 'ONGOING', 'COMPLETED']);

  // ---- A consent and a disclosure ----
  const employer = { sub: 'retail-oy:hr-1', org_kind: 'EMPLOYER', org_id: 'retail-oy', purpose: 'JOB_PLACEMENT' } as never;
  expect((await read(employer, id, 'lastName')).data).toEqual({ customer: null });
  await write('employment-expert', 'recordConsent', 'RecordConsentInput', {
    customerId: id, recipientType: 'EMPLOYER', recipientOrganisationId: 'retail-oy', recipientOrganisationName: 'Retail Oy',
    categories: ['JOINT_IDENTIFICATION', 'JOINT_EDUCATION_AND_WORK'], purpose: 'JOB_PLACEMENT', validFrom: today(), validUntil: addDays(today(), 30), method: 'IN_WRITING',
  }, 'id');
  const seen = await read(employer, id, 'lastName firstNames');
  expect(seen.data).toEqual({ customer: { lastName: 'Asiakas', firstNames: 'Testi Case' } });

  // ---- The employment authority's own register: the job search ----
  await write('employment-expert', 'startEmploymentJobSearch', 'EmploymentJobSearchStartInput', {
    customerId: id, jobSearchStartedOn: ago(60), employmentStatus: 'UNEMPLOYED', benefitPayer: 'KELA', responsibleOfficialName: 'Aino Laine',
    desiredOccupations: ['Salesperson'], skills: ['Customer service'], jobSearchAreas: ['Kerava'],
  }, 'employmentStatus');
  const refusedOwn = await attempt('kela-benefit-expert', 'recordEmploymentJobSeekerStatus', 'EmploymentJobSeekerStatusInput', {
    idempotencyKey: randomUUID(), customerId: id, employmentStatus: 'EMPLOYED', changedOn: ago(2),
  }, 'employmentStatus');
  expect(refusedOwn.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  // Kela's own register serves the new customer too: a benefit decision by its own official.
  const decision = await write('kela-benefit-expert', 'recordKelaBenefitDecision', 'KelaBenefitDecisionInput', {
    customerId: id, kind: 'LABOUR_MARKET_SUBSIDY', appliedOn: ago(58), decidedOn: ago(50), status: 'GRANTED', startsOn: ago(58), dailyAmount: 37.21,
    reasoning: 'Long unemployment; the conditions of the subsidy are met',
  }, 'kind status');
  expect(decision).toEqual({ kind: 'LABOUR_MARKET_SUBSIDY', status: 'GRANTED' });

  // ---- The end: reason, date, end situation; the final report in the employment register ----
  const end = {
    customerId: id, endedOn: ago(1), reason: 'Employed part-time on the open labour market',
    endSituation: { assessedOn: ago(1), situation: 'Employed part-time in retail', goalAttainment: 80, assessorName: 'Aino Laine' },
    finalReport: { summary: 'Work trial led to employment', recommendations: 'Follow up in three months' },
  };
  const byKela = await attempt('kela-benefit-expert', 'endCustomership', 'EndCustomershipInput', { ...end, idempotencyKey: randomUUID() }, 'endedOn');
  expect(byKela.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  const ended = await write('employment-expert', 'endCustomership', 'EndCustomershipInput', end, 'endedOn endReason finalReportId');
  expect(ended).toMatchObject({ endedOn: ago(1), endReason: end.reason, finalReportId: expect.any(String) });
  const report = (await read('kela-benefit-expert', id, 'employment { finalReports { id summary goalAttainment servicesCompleted servicesInterrupted reportedBy } }')).data!.customer.employment.finalReports;
  expect(report).toEqual([{
    id: ended.finalReportId, summary: 'Work trial led to employment', goalAttainment: 80, servicesCompleted: ['Work trial in retail'],
    servicesInterrupted: ['Rehabilitative work activity'], reportedBy: 'employment-employment-expert-1',
  }]);
  const closed = await attempt('employment-expert', 'addCustomerService', 'AddCustomerServiceInput', { idempotencyKey: randomUUID(), customerId: id, name: 'x', provider: 'EMPLOYMENT' }, 'id');
  expect(closed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'customerId' });

  // ---- Reopened by a new admission, keeping the old period ----
  const reopened = await write('wellbeing-social-worker', 'admitCustomer', 'AdmitCustomerInput', {
    ...admission, startedOn: today(), referral: { ...admission.referral, referredOn: today(), fromAuthority: 'WELLBEING' }, responsibleOfficials: [WELLBEING],
  }, 'outcome customer { id customershipPeriods { startedOn endedOn endReason finalReportId } }');
  expect(reopened.outcome).toBe('REOPENED');
  expect(reopened.customer.customershipPeriods).toEqual([
    { startedOn: today(), endedOn: null, endReason: null, finalReportId: null },
    { startedOn: ago(60), endedOn: ago(1), endReason: end.reason, finalReportId: ended.finalReportId },
  ]);

  // ---- Read back: each official, the customer, the auditor ----
  const everything = 'lastName customership { startedOn } situationAssessments { phase goalAttainment } employmentPlan { version } socialSituation { housing } healthAndWorkCapacity { workCapacity } employment { finalReports { id } }';
  const asWorker = await read('wellbeing-social-worker', id, everything);
  expect(asWorker.data!.customer.socialSituation).toEqual({ housing: 'Rented flat' });
  expect(asWorker.errors?.map((e) => e.path?.join('.'))).toEqual(['customer.healthAndWorkCapacity']);
  const asNurse = await read('wellbeing-nurse', id, everything);
  expect(asNurse.data!.customer.healthAndWorkCapacity).toEqual({ workCapacity: 'PARTIAL' });
  const asExpert = await read('employment-expert', id, everything);
  expect(asExpert.data!.customer.situationAssessments).toEqual([{ phase: 'START', goalAttainment: 0 }, { phase: 'END', goalAttainment: 80 }]);
  expect(asExpert.errors).toBeUndefined();
  const asKela = await read('kela-benefit-expert', id, everything);
  expect(asKela.errors?.map((e) => e.path?.join('.'))).toEqual(['customer.socialSituation']);
  const asCustomer = await read(`customer:${id}`, id, `${everything} jointAccessLog(first: 200) { actorId operation categories } disclosures { recipientOrganisationId categories }`);
  expect(asCustomer.errors).toBeUndefined();
  expect(asCustomer.data!.customer.employment.finalReports).toHaveLength(1);
  expect(asCustomer.data!.customer.disclosures).toEqual([expect.objectContaining({ recipientOrganisationId: 'retail-oy' })]);

  const log = await system.query('auditor', 'query($id: ID) { jointAccessLog(customerId: $id, first: 300) { actorId operation categories operationName outcome } employmentAccessLog(customerId: $id, first: 50) { actorId operation categories operationName } }', { id });
  if (!log.data) throw new Error(JSON.stringify(log.errors));
  const writes = log.data!.jointAccessLog.filter((e: { operation: string; outcome: string }) => e.operation === 'WRITE' && e.outcome === 'ALLOWED');
  // The gateway names a subgraph's part of an operation `<operation>__<subgraph>__<n>` when it plans several.
  const named = new Set(writes.map((e: { operationName: string }) => e.operationName.replace(/__\w+__\d+$/, '')));
  for (const step of ['AdmitCustomer', 'AssignResponsibleOfficial', 'ChangeResponsibleOfficial', 'EndResponsibleOfficial', 'ChangeContactDetails', 'AddSpecialArrangement',
    'PlanMeeting', 'RecordMeetingHeld', 'CancelMeeting', 'RecordSituationAssessment', 'RecordServiceNeedAssessment', 'RecordSocialSituation', 'RecordHealthAndWorkCapacity',
    'DraftEmploymentPlan', 'ReviseEmploymentPlan', 'RecordEmploymentPlanAcceptance', 'AddCustomerService', 'ChangeCustomerServiceState', 'RecordConsent', 'EndCustomership']) {
    expect({ step, logged: named.has(`Case${step}`) }).toEqual({ step, logged: true });
  }
  expect(writes).toEqual(expect.arrayContaining([
    expect.objectContaining({ actorId: 'wellbeing-social-worker-1', operation: 'WRITE', categories: ['JOINT_SOCIAL_SITUATION'] }),
    expect.objectContaining({ actorId: 'employment-employment-expert-1', operation: 'WRITE', categories: ['JOINT_SERVICE_NEED'] }),
  ]));
  // The refused attempt of the Kela official on the restricted category was never a write, and is logged as refused.
  expect(writes.filter((e: { actorId: string; categories: string[] }) => e.actorId === 'kela-benefit-decision-expert-1' && e.categories.includes('JOINT_SOCIAL_SITUATION'))).toEqual([]);
  expect(log.data!.jointAccessLog).toEqual(expect.arrayContaining([
    expect.objectContaining({ actorId: 'kela-benefit-decision-expert-1', operation: 'WRITE', categories: ['JOINT_SOCIAL_SITUATION'], outcome: 'DENIED' }),
  ]));
  // The final report is written by the joint register's service with the end (its reporter is named in the report).
  expect(log.data!.employmentAccessLog).toEqual(expect.arrayContaining([
    expect.objectContaining({ actorId: 'urn:customer-graph:register:joint', operation: 'WRITE', categories: ['EMPLOYMENT_SERVICES_AND_DECISIONS'], operationName: 'FinalReportNotice' }),
    expect.objectContaining({ actorId: 'employment-employment-expert-1', operation: 'WRITE', categories: ['EMPLOYMENT_JOB_SEEKER'] }),
  ]));
  // The customer sees who wrote their data.
  expect(asCustomer.data!.customer.jointAccessLog).toEqual(expect.arrayContaining([{ actorId: 'wellbeing-public-health-nurse-1', operation: 'WRITE', categories: ['JOINT_HEALTH_AND_WORK_CAPACITY'] }]));
});
