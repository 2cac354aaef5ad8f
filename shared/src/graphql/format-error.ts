// What a caller sees of an error, the gateway's and every subgraph's: no stack traces and no internals. Its
// own module so that the gateway, which formats errors as the subgraphs do, does not load the subgraphs'
// server stack (@apollo/subgraph, graphql-shield and theirs: some 270 module files at every start, issue 11).
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import { Logger, maskIdentityCodes } from '../log';
import { nameLimit } from './limits';

/** Errors of a database that cannot be reached (PostgreSQL down or restarting, connection refused or cut). */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error as { message?: string; code?: string; cause?: unknown; originalError?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    if (/ECONNREFUSED|ECONNRESET|Connection terminated|terminating connection|the database system is (starting up|shutting down)|DatabaseNotReachable|Can't reach database|connect ETIMEDOUT/i.test(`${e.code ?? ''} ${e.message ?? ''}`)) return true;
    if (e.code === 'P1001' || e.code === 'P1017' || e.code === '57P01' || e.code === '57P03') return true;
    e = (e.originalError ?? e.cause) as typeof e;
  }
  return false;
}

/** The answer to `__schema`/`__type` where introspection is off (production's default). */
export const INTROSPECTION_OFF = 'GraphQL introspection is not allowed here: it is off unless INTROSPECTION=on (off by default with NODE_ENV=production; README, Configuration).';

/** graphql-js's suggestions (`Did you mean "X"?`, `Did you mean the enum value "X" or "Y"?`) taken out of a message. */
const withoutSuggestions = (message: string) => message.replace(/\s*Did you mean [^?]*\?/g, '');

/**
 * No stack traces and no internals in any answer: known errors keep their code and message, a database
 * that cannot be reached is named as such, anything else is logged by name only and answered generically.
 */
export function formatError(log: Logger, service = 'service') {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code as string | undefined;
    const known = code && code !== 'INTERNAL_SERVER_ERROR';
    if (known) {
      formatted = nameLimit(formatted);
      // Apollo's says to "pass introspection: true to ApolloServer": ours is a setting (found by an outsider).
      if (/^GraphQL introspection is not allowed by Apollo Server/.test(formatted.message)) formatted = { ...formatted, message: INTROSPECTION_OFF };
      const extra = Object.fromEntries(['field', 'register', 'limit', 'retryAfterSeconds', 'reason'].filter((k) => formatted.extensions?.[k]).map((k) => [k, formatted.extensions![k]]));
      // Messages may echo what the caller sent (a variable's value, a name): never an identity code. No "Did you
      // mean ...?" either: Apollo's hideSchemaDetailsFromClientErrors takes them out of validation errors only, and
      // a variable's value coerced to an enum named the enum's values (found by an outsider, session 28).
      return { message: maskIdentityCodes(withoutSuggestions(formatted.message)), path: formatted.path, locations: formatted.locations, extensions: { code, ...extra } };
    }
    if (isDatabaseUnavailable(error)) {
      log.warn('database unavailable', { error: (error as Error)?.name });
      return { message: `The ${service} register's database is not available right now; try again shortly.`, path: formatted.path, extensions: { code: 'DATABASE_UNAVAILABLE', register: service } };
    }
    const original = (error as GraphQLError)?.originalError ?? error;
    log.error('unexpected error', { error: (original as Error)?.name, message: maskIdentityCodes(String((original as Error)?.message ?? '')).slice(0, 200) });
    return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
