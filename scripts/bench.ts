// Benchmarks the gateway: the caseload query (100 customers, fields from all four registers) and the
// single-customer full view, printing throughput and latency p50/p99. Figures go to BENCHMARKS.md.
//
//   npm run bench                       starts its own system (fresh demo data, ports 4600-4604), measures, stops
//   npm run bench -- --compare-law      the same, then again with the access rules and records off
//   npm run bench -- --url http://127.0.0.1:4000/graphql    measures a running system instead
// Options: --duration SECONDS (10), --connections N (8).
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { GraphQLObjectType } from 'graphql';
import { authConfigFromEnv, signDevToken } from '../shared/src/auth/tokens';
import { presetClaims } from '../shared/src/auth/presets';
import { demoPopulation } from '../shared/src/demo/population';
import { CASELOAD_QUERY } from '../tests/support/queries';
import { apiSchema, FieldRef, selectAll } from '../tests/support/selection';
import { actorFromClaims } from '../shared/src/auth/tokens';
import { areaOfMunicipality } from '../shared/src/law/areas';
import type { CategoryName } from '../shared/src/law/categories';
import { decide } from '../shared/src/law/rules';
import { SUBGRAPHS, subgraphTypeDefs } from '../shared/src/subgraphs';

/** `Type.field` → category, from every subgraph's SDL. */
let classified: Map<string, CategoryName> | undefined;
const classification = () => (classified ??= new Map(SUBGRAPHS.flatMap((s) => [...subgraphTypeDefs(s).classification])));
import { startSystem } from './system-process';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const duration = Number(option('duration', '10'));
const connections = Number(option('connections', '8'));

interface Figures { scenario: string; law: string; requests: number; rps: number; p50: number; p99: number; errors: number }

async function measure(url: string, scenario: string, law: string, body: string, token: string): Promise<Figures> {
  // Check the answer once before loading: a benchmark of errors measures nothing.
  const probe = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
  const json = await probe.json() as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
  // Not even FORBIDDEN: with the law on and off the same data must come back, or the comparison flatters the law.
  const unexpected = json.errors ?? [];
  if (!probe.ok || !json.data || unexpected.length) throw new Error(`${scenario}: the query does not answer cleanly: ${JSON.stringify(json).slice(0, 300)}`);
  const result = await autocannon({
    url, method: 'POST', connections, duration, body,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
  });
  return {
    scenario, law, requests: result.requests.total, rps: result.requests.average,
    p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx + result.timeouts,
  };
}

async function scenarios(url: string, law: string): Promise<Figures[]> {
  const auth = authConfigFromEnv();
  // The employment authority's work-ability coordinator may read every field of the caseload query (health
  // and work capacity, the activation plan, Kela's rehabilitation), so the law on and off return the same data.
  const official = presetClaims('employment-work-ability-coordinator');
  const token = await signDevToken(auth, official, '2h');
  const customer = demoPopulation().find((c) => c.responsibleOfficials.EMPLOYMENT.id === official.sub)!;
  // Every field of the customer graph this official may read (no role reads all of it, by design); the logs
  // aside. The same selection with the law on and off returns the same data.
  const actor = actorFromClaims(official as never);
  const area = areaOfMunicipality(customer.homeMunicipality);
  const denied = (f: FieldRef) => {
    const category = classification().get(`${f.type}.${f.field}`);
    return !category || !decide(actor, category, customer.id, 'read', [], area).allowed;
  };
  const fullView = `query FullView($id: ID!) { customer(id: $id) { ${selectAll(apiSchema().getType('Customer') as GraphQLObjectType, (f) => /AccessLog$|^disclosures$/.test(f.field) || denied(f))} } }`;
  return [
    await measure(url, 'caseload, 100 customers, 4 registers', law, JSON.stringify({ query: CASELOAD_QUERY, variables: { first: 100 } }), token),
    await measure(url, 'single customer, full view', law, JSON.stringify({ query: fullView, variables: { id: customer.id } }), token),
  ];
}

async function main() {
  const results: Figures[] = [];
  const externalUrl = args.includes('--url') ? option('url', '') : undefined;
  if (externalUrl) {
    results.push(...await scenarios(externalUrl, 'as running'));
  } else {
    const dataDir = mkdtempSync(join(tmpdir(), 'cg-bench-'));
    try {
      for (const law of args.includes('--compare-law') ? [true, false] : [true]) {
        const system = await startSystem({ dataDir, law });
        try {
          results.push(...await scenarios(system.url, law ? 'on' : 'off'));
        } finally {
          await system.stop();
        }
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  console.log(`\n${new Date().toISOString()}  node ${process.version}  ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}  ${Math.round(totalmem() / 2 ** 30)} GiB`);
  console.log(`${connections} connections, ${duration} s per scenario\n`);
  console.log('| scenario | rules and records | requests | req/s | p50 ms | p99 ms | errors |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of results) console.log(`| ${r.scenario} | ${r.law} | ${r.requests} | ${r.rps.toFixed(1)} | ${r.p50} | ${r.p99} | ${r.errors} |`);
  const on = results.filter((r) => r.law === 'on');
  const off = results.filter((r) => r.law === 'off');
  for (const r of on) {
    const base = off.find((o) => o.scenario === r.scenario);
    if (base) console.log(`\n${r.scenario}: throughput with the law on is ${(r.rps / base.rps).toFixed(2)} of it off`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
