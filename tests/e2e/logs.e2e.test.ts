// Service logs: structured JSON, one request id through the gateway and every subgraph it touches,
// and never an identity code or a sensitive value.
import { demoPopulation } from '../../shared/src/demo/population';
import { IDENTITY_CODE } from '../../shared/src/log';
import { postGraphQL, startSystem, System, tokenFor } from '../support/system';
import { captureServiceLogs } from '../support/logs';

let system: System;
beforeAll(async () => { system = await startSystem(); });
afterAll(() => system?.stop());
const logLines = captureServiceLogs();

it('follows one request id through the gateway and every subgraph it touches', async () => {
  const customer = demoPopulation()[1];
  const requestId = 'trace-test-0001';
  const result = await postGraphQL(system.gatewayUrl, {
    query: 'query Trace($id: ID!) { customer(id: $id) { lastName employment { jobSeeker { employmentStatus } } kela { benefits { kind } } } }',
    variables: { id: customer.id },
  }, await tokenFor('employment-expert'), { 'x-request-id': requestId });
  expect(result.errors).toBeUndefined();
  const entries = logLines().map((line) => JSON.parse(line));
  const traced = entries.filter((e) => e.requestId === requestId && e.msg === 'request');
  expect(traced.map((e) => e.service).sort()).toEqual(['gateway', 'subgraph-employment', 'subgraph-joint', 'subgraph-kela']);
  for (const entry of traced) expect(entry).toMatchObject({ actorId: 'employment-employment-expert-1', operation: 'query' });
});

it('never logs an identity code or a sensitive value, also when a code is malformed', async () => {
  const customer = demoPopulation()[2];
  const token = await tokenFor('employment-expert');
  const BY_CODE = 'query ByCode($code: String!) { customerByPersonalIdentityCode(personalIdentityCode: $code) { lastName socialSituation { housing } } }';
  for (const code of [customer.personalIdentityCode, `${customer.personalIdentityCode.slice(0, 10)}Z`, '311399-9999']) {
    await postGraphQL(system.gatewayUrl, { query: BY_CODE, variables: { code } }, token);
  }
  const text = logLines().join('');
  expect(logLines().length).toBeGreaterThan(0);
  expect(text).not.toMatch(IDENTITY_CODE);
  expect(text).not.toContain(customer.personalIdentityCode);
  expect(text).not.toContain(customer.lastName);
});
