// The access report when a register does not answer (issue 12, outside review): with Kela's subgraph hung (as
// a process stopped with kill -STOP: it accepts connections and never answers), the customer's report is not
// issued as complete and not counted: 503 naming the register. Once Kela answers again, the report is
// issued and counted as the first of the year. Real HTTP servers, real tokens, real databases.
import type { RequestListener } from 'node:http';
import { demoPopulation } from '../../shared/src/demo/population';
import { areaOfMunicipality } from '../../shared/src/law/areas';
import { startSystem, System, tokenFor } from '../support/system';

let system: System;
beforeAll(async () => { system = await startSystem({ env: { SUBGRAPH_TIMEOUT_MS: '1500' } }); }, 120_000);
afterAll(() => system?.stop());

const report = async (customerId: string) => fetch(`${system.gatewayUrl.replace(/\/graphql$/, '')}/documents/access-report`, {
  headers: { authorization: `Bearer ${await tokenFor(`customer:${customerId}`)}` },
});
const issued = async (customerId: string) => (await system.query(`customer:${customerId}`, 'query($id: ID!) { customer(id: $id) { accessReports { ordinal chargeable } } }', { id: customerId })).data!.customer.accessReports;

/** Makes a register's HTTP server accept requests and never answer them (as a paused process); returns the undo. */
function hang(name: string): () => void {
  const server = system.subgraphs[name].listening.httpServer;
  const listeners = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', () => undefined);
  return () => {
    server.removeAllListeners('request');
    for (const listener of listeners) server.on('request', listener);
  };
}

it("answers 503 naming Kela, and counts nothing, while Kela's register does not answer; issues the report once it does", async () => {
  let customerId: string | undefined;
  for (const candidate of demoPopulation().filter((p) => areaOfMunicipality(p.homeMunicipality) === 'KESKI_UUSIMAA').slice(0, 60)) {
    const seen = await system.query(`customer:${candidate.id}`, 'query($id: ID!) { customer(id: $id) { kela { benefits { kind } } } }', { id: candidate.id });
    if (seen.data?.customer?.kela?.benefits?.length) { customerId = candidate.id; break; }
  }
  expect(customerId).toBeDefined();

  const undo = hang('kela');
  try {
    const down = await report(customerId!);
    expect(down.status).toBe(503);
    const text = await down.text();
    expect(text).toMatch(/Did not answer: KELA\./);
    expect(text).toMatch(/no report was issued or counted/);
    expect(text).not.toMatch(/Ei tietoja \/ No data/);
  } finally {
    undo();
  }
  expect(await issued(customerId!)).toEqual([]);

  const up = await report(customerId!);
  expect(up.status).toBe(200);
  const html = await up.text();
  expect(html).toContain('Vuoden ensimmäinen ote on maksuton / The first report of the year is free of charge.');
  expect(html).toMatch(/data-category="KELA_BENEFITS"/);
  expect(await issued(customerId!)).toEqual([{ ordinal: 1, chargeable: false }]);
});
