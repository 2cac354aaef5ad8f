// Starts the gateway: GATEWAY_PORT (default 4000), subgraph URLs from <NAME>_URL.
// First: starts OpenTelemetry tracing when OTLP is configured, before what it instruments is loaded.
import '@cg/shared/src/tracing/start';
// Before @apollo/gateway: its usage-reporting metrics packages load only if ever used (cold start, issue 11).
import './defer-usage-metrics';
import { authConfigFromEnv, createTokenVerifier, isDevelopmentMode } from '@cg/shared/src/auth/tokens';
import { createLogger } from '@cg/shared/src/log';
import { setFlagsFromString } from 'node:v8';
import { createGateway } from './server';

/**
 * GATEWAY_HEAP_GROWING_PERCENT: how far V8 lets the heap grow past what is live before a full collection
 * (unset: V8's own heuristic, up to 4×). E.g. 50 holds the gateway's RSS peak at 175-200 MB under 8
 * concurrent caseloads of 100-500 customers instead of 210-320 MB, at 16-18 % more CPU per request
 * (BENCHMARKS.md, "Profiles (issue 11)", change 11). V8 reads the flag at every full collection, so setting it
 * once the process runs takes effect. Throws naming the variable when it is not a whole number 1-1000.
 */
function applyHeapGrowingPercent(value = process.env.GATEWAY_HEAP_GROWING_PERCENT): number | undefined {
  if (value === undefined || value === '') return undefined;
  const percent = Number(value);
  if (!Number.isInteger(percent) || percent < 1 || percent > 1000) {
    throw new Error(`GATEWAY_HEAP_GROWING_PERCENT must be a whole number of percent from 1 to 1000, not "${value}"`);
  }
  setFlagsFromString(`--heap-growing-percent=${percent}`);
  return percent;
}

async function main() {
  const log = createLogger({ service: 'gateway' });
  applyHeapGrowingPercent();
  const production = process.env.NODE_ENV === 'production';
  const auth = authConfigFromEnv();
  const devTokens = !auth.jwksUrl;
  const { listen } = await createGateway({
    verifyToken: await createTokenVerifier(auth),
    log,
    subgraphTimeoutMs: Number(process.env.SUBGRAPH_TIMEOUT_MS ?? 5000),
    introspection: process.env.INTROSPECTION ? process.env.INTROSPECTION === 'on' : !production,
    playground: process.env.PLAYGROUND ? process.env.PLAYGROUND === 'on' : !production,
    // The playground hands out development tokens only in development mode, never in production.
    devAuth: devTokens && isDevelopmentMode() ? auth : undefined,
  });
  const listening = await listen(Number(process.env.GATEWAY_PORT ?? process.env.PORT ?? 4000), process.env.HOST ?? '127.0.0.1');
  log.info('listening', { url: listening.url, tokens: devTokens ? 'development keys' : 'OIDC' });
  const stop = async () => { await listening.close(); process.exit(0); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  createLogger({ service: 'gateway' }).error('could not start', { error: (error as Error).message });
  process.exit(1);
});
