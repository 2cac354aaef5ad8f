// Anonymised statistics of the cooperation model (seed 004 § 5) through the gateway with real tokens:
// one query gets the figures of all four registers; aggregates only; small cells suppressed, also where
// subtraction would recover them; attempts to re-identify a person fail; only the leader, the deputy and
// the steering group read them; every use is logged.
import { randomUUID } from 'node:crypto';
import { artificialPersonalIdentityCode } from '../../shared/src/hetu';
import { DEMO_LEADER, DEMO_STEERING_GROUP } from '../../shared/src/cooperation/demo-management';
import { EXIT_REASONS, lastCompleteMonth, restrictedCustomers, statisticsPeriod, statisticsPopulation } from '../../shared/src/cooperation/statistics';
import { COOPERATION_AREAS, areaOfMunicipality } from '../../shared/src/law/areas';
import { demoPopulation } from '../../shared/src/demo/population';
import type { TokenClaims } from '../../shared/src/auth/tokens';
import { postGraphQL, startSystem, System, tokenFor } from '../support/system';

let system: System;
const period = lastCompleteMonth();
const { referenceDate } = statisticsPeriod(period);
const firstOfPeriod = `${period}-01`;

const TABLE = 'fragment T on StatisticsTable { name additive cells { key label parent level count suppressed } }';
const STATISTICS = `query Statistics($period: String) {
  cooperationStatistics(period: $period) {
    period referenceDate minimumCount
    joint {
      customersByAreaAndMunicipality { ...T } customersByAgeBand { ...T } customersByCustomershipLength { ...T }
      customersByServiceState { ...T } planReviewsOnTime { ...T } goalAttainmentAtEnd { ...T } exitReasons { ...T }
      caseloadPerFte { party title roleCertificate fte customers customersPerFte estimatedCustomersPerFte }
    }
    employment { jobSeekersByEmploymentStatus { ...T } jobSeekersByBenefitPayer { ...T } jobSeekersByServiceMeasureInProgress { ...T } }
    wellbeing { clientsInRehabilitativeWorkActivity { ...T } clientsBySocialWelfareServiceInProgress { ...T } }
    kela { benefitKindsInPayment { ...T } }
  }
} ${TABLE}`;

interface Cell { key: string; label: string; parent: string | null; level: number; count: number | null; suppressed: boolean }
interface Table { name: string; additive: boolean; cells: Cell[] }

function tablesOf(stats: Record<string, any>): Table[] {
  return ['joint', 'employment', 'wellbeing', 'kela'].flatMap((register) =>
    Object.values(stats[register] as Record<string, unknown>).filter((v): v is Table => !!v && typeof v === 'object' && 'cells' in (v as object)));
}

/** An attacker's subtraction: for each sum whose total shows, the hidden parts' total. */
function subtract(table: Table) {
  const out: { total: string; hidden: string[]; recovered: number }[] = [];
  if (!table.additive) return out;
  for (const total of table.cells.filter((c) => !c.suppressed)) {
    const parts = table.cells.filter((c) => c.parent === total.key);
    const hidden = parts.filter((p) => p.suppressed);
    if (parts.length && hidden.length) {
      out.push({ total: total.key, hidden: hidden.map((h) => h.key), recovered: total.count! - parts.filter((p) => !p.suppressed).reduce((s, p) => s + p.count!, 0) });
    }
  }
  return out;
}

/** A customer only this test knows: by default the one person in Utsjoki (in no cooperation area). */
async function addLonePerson(startedOn: string, extra: Record<string, unknown> = {}) {
  const id = randomUUID();
  const used = new Set((await system.subgraphs.joint.db.customer.findMany({ select: { personalIdentityCode: true } })).map((c: { personalIdentityCode: string }) => c.personalIdentityCode));
  let n = 999;
  while (used.has(artificialPersonalIdentityCode('2003-02-14', n))) n--;
  await system.subgraphs.joint.db.customer.create({
    data: {
      id, personalIdentityCode: artificialPersonalIdentityCode('2003-02-14', n), firstNames: 'Lone', lastName: 'Pornaislainen',
      homeMunicipality: 'Utsjoki', phoneNumbers: [], professionalSkills: [], customershipStartedOn: new Date(`${startedOn}T00:00:00Z`), ...extra,
    },
  });
  return id;
}

let loneId: string;
beforeAll(async () => {
  system = await startSystem();
  loneId = await addLonePerson(firstOfPeriod);
});
afterAll(() => system?.stop());

describe('one query, the figures of all four registers', () => {
  it('answers the leader with every register\'s aggregates and nothing else', async () => {
    const res = await system.query('cooperation-leader', STATISTICS, { period });
    expect(res.errors).toBeUndefined();
    const stats = res.data!.cooperationStatistics;
    expect(stats).toMatchObject({ period, referenceDate, minimumCount: 5 });
    for (const register of ['joint', 'employment', 'wellbeing', 'kela']) expect(stats[register]).toBeTruthy();
    const tables = tablesOf(stats);
    expect(tables.length).toBe(13);
    expect(stats.joint.customersByAreaAndMunicipality.cells[0].count).toBeGreaterThan(100);
    expect(stats.kela.benefitKindsInPayment.cells.find((c: Cell) => c.key === 'LABOUR_MARKET_SUBSIDY').count).toBeGreaterThan(5);
    // Aggregates only: no id, identity code or name of anybody anywhere in the answer.
    const text = JSON.stringify(res.data);
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
    expect(text).not.toMatch(/\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]/);
    expect(text).not.toContain('Pornaislainen');
    expect(text).not.toContain(loneId);
  });

  it('a member of the steering group from Kela reads the same figures', async () => {
    const res = await system.query('steering-group-member-kela', STATISTICS, { period });
    expect(res.errors).toBeUndefined();
    expect(res.data!.cooperationStatistics.kela.benefitKindsInPayment.cells.length).toBe(7);
  });

  it('shows no cell under the minimum anywhere, and the caseload per FTE of each title against Liite 2', async () => {
    const stats = (await system.query('cooperation-deputy-leader', STATISTICS, { period })).data!.cooperationStatistics;
    for (const table of tablesOf(stats)) {
      for (const cell of table.cells) {
        if (cell.suppressed) expect(cell.count).toBeNull();
        else expect(cell.count).toBeGreaterThanOrEqual(5);
      }
    }
    const expert = stats.joint.caseloadPerFte.find((c: { roleCertificate: string; party: string }) => c.party === 'EMPLOYMENT' && c.roleCertificate === 'EMPLOYMENT_EXPERT');
    // 8 FTE of TE experts from 1.1.2025 (Liite 2); the estimate of 1,000 customers gives them 125 each.
    expect(expert).toMatchObject({ title: 'TE-asiantuntija', fte: 8, estimatedCustomersPerFte: 125 });
    expect(expert.customersPerFte).toBeCloseTo(expert.customers / 8, 1);
  });
});

describe("the model's area only: the statistics are Keski-Uusimaa's agreement's (seed 004 § 5)", () => {
  it("counts no customer of another area nor of none: the joint register's areas table is Keski-Uusimaa's municipalities", async () => {
    const areas: Table = (await system.query('cooperation-leader', STATISTICS, { period })).data!.cooperationStatistics.joint.customersByAreaAndMunicipality;
    expect(areas.cells.filter((c) => c.level === 1).map((c) => c.label)).toEqual(['Keski-Uusimaa']);
    for (const cell of areas.cells.filter((c) => c.level === 2)) expect(COOPERATION_AREAS.KESKI_UUSIMAA.municipalities).toContain(cell.label);
    const total = areas.cells.find((c) => c.key === 'TOTAL')!;
    expect(total.count).toBe(areas.cells.find((c) => c.level === 1)!.count);
  });

  it("each authority's register counts the customers it keeps in a municipality of the model's area, and nobody else", async () => {
    const ku = demoPopulation().find((c) => areaOfMunicipality(c.homeMunicipality) === 'KESKI_UUSIMAA')!.id;
    const lapland = demoPopulation().find((c) => areaOfMunicipality(c.homeMunicipality) === 'LAPLAND')!.id;
    for (const name of ['employment', 'wellbeing', 'kela']) {
      const db = system.subgraphs[name].db;
      const unknown = randomUUID();
      await db.$executeRawUnsafe(`INSERT INTO "CustomerHomeMunicipality" ("customerId", "municipality") VALUES ($1, 'Utsjoki')`, unknown);
      const { ofTheArea } = await statisticsPopulation(db);
      expect({ name, ku: ofTheArea.has(ku), lapland: ofTheArea.has(lapland), unknown: ofTheArea.has(unknown) }).toEqual({ name, ku: true, lapland: false, unknown: false });
      expect(ofTheArea.size).toBeGreaterThan(100);
    }
  });
});

describe('re-identification attempts fail', () => {
  it("by an exit reason's text: no free text an official typed becomes a cell, only the fixed reasons and OTHER (found by an outsider)", async () => {
    // A month this file asks nothing else of, so that its figures are computed after this exit is recorded.
    const [y, m] = period.split('-').map(Number);
    const earlier = `${m > 2 ? y : y - 1}-${String(((m + 9) % 12) + 1).padStart(2, '0')}`;
    const secret = `Substance-abuse inpatient care, customer ${randomUUID()}`;
    for (const reason of [secret, secret, secret, secret, secret, 'Retired', ' started STUDIES ']) {
      await addLonePerson(`${earlier}-01`, { homeMunicipality: 'Kerava', customershipEndedOn: new Date(`${earlier}-02T00:00:00Z`), customershipEndReason: reason });
    }
    const res = await system.query('cooperation-leader', STATISTICS, { period: earlier });
    expect(res.errors).toBeUndefined();
    expect(JSON.stringify(res.data)).not.toMatch(/Substance|inpatient/);
    const exits: Table = res.data!.cooperationStatistics.joint.exitReasons;
    expect(exits.cells.map((c) => c.key)).toEqual(['TOTAL', ...EXIT_REASONS.map((r) => r.key)]);
    expect(exits.cells.find((c) => c.key === 'OTHER')!.label).toBe('other or not recorded');
    for (const table of tablesOf(res.data!.cooperationStatistics)) {
      for (const cell of table.cells) expect(cell.label).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/);
    }
  });

  it('by subtraction: no hidden cell is recovered from the totals and the other cells', async () => {
    const stats = (await system.query('cooperation-leader', STATISTICS, { period })).data!.cooperationStatistics;
    // Every sum in every table: what subtraction recovers is a group of at least two cells and at least five persons.
    let attacks = 0;
    for (const table of tablesOf(stats)) {
      for (const attack of subtract(table)) {
        attacks += 1;
        expect(attack.hidden.length).toBeGreaterThanOrEqual(2);
        expect(attack.recovered).toBeGreaterThanOrEqual(5);
      }
    }
    expect(attacks).toBeGreaterThan(0);
  });

  it('by two overlapping cuts: a person entered later into an ended month changes none of its figures', async () => {
    const before = await system.query('cooperation-leader', STATISTICS, { period });
    // A person of the model's area, backdated into the month already reported, who then leaves for a rare reason.
    await addLonePerson(firstOfPeriod, { homeMunicipality: 'Pornainen', customershipEndedOn: new Date(`${referenceDate}T00:00:00Z`), customershipEndReason: 'Emigrated to Åland' });
    const after = await system.query('cooperation-leader', STATISTICS, { period });
    expect(after.data).toEqual(before.data);
    expect(JSON.stringify(after.data)).not.toContain('Åland');
  });

  it('by the staffing view: its actual caseload is the same suppressed figures, not another cut', async () => {
    const year = Number(period.slice(0, 4));
    const staffing = await system.query('cooperation-leader', `query($year: Int!) { staffing(year: $year) { actualCaseload { party roleCertificate customers } } }`, { year });
    const stats = await system.query('cooperation-leader', STATISTICS, { period: lastCompleteMonth() > `${year}-12` ? `${year}-12` : lastCompleteMonth() });
    expect(staffing.errors).toBeUndefined();
    expect(staffing.data!.staffing.actualCaseload).toEqual(
      stats.data!.cooperationStatistics.joint.caseloadPerFte.map((c: { party: string; roleCertificate: string; customers: number | null }) => ({ party: c.party, roleCertificate: c.roleCertificate, customers: c.customers })));
  });
});

const forbidden = (res: { errors?: { extensions?: Record<string, unknown> }[] }) => expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

describe('who may read the statistics', () => {
  const denied: (string | TokenClaims)[] = [
    'employment-expert', 'wellbeing-social-worker', 'kela-benefit-expert', 'auditor', 'customer', 'employer',
    // The leader's role certificate held by an official of another authority is no leader (Liite 5).
    { sub: 'wellbeing-x', org_kind: 'WELLBEING', org_id: 'wellbeing-county-uusimaa', roles: ['COOPERATION_LEADER'] },
  ];
  it.each(denied.map((caller) => [typeof caller === 'string' ? caller : 'a wellbeing official with COOPERATION_LEADER', caller]))('%s is refused', async (_name, caller) => {
    const res = await system.query(caller, STATISTICS, { period });
    expect(res.data?.cooperationStatistics ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it("the statistics' readers get no customer's data: the leader asking for a customer gets what a non-customer gets", async () => {
    const { demoPopulation } = await import('../../shared/src/demo/population');
    const res = await system.query('cooperation-leader', 'query($id: ID!) { customer(id: $id) { id lastName } }', { id: demoPopulation()[0].id });
    expect(res.data).toEqual({ customer: null });
    forbidden(await system.query('steering-group-member', '{ caseload(first: 5) { totalCount } }'));
  });

  it("an official is refused also when asking a register's subgraph directly for the entity", async () => {
    for (const register of ['employment', 'wellbeing', 'kela'] as const) {
      const res = await postGraphQL(system.subgraphs[register].listening.url, {
        query: `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on CooperationStatistics { ${register} { __typename } } } }`,
        variables: { reps: [{ __typename: 'CooperationStatistics', period }] },
      }, await tokenFor('employment-expert'));
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(JSON.stringify(res.data ?? {})).not.toContain('cells');
    }
  });

  it('refuses a month that has not ended, naming the argument', async () => {
    const res = await system.query('cooperation-leader', 'query { cooperationStatistics(period: "2999-01") { period } }');
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'period' } });
  });
});

describe('the use of the statistics is logged', () => {
  it('in every register, naming the reader and the category, no customer', async () => {
    const member = DEMO_STEERING_GROUP[1].member;
    await system.query('steering-group-member-wellbeing', STATISTICS, { period });
    for (const register of ['joint', 'employment', 'wellbeing', 'kela']) {
      const rows = await system.subgraphs[register].db.accessLogEntry.findMany({ where: { actorId: { in: [member.id, DEMO_LEADER.id] }, categories: { has: 'ANONYMISED_STATISTICS' } } });
      expect(rows.some((r: { actorId: string }) => r.actorId === member.id)).toBe(true);
      expect(rows.every((r: { customerIds: string[] }) => r.customerIds.length === 0)).toBe(true);
    }
  });

  it('auditors read the use in each register\'s access log', async () => {
    await system.query('cooperation-leader', STATISTICS, { period });
    for (const register of ['joint', 'employment', 'wellbeing', 'kela']) {
      const res = await system.query('auditor', `query($actor: String!) { log: ${register}AccessLog(actorId: $actor, first: 50) { customerId categories outcome operationName } }`, { actor: DEMO_LEADER.id });
      expect(res.errors).toBeUndefined();
      expect(res.data!.log).toContainEqual({ customerId: null, categories: ['ANONYMISED_STATISTICS'], outcome: 'ALLOWED', operationName: `statistics ${period}` });
    }
  });

  it("a refused caller's attempt is logged as refused, never as a use", async () => {
    await system.query('employment-expert', STATISTICS, { period });
    const rows = await system.subgraphs.joint.db.accessLogEntry.findMany({ where: { actorId: 'employment-employment-expert-1', categories: { has: 'ANONYMISED_STATISTICS' } } });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r: { outcome: string }) => r.outcome === 'DENIED')).toBe(true);
  });
});

describe('the minimum is configurable', () => {
  it('STATISTICS_MIN_COUNT=20 hides every cell under 20', async () => {
    process.env.STATISTICS_MIN_COUNT = '20';
    try {
      const res = await system.query('cooperation-leader', STATISTICS, { period });
      expect(res.data!.cooperationStatistics.minimumCount).toBe(20);
      for (const table of tablesOf(res.data!.cooperationStatistics)) {
        for (const cell of table.cells) if (!cell.suppressed) expect(cell.count).toBeGreaterThanOrEqual(20);
      }
    } finally {
      delete process.env.STATISTICS_MIN_COUNT;
    }
  });
});

describe('restriction of processing in the statistics (GDPR art. 18)', () => {
  it('leaves out the customers with a restriction in force in each register, and counts them again once it is lifted', async () => {
    for (const name of ['joint', 'employment', 'wellbeing', 'kela']) {
      const db = system.subgraphs[name].db;
      const customerId = randomUUID();
      const id = randomUUID();
      await db.$executeRawUnsafe(
        `INSERT INTO "ProcessingRestriction" ("id", "customerId", "categories", "ground", "allowedUses", "recordedBy", "recordedByAuthority") VALUES ($1, $2, ARRAY['X']::text[], 'ACCURACY_CONTESTED', ARRAY[]::text[], 'official-1', 'EMPLOYMENT')`,
        id, customerId);
      expect([name, (await restrictedCustomers(db)).has(customerId)]).toEqual([name, true]);
      await db.$executeRawUnsafe(`UPDATE "ProcessingRestriction" SET "liftedAt" = now() WHERE "id" = $1`, id);
      expect([name, (await restrictedCustomers(db)).has(customerId)]).toEqual([name, false]);
    }
  });
});
