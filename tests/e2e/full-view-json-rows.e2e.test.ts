// Every register reads every kind of row as one JSON text per batch, and the batches of one turn go as one
// statement (issue 11; shared/src/graphql/json-rows.ts). The full view of one customer asks every kind: it
// must answer exactly what whole rows read through Prisma's findMany answer (JSON_ROWS=off), leave the same
// access-log entries, and send far fewer statements (one per wave of the query, not one per kind).
import { customerType, selectAll } from '../support/selection';
import { startSystem, System } from '../support/system';
import { throughPrisma } from '../support/lean-loaders';

let system: System;
beforeAll(async () => {
  // The log sealer's and the notice retries' own statements are kept out of the counts.
  system = await startSystem({ env: { LOG_SEAL_INTERVAL_MS: '3600000', REGISTER_NOTICE_RETRY_MS: '3600000' } });
});
afterAll(() => system?.stop());

/** Every customer field, but not the logs (their own tests) nor fields that take arguments. */
const FULL_VIEW = () => `query($id: ID!) { customer(id: $id) { ${selectAll(customerType(), (f) => /AccessLog$|^disclosures$/.test(f.field))} } }`;

/** The demo customers with the most kinds of rows across the four registers (the richest full views). */
async function richestCustomers(count: number): Promise<string[]> {
  const kinds = new Map<string, number>();
  for (const running of Object.values(system.subgraphs)) {
    const db = running.db as Record<string, { findMany?: (args: unknown) => Promise<{ customerId?: string }[]> }>;
    for (const [name, delegate] of Object.entries(db)) {
      if (name.startsWith('$') || name.startsWith('_') || typeof delegate?.findMany !== 'function' || /accessLog|disclosure|idempotency|seal|notice/i.test(name)) continue;
      const rows = await delegate.findMany({ select: { customerId: true } }).catch(() => []);
      for (const id of new Set(rows.map((r) => r.customerId).filter((id): id is string => typeof id === 'string'))) kinds.set(id, (kinds.get(id) ?? 0) + 1);
    }
  }
  return [...kinds].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, count).map(([id]) => id);
}

/** The access-log entries left since `since` (this test is the only caller), in each register, in a comparable form. */
async function entriesSince(since: Date) {
  const out: Record<string, unknown[]> = {};
  for (const [name, running] of Object.entries(system.subgraphs)) {
    const rows = await (running.db as { accessLogEntry: { findMany(args: unknown): Promise<{ operation: string; outcome: string; categories: string[]; customerIds: string[] }[]> } })
      .accessLogEntry.findMany({ where: { at: { gte: since } } });
    out[name] = rows.map((r) => ({ operation: r.operation, outcome: r.outcome, categories: [...r.categories].sort(), customerIds: [...r.customerIds].sort() }))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }
  return out;
}

const counted = async <T>(read: () => Promise<T>) => {
  const before = system.queryCounts();
  const answer = await read();
  const after = system.queryCounts();
  return { answer, statements: Object.fromEntries(Object.keys(after).map((name) => [name, after[name] - before[name]])) };
};

it('answers the full view as whole rows through Prisma do, with the same access log and far fewer statements', async () => {
  const customers = await richestCustomers(3);
  expect(customers).toHaveLength(3);
  for (const id of customers) {
    // The customer reads all of their own data (tests/e2e/customer-graph.e2e.test.ts).
    const caller = `customer:${id}`;
    const read = () => system.query(caller, FULL_VIEW(), { id });
    await read(); // warm-up: first-request work is not counted
    const prismaSince = new Date();
    const prisma = await counted(() => throughPrisma(read));
    const prismaLog = await entriesSince(prismaSince);
    const jsonSince = new Date();
    const json = await counted(read);
    const jsonLog = await entriesSince(jsonSince);

    expect((json.answer.errors ?? []).filter((e) => e.extensions?.code !== 'FORBIDDEN')).toEqual([]);
    expect(json.answer.errors?.length ?? 0).toBe(prisma.answer.errors?.length ?? 0);
    expect(json.answer.data).toEqual(prisma.answer.data);
    expect(Object.values(jsonLog).flat().length).toBeGreaterThan(0);
    expect(jsonLog).toEqual(prismaLog);
    // One statement per kind of row through Prisma; through JSON one per wave of the query in each register.
    for (const name of Object.keys(json.statements)) expect(json.statements[name]).toBeLessThan(prisma.statements[name]);
    const total = (s: Record<string, number>) => Object.values(s).reduce((a, b) => a + b, 0);
    expect(total(json.statements)).toBeLessThanOrEqual(total(prisma.statements) / 2);
    console.log(`full view statements, JSON ${JSON.stringify(json.statements)} against Prisma ${JSON.stringify(prisma.statements)}`);
  }
}, 300_000);
