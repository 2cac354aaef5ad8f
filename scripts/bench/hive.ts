// The peer gateway: Hive Gateway (@graphql-hive/gateway, a dev dependency: nothing is installed at run
// time), serving the committed supergraph over the same running subgraphs, forwarding each client's
// authorization header to every subgraph as our gateway does.
//
// Its HTTP executor (@graphql-tools/executor-http) deduplicates in-flight queries by default
// (`deduplicateInflightRequests`): a subgraph fetch whose URL, body and forwarded headers equal one
// still in flight is not sent again, its answer is shared. The key includes the forwarded headers, so
// requests of distinct callers (distinct authorization headers) are never merged; identical concurrent
// requests of one caller (one token) are.
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from '../../shared/src/subgraphs';
import { waitReady } from '../system-process';

export interface PeerGateway {
  url: string;
  pid: number;
  readyMs: number;
  stop(): Promise<void>;
}

/** The Hive Gateway configuration file (CommonJS, so that it loads without a TypeScript step). */
export function hiveConfig(subgraphUrls: Record<string, string>, deduplicate: boolean): string {
  const entries = Object.fromEntries(Object.entries(subgraphUrls).map(([name, location]) =>
    [name, { location, options: { deduplicateInflightRequests: deduplicate } }]));
  return `// Written by scripts/bench/hive.ts for one benchmark run.
module.exports.gatewayConfig = {
  supergraph: ${JSON.stringify(join(REPO_ROOT, 'schema', 'supergraph.graphql'))},
  transportEntries: ${JSON.stringify(entries, null, 2)},
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => ({ authorization: request.headers.get('authorization') ?? '' }),
  },
  logging: 'error',
  graphiql: false,
};
`;
}

/** The `hive-gateway` command's script (its package exports no bin path: found beside its main module). */
const hiveBin = () => join(dirname(require.resolve('@graphql-hive/gateway')), 'bin.js');

/** Starts Hive Gateway on `port` (127.0.0.1) over the subgraphs at `subgraphUrls`; waits until it answers. */
export async function startHiveGateway(port: number, subgraphUrls: Record<string, string>, deduplicate: boolean): Promise<PeerGateway> {
  const dir = mkdtempSync(join(tmpdir(), 'cg-bench-hive-'));
  const configPath = join(dir, 'gateway.cjs');
  writeFileSync(configPath, hiveConfig(subgraphUrls, deduplicate));
  const started = Date.now();
  const child: ChildProcess = spawn(process.execPath, [
    hiveBin(), 'supergraph', '--config-path', configPath,
    '--host', '127.0.0.1', '--port', String(port), '--fork', '1',
  ], { cwd: dir, env: process.env, stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // Hive Gateway answers /readiness once the supergraph is loaded.
    await waitReady([port], child, '/readiness');
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `http://127.0.0.1:${port}/graphql`, pid: child.pid!, readyMs: Date.now() - started, stop };
}
