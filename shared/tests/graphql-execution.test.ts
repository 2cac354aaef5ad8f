// graphql-js's lean execution in the service processes (issue 11; shared/src/graphql/graphql-execution.ts):
// the same answers and errors as graphql's own functions, one copy of graphql or no start.
import { execute, GraphQLObjectType, GraphQLString, isObjectType, isScalarType, parse } from 'graphql';
import { buildSchema } from 'graphql';
import { argumentValuesOf, assertOneGraphqlLoaded, leanGraphqlExecution, loadedGraphqlCopies, NO_ARGUMENTS } from '../src/graphql/graphql-execution';

const values = require('graphql/execution/values.js') as { getArgumentValues: (...args: unknown[]) => Record<string, unknown> };
const instanceOfModule = require('graphql/jsutils/instanceOf.js') as { instanceOf: (...args: unknown[]) => boolean };
const graphqlArgumentValues = values.getArgumentValues;
const graphqlInstanceOf = instanceOfModule.instanceOf;
afterEach(() => {
  values.getArgumentValues = graphqlArgumentValues;
  instanceOfModule.instanceOf = graphqlInstanceOf;
});

// The arguments given to the fields that define none (Query.plain, Item.name).
const seen: Record<string, unknown>[] = [];
const schema = buildSchema(`
  input Range { from: Int = 1, to: Int! }
  type Item { name: String, sized(size: Int = 3): String, asked(required: Int!): Int }
  type Query { items(first: Int, range: Range): [Item], plain: String, echo(text: String!): String }
`);
const resolvers = {
  items: () => [{ name: 'a' }, { name: 'b' }],
  plain: (args: Record<string, unknown>) => { seen.push(args); return 'plain'; },
  echo: ({ text }: { text: string }) => text,
};
(schema.getType('Item') as GraphQLObjectType).getFields().sized.resolve = (_: unknown, { size }: { size: number }) => `size ${size}`;
(schema.getType('Item') as GraphQLObjectType).getFields().asked.resolve = (_: unknown, { required }: { required: number }) => required;
(schema.getType('Item') as GraphQLObjectType).getFields().name.resolve = (item: { name: string }, args: Record<string, unknown>) => { seen.push(args); return item.name; };

/** The answers (as JSON text, errors included) of the documents, with graphql's functions as they are now. */
function answers() {
  const documents: [string, Record<string, unknown>?][] = [
    ['{ plain items { name sized asked(required: 7) } }'],
    ['query ($n: Int, $s: Int) { items(first: $n, range: { to: 5 }) { name sized(size: $s) } echo(text: "hi") }', { n: 2, s: 9 }],
    ['query ($s: Int) { items { sized(size: $s) } }', {}],
    ['query ($r: Int!) { items { asked(required: $r) } }', {}],
    ['{ items(range: { from: 2 }) { name } }'],
    ['{ echo }'],
  ];
  return documents.map(([document, variableValues]) => JSON.stringify(execute({ schema, document: parse(document), rootValue: resolvers, variableValues })));
}

it('answers as graphql-js does, arguments, defaults, variables and errors alike', () => {
  const before = answers();
  seen.length = 0;
  leanGraphqlExecution({});
  expect(answers()).toEqual(before);
  // A field without arguments gets the one frozen empty object without a prototype, as graphql's `{}` has none.
  expect(seen.length).toBeGreaterThan(0);
  for (const args of seen) expect(args).toBe(NO_ARGUMENTS);
  expect(Object.getPrototypeOf(NO_ARGUMENTS)).toBeNull();
  expect(Object.isFrozen(NO_ARGUMENTS)).toBe(true);
  expect(Object.keys(NO_ARGUMENTS)).toEqual([]);
});

it('leaves graphql-js as it is when told to, and switches once however often asked', () => {
  expect(leanGraphqlExecution({ GRAPHQL_INSTANCEOF_CHECK: 'on', GRAPHQL_FIELD_ARGUMENTS: 'graphql' })).toEqual({ productionInstanceOf: false, sharedEmptyArguments: false });
  expect(values.getArgumentValues).toBe(graphqlArgumentValues);
  expect(instanceOfModule.instanceOf).toBe(graphqlInstanceOf);
  expect(leanGraphqlExecution({})).toEqual({ productionInstanceOf: true, sharedEmptyArguments: true });
  const lean = values.getArgumentValues;
  leanGraphqlExecution({});
  expect(values.getArgumentValues).toBe(lean);
  expect((lean as unknown as { graphql: unknown }).graphql).toBe(graphqlArgumentValues);
  // graphql's type checks still answer right with the production instanceOf.
  expect(isObjectType(schema.getType('Item'))).toBe(true);
  expect(isObjectType(GraphQLString)).toBe(false);
  expect(isScalarType(GraphQLString)).toBe(true);
});

it('coerces the arguments of a field that defines some with graphql-js', () => {
  const calls: unknown[] = [];
  const lean = argumentValuesOf((...args: unknown[]) => { calls.push(args); return { given: true }; });
  const node = { kind: 'Field' };
  expect(lean({ args: [] }, node, {})).toBe(NO_ARGUMENTS);
  expect(calls).toHaveLength(0);
  const withArgs = { args: [{ name: 'x' }] } as never;
  expect(lean(withArgs, node, { v: 1 })).toEqual({ given: true });
  expect(calls).toEqual([[withArgs, node, { v: 1 }]]);
});

it('finds every copy of graphql loaded, and refuses two', () => {
  const one = { '/app/node_modules/graphql/index.js': {}, '/app/node_modules/graphql/execution/execute.js': {}, '/app/node_modules/pg/lib/index.js': {} } as unknown as NodeJS.Require['cache'];
  expect(loadedGraphqlCopies(one)).toEqual(['/app/node_modules/graphql']);
  expect(() => assertOneGraphqlLoaded(one)).not.toThrow();
  const two = { ...one, '/app/node_modules/graphql-shield/node_modules/graphql/index.js': {} } as unknown as NodeJS.Require['cache'];
  expect(loadedGraphqlCopies(two)).toEqual(['/app/node_modules/graphql', '/app/node_modules/graphql-shield/node_modules/graphql']);
  expect(() => assertOneGraphqlLoaded(two)).toThrow(/more than one copy of graphql/);
});
