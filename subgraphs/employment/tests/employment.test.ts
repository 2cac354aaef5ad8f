// The employment authority's registers on their own: only this subgraph, on a free port with its own
// embedded database, called directly over HTTP with real tokens, entities fetched the way the gateway
// does (`_entities`). Covers who reads which category (own officials, role certificates, the other two
// authorities, the customer), the access log, both mutations and authentication.
import { addDays, demoPopulation } from '../../../shared/src/demo/population';
import { keyed } from '../../../tests/support/keys';
import { postGraphQL, startSystem, System, tokenFor } from '../../../tests/support/system';
import type { PrismaClient } from '../src/generated/prisma/client';
import { AreaId, COOPERATION_AREAS } from '../../../shared/src/law/areas';
import { presetClaims } from '../../../shared/src/auth/presets';
import type { TokenClaims } from '../../../shared/src/auth/tokens';

let system: System;
let url: string;
let db: PrismaClient;
const ask = async (preset: string, query: string, variables?: unknown) => postGraphQL(url, { query, variables }, await tokenFor(preset));

/** One customer's employment register, asked for as the gateway asks for it; with the fields answered FORBIDDEN. */
const register = async (preset: string, id: string, selection: string, operationName = 'Register') => {
  const result = await ask(preset, `query ${operationName}($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { employment { ${selection} } } } }`,
    { r: [{ __typename: 'Customer', id }] });
  const forbidden = (result.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => String(e.path?.at(-1))).sort();
  return { result, employment: result.data?._entities?.[0]?.employment, forbidden };
};
const day = (date: Date) => date.toISOString().slice(0, 10);
/** The calendar day in Finland, where officials enter their dates (after 22:00 UTC it is already tomorrow there). */
const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki' }).format(new Date());

beforeAll(async () => {
  system = await startSystem({ subgraphs: ['employment'], gateway: false });
  url = system.subgraphs.employment.listening.url;
  db = system.subgraphs.employment.db as PrismaClient;
});
afterAll(() => system.stop());

describe('reading the register', () => {
  it("gives the employment authority's own officials the unrestricted categories, as seeded", async () => {
    const seeded = await db.jobSeeker.findFirstOrThrow({ orderBy: { customerId: 'asc' } });
    const customer = demoPopulation().find((c) => c.id === seeded.customerId)!;
    const { result, employment } = await register('employment-expert', customer.id,
      'jobSeeker { responsibleOfficialId benefitPayer employmentStatus } workHistory { id } contacts { id } unemployment { durationDays }');
    expect(result.errors).toBeUndefined();
    expect(employment.jobSeeker).toEqual({ responsibleOfficialId: customer.responsibleOfficials.EMPLOYMENT.id, benefitPayer: seeded.benefitPayer, employmentStatus: seeded.employmentStatus });
    expect(employment.workHistory).toHaveLength(await db.workHistoryEntry.count({ where: { customerId: customer.id } }));
    expect(employment.contacts).toHaveLength(await db.contact.count({ where: { customerId: customer.id } }));

  });

  it('gives health and vocational-guidance data only to the role certificates that entitle to them', async () => {
    const note = await db.healthNote.findFirstOrThrow({ where: { customerId: { in: (await db.vocationalGuidance.findMany()).map((g) => g.customerId) } } });
    const RESTRICTED = 'healthAffectingJobSearch { id } vocationalGuidance { id } workCapacityAssessments { id }';
    expect((await register('employment-expert', note.customerId, RESTRICTED)).forbidden).toEqual(['healthAffectingJobSearch', 'vocationalGuidance', 'workCapacityAssessments']);
    expect((await register('employment-work-ability-coordinator', note.customerId, RESTRICTED)).forbidden).toEqual(['vocationalGuidance']);
    const psychologist = await register('employment-psychologist', note.customerId, RESTRICTED);
    expect(psychologist.result.errors).toBeUndefined();
    expect(psychologist.employment.healthAffectingJobSearch).toHaveLength(await db.healthNote.count({ where: { customerId: note.customerId } }));
    expect(psychologist.employment.vocationalGuidance).not.toBeNull();
  });

  it('gives the other two authorities only the exchangeable categories, and the activation plan to the wellbeing county', async () => {
    // A customer of Keski-Uusimaa, whose officials the presets are (every tenth demo customer lives in Lapland).
    const lapland = new Set(demoPopulation().filter((c) => c.index % 10 === 9).map((c) => c.id));
    const plan = await db.activationPlan.findFirstOrThrow({ where: { customerId: { in: (await db.statement.findMany()).map((s) => s.customerId).filter((id) => !lapland.has(id)) } } });
    const SELECTION = 'jobSeeker { employmentStatus } statements { id } contacts { id } permits { id } unemployment { durationDays } activationPlan { id } healthAffectingJobSearch { id }';
    const kela = await register('kela-benefit-expert', plan.customerId, SELECTION);
    expect(kela.forbidden).toEqual(['activationPlan', 'contacts', 'healthAffectingJobSearch', 'permits', 'unemployment']);
    expect(kela.employment.statements).toHaveLength(await db.statement.count({ where: { customerId: plan.customerId } }));
    expect(kela.employment.jobSeeker).not.toBeNull();
    // A public health nurse's certificate entitles to health data, but not in another authority's register,
    // nor to the activation plan (a social-welfare service, issue 9); a social worker reads the plan.
    const nurse = await register('wellbeing-nurse', plan.customerId, SELECTION);
    expect(nurse.forbidden).toEqual(['activationPlan', 'contacts', 'healthAffectingJobSearch', 'permits', 'unemployment']);
    const socialWorker = await register('wellbeing-social-worker', plan.customerId, SELECTION);
    expect(socialWorker.forbidden).toEqual(['contacts', 'healthAffectingJobSearch', 'permits', 'unemployment']);
    expect(socialWorker.employment.activationPlan).toEqual({ id: plan.id });
    expect((await ask('kela-benefit-expert', '{ employmentEmployerCustomers { id } }')).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('gives the customer all of their own data and nothing of anybody else', async () => {
    const note = await db.healthNote.findFirstOrThrow();
    const own = await register(`customer:${note.customerId}`, note.customerId, 'jobSeeker { employmentStatus } contacts { id } healthAffectingJobSearch { id }');
    expect(own.result.errors).toBeUndefined();
    expect(own.employment.healthAffectingJobSearch.map((n: { id: string }) => n.id)).toContain(note.id);
    const other = demoPopulation().find((c) => c.id !== note.customerId)!;
    const theirs = await register(`customer:${note.customerId}`, other.id, 'jobSeeker { employmentStatus }');
    // Another person's entity answers null with no error, as for a person who is not a customer (621/1999 § 24).
    expect(theirs.result.data).toEqual({ _entities: [null] });
    expect(theirs.forbidden).toEqual([]);
  });
});

describe('employer customers (partner data): the own area\'s only (seed 004 § 1, § 10.1)', () => {
  const LIST = '{ employmentEmployerCustomers(first: 500) { id municipality contactPerson assignments { id } } }';
  const inArea = (area: AreaId) => ({ municipality: { in: [...COOPERATION_AREAS[area].municipalities] } });

  it("lists to an employment official the employer customers of their own area, and none of another area's", async () => {
    for (const [preset, area] of [['employment-expert', 'KESKI_UUSIMAA'], ['employment-expert-lapland', 'LAPLAND']] as const) {
      const result = await ask(preset, LIST);
      expect(result.errors).toBeUndefined();
      const ids = result.data!.employmentEmployerCustomers.map((e: { id: string }) => e.id).sort();
      const own = (await db.employerCustomer.findMany({ where: inArea(area), select: { id: true } })).map((e) => e.id).sort();
      expect(own.length).toBeGreaterThan(0);
      expect({ preset, ids }).toEqual({ preset, ids: own });
    }
    expect(await db.employerCustomer.count({ where: { NOT: [inArea('KESKI_UUSIMAA'), inArea('LAPLAND')] } })).toBe(0);
  });

  it("answers FORBIDDEN for another area's employer customer reached through a customer's row, and the own area's in full", async () => {
    // A Lapland customer's offer repointed to an employer of Keski-Uusimaa (a placement across areas): the
    // offer is the customer's (Lapland's), the employer's record is Keski-Uusimaa's register.
    const lapland = demoPopulation().filter((c) => c.index % 10 === 9).map((c) => c.id);
    const offer = await db.offer.findFirstOrThrow({ where: { customerId: { in: lapland }, employerCustomerId: { not: null } } });
    const elsewhere = await db.employerCustomer.findFirstOrThrow({ where: inArea('KESKI_UUSIMAA') });
    const SELECTION = 'offers { id employerCustomerId employerCustomer { id name contactPerson contactPhone assignments { id } } }';
    const own = await register('employment-expert-lapland', offer.customerId, SELECTION);
    expect(own.result.errors).toBeUndefined();
    expect(own.employment.offers.find((o: { id: string }) => o.id === offer.id).employerCustomer).toMatchObject({ id: offer.employerCustomerId });
    await db.offer.update({ where: { id: offer.id }, data: { employerCustomerId: elsewhere.id } });
    try {
      const across = await register('employment-expert-lapland', offer.customerId, SELECTION);
      const read = across.employment.offers.find((o: { id: string }) => o.id === offer.id);
      expect(read).toEqual({ id: offer.id, employerCustomerId: elsewhere.id, employerCustomer: null });
      expect(across.forbidden.length).toBeGreaterThan(0);
      expect(JSON.stringify(across.result)).not.toContain(elsewhere.contactPerson);
      // Its own area's official reads it.
      const ku = await ask('employment-expert', '{ employmentEmployerCustomers(first: 500) { id contactPerson } }');
      expect(ku.data!.employmentEmployerCustomers).toContainEqual({ id: elsewhere.id, contactPerson: elsewhere.contactPerson });
    } finally {
      await db.offer.update({ where: { id: offer.id }, data: { employerCustomerId: offer.employerCustomerId } });
    }
  });

  it('logs each read of employer customers as a use of each employer read, and a refusal as an attempt', async () => {
    const LOG = 'query($actor: String) { employmentAccessLog(actorId: $actor, first: 500) { customerId categories operation outcome operationName } }';
    const entries = async (actor: string) => ((await ask('auditor', LOG, { actor })).data!.employmentAccessLog as { customerId: string | null; operationName: string }[]);
    const listed = await ask('employment-expert-lapland', 'query PartnerList { employmentEmployerCustomers(first: 5) { id contactPerson assignments { id title } } }');
    const ids = (listed.data!.employmentEmployerCustomers as { id: string }[]).map((e) => e.id);
    expect(ids).toHaveLength(5);
    await ask('kela-benefit-expert', 'query PartnerRefused { employmentEmployerCustomers(first: 5) { id } }');
    // One use per employer whose contact person was read (the log names whose, so an auditor finds it by the employer).
    expect((await entries(presetClaims('employment-expert-lapland').sub)).filter((e) => e.operationName === 'PartnerList')
      .sort((a, b) => String(a.customerId).localeCompare(String(b.customerId))))
      .toEqual([...ids].sort().map((customerId) => ({ customerId, categories: ['EMPLOYER_CUSTOMERS'], operation: 'READ', outcome: 'ALLOWED', operationName: 'PartnerList' })));
    expect((await entries(presetClaims('kela-benefit-expert').sub)).filter((e) => e.operationName === 'PartnerRefused'))
      .toEqual([{ customerId: null, categories: ['EMPLOYER_CUSTOMERS'], operation: 'READ', outcome: 'DENIED', operationName: 'PartnerRefused' }]);
    // An employer's own entries, as an auditor asks for them.
    const byEmployer = await ask('auditor', 'query($id: ID) { employmentAccessLog(customerId: $id) { actorId categories operationName } }', { id: ids[0] });
    expect(byEmployer.data!.employmentAccessLog).toContainEqual({ actorId: presetClaims('employment-expert-lapland').sub, categories: ['EMPLOYER_CUSTOMERS'], operationName: 'PartnerList' });
  });

  it('gives employer customers to no official without an area, nor to the other authorities or a third party', async () => {
    const { org_unit: _unit, ...noUnit } = presetClaims('employment-expert');
    for (const caller of [noUnit as TokenClaims, 'kela-benefit-expert', 'wellbeing-social-worker', 'employer']) {
      const result = await postGraphQL(url, { query: LIST }, await tokenFor(caller));
      expect({ caller, data: result.data?.employmentEmployerCustomers ?? null, code: result.errors?.[0].extensions?.code })
        .toEqual({ caller, data: null, code: 'FORBIDDEN' });
    }
  });
});

describe('access log', () => {
  it('shows auditors who read which categories, and is closed to officials', async () => {
    const note = await db.healthNote.findFirstOrThrow();
    await register('employment-psychologist', note.customerId, 'healthAffectingJobSearch { id } statements { id }', 'PsychologistRead');
    const LOG = 'query($id: ID) { employmentAccessLog(customerId: $id) { actorId customerId categories operation operationName } }';
    const log = await ask('auditor', LOG, { id: note.customerId });
    expect(log.errors).toBeUndefined();
    expect(log.data!.employmentAccessLog).toContainEqual({
      actorId: 'employment-psychologist-1', customerId: note.customerId, operation: 'READ', operationName: 'PsychologistRead',
      categories: ['EMPLOYMENT_HEALTH', 'EMPLOYMENT_LABOUR_POLICY_STATEMENTS'],
    });
    expect((await ask('employment-expert', LOG, { id: note.customerId })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('recordEmploymentStatement', () => {
  const RECORD = 'mutation($input: EmploymentStatementInput!) { recordEmploymentStatement(input: $input) { id kind givenOn recipient givenBy } }';
  const counts = async (customerId: string) => [await db.statement.count({ where: { customerId } }), await db.contact.count({ where: { customerId } })];
  let jobSeeker: { customerId: string; benefitPayer: string };
  beforeAll(async () => {
    const lapland = demoPopulation().filter((c) => c.index % 10 === 9).map((c) => c.id);
    jobSeeker = await db.jobSeeker.findFirstOrThrow({ where: { jobSearchEndedOn: null, customerId: { notIn: lapland } }, orderBy: { customerId: 'asc' } });
  });

  it('records a statement with the contact that sent it, readable back', async () => {
    const [statements, contacts] = await counts(jobSeeker.customerId);
    const input = { customerId: jobSeeker.customerId, kind: 'AVAILABILITY_FOR_WORK', givenOn: today(), content: 'Available for full-time work.' };
    const result = await ask('employment-expert', RECORD, { input: keyed(input) });
    expect(result.errors).toBeUndefined();
    expect(result.data!.recordEmploymentStatement).toMatchObject({ kind: 'AVAILABILITY_FOR_WORK', givenOn: today(), recipient: jobSeeker.benefitPayer, givenBy: 'employment-employment-expert-1' });
    expect(await counts(jobSeeker.customerId)).toEqual([statements + 1, contacts + 1]);
    const read = await register('kela-benefit-expert', jobSeeker.customerId, 'statements { id content }');
    expect(read.employment.statements).toContainEqual({ id: result.data!.recordEmploymentStatement.id, content: input.content });
    // The change is logged under both categories it wrote (each before it was made).
    const log = await ask('auditor', 'query($id: ID) { employmentAccessLog(customerId: $id) { actorId operation categories } }', { id: jobSeeker.customerId });
    for (const category of ['EMPLOYMENT_LABOUR_POLICY_STATEMENTS', 'EMPLOYMENT_CONTACTS_AND_PERMITS']) {
      expect(log.data!.employmentAccessLog).toContainEqual({ actorId: 'employment-employment-expert-1', operation: 'WRITE', categories: [category] });
    }
  });

  it("accepts today's date in Finland late in the evening, when it is still yesterday in UTC", async () => {
    // Only the clock is faked (at 22:30 UTC, 00:30 or 01:30 in Finland); timers and I/O run as they are.
    jest.useFakeTimers({ now: new Date(`${day(new Date())}T22:30:00Z`), doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'] });
    try {
        const input = { customerId: jobSeeker.customerId, kind: 'SERVICE_PARTICIPATION', givenOn: today(), content: 'Takes part in job search coaching.' };
      expect(today()).not.toBe(day(new Date()));
      const result = await ask('employment-expert', RECORD, { input: keyed(input) });
      expect(result.errors).toBeUndefined();
      expect(result.data!.recordEmploymentStatement.givenOn).toBe(today());
    } finally {
      jest.useRealTimers();
    }
  });

  it('refuses invalid input naming the field, and callers without write rights, writing nothing', async () => {
    const before = await counts(jobSeeker.customerId);
    const valid = { customerId: jobSeeker.customerId, kind: 'JOB_REFUSAL', givenOn: today(), content: 'Refused a job offer.' };
    for (const [field, input] of [['content', { ...valid, content: '   ' }], ['givenOn', { ...valid, givenOn: '2099-01-01' }]] as const) {
      expect((await ask('employment-expert', RECORD, { input: keyed(input) })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    // An id that is no id is bad input; a well-formed id of nobody the register keeps is refused as a customer
    // of another area is: the same answer (issue 9).
    expect((await ask('employment-expert', RECORD, { input: keyed({ ...valid, customerId: 'nobody' }) })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'customerId' });
    expect((await ask('employment-expert', RECORD, { input: keyed({ ...valid, customerId: '00000000-0000-4000-8000-0000000000bb' }) })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    for (const preset of ['kela-benefit-expert', 'wellbeing-social-worker', `customer:${jobSeeker.customerId}`, 'auditor']) {
      const result = await ask(preset, RECORD, { input: keyed(valid) });
      expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(result.data?.recordEmploymentStatement).toBeNull();
    }
    expect(await counts(jobSeeker.customerId)).toEqual(before);
  });
});

describe('recordEmploymentWorkDiaryEntry', () => {
  const RECORD = 'mutation($input: EmploymentWorkDiaryEntryInput!) { recordEmploymentWorkDiaryEntry(input: $input) { id date hours } }';

  /** A day of a coaching period in the past year that has no diary entry yet (the seed leaves weekends and days after its "today"). */
  async function freeDiaryDay() {
    const earliest = addDays(today(), -300);
    for (const period of await db.coachingPeriod.findMany({ where: { endsOn: { gte: new Date(earliest) } }, orderBy: { id: 'asc' } })) {
      const taken = new Set((await db.workDiaryEntry.findMany({ where: { coachingPeriodId: period.id } })).map((e) => day(e.date)));
      const first = [day(period.startsOn), earliest].sort()[1];
      for (let d = [day(period.endsOn), today()].sort()[0]; d >= first; d = addDays(d, -1)) if (!taken.has(d)) return { period, date: d };
    }
    throw new Error('no coaching period with a free day in the past year');
  }

  it('records a day of a coaching period once, and refuses bad hours and other authorities', async () => {
    const { period, date } = await freeDiaryDay();
    const input = { customerId: period.customerId, coachingPeriodId: period.id, date, hours: 5, tasks: 'Yard maintenance' };
    const count = () => db.workDiaryEntry.count({ where: { coachingPeriodId: period.id } });
    const before = await count();
    expect((await ask('employment-expert', RECORD, { input: keyed({ ...input, hours: 13 }) })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'hours' });
    expect((await ask('wellbeing-social-instructor', RECORD, { input: keyed(input) })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await count()).toBe(before);
    const result = await ask('employment-expert', RECORD, { input: keyed(input) });
    expect(result.errors).toBeUndefined();
    expect(result.data!.recordEmploymentWorkDiaryEntry).toMatchObject({ date, hours: 5 });
    expect((await ask('employment-expert', RECORD, { input: keyed(input) })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'date' });
    expect(await count()).toBe(before + 1);
  });
});

it('serves nothing without a token', async () => {
  const result = await postGraphQL(url, { query: '{ employmentEmployerCustomers { id } }' });
  expect(result.status).toBe(401);
  expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
});
