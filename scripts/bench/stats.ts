// The little statistics the benchmark prints: a least-squares line (fixed cost and cost per customer
// over page sizes) and min/median/max over alternating rounds.

/** y = intercept + slope · x, fitted by ordinary least squares; r2 is the coefficient of determination. */
export interface Line { intercept: number; slope: number; r2: number }

/**
 * Fits a straight line through the points by least squares (e.g. x = customers per page, y = CPU ms per
 * request: intercept = fixed cost per request, slope = cost per customer). Needs two distinct x values.
 */
export function linearFit(points: readonly { x: number; y: number }[]): Line {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  if (!(sxx > 0)) throw new Error('a line needs at least two different x values');
  const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const ssTot = points.reduce((s, p) => s + (p.y - my) ** 2, 0);
  const ssRes = points.reduce((s, p) => s + (p.y - (intercept + slope * p.x)) ** 2, 0);
  return { intercept, slope, r2: ssTot > 0 ? 1 - ssRes / ssTot : 1 };
}

export interface Spread { min: number; median: number; max: number; n: number }

/** Smallest, median (mean of the middle two for an even count) and largest of the values. */
export function spread(values: readonly number[]): Spread {
  if (!values.length) throw new Error('no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { min: sorted[0], median, max: sorted.at(-1)!, n: sorted.length };
}

/** `1.23 (1.10-1.31, 5 rounds)`: median, then min-max. */
export const formatSpread = (s: Spread, digits = 2) =>
  `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}-${s.max.toFixed(digits)}, ${s.n} round${s.n === 1 ? '' : 's'})`;
