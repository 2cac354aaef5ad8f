// Prints the benchmark's figures as Markdown tables (BENCHMARKS.md takes them as they are).
import { formatSpread, linearFit, spread } from './stats';
import type { Figures } from './measure';

const MB = 2 ** 20;
const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
const medianOf = (values: number[]) => (values.length ? spread(values).median : NaN);

/** The processes in the figures, the gateway first. */
const processesOf = (figures: Figures[]) => {
  const names = new Set(figures.flatMap((f) => Object.keys(f.cpuMsPerRequest)));
  return [...names].sort((a, b) => (a === 'gateway' ? -1 : b === 'gateway' ? 1 : 0));
};

const totalCpu = (f: Figures) => Object.values(f.cpuMsPerRequest).reduce((s, v) => s + v, 0);

/** Median over rounds of each target and scenario: throughput, latency, CPU per request per process, gateway RSS. */
export function figuresTable(figures: Figures[]): string {
  const processes = processesOf(figures);
  const lines = [
    `| system | scenario | requests | req/s | p50 ms | p99 ms | errors | ${processes.map((p) => `${p} CPU ms/req`).join(' | ')} | total CPU ms/req | gateway RSS peak / end MB |`,
    `|---|---|---|---|---|---|---|${processes.map(() => '---|').join('')}---|---|`,
  ];
  for (const [key, group] of groupBy(figures, (f) => `${f.target}\u0000${f.scenario}`)) {
    const [target, scenario] = key.split('\u0000');
    const m = (pick: (f: Figures) => number) => medianOf(group.map(pick));
    lines.push(`| ${target} | ${scenario} | ${group.reduce((s, f) => s + f.requests, 0)} | ${fixed(m((f) => f.rps))} | ${fixed(m((f) => f.p50), 0)} | ${fixed(m((f) => f.p99), 0)} | ${group.reduce((s, f) => s + f.errors, 0)} | `
      + `${processes.map((p) => fixed(m((f) => f.cpuMsPerRequest[p] ?? NaN))).join(' | ')} | ${fixed(m(totalCpu))} | `
      + `${fixed(Math.max(...group.map((f) => f.gatewayRss.peak)) / MB, 0)} / ${fixed(group.at(-1)!.gatewayRss.end / MB, 0)} |`);
  }
  return lines.join('\n');
}

/**
 * For each system: CPU ms per request of each process fitted over the caseload page sizes, as a fixed
 * cost per request plus a cost per customer (least squares over every round's figures).
 */
export function pageSizeTable(figures: Figures[]): string {
  const caseloads = figures.filter((f) => f.scenario.startsWith('caseload '));
  const processes = processesOf(caseloads);
  const lines = [
    '| system | process | fixed CPU ms per request | CPU ms per customer | r² |',
    '|---|---|---|---|---|',
  ];
  for (const [target, group] of groupBy(caseloads, (f) => f.target)) {
    if (new Set(group.map((f) => f.customers)).size < 2) continue;
    for (const p of [...processes, 'total']) {
      const y = (f: Figures) => (p === 'total' ? totalCpu(f) : f.cpuMsPerRequest[p]);
      const points = group.map((f) => ({ x: f.customers, y: y(f) })).filter((pt) => Number.isFinite(pt.y));
      if (new Set(points.map((pt) => pt.x)).size < 2) continue;
      const line = linearFit(points);
      lines.push(`| ${target} | ${p} | ${line.intercept.toFixed(1)} | ${line.slope.toFixed(3)} | ${line.r2.toFixed(2)} |`);
    }
  }
  return lines.length > 2 ? lines.join('\n') : '';
}

/**
 * Ratios of `base` to each other system per scenario, one per round (measured in the same round, so the
 * machine's load of the moment cancels out), as median (min-max): throughput base ÷ other (above 1: base
 * serves more) and total CPU per request other ÷ base (above 1: base costs less).
 */
export function ratioTable(figures: Figures[], base: string): string {
  const lines = [
    `| ${base} compared with | scenario | throughput ${base} ÷ other | CPU per request other ÷ ${base} | gateway CPU other ÷ ${base} |`,
    '|---|---|---|---|---|',
  ];
  const ours = figures.filter((f) => f.target === base);
  const others = [...new Set(figures.map((f) => f.target))].filter((t) => t !== base);
  for (const other of others) {
    for (const [scenario, group] of groupBy(ours, (f) => f.scenario)) {
      const pairs = group.flatMap((f) => {
        const o = figures.find((g) => g.target === other && g.scenario === scenario && g.round === f.round);
        return o ? [[f, o] as const] : [];
      });
      if (!pairs.length) continue;
      const ratio = (pick: (a: Figures, b: Figures) => number) => {
        const values = pairs.map(([a, b]) => pick(a, b)).filter(Number.isFinite);
        return values.length ? formatSpread(spread(values)) : '-';
      };
      lines.push(`| ${other} | ${scenario} | ${ratio((a, b) => a.rps / b.rps)} | ${ratio((a, b) => totalCpu(b) / totalCpu(a))} | `
        + `${ratio((a, b) => b.cpuMsPerRequest.gateway / a.cpuMsPerRequest.gateway)} |`);
    }
  }
  return lines.length > 2 ? lines.join('\n') : '';
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
