// The joint register's caseload rows come as one JSON text per kind (issue 11; shared/src/graphql/json-rows.ts).
// Through the gateway, a caseload of 150 customers must answer exactly what it answers when whole rows are
// read through Prisma (LEAN_LOADERS=off JSON_ROWS=off): the same customers in the same order, the same values, dates and
// instants in the same text, each list in its order; and the access log must name the same uses.
import { presetClaims } from '../../shared/src/auth/presets';
import { CASELOAD_QUERY } from '../support/queries';
import { startSystem, System } from '../support/system';
import { caseloadBothWays, throughPrisma } from '../support/lean-loaders';
import { isoOf, jsonRowsSql, jsonTableOf } from '../../shared/src/graphql/json-rows';
import { DateScalar, DateTimeScalar } from '../../shared/src/graphql/scalars';

let system: System;
beforeAll(async () => {
  system = await startSystem({ env: { SUBGRAPH_TIMEOUT_MS: '60000', LOG_SEAL_INTERVAL_MS: '3600000', REGISTER_NOTICE_RETRY_MS: '3600000' } });
  // One official responsible for 150 of Keski-Uusimaa's customers (as tests/e2e/customer-graph.e2e.test.ts).
  const db = system.subgraphs.joint.db;
  const customers = await db.customer.findMany({ where: { cooperationArea: 'KESKI_UUSIMAA' }, select: { id: true }, orderBy: { id: 'asc' }, take: 150 });
  expect(customers).toHaveLength(150);
  await db.responsibleOfficial.updateMany({ where: { authority: 'KELA', customerId: { in: customers.map((c: { id: string }) => c.id) } }, data: { officialId: official.sub, until: null } });
}, 150_000);
afterAll(() => system?.stop());

// A Kela official of Keski-Uusimaa's joint service (the area of the 150: shared/src/law/areas.ts).
const official = { ...presetClaims('kela-benefit-expert'), sub: 'test-official-json-rows' };

type Node = Record<string, unknown> & { id: string;
  meetings: { heldAt: string | null }[]; services: { startsOn: string | null }[]; responsibleOfficials: { authority: string }[];
  employmentPlan: { reviews: { reviewedOn: string }[] } | null;
};

/** Each list sorted by its JSON text: rows equal in their sort key may come in either order from either statement. */
function canonical(node: Node) {
  const sorted = (list: unknown[] | null | undefined) => list && [...list].map((x) => JSON.stringify(x)).sort();
  return {
    ...node, meetings: sorted(node.meetings), services: sorted(node.services), responsibleOfficials: sorted(node.responsibleOfficials),
    employmentPlan: node.employmentPlan && { ...node.employmentPlan, reviews: sorted(node.employmentPlan.reviews) },
  };
}

/** Whether `keys` are in the order the loader promises (null first for descending, last for ascending: PostgreSQL's default). */
function ordered(keys: (string | null)[], direction: 'asc' | 'desc', rank: (k: string) => string | number = (k) => k) {
  for (let i = 1; i < keys.length; i++) {
    const [a, b] = [keys[i - 1], keys[i]];
    if (a === null || b === null) {
      if (direction === 'desc' ? a !== null && b === null : a === null && b !== null) return false;
      continue;
    }
    if (direction === 'asc' ? rank(a) > rank(b) : rank(a) < rank(b)) return false;
  }
  return true;
}

it('answers a caseload of 150 as the whole rows read through Prisma answer it, lists in their order', async () => {
  const { lean: leanNodes } = await caseloadBothWays<Node>(system, official, CASELOAD_QUERY, canonical);
  // Rows of every kind were there to compare, with dates and instants.
  expect(leanNodes.some((n) => n.meetings.some((m) => m.heldAt && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(m.heldAt)))).toBe(true);
  expect(leanNodes.some((n) => n.services.some((s) => s.startsOn && /^\d{4}-\d{2}-\d{2}$/.test(s.startsOn)))).toBe(true);
  expect(leanNodes.some((n) => (n.employmentPlan?.reviews.length ?? 0) > 0)).toBe(true);
  const authorities = ['EMPLOYMENT', 'WELLBEING', 'KELA'];
  for (const node of leanNodes) {
    expect(ordered(node.meetings.map((m) => m.heldAt), 'desc')).toBe(true);
    expect(ordered(node.services.map((s) => s.startsOn), 'asc')).toBe(true);
    expect(ordered(node.responsibleOfficials.map((o) => o.authority), 'asc', (a) => authorities.indexOf(a))).toBe(true);
    expect(ordered(node.employmentPlan?.reviews.map((r) => r.reviewedOn) ?? [], 'asc')).toBe(true);
  }
}, 150_000);

it('logs the same uses of the same customers as whole rows do', async () => {
  const db = system.subgraphs.joint.db;
  const entriesOf = async (lean: boolean) => {
    const since = new Date();
    const read = () => system.query(official, CASELOAD_QUERY, { first: 50 });
    await (lean ? read() : throughPrisma(read));
    const rows = await db.accessLogEntry.findMany({ where: { actorId: official.sub, at: { gte: since } } });
    return rows.map((r: { operation: string; outcome: string; categories: string[]; customerIds: string[] }) => ({
      operation: r.operation, outcome: r.outcome, categories: [...r.categories].sort(), customerIds: [...r.customerIds].sort(),
    })).sort((a: object, b: object) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  };
  const whole = await entriesOf(false);
  const lean = await entriesOf(true);
  expect(whole.length).toBeGreaterThan(0);
  expect(lean).toEqual(whole);
}, 120_000);

it('reads only the fields asked, by bound ids, and names no table it does not know', () => {
  const db = system.subgraphs.joint.db;
  const meeting = jsonTableOf(db, 'Meeting');
  expect(meeting.dateTimes.has('heldAt')).toBe(true);
  expect(meeting.dateTimes.has('mode')).toBe(false);
  const sql = jsonRowsSql(meeting, ['id', 'customerId', 'heldAt', 'mode'], 'customerId', [['heldAt', 'desc']]);
  expect(sql).toContain('= ANY($1::text[])');
  expect(sql).not.toContain('participants');
  expect(() => jsonTableOf(db, 'NoSuchModel')).toThrow(/no model NoSuchModel/);
});

it('passes dates and instants already in their ISO text through the scalars unchanged', () => {
  expect(DateScalar.serialize('2026-03-01T00:00:00.000Z')).toBe('2026-03-01');
  expect(DateTimeScalar.serialize('2026-03-01T09:30:00.000Z')).toBe('2026-03-01T09:30:00.000Z');
  expect(DateScalar.serialize('2026-03-01')).toBe('2026-03-01');
  expect(DateScalar.serialize(new Date('2026-03-01T00:00:00Z'))).toBe('2026-03-01');
  expect(DateTimeScalar.serialize('2026-03-01')).toBe('2026-03-01T00:00:00.000Z');
  // PostgreSQL's JSON forms of a date and of a timestamp without a zone, as the instants Prisma would give.
  for (const [json, iso] of [['2026-03-01', '2026-03-01'], ['2026-03-01T09:30:00', '2026-03-01T09:30:00.000Z'], ['2026-03-01T09:30:00.5', '2026-03-01T09:30:00.500Z'],
    ['2026-03-01T09:30:00.123', '2026-03-01T09:30:00.123Z'], ['2026-03-01T09:30:00.123456', '2026-03-01T09:30:00.123Z'], ['2026-03-01T09:30:00+02:00', '2026-03-01T07:30:00.000Z']]) {
    expect(isoOf(json)).toBe(iso);
  }
  // Any other text is read as a date first, as before.
  expect(DateTimeScalar.serialize('2026-03-01T09:30:00+02:00')).toBe('2026-03-01T07:30:00.000Z');
});
