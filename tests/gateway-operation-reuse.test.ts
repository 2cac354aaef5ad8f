// The Operation executeQueryPlan builds from the caller's document, kept per query (gateway/src/operation-reuse.ts,
// BENCHMARKS.md change 26): the same operation and fragment nodes give the same Operation, which shapes answers with
// each request's own variables; another node, fragment, schema, operation name or a validating call builds anew.
import { buildSchema, operationFromDocument } from '@apollo/federation-internals';
import { parse, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { reusingOperations } from '../gateway/src/operation-reuse';
import { computeResponse } from '../gateway/src/result-shaping';

const schema = buildSchema(`
  type Query { caseload(first: Int): [Customer!]! }
  type Customer { id: ID! lastName: String! firstNames: String }
`);

/** The document executeQueryPlan hands over: a new object each request around the cached document's nodes. */
const asExecuted = (cached: DocumentNode): DocumentNode => ({ kind: cached.kind, definitions: [...cached.definitions] });

describe('reusingOperations', () => {
  const cached = parse('query Page($first: Int, $names: Boolean!) { caseload(first: $first) { id ...N } } fragment N on Customer { lastName firstNames @include(if: $names) }');
  let builds = 0;
  const reuse = () => reusingOperations((s, d, o) => { builds++; return operationFromDocument(s, d, o); });

  it('builds once for the same cached nodes, and the kept Operation answers each request with its own variables', () => {
    builds = 0;
    const operationFrom = reuse();
    const first = operationFrom(schema, asExecuted(cached), { validate: false });
    const again = operationFrom(schema, asExecuted(cached), { validate: false });
    expect(again).toBe(first);
    expect(builds).toBe(1);
    const input = { caseload: [{ id: '1', lastName: 'Virtanen', firstNames: 'Aino' }] };
    const shaped = (names: boolean) => JSON.stringify(computeResponse({ operation: again, variables: { names }, input, introspectionHandling: () => null }).data);
    expect(shaped(true)).toBe('{"caseload":[{"id":"1","lastName":"Virtanen","firstNames":"Aino"}]}');
    expect(shaped(false)).toBe('{"caseload":[{"id":"1","lastName":"Virtanen"}]}');
  });

  it('builds anew for another operation node, other fragments, another schema or operation name, and every validating call', () => {
    builds = 0;
    const operationFrom = reuse();
    const kept = operationFrom(schema, asExecuted(cached), { validate: false });
    const reparsed = parse('query Page($first: Int, $names: Boolean!) { caseload(first: $first) { id ...N } } fragment N on Customer { lastName firstNames @include(if: $names) }');
    expect(operationFrom(schema, asExecuted(reparsed), { validate: false })).not.toBe(kept);
    const otherFragment = parse('fragment N on Customer { id }').definitions[0];
    expect(operationFrom(schema, { kind: cached.kind, definitions: [cached.definitions[0], otherFragment] }, { validate: false })).not.toBe(kept);
    const otherSchema = buildSchema('type Query { caseload(first: Int): [Customer!]! } type Customer { id: ID! lastName: String! firstNames: String }');
    expect(operationFrom(otherSchema, asExecuted(cached), { validate: false })).not.toBe(kept);
    expect(operationFrom(schema, asExecuted(cached), { validate: false, operationName: 'Page' })).not.toBe(kept);
    expect(operationFrom(schema, asExecuted(cached), { validate: true })).not.toBe(kept);
    expect(operationFrom(schema, asExecuted(cached))).not.toBe(kept);
    expect(builds).toBe(7);
    expect((cached.definitions[0] as OperationDefinitionNode).name?.value).toBe('Page');
  });

  it('passes a build that throws on, every time', () => {
    const operationFrom = reuse();
    const unknown = parse('query { nothing }');
    expect(() => operationFrom(schema, asExecuted(unknown), { validate: false })).toThrow();
    expect(() => operationFrom(schema, asExecuted(unknown), { validate: false })).toThrow();
  });
});
