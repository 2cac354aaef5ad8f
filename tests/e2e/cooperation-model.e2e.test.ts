// The cooperation model through the gateway with real tokens: staffing against the caseload (Liite 2),
// governance (Liite 3-5), the joint costs and the quarterly billing run (Liite 6), the printable invoice
// and statistics, and who may see and change what (the leader, steering group members, officials).
import { DEMO_LEADER } from '../../shared/src/cooperation/demo-management';
import { quarterDates } from '../../shared/src/cooperation/costs';
import { lastCompleteMonth } from '../../shared/src/cooperation/statistics';
import { todayInFinland } from '../../shared/src/law/today';
import { presetClaims } from '../../shared/src/auth/presets';
import { postGraphQL, startSystem, System, tokenFor } from '../support/system';

let system: System;
beforeAll(async () => { system = await startSystem(); });
afterAll(() => system?.stop());

const forbidden = (res: { errors?: { extensions?: Record<string, unknown> }[] }) => expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

describe('staffing against the caseload (Liite 2)', () => {
  const PERIODS = `{ staffingPeriods { label startsOn totalFte totalFteByParty { party fte } allocations { party title fte countedInTotal note } } }`;

  it("reproduces Liite 2's table: 15.9 FTE in 2024, 22.7 on 1.1.2025", async () => {
    const res = await system.query('cooperation-leader', PERIODS);
    expect(res.errors).toBeUndefined();
    const [y2024, y2025] = res.data!.staffingPeriods;
    expect(y2024).toMatchObject({ label: '2024', startsOn: '2024-01-01', totalFte: 15.9 });
    expect(y2025).toMatchObject({ label: '1.1.2025', startsOn: '2025-01-01', totalFte: 22.7 });
    expect(y2025.totalFteByParty).toEqual([{ party: 'EMPLOYMENT', fte: 10 }, { party: 'WELLBEING', fte: 12.1 }, { party: 'KELA', fte: 0.6 }]);
    // The resting social instructor resource lent for 2024 is shown, with its note, and not counted.
    const lent = y2024.allocations.find((a: { countedInTotal: boolean }) => !a.countedInTotal);
    expect(lent).toMatchObject({ party: 'WELLBEING', fte: 1 });
    expect(lent.note).toMatch(/lent for 2024/);
    expect(y2024.allocations.find((a: { title: string }) => a.title === 'TE-asiantuntija')).toMatchObject({ fte: 2.5, note: expect.stringMatching(/grew by 0.5/) });
  });

  it('shows the estimate with its date and sources, the review, and customers per FTE against the actual caseload', async () => {
    const res = await system.query('steering-group-member', `{ staffing(year: 2025) {
      year estimate { appliesOn customers sources updatedOn } estimatedCustomersPerFte reviewMissing review { reviewedOn conclusion approvedByDecisionId }
      period { totalFte } actualCaseload { party title fte customers customersPerFte estimatedCustomersPerFte } } }`);
    expect(res.errors).toBeUndefined();
    const s = res.data!.staffing;
    expect(s.estimate).toMatchObject({ appliesOn: '2025-01-01', customers: 1000, updatedOn: '2024-09-28' });
    expect(s.estimate.sources.join(' ')).toMatch(/TEM.*16\/2023|16\/2023/);
    expect(s.estimatedCustomersPerFte).toBeCloseTo(1000 / 22.7, 1);
    expect(s.reviewMissing).toBe(false);
    expect(s.review.approvedByDecisionId).toBeTruthy();
  });

  it('an official reads the staffing but not the actual caseload (statistics) and cannot change it', async () => {
    const res = await system.query('employment-expert', `{ staffing(year: 2025) { period { totalFte } actualCaseload { customers } } }`);
    expect(res.data!.staffing.period.totalFte).toBe(22.7);
    expect(res.data!.staffing.actualCaseload).toBeNull();
    forbidden(res);
    const write = await system.query('employment-expert', `mutation { recordStaffingAllocation(input: { idempotencyKey: "__KEY__", party: EMPLOYMENT, title: "TE-asiantuntija", periodLabel: "2026", periodStartsOn: "2026-01-01", fte: "9", countedInTotal: true }) { id } }`);
    forbidden(write);
  });

  it('the leader records a new period; a steering group member may not', async () => {
    const mutation = `mutation($fte: String!) { recordStaffingAllocation(input: { idempotencyKey: "__KEY__", party: EMPLOYMENT, title: "TE-asiantuntija", roleCertificate: "EMPLOYMENT_EXPERT", periodLabel: "2026", periodStartsOn: "2026-01-01", fte: $fte, countedInTotal: true }) { fte periodLabel } }`;
    forbidden(await system.query('steering-group-member', mutation, { fte: '9' }));
    const ok = await system.query('cooperation-leader', mutation, { fte: '9,5' });
    expect(ok.data!.recordStaffingAllocation).toEqual({ fte: 9.5, periodLabel: '2026' });
    const bad = await system.query('cooperation-leader', mutation, { fte: '9.555' });
    expect(bad.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'fte' } });
  });
});

describe('governance (Liite 3-5)', () => {
  const GOVERNANCE = `{ governance {
    steeringGroup { id party seat deputyOfId name termStartsOn termEndsOn }
    offices { office name namedBy termStartsOn termEndsOn }
    leadership { position name shareOfWorkingTimePercent termStartsOn termEndsOn approvedByDecisionId }
    meetings { id number decisions { id kind subject } }
    annexes { annex version updatedOn approved reviewDue } } }`;

  it('any official of the three authorities sees who governs the model', async () => {
    const res = await system.query('kela-benefit-expert', GOVERNANCE);
    expect(res.errors).toBeUndefined();
    const g = res.data!.governance;
    // A member and a personal deputy from each party, the deputy standing in for the member of the same party.
    expect(g.steeringGroup).toHaveLength(6);
    for (const deputy of g.steeringGroup.filter((m: { seat: string }) => m.seat === 'PERSONAL_DEPUTY')) {
      expect(g.steeringGroup.find((m: { id: string }) => m.id === deputy.deputyOfId).party).toBe(deputy.party);
    }
    expect(g.offices).toEqual(expect.arrayContaining([
      expect.objectContaining({ office: 'CHAIR', namedBy: 'EMPLOYMENT', termStartsOn: '2025-01-01', termEndsOn: '2029-12-31' }),
      expect.objectContaining({ office: 'VICE_CHAIR', namedBy: 'WELLBEING', termStartsOn: '2025-01-01', termEndsOn: '2029-12-31' }),
    ]));
    expect(g.leadership.find((l: { position: string }) => l.position === 'LEADER')).toMatchObject({ name: DEMO_LEADER.name, shareOfWorkingTimePercent: 50, termEndsOn: '2029-12-31' });
    expect(g.annexes.map((a: { annex: number }) => a.annex)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(g.annexes.every((a: { approved: boolean }) => a.approved)).toBe(true);
  });

  it('a customer, a third party and an auditor see none of it', async () => {
    for (const caller of ['customer', 'employer', 'auditor']) forbidden(await system.query(caller, '{ governance { meetings { number } } }'));
  });

  // Found by an outsider (session 28): Lapland's officials read Keski-Uusimaa's governance and staffing.
  it("another area's officials see none of it, nor of the staffing", async () => {
    for (const caller of ['employment-expert-lapland', 'kela-benefit-expert-lapland']) {
      forbidden(await system.query(caller, '{ governance { meetings { number } } }'));
      forbidden(await system.query(caller, '{ staffingPeriods { label } }'));
    }
    // And at the joint register itself, asked directly.
    const direct = await postGraphQL(system.subgraphs.joint.listening.url, { query: '{ governance { meetings { number } } staffingPeriods { label } }' }, await tokenFor('employment-expert-lapland'));
    expect([direct.data?.governance ?? null, direct.data?.staffingPeriods ?? null]).toEqual([null, null]);
    expect(direct.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
  });

  it('a steering group member records a meeting, a decision and an approved annex version; an official may not', async () => {
    const meeting = `mutation { recordSteeringGroupMeeting(input: { idempotencyKey: "__KEY__", number: "2/2026", heldOn: "2026-05-20", attendees: ["Raimo Kangas", "Helena Vuori"] }) { id number } }`;
    forbidden(await system.query('wellbeing-social-worker', meeting));
    const m = await system.query('steering-group-member-wellbeing', meeting);
    expect(m.errors).toBeUndefined();
    const again = await system.query('steering-group-member-wellbeing', meeting);
    expect(again.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'number' } });
    const d = await system.query('steering-group-member-wellbeing', `mutation($m: ID!) { recordSteeringGroupDecision(input: { idempotencyKey: "__KEY__", meetingId: $m, number: 1, kind: ANNEX_APPROVAL, subject: "Liite 4", decision: "Meeting cycle: four a year" }) { id } }`, { m: m.data!.recordSteeringGroupMeeting.id });
    const annex = await system.query('cooperation-leader', `mutation($d: ID!) { recordAnnexVersion(input: { idempotencyKey: "__KEY__", annex: 4, title: "Johtoryhmän yhteistyökäytännöt", version: "2026.1", updatedOn: "2026-05-20", summary: "Meeting cycle added", approvedByDecisionId: $d }) { version approved reviewDue } }`, { d: d.data!.recordSteeringGroupDecision.id });
    expect(annex.data!.recordAnnexVersion).toMatchObject({ version: '2026.1', approved: true });
  });

  it('the chair is named by the employment authority and the vice-chair by the wellbeing county, for five years', async () => {
    const { data } = await system.query('cooperation-leader', '{ governance { steeringGroup { id seat party } } }');
    const wellbeingMember = data!.governance.steeringGroup.find((m: { seat: string; party: string }) => m.seat === 'MEMBER' && m.party === 'WELLBEING');
    const wrong = await system.query('cooperation-leader', `mutation($m: ID!) { nameSteeringGroupOffice(input: { idempotencyKey: "__KEY__", office: CHAIR, memberId: $m, namedBy: WELLBEING, termStartsOn: "2030-01-01" }) { office } }`, { m: wellbeingMember.id });
    expect(wrong.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'namedBy' } });
    const right = await system.query('cooperation-leader', `mutation($m: ID!) { nameSteeringGroupOffice(input: { idempotencyKey: "__KEY__", office: VICE_CHAIR, memberId: $m, namedBy: WELLBEING, termStartsOn: "2030-01-01" }) { office namedBy termEndsOn } }`, { m: wellbeingMember.id });
    expect(right.data!.nameSteeringGroupOffice).toEqual({ office: 'VICE_CHAIR', namedBy: 'WELLBEING', termEndsOn: '2034-12-31' });
  });

  it('a member appointed twice for the same term (a retried request) is one seat', async () => {
    const { data } = await system.query('cooperation-leader', '{ governance { steeringGroup { id seat party } } }');
    const kelaMember = data!.governance.steeringGroup.find((m: { seat: string; party: string }) => m.seat === 'MEMBER' && m.party === 'KELA');
    const appoint = `mutation($m: ID!) { recordSteeringGroupMember(input: { idempotencyKey: "__KEY__", party: KELA, seat: PERSONAL_DEPUTY, deputyOfId: $m, personId: "kela-steering-deputy-9", name: "Iida Berg", title: "Service manager", termStartsOn: "2030-01-01" }) { termEndsOn } }`;
    expect((await system.query('steering-group-member-kela', appoint, { m: kelaMember.id })).data!.recordSteeringGroupMember).toEqual({ termEndsOn: '2034-12-31' });
    const again = await system.query('steering-group-member-kela', appoint, { m: kelaMember.id });
    expect(again.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'personId' } });
    forbidden(await system.query('kela-benefit-expert', appoint, { m: kelaMember.id }));
  });

  it("the leader's appointment needs the steering group's approval", async () => {
    const res = await system.query('cooperation-leader', `mutation { recordLeaderAppointment(input: { idempotencyKey: "__KEY__", position: LEADER, personId: "p-2", name: "Uusi Johtaja", title: "Head of services", appointedOn: "2029-11-01", termStartsOn: "2030-01-01", shareOfWorkingTimePercent: 50, approvedByDecisionId: "00000000-0000-4000-8000-000000000000" }) { name } }`);
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'approvedByDecisionId' } });
  });
});

describe('joint costs and the quarterly billing (Liite 6)', () => {
  const RUN = `mutation($y: Int!, $q: Int!) { runQuarterlyBilling(input: { idempotencyKey: "__KEY__", year: $y, quarter: $q }) {
    id year quarter invoices { id number party totalCents lines { costId numerator denominator shareCents rule } } notShared { costId rule } } }`;

  it('officials see no costs; steering group members read them but may not bill', async () => {
    forbidden(await system.query('employment-expert', '{ jointCosts(year: 2026) { realisedTotalCents } }'));
    const read = await system.query('steering-group-member-kela', '{ jointCosts(year: 2026) { budgetTotalCents realisedTotalCents developmentHalfDays } }');
    expect(read.data!.jointCosts).toEqual({ budgetTotalCents: 5_900_000, realisedTotalCents: 349_999 * 9 + 45_000 + 345_000 + 410_000 + 90_000 + 298_000, developmentHalfDays: 4 });
    const followUp = await system.query('cooperation-leader', '{ jointCosts(year: 2026) { followUp { kind budgetCents realisedCents remainingCents } } }');
    expect(followUp.data!.jointCosts.followUp).toContainEqual({ kind: 'DEVELOPMENT_DAY', budgetCents: 800_000, realisedCents: 643_000, remainingCents: 157_000 });
    forbidden(await system.query('steering-group-member', RUN, { y: 2026, q: 1 }));
    forbidden(await system.query('steering-group-member', 'mutation { recordJointCost(input: { idempotencyKey: "__KEY__", kind: LEADER_OPERATING, incurredOn: "2026-03-01", amountCents: 100, description: "x" }) { id } }'));
  });

  // Found by an outsider (session 28): a leader's token of a unit in no area read the leader's pay and billed the parties.
  it("a leader's certificate of a unit in no area, or of another area, neither reads the costs nor records or bills any", async () => {
    const leader = presetClaims('cooperation-leader');
    for (const orgUnit of ['no-such-unit', (presetClaims('employment-expert-lapland') as { org_unit: string }).org_unit]) {
      const stranger = { ...leader, org_unit: orgUnit };
      forbidden(await system.query(stranger, '{ jointCosts(year: 2026) { costs { amountCents description } } }'));
      forbidden(await system.query(stranger, 'mutation { recordJointCost(input: { idempotencyKey: "__KEY__", kind: LEADER_OPERATING, incurredOn: "2026-03-01", amountCents: 100, description: "x" }) { id } }'));
      forbidden(await system.query(stranger, RUN, { y: 2026, q: 3 }));
    }
  });

  it("bills the first quarter: the leader's costs 50/50, the development day by participants, Kela included", async () => {
    const res = await system.query('cooperation-leader', RUN, { y: 2026, q: 1 });
    expect(res.errors).toBeUndefined();
    const run = res.data!.runQuarterlyBilling;
    const totals = Object.fromEntries(run.invoices.map((i: { party: string; totalCents: number }) => [i.party, i.totalCents]));
    // 3 x 3,499.99 (pay) + 450.00 (operating) halved, odd cents to the employment authority first; 3,450.00 by 9/12/3.
    expect(totals).toEqual({ EMPLOYMENT: 3 * 175_000 + 22_500 + 129_375, WELLBEING: 3 * 174_999 + 22_500 + 172_500, KELA: 43_125 });
    expect(Object.values(totals).reduce((a: number, b) => a + (b as number), 0)).toBe(3 * 349_999 + 45_000 + 345_000);
    const kela = run.invoices.find((i: { party: string }) => i.party === 'KELA');
    expect(kela.lines).toEqual([expect.objectContaining({ numerator: 3, denominator: 24, shareCents: 43_125 })]);
    expect(kela.number).toBe('2026-Q1-KELA');
  });

  it('a rerun for the same quarter gives the same invoices and bills nothing twice, also when run at once', async () => {
    const first = (await system.query('cooperation-leader', RUN, { y: 2026, q: 1 })).data!.runQuarterlyBilling;
    const again = (await system.query('cooperation-deputy-leader', RUN, { y: 2026, q: 1 })).data!.runQuarterlyBilling;
    expect(again).toEqual(first);
    const concurrent = await Promise.all([1, 2, 3].map(() => system.query('cooperation-leader', RUN, { y: 2026, q: 2 })));
    for (const c of concurrent) expect(c.errors).toBeUndefined();
    expect(new Set(concurrent.map((c) => c.data!.runQuarterlyBilling.id)).size).toBe(1);
    const db = system.subgraphs.joint.db;
    expect(await db.billingRun.count({ where: { year: 2026, quarter: 2 } })).toBe(1);
    expect(await db.jointCostInvoice.count({ where: { year: 2026, quarter: 2 } })).toBe(2);
    // Every cost is on exactly one run; no cost appears on two invoices of the same party.
    const invoices = await db.jointCostInvoice.findMany();
    const billed = invoices.flatMap((i: { party: string; lines: { costId: string }[] }) => i.lines.map((l) => `${i.party}|${l.costId}`));
    expect(new Set(billed).size).toBe(billed.length);
  });

  it("the second quarter leaves a week's substitution with the deputy's employer and shows why", async () => {
    const run = (await system.query('cooperation-leader', RUN, { y: 2026, q: 2 })).data!.runQuarterlyBilling;
    expect(run.notShared).toEqual([expect.objectContaining({ rule: expect.stringMatching(/5 days is not over two weeks/) })]);
    expect(run.invoices.map((i: { party: string }) => i.party)).toEqual(['EMPLOYMENT', 'WELLBEING']);
  });

  it('a cost recorded late for a billed quarter goes to the next run, once, and a retried recording is one cost', async () => {
    const record = `mutation { recordJointCost(input: { kind: LEADER_OPERATING, incurredOn: "2026-03-20", amountCents: 10_001, description: "Late travel bill", idempotencyKey: "late-travel-2026-03" }) { id billingRunId } }`.replace('10_001', '10001');
    const [a, b] = [await system.query('cooperation-leader', record), await system.query('cooperation-leader', record)];
    expect(a.data!.recordJointCost.id).toBe(b.data!.recordJointCost.id);
    const q1 = (await system.query('cooperation-leader', RUN, { y: 2026, q: 1 })).data!.runQuarterlyBilling;
    expect(JSON.stringify(q1)).not.toContain(a.data!.recordJointCost.id);
    const q3 = (await system.query('cooperation-leader', RUN, { y: 2026, q: 3 })).data!.runQuarterlyBilling;
    const late = q3.invoices.flatMap((i: { party: string; lines: { costId: string; shareCents: number }[] }) => i.lines.filter((l) => l.costId === a.data!.recordJointCost.id).map((l) => [i.party, l.shareCents]));
    expect(late).toEqual([['EMPLOYMENT', 5_001], ['WELLBEING', 5_000]]);
    // The summer substitution of 26 days is shared, the autumn development day split 8/10/2.
    const kela = q3.invoices.find((i: { party: string }) => i.party === 'KELA');
    expect(kela.totalCents).toBe(29_800);
  });

  it('refuses to bill a quarter that has not ended, naming the argument', async () => {
    const today = todayInFinland();
    const year = Number(today.slice(0, 4));
    const quarter = [1, 2, 3, 4].find((q) => quarterDates(year, q).endsOn >= today)!;
    const res = await system.query('cooperation-leader', RUN, { y: year, q: quarter });
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'quarter' } });
  });

  it("more than two full (four half) development days a year need the steering group's approval", async () => {
    const day = `mutation($d: ID) { recordDevelopmentDay(input: { idempotencyKey: "__KEY__", heldOn: "2026-11-20", length: HALF_DAY, title: "Extra half day", participantsEmployment: 5, participantsWellbeing: 5, participantsKela: 1, approvedByDecisionId: $d }) { id approvedByDecisionId } }`;
    const refused = await system.query('cooperation-leader', day, { d: null });
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'approvedByDecisionId' } });
    expect(refused.errors?.[0].message).toMatch(/5 half-days in 2026/);
    const { data } = await system.query('cooperation-leader', '{ governance { meetings { decisions { id kind } } } }');
    const decision = data!.governance.meetings.flatMap((m: { decisions: { id: string }[] }) => m.decisions)[0];
    const approved = await system.query('cooperation-leader', day, { d: decision.id });
    expect(approved.data!.recordDevelopmentDay.approvedByDecisionId).toBe(decision.id);
  });
});

describe('printable documents at the gateway', () => {
  const base = () => system.gatewayUrl.replace(/\/graphql$/, '');
  const get = async (path: string, preset?: string) => fetch(`${base()}${path}`, { headers: preset ? { authorization: `Bearer ${await tokenFor(preset)}` } : {} });

  it('an invoice with its arithmetic for the leader; refused without a token and for an official', async () => {
    const run = (await system.query('cooperation-leader', 'mutation { runQuarterlyBilling(input: { idempotencyKey: "__KEY__", year: 2026, quarter: 1 }) { invoices { id party totalCents } } }')).data!.runQuarterlyBilling;
    const wellbeing = run.invoices.find((i: { party: string }) => i.party === 'WELLBEING');
    const res = await get(`/documents/invoice?id=${wellbeing.id}`, 'cooperation-leader');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    const html = await res.text();
    expect(html).toContain('Keski-Uudenmaan hyvinvointialue');
    expect(html).toContain('Järvenpää');
    expect(html).toContain('3\u00a0450,00\u00a0€ × 12/24 = 1\u00a0725,00\u00a0€');
    expect(html).toContain('7\u00a0199,97\u00a0€');
    expect((await get(`/documents/invoice?id=${wellbeing.id}`)).status).toBe(401);
    expect((await get(`/documents/invoice?id=${wellbeing.id}`, 'employment-expert')).status).toBe(403);
  });

  it('the statistics with a chart for the steering group; refused for an official', async () => {
    const res = await get(`/documents/statistics?period=${lastCompleteMonth()}`, 'steering-group-member');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<svg');
    expect(html).toContain('Customers by area and home municipality');
    expect(html).toContain('Benefit kinds in payment (kela)');
    expect((await get('/documents/statistics', 'wellbeing-nurse')).status).toBe(403);
    expect((await get('/documents/statistics?period=2026-13', 'steering-group-member')).status).toBe(400);
  });
});
