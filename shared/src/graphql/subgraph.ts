// The common frame of every subgraph: SDL classification, federation schema, the law's shield, token
// verification on every request (also when called directly, bypassing the gateway), per-request
// loaders, the access log and disclosure records written before any data leaves (fail closed), and
// errors without stack traces.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph';
import { GraphQLError, GraphQLSchema, isObjectType } from 'graphql';
import { Actor, isThirdParty } from '../auth/actor';
import { AuthenticationError, TokenVerifier } from '../auth/tokens';
import type { Database } from '../db/database';
import type { Register } from '../law/categories';
import type { Classification } from '../law/classification';
import { Logger, maskIdentityCodes, REQUEST_ID_HEADER, requestIdFrom, safeOperationName } from '../log';
import { Listening, maxSubgraphRequestBytes, sendJson, serve } from '../http';
import { readArgumentGuard } from './argument-guard';
import { guardEntityRepresentations } from './customer-entity';
import { auditResolvers, AccessLogStore, AccessLogRow, AccessLogWriter, insertAccessLogEntries } from './audit';
import { logChainResolvers } from '../logs/graphql';
import { requireIdempotencyKeys, withIdempotentMutations } from './idempotency';
import { unauthenticated } from './errors';
import { limitOptions, OperationLimits, operationLimitsFromEnv } from './limits';
import { applyLaw } from './permissions';
import { requestLogPlugin } from './request-log';
import { ConsentBatchLoader, Disclosure, MunicipalityAndRestrictionBatchLoader, MunicipalityBatchLoader, Outcome, RequestLaw, RestrictionBatchLoader } from './request-law';
import { scalarResolvers } from './scalars';
import { groupCalls } from '../db/group-commit';
import { OperationSelection, selectedFieldsByType } from './loaders';
import { restrictionResolvers } from '../rights/restrictions';
import { formatError, isDatabaseUnavailable } from './format-error';
import { classifySubgraphSdl } from './subgraph-sdl';
import { compiledExecution, compiledExecutor } from './compiled-execution';

export interface SubgraphContext<Db = unknown, Loaders = unknown> {
  actor: Actor;
  requestId: string;
  authorization: string;
  db: Db;
  loaders: Loaders;
  /** What the operation selects, known once it is parsed (lean loaders read only those columns: ./loaders.ts). */
  selection?: OperationSelection;
  law: RequestLaw;
  log: Logger;
}

export interface DisclosureSink {
  /** Records disclosures to a third party in the joint register; throws if it cannot. */
  (disclosures: Disclosure[], context: SubgraphContext): Promise<void>;
}

export interface SubgraphOptions<Db, Loaders> {
  register: Register;
  /** The subgraph's own SDL, with `@category` on every field. */
  sdl: string;
  resolvers: GraphQLResolverMap<SubgraphContext<Db, Loaders>>;
  db: Db & { accessLogEntry: AccessLogStore } & AccessLogWriter;
  database: Database;
  createLoaders(db: Db, selection?: OperationSelection): Loaders;
  verifyToken: TokenVerifier;
  /** Consents that concern the calling third party (the joint register's, over HTTP for the others). */
  consentsFor(context: Pick<SubgraphContext, 'actor' | 'authorization' | 'requestId'>): ConsentBatchLoader;
  recordDisclosures: DisclosureSink;
  /** The home municipality this register keeps for each customer, for the area rule (../law/areas.ts). */
  homeMunicipalities?: MunicipalityBatchLoader;
  /** The restrictions of processing in force this register keeps (GDPR art. 18), when it keeps any. */
  processingRestrictions?: RestrictionBatchLoader;
  /** Both of the above in one statement, for officials' requests (issue 11). */
  homeMunicipalitiesAndRestrictions?: MunicipalityAndRestrictionBatchLoader;
  log: Logger;
  /** Routes beside /graphql (e.g. the joint register's internal consent look-up). */
  routes?: Parameters<typeof serve>[0]['routes'];
  /** Operation limits, held here too: a subgraph is reachable without the gateway. Default: from the environment. */
  limits?: OperationLimits;
  /** Whether `__schema` and `_service { sdl }` answer (INTROSPECTION; default: not with NODE_ENV=production). */
  introspection?: boolean;
  /** Operations compiled by graphql-jit rather than executed by graphql-js (./compiled-execution.ts); default from the environment. */
  compiledExecution?: boolean;
}

export interface Subgraph {
  schema: GraphQLSchema;
  classification: Classification;
  server: ApolloServer<SubgraphContext>;
  listen(port: number, host?: string): Promise<Listening>;
}

/**
 * For benchmarks only: serve without the shield and without records, to measure what the law costs.
 * Refused in production.
 */
export function lawDisabledForBenchmark(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.UNSAFE_BENCHMARK_WITHOUT_LAW !== 'yes') return false;
  if (env.NODE_ENV === 'production') throw new Error('UNSAFE_BENCHMARK_WITHOUT_LAW is refused in production');
  return true;
}

export function buildSchema<Db, Loaders>(register: Register, sdl: string, resolvers: GraphQLResolverMap<SubgraphContext<Db, Loaders>>, serveSdl = process.env.NODE_ENV !== 'production') {
  const { typeDefs, classification } = classifySubgraphSdl(register, sdl);
  const merged = mergeResolvers<SubgraphContext<Db, Loaders>>(
    scalarResolvers as unknown as GraphQLResolverMap<SubgraphContext<Db, Loaders>>,
    auditResolvers(register) as unknown as GraphQLResolverMap<SubgraphContext<Db, Loaders>>,
    logChainResolvers(register) as unknown as GraphQLResolverMap<SubgraphContext<Db, Loaders>>,
    // An own register's restrictions of processing (GDPR art. 18; ../rights/restrictions.ts).
    withIdempotentMutations(restrictionResolvers(register)) as unknown as GraphQLResolverMap<SubgraphContext<Db, Loaders>>,
    resolvers,
  );
  const federated = guardEntityRepresentations(buildSubgraphSchema([{ typeDefs, resolvers: merged as GraphQLResolverMap<unknown> }]));
  const custom = customResolverFields(federated);
  // `_service { sdl }` only with introspection (not in production, where the gateway reads the committed supergraph).
  const schema = lawDisabledForBenchmark() ? federated : applyLaw(federated, classification, { serveSdl });
  return { schema, classification, custom };
}

function mergeResolvers<T>(...maps: GraphQLResolverMap<T>[]): GraphQLResolverMap<T> {
  const out: Record<string, unknown> = {};
  for (const map of maps) {
    for (const [type, fields] of Object.entries(map)) {
      out[type] = typeof fields === 'object' && !(fields as object).constructor?.name?.startsWith('GraphQL')
        ? { ...(out[type] as object), ...(fields as object) }
        : fields;
    }
  }
  return out as GraphQLResolverMap<T>;
}

/**
 * The name of the caller's operation under the name the gateway's query planner gave its fetch from this register
 * (`Caseload__joint__0`: the caller's name, the subgraph, the fetch's number): what the auditor reads in the
 * access log is the caller's `Caseload` (found by an outsider). Any other name as it is.
 */
export function callersOperationName(name: unknown): unknown {
  return typeof name === 'string' ? name.replace(/^(.+)__(?:joint|employment|wellbeing|kela)__\d+$/, '$1') : name;
}

/**
 * One access-log row: who, which customers, which categories, which operation, allowed or denied; ids
 * only, never values. The operation name is the caller's choice: only a GraphQL name, identity codes masked.
 */
function accessLogRow(
  ctx: Pick<SubgraphContext, 'actor' | 'requestId'>, customerIds: string[], categories: string[], operation: 'read' | 'write', operationName: unknown,
  outcome: Outcome = 'ALLOWED',
): AccessLogRow {
  return {
    id: randomUUID(),
    requestId: ctx.requestId,
    actorId: maskIdentityCodes(ctx.actor.id),
    actorOrganisationKind: ctx.actor.organisationKind,
    actorOrganisationId: maskIdentityCodes(ctx.actor.organisationId),
    actorRoles: ctx.actor.roles,
    customerIds,
    categories,
    operation: operation === 'write' ? 'WRITE' : 'READ',
    operationName: safeOperationName(callersOperationName(operationName)),
    outcome,
  };
}

/** The operation name a request body states, for the log of a write made before the response exists. */
function operationNameOf(req: IncomingMessage & { body?: unknown }): unknown {
  return (req.body as { operationName?: unknown } | undefined)?.operationName;
}

/** How long `/health/ready` waits for its `SELECT 1`, in ms, before it answers 503 (a prober's own timeout is often 1-5 s). */
export const READY_PROBE_TIMEOUT_MS = 3_000;

/** Most access-log entries one grouped INSERT carries (11 parameters each; a request has one to a few). */
const MAX_GROUPED_ENTRIES = 64;

/**
 * Writes the access log and the disclosure records before the response is sent; no record, no data.
 * The entries of requests that finish together go in one INSERT (group commit, ../db/group-commit.ts, as
 * the joint register's disclosure records do): on the embedded database each statement costs a fixed
 * 0.3-0.7 ms of CPU however small (issue 11), and the entries of concurrent requests queued behind each
 * other anyway. Each request still waits for a statement that holds its own entries; when a grouped
 * statement fails, each request's entries are written again alone, so a failure withholds only the answer
 * whose entries could not be stored.
 */
function recordsPlugin(options: SubgraphOptions<unknown, unknown>): ApolloServerPlugin<SubgraphContext> {
  const logUses = groupCalls(async (entries: AccessLogRow[][]) => {
    await insertAccessLogEntries(options.db, entries.flat());
    return entries.map(() => undefined);
  }, { maxItems: MAX_GROUPED_ENTRIES, sizeOf: (rows) => rows.length });
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue: ctx, response, operation, operationName }) {
          if (!ctx?.law || response.body.kind !== 'single') return;
          const uses = [...ctx.law.useGroups(), ...ctx.law.unmadeWriteGroups()];
          const disclosures = ctx.law.disclosureList();
          if (uses.length === 0 && disclosures.length === 0) return;
          try {
            if (disclosures.length > 0) await options.recordDisclosures(disclosures, ctx);
            if (uses.length > 0) {
              await logUses(uses.map((use) => accessLogRow(ctx, use.customerIds, use.categories, use.operation, operationName ?? operation?.name?.value ?? null, use.outcome)));
            }
          } catch (error) {
            ctx.log.error('records could not be written; response withheld', { error: (error as Error).name });
            const register = options.register.toLowerCase();
            response.body.singleResult.data = null;
            response.body.singleResult.errors = [isDatabaseUnavailable(error)
              ? { message: `The ${register} register's database is not available right now; try again shortly.`, extensions: { code: 'DATABASE_UNAVAILABLE', register } }
              : { message: 'The use of this data could not be recorded, so no data was released. Try again later.', extensions: { code: 'RECORDING_FAILED', register } }];
          }
        },
      };
    },
  };
}

/**
 * Tells the request's lean loaders what its operation selects, before any resolver runs (./loaders.ts).
 * LEAN_LOADERS=off (read at each request) makes every loader read whole rows again: a switch for an
 * operator ruling the optimisation out, and the tests' reference.
 */
function selectionPlugin(): ApolloServerPlugin<SubgraphContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, schema }) {
          if (contextValue?.selection && process.env.LEAN_LOADERS !== 'off') contextValue.selection.byType = selectedFieldsByType(schema, document);
        },
      };
    },
  };
}

/** The fields with their own resolver, by object type (the lean loaders need to be told the columns those read). */
function customResolverFields(schema: GraphQLSchema): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type)) continue;
    const fields = Object.values(type.getFields()).filter((f) => f.resolve).map((f) => f.name);
    if (fields.length > 0) out.set(type.name, new Set(fields));
  }
  return out;
}

/** The area look-up reads the register's own database: when it is down, the answer says so, naming the register. */
function municipalitiesOrUnavailable<T>(register: Register, load: (ids: readonly string[]) => Promise<T[]>): (ids: readonly string[]) => Promise<T[]> {
  return async (ids) => {
    try {
      return await load(ids);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      const name = register.toLowerCase();
      throw new GraphQLError(`The ${name} register's database is not available right now; try again shortly.`, { extensions: { code: 'DATABASE_UNAVAILABLE', register: name } });
    }
  };
}

export async function createSubgraph<Db, Loaders>(options: SubgraphOptions<Db, Loaders>): Promise<Subgraph> {
  // Every mutation is made safe to retry by one mechanism (./idempotency.ts); one without a key does not start.
  const introspection = options.introspection ?? process.env.NODE_ENV !== 'production';
  const { schema, classification, custom } = buildSchema(options.register, options.sdl, withIdempotentMutations(options.resolvers), introspection);
  requireIdempotencyKeys(schema);
  const limits = limitOptions<SubgraphContext>(options.limits ?? operationLimitsFromEnv());
  const server = new ApolloServer<SubgraphContext>({
    // Operations compiled once by graphql-jit (./compiled-execution.ts), or graphql-js's executor.
    ...(options.compiledExecution ?? compiledExecution() ? { gateway: compiledExecutor(schema) } : { schema }),
    // Our processes stop themselves on SIGINT/SIGTERM (closing databases too); Apollo's own handler would race them.
    stopOnTerminationSignals: false,
    hideSchemaDetailsFromClientErrors: true,
    introspection,
    includeStacktraceInErrorResponses: false,
    // Automatic persisted queries are not used: a request carrying one gets a clear refusal, and no cache of
    // other callers' documents is kept in memory.
    persistedQueries: false,
    formatError: formatError(options.log, options.register.toLowerCase()),
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    plugins: [
      ...limits.plugins,
      ...(lawDisabledForBenchmark() ? [] : [recordsPlugin(options as SubgraphOptions<unknown, unknown>)]),
      requestLogPlugin(options.log) as ApolloServerPlugin<SubgraphContext>,
      readArgumentGuard<SubgraphContext>(),
      selectionPlugin(),
      // Inline tracing (ftv1) and cache-control hints cost time on every field; we use neither.
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      // No page for a browser: Apollo's default one loads its Sandbox from Apollo's CDN, a third party (found by
      // an outsider, session 24). People explore the customer graph in the gateway's playground, served locally.
      ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await server.start();

  const context = async (req: IncomingMessage): Promise<SubgraphContext> => {
    const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    const authorization = req.headers.authorization ?? '';
    let actor: Actor;
    try {
      actor = await options.verifyToken(authorization);
    } catch (error) {
      throw unauthenticated(error instanceof AuthenticationError ? error.message : 'the token is not valid');
    }
    const log = options.log.child({ requestId });
    const partial = { actor, authorization, requestId };
    const selection = new OperationSelection(custom);
    return {
      ...partial,
      db: options.db,
      selection,
      loaders: options.createLoaders(options.db, selection),
      law: new RequestLaw(
        actor,
        isThirdParty(actor) ? options.consentsFor(partial) : async (ids) => ids.map(() => []),
        (error) => log.warn('consents could not be looked up', { error: error.name }),
        async (customerId, categories) => {
          await insertAccessLogEntries(options.db, [accessLogRow(partial, [customerId], categories, 'write', operationNameOf(req))]);
        },
        classification,
        options.homeMunicipalities && municipalitiesOrUnavailable(options.register, options.homeMunicipalities),
        options.processingRestrictions,
        options.homeMunicipalitiesAndRestrictions && municipalitiesOrUnavailable(options.register, options.homeMunicipalitiesAndRestrictions),
        options.register,
      ),
      log,
    };
  };

  const service = `subgraph-${options.register.toLowerCase()}`;
  return {
    schema,
    classification,
    server: server as ApolloServer<SubgraphContext>,
    listen: (port, host) => serve({
      server, port, host, context, maxBodyBytes: maxSubgraphRequestBytes(),
      routes: {
        '/health/live': (_req, res) => sendJson(res, 200, { status: 'live', service }),
        '/health/ready': async (_req, res) => {
          // Bounded: a probe answers within its own time even while the database is busy (an embedded
          // database runs one statement at a time) or stuck; a prober waiting on it would say nothing.
          let timer: NodeJS.Timeout | undefined;
          const late = new Promise<'late'>((resolve) => { timer = setTimeout(() => resolve('late'), READY_PROBE_TIMEOUT_MS); });
          try {
            const answered = await Promise.race([options.database.query('SELECT 1'), late]);
            if (answered === 'late') sendJson(res, 503, { status: `database did not answer within ${READY_PROBE_TIMEOUT_MS} ms`, service });
            else sendJson(res, 200, { status: 'ready', service });
          } catch {
            sendJson(res, 503, { status: 'database unavailable', service });
          } finally {
            clearTimeout(timer);
          }
        },
        ...options.routes,
      },
    }),
  };
}
