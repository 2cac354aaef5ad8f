// Judging whether two kinds of request take different time, from measurements taken in pairs.
//
// A real difference (work done for a customer and not for a non-customer) shows in nearly every pair, in
// the same direction. A burst of load from elsewhere on a shared machine (a CI runner running other suites
// in parallel) moves both requests of a pair, or moves single requests either way. So the judgement is made
// on the paired differences, not on two medians taken apart: the median difference must exceed the
// tolerance AND its sign must be consistent (a sign test), before it counts as a difference a caller could use.

/** One pair of response times in milliseconds, measured one right after the other. */
export interface TimedPair { existing: number; missing: number }

export interface TimingJudgement {
  /** Medians of each kind, in milliseconds. */
  existing: number;
  missing: number;
  /** Median of existing − missing over the pairs, in milliseconds. */
  medianDifference: number;
  /** Allowed |median difference|: 10 % of the smaller median, at least 0.3 ms. */
  tolerance: number;
  /** How many standard deviations the count of pairs where existing was slower lies from half (sign test). */
  signZ: number;
  /** True when the difference is both larger than the tolerance and consistent in direction (z > 3). */
  differs: boolean;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Whether the pairs show a timing difference a caller could use.
 * @param pairs at least 20 pairs (ms); throws on fewer, since a sign test on fewer says nothing.
 */
export function judgeTiming(pairs: TimedPair[]): TimingJudgement {
  if (pairs.length < 20) throw new Error(`judgeTiming needs at least 20 pairs, got ${pairs.length}`);
  const existing = median(pairs.map((p) => p.existing));
  const missing = median(pairs.map((p) => p.missing));
  const differences = pairs.map((p) => p.existing - p.missing);
  const medianDifference = median(differences);
  const tolerance = Math.max(0.1 * Math.min(existing, missing), 0.3);
  const nonZero = differences.filter((d) => d !== 0);
  const slower = nonZero.filter((d) => d > 0).length;
  const signZ = nonZero.length === 0 ? 0 : Math.abs(slower - nonZero.length / 2) / (Math.sqrt(nonZero.length) / 2);
  return { existing, missing, medianDifference, tolerance, signZ, differs: Math.abs(medianDifference) > tolerance && signZ > 3 };
}
