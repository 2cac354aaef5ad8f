// The cost of an operation kept per document and variables (shared/src/graphql/limits.ts cachedOperationCost)
// is the cost operationCost gives for those variables, whatever was asked before.
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import gql from 'graphql-tag';
import { cachedOperationCost, operationCost } from '../src/graphql/limits';

const schema = buildSubgraphSchema([{
  typeDefs: gql`
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
    type Customer @key(fields: "id") { id: ID! meetings(first: Int = 10): [Meeting!]! }
    type Meeting { heldAt: String mode: String }
    type Query { customers(first: Int = 50): [Customer!]! }
  `,
  resolvers: {},
}]);

const ENTITIES = parse(`query($representations: [_Any!]!, $n: Int) { _entities(representations: $representations) { ... on Customer { meetings(first: $n) { heldAt mode } } } }`);
const representations = (count: number, prefix = 'c') => Array.from({ length: count }, (_, i) => ({ __typename: 'Customer', id: `${prefix}${i}` }));

it('gives each set of variables its own cost, as operationCost does, in any order', () => {
  const document = parse(`query($n: Int, $skip: Boolean!) { customers(first: $n) @skip(if: $skip) { id meetings { heldAt } } }`);
  for (const variables of [{ n: 7, skip: false }, { n: 9, skip: false }, { n: 7, skip: true }, { n: 7, skip: false }, { n: null, skip: false }, { skip: false }]) {
    expect(cachedOperationCost(schema, document, variables)).toEqual(operationCost(schema, document, variables));
  }
  expect(cachedOperationCost(schema, document, { n: 7, skip: false }).cost).not.toBe(cachedOperationCost(schema, document, { n: 9, skip: false }).cost);
});

it('counts every request\'s entity representations, and their content never changes the cost', () => {
  const first = cachedOperationCost(schema, ENTITIES, { representations: representations(100), n: 3 });
  expect(first).toEqual(operationCost(schema, ENTITIES, { representations: representations(100), n: 3 }));
  expect(first.entityRepresentations).toBe(100);
  // Other customers, the same number: the same cost and count; another number: its own count.
  expect(cachedOperationCost(schema, ENTITIES, { representations: representations(100, 'x'), n: 3 })).toEqual(first);
  expect(cachedOperationCost(schema, ENTITIES, { representations: representations(1001), n: 3 }).entityRepresentations).toBe(1001);
  expect(cachedOperationCost(schema, ENTITIES, { representations: representations(1001), n: 3 }).entityRepresentations).toBe(1001);
  expect(cachedOperationCost(schema, ENTITIES, { representations: representations(100), n: 30 })).toEqual(operationCost(schema, ENTITIES, { representations: representations(100), n: 30 }));
});

it('keeps nothing from a request whose representations do not coerce (a null): the valid ones of the same length are counted', () => {
  const poisoned = [null, ...representations(4999)];
  cachedOperationCost(schema, ENTITIES, { representations: poisoned, n: 3 });
  cachedOperationCost(schema, ENTITIES, { representations: poisoned, n: 3 });
  expect(cachedOperationCost(schema, ENTITIES, { representations: representations(5000), n: 3 })).toEqual(operationCost(schema, ENTITIES, { representations: representations(5000), n: 3 }));
  expect(cachedOperationCost(schema, ENTITIES, { representations: representations(5000), n: 3 }).entityRepresentations).toBe(5000);
});

it('keeps nothing a caller could change: the answer is a copy', () => {
  const variables = { representations: representations(5), n: 2 };
  cachedOperationCost(schema, ENTITIES, variables);
  const answer = cachedOperationCost(schema, ENTITIES, variables);
  answer.cost = 0;
  answer.entityRepresentations = 0;
  expect(cachedOperationCost(schema, ENTITIES, variables)).toEqual(operationCost(schema, ENTITIES, variables));
});
