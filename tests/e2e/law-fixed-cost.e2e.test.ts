// The law's fixed cost per request (issue 11, BENCHMARKS.md change 13), end to end: every register writes a
// request's access-log entry in one raw INSERT (not Prisma's createMany) before the answer leaves, and the
// index of the entries by customer holds sealed entries only (migration access_log_customer_index_sealed), so
// that the request's insert adds nothing to it. What must not change: the entry as stored (same columns, lists
// as lists, unsealed until the sealer), and the customer's own log and the auditor's log by customer, which
// must find an entry both before and after it is sealed, once each.
import { presetClaims } from '../../shared/src/auth/presets';
import { demoPopulation } from '../../shared/src/demo/population';
import { sealerOf } from '../../shared/src/logs/chain';
import { startSystem, System } from '../support/system';

let system: System;
// No seal by the clock during the test: the test seals when it means to.
beforeAll(async () => { system = await startSystem({ env: { LOG_SEAL_INTERVAL_MS: '3600000' } }); });
afterAll(() => system?.stop());

const REGISTERS = ['joint', 'employment', 'wellbeing', 'kela'] as const;
const customer = () => demoPopulation()[3];
const EXPERT = presetClaims('employment-expert').sub;

interface StoredEntry { id: string; at: Date; actorId: string; actorRoles: string[]; customerIds: string[]; categories: string[]; operation: string; operationName: string | null; outcome: string; chainSeq: bigint | null }

async function kelaEntriesOf(actorId: string): Promise<StoredEntry[]> {
  return system.subgraphs.kela.db.accessLogEntry.findMany({ where: { actorId }, orderBy: { at: 'asc' } }) as Promise<StoredEntry[]>;
}

const ownLog = async () => {
  const mine = await system.query(`customer:${customer().id}`, 'query($id: ID!) { customer(id: $id) { kelaAccessLog(first: 1000) { id actorId categories operation } } }', { id: customer().id });
  expect(mine.errors).toBeUndefined();
  return mine.data!.customer.kelaAccessLog as { id: string; actorId: string }[];
};
const auditorsLog = async () => {
  const log = await system.query('auditor', 'query($id: ID) { kelaAccessLog(customerId: $id, first: 1000) { id actorId customerId outcome } }', { id: customer().id });
  expect(log.errors).toBeUndefined();
  return log.data!.kelaAccessLog as { id: string; actorId: string; customerId: string }[];
};

describe("the law's fixed cost per request", () => {
  it('writes the entry of a read before the answer, with the columns createMany wrote, unsealed until the sealer runs', async () => {
    const started = Date.now();
    const read = await system.query('employment-expert', 'query Benefits($id: ID!) { customer(id: $id) { kela { benefits { kind } } } }', { id: customer().id });
    expect(read.errors).toBeUndefined();
    const [entry] = (await kelaEntriesOf(EXPERT)).filter((e) => e.operationName?.startsWith('Benefits'));
    expect(entry).toMatchObject({ customerIds: [customer().id], operation: 'READ', operationName: expect.stringMatching(/^Benefits/), outcome: 'ALLOWED', chainSeq: null });
    expect(Array.isArray(entry.actorRoles) && entry.actorRoles.length).toBeTruthy();
    expect(entry.categories.length).toBeGreaterThan(0);
    expect(entry.at.getTime()).toBeGreaterThanOrEqual(started - 1000);
    expect(entry.at.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it("finds an entry in the customer's own log and the auditor's log by customer before and after it is sealed, once each", async () => {
    const read = await system.query('employment-expert', 'query Again($id: ID!) { customer(id: $id) { kela { benefits { kind } } } }', { id: customer().id });
    expect(read.errors).toBeUndefined();
    const unsealed = (await kelaEntriesOf(EXPERT)).filter((e) => e.chainSeq === null);
    expect(unsealed.length).toBeGreaterThan(0);

    const ownBefore = await ownLog();
    const auditBefore = await auditorsLog();
    for (const entry of unsealed) {
      expect(ownBefore.filter((e) => e.id.startsWith(entry.id))).toHaveLength(1);
      expect(auditBefore.filter((e) => e.id.startsWith(entry.id))).toHaveLength(1);
    }

    await sealerOf(system.subgraphs.kela.db)!.sealNow();
    expect((await kelaEntriesOf(EXPERT)).filter((e) => e.chainSeq === null)).toEqual([]);
    // The same answers, now through the index of sealed entries (the customers' own reads above were logged
    // too, in their own entries; those are not in these lists of an official's uses).
    const officials = (rows: { actorId: string; id: string }[]) => rows.filter((e) => e.actorId === EXPERT).map((e) => e.id).sort();
    expect(officials(await ownLog())).toEqual(officials(ownBefore));
    expect(officials(await auditorsLog())).toEqual(officials(auditBefore));
  });

  it('keeps the index of entries by customer for sealed entries only, in every register', async () => {
    for (const name of REGISTERS) {
      const indexes = await system.subgraphs[name].database.query<{ indexname: string; indexdef: string }>(
        `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'AccessLogEntry' AND indexdef LIKE '%customerIds%'`);
      expect([name, indexes.map((i) => [i.indexname, /USING gin .*WHERE \("chainSeq" IS NOT NULL\)/.test(i.indexdef)])])
        .toEqual([name, [['AccessLogEntry_customerIds_sealed_idx', true]]]);
    }
  });
});
