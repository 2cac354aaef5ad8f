// The Operation that @apollo/gateway's executeQueryPlan builds from the caller's document on every request,
// built once per query instead (BENCHMARKS.md change 26). Installed by ./dependencies.ts in the plain copy of
// @apollo/federation-internals' exports, so this module loads nothing of that package (types only).
import type { Operation, Schema } from '@apollo/federation-internals';
import type { DefinitionNode, DocumentNode } from 'graphql';

/** The arguments of federation-internals' `operationFromDocument`. */
type OperationFromDocument = (schema: Schema, document: DocumentNode, options?: { operationName?: string; validate?: boolean }) => Operation;

/** An operation built for executeQueryPlan, with what it was built from (besides its operation node, the key). */
interface BuiltOperation { schema: Schema; operationName?: string; rest: readonly DefinitionNode[]; operation: Operation }

/**
 * federation-internals' `operationFromDocument`, returning the `Operation` it built before when asked again for
 * the same operation node of a document Apollo Server keeps parsed (its document cache hands every request of
 * the same query the same nodes), with the same fragment nodes, schema and operation name, and `validate: false`
 * (executeQueryPlan's call on every request, shaping the answer; the query planner's call validates and is left
 * alone). The `Operation` is built from those nodes alone and nothing mutates it (it is read to shape answers and
 * to evaluate @skip/@include conditions), so the one kept is the one that would be built again; keeping it also
 * keeps its selection sets, whose `stepsOf` are then read once per query, not once per request (BENCHMARKS.md
 * change 26). Held by a WeakMap on the operation node: it goes when Apollo Server's cache lets the document go.
 * Any other call, or a build that throws, goes to `build` unchanged every time.
 */
export function reusingOperations(build: OperationFromDocument): OperationFromDocument {
  const built = new WeakMap<object, BuiltOperation>();
  return function operationFromDocument(schema, document, options) {
    const [first, ...rest] = document.definitions;
    if (options?.validate !== false || !first || first.kind !== 'OperationDefinition') return build(schema, document, options);
    const kept = built.get(first);
    if (kept && kept.schema === schema && kept.operationName === options.operationName
      && kept.rest.length === rest.length && kept.rest.every((d, i) => d === rest[i])) return kept.operation;
    const operation = build(schema, document, options);
    built.set(first, { schema, operationName: options.operationName, rest, operation });
    return operation;
  };
}
