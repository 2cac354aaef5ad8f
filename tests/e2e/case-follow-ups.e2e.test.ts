// What a write does in another register after its own commit, and what a repeat of it answers (issue 10),
// over real HTTP with the employment register down and then up again:
// - the joint register tells the three authorities' registers a new customer's home municipality (an
//   outbox of notices, delivered as the joint register's service); a register that is down gets it later,
//   the admission's answer never changes, and only the joint register's service may deliver a notice;
// - a review of the activation plan whose employment copy could not be refreshed answers COPY_NOT_REFRESHED,
//   and so does its repeat while the copy still cannot be refreshed; once it can, the repeat refreshes it;
// - a restriction of the activation plan in the wellbeing register whose copy in the employment register could not
//   be restricted answers RESTRICTION_COPY_NOT_REFRESHED while it cannot, and the repeat once it can copies it;
// - a repeat of nameSteeringGroupOffice answers the first outcome, the holder's name included.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServiceTokenSigner, registerInternalAudience, SERVICE_AUTHORIZATION_HEADER } from '../../shared/src/auth/service-tokens';
import { INTERNAL_HOME_MUNICIPALITIES_PATH } from '../../shared/src/graphql/home-municipalities';
import { RunningSubgraph, startSubgraph } from '../../shared/src/graphql/run';
import { artificialPersonalIdentityCode } from '../../shared/src/hetu';
import { addDays, demoPopulation } from '../../shared/src/demo/population';
import { todayInFinland } from '../../shared/src/law/today';
import { postGraphQL, startSystem, subgraphModule, System, tokenFor } from '../support/system';

let system: System;
let employment: RunningSubgraph<any> | undefined;
const employmentData = mkdtempSync(join(tmpdir(), 'cg-employment-later-'));
const before = { EMPLOYMENT_URL: process.env.EMPLOYMENT_URL, REGISTER_NOTICE_RETRY_MS: process.env.REGISTER_NOTICE_RETRY_MS };

beforeAll(async () => {
  // The employment register is down: nothing listens where the others look for it (port 9 refuses).
  process.env.EMPLOYMENT_URL = 'http://127.0.0.1:9/graphql';
  process.env.REGISTER_NOTICE_RETRY_MS = '1000';
  system = await startSystem({ subgraphs: ['joint', 'wellbeing', 'kela'], gateway: false });
}, 300_000);
afterAll(async () => {
  await employment?.stop();
  await system?.stop();
  rmSync(employmentData, { recursive: true, force: true });
  for (const [k, v] of Object.entries(before)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
});

const url = (name: string) => system.subgraphs[name].listening.url;
const ask = async (name: string, preset: string, query: string, variables?: unknown) => postGraphQL(url(name), { query, variables }, await tokenFor(preset));
const homeIn = (register: RunningSubgraph<any>, customerId: string) => register.db.customerHomeMunicipality.findUnique({ where: { customerId }, select: { municipality: true } });

async function startEmployment() {
  employment = await startSubgraph(subgraphModule('employment') as never, { ...process.env, DATA_DIR: employmentData, PORT: '0', JOINT_URL: url('joint') });
  process.env.EMPLOYMENT_URL = employment.listening.url;
}

async function until<T>(what: () => Promise<T>, ok: (value: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await what();
    if (ok(value) || Date.now() > end) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const ADMIT = 'mutation($input: AdmitCustomerInput!) { admitCustomer(input: $input) { outcome customer { id } } }';
const admission = (code: string) => ({
  personalIdentityCode: code, firstNames: 'Uusi', lastName: 'Asiakas', homeMunicipality: 'Tuusula', startedOn: addDays(todayInFinland(), -3),
  referral: { referredOn: addDays(todayInFinland(), -4), fromAuthority: 'EMPLOYMENT', referredBy: 'Employment office', note: 'Long unemployment' },
  responsibleOfficials: [{ authority: 'EMPLOYMENT', officialId: 'employment-employment-expert-1', name: 'Aino Laine', role: 'EMPLOYMENT_EXPERT' }],
});

describe("the joint register's notices of a home municipality", () => {
  const notice = (customerId: string, municipality = 'Kerava', noticedAt = '2026-12-05T02:00:00.000Z') => JSON.stringify({ notices: [{ customerId, municipality, noticedAt }] });
  const post = (body: string, headers: Record<string, string>) => fetch(new URL(INTERNAL_HOME_MUNICIPALITIES_PATH, url('wellbeing')), {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'notice-test-1', ...headers }, body,
  });
  const signed = async (register: 'JOINT' | 'KELA', body: string, audience = registerInternalAudience('WELLBEING'), authorization = '') => {
    const sign = await createServiceTokenSigner(register);
    return `Bearer ${await sign({ method: 'POST', path: INTERNAL_HOME_MUNICIPALITIES_PATH, requestId: 'notice-test-1', body, authorization, audience })}`;
  };

  it("are accepted only from the joint register's service, for this register, once each", async () => {
    const id = randomUUID();
    const body = notice(id);
    const refused = [
      await post(body, {}),
      await post(body, { authorization: `Bearer ${await tokenFor('employment-expert')}` }),
      await post(body, { [SERVICE_AUTHORIZATION_HEADER]: await signed('KELA', body) }),
      await post(body, { [SERVICE_AUTHORIZATION_HEADER]: await signed('JOINT', body, registerInternalAudience('KELA')) }),
      await post(notice(id, 'Rovaniemi'), { [SERVICE_AUTHORIZATION_HEADER]: await signed('JOINT', body) }),
    ];
    expect(await Promise.all(refused.map(async (r) => [r.status, await r.json()]))).toEqual(refused.map(() => [401, { error: "only the joint register's service, authenticated, may call this route" }]));
    expect(await homeIn(system.subgraphs.wellbeing, id)).toBeNull();
    const token = await signed('JOINT', body);
    const accepted = await post(body, { [SERVICE_AUTHORIZATION_HEADER]: token });
    expect([accepted.status, await accepted.json()]).toEqual([200, { recorded: 1, superseded: 0 }]);
    expect(await homeIn(system.subgraphs.wellbeing, id)).toEqual({ municipality: 'Kerava' });
    expect((await post(body, { [SERVICE_AUTHORIZATION_HEADER]: token })).status).toBe(401);
    const bad = JSON.stringify({ notices: [{ customerId: 'not-an-id', municipality: 'Kerava' }] });
    const named = await post(bad, { [SERVICE_AUTHORIZATION_HEADER]: await signed('JOINT', bad) });
    expect([named.status, await named.json()]).toEqual([400, { error: 'notices[0].customerId: must be a customer id' }]);
    for (const noticedAt of [undefined, '2026-12-05', '2026-12-05T02:00:00Z', '2026-13-45T02:00:00.000Z', '2026-02-30T00:00:00.000Z', '0000-01-01T00:00:00.000Z']) {
      const untimed = JSON.stringify({ notices: [{ customerId: randomUUID(), municipality: 'Kerava', noticedAt }] });
      const answer = await post(untimed, { [SERVICE_AUTHORIZATION_HEADER]: await signed('JOINT', untimed) });
      expect([answer.status, await answer.json()]).toEqual([400, { error: 'notices[0].noticedAt: must be a time as YYYY-MM-DDTHH:MM:SS.sssZ' }]);
    }
    // A notice from the future would keep every later change out; a bad notice in a batch stores none of it.
    const kept = randomUUID();
    const future = JSON.stringify({ notices: [
      { customerId: kept, municipality: 'Kerava', noticedAt: '2026-12-05T02:00:00.000Z' },
      { customerId: randomUUID(), municipality: 'Kerava', noticedAt: '9999-12-31T23:59:59.999Z' },
    ] });
    const ahead = await post(future, { [SERVICE_AUTHORIZATION_HEADER]: await signed('JOINT', future) });
    expect([ahead.status, await ahead.json()]).toEqual([400, { error: 'notices[1].noticedAt: must not be in the future' }]);
    expect(await homeIn(system.subgraphs.wellbeing, kept)).toBeNull();
  });

  it('keep the later of two changes whatever order they arrive in (a delivery sent again after a later one)', async () => {
    const id = randomUUID();
    const send = async (body: string) => {
      const answer = await post(body, { [SERVICE_AUTHORIZATION_HEADER]: await signed('JOINT', body) });
      return [answer.status, await answer.json()];
    };
    expect(await send(notice(id, 'Kerava', '2026-12-05T02:00:00.002Z'))).toEqual([200, { recorded: 1, superseded: 0 }]);
    // The earlier change, arriving second (e.g. its first delivery timed out at the joint register): not applied.
    expect(await send(notice(id, 'Rovaniemi', '2026-12-05T02:00:00.001Z'))).toEqual([200, { recorded: 0, superseded: 1 }]);
    expect(await homeIn(system.subgraphs.wellbeing, id)).toEqual({ municipality: 'Kerava' });
    // The same notice again changes nothing; a later one applies. Two of one customer in one batch: in order.
    expect(await send(notice(id, 'Kerava', '2026-12-05T02:00:00.002Z'))).toEqual([200, { recorded: 1, superseded: 0 }]);
    const both = JSON.stringify({ notices: [
      { customerId: id, municipality: 'Järvenpää', noticedAt: '2026-12-05T02:00:00.004Z' },
      { customerId: id, municipality: 'Tuusula', noticedAt: '2026-12-05T02:00:00.003Z' },
    ] });
    expect(await send(both)).toEqual([200, { recorded: 1, superseded: 1 }]);
    expect(await homeIn(system.subgraphs.wellbeing, id)).toEqual({ municipality: 'Järvenpää' });
    // A municipality the register seeded itself carries no time: the first notice applies over it.
    const seeded = randomUUID();
    await system.subgraphs.wellbeing.db.customerHomeMunicipality.create({ data: { customerId: seeded, municipality: 'Vantaa' } });
    expect(await send(notice(seeded, 'Kerava', '2020-01-01T00:00:00.000Z'))).toEqual([200, { recorded: 1, superseded: 0 }]);
    expect(await homeIn(system.subgraphs.wellbeing, seeded)).toEqual({ municipality: 'Kerava' });
  });

  it('reach the registers that are up at once and a register that was down once it is up; the admission answers the same throughout', async () => {
    const key = randomUUID();
    const input = { ...admission(artificialPersonalIdentityCode('1931-05-05', 955)), idempotencyKey: key };
    const first = await ask('joint', 'employment-expert', ADMIT, { input });
    expect(first.data!.admitCustomer.outcome).toBe('ADMITTED');
    const id = first.data!.admitCustomer.customer.id;
    expect(await homeIn(system.subgraphs.wellbeing, id)).toEqual({ municipality: 'Tuusula' });
    expect(await homeIn(system.subgraphs.kela, id)).toEqual({ municipality: 'Tuusula' });
    const pending = (): Promise<{ register: string; attempts: number }[]> => system.subgraphs.joint.db.homeMunicipalityNotice.findMany({ where: { customerId: id, deliveredAt: null }, select: { register: true, attempts: true } });
    expect(await pending()).toEqual([{ register: 'EMPLOYMENT', attempts: expect.any(Number) }]);
    // A repeat while the register is still down: the same answer, still pending, nothing written twice.
    expect(await ask('joint', 'employment-expert', ADMIT, { input })).toEqual(first);
    expect(await system.subgraphs.joint.db.customer.count({ where: { personalIdentityCode: input.personalIdentityCode } })).toBe(1);
    expect((await pending()).map((n: { register: string }) => n.register)).toEqual(['EMPLOYMENT']);

    // A second customer admitted while the register is down is delivered by the next round, without any repeat.
    const second = await ask('joint', 'wellbeing-social-worker', ADMIT, { input: { ...admission(artificialPersonalIdentityCode('1931-06-06', 956)), idempotencyKey: randomUUID() } });
    const secondId = second.data!.admitCustomer.customer.id;

    await startEmployment();
    expect(await until(() => homeIn(employment!, secondId), (v) => v !== null)).toEqual({ municipality: 'Tuusula' });
    // The repeat answers exactly the first outcome, and the first customer's notice is delivered too.
    expect(await ask('joint', 'employment-expert', ADMIT, { input })).toEqual(first);
    expect(await until(() => homeIn(employment!, id), (v) => v !== null)).toEqual({ municipality: 'Tuusula' });
    expect(await until(pending, (v) => v.length === 0)).toEqual([]);

    // The employment register now serves the new customer: a write of its own official.
    const started = await postGraphQL(employment!.listening.url, {
      query: 'mutation($input: EmploymentJobSearchStartInput!) { startEmploymentJobSearch(input: $input) { employmentStatus } }',
      variables: { input: {
        idempotencyKey: randomUUID(), customerId: id, jobSearchStartedOn: addDays(todayInFinland(), -3), employmentStatus: 'UNEMPLOYED', benefitPayer: 'KELA',
        responsibleOfficialName: 'Aino Laine', desiredOccupations: ['Cook'], skills: ['Cooking'], jobSearchAreas: ['Tuusula'],
      } },
    }, await tokenFor('employment-expert'));
    expect(started.data).toEqual({ startEmploymentJobSearch: { employmentStatus: 'UNEMPLOYED' } });
  }, 180_000);
});

describe('a review of the activation plan whose copy could not be refreshed', () => {
  const REVIEW = 'mutation($input: ReviewWellbeingActivationPlanInput!) { reviewWellbeingActivationPlan(input: $input) { version goals } }';

  it('answers COPY_NOT_REFRESHED on every repeat while the copy cannot be refreshed, and refreshes it on the repeat once it can', async () => {
    if (employment) { await employment.stop(); employment = undefined; }
    process.env.EMPLOYMENT_URL = 'http://127.0.0.1:9/graphql';
    const lapland = new Set(demoPopulation().filter((c) => c.index % 10 === 9).map((c) => c.id));
    const plans = await system.subgraphs.wellbeing.db.activationPlan.findMany({ where: { drawnUpOn: { lte: new Date(todayInFinland()) } }, orderBy: { id: 'asc' }, take: 50 });
    const plan = plans.find((p: { customerId: string }) => !lapland.has(p.customerId))!;
    const reviews = () => system.subgraphs.wellbeing.db.activationPlanReview.count({ where: { customerId: plan.customerId } });
    const count = await reviews();
    const input = {
      idempotencyKey: randomUUID(), customerId: plan.customerId, reviewedOn: todayInFinland(), outcome: 'Attends three days a week', goals: 'Vocational training',
      nextReviewOn: addDays(todayInFinland(), 30), periodEnd: addDays(todayInFinland(), 120),
    };
    const first = await ask('wellbeing', 'wellbeing-social-instructor', REVIEW, { input });
    expect(first.errors?.map((e) => e.extensions?.code)).toEqual(['COPY_NOT_REFRESHED']);
    const repeat = await ask('wellbeing', 'wellbeing-social-instructor', REVIEW, { input });
    expect(repeat).toEqual(first);
    expect(await reviews()).toBe(count + 1);

    await startEmployment();
    const refreshed = await ask('wellbeing', 'wellbeing-social-instructor', REVIEW, { input });
    expect(refreshed.errors).toBeUndefined();
    expect(refreshed.data!.reviewWellbeingActivationPlan).toEqual({ version: plan.version + 1, goals: 'Vocational training' });
    expect(await reviews()).toBe(count + 1);
    const copy = await employment!.db.activationPlan.findUnique({ where: { customerId: plan.customerId }, select: { version: true, goals: true } });
    expect(copy).toEqual({ version: plan.version + 1, goals: 'Vocational training' });
  }, 180_000);
});

describe('a restriction of the activation plan whose copy in the employment register could not be restricted', () => {
  const RESTRICT = 'mutation($input: RestrictWellbeingProcessingInput!) { restrictWellbeingProcessing(input: $input) { id inForce } }';

  it('stands in the wellbeing register, answers RESTRICTION_COPY_NOT_REFRESHED on every repeat while the employment register is away, and is copied on the repeat once it is back', async () => {
    if (employment) { await employment.stop(); employment = undefined; }
    process.env.EMPLOYMENT_URL = 'http://127.0.0.1:9/graphql';
    const lapland = new Set(demoPopulation().filter((c) => c.index % 10 === 9).map((c) => c.id));
    const plans = await system.subgraphs.wellbeing.db.activationPlan.findMany({ orderBy: { id: 'desc' }, take: 50 });
    const { customerId } = plans.find((p: { customerId: string }) => !lapland.has(p.customerId))!;
    const input = { idempotencyKey: randomUUID(), customerId, categories: ['ACTIVATION_PLAN'], ground: 'ACCURACY_CONTESTED' };
    const first = await ask('wellbeing', 'wellbeing-social-worker', RESTRICT, { input });
    expect(first.errors?.map((e) => [e.extensions?.code, e.extensions?.register])).toEqual([['RESTRICTION_COPY_NOT_REFRESHED', 'employment']]);
    expect(first.errors![0].message).toContain('refreshEmploymentCopiesOfWellbeingProcessingRestrictions');
    expect(await ask('wellbeing', 'wellbeing-social-worker', RESTRICT, { input })).toEqual(first);
    // The restriction stands where it was placed, once.
    const placed = await system.subgraphs.wellbeing.db.processingRestriction.findMany({ where: { customerId } });
    expect(placed.map((r: { categories: string[]; liftedAt: Date | null }) => [r.categories, r.liftedAt])).toEqual([[['ACTIVATION_PLAN'], null]]);

    await startEmployment();
    const repeated = await ask('wellbeing', 'wellbeing-social-worker', RESTRICT, { input });
    expect(repeated.errors).toBeUndefined();
    expect(repeated.data!.restrictWellbeingProcessing).toEqual({ id: placed[0].id, inForce: true });
    const copy = await employment!.db.processingRestriction.findMany({ where: { customerId } });
    expect(copy.map((r: { id: string; categories: string[]; recordedByAuthority: string; liftedAt: Date | null }) => [r.id, r.categories, r.recordedByAuthority, r.liftedAt]))
      .toEqual([[placed[0].id, ['ACTIVATION_PLAN'], 'WELLBEING', null]]);
    expect(await system.subgraphs.wellbeing.db.processingRestriction.count({ where: { customerId } })).toBe(1);
  }, 180_000);
});

it('a repeat of nameSteeringGroupOffice answers the first outcome, with the name', async () => {
  const { data } = await ask('joint', 'cooperation-leader', '{ governance { steeringGroup { id seat party name } } }');
  const member = data!.governance.steeringGroup.find((m: { seat: string; party: string }) => m.seat === 'MEMBER' && m.party === 'EMPLOYMENT');
  const NAME = 'mutation($input: SteeringGroupOfficeInput!) { nameSteeringGroupOffice(input: $input) { office name namedBy termEndsOn } }';
  const input = { idempotencyKey: randomUUID(), office: 'CHAIR', memberId: member.id, namedBy: 'EMPLOYMENT', termStartsOn: '2031-01-01' };
  const first = await ask('joint', 'cooperation-leader', NAME, { input });
  expect(first.data!.nameSteeringGroupOffice).toEqual({ office: 'CHAIR', name: member.name, namedBy: 'EMPLOYMENT', termEndsOn: '2035-12-31' });
  expect(await ask('joint', 'cooperation-leader', NAME, { input })).toEqual(first);
});
