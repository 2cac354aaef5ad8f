// One measurement: a scenario loaded on one gateway for a fixed time (autocannon), with the CPU seconds
// each process of the system spent (from the OS) and the gateway's resident memory sampled meanwhile.
import autocannon from 'autocannon';
import { cpuSnapshot, cpuSpent, sampleRss } from './cpu';
import type { Scenario } from './scenarios';

export interface Target {
  /** e.g. `ours`, `main`, `hive (dedup off)`, `ours, law off`. */
  name: string;
  url: string;
  /** The processes whose CPU counts: `gateway` and each subgraph, by name. */
  pids: Record<string, number>;
  /** Process trees whose CPU counts too, e.g. `postgresql` (the postmaster and its backends). */
  trees?: Record<string, number>;
}

export interface Figures {
  target: string;
  /** Which alternating round (1, 2, ...): ratios pair figures of the same round. */
  round: number;
  scenario: string;
  customers: number;
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  /** Transport errors, non-2xx answers, timeouts and answers carrying GraphQL `errors`. */
  errors: number;
  /** CPU milliseconds per request of each process (`gateway`, `joint`, ...). */
  cpuMsPerRequest: Record<string, number>;
  /** The gateway's resident set size during the run, bytes. */
  gatewayRss: { peak: number; end: number };
}

export interface LoadSettings { duration: number; connections: number; tokens: string[] }

/** Sends the scenario once and refuses an answer with any error: a benchmark of errors measures nothing. */
export async function probe(url: string, scenario: Scenario, token: string, attempts = 3): Promise<void> {
  try {
    await probeOnce(url, scenario, token);
  } catch (error) {
    // A register that timed out once on a busy machine is not a wrong answer; three times is.
    if (attempts <= 1 || !/REGISTER_UNAVAILABLE/.test((error as Error).message)) throw error;
    await probe(url, scenario, token, attempts - 1);
  }
}

async function probeOnce(url: string, scenario: Scenario, token: string): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: scenario.body });
  const json = await response.json() as { data?: unknown; errors?: unknown[] };
  // Not even FORBIDDEN: every target must return the same data, or the comparison flatters one of them.
  if (!response.ok || !json.data || json.errors?.length) {
    throw new Error(`${scenario.name}: the query does not answer cleanly at ${url}: ${JSON.stringify(json).slice(0, 300)}`);
  }
}

/** Loads `scenario` on `target` for `duration` seconds; each request carries the next token in turn. */
export async function measure(target: Target, scenario: Scenario, load: LoadSettings, round = 1): Promise<Figures> {
  await probe(target.url, scenario, load.tokens[0]);
  let next = 0;
  let graphqlErrors = 0;
  const authorizations = load.tokens.map((t) => `Bearer ${t}`);
  const rss = target.pids.gateway ? sampleRss(target.pids.gateway) : undefined;
  const cpuBefore = cpuSnapshot(target.pids, target.trees);
  const started = process.hrtime.bigint();
  const result = await autocannon({
    url: target.url, method: 'POST', connections: load.connections, duration: load.duration,
    requests: [{
      method: 'POST', body: scenario.body,
      // Round robin over the tokens: with at least as many tokens as connections, the requests in flight
      // at one time come from distinct callers (distinct authorization headers).
      setupRequest: (request: { headers: Record<string, string> }) => {
        request.headers = { ...request.headers, 'content-type': 'application/json', authorization: authorizations[next++ % authorizations.length] };
        return request;
      },
      // A gateway answers 200 with `errors` when a register timed out: autocannon would count it as served.
      onResponse: (_status: number, body: string) => {
        if (body.includes('"errors":[')) graphqlErrors += 1;
      },
    }],
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const spent = cpuSpent(cpuBefore, cpuSnapshot(target.pids, target.trees));
  const requests = result.requests.total as number;
  return {
    target: target.name, round, scenario: scenario.name, customers: scenario.customers, requests, seconds,
    rps: requests / seconds, p50: result.latency.p50, p99: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts + graphqlErrors,
    cpuMsPerRequest: Object.fromEntries(Object.entries(spent).map(([name, s]) => [name, requests ? (s * 1000) / requests : NaN])),
    gatewayRss: rss?.stop() ?? { peak: NaN, end: NaN },
  };
}
