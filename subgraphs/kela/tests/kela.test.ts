// Kela's benefits and rehabilitation register on its own: only this subgraph, on a free port with its own
// embedded database, called directly over HTTP with real tokens, entities fetched the way the gateway does
// (`_entities`). None of Kela's categories is restricted and all are exchangeable: the other two
// authorities read them, only Kela writes them. Also the customer, the access log, both mutations (a
// primary-benefit clarification opened and concluded) and authentication.
import { addDays, demoPopulation } from '../../../shared/src/demo/population';
import { CATEGORIES } from '../../../shared/src/law/categories';
import { keyed } from '../../../tests/support/keys';
import { postGraphQL, startSystem, System, tokenFor } from '../../../tests/support/system';
import type { PrismaClient } from '../src/generated/prisma/client';

let system: System;
let url: string;
let db: PrismaClient;
const ask = async (preset: string, query: string, variables?: unknown) => postGraphQL(url, { query, variables }, await tokenFor(preset));

/** One customer's Kela register, asked for as the gateway asks for it; with the fields answered FORBIDDEN. */
const register = async (preset: string, id: string, selection: string, operationName = 'Register') => {
  const result = await ask(preset, `query ${operationName}($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { kela { ${selection} } } } }`,
    { r: [{ __typename: 'Customer', id }] });
  const forbidden = (result.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => String(e.path?.at(-1))).sort();
  return { result, kela: result.data?._entities?.[0]?.kela, forbidden };
};
/** The calendar day in Finland, where officials enter their dates (after 22:00 UTC it is already tomorrow there). */
const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki' }).format(new Date());
const EVERY_CATEGORY = 'serviceOffice benefits { id } rehabilitationDecisions { id } primaryBenefitClarifications { id }';

beforeAll(async () => {
  system = await startSystem({ subgraphs: ['kela'], gateway: false });
  url = system.subgraphs.kela.listening.url;
  db = system.subgraphs.kela.db as PrismaClient;
});
afterAll(() => system.stop());

describe('reading the register', () => {
  it("gives Kela's own officials the register as seeded, newest payments first", async () => {
    const payment = await db.benefitPayment.findFirstOrThrow({ orderBy: [{ paidOn: 'desc' }, { id: 'asc' }] });
    const { customerId } = payment;
    const { result, kela } = await register('kela-benefit-expert', customerId, `${EVERY_CATEGORY} recentPayments(first: 1) { id grossAmount }`);
    expect(result.errors).toBeUndefined();
    expect(kela.serviceOffice).toBe((await db.kelaCustomer.findUniqueOrThrow({ where: { customerId } })).serviceOffice);
    expect(kela.benefits).toHaveLength(await db.benefitDecision.count({ where: { customerId, kind: { notIn: ['SICKNESS_ALLOWANCE', 'REHABILITATION_ALLOWANCE', 'REHABILITATIVE_WORK_EXPENSE_ALLOWANCE'] } } }));
    expect(kela.rehabilitationDecisions).toHaveLength(await db.rehabilitationDecision.count({ where: { customerId } }));
    expect(kela.recentPayments).toEqual([{ id: payment.id, grossAmount: payment.grossAmountCents / 100 }]);
    const tooMany = await register('kela-benefit-expert', customerId, 'recentPayments(first: 0) { id }');
    expect(tooMany.result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('restricts what reveals health (rehabilitation, primary benefit) to role certificates; benefits are open (issue 9)', () => {
    const categories = new Set(system.subgraphs.kela.subgraph.classification.values());
    for (const category of ['KELA_BENEFITS', 'KELA_REHABILITATION', 'KELA_PRIMARY_BENEFIT'] as const) {
      expect(categories).toContain(category);
      expect(CATEGORIES[category]).toMatchObject({ exchangeable: true });
    }
    expect(CATEGORIES.KELA_BENEFITS).not.toHaveProperty('restriction');
    expect(CATEGORIES.KELA_REHABILITATION).toHaveProperty('restriction', 'HEALTH_AND_WORK_CAPACITY');
    expect(CATEGORIES.KELA_PRIMARY_BENEFIT).toHaveProperty('restriction', 'HEALTH_AND_WORK_CAPACITY');
  });

  it('gives the other two authorities every exchangeable category their role certificates entitle to', async () => {
    const customerId = demoPopulation()[0].id;
    for (const preset of ['employment-work-ability-coordinator', 'wellbeing-work-ability-coordinator']) {
      const { result, kela } = await register(preset, customerId, EVERY_CATEGORY);
      expect(result.errors).toBeUndefined();
      expect(kela.benefits).toHaveLength(await db.benefitDecision.count({ where: { customerId, kind: { notIn: ['SICKNESS_ALLOWANCE', 'REHABILITATION_ALLOWANCE'] } } }));
    }
    const instructor = await register('wellbeing-social-instructor', customerId, EVERY_CATEGORY);
    expect(instructor.kela.benefits).toHaveLength(await db.benefitDecision.count({ where: { customerId, kind: { notIn: ['SICKNESS_ALLOWANCE', 'REHABILITATION_ALLOWANCE'] } } }));
    expect(instructor.result.errors?.map((e) => e.path?.at(-1)).sort()).toEqual(['primaryBenefitClarifications', 'rehabilitationDecisions']);
  });

  it('gives the customer all of their own data and nothing of anybody else', async () => {
    const [own, other] = demoPopulation();
    const mine = await register(`customer:${own.id}`, own.id, EVERY_CATEGORY);
    expect(mine.result.errors).toBeUndefined();
    expect(mine.kela.benefits).toHaveLength(await db.benefitDecision.count({ where: { customerId: own.id, kind: { notIn: ['SICKNESS_ALLOWANCE', 'REHABILITATION_ALLOWANCE'] } } }));
    const theirs = await register(`customer:${own.id}`, other.id, EVERY_CATEGORY);
    // Another person's entity answers null with no error, as for a person who is not a customer (621/1999 § 24).
    expect(theirs.result.data).toEqual({ _entities: [null] });
    expect(theirs.forbidden).toEqual([]);
  });
});

describe('access log', () => {
  it('shows auditors who read which categories, and is closed to officials', async () => {
    const customerId = demoPopulation()[3].id;
    await register('wellbeing-work-ability-coordinator', customerId, 'benefits { id } rehabilitationDecisions { id }', 'SocialWorkerRead');
    const LOG = 'query($id: ID) { kelaAccessLog(customerId: $id) { actorId customerId categories operation operationName } }';
    const log = await ask('auditor', LOG, { id: customerId });
    expect(log.errors).toBeUndefined();
    expect(log.data!.kelaAccessLog).toContainEqual({
      actorId: 'wellbeing-work-ability-coordinator-1', customerId, operation: 'READ', operationName: 'SocialWorkerRead',
      categories: ['KELA_BENEFITS', 'KELA_REHABILITATION'],
    });
    expect((await ask('kela-benefit-expert', LOG, { id: customerId })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('primary-benefit clarification', () => {
  const RECORD = 'mutation($input: KelaRecordPrimaryBenefitClarificationInput!) { recordKelaPrimaryBenefitClarification(input: $input) { id startedOn open startedBy } }';
  const CONCLUDE = 'mutation($input: KelaConcludePrimaryBenefitClarificationInput!) { concludeKelaPrimaryBenefitClarification(input: $input) { open outcome concludedOn concludedBy } }';
  const OPEN = 'openPrimaryBenefitClarification { id reason }';

  it('opens one clarification at a time and concludes it, readable back; refuses bad input and other authorities, writing nothing', async () => {
    const open = new Set((await db.primaryBenefitClarification.findMany({ where: { openForCustomer: { not: null } } })).map((c) => c.customerId));
    const customerId = demoPopulation().find((c) => !open.has(c.id))!.id;
    const count = () => db.primaryBenefitClarification.count({ where: { customerId } });
    const before = await count();
    const input = { customerId, startedOn: today(), reason: 'INCAPACITY_FOR_WORK', note: 'Long sick leave; medical statement requested.' };

    for (const [field, bad] of [['note', { ...input, note: '' }], ['startedOn', { ...input, startedOn: addDays(today(), 2) }], ['startedOn', { ...input, startedOn: addDays(today(), -400) }]] as const) {
      expect((await ask('kela-benefit-expert', RECORD, { input: keyed(bad) })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    for (const preset of ['employment-work-ability-coordinator', 'wellbeing-social-worker', `customer:${customerId}`]) {
      const refused = await ask(preset, RECORD, { input: keyed(input) });
      expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(refused.data?.recordKelaPrimaryBenefitClarification).toBeNull();
    }
    expect(await count()).toBe(before);

    const opened = await ask('kela-benefit-expert', RECORD, { input: keyed(input) });
    expect(opened.errors).toBeUndefined();
    const { id } = opened.data!.recordKelaPrimaryBenefitClarification;
    expect(opened.data!.recordKelaPrimaryBenefitClarification).toMatchObject({ startedOn: today(), open: true, startedBy: 'kela-benefit-decision-expert-1' });
    expect((await register('employment-work-ability-coordinator', customerId, OPEN)).kela.openPrimaryBenefitClarification).toEqual({ id, reason: 'INCAPACITY_FOR_WORK' });
    expect((await ask('kela-benefit-expert', RECORD, { input: keyed(input) })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'customerId' });
    expect(await count()).toBe(before + 1);

    const conclusion = { customerId, clarificationId: id, concludedOn: today(), outcome: 'REHABILITATION', outcomeNote: 'Vocational rehabilitation first.' };
    expect((await ask('kela-benefit-expert', CONCLUDE, { input: keyed({ ...conclusion, concludedOn: addDays(today(), -1) }) })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'concludedOn' });
    expect((await ask('employment-expert', CONCLUDE, { input: keyed(conclusion) })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await register('kela-benefit-expert', customerId, OPEN)).kela.openPrimaryBenefitClarification).toEqual({ id, reason: 'INCAPACITY_FOR_WORK' });

    const concluded = await ask('kela-benefit-expert', CONCLUDE, { input: keyed(conclusion) });
    expect(concluded.errors).toBeUndefined();
    expect(concluded.data!.concludeKelaPrimaryBenefitClarification).toEqual({ open: false, outcome: 'REHABILITATION', concludedOn: today(), concludedBy: 'kela-benefit-decision-expert-1' });
    expect((await register('kela-benefit-expert', customerId, OPEN)).kela.openPrimaryBenefitClarification).toBeNull();
    expect((await ask('kela-benefit-expert', CONCLUDE, { input: keyed(conclusion) })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'clarificationId' });
  });
});

it('serves nothing without a token', async () => {
  const result = await postGraphQL(url, { query: '{ kelaAccessLog { id } }' });
  expect(result.status).toBe(401);
  expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
});
