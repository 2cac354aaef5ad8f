// The access matrix, end to end through the gateway: for every field of the customer graph and every
// token preset, the answer must be what the field classification and the rules of the law say: the
// data when allowed, a FORBIDDEN error and null when denied. The expectation is computed from
// shared/src/law (decide) and the classification in each subgraph's SDL, so a new field is checked as
// soon as it exists, and a field without a classification stops its subgraph from starting at all.
import {
  GraphQLField, GraphQLObjectType, getNamedType, isListType, isNonNullType, isObjectType, GraphQLOutputType,
} from 'graphql';
import { PRESET_NAMES, presetClaims } from '../../shared/src/auth/presets';
import { actorFromClaims } from '../../shared/src/auth/tokens';
import { demoPopulation } from '../../shared/src/demo/population';
import { CATEGORIES, CategoryName } from '../../shared/src/law/categories';
import { ConsentTerms, areaOfOfficial, decide } from '../../shared/src/law/rules';
import { areaOfMunicipality } from '../../shared/src/law/areas';
import { SUBGRAPHS, subgraphTypeDefs } from '../../shared/src/subgraphs';
import { apiSchema, selectAll } from '../support/selection';
import { GraphQLResponse, startSystem, System } from '../support/system';
import { randomUUID } from 'node:crypto';

const classification = new Map<string, CategoryName>();
for (const subgraph of SUBGRAPHS) for (const [field, category] of subgraphTypeDefs(subgraph).classification) classification.set(field, category);

let system: System;
let consents: ConsentTerms[];
const subject = () => demoPopulation()[0];
// Two customers of two cooperation areas (shared/src/law/areas.ts): demo customer 0 lives in
// Keski-Uusimaa, 9 in Lapland; the presets include officials of both areas and one without a role of
// the joint service.
const SUBJECTS = [0, 9];
const consentsOf = new Map<string, ConsentTerms[]>();
const areaOf = (customerId: string) => areaOfMunicipality(demoPopulation().find((c) => c.id === customerId)!.homeMunicipality);

beforeAll(async () => {
  system = await startSystem();
  consents = await system.subgraphs.joint.db.consent.findMany({ where: { customerId: subject().id } });
  for (const index of SUBJECTS) {
    const id = demoPopulation()[index].id;
    consentsOf.set(id, await system.subgraphs.joint.db.consent.findMany({ where: { customerId: id } }));
  }
});
afterAll(() => system?.stop());

interface Check { path: string; field: string; expected: 'allowed' | 'denied'; actual: 'allowed' | 'denied' | 'error' }

/** Walks the answer along the schema and compares each field with the law's decision. */
function compare(
  type: GraphQLObjectType, value: Record<string, unknown>, path: (string | number)[], response: GraphQLResponse,
  expectation: (typeField: string) => boolean, checks: Check[],
) {
  for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
    if (!(field.name in value)) continue; // not selected (e.g. needs arguments)
    const here = [...path, field.name];
    const typeField = `${type.name}.${field.name}`;
    const errors = (response.errors ?? []).filter((e) => JSON.stringify(e.path) === JSON.stringify(here));
    const actual = errors.some((e) => e.extensions?.code === 'FORBIDDEN') ? 'denied' : errors.length ? 'error' : 'allowed';
    checks.push({ path: here.join('.'), field: typeField, expected: expectation(typeField) ? 'allowed' : 'denied', actual });
    const inner = value[field.name];
    const named = getNamedType(field.type);
    if (actual !== 'allowed' || inner === null || !isObjectType(named)) continue;
    if (isList(field.type)) {
      (inner as Record<string, unknown>[]).forEach((item, i) => item && compare(named, item, [...here, i], response, expectation, checks));
    } else {
      compare(named, inner as Record<string, unknown>, here, response, expectation, checks);
    }
  }
}

const isList = (type: GraphQLOutputType): boolean => isListType(isNonNullType(type) ? type.ofType : type);

describe.each(PRESET_NAMES.flatMap((preset) => SUBJECTS.map((index) => [preset, index])))('the access matrix for %s, demo customer %i', (preset, index) => {
  it('answers every field of the customer graph as the law decides', async () => {
    const claims = presetClaims(preset as string);
    const actor = actorFromClaims(claims as never);
    const customerId = demoPopulation()[index as number].id;
    const consents = consentsOf.get(customerId)!;
    const area = areaOf(customerId);
    const expectation = (typeField: string) => {
      const category = classification.get(typeField);
      if (!category) throw new Error(`${typeField} has no classification`);
      return decide(actor, category, customerId, 'read', consents, area).allowed;
    };
    const selection = selectAll(apiSchema().getType('Customer') as GraphQLObjectType);
    const response = await system.query(claims, `query($id: ID!) { customer(id: $id) { ${selection} } }`, { id: customerId });

    // The root field is decided without a customer (its argument is not the customer's key yet).
    if (!decide(actor, 'CUSTOMER_KEY', undefined, 'read').allowed) {
      // May not ask at all (e.g. an official with no role certificate of the joint service): the same
      // refusal for every person, customer or not.
      expect(response.data).toEqual({ customer: null });
      expect(response.errors?.map((e) => [e.extensions?.code, e.path])).toEqual([['FORBIDDEN', ['customer']]]);
      return;
    }
    const visible = expectation('Query.customer') && decide(actor, 'CUSTOMER_KEY', customerId, 'read', consents, area).allowed;
    if (!visible) {
      // Secrecy of customership: exactly what a caller gets for a person who is not a customer.
      expect(response.data).toEqual({ customer: null });
      expect(response.errors).toBeUndefined();
      return;
    }
    const checks: Check[] = [];
    compare(apiSchema().getType('Customer') as GraphQLObjectType, response.data!.customer as Record<string, unknown>, ['customer'], response, expectation, checks);
    const wrong = checks.filter((c) => c.expected !== c.actual);
    expect(wrong).toEqual([]);
    // Every field of the Customer type was judged, and nothing leaked a stack trace.
    const judged = new Set(checks.filter((c) => c.path.split('.').length === 2).map((c) => c.field));
    expect(judged.size).toBeGreaterThan(20);
    expect(JSON.stringify(response)).not.toMatch(/stacktrace|at [A-Za-z]+ \(/);
  });
});

describe('root fields by preset', () => {
  const ROOTS: Record<string, string> = {
    caseload: '{ caseload(first: 1) { totalCount } }',
    jointAccessLog: '{ jointAccessLog(first: 1) { id } }',
    employmentAccessLog: '{ employmentAccessLog(first: 1) { id } }',
    wellbeingAccessLog: '{ wellbeingAccessLog(first: 1) { id } }',
    kelaAccessLog: '{ kelaAccessLog(first: 1) { id } }',
    disclosureLog: '{ disclosureLog(first: 1) { id } }',
    employmentEmployerCustomers: '{ employmentEmployerCustomers(first: 1) { id } }',
  };

  it.each(PRESET_NAMES.map((preset) => [preset]))('%s gets each root list only where the law allows it', async (preset) => {
    const claims = presetClaims(preset);
    const actor = actorFromClaims(claims as never);
    for (const [field, query] of Object.entries(ROOTS)) {
      const category = classification.get(`Query.${field}`)!;
      // A root list of partner data is asked with the caller's own area, the only one its register answers.
      const allowed = decide(actor, category, undefined, 'read', [], CATEGORIES[category].kind === 'partner' ? areaOfOfficial(actor) : undefined).allowed;
      const response = await system.query(claims, query);
      const denied = (response.errors ?? []).some((e) => e.extensions?.code === 'FORBIDDEN' && e.path?.[0] === field);
      expect({ field, denied }).toEqual({ field, denied: !allowed });
    }
  });
});

describe('mutations by preset', () => {
  // Inputs of the right types but wrong content: an allowed caller gets a validation error (nothing is
  // written), a denied one FORBIDDEN before any resolver runs.
  const customerId = () => subject().id;
  const MUTATIONS: Record<string, () => string> = {
    recordConsent: () => `recordConsent(input: { idempotencyKey: "${randomUUID()}", customerId: "${customerId()}", recipientType: "EMPLOYER", categories: [], purpose: "JOB_PLACEMENT", validFrom: "2026-01-01", validUntil: "2026-02-01", method: IN_WRITING }) { id }`,
    withdrawConsent: () => `withdrawConsent(input: { idempotencyKey: "${randomUUID()}", customerId: "${customerId()}", consentId: "00000000-0000-4000-8000-999999999999" }) { id }`,
    recordMeeting: () => `recordMeeting(input: { idempotencyKey: "${randomUUID()}", customerId: "${customerId()}", heldAt: "2026-11-01T10:00:00Z", mode: PHONE, firstMeeting: false, participants: [], agreed: "" }) { id }`,
  };

  it.each(PRESET_NAMES.map((preset) => [preset]))('%s may write the joint register only if the law allows it', async (preset) => {
    const claims = presetClaims(preset);
    const actor = actorFromClaims(claims as never);
    for (const [field, mutation] of Object.entries(MUTATIONS)) {
      const allowed = decide(actor, classification.get(`Mutation.${field}`)!, customerId(), 'write', [], areaOf(customerId())).allowed;
      const response = await system.query(claims, `mutation { ${mutation()} }`);
      const code = response.errors?.[0]?.extensions?.code;
      expect({ field, code: code === 'FORBIDDEN' ? 'FORBIDDEN' : 'refused as invalid' })
        .toEqual({ field, code: allowed ? 'refused as invalid' : 'FORBIDDEN' });
    }
  });
});
