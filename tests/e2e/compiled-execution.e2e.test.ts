// The registers execute an operation compiled by graphql-jit from its second time on (issue 11;
// shared/src/graphql/compiled-execution.ts). Two systems on the same demo data, one compiling (the default) and one
// on graphql-js's executor alone (GRAPHQL_EXECUTOR=graphql-js), must answer byte for byte the same, the first time
// and the second, refusals and errors included, through the gateway and straight to a register, and log the same
// uses and attempts of the same customers.
import { GraphQLObjectType } from 'graphql';
import { presetClaims } from '../../shared/src/auth/presets';
import { addDays, demoPopulation } from '../../shared/src/demo/population';
import { compiledExecution } from '../../shared/src/graphql/compiled-execution';
import { todayInFinland } from '../../shared/src/law/today';
import { CASELOAD_QUERY } from '../support/queries';
import { apiSchema, selectAll } from '../support/selection';
import { postGraphQL, startSystem, System, tokenFor } from '../support/system';

const QUIET = { SUBGRAPH_TIMEOUT_MS: '60000', LOG_SEAL_INTERVAL_MS: '3600000', REGISTER_NOTICE_RETRY_MS: '3600000' };
let compiled: System;
let interpreted: System;
beforeAll(async () => {
  compiled = await startSystem({ env: QUIET });
  interpreted = await startSystem({ env: { ...QUIET, GRAPHQL_EXECUTOR: 'graphql-js' } });
}, 240_000);
afterAll(async () => { await compiled?.stop(); await interpreted?.stop(); });

const IDEMPOTENCY_KEY = '5d1f0a57-2f7e-4c1b-9a43-0b6c8e7d2f11';
// Tomorrow in Finland, whose day the registers' rules use (shared/src/law/today.ts): from 21:00 or 22:00 UTC the
// UTC calendar's tomorrow is already Finland's today, and the write would be accepted.
const tomorrow = () => addDays(todayInFinland(), 1);
const official = presetClaims('employment-work-ability-coordinator');
// A third party: the first demo customer's consent covers the employer (tests/e2e/faults).
const employer = presetClaims('employer');
// Every field of a customer but the logs (which grow with every request), refused ones included.
const fullView = () => `query Full($id: ID!) { customer(id: $id) { ${selectAll(apiSchema().getType('Customer') as GraphQLObjectType, (f) => /AccessLog$|^disclosures$/.test(f.field))} } }`;

/**
 * An answer as JSON text, its errors sorted (the registers answer the gateway in parallel, in no fixed order), and
 * each id the seed drew at random (a row's own id; the demo customers' ids are fixed) named by its first place.
 */
function canonical(answer: { errors?: unknown[]; status?: number }): string {
  const text = JSON.stringify(answer.errors ? { ...answer, errors: answer.errors.map((e) => JSON.stringify(e)).sort() } : answer);
  const fixed = new Set(demoPopulation().map((c) => c.id));
  const drawn = new Map<string, string>();
  return text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => fixed.has(id) ? id : drawn.get(id) ?? (drawn.set(id, `drawn-${drawn.size}`), `drawn-${drawn.size - 1}`));
}

/** The same requests to one system: its answers (canonical JSON text) and the access-log entries they wrote. */
async function answersAndEntries(system: System, customerId: string, otherAreasCustomerId: string) {
  const since = new Date();
  // Each request twice: the first executed by graphql-js, the second compiled (where compiling).
  const answers = [...await askAll(system, customerId, otherAreasCustomerId), ...await askAll(system, customerId, otherAreasCustomerId)];
  const entries: Record<string, string[]> = {};
  for (const [name, running] of Object.entries(system.subgraphs)) {
    const rows = await running.db.accessLogEntry.findMany({ where: { actorId: { in: [official.sub, employer.sub] }, at: { gte: since } } });
    entries[name] = rows.map((r: { operation: string; outcome: string; categories: string[]; customerIds: string[]; operationName: string | null }) => JSON.stringify({
      operation: r.operation, outcome: r.outcome, operationName: r.operationName, categories: [...r.categories].sort(), customerIds: [...r.customerIds].sort(),
    })).sort();
  }
  return { answers, entries };
}

/** The requests, each answer as canonical JSON text. */
async function askAll(system: System, customerId: string, otherAreasCustomerId: string): Promise<string[]> {
  const joint = system.subgraphs.joint.listening.url;
  const employment = system.subgraphs.employment.listening.url;
  const token = await tokenFor(official);
  return [
    await system.query(official, CASELOAD_QUERY, { first: 100 }),
    await system.query(official, fullView(), { id: customerId }),
    // A customer of another area, asked by each official: nothing is said of it.
    await system.query(presetClaims('employment-expert-lapland'), fullView(), { id: customerId }),
    await system.query(official, fullView(), { id: otherAreasCustomerId }),
    // A third party under the customer's consent: what it names, and refusals for the rest; through the gateway
    // and straight to a register.
    await system.query(employer, fullView(), { id: demoPopulation()[0].id }),
    await postGraphQL(employment, { query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { employment { jobSeeker { employmentStatus } offers { title } } } } }', variables: { r: [{ __typename: 'Customer', id: demoPopulation()[0].id }] } }, await tokenFor(employer)),
    // Straight to the registers: the gateway's kind of fetch, and input each layer refuses.
    await postGraphQL(joint, { query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id lastName customership { startedOn } services { name state } } } }`, variables: { r: [{ __typename: 'Customer', id: customerId }, { __typename: 'Customer', id: otherAreasCustomerId }] } }, token),
    await postGraphQL(joint, { query: 'query($a: AccessOutcome) { jointAccessLog(outcome: $a) { id } }', variables: { a: 'ALLOW' } }, token),
    await postGraphQL(joint, { query: 'query($first: Int!) { caseload(first: $first) { totalCount } }', variables: {} }, token),
    await postGraphQL(joint, { query: 'query($first: Int!) { caseload(first: $first) { totalCount } }', variables: { first: 'ten' } }, token),
    await postGraphQL(joint, { query: '{ caseload(first: 1001) { totalCount } }' }, token),
    await postGraphQL(joint, { query: 'query Other { __typename }', operationName: 'Nope' } as never, token),
    await postGraphQL(joint, { query: 'query A { __typename } query B { customerByPersonalIdentityCode(personalIdentityCode: "010190-900X") { id } }', operationName: 'B' } as never, token),
    await postGraphQL(employment, { query: '{ __schema { queryType { name } mutationType { fields { name } } } }' }, token),
    // A write refused for its input (a request received tomorrow): allowed, not made, nothing written.
    await postGraphQL(joint, {
      query: 'mutation($input: RecordDataSubjectRequestInput!) { recordDataSubjectRequest(input: $input) { id } }',
      variables: { input: { customerId, kind: 'ACCESS', channel: 'IN_WRITING', identityVerification: 'IDENTITY_DOCUMENT', register: 'JOINT', details: 'A copy of my data', categories: [], receivedOn: tomorrow(), idempotencyKey: IDEMPOTENCY_KEY } },
    }, token),
  ].map(canonical);
}

it('answers and logs as graphql-js does, refusals and errors included', async () => {
  const page = await compiled.query<{ caseload: { edges: { node: { id: string; homeMunicipality: string } }[] } }>(official, CASELOAD_QUERY, { first: 1 });
  const customerId = page.data!.caseload.edges[0].node.id;
  const lapland = await compiled.query<{ caseload: { edges: { node: { id: string } }[] } }>(presetClaims('employment-expert-lapland'), CASELOAD_QUERY, { first: 1 });
  const otherAreasCustomerId = lapland.data!.caseload.edges[0].node.id;
  const ofCompiled = await answersAndEntries(compiled, customerId, otherAreasCustomerId);
  const ofInterpreted = await answersAndEntries(interpreted, customerId, otherAreasCustomerId);
  // Something to compare, the second time (compiled): data, refusals, and each kind of error named as graphql-js names it.
  const [caseload, full, , other, consented, consentedEntities, entities, badEnum, missing, badInt, tooMany, noOperation, , schema, badInput] = ofCompiled.answers.slice(ofCompiled.answers.length / 2).map((a) => JSON.parse(a));
  expect(caseload.errors).toBeUndefined();
  expect(caseload.data.caseload.edges.length).toBeGreaterThanOrEqual(20);
  expect(full.data.customer.id).toBe(customerId);
  expect(full.errors.some((e: string) => JSON.parse(e).extensions?.code === 'FORBIDDEN')).toBe(true);
  expect(other.data.customer).toBeNull(); // not in the official's area: nothing said of it
  expect(consented.data.customer.id).toBe(demoPopulation()[0].id);
  expect(consented.errors.some((e: string) => JSON.parse(e).extensions?.code === 'FORBIDDEN')).toBe(true);
  expect(consentedEntities.data._entities[0].employment.jobSeeker.employmentStatus).toEqual(expect.any(String));
  expect(entities.data._entities[0].id).toBe(customerId);
  expect(JSON.parse(badEnum.errors[0])).toMatchObject({ message: 'Variable "$a" got invalid value "ALLOW"; Value "ALLOW" does not exist in "AccessOutcome" enum.', extensions: { code: 'BAD_USER_INPUT' } });
  expect(JSON.parse(missing.errors[0])).toMatchObject({ message: 'Variable "$first" of required type "Int!" was not provided.', extensions: { code: 'BAD_USER_INPUT' } });
  expect(JSON.parse(badInt.errors[0]).extensions.code).toBe('BAD_USER_INPUT');
  expect(JSON.parse(tooMany.errors[0]).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  expect(noOperation.status).toBe(400);
  expect(JSON.parse(noOperation.errors[0]).extensions.code).toBe('OPERATION_RESOLUTION_FAILURE');
  expect(schema.data.__schema.queryType.name).toBe('Query');
  expect(badInput.errors).toBeDefined();
  expect(ofCompiled.entries.joint.some((e) => e.includes('"DENIED"'))).toBe(true);
  expect(ofCompiled.answers).toEqual(ofInterpreted.answers);
  expect(ofCompiled.entries).toEqual(ofInterpreted.entries);
}, 240_000);

it('is the default, gives way to exported traces, and refuses a misspelt setting', () => {
  expect(compiledExecution({})).toBe(true);
  expect(compiledExecution({ GRAPHQL_EXECUTOR: '' })).toBe(true);
  expect(compiledExecution({ GRAPHQL_EXECUTOR: 'jit' })).toBe(true);
  expect(compiledExecution({ GRAPHQL_EXECUTOR: 'graphql-js' })).toBe(false);
  expect(compiledExecution({ OTEL_TRACES_EXPORTER: 'otlp' })).toBe(false);
  expect(() => compiledExecution({ GRAPHQL_EXECUTOR: 'JIT' })).toThrow('GRAPHQL_EXECUTOR must be jit or graphql-js, not "JIT"');
});
