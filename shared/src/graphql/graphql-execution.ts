// Two per-field costs of graphql-js 16 that a service process switches off once it has started (issue 11).
// Both are exports that graphql-js's own modules read at every call (`(0, _values.getArgumentValues)(...)`,
// `(0, _instanceOf.instanceOf)(...)`), so replacing the export changes every schema already built; nothing
// else of graphql changes, and the tests (jest, in-process) keep graphql's defaults unless they switch.
//
// 1. `instanceOf`: graphql checks every `isObjectType`, `isListType`, `isNonNullType`... (several per field it
//    completes) with its own `instanceOf`, chosen once when `graphql/jsutils/instanceOf` is loaded: with
//    NODE_ENV=production the bare `instanceof`; otherwise a development check that, whenever the answer is
//    false, also reads both class names through `Symbol.toStringTag` to throw if two copies of graphql are
//    mixed. That second path is taken on most checks and measured 2-3 % of each service's CPU (BENCHMARKS.md,
//    changes 12 and 23). The services cannot run with NODE_ENV=production (it selects production tokens and
//    keys, the demo data and Apollo Server's defaults), so they take graphql's production form explicitly,
//    and keep what the development check guarded some other way: a service refuses to run when more than one
//    copy of graphql is loaded (assertOneGraphqlLoaded). GRAPHQL_INSTANCEOF_CHECK=on keeps the check.
// 2. `getArgumentValues`: graphql-js coerces the arguments of every field it executes, also of the fields
//    that have none (nearly all of a caseload's ~50 values per customer), and for those it still builds two
//    dictionary-mode objects (`Object.create(null)` for the answer and a `keyMap` of the argument nodes), a
//    closure and an array: a third of all the bytes the joint register allocated for a caseload of 500
//    customers (V8's sampling heap profiler, BENCHMARKS.md change 25), where garbage collection was 25-34 % of
//    its CPU. For a field without argument definitions graphql's answer is always an empty object without a
//    prototype (its loop runs over the definitions only); the services answer one shared, frozen such object
//    instead, and graphql's own function for every field that defines arguments. GRAPHQL_FIELD_ARGUMENTS=graphql
//    keeps graphql's function for every field.
import { sep } from 'node:path';
import type { GraphQLArgument, GraphQLDirective, GraphQLField } from 'graphql';

/** The module whose export graphql-js reads at every type check: `(0, _instanceOf.instanceOf)(value, Type)`. */
interface InstanceOfModule { instanceOf: (value: unknown, constructor: abstract new (...args: never[]) => unknown) => boolean }

type ArgumentValues = (def: { args: readonly GraphQLArgument[] }, node: unknown, variableValues?: unknown) => Record<string, unknown>;
/** The module whose export graphql-js's executor reads for every field: `(0, _values.getArgumentValues)(...)`. */
interface ValuesModule { getArgumentValues: ArgumentValues }

/** graphql's own production `instanceOf` (graphql/jsutils/instanceOf.js with NODE_ENV=production). */
function productionInstanceOf(value: unknown, constructor: abstract new (...args: never[]) => unknown): boolean {
  return value instanceof constructor;
}

/** The arguments of every field that defines none: what graphql-js answers for it, made once and frozen. */
export const NO_ARGUMENTS: Record<string, unknown> = Object.freeze(Object.create(null) as Record<string, unknown>);

/**
 * graphql-js's `getArgumentValues` (`graphql`'s): a field or directive without argument definitions gets
 * NO_ARGUMENTS, anything else `graphql`'s coercion (defaults, variables, its errors), unchanged.
 */
export function argumentValuesOf(graphql: ArgumentValues): ArgumentValues & { graphql: ArgumentValues } {
  const lean = (def: { args: readonly GraphQLArgument[] } | GraphQLField<unknown, unknown> | GraphQLDirective, node: unknown, variableValues?: unknown) =>
    (def.args.length === 0 ? NO_ARGUMENTS : graphql(def, node, variableValues));
  return Object.assign(lean, { graphql });
}

/**
 * The package folders of every copy of graphql loaded through `require` so far (e.g.
 * `/app/node_modules/graphql`): one, unless a dependency brought its own copy.
 */
export function loadedGraphqlCopies(cache: NodeJS.Require['cache'] = require.cache): string[] {
  const marker = `${sep}node_modules${sep}graphql${sep}`;
  const copies = new Set<string>();
  for (const file of Object.keys(cache)) {
    const at = file.lastIndexOf(marker);
    if (at >= 0) copies.add(file.slice(0, at + marker.length - 1));
  }
  return [...copies].sort();
}

/**
 * Throws when more than one copy of graphql is loaded (the check graphql's development `instanceOf` made on
 * every call, made once: types of one copy given to another's functions are not recognised, and answers would
 * be wrong rather than fail). Call it once the service's schema and server are built, when every package that
 * uses graphql has been loaded.
 */
export function assertOneGraphqlLoaded(cache: NodeJS.Require['cache'] = require.cache): void {
  const copies = loadedGraphqlCopies(cache);
  if (copies.length > 1) {
    throw new Error(`more than one copy of graphql is loaded (${copies.join(', ')}): every package must use the one in the repository's node_modules`);
  }
}

/** What leanGraphqlExecution switched (each false when its variable keeps graphql's default). */
export interface LeanExecution { productionInstanceOf: boolean; sharedEmptyArguments: boolean }

/**
 * For a service process, once started (its schema and server built): checks that one copy of graphql is
 * loaded (throws otherwise), then switches graphql-js to its production `instanceOf` and to NO_ARGUMENTS for
 * fields without arguments (see the top of this file), unless GRAPHQL_INSTANCEOF_CHECK=on or
 * GRAPHQL_FIELD_ARGUMENTS=graphql keeps either as graphql has it. Idempotent.
 */
export function leanGraphqlExecution(env: NodeJS.ProcessEnv = process.env): LeanExecution {
  assertOneGraphqlLoaded();
  // The files graphql's own modules require (`../jsutils/instanceOf.js`, `./values.js` of the one copy just checked).
  const instanceOfModule = require('graphql/jsutils/instanceOf.js') as InstanceOfModule;
  const values = require('graphql/execution/values.js') as ValuesModule;
  const switched: LeanExecution = { productionInstanceOf: false, sharedEmptyArguments: false };
  if (env.GRAPHQL_INSTANCEOF_CHECK !== 'on') {
    instanceOfModule.instanceOf = productionInstanceOf;
    switched.productionInstanceOf = true;
  }
  if (env.GRAPHQL_FIELD_ARGUMENTS !== 'graphql') {
    const current = values.getArgumentValues as ArgumentValues & { graphql?: ArgumentValues };
    if (!current.graphql) values.getArgumentValues = argumentValuesOf(current);
    switched.sharedEmptyArguments = true;
  }
  return switched;
}
