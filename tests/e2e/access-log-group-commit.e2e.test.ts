// Group commit of every register's access-log entries and of its area-and-restriction look-ups (issue 11;
// shared/src/graphql/subgraph.ts recordsPlugin, shared/src/graphql/home-municipalities.ts): requests that
// finish together share one INSERT, requests that decide together share one look-up. What must not change:
// every request's own entry, naming its own caller, request and customers, is stored before its answer; a
// failed INSERT withholds the answer of every request whose entry it held (no data without its entry); and a
// restriction placed before a request is seen by it.
import { randomUUID } from 'node:crypto';
import { CASELOAD_QUERY } from '../support/queries';
import { postGraphQL, startSystem, System, tokenFor } from '../support/system';
import { presetClaims } from '../../shared/src/auth/presets';

let system: System;
beforeAll(async () => { system = await startSystem({ env: { LOG_SEAL_INTERVAL_MS: '3600000' } }); });
afterAll(() => system?.stop());

const OFFICIALS = ['employment-expert', 'employment-expert-lapland', 'wellbeing-social-worker', 'wellbeing-social-worker-lapland', 'kela-benefit-expert', 'kela-benefit-expert-lapland'];
const ENTITIES = 'query Peek($reps: [_Any!]!) { _entities(representations: $reps) { ... on Customer { id employment { jobSeeker { employmentStatus } } } } }';
const employment = () => system.subgraphs.employment;

/** The caseload ids of an employment official (their own area's customers). */
async function caseloadIds(preset: string): Promise<string[]> {
  const result = await system.query(preset, CASELOAD_QUERY, { first: 20 });
  expect(result.errors?.filter((e) => e.extensions?.code !== 'FORBIDDEN') ?? []).toEqual([]);
  return result.data!.caseload.edges.map((e: { node: { id: string } }) => e.node.id);
}

describe('concurrent requests to one register', () => {
  it('each store their own access-log entry before their answer, none merged or lost', async () => {
    const ids = await caseloadIds('employment-expert');
    expect(ids.length).toBeGreaterThan(4);
    const token = await tokenFor('employment-expert');
    const requestIds = Array.from({ length: 12 }, () => randomUUID());
    const before = system.queryCounts().employment;
    const answers = await Promise.all(requestIds.map((requestId, i) => postGraphQL(employment().listening.url,
      { query: ENTITIES, variables: { reps: [{ __typename: 'Customer', id: ids[i % ids.length] }] } }, token, { 'x-request-id': requestId })));
    const statements = system.queryCounts().employment - before;
    for (const answer of answers) expect(answer.errors).toBeUndefined();
    const entries = await employment().db.accessLogEntry.findMany({ where: { requestId: { in: requestIds } } });
    expect(entries).toHaveLength(requestIds.length);
    for (const [i, requestId] of requestIds.entries()) {
      expect(entries.filter((e: { requestId: string }) => e.requestId === requestId)).toEqual([expect.objectContaining({
        actorId: presetClaims('employment-expert').sub, customerIds: [ids[i % ids.length]], operation: 'READ', outcome: 'ALLOWED', operationName: 'Peek',
      })]);
    }
    // Alone, each request sends three statements (the area look-up, the rows, the entry). Printed, not
    // asserted: how many requests share a statement depends on how they arrive.
    console.log(`12 concurrent requests: ${statements} statements in the employment register (${requestIds.length * 3} one by one)`);
  });

  it('fail closed together: when the grouped INSERT fails, no request of the group releases data', async () => {
    const ids = await caseloadIds('employment-expert');
    const token = await tokenFor('employment-expert');
    await employment().database.execute('ALTER TABLE "AccessLogEntry" RENAME TO "AccessLogEntryAway"');
    let answers;
    try {
      answers = await Promise.all(ids.slice(0, 6).map((id) => postGraphQL(employment().listening.url, { query: ENTITIES, variables: { reps: [{ __typename: 'Customer', id }] } }, token)));
    } finally {
      await employment().database.execute('ALTER TABLE "AccessLogEntryAway" RENAME TO "AccessLogEntry"');
    }
    for (const answer of answers) {
      expect(answer.data ?? null).toBeNull();
      expect(answer.errors?.map((e) => e.extensions?.code)).toEqual(['RECORDING_FAILED']);
    }
    // And once the table is back, the same reads answer again (nothing was left broken).
    const again = await postGraphQL(employment().listening.url, { query: ENTITIES, variables: { reps: [{ __typename: 'Customer', id: ids[0] }] } }, token);
    expect(again.errors).toBeUndefined();
  });

  it('officials of every register reading together each get their own decisions by area (the shared look-up splits back per request)', async () => {
    // Each official's own caseload through the gateway, all at once: each sees exactly their own page.
    const alone: string[] = [];
    for (const preset of OFFICIALS) alone.push(JSON.stringify((await system.query(preset, CASELOAD_QUERY, { first: 10 })).data));
    const together = await Promise.all(OFFICIALS.map(async (preset) => JSON.stringify((await system.query(preset, CASELOAD_QUERY, { first: 10 })).data)));
    expect(together).toEqual(alone);
    expect(new Set(alone).size).toBeGreaterThan(1);
  });
});
