// The registers read only the columns an operation asks for (issue 11: shared/src/graphql/loaders.ts
// LeanRows). A field whose resolver reads a column the operation did not name would then answer null or
// a wrong value; here the full view and every field of the customer asked alone through the gateway must
// answer what the full view answers when whole rows are read (LEAN_LOADERS=off JSON_ROWS=off), for customers with rows
// of every kind the caseload reads.
import { GraphQLObjectType, getNamedType, isObjectType } from 'graphql';
import { customerType } from '../support/selection';
import { startSystem, System } from '../support/system';
import { throughPrisma } from '../support/lean-loaders';

let system: System;
beforeAll(async () => {
  system = await startSystem({ env: { LOG_SEAL_INTERVAL_MS: '3600000', REGISTER_NOTICE_RETRY_MS: '3600000' } });
});
afterAll(() => system?.stop());

/** The types whose loaders read only the columns asked for (subgraphs/<name>/src/loaders.ts). */
const LEAN_TYPES = new Set([
  'Customer', 'ResponsibleOfficial', 'Meeting', 'ServiceNeedAssessment', 'EmploymentPlan', 'PlanReview', 'CustomerService',
  'EmploymentOffer', 'EmploymentStatement', 'WellbeingWorkAbilityAssessment', 'WellbeingActivationPlan', 'KelaBenefitDecision',
  'KelaRehabilitationDecision',
]);

/** Every field path below Customer (not the logs nor fields that need arguments), each with the selection that asks it alone. */
function fieldPaths(type: GraphQLObjectType, prefix: string[] = [], seen = new Set<string>(), above = ''): { path: string[]; query: string }[] {
  const out: { path: string[]; query: string }[] = [];
  for (const field of Object.values(type.getFields())) {
    if (/AccessLog$|^disclosures$/.test(field.name) || field.args.some((a) => a.type.toString().endsWith('!') && a.defaultValue === undefined)) continue;
    const named = getNamedType(field.type);
    const path = [...prefix, field.name];
    if (isObjectType(named)) {
      if (named.name === 'Customer' || seen.has(named.name)) continue;
      out.push(...fieldPaths(named, path, new Set([...seen, type.name]), type.name));
    } else if (LEAN_TYPES.has(type.name) || LEAN_TYPES.has(above)) {
      // A field of a lean type's row, or of an object made from one (e.g. customership, a meeting's participants).
      out.push({ path, query: path.reduceRight((inner, name) => `${name}${inner ? ` { ${inner} }` : ''}`, '') });
    }
  }
  return out;
}

/** The values at `path`, lists flattened, in a stable order (the order of rows is not what is compared here). */
function valuesAt(value: unknown, path: string[]): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => valuesAt(v, path)).sort();
  if (path.length === 0) return [JSON.stringify(value ?? null)];
  if (value === null || value === undefined) return ['null'];
  return valuesAt((value as Record<string, unknown>)[path[0]], path.slice(1));
}

const unexpected = (errors: { extensions?: { code?: unknown } }[] | undefined) => (errors ?? []).filter((e) => e.extensions?.code !== 'FORBIDDEN');

/** Demo customers with rows of the kinds whose loaders are lean, in all four registers. */
async function customersWithRowsOfEveryKind(): Promise<string[]> {
  const { joint, employment, wellbeing, kela } = system.subgraphs;
  const ids = async (db: { findMany(args: unknown): Promise<{ customerId: string }[]> }) => new Set((await db.findMany({ select: { customerId: true } })).map((r) => r.customerId));
  const kinds = await Promise.all([
    ids(joint.db.meeting), ids(joint.db.customerService), ids(joint.db.planReview), ids(joint.db.serviceNeedAssessment),
    ids(employment.db.offer), ids(employment.db.statement), ids(wellbeing.db.activationPlan), ids(wellbeing.db.workAbilityAssessment),
    ids(kela.db.benefitDecision), ids(kela.db.rehabilitationDecision),
  ]);
  const customers = [...kinds[0]].map((id) => ({ id, kinds: kinds.filter((k) => k.has(id)).length })).sort((a, b) => b.kinds - a.kinds || a.id.localeCompare(b.id));
  return customers.slice(0, 2).map((c) => c.id);
}

it('answers each field asked alone as the full view answers it', async () => {
  expect(LEAN_TYPES.size).toBeGreaterThan(0);
  const paths = fieldPaths(customerType());
  const full = paths.map((p) => p.query).join(' ');
  const customers = await customersWithRowsOfEveryKind();
  expect(customers).toHaveLength(2);
  for (const id of customers) {
    // The customer sees all of their own data (tests/e2e/customer-graph.e2e.test.ts).
    // Partner data (an offer's employer customer) stays FORBIDDEN to them: null in both answers. The
    // reference reads whole rows (the subgraphs run in this process and read the switch at each request).
    const whole = await throughPrisma(() => system.query(`customer:${id}`, `query($id: ID!) { customer(id: $id) { ${full} } }`, { id }));
    expect(unexpected(whole.errors)).toEqual([]);
    const lean = await system.query(`customer:${id}`, `query($id: ID!) { customer(id: $id) { ${full} } }`, { id });
    expect(lean.data).toEqual(whole.data);
    const mismatches: string[] = [];
    for (const { path, query } of paths) {
      const alone = await system.query(`customer:${id}`, `query($id: ID!) { customer(id: $id) { ${query} } }`, { id });
      expect(unexpected(alone.errors)).toEqual([]);
      const expected = valuesAt(whole.data!.customer, path);
      const actual = valuesAt(alone.data!.customer, path);
      if (JSON.stringify(actual) !== JSON.stringify(expected)) mismatches.push(`${path.join('.')}: ${JSON.stringify(actual).slice(0, 120)} instead of ${JSON.stringify(expected).slice(0, 120)}`);
    }
    expect(mismatches).toEqual([]);
  }
}, 600_000);
