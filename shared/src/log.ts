// Structured JSON logs, one line per event, with the request id that follows a request through the
// gateway and every subgraph. Personal identity codes are masked wherever they might slip into a
// message; callers log ids and categories, never values.
import { randomUUID } from 'node:crypto';

/**
 * A personal identity code delimited on both sides (kept as a plain regex for callers that need one).
 * It misses codes glued to letters or `_` (`View_010150-9500`): to find or mask every code use
 * {@link containsIdentityCode} and {@link maskIdentityCodes}.
 */
export const IDENTITY_CODE = /(?<![\w-])\d{6}[-+A-FU-Y]\d{3}[0-9A-Y](?![\w-])/g;

// Any DDMMYYCZZZQ shape, whatever stands next to it, and a UUID token, tried first at each position so that
// an id such as 1e012345-6789-4abc-... (which holds the shape 012345-6789) is kept whole; a UUID glued to
// more letters, digits, `+` or `-` is no token (a code could straddle its end). Case-insensitive:
// a caller may type the century sign and check character in lower case.
// Typed by a person, a code may carry spaces around its century sign or a dash of another kind
// (`010150 - 9500`, `010150–9500`); full-width digits are folded to ASCII first (NFKC).
const UUID_OR_CODE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-z+-])|\d{6}[ \t]{0,3}[-+a-fu-y\u2010-\u2015\u2212][ \t]{0,3}\d{3}[0-9a-y]/gi;
const CODE_SHAPE = /^(\d{2})(\d{2})\d{2}[-+a-fu-y](\d{3})([0-9a-y])$/i;
const CHECK_CHARACTERS = '0123456789ABCDEFHJKLMNPRSTUVWXY';
const MASK = '[identity code]';

/**
 * Inside a UUID token only a code that could be real counts: a plausible day and month and the right
 * check character (DDMMYYZZZ mod 31). A random UUID holds one by chance about once in 30,000; a caller who
 * wraps a real code in a UUID-shaped string (e.g. a request id) cannot smuggle it past the mask.
 */
function holdsPlausibleCode(uuid: string): boolean {
  for (let i = 0; i + 11 <= uuid.length; i++) {
    const match = CODE_SHAPE.exec(uuid.slice(i, i + 11));
    if (!match) continue;
    const [candidate, dd, mm, , check] = match;
    const day = Number(dd);
    const month = Number(mm);
    const digits = candidate.slice(0, 6) + candidate.slice(7, 10);
    if (day >= 1 && day <= 31 && month >= 1 && month <= 12 && CHECK_CHARACTERS[Number(digits) % 31] === check.toUpperCase()) return true;
  }
  return false;
}
const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
type Level = keyof typeof LEVELS;
const threshold = LEVELS[(process.env.LOG_LEVEL as Level) ?? 'info'] ?? LEVELS.info;

export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * Replaces every personal identity code in `text` with `[identity code]`: also codes next to letters, digits
 * or `_` (`query View_010150-9500`), in either letter case. UUIDs are kept (ids are not codes), unless one
 * holds a plausible code (see holdsPlausibleCode). Used on every log line, every stored string a caller
 * chose (operation names, free text) and every error message; no code is ever printed or stored in plain.
 */
export function maskIdentityCodes(text: string): string {
  // eslint-disable-next-line no-control-regex
  const folded = /[^\u0000-\u007f]/.test(text) ? text.normalize('NFKC') : text;
  return folded.replace(UUID_OR_CODE, (match) => (match.length === 36 && /^[0-9a-f-]+$/i.test(match) && !holdsPlausibleCode(match) ? match : MASK));
}

/** True when `text` holds a personal identity code that {@link maskIdentityCodes} would mask. */
export function containsIdentityCode(text: string): boolean {
  return maskIdentityCodes(text) !== text;
}

// A GraphQL Name (https://spec.graphql.org/October2021/#Name), bounded.
const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;

/**
 * The operation name a caller chose, fit to be printed and stored: a GraphQL name of at most 100
 * characters with identity codes masked (`View_010150-9500` → `View_[identity code]`); anything else
 * (not a string, not a name, too long) is null.
 */
export function safeOperationName(name: unknown): string | null {
  return typeof name === 'string' && OPERATION_NAME.test(name) ? maskIdentityCodes(name) : null;
}

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export function createLogger(base: Record<string, unknown>): Logger {
  const write = (level: Level, msg: string, fields?: Record<string, unknown>) => {
    if (LEVELS[level] < threshold || process.env.LOG_LEVEL === 'silent') return;
    const line = JSON.stringify({ time: new Date().toISOString(), level, ...base, ...fields, msg });
    process.stdout.write(`${maskIdentityCodes(line)}\n`);
  };
  return {
    debug: (msg, fields) => write('debug', msg, fields),
    info: (msg, fields) => write('info', msg, fields),
    warn: (msg, fields) => write('warn', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
    child: (fields) => createLogger({ ...base, ...fields }),
  };
}

/** A new request id (a UUID), never one that the identity-code mask would touch. */
export function newRequestId(): string {
  for (;;) {
    const id = randomUUID();
    if (!containsIdentityCode(id)) return id;
  }
}

/**
 * Accepts a caller's request id (the `x-request-id` header) only if it looks like one: 8-80 characters of
 * `A-Z a-z 0-9 . _ -` holding no personal identity code; anything else is replaced with a new id, so that
 * neither a log line nor a stored row can be injected or carry a code through it.
 */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && /^[A-Za-z0-9._-]{8,80}$/.test(value) && !containsIdentityCode(value) ? value : newRequestId();
}
