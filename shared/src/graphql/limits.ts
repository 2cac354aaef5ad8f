// Operation limits for what callers may send, held by the gateway and by every subgraph alike (a subgraph
// is reachable without the gateway): depth, aliases, directives (graphql-armor's rules), tokens (graphql-js's
// parser), cost (graphql-query-complexity, with the request's variables) and the number of `_entities`
// representations. Each is refused before anything runs, with an error that names the limit, its setting
// (`extensions.limit`) and by how much. Every limit is an environment variable; the defaults admit the
// product's own heaviest views (the full view of one customer with its four access logs at their default
// 100 entries: depth 8, cost about 15,000; the caseload view of tests/support/queries.ts over a whole
// 1,000-customer page: cost about 443,000) and refuse e.g. every field of a 100-customer caseload (cost
// about 600,000 without the access logs, 3,300,000 with them). Introspection's `__schema` is not counted
// (GraphiQL's own query is deep).
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  DocumentNode, getNamedType, GraphQLError, isInterfaceType, isObjectType, GraphQLFormattedError, GraphQLSchema, Kind, OperationDefinitionNode, TypeInfo, TypeNode,
  ValidationContext, ValidationRule,
} from 'graphql';
import { createComplexityRule, ComplexityEstimator } from 'graphql-query-complexity';
import type QueryComplexity from 'graphql-query-complexity/dist/cjs/QueryComplexity';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { MAX_TIMER_MS, wholeNumberSetting } from '../settings';
import type * as RateLimiterFlexible from 'rate-limiter-flexible';

// The two classes used here from their own files, not the package's index, which requires every store the
// package has (Redis, Mongo, MySQL, PostgreSQL, Prisma, Drizzle, Valkey, etcd, DynamoDB, SQLite, and
// RateLimiterCluster with Node's `cluster` module), some 30 files: ~35 ms of CPU at every start of the gateway,
// which loads its packages from node_modules, for two classes of a few kB (issue 11, cold start; BENCHMARKS.md
// change 43; the registers' bundles hold the package, where the difference was not measurable). The package has no `exports` map, so
// its files are its API as much as its index; the index re-exports these very files (same classes, so
// `instanceof` holds either way). Their types are the package's own.
/* eslint-disable @typescript-eslint/no-require-imports */
const RateLimiterMemory = require('rate-limiter-flexible/lib/RateLimiterMemory') as typeof RateLimiterFlexible.RateLimiterMemory;
const RateLimiterRes = require('rate-limiter-flexible/lib/RateLimiterRes') as typeof RateLimiterFlexible.RateLimiterRes;
/* eslint-enable @typescript-eslint/no-require-imports */

export interface OperationLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxCost: number;
  maxTokens: number;
  /** Most entity representations in one operation (all `_entities` fields together); subgraphs only. */
  maxEntityRepresentations: number;
}

/** The setting that configures each limit: named in every refusal (`extensions.limit`). */
export const LIMIT_SETTINGS = {
  depth: 'MAX_QUERY_DEPTH',
  aliases: 'MAX_QUERY_ALIASES',
  directives: 'MAX_QUERY_DIRECTIVES',
  cost: 'MAX_QUERY_COST',
  tokens: 'MAX_QUERY_TOKENS',
  entityRepresentations: 'MAX_ENTITY_REPRESENTATIONS',
} as const;

/**
 * The limits from the environment (see the README's settings table). The same settings size the gateway
 * and the subgraphs: an operation the gateway admits yields subgraph operations no deeper, with no more
 * aliases, directives or cost (an entity fetch replaces at least one field of the path by `_entities`), and
 * its entity batches hold at most a caseload page (1,000 customers).
 */
export function operationLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): OperationLimits {
  return {
    maxDepth: wholeNumberSetting(env, LIMIT_SETTINGS.depth, 9, { min: 1 }),
    maxAliases: wholeNumberSetting(env, LIMIT_SETTINGS.aliases, 15),
    maxDirectives: wholeNumberSetting(env, LIMIT_SETTINGS.directives, 20),
    maxCost: wholeNumberSetting(env, LIMIT_SETTINGS.cost, 500_000, { min: 1 }),
    maxTokens: wholeNumberSetting(env, LIMIT_SETTINGS.tokens, 3000, { min: 1 }),
    maxEntityRepresentations: wholeNumberSetting(env, LIMIT_SETTINGS.entityRepresentations, 1000, { min: 1 }),
  };
}

/** A refusal of an operation over a limit: 400, code GRAPHQL_VALIDATION_FAILED, the setting in `limit`. */
export function limitExceeded(message: string, limit: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit, http: { status: 400 } } });
}

// Report through the validation context (a 400 with the message), instead of throwing out of validation;
// graphql-armor prefixes its messages with "Syntax Error: ", which they are not.
const report = (limit: string) => ({
  propagateOnRejection: false,
  onReject: [(context: { reportError(e: Error): void } | null, error: Error) =>
    context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, ''), { extensions: { limit } }))],
});

/**
 * Validation rules of the depth, alias and directive limits. Fragments count by the fields they hold, not
 * as a level of their own: the gateway wraps every entity fetch in `... on Customer`, which must not make a
 * subgraph's operation deeper than the caller's.
 */
export function limitRules(limits: OperationLimits): ValidationRule[] {
  return [
    maxDepthRule({ n: limits.maxDepth, flattenFragments: true, ...report(LIMIT_SETTINGS.depth) }),
    // `allowList: []`: graphql-armor leaves aliases of `__typename` uncounted by default, so a request of 3,000
    // tokens could ask for ~900 of them on each of a 1,000-customer caseload's nodes, ~900,000 answer fields for
    // a cost of 2,000 (found by an outsider). Nothing of ours aliases `__typename`; the query planner does not.
    maxAliasesRule({ n: limits.maxAliases, allowList: [], ...report(LIMIT_SETTINGS.aliases) }),
    maxDirectivesRule({ n: limits.maxDirectives, ...report(LIMIT_SETTINGS.directives) }),
  ] as unknown as ValidationRule[];
}

/**
 * The most items each list field's `first` admits (its resolver refuses more). A size that is not known
 * when the operation is costed (`first: null`, an invalid variable) counts as this maximum.
 */
export const LIST_SIZE_MAXIMA: Readonly<Record<string, number>> = {
  'Query.caseload': 1000,
  'Query.employmentEmployerCustomers': 500,
  'KelaRegister.recentPayments': 100,
  'KelaRegister.recentHealthBenefitPayments': 100,
  'KelaRegister.recentActivationBenefitPayments': 100,
  'Query.disclosureLog': 1000,
};
/** Any other list with `first`/`last` (e.g. the registers' access logs, shared/src/graphql/audit.ts). */
export const DEFAULT_LIST_SIZE_MAXIMUM = 1000;

// graphql-armor's cost model, kept so that numbers stay comparable: a leaf costs 1, an object 2 plus 1.5
// times its children, times its list size; fragments add nothing of their own.
const SCALAR_COST = 1;
const OBJECT_COST = 2;
const DEPTH_COST_FACTOR = 1.5;
/** Fragment spreads are costed each time they are spread; past this many selections costing stops. */
const MAX_COSTED_SELECTIONS = 20_000;

/** The list size of one field in one operation: `first`/`last` as given (literal, variable or default). */
function listSize(typeName: string, fieldName: string, args: Record<string, unknown>, hasSizeArgument: boolean): number {
  if (!hasSizeArgument) return 1;
  const size = args.first ?? args.last;
  if (typeof size === 'number' && Number.isFinite(size)) return Math.max(1, size);
  return LIST_SIZE_MAXIMA[`${typeName}.${fieldName}`] ?? DEFAULT_LIST_SIZE_MAXIMUM;
}

export interface OperationCost {
  /** The cost in graphql-armor's units (see above). */
  cost: number;
  /** Entity representations asked for through `_entities` (all occurrences together). */
  entityRepresentations: number;
}

/**
 * The cost of the operation `operationName` (or the only one) of `document` with these variable values:
 * list sizes count alike whether given as literals, variables, variable defaults or schema argument
 * defaults, because graphql-js resolves the arguments exactly as execution will (`getArgumentValues`).
 * Fields skipped by `@skip`/`@include` cost nothing. `_entities` costs one entity's selection (the batch
 * is bounded by its own limit). Throws a limit refusal when the document is too large to cost.
 */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName?: string): OperationCost {
  const result: OperationCost = { cost: 0, entityRepresentations: 0 };
  const estimator: ComplexityEstimator = ({ type, field, args, childComplexity, node }) => {
    // The `__typename` the gateway and clients add to a selection is free; an aliased one is an answer field like any.
    if ((field.name === '__typename' && !node.alias) || field.name === '__schema') return 0;
    if (type.name === schema.getQueryType()?.name && field.name === '_entities') {
      result.entityRepresentations += Array.isArray(args.representations) ? args.representations.length : 0;
    }
    const own = node.selectionSet ? OBJECT_COST + DEPTH_COST_FACTOR * childComplexity : SCALAR_COST;
    return own * listSize(type.name, field.name, args, field.args.some((a) => a.name === 'first' || a.name === 'last'));
  };
  const operation = document.definitions.find((d): d is OperationDefinitionNode =>
    d.kind === Kind.OPERATION_DEFINITION && (operationName === undefined || d.name?.value === operationName));
  if (!operation) return result;
  // The library's visitor, run on the one operation only (a full validation pass would walk the document
  // again for nothing); errors of variables that do not fit their types are left to execution.
  const context = new ValidationContext(schema, document, new TypeInfo(schema), () => undefined);
  const visitor = createComplexityRule({
    maximumComplexity: Infinity,
    estimators: [estimator],
    variables: variables ?? {},
    maxQueryNodes: MAX_COSTED_SELECTIONS,
  })(context) as unknown as QueryComplexity;
  try {
    visitor.onOperationDefinitionEnter(operation);
  } catch (error) {
    if (/maximum allowed number of nodes/.test((error as Error).message)) {
      throw limitExceeded(`Cost limit exceeded: the operation has more than ${MAX_COSTED_SELECTIONS} selections once its fragments are spread.`, LIMIT_SETTINGS.cost);
    }
    throw error;
  }
  result.cost = visitor.complexity;
  // Variables that do not fit their types cost nothing here; execution refuses them.
  return result;
}

// What the cost of one document depends on, per request: its variables, except that a variable of the
// federation's `_Any` type can only be an entity representation (validation admits it nowhere else when the
// schema has no other `_Any` argument), which counts by how many there are and costs nothing by its content.
const ANY = '_Any';
/** Costs kept per schema, document (Apollo Server keeps one parsed document per query text) and variable key. */
const COSTS_PER_DOCUMENT = 32;
/** The longest key kept (characters): a page size and a few ids, not a caller's large input. */
const MAX_KEY_LENGTH = 2048;
const costsBySchema = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, OperationCost>>>();
const onlyEntitiesTakeAny = new WeakMap<GraphQLSchema, boolean>();

const namedTypeOf = (type: TypeNode): string => (type.kind === Kind.NAMED_TYPE ? type.name.value : namedTypeOf(type.type));

/** True when `Query._entities(representations:)` is the schema's only argument of type `_Any`. */
function anyOnlyInEntities(schema: GraphQLSchema): boolean {
  let known = onlyEntitiesTakeAny.get(schema);
  if (known === undefined) {
    known = true;
    const query = schema.getQueryType()?.name;
    for (const type of Object.values(schema.getTypeMap())) {
      if (!(isObjectType(type) || isInterfaceType(type)) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        for (const arg of field.args) {
          if (getNamedType(arg.type).name === ANY && !(type.name === query && field.name === '_entities')) known = false;
        }
      }
    }
    for (const directive of schema.getDirectives()) {
      for (const arg of directive.args) if (getNamedType(arg.type).name === ANY) known = false;
    }
    onlyEntitiesTakeAny.set(schema, known);
  }
  return known;
}

/**
 * operationCost, kept per document and variables: the gateway sends a subgraph the same entity fetch with
 * every caseload page, and costing it again coerced every representation (55-80 µs of CPU per request
 * per service; BENCHMARKS.md change 29). The key holds every variable's value, except that an `_Any`
 * variable is keyed by its length (see above); when the schema takes `_Any` anywhere else, nothing is kept.
 * Same answers and throws as operationCost (a throw is not kept).
 */
export function cachedOperationCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName?: string): OperationCost {
  if (!anyOnlyInEntities(schema)) return operationCost(schema, document, variables, operationName);
  const operation = document.definitions.find((d): d is OperationDefinitionNode =>
    d.kind === Kind.OPERATION_DEFINITION && (operationName === undefined || d.name?.value === operationName));
  const keyed: Record<string, unknown> = {};
  for (const definition of operation?.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const value = variables?.[name];
    if (namedTypeOf(definition.type) === ANY && Array.isArray(value)) {
      // By its length only when no item could fail coercion (a null in `[_Any!]!`): a request whose
      // variables do not coerce costs nothing here (execution refuses it), and that must not be kept for
      // the valid requests of the same length (review of change 29).
      if (!value.every((item) => typeof item === 'object' && item !== null)) return operationCost(schema, document, variables, operationName);
      keyed[name] = { representations: value.length };
    } else {
      keyed[name] = value;
    }
  }
  // Variables the operation does not declare are refused by graphql-js before anything runs; kept out of the key.
  const key = `${operationName ?? ''}\u0000${JSON.stringify(keyed)}`;
  // Large variables are costed anew: the cache holds small keys only.
  if (key.length > MAX_KEY_LENGTH) return operationCost(schema, document, variables, operationName);
  let costsByDocument = costsBySchema.get(schema);
  if (!costsByDocument) costsBySchema.set(schema, (costsByDocument = new WeakMap()));
  let costs = costsByDocument.get(document);
  const known = costs?.get(key);
  if (known) return { ...known };
  const cost = operationCost(schema, document, variables, operationName);
  if (!costs) costsByDocument.set(document, (costs = new Map()));
  if (costs.size >= COSTS_PER_DOCUMENT) costs.delete(costs.keys().next().value!);
  costs.set(key, { ...cost });
  return cost;
}

/**
 * Refuses, before execution, an operation whose cost with this request's variables is over `maxCost`, or
 * (in a subgraph) that asks for more than `maxEntityRepresentations` entities. A plugin rather than a
 * validation rule because validation runs once per document, without variables.
 */
export function costLimitPlugin<Context extends BaseContext>(limits: OperationLimits): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, operation }) {
          const { cost, entityRepresentations } = cachedOperationCost(schema, document, request.variables, operation?.name?.value);
          if (entityRepresentations > limits.maxEntityRepresentations) {
            throw limitExceeded(`Entity representations limit of ${limits.maxEntityRepresentations} exceeded, found ${entityRepresentations}.`, LIMIT_SETTINGS.entityRepresentations);
          }
          if (cost > limits.maxCost) {
            throw limitExceeded(`Query Cost limit of ${limits.maxCost} exceeded, found ${Math.ceil(cost)} (list sizes counted from first/last, whether literals, variables or defaults).`, LIMIT_SETTINGS.cost);
          }
        },
      };
    },
  };
}

/**
 * Refuses a subscription in validation (400, GRAPHQL_VALIDATION_FAILED), as graphql-js 16 leaves it to execution:
 * no schema here has a Subscription type, and the gateway answered one with 500 while every subgraph logged it
 * as an unexpected error (found by an outsider: any caller could fill the error logs and alerts so).
 */
export const noSubscriptionsRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (node.operation === 'subscription') {
      context.reportError(new GraphQLError('Subscriptions are not served: the customer graph answers queries and mutations.', { nodes: [node] }));
    }
  },
});

/** Apollo Server options that hold the limits (validation rules, the parser's token limit, the cost plugin). */
export function limitOptions<Context extends BaseContext>(limits: OperationLimits) {
  return {
    validationRules: [...limitRules(limits), noSubscriptionsRule],
    parseOptions: { maxTokens: limits.maxTokens },
    plugins: [costLimitPlugin<Context>(limits)],
  };
}

// graphql-js's own limits answer with messages that do not say which limit: the field-merging check
// (OverlappingFieldsCanBeMerged) gives up after a fixed budget of 500,000 comparisons with "Validation
// aborted."; the parser stops at MAX_QUERY_TOKENS.
const GRAPHQL_JS_LIMITS: { pattern: RegExp; message: (m: RegExpExecArray) => string; limit: string }[] = [
  {
    pattern: /^Validation aborted\.$/,
    message: () => 'Field-merging limit exceeded: the operation repeats the same fields too often to be checked '
      + '(graphql-js compares at most 500,000 field pairs). Select each field once.',
    limit: 'FIELD_MERGING',
  },
  {
    pattern: /^Syntax Error: Document contains more tha[nt] (\d+) tokens\. Parsing aborted\.$/, // sic: graphql-js says "more that"
    message: (m) => `Token limit of ${m[1]} exceeded: the document contains more than ${m[1]} tokens.`,
    limit: LIMIT_SETTINGS.tokens,
  },
];

/** Names the limit in graphql-js's own limit errors (for formatError); other errors pass unchanged. */
export function nameLimit(formatted: GraphQLFormattedError): GraphQLFormattedError {
  for (const known of GRAPHQL_JS_LIMITS) {
    const match = known.pattern.exec(formatted.message);
    if (match) return { ...formatted, message: known.message(match), extensions: { ...formatted.extensions, limit: known.limit } };
  }
  return formatted;
}

/** How many look-ups by identity code one caller may make in one time window. */
export interface LookupRate {
  lookups: number;
  windowSeconds: number;
}

/** IDENTITY_CODE_LOOKUP_LIMIT look-ups (default 30) per IDENTITY_CODE_LOOKUP_WINDOW_SECONDS (default 60). */
export function identityCodeLookupRateFromEnv(env: NodeJS.ProcessEnv = process.env): LookupRate {
  return {
    lookups: wholeNumberSetting(env, 'IDENTITY_CODE_LOOKUP_LIMIT', 30, { min: 1 }),
    // The window is a timer of the rate limiter (its expiry, setTimeout of the window): at most Node's timer limit,
    // beyond which it would fire after 1 ms and forget every count, the limit off (found by an outsider, session 24).
    windowSeconds: wholeNumberSetting(env, 'IDENTITY_CODE_LOOKUP_WINDOW_SECONDS', 60, { min: 1, max: Math.floor(MAX_TIMER_MS / 1000) }),
  };
}

/**
 * A per-caller budget of look-ups by identity code, so that nobody can sweep the population through them
 * (a valid code is cheap to generate). Counted per token subject in this process's memory
 * (rate-limiter-flexible's RateLimiterMemory): each subgraph process keeps its own count, and a restart
 * forgets it. Every attempt counts, malformed codes included. Past the budget the returned function throws
 * RATE_LIMITED, naming the limit and when to try again (`extensions.retryAfterSeconds`).
 */
export function identityCodeLookupLimiter(rate: LookupRate): (callerId: string) => Promise<void> {
  const limiter = new RateLimiterMemory({ keyPrefix: 'identity-code-lookups', points: rate.lookups, duration: rate.windowSeconds });
  return async (callerId) => {
    try {
      await limiter.consume(callerId);
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      const retryAfterSeconds = Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
      throw new GraphQLError(
        `Rate limit exceeded: at most ${rate.lookups} look-ups by identity code per ${rate.windowSeconds} s for one caller `
        + `(IDENTITY_CODE_LOOKUP_LIMIT); try again in ${retryAfterSeconds} s.`,
        { extensions: { code: 'RATE_LIMITED', limit: 'IDENTITY_CODE_LOOKUP_LIMIT', retryAfterSeconds } },
      );
    }
  };
}
