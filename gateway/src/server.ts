// The gateway: composes the four registers into one customer graph from the committed supergraph,
// verifies each caller's token and passes it (and the request id) on to every subgraph, which verify
// it again and apply the law. A register that fails or hangs costs only its own fields.
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
// First: Apollo's packages loaded without their source maps, federation-internals without getters (./dependencies.ts).
import './dependencies';
import { ApolloServer, ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled, ApolloServerPluginUsageReportingDisabled } from '@apollo/server/plugin/disabled';
import { ApolloGateway, GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import type { Actor } from '@cg/shared/src/auth/actor';
import { AuthConfig, AuthenticationError, TokenVerifier } from '@cg/shared/src/auth/tokens';
import { unauthenticated } from '@cg/shared/src/graphql/errors';
import { formatError } from '@cg/shared/src/graphql/format-error';
import { requestLogPlugin } from '@cg/shared/src/graphql/request-log';
import { Listening, maxRequestBytes, sendJson, serve } from '@cg/shared/src/http';
import { Logger, REQUEST_ID_HEADER, requestIdFrom } from '@cg/shared/src/log';
import { REPO_ROOT, SUBGRAPHS, subgraphUrl } from '@cg/shared/src/subgraphs';
import { readArgumentGuard } from '@cg/shared/src/graphql/argument-guard';
import { limitOptions, OperationLimits, operationLimitsFromEnv } from '@cg/shared/src/graphql/limits';
import { playground } from './playground';
import { documentRoutes } from './documents';
import { subgraphFetcher } from './subgraph-http';
import { assertComposedFromSubgraphs, rememberValidSupergraph, supergraphNeedsValidation } from './supergraph-validation';
import { AdmissionControl, AdmissionOptions, admissionOptionsFromEnv, admissionPlugin } from './admission';

/**
 * An operation name the document does not hold (or several operations and no name) is the caller's mistake:
 * HTTP 400 `OPERATION_RESOLUTION_FAILURE`, as a register and Apollo Server without a gateway answer it.
 * Left to @apollo/gateway, its executor throws INVALID_GRAPHQL and Apollo Server answers HTTP 500, which reads
 * as a fault of ours and sets off retries and alarms (review 7 L3). The name is not repeated in the message:
 * a caller may put anything in it (an identity code, too).
 */
function operationResolution<Context extends BaseContext>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request }) {
          if (operation) return;
          throw new GraphQLError(request.operationName ? 'Unknown operation: the document has no operation of the given operationName'
            : 'Must provide operationName: the document has several operations', {
            extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } },
          });
        },
      };
    },
  };
}

export interface GatewayContext extends BaseContext {
  actor: Actor;
  authorization: string;
  requestId: string;
}

export interface GatewayOptions {
  verifyToken: TokenVerifier;
  log: Logger;
  supergraphSdl?: string;
  /** Subgraph URLs by name; defaults from `<NAME>_URL` or the default ports. */
  urls?: Record<string, string>;
  /** Per-subgraph timeout in milliseconds. */
  subgraphTimeoutMs?: number;
  introspection?: boolean;
  /** Depth, alias, directive, cost and token limits of a caller's operation. */
  limits?: OperationLimits;
  /** Development token settings for the playground's preset switcher; undefined in production. */
  devAuth?: AuthConfig;
  playground?: boolean;
  /** Overload control: operations executing at once and waiting (./admission.ts); defaults from the environment. */
  admission?: AdmissionOptions;
}

/** One register's subgraph: forwards identity, bounds the wait, and names the register when it fails. */
class RegisterDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(private readonly register: string, url: string, timeoutMs: number, private readonly log: Logger) {
    super({ url, fetcher: subgraphFetcher(timeoutMs) });
  }

  willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>) {
    if (!('authorization' in context)) return;
    request.http?.headers.set('authorization', context.authorization);
    request.http?.headers.set(REQUEST_ID_HEADER, context.requestId);
  }

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
    try {
      return await super.process(options);
    } catch (error) {
      // The register answered, refusing the request (e.g. a malformed Date its scalar rejected): pass its
      // GraphQL errors on, so the caller learns which field is wrong rather than that the register is down.
      const refusal = (error as { extensions?: { response?: { status?: number; body?: { errors?: unknown[] } } } }).extensions?.response;
      if (refusal?.status && refusal.status >= 400 && refusal.status < 500 && Array.isArray(refusal.body?.errors)) {
        return { errors: refusal.body!.errors } as Awaited<ReturnType<RemoteGraphQLDataSource<GatewayContext>['process']>>;
      }
      const timedOut = (error as Error).name === 'TimeoutError' || /timeout|aborted/i.test(String((error as Error).message));
      // The socket's error code where the connection failed (ECONNREFUSED: the register is not listening).
      const code = ((error as Error).cause as NodeJS.ErrnoException | undefined)?.code;
      this.log.warn('register unavailable', { register: this.register, reason: timedOut ? 'timeout' : code ?? (error as Error).name, requestId: 'context' in options ? (options.context as GatewayContext).requestId : undefined });
      throw new GraphQLError(`The ${this.register} register is not available right now${timedOut ? ' (timed out)' : ''}; its fields are missing from this answer.`, {
        extensions: { code: 'REGISTER_UNAVAILABLE', register: this.register },
      });
    }
  }
}

export function loadSupergraphSdl() {
  return readFileSync(`${REPO_ROOT}/schema/supergraph.graphql`, 'utf8');
}

export async function createGateway(options: GatewayOptions) {
  const timeoutMs = options.subgraphTimeoutMs ?? 5000;
  const limits = limitOptions<GatewayContext>(options.limits ?? operationLimitsFromEnv());
  const admission = new AdmissionControl(options.admission ?? admissionOptionsFromEnv());
  // @apollo/gateway (2.x) otherwise starts an OpenTelemetry exporter in its constructor that reports usage to
  // Apollo's servers every hour and probes cloud metadata addresses: nothing of the customer graph leaves the
  // authorities' network, so it is off whatever the environment says.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const fromFile = options.supergraphSdl === undefined;
  const supergraphSdl = options.supergraphSdl ?? loadSupergraphSdl();
  const validateSupergraph = supergraphNeedsValidation(supergraphSdl);
  if (validateSupergraph && fromFile) assertComposedFromSubgraphs(supergraphSdl);
  const gateway = new ApolloGateway({
    supergraphSdl,
    validateSupergraph,
    buildService: ({ name }) => {
      const info = SUBGRAPHS.find((s) => s.name === name);
      if (!info) throw new Error(`unknown subgraph ${name}`);
      return new RegisterDataSource(name, options.urls?.[name] ?? subgraphUrl(info), timeoutMs, options.log);
    },
  });
  const server = new ApolloServer<GatewayContext>({
    gateway,
    introspection: options.introspection ?? true,
    // Our processes stop themselves on SIGINT/SIGTERM (closing databases too); Apollo's own handler would race them.
    stopOnTerminationSignals: false,
    // No "Did you mean ...?" suggestions: they would reveal the schema to a caller who may not see it.
    hideSchemaDetailsFromClientErrors: true,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    includeStacktraceInErrorResponses: false,
    // Automatic persisted queries are not used: a request carrying one gets a clear refusal.
    persistedQueries: false,
    formatError: formatError(options.log),
    plugins: [
      ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginUsageReportingDisabled(), ApolloServerPluginCacheControlDisabled(),
      requestLogPlugin(options.log), ...limits.plugins,
      readArgumentGuard(), operationResolution(),
      // Last: an operation queues only once every check before execution has passed.
      admissionPlugin<GatewayContext>(admission),
    ],
  });
  try {
    await server.start();
  } catch (error) {
    // Apollo's message names the line ("GraphQL request:1023") but not the file.
    throw fromFile ? new Error(`schema/supergraph.graphql: ${(error as Error).message}`) : error;
  }
  // Loaded (an invalid supergraph makes start() reject): the next start of the same one need not validate it.
  if (validateSupergraph) rememberValidSupergraph(supergraphSdl);

  const context = async (req: IncomingMessage): Promise<GatewayContext> => {
    const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    const authorization = req.headers.authorization ?? '';
    try {
      return { actor: await options.verifyToken(authorization), authorization, requestId };
    } catch (error) {
      throw unauthenticated(error instanceof AuthenticationError ? error.message : 'the token is not valid');
    }
  };

  return {
    server,
    admission,
    listen: (port: number, host?: string): Promise<Listening> => serve({
      server, port, host, context, maxBodyBytes: maxRequestBytes(),
      landingPage: options.playground === false ? undefined : playground(options.devAuth),
      routes: {
        '/health/live': (_req, res) => sendJson(res, 200, { status: 'live', service: 'gateway' }),
        '/health/ready': (_req, res) => sendJson(res, 200, { status: 'ready', service: 'gateway' }),
        // The cooperation model's printable invoice and statistics (./documents.ts).
        ...documentRoutes(server, options.verifyToken, options.log),
      },
    }),
  };
}
