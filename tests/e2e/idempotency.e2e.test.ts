// Every mutation is safe to retry (shared/src/graphql/idempotency.ts), end to end with real servers and
// databases: a repeat with the same key answers the first outcome and writes nothing, also when the first
// attempt committed after the gateway had given up on it; concurrent repeats write once; the same key with
// another input is refused naming idempotencyKey; keys belong to their caller.
import { randomUUID } from 'node:crypto';
import { authConfigFromEnv, createTokenVerifier } from '../../shared/src/auth/tokens';
import { createLogger } from '../../shared/src/log';
import { createGateway } from '../../gateway/src/server';
import { postGraphQL, startSystem, System, tokenFor } from '../support/system';
import { todayInFinland } from '../../shared/src/law/today';
import { addDays } from '../../shared/src/demo/population';
import { artificialPersonalIdentityCode } from '../../shared/src/hetu';

let system: System;
beforeAll(async () => { system = await startSystem(); });
afterAll(() => system?.stop());

const ADD_SERVICE = 'mutation AddService($input: AddCustomerServiceInput!) { addCustomerService(input: $input) { id name state storedBy } }';
const RECORD_STATEMENT = 'mutation($input: EmploymentStatementInput!) { recordEmploymentStatement(input: $input) { id givenBy } }';

const openCustomer = async () => (await system.subgraphs.joint.db.customer.findFirst({ where: { customershipEndedOn: null }, orderBy: { id: 'desc' } })).id as string;
const services = (customerId: string) => system.subgraphs.joint.db.customerService.count({ where: { customerId } });
// The law's day is Finland's (shared/src/law/today.ts): from 22:00 or 21:00 UTC it is already tomorrow there.
const today = () => todayInFinland();

it('answers a repeat with the first outcome and writes nothing more; another input under the same key is refused', async () => {
  const customerId = await openCustomer();
  const before = await services(customerId);
  const input = { idempotencyKey: randomUUID(), customerId, name: 'Job search coaching', provider: 'EMPLOYMENT' };
  const first = await system.query('employment-expert', ADD_SERVICE, { input });
  expect(first.errors).toBeUndefined();
  const repeat = await system.query('employment-expert', ADD_SERVICE, { input });
  expect(repeat).toEqual(first);
  expect(await services(customerId)).toBe(before + 1);

  const other = await system.query('employment-expert', ADD_SERVICE, { input: { ...input, name: 'Career coaching' } });
  expect(other.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
  expect(other.data?.addCustomerService).toBeNull();
  expect(await services(customerId)).toBe(before + 1);
  // Another mutation under the same key (in the same register) is another request too.
  const review = await system.query('employment-expert', 'mutation($input: RecordMeetingInput!) { recordMeeting(input: $input) { id } }', { input: {
    idempotencyKey: input.idempotencyKey, customerId, heldAt: new Date().toISOString(), mode: 'PHONE', firstMeeting: false, agreed: 'Call',
    participants: [{ name: 'Aino Laine', authority: 'EMPLOYMENT', role: 'EMPLOYMENT_EXPERT', remote: true }],
  } });
  expect(review.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'idempotencyKey' }, message: expect.stringContaining('addCustomerService') });
});

it("keeps each caller's keys apart: another official's same key is a request of their own", async () => {
  const customerId = await openCustomer();
  const before = await services(customerId);
  const key = randomUUID();
  const mine = await system.query('employment-expert', ADD_SERVICE, { input: { idempotencyKey: key, customerId, name: 'Work trial', provider: 'EMPLOYMENT' } });
  const theirs = await system.query('kela-benefit-expert', ADD_SERVICE, { input: { idempotencyKey: key, customerId, name: 'Work trial', provider: 'EMPLOYMENT' } });
  expect(mine.errors).toBeUndefined();
  expect(theirs.errors).toBeUndefined();
  expect(theirs.data!.addCustomerService.id).not.toBe(mine.data!.addCustomerService.id);
  expect(theirs.data!.addCustomerService.storedBy).toBe('kela-benefit-decision-expert-1');
  expect(await services(customerId)).toBe(before + 2);
});

it('writes once when the same request arrives many times at once: the unique key decides', async () => {
  const customerId = await openCustomer();
  const before = await services(customerId);
  const input = { idempotencyKey: randomUUID(), customerId, name: 'Rehabilitation course', provider: 'KELA' };
  const answers = await Promise.all(Array.from({ length: 6 }, () => system.query('kela-benefit-expert', ADD_SERVICE, { input })));
  for (const answer of answers) expect(answer.errors).toBeUndefined();
  expect(new Set(answers.map((a) => a.data!.addCustomerService.id)).size).toBe(1);
  expect(await services(customerId)).toBe(before + 1);
});

it('gives every concurrent repeat of an admission the first answer, also one that found the person admitted by the first', async () => {
  // Found by an outsider: four admissions with one key at once answered ADMITTED three times and ALREADY_CUSTOMER
  // once (an answer that writes nothing did not look for the first's stored outcome). Rounds, since it is a race.
  const ADMIT = 'mutation($input: AdmitCustomerInput!) { admitCustomer(input: $input) { outcome customer { id } } }';
  // Two rounds of twelve: each admission is a look-up by identity code, at most 30 a minute per caller.
  for (let round = 0; round < 2; round++) {
    const input = {
      idempotencyKey: randomUUID(), personalIdentityCode: artificialPersonalIdentityCode(addDays('1980-01-01', Math.floor(Math.random() * 5000)), 950 + round),
      firstNames: 'Testi', lastName: 'Kilpa', homeMunicipality: 'Kerava', startedOn: today(),
      referral: { referredOn: today(), fromAuthority: 'KELA', referredBy: 'Kela service point', note: 'Race' },
      responsibleOfficials: [{ authority: 'EMPLOYMENT', officialId: 'employment-employment-expert-1', name: 'Aino Laine', role: 'EMPLOYMENT_EXPERT' }],
    };
    const answers = await Promise.all(Array.from({ length: 12 }, () => system.query('employment-expert', ADMIT, { input })));
    for (const answer of answers) expect({ data: answer.data, errors: answer.errors }).toEqual({ errors: undefined, data: { admitCustomer: { outcome: 'ADMITTED', customer: { id: answers[0].data!.admitCustomer.customer.id } } } });
  }
});

it('answers the first outcome to a retry after the gateway gave up on the first attempt, which committed all the same', async () => {
  // A gateway that waits 300 ms for a subgraph, and a write made slow by a lock on its table: the client
  // gets an error, the subgraph finishes the write once the lock is gone.
  const impatient = await createGateway({
    verifyToken: await createTokenVerifier(authConfigFromEnv()), log: createLogger({ service: 'gateway-impatient' }),
    urls: Object.fromEntries(Object.entries(system.subgraphs).map(([name, r]) => [name, r.listening.url])), subgraphTimeoutMs: 300,
  });
  const listening = await impatient.listen(0);
  try {
    const jobSeeker = await system.subgraphs.employment.db.jobSeeker.findFirst({ where: { jobSearchEndedOn: null }, orderBy: { customerId: 'desc' } });
    const statements = () => system.subgraphs.employment.db.statement.count({ where: { customerId: jobSeeker.customerId } });
    const before = await statements();
    const input = { idempotencyKey: randomUUID(), customerId: jobSeeker.customerId, kind: 'AVAILABILITY_FOR_WORK', givenOn: today(), content: 'Available for work.' };
    const token = await tokenFor('employment-expert');
    let locked!: () => void;
    const lockHeld = new Promise<void>((resolve) => { locked = resolve; });
    const lock = system.subgraphs.employment.db.$transaction(async (tx: { $executeRawUnsafe(sql: string): Promise<number> }) => {
      await tx.$executeRawUnsafe('LOCK TABLE "Statement" IN EXCLUSIVE MODE');
      locked();
      await new Promise((r) => setTimeout(r, 2000));
    }, { timeout: 20_000 });
    await lockHeld;
    const timedOut = await postGraphQL(listening.url, { query: RECORD_STATEMENT, variables: { input } }, token);
    expect(timedOut.data?.recordEmploymentStatement ?? null).toBeNull();
    expect(timedOut.errors?.length).toBeGreaterThan(0);
    await lock;
    // The write goes on in the subgraph after the gateway gave up.
    for (let i = 0; i < 100 && (await statements()) === before; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await statements()).toBe(before + 1);

    const retried = await system.query('employment-expert', RECORD_STATEMENT, { input });
    expect(retried.errors).toBeUndefined();
    const stored = await system.subgraphs.employment.db.statement.findMany({ where: { customerId: jobSeeker.customerId }, orderBy: { id: 'asc' } });
    expect(stored).toHaveLength(before + 1);
    expect(stored.map((s: { id: string }) => s.id)).toContain(retried.data!.recordEmploymentStatement.id);
    // And the contact that records the sending was written once too (same transaction).
    expect(await system.subgraphs.employment.db.contact.count({ where: { statementId: retried.data!.recordEmploymentStatement.id } })).toBe(1);
  } finally {
    await listening.close();
    await impatient.server.stop();
  }
});

it('sends the final report once when an ending is retried, also straight to the subgraph', async () => {
  const joint = system.subgraphs.joint;
  // Not the customer the other tests write to (the last open one): the first open one.
  const open = await joint.db.customer.findFirst({ where: { customershipEndedOn: null }, orderBy: { id: 'asc' } });
  const end = {
    idempotencyKey: randomUUID(), customerId: open.id, endedOn: today(), reason: 'Moved away',
    endSituation: { assessedOn: today(), situation: 'Moved to another municipality', goalAttainment: 30, assessorName: 'Aino Laine' },
    finalReport: { summary: 'Process ended by a move', recommendations: 'Transfer to the new employment area' },
  };
  const END = 'mutation($input: EndCustomershipInput!) { endCustomership(input: $input) { endedOn finalReportId } }';
  const token = await tokenFor('employment-expert');
  // Twice straight to the joint subgraph (as a client retrying past the gateway would), then through it.
  const first = await postGraphQL(joint.listening.url, { query: END, variables: { input: end } }, token);
  const second = await postGraphQL(joint.listening.url, { query: END, variables: { input: end } }, token);
  const third = await system.query('employment-expert', END, { input: end });
  expect(first.errors).toBeUndefined();
  expect(second.data).toEqual(first.data);
  expect(third.data).toEqual(first.data);
  expect(await system.subgraphs.employment.db.finalReport.count({ where: { customerId: open.id } })).toBe(1);
  expect(await joint.db.customershipPeriod.count({ where: { customerId: open.id } })).toBe(1);
  expect(await joint.db.situationAssessment.count({ where: { customerId: open.id, phase: 'END', assessorName: 'Aino Laine' } })).toBe(1);
});
