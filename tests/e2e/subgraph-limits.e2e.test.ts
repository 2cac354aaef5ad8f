// The operation limits hold in every subgraph, sent straight to its port (not only through the gateway),
// sized so that the gateway's own entity batches pass; the cost counts list sizes given as variables,
// variable defaults and schema defaults; every limit's error names it; look-ups by identity code are
// bounded per caller and time window.
import { randomUUID } from 'node:crypto';
import { operationLimitsFromEnv } from '../../shared/src/graphql/limits';
import { demoPopulation } from '../../shared/src/demo/population';
import { presetClaims } from '../../shared/src/auth/presets';
import { artificialPersonalIdentityCode } from '../../shared/src/hetu';
import { todayInFinland } from '../../shared/src/law/today';
import { CASELOAD_QUERY } from '../support/queries';
import { GraphQLResponse, postGraphQL, startSystem, System, tokenFor } from '../support/system';

// A small rate for this file's joint register (read on its first look-up by identity code).
const LOOKUPS = 3;
process.env.IDENTITY_CODE_LOOKUP_LIMIT = String(LOOKUPS);
process.env.IDENTITY_CODE_LOOKUP_WINDOW_SECONDS = '600';

let system: System;
// The log sealer's own statements (every second) would be counted among the refused operations' statements.
beforeAll(async () => {
  // The statement counts leave out the log sealer's and the joint register's notice retries' own statements
  // (the retries read the process's environment: subgraphs/joint/src/home-municipality-notices.ts, final-report.ts).
  process.env.REGISTER_NOTICE_RETRY_MS = '3600000';
  system = await startSystem({ env: { LOG_SEAL_INTERVAL_MS: '3600000', REGISTER_NOTICE_RETRY_MS: '3600000' } });
});
afterAll(() => system?.stop());

const limits = operationLimitsFromEnv({});
const SUBGRAPH_NAMES = ['joint', 'employment', 'wellbeing', 'kela'];
const subgraphUrl = (name: string) => system.subgraphs[name].listening.url;
const messages = (result: GraphQLResponse) => (result.errors ?? []).map((e) => e.message).join(' | ');
const limitErrors = (result: GraphQLResponse) => (result.errors ?? []).filter((e) => e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' || e.extensions?.limit);

/** Every subgraph has its own access log root field (`<register>AccessLog(first: Int = 100)`). */
const log = (name: string) => `${name}AccessLog`;
const LOG_FIELDS = 'id at register requestId actorId actorOrganisationKind actorOrganisationId actorRoles customerId categories operation operationName';

/** What the gateway asks each subgraph for one customer of the caseload view (tests/support/queries.ts). */
const ENTITY_SELECTION: Record<string, string> = {
  joint: 'id firstNames lastName meetings { heldAt mode agreed } services { name state }',
  employment: 'employment { jobSeeker { employmentStatus benefitPayer } offers { kind offeredOn title result } }',
  wellbeing: 'wellbeing { activationPlan { placeName daysPerWeek } workAbilityAssessments { assessedOn result } }',
  kela: 'kela { benefits { kind status dailyAmount } rehabilitationDecisions { kind decision } }',
};
const ENTITIES = (name: string) => `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Customer { ${ENTITY_SELECTION[name]} } } }`;
const representations = (count: number) => {
  const ids = demoPopulation().map((c) => c.id);
  return Array.from({ length: count }, (_, i) => ({ __typename: 'Customer', id: i < ids.length ? ids[i] : randomUUID() }));
};

async function expectRefused(result: GraphQLResponse, message: RegExp, limit: string) {
  expect(result.status).toBe(400);
  expect(result.data ?? null).toBeNull();
  expect(messages(result)).toMatch(message);
  expect(result.errors?.map((e) => e.extensions?.limit)).toContain(limit);
}

describe.each(SUBGRAPH_NAMES)('the %s subgraph, asked directly', (name) => {
  let token: string;
  beforeAll(async () => { token = await tokenFor('auditor'); });
  const ask = (query: string, variables?: unknown) => postGraphQL(subgraphUrl(name), { query, variables }, token);

  it.each([
    // Introspection's __type nests through ofType without end (graphql-js's own introspection-depth rule
    // counts only fields, interfaces, possible types and input fields): depth 11.
    ['depth', () => `{ __type(name: "Customer") { ${'ofType { '.repeat(9)}name${' }'.repeat(9)} } }`, /depth limit of 9 exceeded, found 11/, 'MAX_QUERY_DEPTH'],
    ['aliases', () => `{ ${Array.from({ length: limits.maxAliases + 1 }, (_, i) => `a${i}: ${log(name)}(first: 1) { id }`).join(' ')} }`, /Aliases limit of 15 exceeded, found 16/, 'MAX_QUERY_ALIASES'],
    // Found by an outsider at the gateway: aliases of __typename went uncounted.
    ['aliases (of __typename)', () => `{ ${log(name)}(first: 1000) { ${Array.from({ length: limits.maxAliases + 1 }, (_, i) => `t${i}: __typename`).join(' ')} } }`, /Aliases limit of 15 exceeded, found 16/, 'MAX_QUERY_ALIASES'],
    // A valid operation: each of the 12 fields of a log entry once, with @include and @skip (24 directives).
    ['directives', () => `{ ${log(name)}(first: 1) { ${LOG_FIELDS.split(' ').map((f) => `${f} @include(if: true) @skip(if: false)`).join(' ')} } }`, /Directives limit of 20 exceeded, found 24/, 'MAX_QUERY_DIRECTIVES'],
    ['tokens', () => `{ ${`${log(name)}(first: 1) { id } `.repeat(400)} }`, /Token limit of 3000 exceeded/, 'MAX_QUERY_TOKENS'],
    ['cost', () => `{ ${log(name)}(first: 100000) { ${LOG_FIELDS} } }`, /Cost limit of 500000 exceeded, found 2000000/, 'MAX_QUERY_COST'],
    // The same field 600 times: graphql-js's field-merging check gives up ("Validation aborted." before).
    ['field-merging', () => `{ ${`${log(name)} { id } `.repeat(600)} }`, /Field-merging limit exceeded/, 'FIELD_MERGING'],
  ])('refuses an operation over the %s limit, naming the limit, before anything runs', async (_limit, query, message, setting) => {
    const before = system.queryCounts()[name];
    await expectRefused(await ask(query()), message, setting);
    expect(system.queryCounts()[name]).toBe(before);
  });

  it('counts a list size given as a variable or a variable default exactly as a literal', async () => {
    const byVariable = `query($n: Int) { ${log(name)}(first: $n) { ${LOG_FIELDS} } }`;
    expect(limitErrors(await ask(byVariable, { n: 1 }))).toEqual([]);
    expect(limitErrors(await ask(`{ ${log(name)}(first: 1) { ${LOG_FIELDS} } }`))).toEqual([]);
    await expectRefused(await ask(byVariable, { n: 100_000 }), /Cost limit of 500000 exceeded, found 2000000/, 'MAX_QUERY_COST');
    await expectRefused(await ask(`query($n: Int = 100000) { ${log(name)}(first: $n) { ${LOG_FIELDS} } }`), /Cost limit of 500000 exceeded/, 'MAX_QUERY_COST');
  });

  it("admits a gateway-sized entity batch of 1,000 customers and refuses one over the configured maximum", async () => {
    const batch = await ask(ENTITIES(name), { representations: representations(limits.maxEntityRepresentations) });
    expect(batch.status).toBe(200);
    expect(limitErrors(batch)).toEqual([]);
    expect(batch.data?._entities).toHaveLength(1000);
    const before = system.queryCounts()[name];
    await expectRefused(
      await ask(ENTITIES(name), { representations: representations(limits.maxEntityRepresentations + 1) }),
      /Entity representations limit of 1000 exceeded, found 1001/, 'MAX_ENTITY_REPRESENTATIONS',
    );
    // Split between two aliases, the representations still count together.
    const split = `query($a: [_Any!]!, $b: [_Any!]!) { a: _entities(representations: $a) { ... on Customer { __typename } } b: _entities(representations: $b) { ... on Customer { __typename } } }`;
    await expectRefused(await ask(split, { a: representations(600), b: representations(401) }), /Entity representations limit of 1000 exceeded, found 1001/, 'MAX_ENTITY_REPRESENTATIONS');
    // A batch that does not coerce (a null representation) is refused; what it cost is not kept for the
    // valid batches of its length (the costs are kept per document and variables: a review found that hole).
    const poisoned = await ask(ENTITIES(name), { representations: [null, ...representations(limits.maxEntityRepresentations + 1)] });
    expect(poisoned.data?._entities ?? null).toBeNull();
    await expectRefused(
      await ask(ENTITIES(name), { representations: representations(limits.maxEntityRepresentations + 2) }),
      /Entity representations limit of 1000 exceeded, found 1002/, 'MAX_ENTITY_REPRESENTATIONS',
    );
    expect(system.queryCounts()[name]).toBe(before);
  });
});

describe('the cost of an operation through the gateway', () => {
  const ask = async (query: string, variables?: unknown) => postGraphQL(system.gatewayUrl, { query, variables }, await tokenFor('employment-expert'));
  const LOGS = (first: string) => ['joint', 'employment', 'wellbeing', 'kela'].map((r) => `${r}AccessLog${first} { ${LOG_FIELDS} }`).join(' ');

  // About 2,700 per customer of the page: 1 customer passes, 1,000 (2,716,250) are refused.
  const BY_PAGE_SIZE = `query($n: Int) { caseload(first: $n) { edges { node { id lastName ${LOGS('(first: 10)')} } } } }`;

  it("counts list sizes given as variables: small passes, large is refused, the product's whole page passes", async () => {
    expect(limitErrors(await ask(BY_PAGE_SIZE, { n: 1 }))).toEqual([]);
    await expectRefused(await ask(BY_PAGE_SIZE, { n: 1000 }), /Cost limit of 500000 exceeded, found 2716250/, 'MAX_QUERY_COST');
    // The product's caseload view over a whole page of 1,000 customers (about 443,000) is admitted.
    const page = await ask(CASELOAD_QUERY, { first: 1000 });
    expect(page.status).toBe(200);
    expect(limitErrors(page)).toEqual([]);
  });

  it('counts a variable default and the schema argument defaults (caseload 50, access logs 100) as literals', async () => {
    expect(limitErrors(await ask(`{ caseload(first: 1) { edges { node { id ${LOGS('(first: 1)')} } } } }`))).toEqual([]);
    await expectRefused(await ask(`query($n: Int = 50, $m: Int = 100) { caseload(first: $n) { edges { node { id ${LOGS('(first: $m)')} } } } }`), /Cost limit of 500000 exceeded/, 'MAX_QUERY_COST');
    await expectRefused(await ask(`{ caseload { edges { node { id ${LOGS('')} } } } }`), /Cost limit of 500000 exceeded/, 'MAX_QUERY_COST');
  });

  it("costs a size that is not known (first: null) at the field's maximum", async () => {
    expect(limitErrors(await ask(BY_PAGE_SIZE, { n: 100 }))).toEqual([]);
    await expectRefused(await ask(BY_PAGE_SIZE, { n: null }), /Cost limit of 500000 exceeded, found 2716250/, 'MAX_QUERY_COST');
  });

  it('names the field-merging limit when a field is repeated too often (today: "Validation aborted.")', async () => {
    for (const query of [`{ ${'caseload { totalCount } '.repeat(600)} }`, `{ ${'a: caseload { totalCount } '.repeat(490)} }`]) {
      const result = await ask(query);
      expect(result.status).toBe(400);
      expect(messages(result)).not.toMatch(/Validation aborted/);
      expect(messages(result)).toMatch(/Field-merging limit exceeded/);
      // Each refusal names its limit (with aliases, the alias limit is named too).
      expect(result.errors?.every((e) => typeof e.extensions?.limit === 'string')).toBe(true);
    }
  });
});

describe('look-ups by identity code', () => {
  const BY_CODE = 'query($code: String!) { customerByPersonalIdentityCode(personalIdentityCode: $code) { id } }';
  const code = () => demoPopulation()[0].personalIdentityCode;

  it(`are bounded per caller and time window (here ${LOOKUPS} per 600 s), at the gateway and at the joint register alike; other callers are unaffected`, async () => {
    const caller = await tokenFor({ ...presetClaims('employment-expert'), sub: 'sweeper-1' });
    for (let i = 0; i < LOOKUPS; i++) {
      const allowed = await postGraphQL(i % 2 ? subgraphUrl('joint') : system.gatewayUrl, { query: BY_CODE, variables: { code: code() } }, caller);
      expect(allowed.errors?.filter((e) => e.extensions?.code === 'RATE_LIMITED') ?? []).toEqual([]);
    }
    for (const url of [system.gatewayUrl, subgraphUrl('joint')]) {
      const refused = await postGraphQL(url, { query: BY_CODE, variables: { code: code() } }, caller);
      expect(refused.data?.customerByPersonalIdentityCode ?? null).toBeNull();
      const error = refused.errors?.find((e) => e.extensions?.code === 'RATE_LIMITED');
      expect(error?.message).toMatch(new RegExp(`at most ${LOOKUPS} look-ups by identity code per 600 s .*IDENTITY_CODE_LOOKUP_LIMIT.*try again in \\d+ s`));
      expect(error?.extensions).toMatchObject({ limit: 'IDENTITY_CODE_LOOKUP_LIMIT' });
      expect(error?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
    }
    // Aliases do not multiply the budget: each look-up counts.
    const other = await tokenFor({ ...presetClaims('employment-expert'), sub: 'sweeper-2' });
    const aliased = await postGraphQL(system.gatewayUrl, {
      query: `query($code: String!) { ${Array.from({ length: LOOKUPS + 1 }, (_, i) => `c${i}: customerByPersonalIdentityCode(personalIdentityCode: $code) { id }`).join(' ')} }`,
      variables: { code: code() },
    }, other);
    expect(aliased.errors?.filter((e) => e.extensions?.code === 'RATE_LIMITED')).toHaveLength(1);

    // Another caller's budget is untouched.
    const official = await tokenFor('employment-expert');
    const result = await postGraphQL(system.gatewayUrl, { query: BY_CODE, variables: { code: code() } }, official);
    expect(result.errors ?? []).toEqual([]);
    expect(result.data?.customerByPersonalIdentityCode).toEqual({ id: demoPopulation()[0].id });
  });

  // Found by an outsider (session 28): 35 admissions of one code in a minute each answered ALREADY_CUSTOMER with the
  // customer's id, none counted. An admission finds the person by code: it spends the same budget, before the register is read.
  it('admissions spend the same budget: an admission past it is refused and admits nobody', async () => {
    const caller = await tokenFor({ ...presetClaims('employment-expert'), sub: 'admitter-1' });
    const customer = (await system.subgraphs.joint.db.customer.findFirst({
      where: { cooperationArea: 'KESKI_UUSIMAA', customershipEndedOn: null }, select: { id: true, personalIdentityCode: true }, orderBy: { id: 'asc' },
    }))!;
    const ADMIT = 'mutation($input: AdmitCustomerInput!) { admitCustomer(input: $input) { outcome customer { id } } }';
    const admit = (url: string, personalIdentityCode: string) => postGraphQL(url, { query: ADMIT, variables: { input: {
      idempotencyKey: randomUUID(), personalIdentityCode, firstNames: 'Testi', lastName: 'Henkilö', homeMunicipality: 'Kerava', startedOn: todayInFinland(),
      referral: { referredOn: todayInFinland(), fromAuthority: 'KELA', referredBy: 'Kela Kerava', note: 'rate' },
      responsibleOfficials: [{ authority: 'EMPLOYMENT', officialId: 'employment-employment-expert-1', name: 'Testi Virkailija', role: 'EMPLOYMENT_EXPERT' }],
    } } }, caller);
    for (const url of [system.gatewayUrl, subgraphUrl('joint')]) {
      const known = await admit(url, customer.personalIdentityCode);
      expect({ errors: known.errors, data: known.data }).toEqual({ errors: undefined, data: { admitCustomer: { outcome: 'ALREADY_CUSTOMER', customer: { id: customer.id } } } });
    }
    expect((await postGraphQL(subgraphUrl('joint'), { query: BY_CODE, variables: { code: customer.personalIdentityCode } }, caller)).errors).toBeUndefined();
    const nobody = artificialPersonalIdentityCode('1931-02-03', 977);
    for (const url of [system.gatewayUrl, subgraphUrl('joint')]) {
      const refused = await admit(url, nobody);
      expect(refused.data?.admitCustomer ?? null).toBeNull();
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'IDENTITY_CODE_LOOKUP_LIMIT' });
    }
    expect(await system.subgraphs.joint.db.customer.count({ where: { personalIdentityCode: nobody } })).toBe(0);
  });
});

// Found by an outsider (session 24): a register's GET /graphql in a browser served Apollo's landing page, which
// loads Apollo's Sandbox from Apollo's CDN. A register serves no page; the gateway's playground is served locally.
it.each(SUBGRAPH_NAMES)('serves a browser no page that loads anything from a third party (%s)', async (name) => {
  for (const path of ['/graphql', '/']) {
    const response = await fetch(new URL(path, subgraphUrl(name)), { headers: { accept: 'text/html' } });
    const body = await response.text();
    expect({ path, html: /<html|<script/i.test(body), cdn: /apollographql\.com|embeddable-sandbox|cdn\./i.test(body) }).toEqual({ path, html: false, cdn: false });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  }
});
