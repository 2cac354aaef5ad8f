// The registers' executor: an operation sent again is compiled once into JavaScript by graphql-jit (Zalando's
// compiler of graphql-js operations, also Mercurius's and Hive Gateway's), then run for every request that sends
// it (issue 11). Why: graphql-js's executor walks the operation's AST for every field of every object, allocating a
// resolve info, a path and a result object in dictionary mode for each (38 % of the joint register's bytes for a
// caseload, BENCHMARKS.md change 25), and completes each leaf through the type's generic checks. The gateway sends
// each register the same few operations (its query plans are cached), so compiling them once leaves a function per
// selection set: 10 % less CPU per customer in the joint register (BENCHMARKS.md change 49).
//
// Nothing of the law moves: the schema is the same one, with the rules' resolvers around every field (graphql-jit
// calls each field's `resolve` with the same arguments and a resolve info of the same fields), and Apollo Server's
// whole pipeline before execution runs as before (parsing, validation, the limits, the plugins that decide and log).
// Only execution is handed over, through Apollo Server's documented hook for another executor (`gateway`, whose
// `load` gives the schema and the executor). GRAPHQL_EXECUTOR=graphql-js keeps graphql-js's executor, and it is
// kept whenever traces are exported: OpenTelemetry's GraphQL instrumentation makes its spans (the parent of each
// register's SQL statements) around graphql-js's `execute`, which a compiled operation does not call.
import type { ApolloServerOptionsWithGateway } from '@apollo/server';
import { execute, getVariableValues } from 'graphql';
import type { DocumentNode, ExecutionResult, GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import type { CompiledQuery } from 'graphql-jit';
import { tracingEnabled } from '../tracing';

type Gateway = NonNullable<ApolloServerOptionsWithGateway<never>['gateway']>;
type Executor = NonNullable<Awaited<ReturnType<Gateway['load']>>['executor']>;
/** Where an operation of a document stands: executed once, compiled, or left to graphql-js. */
type Stage = 'seen once' | 'not compiled' | CompiledQuery;

/**
 * Whether the registers execute operations compiled (graphql-jit) rather than by graphql-js: yes unless
 * GRAPHQL_EXECUTOR=graphql-js or traces are exported (see the top of this file). Any other value of
 * GRAPHQL_EXECUTOR is refused, naming it, so that a misspelt setting does not pass unseen.
 */
export function compiledExecution(env: NodeJS.ProcessEnv = process.env): boolean {
  const chosen = env.GRAPHQL_EXECUTOR?.trim() || 'jit'; // unset or empty: the default, as every setting
  if (chosen !== 'jit' && chosen !== 'graphql-js') throw new Error(`GRAPHQL_EXECUTOR must be jit or graphql-js, not ${JSON.stringify(chosen)}`);
  return chosen === 'jit' && !tracingEnabled(env);
}

/**
 * Apollo Server's `gateway` option for a server of one fixed schema whose repeated operations run compiled:
 * `schema` is the register's whole executable schema (federation's and the law's resolvers included). A document
 * Apollo Server has parsed and validated runs on graphql-js's executor the first time it is executed, and is
 * compiled (once per operation name) the second time: the gateway's fetches repeat by the thousand, while a one-off
 * query from a playground or a direct caller would pay 3-4 times its validation to be compiled (25-35 ms for every
 * field of the joint register's customer, against 7.5 ms; the same threshold as Mercurius's `jit: 1`). The compiled
 * form lives as long as Apollo Server's document cache keeps that document (a WeakMap keyed by the parsed
 * document). A document graphql-jit cannot compile stays on graphql-js's executor.
 */
export function compiledExecutor(schema: GraphQLSchema): Gateway {
  const byDocument = new WeakMap<DocumentNode, Map<string | null, Stage>>();
  // The operation name as the caller sent it (Apollo Server gives `operationName` as it resolved it, null where it
  // found none), so that graphql-js resolves the operation as Apollo Server did and names the same error.
  const interpret: Executor = async ({ document, context, request }) => await execute({
    schema, document, contextValue: context, variableValues: request.variables, operationName: request.operationName,
  }) as ExecutionResult<Record<string, unknown>>;
  const executor: Executor = async (requestContext) => {
    const { document, operation, context, request } = requestContext;
    const operationName = request.operationName ?? null;
    // No operation of that name (or several and none named): graphql-js's error, which Apollo Server answers with.
    if (!operation) return interpret(requestContext);
    let byName = byDocument.get(document);
    if (!byName) byDocument.set(document, byName = new Map());
    let stage = byName.get(operationName);
    if (stage === undefined) {
      byName.set(operationName, 'seen once');
      return interpret(requestContext);
    }
    if (stage === 'seen once') {
      const compiled = compileQuery(schema, document, operationName ?? undefined);
      byName.set(operationName, stage = isCompiledQuery(compiled) ? compiled as CompiledQuery : 'not compiled');
    }
    if (stage === 'not compiled') return interpret(requestContext);
    const variables = request.variables ?? {};
    const result = await stage.query(undefined, context, variables) as ExecutionResult<Record<string, unknown>>;
    // Variables refused: the answer has no `data`. graphql-js's own coercion names the errors, with the variable's
    // definition as their node, so that Apollo Server marks them BAD_USER_INPUT (a compiled operation's errors
    // differ in wording and carry no node); its errors are the answer, as without compilation.
    if (!('data' in result)) {
      const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
      if (coerced.errors) return { errors: coerced.errors };
    }
    return result;
  };
  let announce: Parameters<Gateway['onSchemaLoadOrUpdate']>[0] | undefined;
  return {
    // Apollo Server subscribes before it loads; the one schema is announced once, at the load.
    onSchemaLoadOrUpdate(callback) {
      announce = callback;
      return () => { announce = undefined; };
    },
    async load() {
      announce?.({ apiSchema: schema, coreSupergraphSdl: '' });
      return { executor };
    },
    async stop() {},
  };
}
