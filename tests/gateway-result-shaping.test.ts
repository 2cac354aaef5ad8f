// The gateway's own result shaping (gateway/src/result-shaping.ts) against @apollo/gateway's, which it
// replaces: the same answer (same JSON, same key order), the same errors, on the cases result shaping
// decides: aliases (also `__proto__` and `constructor`), `__typename`, inline fragments on an interface,
// @skip/@include by literal and by variable (with a default), fields the operation did not ask for,
// null propagation through non-null fields and lists, invalid `__typename`s and leaf values.
import { buildSchema, operationFromDocument } from '@apollo/federation-internals';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const apollo = require('@apollo/gateway/dist/resultShaping') as typeof import('../gateway/src/result-shaping');
import { parse } from 'graphql';
import { computeResponse } from '../gateway/src/result-shaping';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const SDL = `
  type Query { caseload(first: Int): [Customer!]! customer(id: ID!): Customer node: Node }
  interface Node { id: ID! }
  enum Mode { IN_PERSON REMOTE }
  scalar Date
  type Customer implements Node {
    id: ID! lastName: String! firstNames: String meetings: [Meeting!] plan: Plan
    born: Date score: Float tags: [String!] modes: [Mode] counts: [Int!]! flags: [Boolean] dates: [Date!]
  }
  type Meeting { heldAt: String! mode: Mode agreed: Boolean days: Int }
  type Plan implements Node { id: ID! goal: String! }
`;
const schema = buildSchema(SDL);

function both(query: string, input: Record<string, unknown> | null, variables?: Record<string, unknown>) {
  const operation = operationFromDocument(schema, parse(query), { validate: true });
  const args = { operation, variables, input, introspectionHandling: () => ({ introspected: true }) };
  const ours = computeResponse(args);
  const theirs = apollo.computeResponse(args);
  const shape = (r: ReturnType<typeof computeResponse>) => ({
    data: JSON.stringify(r.data),
    errors: r.errors.map((e) => ({ message: e.message, path: e.path, code: e.extensions?.code })),
  });
  return { ours: shape(ours), theirs: shape(theirs), data: ours.data };
}

const customer = (id: string, extra: Record<string, unknown> = {}) => ({
  __typename: 'Customer', id, lastName: `L${id}`, firstNames: 'A B', hidden: 'not asked',
  meetings: [{ heldAt: '2026-01-01', mode: 'REMOTE', agreed: true, days: 2, extra: 1 }], plan: { id: `p${id}`, goal: 'work' }, ...extra,
});

type Case = [name: string, query: string, input: Record<string, unknown> | null, variables?: Record<string, unknown>];
const cases: Case[] = [
  ['fields, aliases, __typename, nested lists', `{ caseload(first: 2) { __typename id name: lastName firstNames meetings { heldAt mode agreed days } plan { goal } } }`,
    { caseload: [customer('1'), customer('2')] }],
  ['aliases that are Object.prototype names', `{ caseload { __proto__: lastName constructor: id toString: firstNames hasOwnProperty: __typename } }`,
    // As a subgraph's answer arrives: JSON.parse makes `__proto__` an own property.
    JSON.parse('{"caseload":[{"__typename":"Customer","__proto__":"L1","constructor":"1","toString":"A","hasOwnProperty":"Customer"}]}')],
  ['inline fragments on an interface', `{ node { id ... on Customer { lastName } ... on Plan { goal } } }`,
    { node: { __typename: 'Plan', id: 'p1', goal: 'work' } }],
  ['@skip and @include, literal and by variable with default', `query Q($skip: Boolean!, $inc: Boolean = true) { caseload { id lastName @skip(if: $skip) firstNames @include(if: $inc) plan @include(if: false) { goal } } }`,
    { caseload: [customer('1')] }, { skip: true }],
  ['null in a non-null field bubbles to the nullable parent', `{ customer(id: "1") { id lastName } }`,
    { customer: { __typename: 'Customer', id: '1', lastName: null } }],
  ['null in a non-null list element nulls the root', `{ caseload { id } }`,
    { caseload: [customer('1'), null] }],
  ['null inside a nullable list of non-null objects', `{ caseload { id meetings { heldAt } } }`,
    { caseload: [customer('1', { meetings: [{ heldAt: '2026-01-01' }, { heldAt: null }] })] }],
  ['invalid __typename and invalid leaf values', `{ caseload { id meetings { mode days agreed } plan { goal } } }`,
    { caseload: [customer('1', { meetings: [{ heldAt: 'x', mode: 'BY_PIGEON', days: 1.5, agreed: 'yes' }] }), customer('2', { plan: { __typename: 'Nope', goal: 'x' } })] }],
  ['a missing field is null', `{ caseload { id firstNames } }`, { caseload: [{ __typename: 'Customer', id: '1' }] }],
  ['no data at all', `{ caseload { id } }`, null],
  // The leaves and lists of leaves that the compiled shaper writes itself, valid and invalid, beside the
  // repeated response names and the values it leaves to the loop.
  ['leaf values of every kind, valid', `{ caseload { id born score tags modes counts flags meetings { days agreed mode } } }`,
    { caseload: [customer('1', { born: { any: 'custom scalar value' }, score: 2, tags: ['a', 'b'], modes: ['REMOTE', null], counts: [0, -3, 9007199254740991], flags: [true, null, false] }),
      customer('2', { born: null, score: null, tags: null, modes: null, counts: [], flags: [] })] }],
  ['numbers at the edges of Int, Float and ID', `{ caseload { id score counts meetings { days } } }`,
    { caseload: [customer('1', { id: 7, score: 1e300, counts: [1e21], meetings: [{ heldAt: 'x', days: 9007199254740993 }] }),
      customer('2', { score: 1.5, counts: [-0, 2.5], meetings: [{ heldAt: 'x', days: -0 }] }),
      customer('3', { id: 1.5, counts: [1] })] }],
  // Each customer alone: an invalid non-null leaf nulls the whole (non-null) list.
  ['leaf values of the wrong kind in nullable fields and lists', `{ customer(id: "1") { id born score tags modes flags dates } }`,
    { customer: customer('1', { score: '1', tags: ['a', 1], modes: ['BY_PIGEON', null], flags: ['yes'], dates: ['2026-01-01', null] }) }],
  ['a null in a non-null list of leaves', `{ customer(id: "1") { id dates } }`, { customer: customer('1', { dates: [null] }) }],
  ['a non-null leaf of the wrong kind', `{ customer(id: "1") { id lastName } }`, { customer: customer('1', { lastName: 5 }) }],
  ['a non-null list of leaves with a null', `{ customer(id: "1") { id counts } }`, { customer: customer('1', { counts: [1, null] }) }],
  ['a response name repeated through fragments, and a missing non-null leaf', `{ caseload { id lastName ... on Customer { lastName id tags } tags counts } }`,
    { caseload: [customer('1', { tags: ['x'], counts: [1] }), { __typename: 'Customer', id: '2', tags: null }] }],
];

describe('the gateway\'s result shaping answers as @apollo/gateway\'s', () => {
  // Rest parameters: a test function taking more parameters than its row has is taken for a `done` callback.
  it.each(cases)('%s', (...[, query, input, variables]: Case) => {
    const { ours, theirs } = both(query, input, variables);
    expect(ours).toEqual(theirs);
  });

  it('reports the errors Apollo\'s does where the subgraphs\' answers do not fit the schema', () => {
    const errors = (name: string) => { const c = cases.find((k) => k[0] === name)!; return both(c[1], c[2], c[3]).ours.errors; };
    expect(errors('invalid __typename and invalid leaf values').map((e) => e.path)).toEqual([
      ['caseload', 0, 'meetings', 0, 'mode'], ['caseload', 0, 'meetings', 0, 'days'], ['caseload', 0, 'meetings', 0, 'agreed'], ['caseload', 1, 'plan'],
    ]);
    expect(errors('null in a non-null list element nulls the root')).toHaveLength(1);
    expect(both(cases[3][1], cases[3][2], cases[3][3]).data).toEqual({ caseload: [{ id: '1', firstNames: 'A B' }] });
  });

  it('keeps a response name such as __proto__ as an own property, with nothing inherited', () => {
    const { data } = both(cases[1][1], cases[1][2]);
    const first = (data as { caseload: Record<string, unknown>[] }).caseload[0];
    expect(Object.keys(first)).toEqual(['__proto__', 'constructor', 'toString', 'hasOwnProperty']);
    expect(Object.getPrototypeOf(Object.getPrototypeOf(first))).toBeNull();
    expect(JSON.parse(JSON.stringify(data))).toEqual({ caseload: [{ ['__proto__']: 'L1', constructor: '1', toString: 'A', hasOwnProperty: 'Customer' }] });
  });
});

describe('where node refuses to compile code from strings', () => {
  it('answers as before, through the loop', () => {
    // A child process, because the flag is node's, not a test's: the first case's answer with code generation refused.
    const script = `
      const { buildSchema, operationFromDocument } = require('@apollo/federation-internals');
      const { parse } = require('graphql');
      const { computeResponse } = require('./gateway/src/result-shaping');
      const schema = buildSchema(process.env.SDL);
      const operation = operationFromDocument(schema, parse(process.env.QUERY), { validate: true });
      let compiled = true;
      try { new Function('return 1'); } catch { compiled = false; }
      const r = computeResponse({ operation, input: JSON.parse(process.env.INPUT), introspectionHandling: () => null });
      process.stdout.write(JSON.stringify({ compiled, data: r.data, errors: r.errors.map((e) => e.message) }));`;
    const [, query, input] = cases[0];
    const out = execFileSync(process.execPath, ['--disallow-code-generation-from-strings', '--require', 'tsx/cjs', '-e', script], {
      cwd: join(__dirname, '..'), env: { ...process.env, SDL: SDL, QUERY: query, INPUT: JSON.stringify(input) }, encoding: 'utf8',
    });
    const { ours } = both(query, input);
    expect(JSON.parse(out)).toEqual({ compiled: false, data: JSON.parse(ours.data), errors: ours.errors.map((e) => e.message) });
  });
});
