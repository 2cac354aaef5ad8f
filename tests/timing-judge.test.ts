// The judge of the timing tests (tests/e2e/secrecy.e2e.test.ts) must find a real difference and must not
// take a shared machine's noise for one. Seeded pseudo-random data, so each case is the same every run.
import { judgeTiming, TimedPair } from './support/timing';

/** A small deterministic generator (mulberry32), uniform in [0, 1). */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 150 pairs around 17 ms, with the given extra for the existing customer and noise of the given kind. */
function pairs(seed: number, extra: number, noise: (r: () => number, i: number) => [number, number]): TimedPair[] {
  const r = random(seed);
  return Array.from({ length: 150 }, (_, i) => {
    const [a, b] = noise(r, i);
    return { existing: 17 + extra + a, missing: 17 + b };
  });
}

const jitter = (r: () => number) => (r() - 0.5) * 4;
// Bursts from other suites: long stretches where single requests take 5-15 ms more, either one.
const bursts = (r: () => number, i: number): [number, number] => {
  const burst = Math.floor(i / 25) % 2 === 1;
  return [jitter(r) + (burst && r() < 0.6 ? 5 + r() * 10 : 0), jitter(r) + (burst && r() < 0.6 ? 5 + r() * 10 : 0)];
};

describe('judging timing differences', () => {
  it.each([1, 2, 3, 4, 5])('finds a 2.5 ms difference for the existing customer under jitter (seed %i)', (seed) => {
    expect(judgeTiming(pairs(seed, 2.5, (r) => [jitter(r), jitter(r)])).differs).toBe(true);
  });

  it.each([1, 2, 3, 4, 5])('finds a 3 ms difference under bursts of load (seed %i)', (seed) => {
    expect(judgeTiming(pairs(seed, 3, bursts)).differs).toBe(true);
  });

  it.each([1, 2, 3, 4, 5])('finds a difference the other way too (seed %i)', (seed) => {
    expect(judgeTiming(pairs(seed, -2.5, (r) => [jitter(r), jitter(r)])).differs).toBe(true);
  });

  it.each([1, 2, 3, 4, 5])('takes no difference from jitter and bursts alone (seed %i)', (seed) => {
    expect(judgeTiming(pairs(seed, 0, bursts)).differs).toBe(false);
  });

  it('refuses to judge on fewer than 20 pairs', () => {
    expect(() => judgeTiming([{ existing: 1, missing: 1 }])).toThrow('at least 20 pairs');
  });
});
