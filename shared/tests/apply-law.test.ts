// applyLaw (shared/src/graphql/permissions.ts) puts the rules on the subgraph's own schema, in place (no copy of
// the schema is built at each start: BENCHMARKS.md change 48): every field of every object type goes through them,
// so that a field the classification does not name is refused though it has a resolver (deny by default).
import { execute, parse } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { applyLaw } from '../src/graphql/permissions';
import type { Classification } from '../src/law/classification';

const typeDefs = parse(`
  type Query { note: Note, version: String }
  type Note @key(fields: "id") { id: ID!, text: String, unnamed: String }
`);
const resolvers = {
  Query: { note: () => ({ id: 'n1', text: 'plain', unnamed: 'should never be read' }), version: () => '1' },
};
const build = () => buildSubgraphSchema([{ typeDefs, resolvers: resolvers as never }]);

test('the rules are put on the schema given: every field of every object type goes through them', () => {
  const schema = build();
  const classification: Classification = new Map([['Query.version', 'CUSTOMER_KEY'], ['Query.note', 'CUSTOMER_KEY'], ['Note.text', 'CUSTOMER_KEY']]);
  const note = schema.getType('Note') as import('graphql').GraphQLObjectType;
  expect(note.getFields().unnamed.resolve).toBeUndefined(); // graphql's default, as built
  expect(applyLaw(schema, classification)).toBe(schema);
  for (const typeName of ['Query', 'Note', '_Service']) {
    const type = schema.getType(typeName) as import('graphql').GraphQLObjectType;
    for (const field of Object.values(type.getFields())) expect({ field: `${typeName}.${field.name}`, guarded: typeof field.resolve }).toEqual({ field: `${typeName}.${field.name}`, guarded: 'function' });
  }
});

test('a field no rule names is refused FORBIDDEN though it has a resolver (the fallback rule)', async () => {
  const schema = build();
  applyLaw(schema, new Map([['Query.version', 'CUSTOMER_KEY']]));
  const result = await execute({ schema, document: parse('{ note { text unnamed } }'), contextValue: {} });
  expect(result.data).toEqual({ note: null });
  expect(result.errors?.map((e) => ({ path: e.path?.join('.'), code: e.extensions?.code }))).toEqual([{ path: 'note', code: 'FORBIDDEN' }]);
  expect(JSON.stringify(result)).not.toContain('should never be read');
});
