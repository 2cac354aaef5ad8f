// Numeric settings from the environment. `Number(env.X ?? default)` took a typo silently: "8h" or "nine"
// became NaN, and every comparison with NaN is false, so MAX_QUERY_DEPTH=nine switched the depth limit off
// and AUTH_MAX_TOKEN_LIFETIME_SECONDS=8h let tokens of any lifetime in; a NaN timer interval fired every
// millisecond. A setting that is set must be a whole number in its range, or the process does not start,
// naming the variable. env-var (a maintained library for exactly this) does the strict parsing: no units,
// signs, hex, exponents or spaces. Empty counts as unset, as elsewhere here (shared/src/auth/config.ts).
import type * as EnvVar from 'env-var';

/**
 * env-var, loaded at the first setting that is set: its index loads every parser it has (URLs, e-mail, JSON...),
 * 12 ms of the launcher's part of a cold start, which runs alone before the first service is spawned and reads
 * only on/off settings (issue 11).
 */
let envVar: typeof EnvVar | undefined;
const from: typeof EnvVar.from = (...args) => (envVar ??= require('env-var') as typeof EnvVar).from(...args);

/**
 * The longest delay Node's timers keep: 2^31-1 ms (about 24.8 days). A longer one is not refused by Node: it
 * fires after 1 ms (with a warning), so a timeout set huge to mean "never" would time out at once, and an
 * interval run every millisecond (found by an outsider, session 24). Every `*_MS` setting is bounded by it.
 */
export const MAX_TIMER_MS = 2_147_483_647;

export interface WholeNumberRange {
  /** The smallest value allowed (default 0). */
  min?: number;
  /** The largest value allowed (default none). */
  max?: number;
}

/**
 * The setting `name` in `env` as a whole number, or `fallback` when it is unset or empty.
 * Throws an Error naming the variable, the range and the value given when it is not a whole number in
 * [min, max] (e.g. `MAX_QUERY_DEPTH must be a whole number of at least 1, not "nine"`); a setting whose name
 * ends in `_MS` (milliseconds, for a timer) is at most {@link MAX_TIMER_MS} unless `max` says otherwise.
 */
export function wholeNumberSetting(env: NodeJS.ProcessEnv, name: string, fallback: number, range: WholeNumberRange = {}): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const { min = 0 } = range;
  const max = range.max ?? (name.endsWith('_MS') ? MAX_TIMER_MS : undefined);
  const bounds = max === undefined ? `of at least ${min}` : `from ${min} to ${max}`;
  let value: number;
  try {
    value = from({ [name]: raw }).get(name).required().asInt();
  } catch {
    throw new Error(`${name} must be a whole number ${bounds}, not "${raw}"`);
  }
  if (value < min || (max !== undefined && value > max)) throw new Error(`${name} must be a whole number ${bounds}, not "${raw}"`);
  return value;
}

/**
 * A whole-number setting of this process (`process.env`), read and checked at the first call and kept;
 * for settings used on every call (timeouts). A process's start calls it once, so that a bad value stops
 * the start rather than a request. Throws as {@link wholeNumberSetting}.
 */
export function processSetting(name: string, fallback: number, range: WholeNumberRange = {}): () => number {
  let value: number | undefined;
  return () => (value ??= wholeNumberSetting(process.env, name, fallback, range));
}

/**
 * The on/off setting `name` in `env`: true for `on`, false for `off`, `fallback` when unset or empty.
 * Throws an Error naming the variable for any other value (`true`, `yes`, `ON`...), which before silently
 * meant "off" or "on" depending on how each service read it.
 */
export function onOffSetting(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  if (raw === 'on') return true;
  if (raw === 'off') return false;
  throw new Error(`${name} must be "on" or "off" (or unset), not "${raw}"`);
}

/** The values NODE_ENV may take; unset or empty is development. */
const NODE_ENVS = ['development', 'test', 'production'];

/**
 * Throws an Error naming NODE_ENV when it is set to anything but `development`, `test` or `production`.
 * Production's protections (no development tokens, no introspection, service keys required) turn on only at
 * exactly `production`: a typo such as `prod` or `Production` ran a service with all of them off. Every
 * service calls it first at its start.
 */
export function checkNodeEnv(env: NodeJS.ProcessEnv): void {
  const raw = env.NODE_ENV;
  if (raw === undefined || raw === '' || NODE_ENVS.includes(raw)) return;
  throw new Error(`NODE_ENV must be "production", "development" or "test" (or unset: development), not "${raw}"`);
}

/**
 * Whether a service answers introspection (`__schema`, and a subgraph's `_service { sdl }`): INTROSPECTION
 * on/off, by default on except with NODE_ENV=production. Throws as {@link onOffSetting}.
 */
export function introspectionWanted(env: NodeJS.ProcessEnv): boolean {
  return onOffSetting(env, 'INTROSPECTION', env.NODE_ENV !== 'production');
}
