// The benchmark's command line (`npm run bench -- ...`), parsed with node:util's parseArgs.
import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** Seconds of load per scenario and round. */
  duration: number;
  /** Concurrent HTTP connections of the load generator (autocannon). */
  connections: number;
  /** Caseload page sizes, customers per request (the linear fit needs two or more). */
  sizes: number[];
  /** Alternating rounds over the systems compared (1 when nothing is compared). */
  rounds: number;
  /** Also measure with the access rules and records off (benchmark-only mode). */
  compareLaw: boolean;
  /** A git ref (branch, tag, commit) to measure side by side: its own checkout, install, data and ports. */
  ref?: string;
  /** A peer gateway over the same subgraphs: only `hive` (@graphql-hive/gateway). */
  peer?: 'hive';
  /** Also the whole measurement on PostgreSQL (a throw-away cluster), after the embedded one. */
  postgres: boolean;
  /** Minutes of caseload load before comparing a soaked system with a fresh one (0: no soak). */
  soakMinutes: number;
  /** Every connection with its own token (distinct callers) or all with one (a single caller). */
  sameCaller: boolean;
  /** Measure a system already running at this gateway URL instead of starting one (no CPU figures). */
  url?: string;
}

export const USAGE = `usage: npm run bench -- [options]
  --duration SECONDS     load per scenario and round (10)
  --connections N        concurrent connections (8)
  --sizes 10,100,500     caseload page sizes (customers per request)
  --rounds N             alternating rounds when comparing (3 with --ref/--peer/--compare-law, else 1)
  --compare-law          also with the access rules and records off
  --ref GIT_REF          also a checkout of GIT_REF, side by side
  --peer hive            also Hive Gateway over the same subgraphs, deduplication off and on
  --postgres             everything again on a throw-away PostgreSQL cluster
  --soak MINUTES         then load for MINUTES and compare the soaked system with a fresh one
  --same-caller          one token for every connection (default: one token per connection)
  --url URL              measure a running gateway instead (throughput and latency only)`;

const positiveInteger = (name: string, value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive whole number, not "${value}"`);
  return n;
};

/** Parses the arguments after `npm run bench --`; throws an Error naming the bad option. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '8' },
      sizes: { type: 'string', default: '10,100,500' },
      rounds: { type: 'string' },
      'compare-law': { type: 'boolean', default: false },
      ref: { type: 'string' },
      peer: { type: 'string' },
      postgres: { type: 'boolean', default: false },
      soak: { type: 'string', default: '0' },
      'same-caller': { type: 'boolean', default: false },
      url: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) throw new Error(USAGE);
  if (values.peer !== undefined && values.peer !== 'hive') throw new Error(`--peer knows only "hive", not "${values.peer}"`);
  const sizes = values.sizes!.split(',').map((s) => positiveInteger('sizes', s.trim()));
  const soakMinutes = Number(values.soak);
  if (!(soakMinutes >= 0)) throw new Error(`--soak must be minutes (0 or more), not "${values.soak}"`);
  const comparing = Boolean(values.ref || values.peer || values['compare-law']);
  return {
    duration: positiveInteger('duration', values.duration!),
    connections: positiveInteger('connections', values.connections!),
    sizes: [...new Set(sizes)].sort((a, b) => a - b),
    rounds: values.rounds ? positiveInteger('rounds', values.rounds) : comparing ? 3 : 1,
    compareLaw: values['compare-law']!,
    ref: values.ref || undefined,
    peer: values.peer as 'hive' | undefined,
    postgres: values.postgres!,
    soakMinutes,
    sameCaller: values['same-caller']!,
    url: values.url,
  };
}
