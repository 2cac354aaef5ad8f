// Gateway-only harness (issue 11, BENCHMARKS.md change 19): the gateway as its own process, started as
// scripts/profile.ts starts it (`--require tsx/cjs gateway/src/index.ts`, or `--entry dist/gateway/src/index.js`),
// with the four subgraphs replaced by servers answering each request with the answer recorded for the same body
// (keyed by register and the body's SHA-1), so that the gateway's CPU per request, page faults and RSS can be
// compared without the registers' noise. Prints per size and round: gateway CPU ms per request, its ratio to this
// process's CPU (client and replay servers, untouched by a gateway change), minor page faults and system time per
// request, the RSS peak (sampled every 50 ms) and at the end.
//
//   record (subgraphs already running on BASE+1..BASE+4 of HARNESS_UPSTREAM, e.g. started as profile.ts starts them):
//     HARNESS_UPSTREAM=4760 npx tsx scripts/gateway-harness.ts record --sizes 10,100,500 --file /tmp/recorded.json
//   replay, under the benchmark lock:
//     flock /tmp/bench.lock npx tsx scripts/gateway-harness.ts run --file /tmp/recorded.json --sizes 100,500 \
//       --requests 64 --concurrency 8 [--rounds 2] [--node-flags "--max-semi-space-size=8"] [--env K=V,K2=V2] [--cpu-prof DIR]
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, request } from 'node:http';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { authConfigFromEnv, ensureDevKeys, signDevToken } from '../shared/src/auth/tokens';
import { presetClaims } from '../shared/src/auth/presets';
import { REPO_ROOT } from '../shared/src/subgraphs';
import { CASELOAD_QUERY } from '../tests/support/queries';
import { sampleRss } from './bench/cpu';

const REPO = REPO_ROOT;
const args = process.argv.slice(2);
const option = (name: string, fallback: string) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : fallback; };
const BASE = Number(option('port', '4770'));
const NAMES = ['joint', 'employment', 'wellbeing', 'kela'];
const FILE = option('file', join(REPO_ROOT, 'profile-out', 'gateway-harness-answers.json'));
const recorded: Record<string, string> = existsSync(FILE) ? JSON.parse(readFileSync(FILE, 'utf8')) : {};
const mode = args[0];
const upstream = Number(process.env.HARNESS_UPSTREAM ?? 0);

function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => { const c: Buffer[] = []; stream.on('data', (d) => c.push(d)); stream.on('end', () => resolve(Buffer.concat(c))); stream.on('error', reject); });
}

function stat(pid: number) {
  const s = readFileSync(`/proc/${pid}/stat`, 'utf8'); const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
  return { cpu: (Number(f[11]) + Number(f[12])) / 100, rss: Number(f[21]) * 4096, faults: Number(f[7]), sys: Number(f[12]) / 100 };
}

async function main() {
  const servers = NAMES.map((name, i) => createServer(async (req, res) => {
    const body = await readAll(req);
    const key = name + ':' + createHash('sha1').update(body).digest('hex');
    if (mode === 'record') {
      const up = request({ host: '127.0.0.1', port: upstream + 1 + i, path: '/graphql', method: 'POST', headers: req.headers }, async (r) => {
        const answer = await readAll(r);
        recorded[key] = answer.toString('utf8');
        res.writeHead(r.statusCode!, { 'content-type': 'application/json', 'content-length': answer.length }); res.end(answer);
      });
      up.end(body);
    } else {
      const answer = recorded[key];
      if (!answer) { res.writeHead(500); res.end('{"errors":[{"message":"not recorded"}]}'); return; }
      const bytes = Buffer.from(answer);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': bytes.length }); res.end(bytes);
    }
  }).listen(BASE + 1 + i, '127.0.0.1'));
  const auth = authConfigFromEnv();
  await ensureDevKeys(auth.devKeysDir);
  const token = await signDevToken(auth, presetClaims('employment-work-ability-coordinator'), '2h');
  const env: NodeJS.ProcessEnv = { ...process.env, GATEWAY_PORT: String(BASE), HOST: '127.0.0.1', LOG_LEVEL: 'warn', AUTH_DEV_KEYS_DIR: auth.devKeysDir, SUBGRAPH_TIMEOUT_MS: '30000' };
  NAMES.forEach((n, i) => { env[`${n.toUpperCase()}_URL`] = `http://127.0.0.1:${BASE + 1 + i}/graphql`; });
  for (const kv of option('env', '').split(',').filter(Boolean)) { const [k, v] = kv.split('='); env[k] = v; }
  const flags = option('node-flags', '').split(' ').filter(Boolean);
  const prof = option('cpu-prof', '');
  if (prof) flags.push('--cpu-prof', '--cpu-prof-dir', prof);
  const entry = option('entry', join('gateway', 'src', 'index.ts'));
  const child = spawn(process.execPath, [...flags, ...(entry.endsWith('.ts') ? ['--require', 'tsx/cjs'] : []), entry], { cwd: REPO, env, stdio: ['ignore', 'inherit', 'inherit'] });
  const exited = new Promise((r) => child.once('exit', r));
  for (;;) {
    try { const r = await fetch(`http://127.0.0.1:${BASE}/health/ready`); if (r.ok) break; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  const url = `http://127.0.0.1:${BASE}/graphql`;
  const post = async (body: string) => {
    const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
    const text = await r.text();
    if (!r.ok || text.includes('"errors"')) throw new Error(text.slice(0, 300));
    return text;
  };
  const sizes = option('sizes', '10,100,500').split(',').map(Number);
  const requests = Number(option('requests', '100'));
  const concurrency = Number(option('concurrency', '4'));
  const rounds = Number(option('rounds', '1'));
  try {
    for (const size of sizes) {
      const body = JSON.stringify({ query: CASELOAD_QUERY, variables: { first: size } });
      const answer = await post(body);
      if (option('save-answer', '')) writeFileSync(`${option('save-answer', '')}-${size}.json`, answer);
      if (mode === 'record') { console.log(`recorded ${size}: ${answer.length} bytes`); continue; }
      for (let i = 0; i < 20; i++) await post(body);
      for (let round = 0; round < rounds; round++) {
        const before = stat(child.pid!);
        const sampler = sampleRss(child.pid!, 50);
        const own0 = process.cpuUsage();
        let next = 0;
        const t0 = Date.now();
        await Promise.all(Array.from({ length: concurrency }, async () => { while (next < requests) { next++; await post(body); } }));
        const after = stat(child.pid!);
        const own = process.cpuUsage(own0); const gw = (after.cpu - before.cpu) * 1e6;
        const { peak } = sampler.stop();
        console.log(`size ${size} round ${round + 1}: gateway ${(((after.cpu - before.cpu) * 1000) / requests).toFixed(2)} ms/request, ratio ${(gw / (own.user + own.system)).toFixed(3)}, ${((after.faults - before.faults) / requests).toFixed(0)} faults/request, sys ${(((after.sys - before.sys) * 1000) / requests).toFixed(2)} ms, RSS peak ${(peak / 2 ** 20).toFixed(0)} MB, end ${(after.rss / 2 ** 20).toFixed(0)} MB, ${((requests * 1000) / (Date.now() - t0)).toFixed(0)} req/s`);
      }
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
    if (mode === 'record') writeFileSync(FILE, JSON.stringify(recorded));
    servers.forEach((s) => s.close());
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
