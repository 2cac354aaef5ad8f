// The whole system through the gateway: four subgraph servers with their own databases, real tokens.
import { GraphQLObjectType } from 'graphql';
import { demoPopulation } from '../../shared/src/demo/population';
import { CASELOAD_QUERY } from '../support/queries';
import { customerType, selectAll } from '../support/selection';
import { startSystem, System } from '../support/system';

let system: System;
beforeAll(async () => {
  process.env.DEMO_CUSTOMERS = '1000'; // the demo caseload estimate of seed 003
  // The joint register's notice retries read the process's environment (subgraphs/joint/src/home-municipality-notices.ts).
  process.env.REGISTER_NOTICE_RETRY_MS = '3600000';
  // All subgraphs share this test's one thread; a 1,000-customer full view needs more than the default wait.
  // The full view of every field of 1,000 customers is far beyond the production cost limit.
  // The log sealer's and the notice retries' own statements (every second, every 30 s) are left out: only the requests' statements are counted.
  system = await startSystem({ env: { SUBGRAPH_TIMEOUT_MS: '60000', MAX_QUERY_COST: '100000000', MAX_QUERY_DEPTH: '12', LOG_SEAL_INTERVAL_MS: '3600000', REGISTER_NOTICE_RETRY_MS: '3600000' } });
});
afterAll(() => system?.stop());

/** Every customer field, but not the logs (separate tests) nor fields that take arguments. */
const everyCustomerField = () => selectAll(customerType(), (f) => /AccessLog$|^disclosures$/.test(f.field));

it('answers one query with fields from all four registers', async () => {
  const customer = demoPopulation().find((c) => c.responsibleOfficials.EMPLOYMENT.role === 'PSYCHOLOGIST')!;
  const result = await system.query('employment-psychologist', `query($id: ID!) { customer(id: $id) {
    lastName employmentPlan { goal } employment { jobSeeker { employmentStatus } } wellbeing { workAbilityAssessments { result } }
    kela { benefits { kind } } } }`, { id: customer.id });
  expect(result.errors).toBeUndefined();
  const answer = result.data!.customer;
  expect(answer.lastName).toBe(customer.lastName);
  expect(answer.employment.jobSeeker).toBeDefined();
  expect(Array.isArray(answer.wellbeing.workAbilityAssessments)).toBe(true);
  expect(Array.isArray(answer.kela.benefits)).toBe(true);
});

it('shows the full view of a customer to the customer themselves', async () => {
  const me = demoPopulation()[0];
  const result = await system.query('customer', `query($id: ID!) { customer(id: $id) { ${everyCustomerField()} } }`, { id: me.id });
  expect(result.errors).toBeUndefined();
  expect(result.data!.customer.personalIdentityCode).toBe(me.personalIdentityCode);
});

describe('batching', () => {
  // An official responsible for every customer of Keski-Uusimaa (900 of the 1,000: every tenth lives in
  // Lapland, issue 9), so one caseload can hold all of them.
  const everyone = {
    sub: 'test-official-all', org_kind: 'EMPLOYMENT' as const, org_id: 'employment-area-keski-uusimaa', org_unit: 'employment-area-keski-uusimaa',
    roles: ['EMPLOYMENT_EXPERT', 'PSYCHOLOGIST', 'WORK_ABILITY_COORDINATOR'],
  };
  const ku = () => demoPopulation().filter((c) => c.index % 10 !== 9);

  beforeAll(async () => {
    const db = system.subgraphs.joint.db;
    await db.responsibleOfficial.createMany({
      data: ku().map((c, i) => ({
        id: `ffffffff-0000-4000-8000-${String(i).padStart(12, '0')}`, customerId: c.id, authority: 'EMPLOYMENT', officialId: everyone.sub,
        name: 'Test Official', role: 'EMPLOYMENT_EXPERT', since: new Date('2026-01-01'),
      })),
      skipDuplicates: true,
    }).catch(async () => {
      // (customerId, authority) is unique: give the test official the employment slot by replacing it (their
      // own authority's: a caseload is the official's by authority and subject, review 8 L3).
      await db.responsibleOfficial.updateMany({ where: { authority: 'EMPLOYMENT', customerId: { in: ku().map((c) => c.id) } }, data: { officialId: everyone.sub } });
    });
    await db.responsibleOfficial.updateMany({ where: { authority: 'EMPLOYMENT', customerId: { in: ku().map((c) => c.id) } }, data: { officialId: everyone.sub } });
  });

  const countQueries = async (query: string, first: number) => {
    const before = system.queryCounts();
    const result = await system.query(everyone, query, { first });
    // Restricted registers answer FORBIDDEN to an employment official; nothing else may fail.
    expect((result.errors ?? []).filter((e) => e.extensions?.code !== 'FORBIDDEN')).toEqual([]);
    expect(result.data!.caseload.edges).toHaveLength(first);
    const after = system.queryCounts();
    return Object.fromEntries(Object.keys(after).map((name) => [name, after[name] - before[name]]));
  };

  it('sends the same number of SQL queries for a caseload of 10 as for 900, across all four registers', async () => {
    expect(demoPopulation()).toHaveLength(1000);
    await countQueries(CASELOAD_QUERY, 10); // warm-up: first-request work in each subgraph is not compared
    const small = await countQueries(CASELOAD_QUERY, 10);
    const large = await countQueries(CASELOAD_QUERY, 900);
    expect(large).toEqual(small);
    // Exactly (issue 11: in the embedded database each statement costs 0.3-0.7 ms however small). The joint
    // register: the caseload's ids with the customers' restrictions in force, the customers, its six kinds of
    // rows in ONE statement (the JSON batches of one turn fold together: shared/src/graphql/json-rows.ts; the
    // plan reviews read with the plans, before the page is completed: subgraphs/joint/src/resolvers.ts
    // prefetchCaseloadRows), the access log. Each own register: the customers' home municipalities with their
    // restrictions in force (one statement), its kinds of rows asked in one, the access log (wellbeing's client
    // row is not asked).
    expect(small).toEqual({ joint: 4, employment: 3, wellbeing: 3, kela: 3 });
  });

  it('keeps the count flat for every field of every register, however many customers', async () => {
    // Rows nested under optional parents (e.g. diary entries of coaching periods) are fetched only when
    // some customer in the page has such a parent: a page of 10 may need a few queries fewer, and from a
    // few hundred customers on every kind is present and the count no longer moves.
    const full = `query($first: Int) { caseload(first: $first) { edges { node { ${everyCustomerField()} } } } }`;
    const small = await countQueries(full, 10);
    const medium = await countQueries(full, 300);
    const large = await countQueries(full, 900);
    // Flat: three times the customers, the same statements. One statement either way is allowed: the joint
    // register's count varied by one or two between runs while its notice retries (every 30 s) were counted
    // too; with them out of the way it should not vary (an N+1 would add hundreds here).
    expect(Object.keys(large)).toEqual(Object.keys(medium));
    for (const name of Object.keys(large)) expect(Math.abs(large[name] - medium[name])).toBeLessThanOrEqual(1);
    for (const name of Object.keys(large)) expect(small[name]).toBeLessThanOrEqual(large[name] + 1);
  });
});

it('the Customer type reaches every register', () => {
  const fields = Object.keys((customerType() as GraphQLObjectType).getFields());
  expect(fields).toEqual(expect.arrayContaining(['employment', 'wellbeing', 'kela', 'employmentPlan']));
});
