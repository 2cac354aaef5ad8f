// The gateway's heap: how far V8 lets it grow before a full collection (GATEWAY_HEAP_GROWING_PERCENT).
import { setFlagsFromString } from 'node:v8';

/** The gateway's heap growing percent unless GATEWAY_HEAP_GROWING_PERCENT says otherwise (BENCHMARKS.md, change 19). */
export const DEFAULT_HEAP_GROWING_PERCENT = 50;

/**
 * GATEWAY_HEAP_GROWING_PERCENT: how far V8 lets the heap grow past what is live before a full collection, in
 * percent (default DEFAULT_HEAP_GROWING_PERCENT; `v8` leaves it to V8's own heuristic, which lets the old space
 * grow up to 4× what is live). The gateway's live heap is small (about 45-60 MB under load) and what it allocates
 * per request is short-lived, so 50 holds its RSS peak under 8 concurrent caseloads at about 175-200 MB instead
 * of 200-330 MB, without costing CPU per request on the measuring machine: fewer fresh pages are touched, which
 * pays for the more frequent full collections (BENCHMARKS.md, "Profiles (issue 11)", changes 11 and 19). V8
 * reads the flag at every full collection, so setting it once the process runs takes effect. Returns the
 * percent set, or undefined for `v8`; throws naming the variable when the value is neither `v8` nor a whole
 * number 1-1000.
 */
export function applyHeapGrowingPercent(value = process.env.GATEWAY_HEAP_GROWING_PERCENT): number | undefined {
  if (value === 'v8') return undefined;
  const percent = value === undefined || value === '' ? DEFAULT_HEAP_GROWING_PERCENT : Number(value);
  if (!Number.isInteger(percent) || percent < 1 || percent > 1000) {
    throw new Error(`GATEWAY_HEAP_GROWING_PERCENT must be a whole number of percent from 1 to 1000 or "v8", not "${value}"`);
  }
  setFlagsFromString(`--heap-growing-percent=${percent}`);
  return percent;
}
