// Structured JSON logs, one line per event, with the request id that follows a request through the
// gateway and every subgraph. Personal identity codes are masked wherever they might slip into a
// message; callers log ids and categories, never values.
import { randomUUID } from 'node:crypto';

// Delimited on both sides, so that a uuid (e.g. 1e012345-6789-...) is not mistaken for one.
export const IDENTITY_CODE = /(?<![\w-])\d{6}[-+A-FU-Y]\d{3}[0-9A-Y](?![\w-])/g;
const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
type Level = keyof typeof LEVELS;
const threshold = LEVELS[(process.env.LOG_LEVEL as Level) ?? 'info'] ?? LEVELS.info;

export const REQUEST_ID_HEADER = 'x-request-id';

export function maskIdentityCodes(text: string): string {
  return text.replace(IDENTITY_CODE, '[identity code]');
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

/** Accepts a caller's request id only if it looks like one, so logs cannot be injected through it. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && /^[A-Za-z0-9._-]{8,80}$/.test(value) ? value : randomUUID();
}
