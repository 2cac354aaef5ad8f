// Structured JSON logs through pino, one line per event, with the request id that follows a request through
// the gateway and every subgraph. Personal identity codes are masked in every string before it is written
// (message, field values and keys, at any depth) and known sensitive fields are redacted by pino; callers log
// ids and categories, never values.
import { randomUUID } from 'node:crypto';
import pino from 'pino';

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
// Also written with the date's dots (`14.03.99-977H`), and without the century sign (`140399977H`): the second
// is masked only where it could be real (a plausible day and month and the right check character), as ten digits
// are also a phone number (found by an outsider, session 28: both were stored unmasked). So is one with `_`, `.`,
// `/` or only spaces where the century sign goes (`Q_271097_926C`: a GraphQL name cannot hold `-`, so `_` is how
// one writes a code there; found by an outsider, session 29, stored unmasked in the access log), and any code whose
// parts such separators split or join (`010150_A_9500`, `010150__9500`, `01_01_50_9500`, `010150_9500x`), also
// between any two of its digits and before its check character (`271097-926-C`, `2710979_26C`, `27109-7926C`,
// `V27109_7Y926C`: found by an outsider, session 32, stored unmasked): all masked where the code could be real:
// those are the last alternative, its group, which also takes the code without a sign; a code written with its sign
// is masked whether or not it could be real (a mistyped one too).
const UUID_OR_CODE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-z+-])|\d{6}[ \t]{0,3}[-+a-fu-y\u2010-\u2015\u2212][ \t]{0,3}\d{3}[0-9a-y]|\d{1,2}\.\d{1,2}\.\d{2}[ \t]{0,3}[-+a-fu-y\u2010-\u2015\u2212][ \t]{0,3}\d{3}[0-9a-y]|((?<!\d)\d(?:[ \t_./-]{0,3}\d){5}[ \t_./-]{0,3}[-+a-fu-y]?[ \t_./-]{0,3}\d(?:[ \t_./-]{0,3}\d){2}[ \t_./-]{0,3}[0-9a-y](?!\d))/gi;
const CODE_SHAPE = /^(\d{2})(\d{2})\d{2}[-+a-fu-y](\d{3})([0-9a-y])$/i;
const CHECK_CHARACTERS = '0123456789ABCDEFHJKLMNPRSTUVWXY';
const MASK = '[identity code]';
// eslint-disable-next-line no-control-regex
const MAYBE_CODE = /\d{6}|\d\.\d{1,2}\.\d\d|\d[ \t_./-]{1,3}\d|[^\u0000-\u007f]/;

/**
 * Inside a UUID token only a code that could be real counts: a plausible day and month and the right
 * check character (DDMMYYZZZ mod 31). A random UUID holds one by chance about once in 30,000; a caller who
 * wraps a real code in a UUID-shaped string (e.g. a request id) cannot smuggle it past the mask.
 */
function holdsPlausibleCode(uuid: string): boolean {
  for (let i = 0; i + 11 <= uuid.length; i++) {
    const match = CODE_SHAPE.exec(uuid.slice(i, i + 11));
    if (match && plausible(match[0].slice(0, 6) + match[0].slice(7))) return true;
  }
  return false;
}

/** DDMMYYZZZQ (a code without its century sign): a plausible day and month, and Q the check character of DDMMYYZZZ. */
function plausible(code: string): boolean {
  const day = Number(code.slice(0, 2));
  const month = Number(code.slice(2, 4));
  return day >= 1 && day <= 31 && month >= 1 && month <= 12 && CHECK_CHARACTERS[Number(code.slice(0, 9)) % 31] === code[9].toUpperCase();
}
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * Replaces every personal identity code in `text` with `[identity code]`: also codes next to letters, digits
 * or `_` (`query View_010150-9500`), in either letter case. UUIDs are kept (ids are not codes), unless one
 * holds a plausible code (see holdsPlausibleCode). Used on every log line, every stored string a caller
 * chose (operation names, free text) and every error message; no code is ever printed or stored in plain.
 */
export function maskIdentityCodes(text: string): string {
  // Every code the mask finds starts with six ASCII digits once folded, or with digits a separator splits, and only
  // non-ASCII text folds: text with none of these is returned at once (most log fields, ids and names), so masking
  // every string stays cheap.
  if (!MAYBE_CODE.test(text)) return text;
  // eslint-disable-next-line no-control-regex
  const folded = /[^\u0000-\u007f]/.test(text) ? text.normalize('NFKC') : text;
  // A UUID kept is kept whole (ids are not codes); a shape kept as it could not be a code gives back all but its
  // first character, as a code may start inside it (found by an outsider: `Q_22_33_100150_9560` matched from `22`
  // as a shape with month 33, and the code after it was never looked at).
  const pattern = UUID_OR_CODE; // global: its lastIndex is where the scan is (synchronous, so never shared)
  pattern.lastIndex = 0;
  let masked = '';
  let copied = 0;
  for (let found = pattern.exec(folded); found; found = pattern.exec(folded)) {
    const [match, maybeCode] = found;
    const isUuid = match.length === 36 && /^[0-9a-f-]+$/i.test(match);
    // The date's six digits, the three of the individual number and the check character, whatever stands between.
    const bare = maybeCode?.replace(/[ \t_./-]/g, '');
    const code = isUuid ? holdsPlausibleCode(match)
      : maybeCode === undefined || plausible(bare!.length === 11 ? bare!.slice(0, 6) + bare!.slice(7) : bare!);
    if (code) {
      masked += folded.slice(copied, found.index) + MASK;
      copied = found.index + match.length;
    } else if (!isUuid) {
      pattern.lastIndex = found.index + 1;
    }
  }
  return copied === 0 ? folded : masked + folded.slice(copied);
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

/**
 * Fields never written whatever they hold, at the top level or one level down (pino `redact` paths): credentials,
 * request payloads (GraphQL variables, bodies) and a person's identifying data. Callers do not log these; the
 * list is the net under that rule.
 */
export const REDACTED_FIELDS = [
  'authorization', 'cookie', 'token', 'accessToken', 'serviceToken', 'password', 'secret', 'privateKey', 'privateJwk',
  'variables', 'body', 'personalIdentityCode', 'identityCode', 'hetu', 'firstName', 'lastName', 'address', 'phone', 'email',
] as const;
const REDACTED = '[redacted]';

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The level named by LOG_LEVEL (`trace` … `fatal`, or `silent`); `info` when unset or unknown. The logger is made
 * when this module loads, before a service can say what is wrong; {@link checkLogLevel} then stops the start.
 */
export function logLevelFromEnv(value: string | undefined): LogLevel {
  return LOG_LEVELS.includes(value as LogLevel) ? (value as LogLevel) : 'info';
}

/**
 * Throws naming LOG_LEVEL when it is set to anything but one of pino's levels: a typo such as `warning` or
 * `DEBUG` ran the service at `info` without a word. Every service calls it first at its start, beside
 * checkNodeEnv (../settings.ts).
 */
export function checkLogLevel(env: NodeJS.ProcessEnv): void {
  const raw = env.LOG_LEVEL;
  if (raw === undefined || raw === '' || LOG_LEVELS.includes(raw as LogLevel)) return;
  throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (or unset: info), not "${raw.slice(0, 40)}"`);
}

const MAX_DEPTH = 8;

/** `value` with every identity code masked in every string and key, at any depth; an Error becomes its type and masked message. */
function maskDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskIdentityCodes(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (value instanceof Error) return { type: value.name, message: maskIdentityCodes(value.message) };
  if (Array.isArray(value)) return value.map((item) => maskDeep(item, depth + 1));
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return maskDeep((value as { toJSON(): unknown }).toJSON(), depth + 1);
  const masked: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) masked[maskIdentityCodes(key)] = maskDeep(item, depth + 1);
  return masked;
}

/**
 * Where lines go: stdout through pino's own asynchronous writer (sonic-boom; buffered, flushed at exit), so
 * that a log line costs the request no blocking write. Tests read the lines through setLogDestination.
 */
const stdout = pino.destination({ dest: 1, sync: false });
let destination: { write(line: string): unknown } = stdout;

/** The one pino logger every Logger writes through; its level is LOG_LEVEL's (setLogLevel changes it for all). */
const root = pino({
  level: logLevelFromEnv(process.env.LOG_LEVEL),
  base: undefined,
  messageKey: 'msg',
  timestamp: pino.stdTimeFunctions.isoTime,
  redact: { paths: REDACTED_FIELDS.flatMap((field) => [field, `*.${field}`]), censor: REDACTED },
  formatters: {
    level: (label) => ({ level: label }),
    bindings: (bindings) => maskDeep(bindings) as Record<string, unknown>,
    log: (fields) => maskDeep(fields) as Record<string, unknown>,
  },
  hooks: {
    logMethod(args, method) {
      method.apply(this, args.map((arg) => (typeof arg === 'string' ? maskIdentityCodes(arg) : arg)) as Parameters<typeof method>);
    },
  },
}, { write: (line: string) => destination.write(line) });

/** Sends every log line to `to` (one call per line), or back to stdout when undefined; returns the one used before. */
export function setLogDestination(to?: { write(line: string): unknown }): { write(line: string): unknown } {
  const before = destination;
  destination = to ?? stdout;
  return before;
}

/** Sets the level of every logger (`silent` stops all output); returns the level before. */
export function setLogLevel(level: string): string {
  const before = root.level;
  root.level = logLevelFromEnv(level);
  return before;
}

/**
 * A logger whose every line carries `base` (e.g. `{ service: 'gateway' }`): `log.info(msg, fields)` writes
 * `{"level":"info","time":…,…base,…fields,"msg":…}` as one JSON line, masked and redacted as above.
 */
export function createLogger(base: Record<string, unknown>): Logger {
  const write = (level: 'debug' | 'info' | 'warn' | 'error') => (msg: string, fields?: Record<string, unknown>) => {
    if (root.isLevelEnabled(level)) root[level](fields ? { ...base, ...fields } : base, msg);
  };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
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
