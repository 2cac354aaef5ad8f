// Who may write what, for every mutation of the customer graph and every token preset, end to end through
// the gateway: the joint register's categories by officials of all three authorities (381/2023 § 11), an
// authority's own register only by its own officials (381/2023 § 14), restricted categories only with an
// entitling role certificate (seed 001 § 8), and nothing by customers, auditors or third parties. The
// expectation is the law's `decide` on the mutation field's category, so a new mutation is checked as
// soon as it exists. The inputs are generated from the input types with a malformed idempotency key: an
// allowed caller is refused naming idempotencyKey (after the shield let it through), a denied one gets
// FORBIDDEN before any resolver runs, and nothing is ever written.
import { randomUUID } from 'node:crypto';
import { GraphQLInputObjectType, GraphQLInputType, getNamedType, isEnumType, isInputObjectType, isListType, isNonNullType } from 'graphql';
import { PRESET_NAMES, presetClaims } from '../../shared/src/auth/presets';
import { actorFromClaims } from '../../shared/src/auth/tokens';
import { demoPopulation } from '../../shared/src/demo/population';
import { CATEGORIES, type CategoryName } from '../../shared/src/law/categories';
import { areaOfMunicipality } from '../../shared/src/law/areas';
import { decide } from '../../shared/src/law/rules';
import { SUBGRAPHS, subgraphTypeDefs } from '../../shared/src/subgraphs';
import { apiSchema } from '../support/selection';
import { startSystem, System } from '../support/system';

const classification = new Map<string, CategoryName>();
for (const subgraph of SUBGRAPHS) for (const [field, category] of subgraphTypeDefs(subgraph).classification) classification.set(field, category);

let system: System;
beforeAll(async () => { system = await startSystem(); });
afterAll(() => system?.stop());

// A demo customer of the presets' cooperation area (Keski-Uusimaa) who is not the first (the one whose
// consents cover every recipient type): no consent can allow a write either.
const customer = demoPopulation().slice(1).find((c) => areaOfMunicipality(c.homeMunicipality) === 'KESKI_UUSIMAA')!;
const customerId = customer.id;
const area = areaOfMunicipality(customer.homeMunicipality);

/** A value of the right type for every required field (and customerId), whatever the content. */
function valueOf(type: GraphQLInputType, name: string): unknown {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return [valueOf(inner.ofType, name)];
  if (isInputObjectType(inner)) return inputOf(inner);
  const named = getNamedType(inner);
  if (isEnumType(named)) return named.getValues()[0].name;
  switch (named.name) {
    case 'ID': return name === 'customerId' ? customerId : randomUUID();
    case 'String': return 'x';
    case 'Date': return '2026-01-01';
    case 'DateTime': return '2026-01-01T10:00:00Z';
    case 'Int': case 'Float': return 1;
    case 'Boolean': return false;
    default: throw new Error(`no value for ${named.name}`);
  }
}

function inputOf(type: GraphQLInputObjectType): Record<string, unknown> {
  return Object.fromEntries(Object.values(type.getFields())
    .filter((f) => isNonNullType(f.type) || f.name === 'customerId')
    .map((f) => [f.name, valueOf(f.type, f.name)]));
}

const mutations = () => Object.values(apiSchema().getMutationType()!.getFields());
const counts = async () => Object.fromEntries(await Promise.all(Object.entries(system.subgraphs).map(async ([name, s]) =>
  [name, (await s.database.query<{ n: number }>('SELECT count(*)::int AS n FROM "IdempotencyRecord"'))[0].n])));

it.each(PRESET_NAMES.map((preset) => [preset]))('%s may make exactly the writes the law allows', async (preset) => {
  const claims = presetClaims(preset);
  const actor = actorFromClaims(claims as never);
  const before = await counts();
  const wrong: string[] = [];
  for (const field of mutations()) {
    const type = getNamedType(field.args[0].type) as GraphQLInputObjectType;
    const input = { ...inputOf(type), idempotencyKey: 'x' };
    const category = classification.get(`Mutation.${field.name}`)!;
    const allowed = decide(actor, category, 'customerId' in type.getFields() ? customerId : undefined, 'write', [], area).allowed;
    const result = await system.query(claims, `mutation($input: ${type.name}!) { ${field.name}(input: $input) { __typename } }`, { input });
    const error = result.errors?.[0];
    const actual = error?.extensions?.code === 'FORBIDDEN' ? 'FORBIDDEN' : error?.extensions?.field === 'idempotencyKey' ? 'allowed (refused as bad input)' : JSON.stringify(result);
    const expected = allowed ? 'allowed (refused as bad input)' : 'FORBIDDEN';
    if (actual !== expected) wrong.push(`${field.name} (${category}): expected ${expected}, got ${actual}`);
  }
  expect(wrong).toEqual([]);
  expect(await counts()).toEqual(before);
});

it('gives each own register to its own officials only: every own-register mutation is refused to every official of the other two authorities', () => {
  const owner: Record<string, string> = {};
  for (const subgraph of SUBGRAPHS) {
    if (subgraph.name === 'joint') continue;
    for (const [typeField] of subgraphTypeDefs(subgraph).classification) if (typeField.startsWith('Mutation.')) owner[typeField] = subgraph.name.toUpperCase();
  }
  expect(Object.keys(owner).length).toBeGreaterThan(8);
  const officials = PRESET_NAMES.map((preset) => actorFromClaims(presetClaims(preset) as never)).filter((a) => ['EMPLOYMENT', 'WELLBEING', 'KELA'].includes(a.organisationKind));
  for (const [typeField, register] of Object.entries(owner)) {
    const category = classification.get(typeField)!;
    // Whose data the category is: the activation plan is kept in two registers (189/2001 § 12); a register's copies
    // of another register's restrictions are refreshed only by the source's officials (WELLBEING_PROCESSING_RESTRICTIONS
    // in the employment register; shared/src/rights/restriction-copies.ts); every other own category is the register's.
    const keptBy: readonly string[] = category === 'ACTIVATION_PLAN' || category.endsWith('_PROCESSING_RESTRICTIONS') ? CATEGORIES[category].registers : [register];
    for (const actor of officials.filter((a) => !keptBy.includes(a.organisationKind))) {
      expect({ typeField, actor: actor.id, allowed: decide(actor, category, customerId, 'write', [], area).allowed })
        .toEqual({ typeField, actor: actor.id, allowed: false });
    }
    // And some official of the keeping authority may make it.
    expect({ typeField, someKeeper: officials.some((a) => keptBy.includes(a.organisationKind) && decide(a, category, customerId, 'write', [], area).allowed) })
      .toEqual({ typeField, someKeeper: true });
  }
});
