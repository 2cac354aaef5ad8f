// Who may see what, precisely (issue 9), end to end with real tokens through the gateway and straight to
// the subgraphs: officials see only the customers of their own cooperation area's joint service, with a
// role certificate of their own authority; foreign roles are ignored; sensitive content stays with the
// roles that may read it. Each rule has its allowed and its denied path.
import { presetClaims } from '../../shared/src/auth/presets';
import type { TokenClaims } from '../../shared/src/auth/tokens';
import { demoPopulation } from '../../shared/src/demo/population';
import { areaOfMunicipality } from '../../shared/src/law/areas';
import { GraphQLResponse, postGraphQL, startSystem, System, tokenFor } from '../support/system';
import { keyed } from '../support/keys';

let system: System;
beforeAll(async () => { system = await startSystem(); });
afterAll(() => system?.stop());

const uusimaa = () => demoPopulation().find((c) => areaOfMunicipality(c.homeMunicipality) === 'KESKI_UUSIMAA')!;
const lapland = () => demoPopulation().find((c) => areaOfMunicipality(c.homeMunicipality) === 'LAPLAND')!;
const nobody = '00000000-0000-4000-8000-0000000000aa';

const VIEW = `query View($id: ID!) { customer(id: $id) { id lastName employment { jobSeeker { employmentStatus } } kela { benefits { kind } } } }`;
const BY_CODE = `query ByCode($code: String!) { customerByPersonalIdentityCode(personalIdentityCode: $code) { id lastName } }`;
const entities = (register: string, selection: string) =>
  `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { ${register} { ${selection} } } } }`;
const codes = (r: GraphQLResponse) => (r.errors ?? []).map((e) => [e.path?.join('.'), e.extensions?.code]);

/** A subgraph asked directly, as an attacker past the gateway would. */
async function direct(subgraph: string, claims: string | TokenClaims, query: string, variables?: unknown) {
  return postGraphQL(system.subgraphs[subgraph].listening.url, { query, variables }, await tokenFor(claims));
}

describe('cooperation areas: an official of another area sees nothing, as if the person were not a customer', () => {
  it('through the gateway: by id and by identity code, Lapland\'s official gets exactly what a non-customer gives', async () => {
    for (const preset of ['kela-benefit-expert-lapland', 'employment-expert-lapland', 'wellbeing-social-worker-lapland']) {
      const other = await system.query(preset, VIEW, { id: uusimaa().id });
      const none = await system.query(preset, VIEW, { id: nobody });
      expect(other).toEqual({ status: 200, data: { customer: null } });
      expect(other).toEqual(none);
      const byCode = await system.query(preset, BY_CODE, { code: uusimaa().personalIdentityCode });
      expect(byCode).toEqual({ status: 200, data: { customerByPersonalIdentityCode: null } });
    }
  });

  it('the same officials see the customers of their own area, own-register exchangeable data included', async () => {
    const own = await system.query('kela-benefit-expert-lapland', VIEW, { id: lapland().id });
    expect(own.errors).toBeUndefined();
    expect(own.data!.customer.lastName).toBe(lapland().lastName);
    const ku = await system.query('kela-benefit-expert', VIEW, { id: uusimaa().id });
    expect(ku.errors).toBeUndefined();
    expect(ku.data!.customer.lastName).toBe(uusimaa().lastName);
    // And Keski-Uusimaa's official sees nothing of Lapland's customer.
    expect(await system.query('kela-benefit-expert', VIEW, { id: lapland().id })).toEqual({ status: 200, data: { customer: null } });
  });

  it("an own register's exchangeable categories reach another authority's official only in the customer's area (straight to the subgraph)", async () => {
    const ask = (preset: string, id: string) => direct('employment', preset, entities('employment', 'jobSeeker { employmentStatus }'), { r: [{ __typename: 'Customer', id }] });
    const allowed = await ask('kela-benefit-expert', uusimaa().id);
    expect(allowed.errors).toBeUndefined();
    const other = await ask('kela-benefit-expert-lapland', uusimaa().id);
    const none = await ask('kela-benefit-expert-lapland', nobody);
    // _entities answers null, no error, exactly as for a person who is not a customer (621/1999 § 24).
    expect(other.data).toEqual({ _entities: [null] });
    expect(other).toEqual(none);
    // Kela's own register the same: its own official of another area gets nothing either.
    const kela = await direct('kela', 'kela-benefit-expert-lapland', entities('kela', 'benefits { kind }'), { r: [{ __typename: 'Customer', id: uusimaa().id }] });
    expect(kela.data).toEqual({ _entities: [null] });
    expect(kela.errors).toBeUndefined();
  });

  it("a caseload holds only the official's own area's customers", async () => {
    const result = await system.query('employment-expert-lapland', '{ caseload(first: 100) { totalCount edges { node { id homeMunicipality } } } }');
    expect(result.errors).toBeUndefined();
    const nodes = result.data!.caseload.edges.map((e: { node: { homeMunicipality: string } }) => e.node);
    expect(nodes.length).toBeGreaterThan(0);
    expect(new Set(nodes.map((n: { homeMunicipality: string }) => areaOfMunicipality(n.homeMunicipality)))).toEqual(new Set(['LAPLAND']));
  });

  it('writes about a customer of another area are refused as for a person who is not a customer', async () => {
    const MEETING = `mutation($input: RecordMeetingInput!) { recordMeeting(input: $input) { id } }`;
    const input = (customerId: string) => ({ customerId, heldAt: new Date(Date.now() - 3600_000).toISOString(), mode: 'PHONE', firstMeeting: false, participants: [{ name: 'Niilo Aikio', authority: 'EMPLOYMENT', role: 'EMPLOYMENT_EXPERT', remote: true }], agreed: 'Next call in two weeks.' });
    const before = await system.subgraphs.joint.db.meeting.count();
    const other = await system.query('employment-expert-lapland', MEETING, { input: keyed(input(uusimaa().id)) });
    const none = await system.query('employment-expert-lapland', MEETING, { input: keyed(input(nobody)) });
    expect(codes(other)).toEqual([['recordMeeting', 'FORBIDDEN']]);
    expect(codes(none)).toEqual(codes(other));
    expect(await system.subgraphs.joint.db.meeting.count()).toBe(before);
    const own = await system.query('employment-expert-lapland', MEETING, { input: keyed(input(lapland().id)) });
    expect(own.errors).toBeUndefined();
    expect(await system.subgraphs.joint.db.meeting.count()).toBe(before + 1);
  });

  it('a token that names no organisation unit, or a unit of another authority, serves no area', async () => {
    const { org_unit: _unit, ...noUnit } = presetClaims('employment-expert');
    expect((await system.query(noUnit as TokenClaims, VIEW, { id: uusimaa().id })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const wrongUnit = { ...presetClaims('employment-expert'), org_unit: 'kela-keski-uusimaa' };
    expect((await system.query(wrongUnit, VIEW, { id: uusimaa().id })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // Found by an outsider: Lapland's employment area as the organisation with Keski-Uusimaa's unit read Keski-Uusimaa's customer.
    const otherOrganisation = { ...presetClaims('employment-expert-lapland'), org_unit: 'employment-area-keski-uusimaa' };
    expect((await system.query(otherOrganisation, VIEW, { id: uusimaa().id })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const straight = await direct('employment', otherOrganisation, entities('employment', 'jobSeeker { employmentStatus }'), { r: [{ __typename: 'Customer', id: uusimaa().id }] });
    expect(straight.data).toEqual({ _entities: [null] });
  });
});

describe("a write naming another area's row by its id answers as for a row that does not exist (621/1999 § 24)", () => {
  const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki' }).format(new Date());
  const db = (name: string) => system.subgraphs[name].db as any;
  /** The rows of Keski-Uusimaa's customers that each write names by id, and how the write is asked for. */
  const WRITES: { mutation: string; input: string; register: string; model: string; argument: string; preset: string; rest: () => Record<string, unknown> }[] = [
    { mutation: 'cancelMeeting', input: 'CancelMeetingInput', register: 'joint', model: 'meeting', argument: 'meetingId', preset: 'employment-expert-lapland', rest: () => ({ reason: 'Probe' }) },
    { mutation: 'endResponsibleOfficial', input: 'EndResponsibleOfficialInput', register: 'joint', model: 'responsibleOfficial', argument: 'responsibleOfficialId', preset: 'employment-expert-lapland', rest: () => ({ endedOn: today() }) },
    { mutation: 'changeCustomerServiceState', input: 'ChangeCustomerServiceStateInput', register: 'joint', model: 'customerService', argument: 'serviceId', preset: 'employment-expert-lapland', rest: () => ({ state: 'INTERRUPTED', on: today(), reason: 'Probe' }) },
    { mutation: 'recordEmploymentOfferResult', input: 'EmploymentOfferResultInput', register: 'employment', model: 'offer', argument: 'offerId', preset: 'employment-expert-lapland', rest: () => ({ result: 'APPLIED', recordedOn: today() }) },
  ];

  it.each(WRITES.map((w) => [w.mutation, w]))("%s: another area's row and no row get one answer, and nothing changes", async (_name, w) => {
    const ku = demoPopulation().filter((c) => areaOfMunicipality(c.homeMunicipality) === 'KESKI_UUSIMAA').map((c) => c.id);
    const row = await db(w.register)[w.model].findFirstOrThrow({ where: { customerId: { in: ku } } });
    const query = `mutation($input: ${w.input}!) { ${w.mutation}(input: $input) { id } }`;
    const ask = (id: string) => system.query(w.preset, query, { input: keyed({ customerId: lapland().id, [w.argument]: id, ...w.rest() }) });
    const other = await ask(row.id);
    const none = await ask('00000000-0000-4000-8000-0000000000bb');
    expect(other.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: w.argument } });
    expect({ data: other.data, message: other.errors?.[0].message }).toEqual({ data: none.data, message: none.errors?.[0].message });
    expect(await db(w.register)[w.model].findUniqueOrThrow({ where: { id: row.id } })).toEqual(row);
  });
});

describe('role certificates of the joint service, per authority (seed 003 Liite 2)', () => {
  it('an official with no role certificate of the joint service gets no customer data and no caseload', async () => {
    const view = await system.query('kela-official-without-joint-role', VIEW, { id: uusimaa().id });
    expect(view).toEqual({ status: 200, data: { customer: null }, errors: [expect.objectContaining({ path: ['customer'], extensions: { code: 'FORBIDDEN' } })] });
    const caseload = await system.query('kela-official-without-joint-role', '{ caseload(first: 1) { totalCount } }');
    expect(codes(caseload)).toEqual([['caseload', 'FORBIDDEN']]);
    // Straight to Kela's own register: nothing either.
    const kela = await direct('kela', 'kela-official-without-joint-role', entities('kela', 'benefits { kind }'), { r: [{ __typename: 'Customer', id: uusimaa().id }] });
    expect(kela.data).toEqual({ _entities: [null] });
    expect(kela.errors).toBeUndefined();
  });

  it('a role of another authority in a token is ignored, never honoured', async () => {
    // A Kela token claiming the employment authority's psychologist role: no role of Kela's, so nothing.
    const kelaPsychologist = { ...presetClaims('kela-benefit-expert'), roles: ['PSYCHOLOGIST'] };
    expect((await system.query(kelaPsychologist, VIEW, { id: uusimaa().id })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // An employment expert claiming the county's social-worker role too: the foreign role adds nothing.
    const SUBSTANCE = entities('wellbeing', 'substanceAbuseVisits { id }');
    const r = { r: [{ __typename: 'Customer', id: uusimaa().id }] };
    const mixed = { ...presetClaims('employment-expert'), roles: ['EMPLOYMENT_EXPERT', 'SOCIAL_WORKER'] };
    expect(codes(await direct('wellbeing', mixed, SUBSTANCE, r))).toEqual([['_entities.0.wellbeing.substanceAbuseVisits', 'FORBIDDEN']]);
    const socialWorker = await direct('wellbeing', 'wellbeing-social-worker', SUBSTANCE, r);
    expect(socialWorker.errors).toBeUndefined();
  });

  it('the employment expert reads joint categories 4 and 5, not the own registers\' health data', async () => {
    const Q = `query($id: ID!) { customer(id: $id) { socialSituation { housing } healthAndWorkCapacity { workCapacity } employment { healthAffectingJobSearch { id } } } }`;
    const result = await system.query('employment-expert', Q, { id: uusimaa().id });
    expect(codes(result)).toEqual([['customer.employment.healthAffectingJobSearch', 'FORBIDDEN']]);
  });
});

describe('sensitive content stays with the roles that may read it', () => {
  it('sickness and rehabilitation allowance are apart from the other benefits, for the roles entitled to health data', async () => {
    const withHealth = demoPopulation().slice(0, 200);
    const db = system.subgraphs.kela.db;
    const decision = await db.benefitDecision.findFirstOrThrow({
      where: { kind: 'SICKNESS_ALLOWANCE', customerId: { in: withHealth.filter((c) => areaOfMunicipality(c.homeMunicipality) === 'KESKI_UUSIMAA').map((c) => c.id) } },
    });
    const Q = `query($id: ID!) { customer(id: $id) { kela { benefits { id kind } healthBenefits { id kind } } } }`;
    const expert = await system.query('employment-expert', Q, { id: decision.customerId });
    expect(codes(expert)).toEqual([['customer.kela.healthBenefits', 'FORBIDDEN']]);
    expect(expert.data!.customer.kela.benefits.map((b: { kind: string }) => b.kind)).not.toContain('SICKNESS_ALLOWANCE');
    const decider = await system.query('kela-benefit-expert', Q, { id: decision.customerId });
    expect(decider.errors).toBeUndefined();
    expect(decider.data!.customer.kela.healthBenefits).toContainEqual({ id: decision.id, kind: 'SICKNESS_ALLOWANCE' });
  });

  it('service names of the plan are for the roles that read health or social data; the supervisor sees the plan without them', async () => {
    const Q = `query($id: ID!) { customer(id: $id) { services { state name } } }`;
    const supervisor = await system.query('employment-supervisor', Q, { id: uusimaa().id });
    const named = await system.query('wellbeing-social-worker', Q, { id: uusimaa().id });
    expect(named.errors).toBeUndefined();
    if (named.data!.customer.services.length > 0) {
      expect(codes(supervisor).every(([path, code]) => /^customer\.services\.\d+\.name$/.test(String(path)) && code === 'FORBIDDEN')).toBe(true);
      expect(codes(supervisor).length).toBe(named.data!.customer.services.length);
    }
  });

  it("a consent to an A-clinic is shown only to roles that read substance-abuse data", async () => {
    const customer = demoPopulation()[0];
    const Q = `query($id: ID!) { customer(id: $id) { consents { recipientType } sensitiveConsents { recipientType } substanceAbuseConsents { recipientType purpose } } }`;
    const expert = await system.query('employment-expert', Q, { id: customer.id });
    expect(codes(expert)).toEqual([['customer.sensitiveConsents', 'FORBIDDEN'], ['customer.substanceAbuseConsents', 'FORBIDDEN']]);
    expect(expert.data!.customer.consents.map((c: { recipientType: string }) => c.recipientType)).not.toContain('A_CLINIC');
    // Roles that read health but not substance-abuse data see the health consents, not this one.
    for (const caller of ['employment-psychologist', 'kela-service-expert']) {
      const health = await system.query(caller, Q, { id: customer.id });
      expect({ caller, errors: codes(health) }).toEqual({ caller, errors: [['customer.substanceAbuseConsents', 'FORBIDDEN']] });
      expect(JSON.stringify(health.data)).not.toContain('A_CLINIC');
    }
    const social = await system.query('wellbeing-social-worker', Q.replace(' sensitiveConsents { recipientType }', ''), { id: customer.id });
    expect(social.errors).toBeUndefined();
    expect(social.data!.customer.substanceAbuseConsents.map((c: { recipientType: string }) => c.recipientType)).toContain('A_CLINIC');
  });

  it('a consent whose terms reveal two kinds (no valid consent has them) is shown only to a role that reads both', async () => {
    // Stored as no write would store it (an A-clinic for rehabilitation): it fails closed, in one list only.
    const customer = demoPopulation()[0];
    const id = '00000000-0000-4000-8000-0000000009a1';
    await system.subgraphs.joint.db.consent.create({ data: {
      id, customerId: customer.id, recipientType: 'A_CLINIC', recipientOrganisationId: 'a-clinic-1', categories: ['JOINT_IDENTIFICATION'],
      purpose: 'REHABILITATION', validFrom: new Date('2026-01-01T00:00:00Z'), validUntil: new Date('2099-01-01T00:00:00Z'),
      method: 'IN_WRITING', recordedBy: 'test', storedByAuthority: 'WELLBEING',
    } });
    try {
      const Q = 'query($id: ID!) { customer(id: $id) { sensitiveConsents { id } } }';
      const listed = async (caller: string) => {
        const r = await system.query(caller, Q, { id: customer.id });
        expect({ caller, errors: r.errors }).toEqual({ caller, errors: undefined });
        return (r.data!.customer.sensitiveConsents as { id: string }[]).some((c) => c.id === id);
      };
      // Denied: the psychologist reads health consents, not substance-abuse ones.
      expect(await listed('employment-psychologist')).toBe(false);
      // Allowed: the nurse reads both.
      expect(await listed('wellbeing-nurse')).toBe(true);
      // Never in the second list as well.
      const other = await system.query('wellbeing-nurse', 'query($id: ID!) { customer(id: $id) { substanceAbuseConsents { id } } }', { id: customer.id });
      expect(JSON.stringify(other.data)).not.toContain(id);
    } finally {
      await system.subgraphs.joint.db.consent.delete({ where: { id } });
    }
  });
});


describe('the activation plan is one plan (189/2001 § 12)', () => {
  const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki' }).format(new Date());
  const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);
  const PLAN = 'id drawnUpOn goals placeName daysPerWeek hoursPerDay periodStart periodEnd nextReviewOn version';
  const BOTH = `query($id: ID!) { customer(id: $id) { wellbeing { activationPlan { ${PLAN} } } employment { activationPlan { ${PLAN} } } } }`;
  const REVIEW = 'mutation($input: ReviewWellbeingActivationPlanInput!) { reviewWellbeingActivationPlan(input: $input) { version goals } }';

  it('a change of the plan in the county\'s register is in the employment register\'s copy in the same change; both read the same', async () => {
    const db = system.subgraphs.wellbeing.db;
    const ku = demoPopulation().filter((c) => areaOfMunicipality(c.homeMunicipality) === 'KESKI_UUSIMAA').map((c) => c.id);
    const plan = await db.activationPlan.findFirstOrThrow({ where: { customerId: { in: ku }, drawnUpOn: { lte: new Date(today()) } }, orderBy: { id: 'asc' } });
    const before = await system.query('wellbeing-social-worker', BOTH, { id: plan.customerId });
    expect(before.errors).toBeUndefined();
    expect(before.data!.customer.employment.activationPlan).toEqual(before.data!.customer.wellbeing.activationPlan);

    // The employment expert, who draws the plan up with the county (189/2001 § 8), changes it in the county's register.
    const input = { customerId: plan.customerId, reviewedOn: today(), outcome: 'Attends well; more days a week', goals: 'Four days a week, then training', nextReviewOn: addDays(today(), 30), periodEnd: addDays(today(), 150) };
    const changed = await system.query('employment-expert', REVIEW, { input: keyed(input) });
    expect(changed.errors).toBeUndefined();
    expect(changed.data!.reviewWellbeingActivationPlan).toEqual({ version: plan.version + 1, goals: input.goals });

    const after = await system.query('wellbeing-social-worker', BOTH, { id: plan.customerId });
    expect(after.errors).toBeUndefined();
    const { wellbeing, employment } = after.data!.customer;
    expect(wellbeing.activationPlan).toMatchObject({ goals: input.goals, nextReviewOn: input.nextReviewOn, periodEnd: input.periodEnd, version: plan.version + 1 });
    expect(employment.activationPlan).toEqual(wellbeing.activationPlan);
  });

  it('the copy takes nothing from its caller, and only those who may change the plan may refresh it', async () => {
    const REFRESH = 'mutation($input: RefreshEmploymentActivationPlanCopyInput!) { refreshEmploymentActivationPlanCopy(input: $input) { goals version } }';
    const employmentDb = system.subgraphs.employment.db;
    const ku = demoPopulation().filter((c) => areaOfMunicipality(c.homeMunicipality) === 'KESKI_UUSIMAA').map((c) => c.id);
    const copy = await employmentDb.activationPlan.findFirstOrThrow({ where: { customerId: { in: ku } }, orderBy: { id: 'desc' } });
    // Tamper with the copy as if it had drifted: a refresh restores it from the plan of record.
    await employmentDb.activationPlan.update({ where: { id: copy.id }, data: { goals: 'drifted' } });
    const refreshed = await system.query('wellbeing-social-instructor', REFRESH, { input: keyed({ customerId: copy.customerId }) });
    expect(refreshed.errors).toBeUndefined();
    const plan = await system.subgraphs.wellbeing.db.activationPlan.findUniqueOrThrow({ where: { customerId: copy.customerId } });
    expect(refreshed.data!.refreshEmploymentActivationPlanCopy).toEqual({ goals: plan.goals, version: plan.version });
    // Kela keeps no plan, and Lapland's officials are of another area: nothing.
    for (const preset of ['kela-benefit-expert', 'employment-expert-lapland', 'wellbeing-nurse']) {
      expect(codes(await system.query(preset, REFRESH, { input: keyed({ customerId: copy.customerId }) }))).toEqual([['refreshEmploymentActivationPlanCopy', 'FORBIDDEN']]);
    }
  });
});
