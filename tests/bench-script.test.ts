// The benchmark script's own arithmetic and command line (scripts/bench): a wrong fit or a misread
// option would print confident, wrong figures.
import { parseBenchArgs } from '../scripts/bench/options';
import { linearFit, spread } from '../scripts/bench/stats';
import { cpuSeconds, rssBytes, treeCpuSeconds } from '../scripts/bench/cpu';

describe('linearFit', () => {
  it('recovers the fixed cost and the cost per customer of an exact line', () => {
    const line = linearFit([10, 100, 500].map((x) => ({ x, y: 12 + 0.25 * x })));
    expect(line.intercept).toBeCloseTo(12, 9);
    expect(line.slope).toBeCloseTo(0.25, 9);
    expect(line.r2).toBeCloseTo(1, 9);
  });

  it('fits noisy points by least squares', () => {
    // Points (0,1), (1,3), (2,2): slope 0.5, intercept 1.5, r² 0.25.
    const line = linearFit([{ x: 0, y: 1 }, { x: 1, y: 3 }, { x: 2, y: 2 }]);
    expect(line.slope).toBeCloseTo(0.5, 9);
    expect(line.intercept).toBeCloseTo(1.5, 9);
    expect(line.r2).toBeCloseTo(0.25, 9);
  });

  it('refuses a single page size', () => {
    expect(() => linearFit([{ x: 100, y: 1 }, { x: 100, y: 2 }])).toThrow(/two different x/);
  });
});

describe('spread', () => {
  it('gives min, median and max for odd and even counts', () => {
    expect(spread([3, 1, 2])).toEqual({ min: 1, median: 2, max: 3, n: 3 });
    expect(spread([4, 1, 2, 3])).toEqual({ min: 1, median: 2.5, max: 4, n: 4 });
  });
});

describe('parseBenchArgs', () => {
  it('has the documented defaults', () => {
    expect(parseBenchArgs([])).toEqual({
      duration: 10, connections: 8, sizes: [10, 100, 500], rounds: 1, compareLaw: false, ref: undefined,
      peer: undefined, postgres: false, soakMinutes: 0, sameCaller: false, url: undefined,
    });
  });

  it('reads every option, and compares over three rounds unless told', () => {
    const options = parseBenchArgs(['--duration', '5', '--connections', '4', '--sizes', '500,10,100,10', '--ref', 'main',
      '--peer', 'hive', '--postgres', '--soak', '20', '--compare-law', '--same-caller']);
    expect(options).toMatchObject({ duration: 5, connections: 4, sizes: [10, 100, 500], rounds: 3, ref: 'main', peer: 'hive',
      postgres: true, soakMinutes: 20, compareLaw: true, sameCaller: true });
    expect(parseBenchArgs(['--peer', 'hive', '--rounds', '5']).rounds).toBe(5);
  });

  it('names what is wrong', () => {
    expect(() => parseBenchArgs(['--peer', 'router'])).toThrow(/--peer knows only "hive"/);
    expect(() => parseBenchArgs(['--duration', '0'])).toThrow(/--duration must be a positive whole number/);
    expect(() => parseBenchArgs(['--sizes', '10,x'])).toThrow(/--sizes/);
    expect(() => parseBenchArgs(['--soak', 'long'])).toThrow(/--soak must be minutes/);
    expect(() => parseBenchArgs(['--fast'])).toThrow(/fast/);
  });
});

describe('CPU and memory from /proc', () => {
  it('reads this process: CPU seconds grow with work, RSS is plausible', () => {
    const before = cpuSeconds(process.pid);
    const until = Date.now() + 150;
    while (Date.now() < until) Math.sqrt(Math.random());
    expect(cpuSeconds(process.pid)).toBeGreaterThan(before);
    expect(rssBytes(process.pid)).toBeGreaterThan(10 * 2 ** 20);
    // A tree counts the process itself and more (its children, waited for or alive).
    const own = cpuSeconds(process.pid);
    expect(treeCpuSeconds(process.pid)).toBeGreaterThanOrEqual(own);
  });
});
