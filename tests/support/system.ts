// Starts the real system in the test process: each subgraph with its own database and HTTP server on a
// free port, and the gateway in front of them, with real development tokens.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { presetClaims } from '../../shared/src/auth/presets';
import { TokenClaims, authConfigFromEnv, createTokenVerifier, signDevToken } from '../../shared/src/auth/tokens';
import { RunningSubgraph, startSubgraph, SubgraphModule, PrismaLike } from '../../shared/src/graphql/run';
import { createLogger } from '../../shared/src/log';
import { SUBGRAPHS } from '../../shared/src/subgraphs';
import { createGateway } from '../../gateway/src/server';
import { withFreshKeys } from './keys';
import { FIRST_ROUND_DELAY_MS } from '../../subgraphs/joint/src/home-municipality-notices';
import { createDatabases } from './postgres';
import { operationLimitsFromEnv } from '../../shared/src/graphql/limits';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyModule = SubgraphModule<PrismaLike, any>;

export function subgraphModule(name: string): AnyModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exports = require(`../../subgraphs/${name}/src/module`) as Record<string, AnyModule>;
  return Object.values(exports).find((value) => value && typeof value === 'object' && 'register' in value)!;
}

export interface GraphQLResponse<Data = Record<string, unknown>> {
  status: number;
  data?: Data | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export async function postGraphQL<Data = Record<string, any>>(url: string, body: { query: string; variables?: unknown }, token?: string, headers: Record<string, string> = {}): Promise<GraphQLResponse<Data>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify(body),
  });
  const json = await response.json() as GraphQLResponse<Data>;
  return { ...json, status: response.status };
}

export async function tokenFor(presetOrClaims: string | TokenClaims, expiresIn = '1h') {
  return signDevToken(authConfigFromEnv(), typeof presetOrClaims === 'string' ? presetClaims(presetOrClaims) : presetOrClaims, expiresIn);
}

export interface System {
  gatewayUrl: string;
  subgraphs: Record<string, RunningSubgraph<any>>;
  /** The environment the subgraphs were started with (their data directory and development keys). */
  env: NodeJS.ProcessEnv;
  query<Data = Record<string, any>>(preset: string | TokenClaims, query: string, variables?: unknown): Promise<GraphQLResponse<Data>>;
  /** Total SQL statements sent by all subgraphs so far. */
  queryCount(): number;
  /** SQL statements so far, per subgraph. */
  queryCounts(): Record<string, number>;
  stop(): Promise<void>;
}

export async function startSystem(options: { subgraphs?: string[]; gateway?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<System> {
  const names = options.subgraphs ?? SUBGRAPHS.map((s) => s.name);
  const dataRoot = mkdtempSync(join(tmpdir(), 'cg-data-'));
  const running: Record<string, RunningSubgraph<any>> = {};
  let jointListeningAt: number | undefined;
  // The registers' own periodic work runs hourly unless a test sets it, since a test counting a request's
  // statements (queryCounts) counts whatever falls inside the request:
  // - PGLITE_ANALYZE_INTERVAL_MS: the planner statistics' look at the tables (shared/src/db/planner-statistics.ts);
  // - REGISTER_NOTICE_RETRY_MS: the joint register's two outbox rounds, one statement each every 30 s
  //   (subgraphs/joint/src/home-municipality-notices.ts, final-report.ts). This was the driver-statements flake:
  //   joint 6 statements where the request sent 4, in CI after the hourly analyze had not fixed it.
  // The first round of each after a start still runs (waited for below); a test of retries sets its own interval.
  const baseEnv: NodeJS.ProcessEnv = {
    ...process.env, DATA_DIR: dataRoot, PORT: '0', PGLITE_ANALYZE_INTERVAL_MS: '3600000',
    REGISTER_NOTICE_RETRY_MS: process.env.REGISTER_NOTICE_RETRY_MS ?? '3600000', ...options.env,
  };
  // TEST_DATABASE_URL runs the same tests against a real PostgreSQL: one fresh database per subgraph.
  const postgres = process.env.TEST_DATABASE_URL ? await createDatabases(process.env.TEST_DATABASE_URL, names) : undefined;
  for (const [name, url] of Object.entries(postgres?.urls ?? {})) baseEnv[`${name.toUpperCase()}_DATABASE_URL`] = url;
  try {
    // The joint register first: the others ask it about consents and record disclosures in it.
    for (const name of ['joint', ...names.filter((n) => n !== 'joint')].filter((n) => names.includes(n))) {
      const env = { ...baseEnv, JOINT_URL: running.joint?.listening.url ?? baseEnv.JOINT_URL };
      running[name] = await startSubgraph(subgraphModule(name), env);
      if (name === 'joint') jointListeningAt = Date.now();
    }
    // The joint register sends final reports to the employment register (subgraphs/joint/src/final-report.ts),
    // which listens on a port chosen only now: the joint register reads EMPLOYMENT_URL at each call.
    if (running.employment) process.env.EMPLOYMENT_URL = running.employment.listening.url;
    // The joint register's outboxes run their first round FIRST_ROUND_DELAY_MS after it listens: waited out
    // here (with room for the round's statements), so that it never falls inside a test's counted request.
    if (jointListeningAt !== undefined) await new Promise((resolve) => setTimeout(resolve, Math.max(0, jointListeningAt! + FIRST_ROUND_DELAY_MS + 500 - Date.now())));
  } catch (error) {
    await Promise.all(Object.values(running).map((r) => r.stop()));
    await postgres?.drop();
    throw error;
  }
  // Registers that ask one another (the activation plan's copy, issue 9) find each other at call time.
  const urlsBefore = { EMPLOYMENT_URL: process.env.EMPLOYMENT_URL, WELLBEING_URL: process.env.WELLBEING_URL, KELA_URL: process.env.KELA_URL };
  for (const name of ['employment', 'wellbeing', 'kela']) if (running[name]) process.env[`${name.toUpperCase()}_URL`] = running[name].listening.url;
  let gatewayUrl = '';
  let stopGateway = async () => undefined;
  if (options.gateway !== false) {
    const gateway = await createGateway({
      verifyToken: await createTokenVerifier(authConfigFromEnv()),
      log: createLogger({ service: 'gateway' }),
      urls: Object.fromEntries(Object.entries(running).map(([name, r]) => [name, r.listening.url])),
      subgraphTimeoutMs: Number(options.env?.SUBGRAPH_TIMEOUT_MS ?? 5000),
      limits: operationLimitsFromEnv({ ...process.env, ...options.env }),
    });
    const listening = await gateway.listen(0);
    gatewayUrl = listening.url;
    stopGateway = async () => { await listening.close(); await gateway.server.stop(); };
  }
  return {
    gatewayUrl,
    subgraphs: running,
    env: baseEnv,
    // Inline inputs may say idempotencyKey: "__KEY__": each call gets a fresh key (tests/support/keys.ts).
    query: async (preset, query, variables) => postGraphQL(gatewayUrl, { query: withFreshKeys(query), variables }, await tokenFor(preset)),
    queryCount: () => Object.values(running).reduce((sum, r) => sum + r.database.queries.count, 0),
    queryCounts: () => Object.fromEntries(Object.entries(running).map(([name, r]) => [name, r.database.queries.count])),
    stop: async () => {
      await stopGateway();
      await Promise.all(Object.values(running).map((r) => r.stop()));
      await postgres?.drop();
      rmSync(dataRoot, { recursive: true, force: true });
      for (const [key, value] of Object.entries(urlsBefore)) if (value === undefined) delete process.env[key]; else process.env[key] = value;
    },
  };
}
