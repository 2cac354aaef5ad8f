// The service processes switch graphql-js to its production instanceOf and give fields without arguments one
// shared empty arguments object (issue 11; shared/src/graphql/graphql-execution.ts). The same system, before
// and after the switch, must answer byte for byte the same (the caller's caseload through the gateway, and one
// customer's every field, refusals included) and log the same uses and attempts of the same customers.
import { GraphQLObjectType } from 'graphql';
import { presetClaims } from '../../shared/src/auth/presets';
import { leanGraphqlExecution } from '../../shared/src/graphql/graphql-execution';
import { CASELOAD_QUERY } from '../support/queries';
import { apiSchema, selectAll } from '../support/selection';
import { startSystem, System } from '../support/system';

let system: System;
beforeAll(async () => {
  system = await startSystem({ env: { SUBGRAPH_TIMEOUT_MS: '60000', LOG_SEAL_INTERVAL_MS: '3600000', REGISTER_NOTICE_RETRY_MS: '3600000' } });
}, 150_000);
afterAll(() => system?.stop());

// The benchmark's caller (scripts/bench.ts, scripts/profile.ts): an official with a caseload.
const official = presetClaims('employment-work-ability-coordinator');
// Every field of a customer but the logs (which grow with every request), refused ones included.
const fullView = () => `query Full($id: ID!) { customer(id: $id) { ${selectAll(apiSchema().getType('Customer') as GraphQLObjectType, (f) => /AccessLog$|^disclosures$/.test(f.field))} } }`;

/**
 * An answer as JSON text, its errors sorted: the gateway fetches from the registers in parallel, and the order of
 * the errors follows which register answered first (CI on PostgreSQL saw two orders); GraphQL gives it no meaning.
 */
function canonical(answer: { errors?: unknown[] }): string {
  return JSON.stringify(answer.errors ? { ...answer, errors: answer.errors.map((e) => JSON.stringify(e)).sort() } : answer);
}

/** The answers (canonical JSON text) and the access-log entries of every register that the requests wrote. */
async function answersAndEntries(customerId: string) {
  const since = new Date();
  const answers = [
    canonical(await system.query(official, CASELOAD_QUERY, { first: 100 })),
    canonical(await system.query(official, fullView(), { id: customerId })),
  ];
  const entries: Record<string, unknown[]> = {};
  for (const [name, running] of Object.entries(system.subgraphs)) {
    const rows = await running.db.accessLogEntry.findMany({ where: { actorId: official.sub, at: { gte: since } } });
    entries[name] = rows.map((r: { operation: string; outcome: string; categories: string[]; customerIds: string[]; operationName: string | null }) => ({
      operation: r.operation, outcome: r.outcome, operationName: r.operationName, categories: [...r.categories].sort(), customerIds: [...r.customerIds].sort(),
    })).map((e: object) => JSON.stringify(e)).sort();
  }
  return { answers, entries };
}

it('answers and logs exactly as graphql-js does by default', async () => {
  const first = await system.query<{ caseload: { edges: { node: { id: string } }[] } }>(official, CASELOAD_QUERY, { first: 1 });
  const customerId = first.data!.caseload.edges[0].node.id;
  const before = await answersAndEntries(customerId);
  // Something to compare: a caseload page with data, and a full view with both values and refusals.
  const caseload = JSON.parse(before.answers[0]);
  expect(caseload.errors).toBeUndefined();
  expect(caseload.data.caseload.edges.length).toBeGreaterThanOrEqual(20);
  const full = JSON.parse(before.answers[1]);
  expect(full.data.customer.id).toBe(customerId);
  expect(full.errors?.some((e: string) => JSON.parse(e).extensions?.code === 'FORBIDDEN')).toBe(true);
  expect(before.entries.joint.some((e) => (e as string).includes('"DENIED"'))).toBe(true);

  expect(leanGraphqlExecution()).toEqual({ productionInstanceOf: true, sharedEmptyArguments: true });
  const after = await answersAndEntries(customerId);
  expect(after.answers).toEqual(before.answers);
  expect(after.entries).toEqual(before.entries);
}, 150_000);
