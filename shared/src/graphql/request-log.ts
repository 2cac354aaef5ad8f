// One structured log line per GraphQL request, in the gateway and in every subgraph, carrying the
// request id that the gateway passes on: who asked (ids only), which operation, how long, how it ended.
// Variables and answers are never logged: they may hold identity codes and sensitive values.
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { Actor } from '../auth/actor';
import { safeOperationName, type Logger } from '../log';

interface LoggedContext extends BaseContext { actor?: Actor; requestId?: string }

export function requestLogPlugin(log: Logger): ApolloServerPlugin<LoggedContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      return {
        async willSendResponse({ response, operation, operationName, errors }) {
          const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const codes = [...new Set((errors ?? result?.errors ?? []).map((e) => String(e.extensions?.code ?? 'ERROR')))];
          log.info('request', {
            requestId: contextValue.requestId,
            actorId: contextValue.actor?.id,
            actorKind: contextValue.actor?.organisationKind,
            operation: operation?.operation,
            // Chosen by the caller: only a GraphQL name, identity codes masked (the line is masked again on output).
            operationName: safeOperationName(operationName) ?? undefined,
            ms: Math.round(performance.now() - started),
            ...(codes.length ? { errorCodes: codes } : {}),
          });
        },
      };
    },
  };
}
