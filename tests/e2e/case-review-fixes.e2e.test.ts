// Holes in the case writes an outside review found (issue 10), each attacked from outside through real
// HTTP with real tokens: made-up final reports, a final report doubled by concurrent endings, an ending
// half-written when the employment register was away, responsible officials of another authority, and
// three small date and aim checks (admission before birth, the convener of a first meeting, a meeting
// recorded as held right after it).
import { randomUUID } from 'node:crypto';
import { createServer, Server, Socket } from 'node:net';
import { createServiceTokenSigner, registerInternalAudience, SERVICE_AUTHORIZATION_HEADER } from '../../shared/src/auth/service-tokens';
import { artificialPersonalIdentityCode } from '../../shared/src/hetu';
import { addDays } from '../../shared/src/demo/population';
import { todayInFinland } from '../../shared/src/law/today';
import { REQUEST_ID_HEADER } from '../../shared/src/log';
import { postGraphQL, startSystem, System, tokenFor } from '../support/system';

// The joint register's notice rounds read these when it starts: quick retries for this file only.
process.env.REGISTER_NOTICE_RETRY_MS = '400';
process.env.REGISTER_NOTICE_TIMEOUT_MS = '1000';

let system: System;
beforeAll(async () => { system = await startSystem(); });
afterAll(() => system?.stop());

const today = () => todayInFinland();
const ago = (days: number) => addDays(today(), -days);
const EMPLOYMENT = { authority: 'EMPLOYMENT', officialId: 'employment-employment-expert-1', name: 'Aino Laine', role: 'EMPLOYMENT_EXPERT' };
const ADMIT = 'mutation($input: AdmitCustomerInput!) { admitCustomer(input: $input) { outcome customer { id responsibleOfficials { id authority } } } }';
const END = 'mutation($input: EndCustomershipInput!) { endCustomership(input: $input) { endedOn finalReportId } }';
let birthSerial = 0;
const RUN = Math.floor(Math.random() * 5000);

/** A fresh customer of Keski-Uusimaa, admitted through the gateway by the employment expert. */
async function admitFresh(startedOn = ago(30)) {
  birthSerial += 1;
  const code = artificialPersonalIdentityCode(addDays('1960-01-01', RUN + birthSerial * 11), 990 + (birthSerial % 9));
  const result = await system.query('employment-expert', ADMIT, { input: {
    idempotencyKey: randomUUID(), personalIdentityCode: code, firstNames: 'Testi', lastName: 'Tarkastus', homeMunicipality: 'Kerava', startedOn,
    referral: { referredOn: startedOn, fromAuthority: 'KELA', referredBy: 'Kela service point', note: 'Review test' }, responsibleOfficials: [EMPLOYMENT],
  } });
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!.admitCustomer.customer as { id: string; responsibleOfficials: { id: string; authority: string }[] };
}

const endInput = (customerId: string, idempotencyKey = randomUUID()) => ({
  idempotencyKey, customerId, endedOn: ago(1), reason: 'Employed',
  endSituation: { assessedOn: ago(1), situation: 'Employed full-time', goalAttainment: 90, assessorName: 'Aino Laine' },
  finalReport: { summary: 'Goals reached', recommendations: 'None' },
});
const reports = (customerId: string) => system.subgraphs.employment.db.finalReport.findMany({ where: { customerId } });
const until = async (check: () => Promise<boolean>, ms = 10_000) => {
  for (const started = Date.now(); Date.now() - started < ms; await new Promise((r) => setTimeout(r, 100))) if (await check()) return true;
  return false;
};

describe('1. final reports come only from the joint register', () => {
  const forged = (customerId: string) => ({
    idempotencyKey: randomUUID(), customerId, reportedOn: ago(1), customershipStartedOn: '2014-01-01', customershipEndedOn: '2015-06-01', endReason: 'Made up',
    endSituation: 'Made up', goalAttainment: 100, summary: 'Invented', recommendations: 'None', servicesCompleted: [], servicesInterrupted: [],
  });
  const RECORD = 'mutation($input: EmploymentFinalReportInput!) { recordEmploymentFinalReport(input: $input) { id } }';

  it('refuses an official who files one straight into the employment register, through the gateway or past it', async () => {
    const customer = await admitFresh();
    for (const preset of ['employment-supervisor', 'employment-expert']) {
      const viaGateway = await system.query(preset, RECORD, { input: forged(customer.id) });
      expect(viaGateway.data?.recordEmploymentFinalReport ?? null).toBeNull();
      expect(viaGateway.errors?.length).toBeGreaterThan(0);
      const direct = await postGraphQL(system.subgraphs.employment.listening.url, { query: RECORD, variables: { input: forged(customer.id) } }, await tokenFor(preset));
      expect(direct.data?.recordEmploymentFinalReport ?? null).toBeNull();
      expect(direct.errors?.length).toBeGreaterThan(0);
    }
    expect(await reports(customer.id)).toEqual([]);
    const shown = await system.query('employment-expert', 'query($id: ID!) { customer(id: $id) { employment { finalReports { id } } } }', { id: customer.id });
    expect(shown.data!.customer.employment.finalReports).toEqual([]);
  });

  it("takes a report on its internal route only from the joint register's service, once per customership period", async () => {
    const customer = await admitFresh();
    const url = new URL('/internal/final-reports', system.subgraphs.employment.listening.url);
    const post = async (body: object, sign?: 'JOINT' | 'EMPLOYMENT', userToken?: string) => {
      const raw = JSON.stringify(body);
      const requestId = `test-${randomUUID()}`;
      const headers: Record<string, string> = { 'content-type': 'application/json', [REQUEST_ID_HEADER]: requestId };
      if (userToken) headers.authorization = `Bearer ${userToken}`;
      if (sign) {
        const signer = await createServiceTokenSigner(sign, system.env);
        headers[SERVICE_AUTHORIZATION_HEADER] = `Bearer ${await signer({ method: 'POST', path: url.pathname, requestId, body: raw, authorization: '', audience: registerInternalAudience('EMPLOYMENT') })}`;
      }
      const response = await fetch(url, { method: 'POST', headers, body: raw });
      return { status: response.status, body: await response.json() as Record<string, unknown> };
    };
    const report = (id: string) => ({
      id, customerId: customer.id, reportedOn: ago(1), customershipStartedOn: ago(30), customershipEndedOn: ago(1), endReason: 'Employed',
      endSituation: 'Employed', goalAttainment: 80, summary: 'Done', recommendations: 'None', servicesCompleted: [], servicesInterrupted: [], reportedBy: 'employment-employment-expert-1',
    });
    // An official's own token, or another register's service key, is not the joint register.
    expect((await post(report(randomUUID()), undefined, await tokenFor('employment-supervisor'))).status).toBe(401);
    expect((await post(report(randomUUID()), 'EMPLOYMENT')).status).toBe(401);
    expect(await reports(customer.id)).toEqual([]);
    // The joint register's service: stored; the same period again (a retry after a lost answer) stores nothing more.
    const first = await post(report(randomUUID()), 'JOINT');
    expect(first).toEqual({ status: 200, body: { id: expect.any(String) } });
    const again = await post(report(randomUUID()), 'JOINT');
    expect(again).toEqual(first);
    expect(await reports(customer.id)).toHaveLength(1);
    // Bad input is named.
    const bad = await post({ ...report(randomUUID()), customershipStartedOn: ago(0) }, 'JOINT');
    expect(bad.status).toBe(400);
    expect(String(bad.body.error)).toContain('customershipStartedOn');
  });
});

describe('2. one final report per ended customership', () => {
  it('writes one report when five endings race (three with one key, two with others)', async () => {
    const customer = await admitFresh();
    const key = randomUUID();
    const token = await tokenFor('employment-expert');
    const inputs = [endInput(customer.id, key), endInput(customer.id, key), endInput(customer.id, key), endInput(customer.id), endInput(customer.id)];
    const answers = await Promise.all(inputs.map((input) => postGraphQL(system.gatewayUrl, { query: END, variables: { input } }, token)));
    const ended = answers.filter((a) => !a.errors);
    const refused = answers.filter((a) => a.errors);
    expect(ended.length).toBeGreaterThanOrEqual(1);
    expect(new Set(ended.map((a) => a.data!.endCustomership.finalReportId)).size).toBe(1);
    // Refused: ended by another request, or (arriving after that commit) already ended.
    for (const answer of refused) expect(answer.errors![0].message).toMatch(/ended by another request|the customership ended on/);
    await until(async () => (await reports(customer.id)).length > 0);
    await new Promise((r) => setTimeout(r, 1000));
    const stored = await reports(customer.id);
    expect(stored.map((r: { id: string }) => r.id)).toEqual([ended[0].data!.endCustomership.finalReportId]);
    expect(await system.subgraphs.joint.db.customershipPeriod.count({ where: { customerId: customer.id } })).toBe(1);
  });
});

describe('3. the end and its final report commit together', () => {
  let blackHole: Server;
  const sockets: Socket[] = [];
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((r) => blackHole?.close(r));
  });

  it('ends the customership while the employment register does not answer, and delivers the report once it is back', async () => {
    const customer = await admitFresh();
    // The employment register "paused": it accepts connections and never answers.
    blackHole = createServer((socket) => { sockets.push(socket); });
    await new Promise<void>((r) => blackHole.listen(0, '127.0.0.1', r));
    const realUrl = process.env.EMPLOYMENT_URL;
    process.env.EMPLOYMENT_URL = `http://127.0.0.1:${(blackHole.address() as { port: number }).port}/graphql`;
    let answer;
    try {
      answer = await system.query('employment-expert', END, { input: endInput(customer.id) });
    } finally {
      process.env.EMPLOYMENT_URL = realUrl;
    }
    expect(answer.errors).toBeUndefined();
    const { finalReportId } = answer.data!.endCustomership;
    const joint = await system.subgraphs.joint.db.customer.findUnique({ where: { id: customer.id } });
    expect(joint.customershipEndedOn).not.toBeNull();
    // Back again: the pending report goes over on the next round, once, with the id the ending answered.
    expect(await until(async () => (await reports(customer.id)).length > 0)).toBe(true);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await reports(customer.id)).map((r: { id: string }) => r.id)).toEqual([finalReportId]);
    const notice = await system.subgraphs.joint.db.finalReportNotice.findUnique({ where: { id: finalReportId } });
    expect(notice.deliveredAt).not.toBeNull();
  });
});

describe('4. responsible officials of their own authority only, with a known role', () => {
  const ASSIGN = 'mutation($input: AssignResponsibleOfficialInput!) { assignResponsibleOfficial(input: $input) { id authority role } }';
  const END_OFFICIAL = 'mutation($input: EndResponsibleOfficialInput!) { endResponsibleOfficial(input: $input) { until } }';
  const CHANGE = 'mutation($input: ChangeResponsibleOfficialInput!) { changeResponsibleOfficial(input: $input) { id } }';

  it("refuses another authority's officials and unknown roles, and lets an official name and end their own", async () => {
    const customer = await admitFresh();
    const employmentRow = customer.responsibleOfficials.find((o) => o.authority === 'EMPLOYMENT')!.id;
    const assign = (official: object) => system.query('kela-service-expert', ASSIGN, { input: { idempotencyKey: randomUUID(), customerId: customer.id, official, since: ago(2) } });

    const other = await assign({ authority: 'EMPLOYMENT', officialId: 'xx', name: 'Fake', role: 'EMPLOYMENT_EXPERT' });
    expect(other.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', field: 'official.authority' }, message: expect.stringContaining('KELA') });
    const banana = await assign({ authority: 'KELA', officialId: 'kela-someone-1', name: 'Fake', role: 'BANANA' });
    expect(banana.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'official.role' }, message: expect.stringContaining('SERVICE_EXPERT') });
    const ending = await system.query('kela-service-expert', END_OFFICIAL, { input: { idempotencyKey: randomUUID(), customerId: customer.id, responsibleOfficialId: employmentRow, endedOn: ago(1) } });
    expect(ending.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', field: 'responsibleOfficialId' } });
    const changing = await system.query('kela-service-expert', CHANGE, { input: {
      idempotencyKey: randomUUID(), customerId: customer.id, responsibleOfficialId: employmentRow, officialId: 'employment-psychologist-1', name: 'Laura Kallio', role: 'PSYCHOLOGIST', changedOn: ago(1),
    } });
    expect(changing.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', field: 'responsibleOfficialId' } });
    const employmentByWrongRole = await system.query('employment-expert', CHANGE, { input: {
      idempotencyKey: randomUUID(), customerId: customer.id, responsibleOfficialId: employmentRow, officialId: 'employment-psychologist-1', name: 'Laura Kallio', role: 'SOCIAL_WORKER', changedOn: ago(1),
    } });
    expect(employmentByWrongRole.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'role' } });
    const rows = await system.subgraphs.joint.db.responsibleOfficial.findMany({ where: { customerId: customer.id } });
    expect(rows.map((r: { authority: string; until: Date | null }) => [r.authority, r.until])).toEqual([['EMPLOYMENT', null]]);

    // The allowed path: Kela's official names and ends Kela's.
    const own = await assign({ authority: 'KELA', officialId: 'kela-service-expert-2', name: 'Oma Virkailija', role: 'SERVICE_EXPERT' });
    expect(own.errors).toBeUndefined();
    expect(own.data!.assignResponsibleOfficial).toMatchObject({ authority: 'KELA', role: 'SERVICE_EXPERT' });
    const ended = await system.query('kela-service-expert', END_OFFICIAL, { input: { idempotencyKey: randomUUID(), customerId: customer.id, responsibleOfficialId: own.data!.assignResponsibleOfficial.id, endedOn: ago(1) } });
    expect(ended.errors).toBeUndefined();
    expect(ended.data!.endResponsibleOfficial.until).toBe(ago(1));
  });
});

describe('5. dates and the first meeting', () => {
  it('refuses an admission that starts before the birth the identity code gives', async () => {
    const born = ago(6);
    const result = await system.query('employment-expert', ADMIT, { input: {
      idempotencyKey: randomUUID(), personalIdentityCode: artificialPersonalIdentityCode(born, 993), firstNames: 'Vauva', lastName: 'Testi', homeMunicipality: 'Kerava', startedOn: ago(11),
      referral: { referredOn: ago(11), referredBy: 'x', note: 'x' }, responsibleOfficials: [EMPLOYMENT],
    } });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'startedOn' });
  });

  it("counts the convener as present at a first meeting, and records a meeting as held right after it but never ahead", async () => {
    const customer = await admitFresh();
    const PLAN = 'mutation($input: PlanMeetingInput!) { planMeeting(input: $input) { id firstMeetingAimMet } }';
    const plan = (firstMeeting: boolean) => system.query('employment-expert', PLAN, { input: {
      idempotencyKey: randomUUID(), customerId: customer.id, scheduledAt: new Date(Date.now() - 3600_000).toISOString(), mode: 'IN_PERSON', location: 'Joint service point, Kerava',
      convener: { name: 'Aino Laine', authority: 'EMPLOYMENT', role: 'EMPLOYMENT_EXPERT', remote: false },
      participants: [{ name: 'Riikka Nieminen', authority: 'WELLBEING', role: 'SOCIAL_WORKER', remote: false }], firstMeeting,
    } });
    const first = await plan(true);
    expect(first.errors).toBeUndefined();
    expect(first.data!.planMeeting.firstMeetingAimMet).toBe(true);

    const HELD = 'mutation($input: RecordMeetingHeldInput!) { recordMeetingHeld(input: $input) { status firstMeetingAimMet } }';
    const held = (meetingId: string, heldAt: Date) => system.query('wellbeing-social-worker', HELD, { input: { idempotencyKey: randomUUID(), customerId: customer.id, meetingId, heldAt: heldAt.toISOString(), agreed: 'Agreed' } });
    const justNow = await held(first.data!.planMeeting.id, new Date(Date.now() - 1000));
    expect(justNow.errors).toBeUndefined();
    expect(justNow.data!.recordMeetingHeld).toEqual({ status: 'HELD', firstMeetingAimMet: true });
    const next = await plan(false);
    const ahead = await held(next.data!.planMeeting.id, new Date(Date.now() + 30 * 60_000));
    expect(ahead.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'heldAt' });
  });
});
