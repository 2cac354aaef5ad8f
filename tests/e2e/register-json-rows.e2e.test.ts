// The own registers' caseload rows (employment: job seeker, offers, statements; wellbeing: activation plan,
// work-ability assessments; Kela: benefits, rehabilitation decisions) come as one JSON text per kind, as the
// joint register's do (issue 11; shared/src/graphql/json-rows.ts), and an official's area and restriction
// look-up as one row of two JSON texts (shared/src/graphql/home-municipalities.ts). Through the gateway, a
// caseload of 150 customers must answer exactly what it answers when whole rows are read through Prisma
// (LEAN_LOADERS=off JSON_ROWS=off), also when the operation leaves out the columns the rules and resolvers read (a benefit's
// kind, a statement's id, an offer's employer), and the access logs must name the same uses.
import { randomUUID } from 'node:crypto';
import { presetClaims } from '../../shared/src/auth/presets';
import { OperationSelection } from '../../shared/src/graphql/loaders';
import { homeMunicipalitiesAndRestrictionsFrom, homeMunicipalitiesFrom } from '../../shared/src/graphql/home-municipalities';
import { ownRestrictionsInForce } from '../../shared/src/rights/restrictions';
import { CASELOAD_QUERY } from '../support/queries';
import { caseloadBothWays, throughPrisma } from '../support/lean-loaders';
import { startSystem, System } from '../support/system';
import { createLoaders as employmentLoaders } from '../../subgraphs/employment/src/loaders';
import { createLoaders as wellbeingLoaders } from '../../subgraphs/wellbeing/src/loaders';
import { createLoaders as kelaLoaders } from '../../subgraphs/kela/src/loaders';

let system: System;
let ids: string[];
beforeAll(async () => {
  system = await startSystem({ env: { SUBGRAPH_TIMEOUT_MS: '60000', LOG_SEAL_INTERVAL_MS: '3600000', REGISTER_NOTICE_RETRY_MS: '3600000' } });
  // One official responsible for 150 of Keski-Uusimaa's customers (as tests/e2e/joint-json-rows.e2e.test.ts).
  const db = system.subgraphs.joint.db;
  const customers = await db.customer.findMany({ where: { cooperationArea: 'KESKI_UUSIMAA' }, select: { id: true }, orderBy: { id: 'asc' }, take: 150 });
  expect(customers).toHaveLength(150);
  ids = customers.map((c: { id: string }) => c.id);
  await db.responsibleOfficial.updateMany({ where: { authority: 'EMPLOYMENT', customerId: { in: ids } }, data: { officialId: official.sub, until: null } });
}, 150_000);
afterAll(() => system?.stop());

// The benchmark's caller (scripts/bench.ts): an employment official of Keski-Uusimaa's joint service whose role
// certificate reaches the three own registers' caseload fields (Kela's health benefits and rehabilitation, the
// wellbeing county's work-ability assessments and the activation plan: shared/src/law/rules.ts).
const official = { ...presetClaims('employment-work-ability-coordinator'), sub: 'test-official-register-json-rows' };

/**
 * The own registers' rows with the columns the rules and resolvers read left out of the selection: a benefit's
 * `kind` splits benefits from health benefits (a restricted category), a statement's `id` keys its clarification
 * requests, an offer's `employerCustomerId` its employer, the plan's `customerId` its reviews.
 */
const RULE_COLUMNS_QUERY = `query RuleColumns($first: Int) { caseload(first: $first) { edges { node { id
  employment {
    jobSeeker { employmentStatus }
    offers { result employerCustomer { name } }
    statements { givenOn clarificationRequests { sentOn subject } }
  }
  wellbeing { activationPlan { version reviews { reviewedOn outcome } } workAbilityAssessments { result } }
  kela { benefits { status } healthBenefits { status appliedOn } rehabilitationDecisions { decision } }
} } } }`;

type Register = Record<string, unknown> | null;
type Node = { id: string; employment: Register; wellbeing: Register; kela: Register };

/**
 * Lists whose order leaves ties (offers by `offeredOn`, statements by `givenOn` and creation, assessments by
 * `assessedOn` and creation) sorted by their JSON text: rows equal in their sort key may come in either order
 * from either statement. Kela's lists are ordered with the id last: compared as they come.
 */
function canonical(node: Node) {
  const sorted = (list: unknown) => (Array.isArray(list) ? list.map((x) => JSON.stringify(x)).sort() : list);
  const employment = node.employment && { ...node.employment, offers: sorted(node.employment.offers), statements: sorted(node.employment.statements) };
  const wellbeing = node.wellbeing && { ...node.wellbeing, workAbilityAssessments: sorted(node.wellbeing.workAbilityAssessments) };
  return { ...node, employment, wellbeing };
}

/** Whether `keys` descend (nulls first, PostgreSQL's default for DESC). */
function descending(keys: (string | null)[]) {
  for (let i = 1; i < keys.length; i++) {
    const [a, b] = [keys[i - 1], keys[i]];
    if (a === null) continue;
    if (b === null || a < b) return false;
  }
  return true;
}

/** The query's answer read through the JSON statements and again through Prisma (whole rows). */
const bothWays = async (query: string) => (await caseloadBothWays<Node>(system, official, query, canonical)).lean;

const list = (register: Register, field: string) => ((register?.[field] ?? []) as Record<string, unknown>[]);

it('answers a caseload of 150 as the whole rows read through Prisma answer it, lists in their order', async () => {
  const nodes = await bothWays(CASELOAD_QUERY);
  // Rows of every kind were there to compare.
  expect(nodes.filter((n) => n.employment?.jobSeeker).length).toBeGreaterThan(50);
  for (const [register, field] of [['employment', 'offers'], ['employment', 'statements'], ['wellbeing', 'workAbilityAssessments'], ['kela', 'benefits'], ['kela', 'rehabilitationDecisions']] as const) {
    expect(nodes.some((n) => list(n[register], field).length > 0)).toBe(true);
  }
  expect(nodes.some((n) => n.wellbeing?.activationPlan)).toBe(true);
  for (const node of nodes) {
    expect(descending(list(node.employment, 'offers').map((o) => o.offeredOn as string | null))).toBe(true);
    expect(descending(list(node.employment, 'statements').map((s) => s.givenOn as string | null))).toBe(true);
    expect(descending(list(node.wellbeing, 'workAbilityAssessments').map((a) => a.assessedOn as string | null))).toBe(true);
  }
}, 150_000);

it('reads the columns the rules and resolvers read, asked or not', async () => {
  const nodes = await bothWays(RULE_COLUMNS_QUERY);
  // Each was there to be read: a benefit that reveals illness, a clarification request, an employer, a review.
  expect(nodes.some((n) => list(n.kela, 'healthBenefits').length > 0)).toBe(true);
  expect(nodes.some((n) => list(n.employment, 'statements').some((s) => (s.clarificationRequests as unknown[]).length > 0))).toBe(true);
  expect(nodes.some((n) => list(n.employment, 'offers').some((o) => o.employerCustomer))).toBe(true);
  expect(nodes.some((n) => ((n.wellbeing?.activationPlan as { reviews?: unknown[] } | null)?.reviews?.length ?? 0) > 0)).toBe(true);
}, 150_000);

it('hands every lean row the columns the rules read, whatever the operation asks of it', async () => {
  /** A selection that asks one field of a type (with `type`'s fields that have resolvers of their own). */
  const asking = (type: string, fields: string[], custom: string[] = []) => {
    const selection = new OperationSelection(new Map([[type, new Set(custom)]]));
    selection.byType = new Map([[type, new Set(fields)]]);
    return selection;
  };
  const some = ids.slice(0, 60);
  const counted = async (register: string, load: () => Promise<unknown[]>) => {
    const before = system.subgraphs[register].database.queries.count;
    const rows = (await load()).flat().filter(Boolean) as Record<string, unknown>[];
    // One statement for the batch, as through Prisma.
    expect(system.subgraphs[register].database.queries.count - before).toBe(1);
    expect(rows.length).toBeGreaterThan(0);
    return rows;
  };
  const { employment, wellbeing, kela } = system.subgraphs;
  const benefits = await counted('kela', () => kelaLoaders(kela.db, asking('KelaBenefitDecision', ['status'])).benefits.loadMany(some));
  for (const row of benefits) expect(Object.keys(row).sort()).toEqual(['appliedOn', 'customerId', 'id', 'kind', 'status']);
  const decisions = await counted('kela', () => kelaLoaders(kela.db, asking('KelaRehabilitationDecision', ['decision'])).rehabilitationDecisions.loadMany(some));
  for (const row of decisions) expect(typeof row.customerId).toBe('string');
  const statements = await counted('employment', () => employmentLoaders(employment.db, asking('EmploymentStatement', ['clarificationRequests'], ['clarificationRequests'])).statements.loadMany(some));
  for (const row of statements) expect([typeof row.customerId, typeof row.id]).toEqual(['string', 'string']);
  const offers = await counted('employment', () => employmentLoaders(employment.db, asking('EmploymentOffer', ['employerCustomer'], ['employerCustomer'])).offers.loadMany(some));
  for (const row of offers) expect(typeof row.customerId).toBe('string');
  expect(offers.some((row) => typeof row.employerCustomerId === 'string')).toBe(true);
  const seekers = await counted('employment', () => employmentLoaders(employment.db, asking('EmploymentJobSeeker', ['employmentStatus'])).jobSeeker.loadMany(some));
  for (const row of seekers) expect(Object.keys(row).sort()).toEqual(['customerId', 'employmentStatus']);
  const plans = await counted('wellbeing', () => wellbeingLoaders(wellbeing.db, asking('WellbeingActivationPlan', ['reviews'], ['reviews'])).activationPlan.loadMany(some));
  for (const row of plans) expect(typeof row.customerId).toBe('string');
  const assessments = await counted('wellbeing', () => wellbeingLoaders(wellbeing.db, asking('WellbeingWorkAbilityAssessment', ['result'])).workAbilityAssessments.loadMany(some));
  for (const row of assessments) expect(typeof row.customerId).toBe('string');
  // Each row under its own customer, as the rules decide by it.
  const grouped = await kelaLoaders(kela.db, asking('KelaBenefitDecision', ['status'])).benefits.loadMany(some);
  grouped.forEach((rows, i) => { for (const row of rows as { customerId: string }[]) expect(row.customerId).toBe(some[i]); });
}, 60_000);

it('logs the same uses of the same customers as whole rows do, in every register', async () => {
  const entriesOf = async (lean: boolean) => {
    const since = new Date();
    const read = () => system.query(official, CASELOAD_QUERY, { first: 50 });
    await (lean ? read() : throughPrisma(read));
    const out: Record<string, unknown[]> = {};
    for (const register of ['employment', 'wellbeing', 'kela']) {
      const rows = await system.subgraphs[register].db.accessLogEntry.findMany({ where: { actorId: official.sub, at: { gte: since } } });
      out[register] = rows.map((r: { operation: string; outcome: string; categories: string[]; customerIds: string[] }) => ({
        operation: r.operation, outcome: r.outcome, categories: [...r.categories].sort(), customerIds: [...r.customerIds].sort(),
      })).sort((a: object, b: object) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    }
    return out;
  };
  const whole = await entriesOf(false);
  const lean = await entriesOf(true);
  for (const register of ['employment', 'wellbeing', 'kela']) expect(whole[register].length).toBeGreaterThan(0);
  expect(lean).toEqual(whole);
}, 120_000);

it('looks up home municipalities and restrictions in force as the Prisma look-ups do', async () => {
  const db = system.subgraphs.kela.db;
  // Customers outside the 150: one restricted (in force), one whose restriction was lifted, one with two, one
  // the register keeps no municipality of, and an id of nobody.
  const [restricted, lifted, twice, unplaced] = (await system.subgraphs.joint.db.customer.findMany({
    where: { id: { notIn: ids } }, select: { id: true }, orderBy: { id: 'desc' }, take: 4,
  })).map((c: { id: string }) => c.id);
  const restriction = (customerId: string, categories: string[], allowedUses: string[], liftedAt: Date | null = null) => ({
    id: randomUUID(), customerId, categories, ground: 'ACCURACY_CONTESTED', allowedUses, recordedBy: 'official-1', recordedByAuthority: 'KELA', liftedAt,
  });
  await db.processingRestriction.createMany({ data: [
    restriction(restricted, ['KELA_BENEFITS'], []), restriction(lifted, ['KELA_BENEFITS'], [], new Date()),
    restriction(twice, ['KELA_BENEFITS', 'KELA_REHABILITATION'], ['LEGAL_CLAIMS']), restriction(twice, ['KELA_HEALTH_BENEFITS'], []),
    restriction(unplaced, ['KELA_BENEFITS'], []),
  ] });
  await db.customerHomeMunicipality.deleteMany({ where: { customerId: unplaced } });
  const nobody = randomUUID();
  const batch = [...ids.slice(0, 20), restricted, lifted, twice, unplaced, nobody, restricted];
  const before = system.subgraphs.kela.database.queries.count;
  const json = await homeMunicipalitiesAndRestrictionsFrom(db)(batch);
  expect(system.subgraphs.kela.database.queries.count - before).toBe(1);
  const municipalities = await homeMunicipalitiesFrom(db.customerHomeMunicipality)(batch);
  const restrictions = await ownRestrictionsInForce(db.processingRestriction)(batch);
  // The terms the rules read (ownRestrictionsInForce's rows carry the customer id too), in one order.
  const byId = (terms: { id: string; categories: string[]; allowedUses: string[] }[]) =>
    terms.map(({ id, categories, allowedUses }) => ({ id, categories, allowedUses })).sort((a, b) => a.id.localeCompare(b.id));
  expect(json.map((t) => ({ ...t, restrictions: byId(t.restrictions) }))).toEqual(batch.map((_, i) => ({ municipality: municipalities[i], restrictions: byId(restrictions[i]) })));
  expect(json[20].restrictions).toHaveLength(1);
  expect(json[21].restrictions).toEqual([]);
  expect(json[22].restrictions).toHaveLength(2);
  expect(json[23]).toEqual({ municipality: null, restrictions: [expect.objectContaining({ categories: ['KELA_BENEFITS'] })] });
  expect(json[24]).toEqual({ municipality: null, restrictions: [] });
  expect(json.slice(0, 20).every((t) => typeof t.municipality === 'string')).toBe(true);
  // The joint register's form (the customer's own row) answers the same way.
  const joint = system.subgraphs.joint.db;
  const fromJoint = await homeMunicipalitiesAndRestrictionsFrom(joint, { table: 'Customer', customerId: 'id', municipality: 'homeMunicipality' })(ids.slice(0, 5));
  const customers = await joint.customer.findMany({ where: { id: { in: ids.slice(0, 5) } }, select: { id: true, homeMunicipality: true } });
  expect(fromJoint.map((t) => t.municipality)).toEqual(ids.slice(0, 5).map((id) => customers.find((c: { id: string }) => c.id === id)!.homeMunicipality));
}, 60_000);
