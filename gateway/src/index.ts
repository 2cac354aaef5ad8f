// Starts the gateway: GATEWAY_PORT (default 4000), subgraph URLs from <NAME>_URL.
// First: starts OpenTelemetry tracing when OTLP is configured, before what it instruments is loaded.
import '@cg/shared/src/tracing/start';
// Before @apollo/gateway: packages it requires but this gateway never uses load only if ever used (cold start, issue 11).
import './defer-unused-packages';
import { authConfigFromEnv, createTokenVerifier, isDevelopmentMode } from '@cg/shared/src/auth/tokens';
import { checkLogLevel, createLogger } from '@cg/shared/src/log';
import { createGateway } from './server';
import { PORT_RANGE } from '@cg/shared/src/http';
import { reportListening, stopWithLauncher } from '@cg/shared/src/launcher';
import { checkNodeEnv, introspectionWanted, onOffSetting, wholeNumberSetting } from '@cg/shared/src/settings';
import { applyHeapGrowingPercent } from './heap';
import { leanGraphqlExecution } from '@cg/shared/src/graphql/graphql-execution';
import { GATEWAY_DEFAULT_PORT } from '@cg/shared/src/subgraph-list';

async function main() {
  stopWithLauncher();
  const log = createLogger({ service: 'gateway' });
  checkNodeEnv(process.env);
  checkLogLevel(process.env);
  applyHeapGrowingPercent();
  const production = process.env.NODE_ENV === 'production';
  const auth = authConfigFromEnv();
  const devTokens = !auth.jwksUrl;
  const { listen } = await createGateway({
    verifyToken: await createTokenVerifier(auth),
    log,
    subgraphTimeoutMs: wholeNumberSetting(process.env, 'SUBGRAPH_TIMEOUT_MS', 5000, { min: 1 }),
    introspection: introspectionWanted(process.env),
    playground: onOffSetting(process.env, 'PLAYGROUND', !production),
    // The playground hands out development tokens only in development mode, never in production.
    devAuth: devTokens && isDevelopmentMode() ? auth : undefined,
  });
  const port = wholeNumberSetting(process.env, 'GATEWAY_PORT', wholeNumberSetting(process.env, 'PORT', GATEWAY_DEFAULT_PORT, PORT_RANGE), PORT_RANGE);
  const listening = await listen(port, process.env.HOST ?? '127.0.0.1');
  // Once started (every package that uses graphql loaded): one copy of graphql, then its lean execution.
  leanGraphqlExecution();
  log.info('listening', { url: listening.url, tokens: devTokens ? 'development keys' : 'OIDC' });
  reportListening('gateway', listening.url);
  const stop = async () => { await listening.close(); process.exit(0); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  createLogger({ service: 'gateway' }).error('could not start', { error: (error as Error).message });
  process.exit(1);
});
