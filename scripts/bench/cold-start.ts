// Cold start of the whole system, alone (issue 11; targets: existing data ≤ 3 s, empty data directory
// ≤ 15 s): spawns scripts/start.ts on a fresh data directory (migrations and the demo data), stops it,
// starts it again on the data it made, and prints for each start the wall time from spawn to every
// service ready and the CPU seconds each process had spent by then (/proc, user + system). The same
// figures as `npm run bench`'s cold-start rows, without the load that follows them.
//
//   npx tsx scripts/bench/cold-start.ts [--rounds N] [--existing-only] [--repo DIR] [--data-dir DIR]
//
// --repo measures another checkout's scripts/start.ts (e.g. a copy of main, for an A/B); --data-dir keeps
// the data directory (default a temporary one, removed at the end). On a shared machine run it under
// `flock /tmp/bench.lock`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startSystem } from '../system-process';
import { cpuSnapshot } from './cpu';
import { ensureServicesBuilt } from '../build';
import { ensureDemoTemplates } from '../demo-templates';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '1' },
    'existing-only': { type: 'boolean', default: false },
    repo: { type: 'string' },
    'data-dir': { type: 'string' },
    'base-port': { type: 'string' },
  },
});

interface Start { kind: 'empty' | 'existing'; wallS: number; cpu: Record<string, number> }

/** One start on `dataDir`: wall seconds to ready and CPU seconds per process, then stops it. */
async function measureStart(kind: Start['kind'], dataDir: string): Promise<Start> {
  const system = await startSystem({
    dataDir, repoRoot: values.repo ? resolve(values.repo) : undefined,
    basePort: values['base-port'] ? Number(values['base-port']) : undefined,
  });
  const cpu = cpuSnapshot({ 'start.ts': system.launcherPid, ...system.pids });
  await system.stop();
  return { kind, wallS: system.readyMs / 1000, cpu };
}

const line = (s: Start) => {
  const total = Object.values(s.cpu).reduce((a, b) => a + b, 0);
  return `| ${s.kind} | ${s.wallS.toFixed(1)} | ${total.toFixed(1)} | ${Object.entries(s.cpu).map(([n, c]) => `${n} ${c.toFixed(2)}`).join(', ')} |`;
};

async function main() {
  // What `npm install` leaves in this checkout (scripts/build.ts), made before any start is timed; --repo's
  // checkout is measured as it is.
  if (!values.repo) {
    await ensureServicesBuilt();
    await ensureDemoTemplates();
  }
  const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
  const starts: Start[] = [];
  const loadBefore = load();
  for (let round = 0; round < Number(values.rounds); round++) {
    const dataDir = values['data-dir'] ? resolve(values['data-dir']) : mkdtempSync(join(tmpdir(), 'cg-cold-start-'));
    try {
      // --existing-only with --data-dir reuses the data there (the first start then seeds only if it is empty).
      if (!values['existing-only']) starts.push(await measureStart('empty', dataDir));
      else await (await startSystem({ dataDir, repoRoot: values.repo ? resolve(values.repo) : undefined, basePort: values['base-port'] ? Number(values['base-port']) : undefined })).stop();
      starts.push(await measureStart('existing', dataDir));
    } finally {
      if (!values['data-dir']) rmSync(dataDir, { recursive: true, force: true });
    }
  }
  process.stdout.write(`cold start of ${values.repo ? resolve(values.repo) : 'this checkout'}, load average ${loadBefore} → ${load()}\n\n`);
  process.stdout.write('| data | wall s | CPU s total | CPU s per process |\n|---|---|---|---|\n');
  for (const s of starts) process.stdout.write(`${line(s)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
